"""Opening the reader's file in a child process (positions.background), as the installed
``ceasefire-tui`` does: same document, same errors, same output as opening it in-process.

Forking is only done from a process with one thread, so each test runs its script in a
fresh interpreter (pytest's own process may have threads).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from positions.loader import SEED_POSITIONS

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted(p for p in (Path(__file__).parent / "fixtures" / "hostile").iterdir() if p.is_dir())

PRELUDE = """
import io, json, os, sys
from pathlib import Path
import positions.background
from positions.background import RemoteLink, start_opening
from positions.diagnostics import LoadError
from positions.model import Loaded
SEED = Path(sys.argv[1])
FORKS = []  # every child start_opening made, as positions.cli calls it
def _counting_start(*args, _start=start_opening):
    opening = _start(*args)
    FORKS.append(opening is not None)
    return opening
positions.background.start_opening = _counting_start
"""


def run_script(body: str, *args: str) -> Any:
    """Run ``body`` (after PRELUDE) in a new interpreter; it prints one JSON value."""
    code = PRELUDE + textwrap.dedent(body)
    done = subprocess.run(
        [sys.executable, "-c", code, str(SEED_POSITIONS), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_small_article_comes_back_linked_as_the_parent_would_load_it() -> None:
    result = run_script("""
        opening = start_opening(SEED, 256 * 1024)
        assert opening is not None, "fork not available"
        # The parent has not opened the file itself: the loader was never imported here.
        parent_loaded_it = "positions.loader" in sys.modules
        got = opening.result()
        from positions.loader import load_document
        want = load_document(SEED)
        print(json.dumps({
            "kind": type(got).__name__,
            "parent_loaded_it": parent_loaded_it,
            "same": got == want,
            "linked": got.document.linked,
        }))
    """)
    assert result == {"kind": "Loaded", "parent_loaded_it": False, "same": True, "linked": True}


def test_large_article_opens_on_a_preview_and_links_in_the_child() -> None:
    # A threshold of 100 characters makes the seed "large".
    result = run_script("""
        opening = start_opening(SEED, 100)
        remote = opening.result()
        preview = remote.preview()
        seen = []
        loaded = remote.link(lambda done, total: seen.append([done, total]))
        again = remote.link()
        from positions.loader import load_document
        want = load_document(SEED)
        try:
            os.waitpid(-1, os.WNOHANG)
            reaped = False
        except ChildProcessError:
            reaped = True
        print(json.dumps({
            "kind": type(remote).__name__,
            "preview_linked": preview.linked,
            "preview_quotes": sum(len(q.spans) for _, _, q in preview.all_quotes()),
            "quote_count": remote.quote_count,
            "first_progress": seen[0], "last_progress": seen[-1],
            "same": loaded == want, "again_same": again is loaded,
            "reaped": reaped,
        }))
    """)
    assert result == {
        "kind": "RemoteLink",
        "preview_linked": False,
        "preview_quotes": 0,
        "quote_count": 33,
        "first_progress": [0, 33],
        "last_progress": [33, 33],
        "same": True,
        "again_same": True,
        "reaped": True,
    }


@pytest.mark.parametrize("threshold", [256 * 1024, 100], ids=["small", "large"])
def test_a_crashing_child_falls_back_to_opening_in_the_parent(threshold: int) -> None:
    # The child's link raises (a bug): the reader must still open the whole document.
    result = run_script(
        """
        parent = os.getpid()
        import positions.cli
        import positions.loader as loader
        positions.cli.LINK_BEFORE_READER_CHARS = int(sys.argv[2])
        real_link = loader.Pending.link
        def link(self, progress=None):
            if os.getpid() != parent:
                raise RuntimeError("bug in the child")
            return real_link(self, progress)
        loader.Pending.link = link
        got = []
        def launch(opened):
            got.append(type(opened).__name__)
            got.append(opened if isinstance(opened, Loaded) else opened.link())
            return 0
        status = positions.cli.main([str(SEED)], launch=launch, background=True)
        print(json.dumps({"status": status, "kind": got[0], "forks": FORKS,
                          "same": got[1] == loader.load_document(SEED)}))
        """,
        str(threshold),
    )
    kind = "Loaded" if threshold > 100 else "RemoteLink"
    assert result == {"status": 0, "kind": kind, "forks": [True], "same": True}


def test_closing_stops_the_child_and_link_reports_it() -> None:
    result = run_script("""
        import positions.loader as loader, time
        parent = os.getpid()
        real_link = loader.Pending.link
        def slow_link(self, progress=None):
            if os.getpid() != parent:
                time.sleep(30)  # still linking when the reader closes
            return real_link(self, progress)
        loader.Pending.link = slow_link
        remote = start_opening(SEED, 100).result()
        started = time.monotonic()
        remote.close()
        try:
            remote.link()
            message = None
        except LoadError as exc:
            message = exc.diagnostics[0].message
        try:
            os.waitpid(-1, os.WNOHANG)
            reaped = False
        except ChildProcessError:
            reaped = True
        print(json.dumps({"message": message, "reaped": reaped,
                          "quick": time.monotonic() - started < 5}))
    """)
    assert result == {"message": "linking was stopped", "reaped": True, "quick": True}


def test_every_hostile_case_prints_the_same_errors_through_the_child() -> None:
    """The whole corpus through the command line with ``background``: the same stderr as
    tests/test_hostile.py expects in-process, exit 1, nothing launched."""
    result = run_script(
        """
        from positions.cli import main
        report = {}
        for case in sys.argv[2:]:
            os.chdir(case)
            err = io.StringIO()
            prepared = []
            status = main(["positions.yaml"], err=err, background=True,
                          launch=lambda opened: sys.exit("launched"),
                          prepare=lambda: prepared.append(True))
            expected = Path("expected.txt").read_text(encoding="utf-8")
            report[Path(case).name] = [status, err.getvalue() == expected, prepared]
        print(json.dumps({"report": report, "forks": FORKS}))
        """,
        *map(str, CORPUS),
    )
    assert result["report"] == {case.name: [1, True, [True]] for case in CORPUS}
    assert result["forks"] == [True] * len(CORPUS)  # every case went through a child


def test_reader_start_does_not_import_the_loader_or_textual_before_forking() -> None:
    """What ``ceasefire-tui`` imports before it forks is what the parent pays for first:
    neither the YAML loader nor Textual (the child opens the file; Textual loads after)."""
    result = run_script("""
        import tui.cli
        print(json.dumps(sorted(m for m in ("positions.loader", "yaml", "textual",
                                            "positions.anchor", "positions.article")
                                if m in sys.modules)))
    """)
    assert result == []


def test_quitting_the_reader_while_the_child_links_stops_it() -> None:
    """``q`` during linking must not wait for the link: the reader stops the child (its
    load worker waits on it, and the reader cannot end before its workers)."""
    result = run_script("""
        import time
        import positions.cli as cli
        import positions.loader as loader
        parent = os.getpid()
        real_link = loader.Pending.link
        def slow_link(self, progress=None):
            if os.getpid() != parent:
                time.sleep(60)  # a link that would outlast any patience
            return real_link(self, progress)
        loader.Pending.link = slow_link
        cli.LINK_BEFORE_READER_CHARS = 100  # the seed opens on its preview
        from tui.app import create_app
        seen = {}
        def launch(opened):
            seen["kind"] = type(opened).__name__
            app = create_app(opened.preview(), pending=opened)
            async def quit_while_linking(pilot):
                await pilot.pause(0.5)
                seen["linking"] = app.linking is not None
                await pilot.press("q")
            started = time.monotonic()
            app.run(headless=True, size=(100, 30), auto_pilot=quit_while_linking)
            seen["seconds"] = time.monotonic() - started
            return 0
        status = cli.main([str(SEED)], launch=launch, background=True)
        try:
            os.waitpid(-1, os.WNOHANG)
            reaped = False
        except ChildProcessError:
            reaped = True
        print(json.dumps({"status": status, "kind": seen["kind"], "linking": seen["linking"],
                          "quick": seen["seconds"] < 20, "reaped": reaped, "forks": FORKS}))
    """)
    assert result == {
        "status": 0,
        "kind": "RemoteLink",
        "linking": True,
        "quick": True,
        "reaped": True,
        "forks": [True],
    }
