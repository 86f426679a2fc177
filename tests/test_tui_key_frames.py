"""Issue 11, finding 10: the seed's keys show their whole effect in the first frame.

A key's effect reaches the terminal with the first frame drawn after it; whatever a later
message changes comes a frame (tens of milliseconds on a busy machine) later.  These tests
check that what the user looks for is decided when the key is handled, not a message on.
"""

from __future__ import annotations

import gc
import sys
import threading

import pytest
from helpers.screen import screen_lines
from test_tui_coding import until
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget

from tui import heap
from tui.app import ReaderApp, create_app
from tui.screens import DIALOGS, preload_dialogs
from tui.screens.compare import CompareScreen
from tui.screens.reader import ReaderScreen
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


async def test_keys_are_handled_with_the_collector_held_until_drawn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A full pass of the garbage collector (40-100 ms on this machine) came between a
    key and its frame now and then (``?``, ``c`` or ``2`` on the seed, most runs): the
    collector is held while a key is handled and runs again once the key's frame is drawn
    (so a pass that falls due meanwhile is not skipped, only moved after the frame)."""
    enabled_in_action: list[bool] = []
    compare = ReaderScreen.action_compare

    def recording(self: ReaderScreen) -> None:
        enabled_in_action.append(gc.isenabled())
        compare(self)

    monkeypatch.setattr(ReaderScreen, "action_compare", recording)
    assert gc.isenabled()
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert enabled_in_action == [False]
        assert gc.isenabled()  # the matrix is drawn: collecting again
        await pilot.press("escape", "tab", "2", "question_mark")
        await pilot.pause()
        assert gc.isenabled()


async def test_a_key_whose_effect_comes_in_a_message_is_handled_with_the_collector_held(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``n`` in the article posts the quote it found, handled by the reader after the key:
    the collector is still held then (it was let go as soon as the screen was next idle,
    before that message, and a full pass fell in the frame: 15-30 ms on the large case),
    and runs again once the frame showing it is drawn."""
    held_when_shown: list[bool] = []
    shown = ReaderScreen.on_article_view_quote_selected

    def recording(self: ReaderScreen, message: ArticleView.QuoteSelected) -> None:
        held_when_shown.append(not gc.isenabled())
        shown(self, message)

    monkeypatch.setattr(ReaderScreen, "on_article_view_quote_selected", recording)
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        for _ in range(3):
            await pilot.press("n")
            await pilot.pause()
            assert gc.isenabled()  # drawn: collecting again
        assert held_when_shown == [True, True, True]


def test_the_dialogs_preloaded_then_what_follows_runs() -> None:
    """``preload_dialogs(then=...)``: ``then`` runs once every dialog module is imported
    (the reader freezes them then, out of the collector's full passes)."""
    done = threading.Event()
    imported: list[bool] = []

    def then() -> None:
        imported.append(all(name in sys.modules for name in DIALOGS))
        done.set()

    preload_dialogs(then=then).join(timeout=30)
    assert done.is_set()
    assert imported == [True]


def test_a_pause_during_a_key_keeps_the_collector_held_until_its_resume() -> None:
    """The coding save pauses the collector until the version written is drawn: called
    while a key holds it, that pause takes the hold over (the key's frame does not end
    it), and its resume ends it."""
    assert gc.isenabled()
    heap.hold_for_key()
    try:
        held = heap.pause()
        heap.release_key_hold()  # the key's frame is drawn
        assert not gc.isenabled()
        heap.resume(held)
        assert gc.isenabled()
    finally:
        heap.release_key_hold()
        gc.enable()


async def test_quitting_leaves_the_collector_on() -> None:
    """``q`` is a key too: its hold on the collector ends with the reader, whose frame
    never comes (a process that opens readers one after another keeps collecting)."""
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("q")
    assert gc.isenabled()


async def test_a_version_shown_again_redraws_no_pane_whose_title_is_unchanged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Showing a version (a reload, a quote coded) sets each pane's title and colour again:
    Textual redraws a widget whose border title is set, even to the same title, so every
    pane was drawn again (~2.5 ms each in the frame that shows a coded quote).  Only a
    pane whose title changes is drawn again now; a new colour still is."""
    drawn: list[str] = []  # a party's id for each line of its pane drawn anew
    render_line = PartyPane.render_line

    def counted(pane: PartyPane, y: int) -> Strip:
        drawn.append(pane.party.id)
        return render_line(pane, y)

    monkeypatch.setattr(PartyPane, "render_line", counted)
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        reader = app.reader
        await pilot.press("a")
        await until(pilot, lambda: drawn, "the panes drawn")
        await pilot.pause()
        drawn.clear()
        await reader.show_document(reader.document, reader.index, reader.file_warnings)
        reader.status_line.update(Content("shown again"))
        await until(pilot, lambda: "shown again" in "\n".join(screen_lines(app)), "a frame")
        assert drawn == []
        before = [color.hex for color in reader.party_colors]
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await until(pilot, lambda: len(set(drawn)) == 3, "every pane drawn in its new colour")
        after = [color.hex for color in reader.party_colors]
        assert after != before
        for pane, color in zip(reader.panes, after, strict=True):
            assert color.lower() in str(pane.border_title).lower(), "the name in its colour"


def test_full_passes_put_off_run_when_the_keys_pause_or_once_overdue() -> None:
    """In the reader, full passes do not start on their own (one fell between keys every
    3-4 s of them on the large case, 15-30 ms): they run when the keys pause, or anyway
    once ten times overdue, and closing the reader gives them back to CPython."""
    threshold = gc.get_threshold()
    gc.collect()
    heap.defer_full_passes()
    try:
        assert gc.get_threshold()[:2] == threshold[:2] and gc.get_threshold()[2] > 10**6
        for _ in range(threshold[2]):  # as many younger passes as a full one waits for
            gc.collect(1)
        assert gc.get_count()[2] == threshold[2]  # CPython would have run it by now
        assert not heap.collect_if_due(idle=False)  # keys coming: put off
        assert heap.collect_if_due(idle=True)  # a pause: run
        assert gc.get_count()[2] == 0
        for _ in range(threshold[2] * heap.OVERDUE):
            gc.collect(1)
        assert heap.collect_if_due(idle=False)  # overdue: run even between keys
        gc.disable()
        for _ in range(threshold[2]):
            gc.collect(1)
        assert not heap.collect_if_due(idle=True)  # never while the collector is held
        gc.enable()
    finally:
        gc.enable()
        heap.let_go()
    assert gc.get_threshold() == threshold


async def test_the_reader_collects_in_a_pause_in_the_keys() -> None:
    """With full passes put off (as the command line's reader has them), one due runs
    once the keys have paused, from the reader's own timer."""
    threshold = gc.get_threshold()
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        heap.defer_full_passes()
        try:
            await pilot.press("a")
            await pilot.pause()
            for _ in range(threshold[2]):
                gc.collect(1)
            await until(pilot, lambda: gc.get_count()[2] < threshold[2], "a full pass")
        finally:
            heap.let_go()
    assert gc.get_threshold() == threshold
