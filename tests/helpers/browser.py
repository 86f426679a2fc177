"""Headless Chromium for tests: a page's screenshot or DOM from the command line, a live
page driven through the DevTools protocol, and a PNG reader that needs no library."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--force-color-profile=srgb",
)


def chromium() -> str:
    """The Chromium program; the test is skipped without it (failed in CI)."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed, and CI must run the browser test")
        pytest.skip("chromium is not installed (apt-get install -y chromium); CI runs this")
    return exe


def run_chromium(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run headless Chromium once with ``args`` (a fresh profile)."""
    with tempfile.TemporaryDirectory() as profile:
        command = [chromium(), *FLAGS, f"--user-data-dir={profile}", *args]
        return subprocess.run(command, capture_output=True, timeout=120, check=False)


@dataclass(frozen=True)
class Image:
    """A decoded PNG: rows of 8-bit RGB or RGBA pixels."""

    width: int
    height: int
    channels: int
    rows: list[bytes]

    def pixels(self) -> Iterator[tuple[int, int, int]]:
        """Every pixel's RGB, row by row."""
        c = self.channels
        for row in self.rows:
            yield from zip(row[0::c], row[1::c], row[2::c], strict=True)


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def decode_png(data: bytes) -> Image:
    """An 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes), without libraries."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    assert header is not None, "no IHDR"
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw = zlib.decompress(idat)
    rows: list[bytes] = []
    previous = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                up_left = previous[i - channels] if i >= channels else 0
                line[i] = (line[i] + _paeth(left, previous[i], up_left)) & 0xFF
        else:
            assert kind == 0, f"unknown PNG filter {kind}"
        previous = bytes(line)
        rows.append(previous)
    return Image(width, height, channels, rows)


class BrowserPage:
    """A page open in headless Chromium, driven through the DevTools protocol."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self._next = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one DevTools command and return its result (events are skipped)."""
        self._next += 1
        ident = self._next
        await self.socket.send_json({"id": ident, "method": method, "params": params})
        while True:
            message = await self.socket.receive_json()
            if message.get("id") == ident:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def screenshot(self) -> bytes:
        """The page as PNG bytes."""
        result = await self.call("Page.captureScreenshot", format="png")
        return base64.b64decode(result["data"])


@asynccontextmanager
async def open_page(url: str, width: int = 1280, height: int = 800) -> AsyncIterator[BrowserPage]:
    """Open ``url`` in headless Chromium (a fresh profile, the page focused) and drive it."""
    with tempfile.TemporaryDirectory() as profile:
        process = await asyncio.create_subprocess_exec(
            chromium(), *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
            f"--window-size={width},{height}", "about:blank",
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        try:
            assert process.stderr is not None
            async with asyncio.timeout(60):
                while True:
                    line = (await process.stderr.readline()).decode(errors="replace")
                    assert line, "chromium exited before it listened"
                    found = re.search(r"DevTools listening on ws://([^/]+)/", line)
                    if found:
                        break
            async with aiohttp.ClientSession() as client:
                async with asyncio.timeout(60):
                    while True:
                        async with client.get(f"http://{found[1]}/json/list") as response:
                            targets = json.loads(await response.text())
                        pages = [t for t in targets if t.get("type") == "page"]
                        if pages:
                            break
                        await asyncio.sleep(0.1)
                async with client.ws_connect(
                    pages[0]["webSocketDebuggerUrl"], max_msg_size=0
                ) as socket:
                    page = BrowserPage(socket)
                    # Headless, the window never has the focus, so the page would never
                    # tell the app it has it (a Textual app in a browser starts blurred,
                    # its footer empty, until it does): behave as the focused window.
                    await page.call("Emulation.setFocusEmulationEnabled", enabled=True)
                    await page.call("Page.navigate", url=url)
                    yield page
        finally:
            if process.returncode is None:
                process.kill()
            await process.wait()


def distinct_colours(image: Image) -> int:
    """How many colours the image has."""
    return len(set(image.pixels()))

