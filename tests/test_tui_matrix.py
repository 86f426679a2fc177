"""The comparison matrix as QA drove it on an 80x24 terminal.

* ``enter`` on a matrix cell with no stated position: the article no longer highlights
  the quote selected before (nor names it in its border), as the status line says.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers.screen import region_lines

from positions.loader import load_document
from tui.app import ReaderApp, create_app
from tui.screens.compare import CompareScreen

SEED = Path(__file__).resolve().parent.parent / "seeds" / "putin-ceasefire-conditions.yaml"
RUSSIA = 1


async def until(pilot: Any, condition: Callable[[], object], what: str) -> None:
    """Let the app run until ``condition()`` holds."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never happened: {what}")


def status(app: ReaderApp) -> str:
    return str(app.reader.status_line.render())


# ------------------------------------------------------- a cell with no stated position


async def test_choosing_a_cell_with_no_position_clears_the_quote_highlighted_before() -> None:
    app = create_app(load_document(SEED).document)
    async with app.run_test(size=(80, 24)) as pilot:
        article = app.reader.article
        await pilot.press("2", "down", "down", "enter")  # a Russia quote, highlighted
        await until(pilot, lambda: article.highlighted_quote is not None, "a quote highlighted")
        ref = article.highlighted_quote
        assert ref is not None and ref.party_index == RUSSIA
        assert "2 Russia · quote" in "\n".join(region_lines(app, article))
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CompareScreen), "the matrix")
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await pilot.press("l", "l", "j")
        table = screen.table
        cell = table.get_cell_at(table.cursor_coordinate)
        assert "none" in cell.plain  # the United States on a topic it said nothing on
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is app.reader, "back in the reader")
        await pilot.pause()
        assert "3 United States" in status(app)
        assert "no stated position" in status(app)
        assert article.highlighted_quote is None
        assert article.highlighted_spans == ()
        assert article.border_subtitle is None
        shown = "\n".join(region_lines(app, article))
        assert "· quote" not in shown.splitlines()[-1]  # the border names no quote
