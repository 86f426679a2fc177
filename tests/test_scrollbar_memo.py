"""Scrollbars drawn once per state (``tui/workarounds/scrollbars.py``): a scrollbar that
draws a state it drew before gives the same lines back, and those lines are what Textual
itself draws for that state, whatever changed in between (the thumb, the size, hover and
grab, the theme)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from test_tui_coding import until
from test_workarounds import broken
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from tui.workarounds import memoize_scrollbars
from tui.workarounds.scrollbars import state_of


class Scrolled(App[None]):
    CSS = "VerticalScroll { height: 1fr; } #tall { height: 200; }"

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content("top\n" + "line\n" * 198 + "bottom"), id="tall")


def as_drawn(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    """Each line's segments as (text, style): what reaches the terminal."""
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


@contextmanager
def textual_draws(counted: list[int]) -> Iterator[None]:
    """Count the lines Textual draws for scrollbars (``Widget.render_line``)."""
    render_line = Widget.render_line

    def counting(widget: Widget, y: int) -> Strip:
        if isinstance(widget, ScrollBar):
            counted.append(y)
        return render_line(widget, y)

    Widget.render_line = counting  # type: ignore[method-assign]
    try:
        yield
    finally:
        Widget.render_line = render_line  # type: ignore[method-assign]


async def shown_bar(app: Scrolled, pilot: object) -> tuple[VerticalScroll, ScrollBar]:
    """The app's scroll and its vertical scrollbar, once the bar is shown."""
    scroll = app.query_one(VerticalScroll)
    bar = scroll.vertical_scrollbar
    await until(pilot, lambda: bar.region.height > 0, "the scrollbar shown")
    return scroll, bar


def test_scrollbars_are_drawn_as_this_was_written_for() -> None:
    assert memoize_scrollbars(), broken(
        "ScrollBar.render_lines", "ScrollBar draws by its own render_lines or renderer now"
    )
    assert memoize_scrollbars(), "a second call changes nothing and still reports it applied"


async def test_a_state_drawn_before_is_given_back_as_textual_draws_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through a scroll, hover, grab, a theme change and a resize, and back again: every
    drawing given is Textual's own for the state shown (drawn afresh to compare), and a
    state met again draws nothing anew.  (A theme change makes the app's colour filter
    anew: the same colours after a round trip count as a new state, drawn again.)"""
    memoize_scrollbars()
    app = Scrolled()
    async with app.run_test(size=(40, 12)) as pilot:
        scroll, bar = await shown_bar(app, pilot)

        def check(what: str) -> None:
            crop = Region(0, 0, *bar.region.size)
            given = bar.render_lines(crop)
            bar.refresh()  # Textual draws it afresh below
            assert as_drawn(given) == as_drawn(Widget.render_lines(bar, crop)), what

        states = [
            ("at the top", lambda: scroll.scroll_to(y=0, animate=False)),
            ("half way", lambda: scroll.scroll_to(y=90, animate=False)),
            ("at the end", lambda: scroll.scroll_end(animate=False)),
            ("hovered", lambda: setattr(bar, "mouse_over", True)),
            ("grabbed", lambda: setattr(bar, "grabbed", bar.region.offset)),
            ("let go", lambda: (setattr(bar, "grabbed", None), setattr(bar, "mouse_over", False))),
            ("at the top again", lambda: scroll.scroll_to(y=0, animate=False)),
            ("light theme", lambda: setattr(app, "theme", "textual-light")),
            ("dark theme", lambda: setattr(app, "theme", "textual-dark")),
        ]
        seen: list[object] = []
        for what, change in states:
            change()
            await pilot.pause()
            await pilot.pause()
            check(what)
            seen.append(state_of(bar))
        assert seen[5] == seen[2] and seen[6] == seen[0], "let go, at the top: met before"
        assert len(set(seen)) == len(seen) - 2, "every other state is new (a theme's too)"

        height = bar.region.height
        await pilot.resize_terminal(40, 20)
        await until(pilot, lambda: bar.region.height > height, "the scrollbar taller")
        check("taller")
        drawn: list[int] = []
        with textual_draws(drawn):
            await pilot.resize_terminal(40, 12)
            await until(pilot, lambda: bar.region.height == height, "the scrollbar as before")
            await pilot.pause()
            crop = Region(0, 0, *bar.region.size)
            given = bar.render_lines(crop)
        assert drawn == [], "the size and thumb it had: drawn before, not again"
        bar.refresh()
        assert as_drawn(given) == as_drawn(Widget.render_lines(bar, crop))

        # One line at a time (what the mouse pointer asks for): Textual's own, not kept,
        # so the whole drawing is still given back after a dozen of them.
        for y in range(bar.region.height):
            line = Region(0, y, bar.region.width, 1)
            assert as_drawn(bar.render_lines(line)) == as_drawn(given[y : y + 1])
        drawn.clear()
        with textual_draws(drawn):
            assert as_drawn(bar.render_lines(crop)) == as_drawn(given)
        assert drawn == [], "the whole drawing kept through the one-line crops"


async def test_a_state_drawn_anew_draws_one_row_per_run_of_rows_alike() -> None:
    """A vertical bar is a track, the thumb's ends and the thumb: each run of rows alike
    is drawn once by Textual and repeated, not drawn row by row (a 34-row bar was 34
    drawings in the reader's first frame)."""
    memoize_scrollbars()
    app = Scrolled()
    async with app.run_test(size=(40, 30)) as pilot:
        scroll, bar = await shown_bar(app, pilot)
        crop = Region(0, 0, *bar.region.size)
        for y in (37, 90, 140):  # states not drawn before, the thumb at each
            drawn: list[int] = []
            with textual_draws(drawn):  # the frame that shows the scroll
                scroll.scroll_to(y=y, animate=False)
                await until(pilot, lambda d=drawn: d, "the bar drawn")
                await pilot.pause()
            assert 2 <= len(drawn) <= 5 < bar.region.height, (y, drawn)
            given = bar.render_lines(crop)  # (that drawing, kept)
            bar.refresh()
            assert as_drawn(given) == as_drawn(Widget.render_lines(bar, crop)), y
