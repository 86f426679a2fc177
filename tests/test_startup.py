"""What the reader does before its first frame (issue 15): only what that frame needs.

The console script is run for real in a subprocess, headless, up to its first frame: the
file opened in the forked child, the UI imported meanwhile.  The modules the first frame
does not need (PyYAML, the loader and the anchorer, which the child uses; the YAML editor,
the exports, the dialogs, the server) must not be imported by then; and the garbage
collector is paused until that frame, then resumed with what start-up made frozen.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui import heap

FOUR = Path(__file__).parent / "fixtures" / "four_parties" / "positions.yaml"

#: Not needed to draw the first frame; each loads later, when it is used.
LATER = (
    "yaml",
    "positions.loader",
    "positions.anchor",
    "positions.yaml_source",
    "positions.yaml_edit",
    "positions.export",
    "positions.compare",
    "positions.balance",
    "positions.authoring",
    "positions.in_memory",
    "tui.code_form",
    "rapidfuzz",
    "orjson",
    "markdown_it",
    "ftfy",
    "concurrent.futures.thread",
    "tui.screens.help",
    "tui.screens.export",
    "tui.screens.compare",
    "tui.screens.balance",
    "tui.screens.code",
    "tui.serve",
    "tui.web_server",
    "textual_serve",
    "_hashlib",  # OpenSSL's digests: only BLAKE2 is used (positions.fsutil.blake2b)
    "ssl",  # asyncio does without it in the reader (tui.cli.without_tls): 10 ms
)

# Runs ``ceasefire-tui [FILE]`` headless; at the first frame (the app's Ready event) prints
# what was imported and the collector's state, lets the app's own handler run, then quits.
_PROBE = """
import gc, json, sys
import tui.cli
with tui.cli.without_tls():  # (as the console script imports Textual)
    from textual.app import App

run = App.run
App.run = lambda self, **kw: run(self, headless=True, size=(120, 40), **kw)
import tui.app
import tui.cli

ready = tui.app.ReaderApp.on_ready
later = json.loads(sys.argv[1])

def on_ready(self):
    seen = {
        "imported": sorted(m for m in later if m in sys.modules),
        "collecting at the first frame": gc.isenabled(),
    }
    ready(self)
    seen["collecting after it"] = gc.isenabled()
    seen["frozen after it"] = gc.get_freeze_count() > 0
    seen["title"] = self.reader.document.title
    print(json.dumps(seen))
    self.exit()

tui.app.ReaderApp.on_ready = on_ready
sys.argv = ["ceasefire-tui", *sys.argv[2:]]
tui.cli.main()
"""


def _first_frame(*args: str, later: tuple[str, ...] = LATER) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(later), *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    seen: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return seen


# With no argument (the bundled file) there are no options to parse: no parser is built.
@pytest.mark.parametrize(
    ("args", "also_later"), [((), ("argparse",)), ((str(FOUR),), ())], ids=["seed", "four parties"]
)
def test_the_first_frame_imports_only_what_it_draws(
    args: tuple[str, ...], also_later: tuple[str, ...]
) -> None:
    seen = _first_frame(*args, later=(*LATER, *also_later))
    assert seen["title"]  # the reader really opened its file
    assert seen["imported"] == []


def test_the_reader_imports_asyncio_without_ssl_which_imports_as_usual_after() -> None:
    """The reader's UI is imported as on a Python built without ``ssl`` (asyncio, under
    Textual, then leaves TLS out; the reader in a terminal opens no connection): 10 ms of
    its first paint.  Anything that imports ``ssl`` later gets it."""
    code = (
        "import sys, tui.cli\n"
        "tui.cli._import_ui()\n"
        "import asyncio.base_events, asyncio.selector_events, asyncio.sslproto\n"
        "print('ssl' in sys.modules, asyncio.base_events.ssl, asyncio.sslproto.ssl)\n"
        "import ssl\n"
        "print(ssl.SSLContext.__name__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.stdout.splitlines() == ["False None None", "SSLContext"], result.stderr


def test_the_collector_is_paused_until_the_first_frame() -> None:
    seen = _first_frame()
    assert seen["collecting at the first frame"] is False
    assert seen["collecting after it"] is True
    assert seen["frozen after it"] is True


def _check_reports(expression: str) -> str:
    """``ceasefire-tui check`` on the four-party file in a new interpreter: its exit status
    and the value of ``expression`` once it is done, as printed."""
    code = (
        "import gc, sys, tui.cli\n"
        f"sys.argv = ['ceasefire-tui', 'check', {str(FOUR)!r}]\n"
        "try:\n"
        "    tui.cli.main()\n"
        "except SystemExit as exit:\n"
        f"    print(exit.code, {expression})\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.stdout, result.stderr
    return result.stdout.splitlines()[-1]


def test_commands_other_than_the_reader_keep_the_collector() -> None:
    assert _check_reports("gc.isenabled()") == "0 True"


def test_check_does_not_load_textual() -> None:
    """``check`` and ``export`` are scripts' commands: Textual (a third of a second to
    import here) loads only when the reader opens (``tui.heap``, imported by every
    command, once pulled it in and doubled ``check`` on the seed)."""
    loaded = "sorted(m for m in sys.modules if m.startswith('textual'))"
    assert _check_reports(loaded) == "0 []"


@pytest.fixture
def restore_collector() -> Iterator[None]:
    """Leave this process's collector as the test found it."""
    enabled = gc.isenabled()
    yield
    heap.resume_start()
    gc.unfreeze()
    if enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("restore_collector")
def test_resume_turns_on_only_what_pause_turned_off() -> None:
    gc.enable()
    heap.resume_start()
    assert gc.isenabled()
    gc.disable()  # disabled by someone else: not ours to turn on
    heap.pause_start()
    assert not heap.paused_at_start()
    heap.resume_start()
    assert not gc.isenabled()


@pytest.mark.usefixtures("restore_collector")
def test_pause_then_resume_freezes_what_was_made() -> None:
    gc.enable()
    heap.pause_start()
    assert heap.paused_at_start() and not gc.isenabled()
    made = [object() for _ in range(10)]  # noqa: F841 - kept alive across the freeze
    heap.resume_start()
    assert not heap.paused_at_start() and gc.isenabled()
    assert gc.get_freeze_count() > 0


async def test_a_pane_not_shown_makes_its_quotes_when_it_is_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Four parties at 120 columns: one pane at a time.  The others' quote entries are
    made only when shown (a large file's thousands of quotes cost nothing before the first
    frame), and then read as they always did.  (Once a version is shown the hidden panes
    are measured ahead on timers, ``tests/test_heap.py``: held off here, so that what is
    seen is the state of the first frame however late the machine runs them.)"""
    from helpers.screen import screen_text

    from positions.loader import load_document
    from tui.app import create_app
    from tui.prompts import Prompt, forget_quote_prompts
    from tui.screens import reader_view
    from tui.widgets.party_pane import PartyPane

    monkeypatch.setattr(reader_view, "measure_hidden", lambda panes: None)
    forget_quote_prompts()  # made by an earlier test's reader of the same file

    app = create_app(load_document(FOUR).document)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        panes = list(app.reader.query(PartyPane))

        def prompts(pane: PartyPane) -> list[Prompt]:
            found = [option.prompt for option in pane.quote_list.options]
            return [prompt for prompt in found if isinstance(prompt, Prompt)]

        assert [pane.display for pane in panes] == [True, False, False, False]
        assert all(prompt.made for prompt in prompts(panes[0]))
        for pane in panes[1:]:
            assert not all(prompt.made for prompt in prompts(pane)), pane.party.name
        await pilot.press("2")
        await pilot.pause()
        assert panes[1].display
        assert all(prompt.made for prompt in prompts(panes[1]))
        shown = " ".join(screen_text(app).split())
        assert "“Both sides agree that the river must stay open to" in shown
        assert "Southbank" in shown
