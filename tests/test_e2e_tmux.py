"""End to end: the installed ``ceasefire-tui`` in a real terminal (tmux), driven by keys.

Needs tmux; without it the test is skipped, except in CI (``CI`` set), where it fails.
On Windows (no tmux) it is skipped, and so is the check for leftover processes where there is
no ``/proc`` to list them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers.platforms import needs_proc, needs_tmux_platform

pytestmark = needs_tmux_platform

EXE = Path(sys.executable).parent / "ceasefire-tui"
SEED_QUOTE_LINE = "Putin said of the ceasefire proposal:"
SGR = re.compile(r"\x1b\[[0-9;]*m")


def tmux(*args: str) -> str:
    result = subprocess.run(["tmux", *args], capture_output=True, text=True, timeout=10)
    if result.returncode != 0:
        raise RuntimeError(f"tmux {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


class Terminal:
    """One tmux session running one command."""

    def __init__(self, name: str) -> None:
        self.name = name

    def screen(self) -> str:
        """The visible screen as plain text."""
        return tmux("capture-pane", "-p", "-t", self.name)

    def screen_with_styles(self) -> str:
        """The visible screen with its SGR escape sequences."""
        return tmux("capture-pane", "-p", "-e", "-t", self.name)

    def keys(self, *keys: str) -> None:
        """Type ``keys`` (tmux key names)."""
        for key in keys:
            tmux("send-keys", "-t", self.name, key)

    def flag(self, name: str) -> str:
        """A pane format variable, e.g. ``alternate_on``."""
        return tmux("display-message", "-p", "-t", self.name, f"#{{{name}}}").strip()

    def wait_for(self, ready: Callable[[str], bool], what: str, timeout: float = 30.0) -> str:
        """Poll the screen until ``ready(screen)``; fail with the last screen if it never is."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if ready(screen):
                return screen
            time.sleep(0.05)
        pytest.fail(f"timed out waiting for {what}; screen was:\n{screen}")


def _start(tmp_path: Path, *args: str) -> Terminal:
    """``ceasefire-tui ARGS`` in a new 160x48 tmux session, run from ``tmp_path``."""
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is not installed (CI must install it)")
        pytest.skip("tmux is not installed")
    if not EXE.exists():
        pytest.fail(f"{EXE} is not installed: install the package first")
    name = f"cf-{uuid.uuid4().hex[:8]}"
    done = tmp_path / "exit-status"
    command = " ".join([str(EXE), *args])
    command = f"cd {tmp_path} && {command}; echo $? > {done}; echo DONE; sleep 600"
    tmux(
        "new-session", "-d", "-s", name, "-x", "160", "-y", "48",
        "-e", "TERM=xterm-256color",
        # A tmux server started from pytest inherits COLUMNS=80/LINES=24 (pytest's own
        # environment), which the app (like any terminal program) would believe.
        "-e", "COLUMNS=160", "-e", "LINES=48",
        # (and a tmux server already running has its own environment: the cache the app
        # writes goes where the tests' does, not into the user's own cache folder)
        "-e", f"XDG_CACHE_HOME={os.environ.get('XDG_CACHE_HOME', tmp_path)}", command,
    )  # fmt: skip
    term = Terminal(name)
    term.exit_file = done  # type: ignore[attr-defined]
    return term


def _stop(term: Terminal) -> None:
    subprocess.run(["tmux", "kill-session", "-t", term.name], capture_output=True, timeout=10)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = _start(tmp_path)
    try:
        yield term
    finally:
        _stop(term)


def _processes_mentioning(text: str) -> list[str]:
    """Command lines of the running processes that contain ``text``."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue  # gone meanwhile
        line = " ".join(a.decode(errors="replace") for a in args)
        if text in line and "tmux" not in line and "sleep" not in line:
            found.append(line)
    return found


def test_russia_quote_is_highlighted_in_the_article_and_q_leaves_the_terminal_clean(
    terminal: Terminal,
) -> None:
    screen = terminal.wait_for(
        lambda s: "No headline · James Landale" in s and "2 Russia" in s, "first screen"
    )
    assert "Ukraine" in screen and "United States" in screen

    # Russia's pane, its first quote, and jump to it.
    terminal.keys("2", "Down", "Enter")
    screen = terminal.wait_for(
        lambda s: "quote 1 of 4" in s and "▐ 2 Russia" in s and "2▐" in s,
        "the quote to be selected and highlighted",
    )
    status = next(line for line in screen.splitlines() if "quote 1 of 4" in line)
    assert "Russia" in status and "Vladimir Putin" in status

    # The article marks the quote's lines with the selection bar and names it on its border.
    lines = screen.splitlines()
    marked = [line for line in lines if "2▐" in line]
    assert any(SEED_QUOTE_LINE in line for line in marked), screen
    assert any("need to discuss" in line for line in marked), screen
    assert any("▐ 2 Russia · quote 1/4 · Vladimir Putin" in line for line in lines), screen
    # ... and paints the quote's text in a highlight style (reverse or a background colour).
    styled = terminal.screen_with_styles()
    quote_row = next(
        row
        for row in styled.splitlines()
        if "2▐" in SGR.sub("", row) and "The idea is right" in row
    )
    before_quote = quote_row.split("The idea is right")[0]
    since_reset = before_quote[before_quote.rfind("\x1b[0m") :]
    params = [p for sgr in SGR.findall(since_reset) for p in sgr[2:-1].split(";")]
    assert "7" in params or "48" in params, repr(since_reset)  # reverse video or a background

    terminal.keys("q")
    screen = terminal.wait_for(lambda s: "DONE" in s, "the app to exit")
    exit_file: Path = terminal.exit_file  # type: ignore[attr-defined]
    assert exit_file.read_text().strip() == "0"
    # The terminal is clean: back on the main screen, cursor shown, no mouse reporting,
    # and nothing of the app left on the screen.
    assert terminal.flag("alternate_on") == "0"
    assert terminal.flag("cursor_flag") == "1"
    assert terminal.flag("mouse_any_flag") == "0"
    assert "Russia" not in screen and "Article" not in screen


@needs_proc  # to see which processes are left
def test_large_file_opens_links_and_leaves_no_process_after_q(tmp_path: Path) -> None:
    """A 0.37 MB article (2,000 paragraphs, 2,000 quotes, over the 256 KB "link before the
    reader" size) through the installed command, which links it in a child process (see
    tests/test_background.py): the last quote in the article can then be jumped to, and
    quitting leaves neither the reader nor a child behind."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from generate import generate

    article, positions = generate(tmp_path / "large", paragraphs=2_000)
    text = article.read_text(encoding="utf-8")
    term = _start(tmp_path, str(positions))
    try:
        # (The title wraps in the article's 40 columns at 160: four parties take the rest.)
        term.wait_for(lambda s: "A very long hearing on the" in s, "first screen")
        # Every quote linked: the status line names the selection, not the linking.
        term.wait_for(lambda s: "linking" not in s and "Northland" in s, "linking to finish")
        term.keys("a", "N")  # the article, then the previous quote: wraps to the last one
        gutter = re.compile(r"^┃ \d▐(.*?)┃", re.M)  # the article's selection bar: "2▐"
        screen = term.wait_for(lambda s: bool(gutter.search(s)), "the last quote shown")
        marked = gutter.findall(screen)
        # The marked lines are text of the article's last tenth.
        words = {w for line in marked for w in re.findall(r"ref\d{6}", line)}
        assert words, screen
        assert all(text.index(w) > 0.9 * len(text) for w in words), words
        assert _processes_mentioning(str(positions)), "the reader should be running"

        term.keys("q")
        term.wait_for(lambda s: "DONE" in s, "the app to exit")
        exit_file: Path = term.exit_file  # type: ignore[attr-defined]
        assert exit_file.read_text().strip() == "0"
        assert _processes_mentioning(str(positions)) == []
    finally:
        _stop(term)


def test_new_then_a_quote_coded_with_the_keys_is_written(tmp_path: Path) -> None:
    """``ceasefire-tui new`` on an article opens the reader on the new file; a search,
    ``v``, ``)`` and ``m`` code a sentence to a new party and topic; the file written
    loads with strict checking (issue 14)."""
    (tmp_path / "article.md").write_text(
        '# Talks\n\nPutin said: "We agree with the proposals to cease hostilities. '
        'But there are nuances." He spoke in Moscow.\n',
        encoding="utf-8",
    )
    term = _start(tmp_path, "new", "article.md")
    positions = tmp_path / "article.positions.yaml"
    try:
        term.wait_for(lambda s: "No quotes yet" in s, "the empty reader and its hint")
        term.keys("/", "We agree")
        term.wait_for(lambda s: "Search the article" in s and "We agree" in s, "the term typed")
        term.keys("Enter")
        term.wait_for(lambda s: "search 1/1" in s, "the match")
        term.keys("v", ")")
        term.wait_for(lambda s: "Selected 49 characters" in s, "the sentence selected")
        term.keys("m")
        term.wait_for(lambda s: "Code quote" in s, "the code dialog")
        term.keys("Russia", "Tab", "Truce", "Tab", "c", "Tab", "Tab", "Tab", "Tab", "Agrees.")
        term.keys("Enter")
        term.wait_for(lambda s: "1 Russia" in s, "the new party's pane")
        from positions.loader import load_document

        document = load_document(positions, strict=True).document
        quotes = [(p.id, pos.topic_id, q.text) for p, pos, q in document.all_quotes()]
        assert quotes == [
            ("russia", "truce", "We agree with the proposals to cease hostilities.")
        ]
        term.keys("q")
        term.wait_for(lambda s: "DONE" in s, "the app to exit")
        exit_file: Path = term.exit_file  # type: ignore[attr-defined]
        assert exit_file.read_text().strip() == "0"
    finally:
        _stop(term)
