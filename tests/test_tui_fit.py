"""What a new user trips on when the terminal changes size or text is long (issue 11)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

import pytest
from helpers.screen import region_lines

from positions.loader import SEED_POSITIONS, load_document
from tui.app import ReaderApp, create_app
from tui.selection import Cursor
from tui.widgets.party_tabs import PartyTabs

RUSSIA, UNITED_STATES = 1, 2


def seed_app() -> ReaderApp:
    """The reader on the bundled seed."""
    loaded = load_document(SEED_POSITIONS)
    return create_app(loaded.document, warnings=loaded.warnings)


async def russia_kursk_quote_4(pilot: Any) -> None:
    """Russia's pane, ``n`` twelve times (past 4 + 2 + 2 quotes): Kursk, quote 4 of 4
    (``surrender or die``)."""
    await pilot.press("2", *["n"] * 12)
    await pilot.pause()
    app = pilot.app
    assert app.reader.selection.cursors[RUSSIA] == Cursor(3, 3)


def pane_text(app: ReaderApp, party_index: int) -> str:
    """The words a party pane shows (its wrapped lines joined)."""
    lines = region_lines(app, app.reader.panes[party_index])
    return " ".join(" ".join(line.strip("│┃ ").split()) for line in lines)


async def test_resizing_keeps_the_selected_quote_in_view() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await russia_kursk_quote_4(pilot)
        for size in ((80, 24), (59, 20), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert "surrender or die" in pane_text(app, RUSSIA), size


async def test_a_pane_shown_after_a_resize_shows_its_cursor_topic() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await russia_kursk_quote_4(pilot)
        await pilot.resize_terminal(59, 20)
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert app.reader.selection.cursors[UNITED_STATES] == Cursor(3, None)
        assert "Kursk · no stated position" in pane_text(app, UNITED_STATES)


async def until(pilot: Any, condition: Any, what: str) -> None:
    """Let the app run until ``condition()`` holds (at most 100 frames)."""
    for _ in range(100):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


async def test_maximize_from_the_palette_and_back_keeps_the_quote_in_view() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await russia_kursk_quote_4(pilot)
        quote_list = app.reader.panes[RUSSIA].quote_list
        await pilot.press("ctrl+p")
        await until(pilot, lambda: app.screen is not app.reader, "the palette open")
        await pilot.press(*"maximize")
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: app.reader.maximized is quote_list, "the pane maximized")
        await pilot.pause()
        shown = " ".join(" ".join(line.split()) for line in region_lines(app, quote_list))
        assert "surrender or die" in shown
        await pilot.press("escape")
        await until(pilot, lambda: app.reader.maximized is None, "the pane back")
        await pilot.pause()
        text = pane_text(app, RUSSIA)
        assert "“There are two options for Ukrainians in Kursk - surrender or die.”" in text


def status_text(app: ReaderApp) -> str:
    """The status line as shown."""
    return region_lines(app, app.reader.status_line)[0]


async def test_the_search_count_stays_visible_with_a_long_query() -> None:
    app = seed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"the Russian president", "enter")
        await pilot.pause()
        count = app.reader.article.match_count
        assert count > 0
        assert f"search 1/{count}" in status_text(app)
        title = region_lines(app, app.reader.article)[0]
        assert f"1/{count}" in title


async def test_a_silence_reads_plainly_in_the_status_line() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        nato = app.reader.index.topic_ids["nato"]
        app.reader.open_position(0, nato)  # Ukraine says nothing on NATO
        await pilot.pause()
        assert "1 Ukraine › NATO › no stated position" in status_text(app)


async def test_the_article_border_keeps_the_quote_number() -> None:
    app = seed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await russia_kursk_quote_4(pilot)
        bottom = region_lines(app, app.reader.article)[-1]
        assert "2 Russia · quote 4/4" in bottom


def seed_renamed(tmp_path: Path, **names: str) -> ReaderApp:
    """The seed with parties renamed (``United_States="…"`` renames ``United States``)."""
    seed = SEED_POSITIONS.read_text(encoding="utf-8")
    for old, new in names.items():
        seed = seed.replace(f"name: {old.replace('_', ' ')}\n", f"name: {new}\n")
    article = SEED_POSITIONS.parent / "putin-ceasefire-conditions.md"
    (tmp_path / article.name).write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "positions.yaml"
    path.write_text(seed, encoding="utf-8")
    loaded = load_document(path)
    return create_app(loaded.document, warnings=loaded.warnings)


def tabs_row(app: ReaderApp) -> list[str]:
    """The rows the party tabs cover."""
    return region_lines(app, app.reader.query_one(PartyTabs))


@pytest.mark.parametrize("size", [(80, 24), (60, 24)])
async def test_party_tabs_stay_on_one_row(tmp_path: Path, size: tuple[int, int]) -> None:
    app = seed_renamed(tmp_path, United_States="Northern Basin Observer Mission")
    async with app.run_test(size=size) as pilot:
        await pilot.press("3")
        await pilot.pause()
        rows = tabs_row(app)
        assert len(rows) == 1, rows
        assert "1 Ukraine" in rows[0] or "1 Ukrai…" in rows[0]
        assert "3 North" in rows[0]
        assert "…" in rows[0]  # cut, not wrapped
        pane = app.reader.panes[2]
        assert pane.region.y == app.reader.query_one(PartyTabs).region.bottom


async def test_a_2000_character_party_name_is_cut_where_room_is_short(tmp_path: Path) -> None:
    name = "Very long name " * 134  # 2,010 characters
    app = seed_renamed(tmp_path, Russia=name.strip())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        rows = tabs_row(app)
        assert len(rows) == 1 and "2 Very long" in rows[0] and "…" in rows[0]
        pane = app.reader.panes[1]
        top = region_lines(app, pane)[0]
        assert "2 Very long name" in top and "…" in top
        assert pane.region.height > 10  # the tabs do not cover the pane


FOUR_PARTIES = Path(__file__).parent / "fixtures" / "four_parties" / "positions.yaml"


def matrix_lines(app: ReaderApp) -> list[str]:
    """The comparison box's rows (border included)."""
    return region_lines(app, app.screen.query_one("#compare-box"))


async def test_the_matrix_gives_titles_the_room_there_is() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert any("Quick truce first or one single deal" in line for line in matrix_lines(app))


async def test_the_matrix_wraps_titles_it_has_no_room_for() -> None:
    app = seed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        lines = matrix_lines(app)
        text = " ".join(" ".join(line.strip("│ ").split()) for line in lines)
        for party in ("1 Ukraine", "2 Russia", "3 United States"):
            assert party in text
        # The title column, line by line (a cell starts after two spaces), read down:
        # the whole title is there, over several lines, however wide the cells are.
        titles = " ".join(re.split(r"\s{2,}", line.strip("│ "))[0] for line in lines[2:])
        assert "Quick truce first or one single deal" in titles
        assert "…" not in text


async def test_the_matrix_keeps_the_agreement_column_in_view() -> None:
    loaded = load_document(FOUR_PARTIES)
    app = create_app(loaded.document, warnings=loaded.warnings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "c")
        await pilot.pause()
        lines = matrix_lines(app)
        assert "Agreement" in lines[1]
        assert "4 Westmarch" in lines[1]  # the cursor's party
        assert any("≠ split" in line for line in lines)


def test_the_svg_export_shows_whole_titles() -> None:
    from tui.svg import render_comparison_svg

    svg = render_comparison_svg(load_document(SEED_POSITIONS).document)
    assert "Quick truce first or one single deal" in svg.replace("&#160;", " ").replace(
        "\xa0", " "
    )


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_reload_keeps_the_party_pane_where_it_was_scrolled(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = seed_renamed(tmp_path)
    yaml = tmp_path / "positions.yaml"
    async with app.run_test(size=size) as pilot:
        await russia_kursk_quote_4(pilot)
        before = region_lines(app, app.reader.panes[RUSSIA])
        assert any("surrender or" in line for line in before)
        text = yaml.read_text(encoding="utf-8")
        yaml.write_text(text.replace("Zelensky", "Zelenskyy"), encoding="utf-8")
        assert app.check_files_now()
        await app.workers.wait_for_complete()
        await until(
            pilot, lambda: "Zelenskyy" in app.reader.panes[0].party.speakers[0], "the reload"
        )
        await until(
            pilot, lambda: region_lines(app, app.reader.panes[RUSSIA]) == before, "the same view"
        )


async def test_a_reload_keeps_a_pane_scrolled_away_from_its_cursor(tmp_path: Path) -> None:
    app = seed_renamed(tmp_path)
    yaml = tmp_path / "positions.yaml"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        quote_list = app.reader.panes[RUSSIA].quote_list
        quote_list.scroll_to(y=30, animate=False)  # as the mouse wheel does
        await until(pilot, lambda: quote_list.scroll_y == 30, "the pane scrolled")
        # The view once it holds still for a frame (a busy machine draws late).
        before: list[str] = []
        for _ in range(100):
            await pilot.pause()
            now = region_lines(app, app.reader.panes[RUSSIA])
            if now == before:
                break
            before = now
        text = yaml.read_text(encoding="utf-8")
        yaml.write_text(text.replace("Zelensky", "Zelenskyy"), encoding="utf-8")
        assert app.check_files_now()
        await app.workers.wait_for_complete()
        await until(
            pilot, lambda: "Zelenskyy" in app.reader.panes[0].party.speakers[0], "the reload"
        )
        await until(
            pilot, lambda: region_lines(app, app.reader.panes[RUSSIA]) == before, "the same view"
        )


@pytest.mark.parametrize("size", [(120, 40), (200, 50)])
async def test_speakers_wrap_and_topics_stay_level(size: tuple[int, int]) -> None:
    app = seed_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert "Speakers: Vladimir Putin, Yuri Ushakov" in pane_text(app, RUSSIA)
        assert "Speakers: Volodymyr Zelensky" in pane_text(app, 0)
        rows = [
            next(i for i, line in enumerate(region_lines(app, pane)) if "30-day ceasefire" in line)
            for pane in app.reader.panes
        ]
        assert len(set(rows)) == 1, rows  # the first topic on the same row in every pane


async def test_the_article_yields_width_to_narrow_panes() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # 40 % would leave each of three panes 24 columns (22 inside the border).
        assert all(pane.outer_size.width >= 26 for pane in app.reader.panes)
        assert app.reader.article.outer_size.width >= 40


async def test_the_first_frame_shows_the_split_the_reader_keeps() -> None:
    """The split was made on the screen's first resize, which comes after the first
    layout and frame: that frame showed the article at 40 % (48 columns), then it moved
    to 40 columns.  Now the first layout already has the split the reader keeps."""
    import tui.app as tui_app
    from positions.loader import Loaded
    from positions.session import DocumentSession
    from tui.screens.reader import ReaderScreen

    laid_out: list[int] = []  # the article's width each time the screen is laid out anew

    class RecordingScreen(ReaderScreen):
        def on_resize(self) -> None:  # runs before ReaderScreen's own (which splits)
            laid_out.append(self.article.outer_size.width)

    class Recording(ReaderApp):
        CSS_PATH = Path(tui_app.__file__).with_name("app.tcss")

        def get_default_screen(self) -> ReaderScreen:
            session = self.session
            return RecordingScreen(session.document, session.index, warnings=session.warnings)

    loaded = load_document(SEED_POSITIONS)
    app = Recording(DocumentSession.of_loaded(Loaded(loaded.document, list(loaded.warnings))))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.reader.article.outer_size.width == 40
        assert laid_out and set(laid_out) == {40}  # never another width


async def test_less_and_greater_than_move_the_split() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        article, pane = app.reader.article, app.reader.panes[0]
        start = (article.outer_size.width, pane.outer_size.width)
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert article.outer_size.width < start[0] and pane.outer_size.width > start[1]
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        wider = article.outer_size.width
        assert wider > start[0] and pane.outer_size.width < start[1]
        await pilot.resize_terminal(160, 48)  # the share chosen holds at another size
        await pilot.pause()
        assert article.outer_size.width == 160 * wider // 120
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = " ".join(" ".join(line.split()) for line in region_lines(app, app.screen))
        assert "< Narrower article" in help_text and "> Wider article" in help_text


@pytest.mark.parametrize("width", [45, 60, 80])
async def test_the_footer_drops_whole_keys(width: int) -> None:
    app = seed_app()
    whole = {"tab Pane", "1-9 Party", "/ Search", "c Compare", "e Export", "? Help", "q Quit"}

    def shown() -> list[str]:
        lines = region_lines(app, app.screen.query_one("ReaderFooter"))
        keys, _, palette = (lines or [""])[0].partition("▏")
        return [palette.strip(), *(part.strip() for part in keys.split("  ") if part.strip())]

    async with app.run_test(size=(width, 24)) as pilot:
        await until(
            pilot, lambda: len(shown()) > 1 and set(shown()[1:]) <= whole, "only whole keys"
        )
        palette, *keys = shown()
        assert palette == "^p palette"
        assert {"? Help", "q Quit"} <= set(keys)


async def test_the_footer_follows_the_focus_between_article_and_panes() -> None:
    # A party pane has a key the article has not ("b Balance"): moving the focus hides
    # and shows that key (the others stay); after a resize, still only the focused
    # pane's keys, each whole.
    app = seed_app()

    def footer() -> str:
        return (region_lines(app, app.screen.query_one("ReaderFooter")) or [""])[0]

    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "b Balance" in footer(), "the pane's keys")
        for key, balance in (("a", False), ("tab", True), ("a", False), ("2", True)):
            await pilot.press(key)
            await until(pilot, lambda b=balance: ("b Balance" in footer()) == b, key)
            assert "? Help" in footer() and "e Export" in footer() and "^p palette" in footer()
        await pilot.press("a")
        await until(pilot, lambda: "b Balance" not in footer(), "the article's keys")
        await pilot.resize_terminal(100, 30)
        await until(pilot, lambda: "q Quit" in footer(), "the footer at 100 columns")
        assert "b Balance" not in footer() and "^p palette" in footer()


async def test_the_footer_shows_the_keys_of_whatever_has_focus() -> None:
    # The footer skips a rebuild when the keys shown would not change; a focus change to
    # a widget with other keys must still show them, and coming back must show the first.
    from helpers.screen import screen_text
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets import Static

    from tui.widgets.footer import ReaderFooter

    class Pane(Static, can_focus=True):
        pass

    class Ex(Pane):
        BINDINGS: ClassVar = [Binding("x", "noop", "Ex")]

    class Why(Pane):
        BINDINGS: ClassVar = [Binding("y", "noop", "Why")]

    class Two(App[None]):
        def compose(self) -> ComposeResult:
            yield Ex("one")
            yield Ex("two")
            yield Why("three")
            yield ReaderFooter()

    app = Two()
    async with app.run_test(size=(60, 10)) as pilot:
        async def footer_shows(text: str) -> str:
            """The screen once it shows ``text`` (only the footer shows key names)."""
            for _ in range(200):
                await pilot.pause()
                if text in screen_text(app):
                    break
            return screen_text(app)

        app.query(Ex).first().focus()
        assert "x Ex" in await footer_shows("x Ex")
        app.query(Ex).last().focus()  # the same keys: no rebuild, still right
        assert "x Ex" in await footer_shows("x Ex")
        app.query_one(Why).focus()
        shown = await footer_shows("y Why")
        assert "y Why" in shown and "x Ex" not in shown
        app.query(Ex).first().focus()
        shown = await footer_shows("x Ex")
        assert "x Ex" in shown and "y Why" not in shown
