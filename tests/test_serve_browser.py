"""``ceasefire-tui serve`` in headless Chromium: the tokened link opens the reader, drawn,
and ``y`` copies the summary through the browser's clipboard.

The page is driven through the DevTools protocol: the test waits until the page has had
the app's first bytes, then until a screenshot shows a drawn terminal and the next one is
the same (polling, no fixed wait); it keeps that screenshot (``serve-reader.png`` in the
test's folder, or in ``CEASEFIRE_SCREENSHOT_DIR``) and checks that it is not blank.
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from pathlib import Path

from helpers.browser import BrowserPage, Image, decode_png, open_page
from helpers.platforms import needs_proc
from helpers.serving import Served, start_server

from positions.export import FORMATS
from positions.loader import load_document
from seeds import SEED_POSITIONS

pytestmark = needs_proc

WIDTH, HEIGHT = 1280, 800


def drawn(image: Image) -> bool:
    """A drawn reader: many colours (text, borders, stances), no colour filling the page."""
    counts = Counter(image.pixels())
    commonest = counts.most_common(1)[0][1]
    return len(counts) > 40 and commonest < 0.9 * image.width * image.height


async def wait_until_drawn(page: BrowserPage, served: Served) -> bytes:
    """Poll until the app's first bytes reached the page, then until a screenshot shows a
    drawn reader and the next one is the same; that screenshot (PNG)."""
    async with asyncio.timeout(90):
        while not await page.evaluate("document.body.classList.contains('-first-byte')"):
            await asyncio.sleep(0.1)
        assert served.children(), "the page has output but no reader runs"
        previous = b""
        while True:
            png = await page.screenshot()
            if drawn(decode_png(png)) and png == previous:
                return png
            previous = png
            await asyncio.sleep(0.2)


async def test_chromium_opens_the_tokened_link_and_the_reader_is_drawn(tmp_path: Path) -> None:
    served = start_server()
    folder = Path(os.environ.get("CEASEFIRE_SCREENSHOT_DIR", tmp_path))
    shot = folder / "serve-reader.png"
    try:
        async with open_page(served.url, WIDTH, HEIGHT) as page:
            shot.write_bytes(await wait_until_drawn(page, served))
            assert not await page.evaluate("document.body.classList.contains('-closed')")
    finally:
        served.stop()
    image = decode_png(shot.read_bytes())
    assert image.width >= WIDTH // 2 and image.height >= HEIGHT // 2
    assert drawn(image)
    assert served.children() == set()


async def test_y_copies_the_summary_through_the_browsers_clipboard() -> None:
    summary = FORMATS["md"](load_document(SEED_POSITIONS).document)
    served = start_server()
    try:
        async with open_page(served.url, WIDTH, HEIGHT) as page:
            await page.call(
                "Browser.grantPermissions",
                permissions=["clipboardReadWrite", "clipboardSanitizedWrite"],
                origin=served.base,
            )
            await wait_until_drawn(page, served)
            await page.call("Input.insertText", text="y")  # typed into the terminal
            async with asyncio.timeout(60):
                while True:
                    result = await page.call(
                        "Runtime.evaluate",
                        expression="navigator.clipboard.readText()",
                        awaitPromise=True,
                        returnByValue=True,
                    )
                    if result.get("result", {}).get("value"):
                        break
                    await asyncio.sleep(0.1)
    finally:
        served.stop()
    assert result["result"]["value"] == summary
