"""Sizes, live resize, themes, colours, NO_COLOR and warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.screen import screen_text
from test_tui_fixtures import four_party_document
from textual import events
from textual.color import Color

from positions.diagnostics import Diagnostic, Severity
from tui.app import ReaderApp, create_app
from tui.colors import MIN_CONTRAST, PALETTE
from tui.screens.reader_view import breakpoints_for
from tui.selection import Cursor

RUSSIA = 1




def visible_panes(app: ReaderApp) -> list[int]:
    """Indices of party panes with a visible area on screen."""
    return [p.party_index for p in app.reader.panes if p.display and p.region.area > 0]


def test_breakpoints_depend_on_the_number_of_parties() -> None:
    assert dict((c, w) for w, c in breakpoints_for(3))["-wide"] <= 120
    assert dict((c, w) for w, c in breakpoints_for(4))["-wide"] > 120


async def test_wide_shows_every_party_side_by_side() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert app.reader.has_class("-wide")
        assert visible_panes(app) == [0, 1, 2, 3]
        xs = [p.region.x for p in app.reader.panes]
        assert xs == sorted(xs)  # in file order, left to right
        assert app.reader.article.region.x < xs[0]
        assert all(p.region.width >= 22 for p in app.reader.panes)


async def test_80x24_every_party_is_reachable() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.reader.has_class("-narrow")
        assert visible_panes(app) == [0]
        text = screen_text(app).replace("\xa0", " ")
        for name in ("1 Ukrai", "2 Russi", "3 Unite", "4 Europ"):
            assert name in text  # the party tabs (one row: the longer names are cut)
        for number in range(1, 5):
            await pilot.press(str(number))
            await pilot.pause()
            assert visible_panes(app) == [number - 1]
            assert app.focused is app.reader.panes[number - 1].quote_list
            assert app.reader.article.region.width >= 30
        # tab reaches every party too: from party 4 to the article, then 1, 2, ...
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is app.reader.article
        for number in range(4):
            await pilot.press("tab")
            await pilot.pause()
            assert visible_panes(app) == [number]


async def test_party_tab_click_switches_party() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tabs = app.query_one("#party-tabs")
        text = str(tabs.render())
        x = text.index("2") + 1  # inside "2 Russia" (+1: padding)
        await pilot.click(tabs, offset=(x, 0))
        await pilot.pause()
        assert app.reader.selection.current_party == RUSSIA
        assert visible_panes(app) == [RUSSIA]


async def test_20x8_does_not_crash() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(20, 8)) as pilot:
        await pilot.pause()
        for key in ("tab", "down", "enter", "a", "n", "N", "2", "c", "escape", "question_mark",
                    "escape", "slash", "k", "enter", "s", "e", "4"):
            await pilot.press(key)
            await pilot.pause()
        assert app.is_running
        assert app.reader.has_class("-tiny")


async def test_live_resize_keeps_the_selection_and_the_highlight() -> None:
    app = create_app(four_party_document())
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("2", "down", "down", "down", "enter")  # Russia: Kursk quote
        await pilot.pause()
        cursor = app.reader.selection.cursors[RUSSIA]
        assert cursor == Cursor(1, 0)
        spans = app.reader.article.highlighted_spans
        wide_width = app.reader.article.text_layout.width  # type: ignore[union-attr]
        for size in ((80, 24), (50, 20), (250, 70), (100, 30)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert app.reader.selection.cursors[RUSSIA] == cursor
            assert app.reader.panes[RUSSIA].cursor == cursor
            assert app.reader.article.highlighted_spans == spans
            assert RUSSIA in visible_panes(app)
            assert app.reader.article.is_offset_visible(spans[0].start), size
        assert app.reader.has_class("-narrow")
        assert app.reader.article.text_layout.width != wide_width  # type: ignore[union-attr]


@pytest.mark.parametrize("keys", [("a", "v", "m"), ("b",)], ids=["code-dialog", "balance"])
async def test_a_resize_under_a_dialog_lays_the_reader_out_for_its_new_width(
    keys: tuple[str, ...],
) -> None:
    """Resized while a dialog is open (80x24, then 160x45, then back), the reader behind
    it is split for the width it has once the dialog closes, exactly as a reader opened
    at that size (QA: the article was left 30 columns wide instead of 38: the split took
    the layout class of the size before)."""
    fresh = create_app(four_party_document())
    async with fresh.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        expected = (fresh.reader.article.size, sorted(fresh.reader.classes))
    app = create_app(four_party_document())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        assert app.screen is not app.reader
        for size in ((160, 45), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.reader
        assert (app.reader.article.size, sorted(app.reader.classes)) == expected


async def test_light_theme_adapts_party_colours() -> None:
    document = four_party_document(colors=("#FFCC00", "#FFE600", "#0A0A40", "#101010"))
    app = create_app(document)
    async with app.run_test(size=(160, 48)) as pilot:
        for theme in ("textual-light", "textual-dark"):
            app.theme = theme
            await pilot.pause()
            background = Color.parse(app.get_css_variables()["background"])
            for color in app.reader.party_colors:
                assert abs(color.brightness - background.brightness) >= MIN_CONTRAST - 0.01


async def test_bad_colour_falls_back_to_the_palette_with_one_warning() -> None:
    document = four_party_document(colors=("not-a-colour", None, "#3C3B6E", "rgb(1,2"))
    app = create_app(document)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        warnings = [n for n in app.messages if n.title == "Party colours"]
        assert len(warnings) == 1
        assert "not-a-colour" in warnings[0].message
        assert "rgb(1,2" in warnings[0].message
        assert app.reader._resolved.base[0] == Color.parse(PALETTE[0])
        assert app.reader._resolved.base[1] == Color.parse(PALETTE[1])  # missing: no warning
        assert "'russia'" not in warnings[0].message


async def test_file_warnings_are_shown_once() -> None:
    diagnostics = [
        Diagnostic(Path("p.yaml"), 3, 5, Severity.WARNING, "quote [bold]x[/] found twice"),
        Diagnostic(Path("p.yaml"), 9, 1, Severity.WARNING, "topic never used"),
    ]
    app = create_app(four_party_document(), warnings=diagnostics)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab", "tab")
        await pilot.pause()
        shown = [n for n in app.messages if "warning" in n.title]
        assert len(shown) == 1
        assert "p.yaml:3:5: warning: quote [bold]x[/] found twice" in shown[0].message
        assert "topic never used" in shown[0].message


async def test_no_color_keeps_every_cue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = create_app(four_party_document())
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("2", "enter")
        await pilot.pause()
        assert app.no_color
        text = screen_text(app)
        assert "◐ conditional" in text  # stance: glyph + word
        assert "· no stated position" in text
        assert " 2▐ " in text  # gutter: party number and the selection bar
        article = app.reader.article
        layout = article.text_layout
        assert layout is not None
        quote = app.reader.selection.highlighted.quote  # type: ignore[union-attr]
        line = layout.line_of(quote.start) - int(article.scroll_offset.y)
        strip = article.render_line(line)
        assert any(seg.style and seg.style.reverse for seg in strip)  # the selected quote
        other = app.reader.index.in_article_order[-1].quote
        strip = article.render_line(layout.line_of(other.start) - int(article.scroll_offset.y))
        assert any(seg.style and seg.style.underline for seg in strip)  # other quotes


def pane_text(app: ReaderApp, party_index: int) -> str:
    """What a party pane's list shows, as plain text, lines joined by spaces."""
    quote_list = app.reader.panes[party_index].quote_list
    strips = quote_list.render_lines(quote_list.size.region)
    return " ".join(" ".join(strip.text.split()) for strip in strips)


async def test_hidden_panes_follow_the_synced_topic_once_shown() -> None:
    """In the tabbed layout a hidden pane's cursor moves when it is shown (measuring a
    hidden list is wasted work): it must still land on the synced topic, at the top."""
    app = create_app(four_party_document())
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        assert visible_panes(app) == [0]
        await pilot.press("down", "down", "down", "down", "down", "down")  # Ukraine: topic 2+
        await pilot.pause()
        topic = app.reader.selection.cursors[0].topic_index
        assert topic > 0
        for party in (1, 2, 3):
            assert app.reader.panes[party].cursor.topic_index == topic  # known while hidden
            await pilot.press(str(party + 1))
            await pilot.pause()
            pane = app.reader.panes[party]
            assert visible_panes(app) == [party]
            assert pane.cursor == Cursor(topic, None)
            title = app.document.topics[topic].title
            assert pane_text(app, party).startswith(title), pane_text(app, party)[:80]


async def test_option_lists_measure_again_when_only_their_width_changes() -> None:
    """A pane re-wraps its quotes when it gets narrower or wider, and keeps showing every
    word of them when it only gets taller or shorter (its measured lines are kept)."""
    app = create_app(four_party_document())
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        quote = app.document.parties[RUSSIA].positions[0].quotes[0]
        words = " ".join(quote.text.split())
        for size in ((160, 30), (160, 60), (220, 60), (160, 60), (220, 40), (180, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            width = app.reader.panes[RUSSIA].quote_list.scrollable_content_region.width
            shown = pane_text(app, RUSSIA)
            assert words in shown, (size, shown[:200])
            for strip in app.reader.panes[RUSSIA].quote_list.render_lines(
                app.reader.panes[RUSSIA].quote_list.size.region
            ):
                assert len(strip.text.rstrip()) <= width, size


async def test_keys_typed_at_once_after_switching_to_a_hidden_pane_act_on_its_cursor() -> None:
    """``2`` then ``down`` in one burst must end where they end with a pause between: the
    synced move the hidden pane was waiting to make is made when it becomes current."""
    ends = []
    for burst in (False, True):
        app = create_app(four_party_document())
        async with app.run_test(size=(80, 40)) as pilot:
            await pilot.pause()
            await pilot.press(*["down"] * 6)  # Ukraine to a later topic; the others follow
            await pilot.pause()
            assert app.reader.selection.cursors[0].topic_index > 0
            if burst:  # as a terminal sends them: both queued before either is handled
                app.post_message(events.Key("2", "2"))
                app.post_message(events.Key("down", None))
            else:
                await pilot.press("2")
                await pilot.pause()
                await pilot.press("down")
            await pilot.pause()
            ends.append(app.reader.panes[RUSSIA].cursor)
    assert ends[0] == ends[1]
