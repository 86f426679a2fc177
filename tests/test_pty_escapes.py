"""No escape sequence from a hostile file reaches the terminal.

The installed ``ceasefire-tui`` runs in a pseudo-terminal on a file full of terminal
escape sequences (clear screen, OSC 52 clipboard writes, OSC 8 hyperlinks, window titles,
C1 controls, BEL inside OSC) and bidi overrides, in the article and in every YAML field.
We press keys that draw every part of it, then read every byte the app wrote to the
terminal and look for the hostile sequences and their payloads.
"""

from __future__ import annotations

import os
import re
import select
import signal
import struct
import sys
import time
from pathlib import Path

import pytest
from helpers.platforms import needs_pty

pytestmark = needs_pty

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = FIXTURES / "hostile_text" / "positions.yaml"
BENIGN = FIXTURES / "four_parties" / "positions.yaml"
EXE = Path(sys.executable).parent / "ceasefire-tui"
#: The app has finished drawing when it has written nothing for this long.
QUIET = 0.1
#: A key whose effect draws nothing: go on after this long without output.
NO_REACTION = 5.0
#: Only a hung app comes near this (the whole run takes a few seconds).
HANG = 120.0


#: Textual's pointer-shape sequence, written as soon as a key changes the screen and before
#: the screen is drawn: not yet the key's effect.
POINTER_SHAPE = re.compile(rb"\x1b\]22;[a-z-]*\x07")


def run_in_pty(
    args: list[str], keys: list[tuple[bytes, bytes]], size: tuple[int, int] = (160, 48)
) -> bytes:
    """Run ``ceasefire-tui ARGS`` in a pty, type ``keys``, and return everything it wrote to
    the terminal.

    Each key is ``(bytes typed, what its effect writes)``; the next key is typed once that
    (or, for ``b""``, anything beyond a pointer shape) has been written and then ``QUIET``
    passed without output.  Typed on a timer instead, a busy app could get the ``e`` of a
    search term before the search bar is open (and open the export dialog instead).  A key
    whose effect is not written within ``NO_REACTION`` was typed while a closing view still
    had the keys (which ignores it): it is typed again.  So is the last key (``q``) until
    the app has exited.
    """
    import fcntl
    import pty
    import termios

    if not EXE.exists():
        pytest.fail(f"{EXE} is not installed: install the package first")
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes the app
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(size[0]), LINES=str(size[1]))
        os.execve(str(EXE), [str(EXE), *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    out = bytearray()
    deadline = time.monotonic() + HANG
    pending = list(keys)
    since = 0  # where the output since the last key starts in ``out``
    key, expected = b"", b"\x1b[?1049h"  # the first screen: the alternate screen is on
    sent_at = time.monotonic()  # when ``key`` was last typed
    last_output = time.monotonic()
    exited = False
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # the app closed the terminal: it has exited
                    exited = True
                    break
                if not chunk:
                    exited = True
                    break
                out += chunk
                last_output = time.monotonic()
                continue
            now = time.monotonic()
            effect = POINTER_SHAPE.sub(b"", bytes(out[since:]))
            shown = expected in effect if expected else bool(effect)
            waited = now - sent_at >= NO_REACTION
            if pending and ((shown and now - last_output >= QUIET) or (waited and not expected)):
                key, expected = pending.pop(0)
                since, sent_at = len(out), now
                os.write(fd, key)
            elif waited and ((expected and not shown) or not pending):
                sent_at = now
                os.write(fd, key)  # ignored (or, the last key, the app is still running)
        if not exited:
            waiting = f"for {expected!r} after {key!r}" if expected else "to quit"
            pytest.fail(f"the app did not exit in {HANG:.0f} s; it wrote {len(out)} bytes; "
                        f"{len(pending)} keys left, waiting {waiting}")  # fmt: skip
        _, status = os.waitpid(pid, 0)
        pid = 0  # reaped
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    return bytes(out)


# Draw everything: each party's quotes (enter), the article (n steps through every quote),
# a search, the help screen, the comparison view; then quit (q closes it, q quits).
# With each key, what its effect writes when the keys after it depend on it (b"": any
# drawing).  No ESC: a busy app could read it with the next key as one Alt+key.
KEYS = [
    *[(k, b"") for k in (b"1", b"\r", b"j", b"\r", b"j", b"\r", b"2", b"\r", b"j", b"\r")],
    *[(k, b"") for k in (b"a", b"n", b"n", b"n", b"n")],
    (b"/", b"Search the article:"), (b"evil", b"evil"),
    (b"\r", b"search "),  # the status line: the bar is closed
    (b"?", b"Help \xc2\xb7 ceasefire-tui"), (b"q", b""),
    (b"c", b"Comparison: topics"), (b"q", b""), (b"q", b""),
]  # fmt: skip

HOSTILE_BYTES = {
    "OSC 52 clipboard write": b"\x1b]52",
    "OSC 52 payload": b"ZXZpbA==",
    "OSC 8 hyperlink": b"\x1b]8;;http",
    "the hyperlink's target": b"evil.example/",
    "window title (OSC 0)": b"\x1b]0;",
    "C1 CSI, UTF-8 encoded": "\x9b".encode(),
    "C1 CSI, raw byte": b"\x9b31m",
    "right-to-left override": "\u202e".encode(),
    "left-to-right isolate": "\u2066".encode(),
}


@pytest.fixture(scope="module")
def hostile_output() -> bytes:
    return run_in_pty([str(HOSTILE)], KEYS)


@pytest.fixture(scope="module")
def benign_output() -> bytes:
    return run_in_pty([str(BENIGN)], KEYS)


def test_the_hostile_file_was_really_drawn(hostile_output: bytes) -> None:
    """Guard against a test that passes because nothing was shown."""
    assert b"Escapes:" in hostile_output
    assert b"[@click=app.quit]" in hostile_output
    assert "停火".encode() in hostile_output


@pytest.mark.parametrize("what", sorted(HOSTILE_BYTES))
def test_no_hostile_sequence_reaches_the_terminal(hostile_output: bytes, what: str) -> None:
    assert HOSTILE_BYTES[what] not in hostile_output


def test_the_only_osc_sequences_are_the_apps_own_pointer_shapes(hostile_output: bytes) -> None:
    """Textual sets the mouse pointer shape with OSC 22 (ended by BEL); any other OSC, or a
    BEL anywhere else, could only come from the file."""
    own = re.compile(rb"\x1b\]22;[a-z-]*\x07")
    rest = own.sub(b"", hostile_output)
    assert b"\x1b]" not in rest
    assert b"\x07" not in rest


def test_no_screen_clearing_beyond_what_the_app_itself_does(
    hostile_output: bytes, benign_output: bytes
) -> None:
    """``ESC[2J`` stands in the file; the app may clear the screen itself, but no more
    often than it does for a benign file driven by the same keys."""
    assert hostile_output.count(b"\x1b[2J") <= benign_output.count(b"\x1b[2J")
    assert b"\x1b[2Jclear" not in hostile_output
