"""Pilot tests for the reader's keys and the two directions of quote linking."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers.screen import screen_text
from test_tui_fixtures import four_party_document
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable

from positions.index import QuoteRef
from positions.loader import load_document
from positions.model import Quote
from tui.app import ReaderApp, create_app
from tui.screens.compare import CompareScreen
from tui.screens.export import ExportScreen
from tui.screens.help import HelpRow, HelpScreen, help_lines
from tui.screens.messages import MessagesScreen
from tui.selection import Cursor

UKRAINE, RUSSIA, USA, EU = range(4)
CEASEFIRE, KURSK, SANCTIONS, MONITORING = range(4)
FOUR_PARTIES = Path(__file__).parent / "fixtures" / "four_parties"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "putin-ceasefire-conditions.yaml"


def status(app: ReaderApp) -> str:
    """The status line as the user reads it."""
    return str(app.reader.status_line.render())


def notifications(app: ReaderApp) -> list[str]:
    """Messages of the notifications shown so far."""
    return [n.message for n in app.messages]


def ref_for(app: ReaderApp, fragment: str) -> QuoteRef:
    """The quote whose text contains ``fragment``."""
    return next(r for r in app.reader.index.in_article_order if fragment in r.quote.text)


def highlighted_on_line(app: ReaderApp, line: int) -> str:
    """The text shown in reverse video on article line ``line`` (must be on screen)."""
    article = app.reader.article
    strip = article.render_line(line - int(article.scroll_offset.y))
    return "".join(seg.text for seg in strip if seg.style and seg.style.reverse)


def highlighted_text(app: ReaderApp, offset: int) -> str:
    """The text shown in reverse video on the article line showing ``offset``."""
    layout = app.reader.article.text_layout
    assert layout is not None
    return highlighted_on_line(app, layout.line_of(offset))


def words(text: str) -> str:
    """``text`` with whitespace normalised (wrapping drops the breaking spaces)."""
    return " ".join(text.split())


async def test_enter_on_a_russia_quote_highlights_and_scrolls_the_article() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 16)) as pilot:
        await pilot.press("2")  # Russia
        await pilot.pause()
        # Down to the monitoring quote, the last one in the article.
        target = ref_for(app, "Who polices it?")
        target_cursor = Cursor(target.topic_index, target.quote_index)
        while app.reader.selection.cursors[RUSSIA] != target_cursor:
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        article = app.reader.article
        assert article.highlighted_spans == target.quote.spans
        assert article.scroll_offset.y > 0
        assert article.is_offset_visible(target.quote.start)
        assert "Who will give the order" in highlighted_text(app, target.quote.start)
        assert "2 Russia" in status(app)
        assert "quote 1 of 1" in status(app)
        assert "Vladimir Putin" in status(app)
        # The article says where the highlight came from.
        assert "Russia" in str(article.border_subtitle)


async def test_enter_on_a_position_shows_its_first_quote() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "enter")  # Russia, on the ceasefire position
        await pilot.pause()
        first = app.document.parties[RUSSIA].positions[0].quotes[0]
        assert app.reader.article.highlighted_spans == first.spans
        assert app.reader.selection.cursors[RUSSIA] == Cursor(CEASEFIRE, 0)


async def test_elided_quote_highlights_every_fragment() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "down", "enter")  # Ukraine's two-span quote
        await pilot.pause()
        quote: Quote = app.document.parties[UKRAINE].positions[0].quotes[0]
        assert len(quote.spans) == 2
        assert app.reader.article.highlighted_spans == quote.spans
        text = app.document.article.text
        layout = app.reader.article.text_layout
        assert layout is not None
        for span in quote.spans:
            lines = range(layout.line_of(span.start), layout.line_of(span.end - 1) + 1)
            shown = " ".join(highlighted_on_line(app, line) for line in lines)
            assert words(shown) == words(text[span.start:span.end])
        # The words between the fragments are not highlighted.
        assert "Andrii Sybiha said" not in highlighted_text(app, text.find("Andrii Sybiha said"))


async def test_n_in_the_article_selects_the_next_quote_in_its_party_pane() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        order = app.reader.index.in_article_order
        for expected in order[:6]:
            await pilot.press("n")
            await pilot.pause()
            assert app.reader.selection.current_party == expected.party_index
            assert app.reader.selection.cursors[expected.party_index] == Cursor(
                expected.topic_index, expected.quote_index
            )
            pane = app.reader.panes[expected.party_index]
            assert pane.cursor == Cursor(expected.topic_index, expected.quote_index)
            assert app.reader.article.highlighted_spans == expected.quote.spans
        assert app.reader.selection.current_party == UKRAINE  # the sixth quote is Zelensky's
        assert isinstance(app.focused, type(app.reader.article))  # focus stays in the article
        await pilot.press("N")
        await pilot.pause()
        assert app.reader.article.highlighted_spans == order[4].quote.spans
        assert app.reader.selection.current_party == order[4].party_index


async def test_stepping_past_the_ends_of_the_article_says_so_on_the_status_line() -> None:
    """``N`` from the top wraps to the last quote, ``n`` from there to the first, and the
    status line says so (as vim does: not a toast mounted over the screen, which cost a
    third of the frame showing the quote), kept in the messages."""
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        order = app.reader.index.in_article_order
        await pilot.press("a", "N")
        await pilot.pause()
        assert app.reader.article.highlighted_spans == order[-1].quote.spans
        assert status(app).startswith("Wrapped around to the last quote.")
        assert screen_text(app).count("Wrapped around") == 1  # the status line only
        assert notifications(app)[-1] == "Wrapped around to the last quote."
        await pilot.press("n")
        await pilot.pause()
        assert app.reader.article.highlighted_spans == order[0].quote.spans
        assert status(app).startswith("Wrapped around to the first quote.")
        await pilot.press("n")
        await pilot.pause()
        assert app.reader.article.highlighted_spans == order[1].quote.spans
        assert notifications(app).count("Wrapped around to the first quote.") == 1


async def test_n_in_a_party_pane_moves_to_its_next_quote() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "n")
        await pilot.pause()
        assert app.reader.selection.cursors[RUSSIA] == Cursor(CEASEFIRE, 0)
        await pilot.press("n", "n")
        await pilot.pause()
        assert app.reader.selection.cursors[RUSSIA] == Cursor(KURSK, 0)
        assert app.reader.article.highlighted_spans == (
            app.document.parties[RUSSIA].positions[1].quotes[0].spans
        )
        await pilot.press("N")
        await pilot.pause()
        assert app.reader.selection.cursors[RUSSIA] == Cursor(CEASEFIRE, 1)


async def test_moving_to_a_topic_brings_every_pane_along_and_s_turns_it_off() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("1", "down", "down")  # Ukraine: ceasefire quote, then Kursk
        await pilot.pause()
        assert app.reader.selection.cursors[UKRAINE].topic_index == KURSK
        for pane in app.reader.panes:
            assert pane.cursor.topic_index == KURSK
        assert "sync topics: on" in status(app)
        await pilot.press("s")
        await pilot.pause()
        assert "sync topics: off" in status(app)
        await pilot.press("down", "down", "down")  # Ukraine: Kursk quotes, then sanctions
        await pilot.pause()
        assert app.reader.selection.cursors[UKRAINE].topic_index == SANCTIONS
        assert app.reader.panes[RUSSIA].cursor.topic_index == KURSK
        await pilot.press("s")  # back on: the others catch up
        await pilot.pause()
        assert [p.cursor.topic_index for p in app.reader.panes] == [SANCTIONS] * 4


async def test_c_opens_the_matrix_and_choosing_a_cell_opens_the_position() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 4
        # The agreement column comes first (it stays in view on narrow terminals).
        assert "split" in str(table.get_cell_at((CEASEFIRE, 0)))
        assert "agree" in str(table.get_cell_at((SANCTIONS, 0)))
        assert "none" in str(table.get_cell_at((SANCTIONS, UKRAINE + 1)))
        assert "◐ conditional" in str(table.get_cell_at((CEASEFIRE, RUSSIA + 1)))
        # From (ceasefire, Ukraine) to (monitoring, United States).
        await pilot.press("down", "down", "down", "right", "right", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
        assert app.reader.selection.current_party == USA
        assert app.reader.selection.cursors[USA] == Cursor(MONITORING, None)
        hardest = app.document.parties[USA].positions[-1].quotes[0]
        assert app.reader.article.highlighted_spans == hardest.spans
        assert "3 United States" in status(app)
        assert "Monitoring a truce" in status(app)


async def test_the_matrix_opens_again_on_the_current_party_and_topic() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, CompareScreen)
        await pilot.press("down", "down", "down", "right", "right", "enter")  # USA, monitoring
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is first  # kept: the same version in the same colours
        table = app.screen.query_one(DataTable)
        assert table.cursor_coordinate == (MONITORING, USA + 1)
        await pilot.press("escape", "1", "c")
        await pilot.pause()
        assert app.screen is first  # synced topics: Ukraine is on monitoring too
        assert app.screen.query_one(DataTable).cursor_coordinate == (MONITORING, UKRAINE + 1)
        await pilot.press("escape")
        await pilot.pause()
        app.theme = "textual-light"  # other colours: drawn again
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen) and app.screen is not first
        assert app.screen.query_one(DataTable).cursor_coordinate == (MONITORING, UKRAINE + 1)


async def test_escape_closes_the_matrix_without_moving() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c", "down", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
        assert app.reader.selection.cursors[UKRAINE] == Cursor(CEASEFIRE, None)


async def test_slash_searches_the_article_and_counts_matches() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"kursk", "enter")
        await pilot.pause()
        expected = app.document.article.text.lower().count("kursk")
        assert expected >= 3
        assert app.reader.article.match_count == expected
        assert app.reader.article.match_index == 0
        assert f"1/{expected}" in status(app)
        assert f"1/{expected}" in str(app.reader.article.border_title)
        await pilot.press("n")
        await pilot.pause()
        assert app.reader.article.match_index == 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.reader.article.match_index == 2
        await pilot.press("N")
        assert app.reader.article.match_index == 1
        await pilot.press("escape")
        await pilot.pause()
        assert app.reader.article.match_count == 0
        assert "search" not in status(app)


async def test_the_search_count_is_shown_with_the_search_not_a_message_later() -> None:
    """The article's title gets its count as ``enter`` is handled: from the article's
    ``SearchMoved`` message it came a frame (25-40 ms) after the matches it counts."""
    from tui.widgets.search_bar import SearchBar

    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"kursk")
        await pilot.pause()
        reader = app.reader
        bar = reader.query_one(SearchBar)
        expected = app.document.article.text.lower().count("kursk")
        reader.on_search_bar_submitted(SearchBar.Submitted(bar, "kursk"))  # what enter does
        assert f"search 1/{expected} “kursk”" in str(reader.article.border_title)
        assert not bar.display and reader.focused is reader.article
        await pilot.press("n")  # a step through the matches: shown from the message
        await pilot.pause()
        assert f"search 2/{expected}" in str(reader.article.border_title)


async def test_search_with_no_match_says_so() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        # ``/`` at once: the search bar is still being made after the first frame, and
        # the keys typed meanwhile must reach it (this once crashed the reader)
        await pilot.press("slash", *"zzzz", "enter")
        await pilot.pause()
        assert app.reader.article.match_count == 0
        # what stays on screen (the notice saying so expires)
        assert "search no matches “zzzz”" in status(app)


async def test_palette_finds_a_quote_by_part_of_it() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *"surrender or")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        target = ref_for(app, "surrender or die")
        assert app.reader.selection.current_party == RUSSIA
        cursor = app.reader.selection.cursors[RUSSIA]
        assert cursor == Cursor(target.topic_index, target.quote_index)
        assert app.reader.article.highlighted_spans == target.quote.spans


async def test_palette_finds_a_party_and_a_topic() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *"european union")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.reader.selection.current_party == EU
        await pilot.press("ctrl+p", *"monitoring a truce")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.reader.selection.cursors[EU].topic_index == MONITORING
        assert "no stated position" in status(app)


async def test_question_mark_shows_help_with_every_key() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        assert "Everywhere" in shown and "Next pane" in shown
        text = app.screen.text
        for key in ("tab", "shift+tab", "1-9", "/", "c", "s", "e", "?", "q", "n / N",
                    "enter", "ctrl+p", "j / k", "a"):
            assert f"\n{key}" in text or f" {key}" in text, key
        assert "no stated position" in text
        assert "SVG picture of the comparison" in text  # export
        assert "in a browser, the file downloads" in text  # ceasefire-tui serve
        assert "\ny  Copy the Markdown summary" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_help_opens_again_at_the_top_without_being_built_again() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, HelpScreen) and "Everywhere" in screen_text(app)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert "Everywhere" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen is first  # kept, not composed again
        assert "Everywhere" in screen_text(app)  # from the top
        await pilot.press("question_mark")  # ? closes it too
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


def test_help_lines_keep_titles_whole_and_wrap_under_the_description() -> None:
    rows: list[HelpRow] = [
        "In the comparison view",
        ("enter / click", "Open that party's position on that topic in the reader"),
        ("a very long key name here", "Short"),
    ]
    lines = [str(line) for line in help_lines(rows, 50)]
    assert lines[0] == ""  # a blank line before each section
    assert lines[1] == "In the comparison view"  # whole, not cut at the key column
    assert lines[2] == "enter / click       Open that party's position on"
    assert lines[3] == " " * 20 + "that topic in the reader"
    assert lines[4].startswith("a very long key na… Short")
    assert all(len(line) <= 50 for line in lines)


async def test_q_quits() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running
    assert app.return_code == 0


async def test_e_opens_the_export_dialog_and_escape_closes_it() -> None:
    # The dialog itself is tested in test_tui_export.py.
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        assert app.is_running


async def test_tab_and_shift_tab_cycle_article_and_parties() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(160, 48)) as pilot:
        seen = []
        for _ in range(5):
            await pilot.press("tab")
            await pilot.pause()
            current = app.reader.selection.current_party
            seen.append("article" if app.focused is app.reader.article else current)
        assert seen == [RUSSIA, USA, EU, "article", UKRAINE]
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused is app.reader.article


async def test_the_reader_starts_and_comes_back_with_a_pane_focused() -> None:
    """Party 1's pane has the focus from the start; and back from a dialog with nothing
    focused (the focused widget went while it was open), the current party's pane."""
    app = create_app(four_party_document())
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert app.focused is app.reader.panes[UKRAINE].quote_list
        await pilot.press("3")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        app.reader.set_focus(None)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.reader
        assert app.focused is app.reader.panes[USA].quote_list


async def test_number_keys_and_a_jump_to_panes() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert app.reader.selection.current_party == USA
        assert app.focused is app.reader.panes[USA].quote_list
        await pilot.press("a")
        await pilot.pause()
        assert app.focused is app.reader.article
        await pilot.press("9")
        await pilot.pause()
        assert any("no party 9" in m for m in notifications(app))


async def test_j_k_move_in_panes_and_scroll_the_article() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 12)) as pilot:
        await pilot.press("2", "j", "j")
        await pilot.pause()
        assert app.reader.selection.cursors[RUSSIA] == Cursor(CEASEFIRE, 1)
        await pilot.press("k")
        await pilot.pause()
        assert app.reader.selection.cursors[RUSSIA] == Cursor(CEASEFIRE, 0)
        await pilot.press("a", "j", "j")
        await pilot.pause()
        assert app.reader.article.scroll_offset.y == 2
        await pilot.press("k")
        await pilot.pause()
        assert app.reader.article.scroll_offset.y == 1


async def test_clicking_a_quote_in_a_pane_and_in_the_article() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        # Click the US sanctions quote in the US pane (option rows are found by text).
        pane = app.reader.panes[USA]
        quote_list = pane.quote_list
        target = ref_for(app, "US Treasury")
        row = next(y for y in range(quote_list.size.height)
                   if "US Treasury" in quote_list.render_line(y).text)
        await pilot.click(quote_list, offset=(4, row))
        await pilot.pause()
        assert app.reader.article.highlighted_spans == target.quote.spans
        assert app.reader.selection.current_party == USA
        # Click Putin's "surrender or die" in the article.
        surrender = ref_for(app, "surrender or die")
        article = app.reader.article
        offset = article.document.article.text.find("surrender or die")
        layout = article.text_layout
        assert layout is not None
        line = layout.line_of(offset)
        column = 4 + (offset - layout.starts[line])  # the gutter is 4 cells
        # +1: the article's border.
        await pilot.click(article, offset=(column + 1, line - int(article.scroll_offset.y) + 1))
        await pilot.pause()
        assert app.reader.article.highlighted_spans == surrender.quote.spans
        assert app.reader.selection.current_party == RUSSIA


async def test_fast_n_presses_each_move_one_quote() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        app.reader.article.action_step(1)  # three presses before the app handles any of them
        app.reader.article.action_step(1)
        app.reader.article.action_step(1)
        await pilot.pause()
        third = app.reader.index.in_article_order[2]
        assert app.reader.article.highlighted_spans == third.quote.spans


async def test_synced_topic_starts_on_the_same_row_in_every_pane() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(160, 30)) as pilot:
        for _ in range(4):  # Ukraine: down through ceasefire and Kursk into sanctions
            await pilot.press("1", "down")
        await pilot.pause()
        topic = app.reader.selection.cursors[UKRAINE].topic_index
        title = app.document.topics[topic].title
        rows = []
        for pane in app.reader.panes:
            quote_list = pane.quote_list
            lines = [quote_list.render_line(y).text.strip() for y in range(quote_list.size.height)]
            assert title in lines, pane.party.name
            rows.append(quote_list.region.y + lines.index(title))
        assert len(set(rows)) == 1


async def test_keys_typed_in_one_burst_go_to_the_pane_the_first_one_focused() -> None:
    """``2``, ``down``, ``enter`` arriving together (a fast typist, a pasted macro) act on
    Russia's pane, not on the pane that had focus before ``2``."""
    from textual import events

    app = create_app(four_party_document())
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        for key in ("2", "down", "enter"):  # queued before the app handles any of them
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
        await pilot.pause()
        assert app.reader.selection.current_party == RUSSIA
        first = app.reader.index.position(RUSSIA, app.reader.selection.cursors[RUSSIA].topic_index)
        assert first is not None
        assert app.reader.article.highlighted_spans == first.quotes[0].spans


async def test_search_bar_lies_over_the_reader_and_escape_gives_the_focus_back() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")  # Russia's pane has the focus
        await pilot.pause()
        focused = app.focused
        regions = [app.reader.article.region, *(pane.region for pane in app.reader.panes)]
        await pilot.press("slash", *"kur")
        await pilot.pause()
        bar = app.query_one("#search-bar")
        screen = screen_text(app)
        assert bar.display and "Search the article:" in screen.splitlines()[-2]  # bottom rows
        now = [app.reader.article.region, *(p.region for p in app.reader.panes)]
        assert now == regions  # nothing moved
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.display
        assert app.focused is focused
        assert app.reader.article.match_count == 0  # cancelled: no search
        # Opened again, it offers the last search (none) and a new term replaces it.
        await pilot.press("slash", *"kursk", "enter")
        await pilot.pause()
        assert app.reader.article.match_count >= 3 and app.focused is app.reader.article
        await pilot.press("slash")
        await pilot.pause()
        assert app.query_one("#search-bar Input").value == "kursk"  # type: ignore[attr-defined]


async def test_clicking_away_from_the_search_bar_closes_it_and_keeps_that_focus() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("a", "slash", *"kur")
        await pilot.pause()
        assert app.query_one("#search-bar").display
        await pilot.click(app.reader.panes[USA].quote_list)
        await pilot.pause()
        assert not app.query_one("#search-bar").display
        assert app.focused is app.reader.panes[USA].quote_list  # not back to the article
        assert app.reader.article.match_count == 0


async def test_the_matrix_open_during_a_reload_that_drops_parties_opens_a_current_party(
    tmp_path: Path,
) -> None:
    """Issue 10: party 4 current, the matrix open, the file saved with two parties: choosing
    the agreement column opened party 4 of the old file (an ``IndexError``)."""
    folder = tmp_path / "four"
    shutil.copytree(FOUR_PARTIES, folder)
    yaml = folder / "positions.yaml"
    loaded = load_document(yaml)
    app = create_app(loaded.document, warnings=loaded.warnings)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("4", "c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        text = yaml.read_text(encoding="utf-8")
        yaml.write_text(text[: text.index("  eastfield:")], encoding="utf-8")
        assert app.check_files_now()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [p.name for p in app.document.parties] == ["Northtown", "Southbank"]
        assert isinstance(app.screen, CompareScreen)
        table = app.screen.query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()][1:] == [
            "1 Northtown",
            "2 Southbank",
        ]
        await pilot.press("home")  # the cursor to the agreement column
        await pilot.pause()
        assert table.cursor_coordinate.column == 0
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
        current = app.reader.selection.current_party
        assert current in (0, 1)
        topic = app.reader.selection.cursors[current].topic_index
        assert app.document.topics[topic].title in status(app)
        assert f"{current + 1} {app.document.parties[current].name}" in status(app)


async def key_then_one_frame(app: ReaderApp, pilot: Pilot[None], key: str) -> None:
    """Send ``key`` as the terminal does and let one frame pass.  (``pilot.press`` waits
    for every animation to end, so it would hide one.)"""
    app.post_message(events.Key(key, None))
    await pilot.pause()


async def test_end_home_and_page_keys_jump_the_article_at_once() -> None:
    """Issue 11, finding 9: ``end`` etc. scrolled with an animation that took up to 1.4 s
    to settle; the article is where the key sends it on the next frame."""
    app = create_app(four_party_document())
    async with app.run_test(size=(100, 16)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        article = app.reader.article
        page = article.scrollable_content_region.height
        assert article.max_scroll_y > 2 * page  # more than two pages to scroll
        await key_then_one_frame(app, pilot, "end")
        assert article.scroll_y == article.max_scroll_y
        await key_then_one_frame(app, pilot, "pageup")
        assert article.scroll_y == article.max_scroll_y - page
        await key_then_one_frame(app, pilot, "home")
        assert article.scroll_y == 0
        await key_then_one_frame(app, pilot, "pagedown")
        assert article.scroll_y == page
        await key_then_one_frame(app, pilot, "down")
        assert article.scroll_y == page + 1


async def test_end_and_home_jump_a_party_pane_at_once() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(100, 16)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        quote_list = app.reader.panes[0].quote_list
        assert quote_list.max_scroll_y > 0
        for key, row in (("end", quote_list.option_count - 2), ("home", 0)):  # spacer last
            await key_then_one_frame(app, pilot, key)
            assert quote_list.highlighted == row
            shown = quote_list.scroll_y
            await pilot.wait_for_scheduled_animations()
            assert quote_list.scroll_y == shown  # no animation was still on its way
        assert quote_list.scroll_y == 0


async def test_the_palette_lists_every_message_said_after_it_faded() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")  # "Sync topics: off", a notification that fades in 2 s
        await pilot.pause()
        app.clear_notifications()  # as if it had faded
        await pilot.press("ctrl+p", *"messages")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MessagesScreen)
        shown = [str(s.render()) for s in app.screen.query(".said")]
        assert any("Sync topics: off" in text for text in shown)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.reader


async def test_search_matches_the_seeds_en_dash_and_apostrophe_as_typed() -> None:
    """The seed has ``question – how`` (en dash) and ``Putin's``; typed with a hyphen and
    a curly apostrophe they are found, highlighted where the article has them."""
    app = create_app(load_document(SEED).document)
    async with app.run_test(size=(120, 40)) as pilot:
        text = app.document.article.text
        for term, shown in (("then a question - how", "Then a question – how"),
                            ("putin’s response", "Putin's response")):  # fmt: skip
            await pilot.press("slash")
            await pilot.pause()
            assert app.focused is not None
            app.focused.post_message(events.Paste(term))  # typed: pilot has no key for ’
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert app.reader.article.match_count >= 1, term
            start, end = app.reader.article.matches[0]
            assert text[start:end] == shown
            await pilot.press("escape")
            await pilot.pause()


async def test_the_matrix_shows_at_most_its_cell_budget(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Issue 12, item 9: a matrix of thousands of cells froze the reader; it shows the first
    # topics that fit its budget, and says so.
    import tui.screens.compare as compare_screen

    monkeypatch.setattr(compare_screen, "MAX_MATRIX_CELLS", 10)  # 4 parties + 1: 2 rows
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert app.screen.query_one(DataTable).row_count == 2
        subtitle = str(app.screen.query_one("#compare-box").border_subtitle)
        assert subtitle == "first 2 of 4 topics (export shows all)"
        await pilot.press("down", "down", "down", "enter")  # stays on the last row shown
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)


async def test_the_help_scrolls_to_its_last_row_by_keyboard() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert "heavy border" not in screen_text(app)  # below the first screen
        await pilot.press("end")
        for _ in range(100):
            await pilot.pause()
            if "heavy border" in screen_text(app):
                break
        assert "The pane that has the keyboard" in screen_text(app)


async def test_at_80_columns_the_status_line_keeps_the_sync_mode_and_cuts_the_words() -> None:
    """A quote's line (party, topic, speaker, quote n of m) is longer than 80 columns: the
    sync mode at its end stays whole, in its short form, and the words before it are cut
    with an ellipsis (QA: it was the mode that was cut off, the one part that says what
    the keys will do).  With room, the mode in full and nothing cut."""
    app = create_app(four_party_document())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "down")  # a quote: the longest line
        await pilot.pause()
        line = screen_text(app).splitlines()[-2].rstrip()
        assert line.endswith("sync: on"), line
        assert "…" in line and "quote 1 of" in line  # (its kind cut: "(direct)")
        await pilot.press("s")
        await pilot.pause()
        assert screen_text(app).splitlines()[-2].rstrip().endswith("sync: off")
        await pilot.press("up")  # a topic's line, shorter: whole, with the short form
        await pilot.pause()
        line = screen_text(app).splitlines()[-2].rstrip()
        assert line.endswith("sync: off") and "…" not in line, line
        await pilot.resize_terminal(200, 24)  # room for it all: nothing cut
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        line = screen_text(app).splitlines()[-2]
        assert "…" not in line and "quote 1 of" in line and "sync topics: off" in line
