"""``ceasefire-tui serve`` in headless Chromium: the tokened link opens the reader, drawn.

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

from helpers.browser import Image, decode_png, open_page
from helpers.platforms import needs_proc
from helpers.serving import start_server

pytestmark = needs_proc

WIDTH, HEIGHT = 1280, 800


def drawn(image: Image) -> bool:
    """A drawn reader: many colours (text, borders, stances), no colour filling the page."""
    counts = Counter(image.pixels())
    commonest = counts.most_common(1)[0][1]
    return len(counts) > 40 and commonest < 0.9 * image.width * image.height


async def test_chromium_opens_the_tokened_link_and_the_reader_is_drawn(tmp_path: Path) -> None:
    served = start_server()
    folder = Path(os.environ.get("CEASEFIRE_SCREENSHOT_DIR", tmp_path))
    shot = folder / "serve-reader.png"
    try:
        async with open_page(served.url, WIDTH, HEIGHT) as page:
            async with asyncio.timeout(90):
                while not await page.evaluate(
                    "document.body.classList.contains('-first-byte')"
                ):
                    await asyncio.sleep(0.1)
                assert served.children(), "the page has output but no reader runs"
                previous = b""
                while True:  # drawn, and the same in two screenshots in a row (settled)
                    png = await page.screenshot()
                    image = decode_png(png)
                    if drawn(image) and png == previous:
                        break
                    previous = png
                    await asyncio.sleep(0.2)
            shot.write_bytes(png)
            assert not await page.evaluate("document.body.classList.contains('-closed')")
    finally:
        served.stop()
    assert image.width >= WIDTH // 2 and image.height >= HEIGHT // 2
    assert drawn(decode_png(shot.read_bytes()))
    assert served.children() == set()
