"""The comparison matrix and the balance view as QA drove them on an 80x24 terminal.

* ``enter`` on a matrix cell with no stated position: the article no longer highlights
  the quote selected before (nor names it in its border), as the status line says.
* Ten parties, more than 80 columns show: the matrix and the balance view scroll sideways
  by whole columns, each column under its header, nothing beside the fixed columns.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from helpers.screen import region_lines, screen_lines
from test_tui_coding import until

from positions.loader import load_document
from positions.model import Document
from tui.app import ReaderApp, create_app
from tui.screens.balance import BalanceScreen
from tui.screens.compare import CompareScreen
from tui.widgets.column_table import column_edges, cut_on_left, snap_scroll

SEED = Path(__file__).resolve().parent.parent / "seeds" / "putin-ceasefire-conditions.yaml"
RUSSIA = 1


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


# ------------------------------------------------------------------- ten parties, sideways

NAMES = ("Poland", "Hungary", "Turkey", "China", "India", "Brazil", "Germany")


def ten_parties() -> Document:
    """The seed with seven more parties (copies of its three, under other names)."""
    document = load_document(SEED).document
    parties = list(document.parties)
    for number, name in enumerate(NAMES):
        copy = parties[number % 3]
        parties.append(dataclasses.replace(copy, id=name.lower(), name=name, color=None))
    return dataclasses.replace(document, parties=tuple(parties))


def fixed_end(table: Any) -> int:
    """The screen column where the table's scrolled columns start (after the row labels
    and the fixed columns)."""
    widths = [column.get_render_width(table) for column in table.ordered_columns]
    labels = table.virtual_size.width - sum(widths)
    return int(table.scrollable_content_region.x + labels + sum(widths[: table.fixed_columns]))


def check_whole_columns(app: ReaderApp, table: Any, what: str, *, cursor: bool = True) -> None:
    """Every line of ``table`` on screen: nothing between the fixed columns and the first
    column shown in the scrolled part, which is a whole one (its full header, its cells
    starting under it); the header of the cursor's column shown whole (with ``cursor``)."""
    region = table.scrollable_content_region
    lines = screen_lines(app)[region.y : region.y + region.height]
    left, right = fixed_end(table), region.right
    headers = [column.label.plain for column in table.ordered_columns[table.fixed_columns :]]
    header = lines[0].ljust(right)[left:right]
    text = header.lstrip()
    assert text, f"{what}: no header shown"
    first = left + len(header) - len(text)
    assert any(text.startswith(label) for label in headers), (
        f"{what}: the first header shown is cut: {header!r}"
    )
    for line in lines:
        assert not line.ljust(right)[left:first].strip(), (
            f"{what}: a cut cell beside the fixed columns: {line[:right]!r}"
        )
    cursor_header = table.ordered_columns[table.cursor_column].label.plain
    assert not cursor or cursor_header in lines[0], f"{what}: the cursor's header is cut"


async def press_to_column(pilot: Any, table: Any, key: str, column: int) -> None:
    """Press ``key`` and wait for the table's cursor to reach ``column``."""
    await pilot.press(key)
    await until(pilot, lambda: table.cursor_column == column, f"{key}: column {column}")


async def test_the_matrix_scrolls_by_whole_columns_under_their_headers() -> None:
    app = create_app(ten_parties())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CompareScreen), "the matrix")
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        table = screen.table
        last = len(table.ordered_columns) - 1
        await until(pilot, lambda: table.cursor_column == 1, "the cursor on party 1")
        check_whole_columns(app, table, "opened")
        for key, step in [("l", 1)] * (last - 1) + [("h", -1)] * (last - 1):
            column = table.cursor_column + step
            await press_to_column(pilot, table, key, column)
            check_whole_columns(app, table, f"{key} to column {column}")
        assert table.cursor_column == 1 and table.scroll_x == 0


async def test_the_balance_view_scrolls_by_whole_parties_beside_its_row_names() -> None:
    app = create_app(ten_parties())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, BalanceScreen), "the balance view")
        screen = app.screen
        assert isinstance(screen, BalanceScreen)
        assert not screen.by_party  # ten parties at 80 columns: a column each
        table = screen.table
        await until(pilot, lambda: table.cursor_column == 1, "the cursor on party 1")
        names = ("Share of voice", "Words quoted", "Positions by basis")
        for key, step in [("j", 1)] * 9 + [("k", -1)] * 9:
            column = table.cursor_column + step
            await press_to_column(pilot, table, key, column)
            check_whole_columns(app, table, f"{key} to party {column}")
            region = table.scrollable_content_region
            for line in screen_lines(app)[region.y : region.bottom]:
                fixed = line[region.x : fixed_end(table)].strip()
                if any(line[region.x :].lstrip().startswith(name) for name in names):
                    assert fixed in names, f"the row name overdrawn: {line!r}"


# ------------------------------------------------------------------------ the arithmetic


def test_a_scroll_stops_where_a_column_starts_in_its_direction() -> None:
    edges = column_edges([20, 10, 15, 12, 8], fixed=1)  # the first column fixed
    assert edges == [0, 10, 25, 37, 45]
    maximum = 30.0
    assert snap_scroll(3, 0, edges, maximum) == 10  # forward: the next start
    assert snap_scroll(12, 10, edges, maximum) == 25
    assert snap_scroll(27, 25, edges, maximum) == maximum  # no start before the end
    assert snap_scroll(28, maximum, edges, maximum) == 25  # back: the previous start
    assert snap_scroll(9, 10, edges, maximum) == 0
    assert snap_scroll(99, 0, edges, maximum) == maximum
    assert snap_scroll(-5, 10, edges, maximum) == 0
    assert snap_scroll(12, 12, edges, maximum) == 12  # unchanged: left as it is


def test_the_part_of_a_column_cut_on_the_left_is_measured() -> None:
    edges = [0, 10, 25, 37, 45]
    assert cut_on_left(0, edges) == 0
    assert cut_on_left(25, edges) == 0
    assert cut_on_left(30, edges) == 7
    assert cut_on_left(99, edges) == 0
