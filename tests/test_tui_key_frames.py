"""Issue 11, finding 10: the seed's keys show their whole effect in the first frame.

A key's effect reaches the terminal with the first frame drawn after it; whatever a later
message changes comes a frame (tens of milliseconds on a busy machine) later.  These tests
check that what the user looks for is decided when the key is handled, not a message on.
"""

from __future__ import annotations

from textual.widget import Widget

from tui.app import ReaderApp, create_app
from tui.widgets.article_view import ArticleView
from tui.widgets.party_pane import PartyPane


def border(widget: Widget) -> str:
    """The kind of border the widget is drawn with (``heavy``: it has the keyboard)."""
    return str(widget.styles.border_top[0])


def seed_app() -> ReaderApp:
    """The reader on the bundled seed (three parties, side by side at 120 columns)."""
    from positions.loader import SEED_POSITIONS, load_document

    loaded = load_document(SEED_POSITIONS)
    return create_app(loaded.document, warnings=loaded.warnings)


def borders(panes: list[PartyPane]) -> list[str]:
    """Each party pane's border, in party order."""
    return [border(pane) for pane in panes]


async def test_the_pane_focused_has_its_heavy_border_as_the_focus_moves() -> None:
    """``tab`` / ``2`` / a click: the pane's border changed on ``DescendantFocus``, a
    message after the focus, so the first frame drew the pane's options and the article's
    light border and the next frame the pane's heavy border.  Now the borders change with
    the focus, before any message is handled; the status line describes the new pane."""
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        reader = app.reader
        panes = reader.panes
        assert borders(panes) == ["round", "round", "round"]
        reader.focus_party(1)  # what ``2`` does; nothing is awaited after it
        assert borders(panes) == ["round", "heavy", "round"]
        assert "Russia" in str(reader.status_line.render())
        reader.focus_now(panes[2].quote_list)  # a click on the third pane's list
        assert borders(panes) == ["round", "round", "heavy"]
        reader.focus_now(reader.article)  # ``a``
        assert borders(panes) == ["round", "round", "round"]
        await pilot.pause()
        assert isinstance(reader.focused, ArticleView)
        assert borders(panes) == ["round", "round", "round"]  # and nothing undid it


async def test_tab_and_number_keys_keep_one_heavy_border() -> None:
    """Through the keys: one heavy border, on the pane focused, whatever the path."""
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", "tab")
        await pilot.pause()
        reader = app.reader
        assert borders(reader.panes) == ["heavy", "round", "round"]
        assert border(reader.article) != "heavy"
        await pilot.press("3", "shift+tab")
        await pilot.pause()
        assert borders(reader.panes) == ["round", "heavy", "round"]
        await pilot.press("shift+tab", "shift+tab")
        await pilot.pause()
        assert borders(reader.panes) == ["round", "round", "round"]
        assert border(reader.article) == "heavy"
