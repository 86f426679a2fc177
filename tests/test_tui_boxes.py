"""The reader's layout boxes (the screen, ``#body``, ``#parties-area``, ``#parties``) are
drawn as their background alone, Textual's ``BLANK``, not line by line through the styles
cache: a millisecond or two a box in every frame that draws the whole screen, the first
one included (issue 15).

A party pane likewise draws only its top, one body line and its bottom through the
styles cache, and the reader is styled once before its first frame.

What the user relies on: the screen is exactly what the styles cache draws, in every
layout (side by side, tabbed, stacked); and what the change is for: those frames no longer
draw the boxes line by line (counted on Textual's ``StylesCache.render_widget``, the one
way a widget is drawn line by line: a private name, as ``tests/test_workarounds.py``
reads them, so that an upgrade that changes it fails here by name).
"""

from __future__ import annotations

from typing import Any

import pytest
from textual._styles_cache import StylesCache
from textual.css.stylesheet import Stylesheet
from textual.widget import Widget

from positions.loader import SEED_POSITIONS, load_document
from tui.app import ReaderApp, create_app
from tui.screens.reader import ReaderScreen
from tui.widgets.boxes import Column, Row
from tui.widgets.party_pane import PartyPane

BOXES = ("ReaderScreen", "#body", "#parties-area", "#parties")

#: Side by side, tabbed, stacked.
SIZES = [(120, 40), (80, 24), (50, 30)]


def seed_app() -> ReaderApp:
    loaded = load_document(SEED_POSITIONS)
    return create_app(loaded.document, warnings=loaded.warnings)


async def screen_at(size: tuple[int, int]) -> str:
    """The reader on the seed at ``size``, as a picture, once settled."""
    app = seed_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        return app.export_screenshot()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_boxes_look_as_the_styles_cache_draws_them(
    size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    blank = await screen_at(size)
    for box in (Row, Column, ReaderScreen):
        monkeypatch.setattr(box, "BLANK", False)
    drawn = await screen_at(size)
    assert blank == drawn


async def test_the_first_frame_draws_no_box_line_by_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn: list[str] = []
    render_widget = StylesCache.render_widget

    def counted(self: StylesCache, widget: Widget, crop: Any) -> Any:
        drawn.append(widget.id or type(widget).__name__)
        return render_widget(self, widget, crop)

    monkeypatch.setattr(StylesCache, "render_widget", counted)
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # What the first frame drew through the styles cache: the widgets with something
        # of their own to draw, and none of the boxes.
        assert {"article", "party-0", "status"} <= set(drawn)
        boxes = {app.screen.id or "ReaderScreen", "body", "parties-area", "parties"}
        assert boxes.isdisjoint(drawn)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_party_pane_looks_as_the_styles_cache_draws_it(
    size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A party pane draws its top line, one body line and its bottom line, and repeats the
    body line (``tui.workarounds.drawing.body_drawn_once``): the same picture."""
    once = await screen_at(size)
    monkeypatch.setattr(PartyPane, "render_lines", Widget.render_lines)
    drawn = await screen_at(size)
    assert once == drawn


async def test_a_party_pane_is_drawn_three_lines_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each time a pane is drawn (the first frame and those after it, as the focus
    settles), Textual draws its top, one body line and its bottom: 3 of its 38 lines."""
    crops: list[tuple[str, int, int]] = []
    render_widget = StylesCache.render_widget

    def counted(self: StylesCache, widget: Widget, crop: Any) -> Any:
        if isinstance(widget, PartyPane):
            crops.append((widget.id or "", crop.y, crop.height))
        return render_widget(self, widget, crop)

    monkeypatch.setattr(StylesCache, "render_widget", counted)
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        height = app.reader.panes[0].outer_size.height
        assert height > 30
        assert {pane for pane, _, _ in crops} == {"party-0", "party-1", "party-2"}
        assert {(y, lines) for _, y, lines in crops} == {(0, 1), (1, 1), (height - 1, 1)}


async def test_the_reader_is_styled_once_before_its_first_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The layout class for the terminal's width (``-wide``) is set when the reader is
    made, not as it composes: the screen is styled once, not again for the class."""
    styled: list[str] = []
    apply = Stylesheet.apply

    def counted(self: Stylesheet, node: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(node, ReaderScreen):
            styled.append(" ".join(sorted(node.classes)))
        return apply(self, node, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "apply", counted)
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.reader.has_class("-wide")
        assert styled == ["-wide"]
