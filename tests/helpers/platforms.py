"""Skip markers for tests that need what only some platforms have."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

#: ``positions.background`` forks its child only on Linux (elsewhere the reader opens the
#: file in-process, which every other test covers).
needs_fork = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and hasattr(os, "fork")),
    reason="positions.background forks a child only on Linux",
)

#: A pseudo-terminal (``pty``, ``termios``, ``fcntl``): POSIX only.
needs_pty = pytest.mark.skipif(
    sys.platform == "win32" or importlib.util.find_spec("termios") is None,
    reason="needs a pseudo-terminal (pty, termios): POSIX only",
)

#: tmux runs on POSIX systems only (whether it is installed is checked where it is used).
needs_tmux_platform = pytest.mark.skipif(
    sys.platform == "win32", reason="tmux does not run on Windows"
)

#: The running processes listed through ``/proc`` (Linux).
needs_proc = pytest.mark.skipif(
    not Path("/proc/self/cmdline").exists(), reason="lists processes through /proc (Linux)"
)
