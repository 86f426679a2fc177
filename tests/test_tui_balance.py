"""How a stance is known, in the reader (issue 13): the basis beside every stance shown,
and the balance view (``b``, the palette) with each party's evidence side by side.

Built on ``tests/fixtures/basis``: three parties, a position of each basis, a silence each
and one topic only the ferry company has a position on.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from helpers.screen import region_lines, screen_text
from rich.text import Text
from textual.widgets import DataTable

from positions.balance import Balance
from positions.loader import load_document
from positions.model import Party, Topic
from tui.app import ReaderApp, create_app
from tui.screens.balance import MAX_LONE_TOPICS, BalanceScreen, lone_topics_text, share_bar
from tui.screens.compare import CompareScreen
from tui.screens.help import HelpScreen

BASIS = Path(__file__).parent / "fixtures" / "basis"
HARBOUR, UNION, FERRY = range(3)
REOPEN, FEES, SAILINGS = range(3)


def basis_app(folder: Path = BASIS) -> ReaderApp:
    """The reader on the basis fixture (or a copy of it in ``folder``)."""
    loaded = load_document(folder / "positions.yaml")
    return create_app(loaded.document, warnings=loaded.warnings)


def status(app: ReaderApp) -> str:
    """The status line as the user reads it."""
    return str(app.reader.status_line.render())


def row_of(text: str, party: str) -> str:
    """The screen line of the balance table that names ``party``, spaces collapsed."""
    (line,) = [line for line in text.splitlines() if party in line and "█" in line]
    return " ".join(line.split())


def test_a_long_list_of_lone_topics_is_cut_and_says_how_many_more() -> None:
    """The view must keep its table and legend on screen however many topics are lone."""
    party = Party("p", "[b]Party[/b]")  # markup-like: shown as typed
    lone = tuple((Topic(f"t{n}", f"Topic {n}"), party) for n in range(25))
    text = lone_topics_text(Balance((), lone)).plain
    assert "Topics where only one party has a position (25)" in text
    assert f"Topic {MAX_LONE_TOPICS - 1}  only [b]Party[/b]" in text
    assert f"Topic {MAX_LONE_TOPICS}  " not in text
    assert f"… and {25 - MAX_LONE_TOPICS} more" in text


# ------------------------------------------------------------------ the basis marks


def test_the_share_bar_reads_without_colour() -> None:
    assert share_bar(0.52) == "█████░░░░░  52%"
    assert share_bar(0.0) == "░░░░░░░░░░   0%"
    assert share_bar(1.0) == "██████████ 100%"
    assert share_bar(0.25) == "███░░░░░░░  25%"  # halves round up, as a reader expects


async def test_party_panes_show_the_basis_word_and_only_the_mark_when_narrow() -> None:
    app = basis_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        union = "\n".join(region_lines(app, app.reader.panes[UNION]))
        assert "? undecided  ▲ action" in union
        assert "✔ supports  ◇ reported" in union
        harbour = "\n".join(region_lines(app, app.reader.panes[HARBOUR]))
        assert "✔ supports  ● stated" in harbour
        assert "✘ opposes  ○ implied" in harbour
        # A wider article leaves the panes too narrow for the words: the marks stay.
        await pilot.press(*[">"] * 3)
        await pilot.pause()
        union = "\n".join(region_lines(app, app.reader.panes[UNION]))
        assert "? undecided  ▲" in union
        assert "action" not in union
        assert "◇" in union


async def test_a_saved_change_of_basis_alone_shows_in_the_panes(tmp_path: Path) -> None:
    """The panes are rebuilt when what they show changes: the basis is part of that."""
    folder = tmp_path / "basis"
    shutil.copytree(BASIS, folder)
    yaml = folder / "positions.yaml"
    app = basis_app(folder)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert "✘ opposes  ○ implied" in "\n".join(region_lines(app, app.reader.panes[HARBOUR]))
        text = yaml.read_text(encoding="utf-8")
        yaml.write_text(text.replace("basis: implied", "basis: reported"), encoding="utf-8")
        assert app.check_files_now()
        await app.workers.wait_for_complete()
        await pilot.pause()
        harbour = "\n".join(region_lines(app, app.reader.panes[HARBOUR]))
        assert "✘ opposes  ◇ reported" in harbour
        assert "implied" not in harbour


async def test_the_status_line_names_the_basis_of_the_position() -> None:
    app = basis_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Reopening the port › ✔ supports · ● stated · 1 quote" in status(app)
        await pilot.press("2")
        await pilot.pause()
        assert "Reopening the port › ? undecided · ▲ action · 1 quote" in status(app)


async def test_the_matrix_marks_each_stance_and_only_a_stated_one_is_bold() -> None:
    app = basis_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        table = app.screen.query_one(DataTable)

        def cell(topic: int, party: int) -> Text:
            value = table.get_cell_at((topic, party + 1))
            assert isinstance(value, Text)
            return value

        cells = {
            "●": cell(REOPEN, HARBOUR),
            "○": cell(FEES, HARBOUR),
            "▲": cell(REOPEN, UNION),
            "◇": cell(FEES, UNION),
        }
        for mark, value in cells.items():
            assert value.plain.endswith(f" {mark}"), value.plain
        bold = {mark: getattr(value.style, "bold", None) for mark, value in cells.items()}
        assert bold == {"●": True, "○": None, "▲": None, "◇": None}
        text = screen_text(app)
        for label in ("● stated", "○ implied", "▲ action", "◇ reported"):
            assert label in text  # the legend explains every mark


# ------------------------------------------------------------------ the balance view


async def test_b_shows_each_partys_figures_and_b_closes_it() -> None:
    app = basis_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BalanceScreen)
        text = screen_text(app)
        # Party, share of voice, words, positions, silences, direct, reported, by basis.
        assert "1 Harbour authority ███░░░░░░░ 28% 13 2 1 1 1 ●1 ○1 ▲0 ◇0" in row_of(
            text, "Harbour authority"
        )
        assert "2 Fishermen's union ████░░░░░░ 36% 17 2 1 0 2 ●0 ○0 ▲1 ◇1" in row_of(
            text, "Fishermen's union"
        )
        assert "3 Ferry company ████░░░░░░ 36% 17 2 1 1 1 ●1 ○0 ▲1 ◇0" in row_of(
            text, "Ferry company"
        )
        assert "Topics where only one party has a position (1)" in text
        assert re.search(r"• Weekend sailings\s+only Ferry company", text)
        await pilot.press("b")
        await pilot.pause()
        assert app.screen is app.reader
        await pilot.press("b", "escape")
        await pilot.pause()
        assert app.screen is app.reader


async def test_a_narrow_balance_view_shows_every_figure_with_a_column_a_party() -> None:
    """At 80 columns a row per party does not fit (the basis column was off screen): each
    party is a column, every figure in view; ``j`` / ``k`` still step between parties,
    and a wider terminal brings the rows back."""
    app = basis_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BalanceScreen)
        lines = [" ".join(line.split()) for line in screen_text(app).splitlines()]
        # The names share what the row names leave, so that no party is off screen.
        assert any("1 Harbour author… 2 Fishermen's un… 3 Ferry company" in line
                   for line in lines)
        expected = [
            "Share of voice ███░░░░░░░ 28% ████░░░░░░ 36% ████░░░░░░ 36%",
            "Words quoted 13 17 17",
            "Positions 2 2 2",
            "Silences 1 1 1",
            "Quotes direct 1 0 1",
            "Quotes reported 1 2 1",
            "Positions by basis ●1 ○1 ▲0 ◇0 ●0 ○0 ▲1 ◇1 ●1 ○0 ▲1 ◇0",
        ]
        for row in expected:
            assert any(row in line for line in lines), row
        assert screen.table.virtual_size.width <= screen.table.scrollable_content_region.width
        assert screen.table.cursor_column == 1  # party 1, not the column of row names
        await pilot.press("j", "j")
        assert screen.table.cursor_column == 3
        await pilot.press("k", "k", "k", "k")
        assert screen.table.cursor_column == 1
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert "1 Harbour authority ███░░░░░░░ 28% 13 2 1 1 1 ●1 ○1 ▲0 ◇0" in row_of(
            screen_text(app), "Harbour authority"
        )


async def test_the_footer_under_the_balance_view_keeps_whole_keys() -> None:
    """Opening a dialog rebuilds the reader's footer while the dialog covers it: the keys
    that did not fit 80 columns stay dropped (``? Help`` was cut to ``? He``)."""
    app = basis_app()
    async with app.run_test(size=(80, 24)) as pilot:

        async def footer_when(ready: Callable[[str], bool]) -> str:
            """The footer row once ``ready`` holds for it (the keys are dropped after the
            frame that lays them out)."""
            for _ in range(200):
                await pilot.pause()
                footer = screen_text(app).splitlines()[-1]
                if ready(footer):
                    break
            return footer

        before = await footer_when(lambda footer: "? Help  q Quit" in footer)
        assert "? Help  q Quit" in before
        await pilot.press("b")
        footer = await footer_when(
            lambda footer: isinstance(app.screen, BalanceScreen) and footer == before
        )
        assert isinstance(app.screen, BalanceScreen)
        assert footer == before


async def test_the_palette_opens_the_balance_view() -> None:
    app = basis_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *"balance")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BalanceScreen)


async def test_the_balance_view_follows_the_file_when_it_is_saved(tmp_path: Path) -> None:
    folder = tmp_path / "basis"
    shutil.copytree(BASIS, folder)
    yaml = folder / "positions.yaml"
    app = basis_app(folder)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        text = yaml.read_text(encoding="utf-8")
        yaml.write_text(text[: text.index("      sailings:")], encoding="utf-8")
        assert app.check_files_now()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BalanceScreen)
        shown = screen_text(app)
        assert "3 Ferry company ███░░░░░░░ 25% 10 1 2 1 0 ●1 ○0 ▲0 ◇0" in row_of(
            shown, "Ferry company"
        )
        assert "Weekend sailings" not in shown


async def test_help_lists_b_and_the_basis_marks() -> None:
    app = basis_app()
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        lines = app.screen.text.splitlines()
        assert any(line.startswith("b  Balance") for line in lines)
        for mark in "●○▲◇":
            assert any(line.startswith(f"{mark}  ") for line in lines)
