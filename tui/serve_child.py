"""One browser tab's reader, as ``ceasefire-tui serve`` starts it (``python -m
tui.serve_child SERVER_PID [--allow-outside] -- FILE.yaml``).

The reader runs as in a terminal (Textual's web driver is chosen by the environment
textual-serve sets).  What this adds: the reader ends with the server.  A server stopped
by ``ctrl+c`` asks each reader to quit; one killed outright (``kill -9``, a crash) cannot,
and a reader would otherwise run on, orphaned, holding the file open.  On Linux the kernel
sends it SIGTERM when the server dies (``PR_SET_PDEATHSIG``); elsewhere it ends when it
next writes to the closed connection.
"""

from __future__ import annotations

import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Ask the kernel for SIGTERM when ``parent`` dies (Linux); exit at once if it has."""
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if parent and os.getppid() != parent:  # the server died before the request was made
        sys.exit(1)


def main() -> None:
    """Run the reader (``tui.cli.main`` on the arguments after the server's id)."""
    parent = sys.argv.pop(1) if len(sys.argv) > 1 else ""
    die_with_parent(int(parent) if parent.isdigit() else 0)
    from tui.cli import main as reader_main

    reader_main()


if __name__ == "__main__":
    main()
