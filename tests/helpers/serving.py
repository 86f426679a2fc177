"""``ceasefire-tui serve`` run as the user runs it, for tests: a server process on a free
port, the link it printed, and the processes it started (listed through ``/proc``)."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

#: How long a test waits for what the user would see before failing.
WAIT = 60.0

LINK = re.compile(r"http://\S+/\?token=\S+")
TERMINAL_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-_])")


@dataclass
class Served:
    """A running ``ceasefire-tui serve``."""

    process: subprocess.Popen[str]
    url: str
    """The link it printed (with the token)."""
    lines: list[str] = field(default_factory=list)
    """What it printed on standard output so far."""
    errors: list[str] = field(default_factory=list)
    """What it printed on standard error so far."""

    @property
    def base(self) -> str:
        """``http://host:port``."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def token(self) -> str:
        """The token in the link."""
        return parse_qs(urlsplit(self.url).query)["token"][0]

    def websocket_url(self, token: str | None = None) -> str:
        """The page's websocket, with the token (or another one)."""
        netloc = urlsplit(self.url).netloc
        return f"ws://{netloc}/ws/{self.token if token is None else token}?width=120&height=40"

    def children(self) -> set[int]:
        """Every live process the server started, and theirs."""
        return descendants(self.process.pid)

    def stop(self) -> int:
        """``ctrl+c`` (SIGINT), then wait for the server to exit; its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(WAIT)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()


def _pump(stream: object, sink: list[str], lines: queue.Queue[str] | None) -> None:
    for line in stream:  # type: ignore[attr-defined]
        sink.append(line)
        if lines is not None:
            lines.put(line)


def start_server(*args: str, cwd: Path | None = None) -> Served:
    """Start ``ceasefire-tui serve --port 0 ARGS`` and wait for the link it prints."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    printed: queue.Queue[str] = queue.Queue()
    out: list[str] = []
    err: list[str] = []
    threading.Thread(target=_pump, args=(process.stdout, out, printed), daemon=True).start()
    threading.Thread(target=_pump, args=(process.stderr, err, None), daemon=True).start()
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            line = printed.get(timeout=0.1)
        except queue.Empty:
            if process.poll() is not None:
                break
            continue
        found = LINK.search(line)
        if found:
            return Served(process, found.group(0), out, err)
    process.kill()
    process.wait()
    raise AssertionError(f"serve printed no link: {''.join(out)} {''.join(err)}")


def descendants(pid: int) -> set[int]:
    """The live (not zombie) processes below ``pid``, from ``/proc``."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] == "Z":
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` is a live process (not a zombie)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def wait_until(condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def screen_stream(data: bytes) -> str:
    """Terminal output as text: control sequences removed."""
    return TERMINAL_SEQUENCE.sub("", data.decode("utf-8", "replace"))
