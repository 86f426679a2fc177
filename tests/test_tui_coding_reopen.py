"""The "code quote" dialog is built once and shown again on each ``m`` (issue 14's
``enter`` → quote shown: closing a new dialog each time removed its widgets, and the
reader laid itself out twice more as the save was shown).  What a reopened dialog shows
must be what a new one would: the passage selected now, its prefilled fields, nothing
typed before, no message of before."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from helpers.screen import screen_text
from test_tui_coding import ONE, open_app, quotes, search, strict, until, write_files
from textual.widgets import Static

from positions.model import Span
from tui.screens.code import CodeQuoteScreen
from tui.screens.reader_coding import CODE_DIALOG


async def test_a_reopened_dialog_shows_what_a_new_one_would(tmp_path: Path) -> None:
    path = write_files(tmp_path, ONE)
    app = open_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        await pilot.press("a")
        await search(pilot, "Moscow")
        await pilot.press("v")
        # Built, hidden, once a passage is selected: m only fills it in and shows it.
        await until(pilot, lambda: app.is_screen_installed(CODE_DIALOG), "the dialog built")
        first = app.get_screen(CODE_DIALOG)
        assert isinstance(first, CodeQuoteScreen) and app.screen is reader
        await pilot.press("m")
        await until(pilot, lambda: app.screen is first, "the dialog")
        await pilot.pause()
        assert "“Moscow”  (6 characters)" in screen_text(app)
        assert first.values().party == "Russia"
        await pilot.press(*"Junk", "tab", *"Other", "tab", *"xyz", "enter")  # a bad stance
        await until(pilot, lambda: "Stance: one of" in screen_text(app), "the problem said")
        assert "→ a new party" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is reader, "the dialog closed")

        # Another passage: its own heading and prefill, nothing typed before, no message.
        await search(pilot, "Thursday")
        await pilot.press("v", "m")
        await until(pilot, lambda: app.screen is first, "the same dialog, shown again")
        await pilot.pause()
        shown = screen_text(app)
        assert "“Thursday”  (8 characters)" in shown and "“Moscow”" not in shown
        assert "Stance: one of" not in shown and "→ a new" not in shown
        assert "→ Russia" in shown and "→ Truce" in shown
        values = first.values()
        assert (values.party, values.topic, values.stance, values.summary) == (
            "Russia", "Truce", "", ""
        )
        assert "Summary" in shown  # no position yet: a new one needs a summary
        await pilot.press(*"Uk")  # the prefilled party is selected: typing replaces it
        assert first.values().party == "Uk"
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is reader, "closed again")

        # Coded, then reopened on a passage of the same position: no summary asked for,
        # the stance prefilled from the position.
        await pilot.press("m")
        await until(pilot, lambda: app.screen is first, "shown a third time")
        assert first.values().party == "Russia"
        await code_open(pilot, "s", "Agrees.")
        await until(pilot, lambda: quotes(reader.document), "coded")
        assert quotes(strict(path)) == [("russia", "truce", "Thursday")]
        reader.focus_now(reader.article)
        await search(pilot, "Moscow")
        await pilot.press("v", "m")
        await until(pilot, lambda: app.screen is first, "shown a fourth time")
        await pilot.pause()
        assert first.values().stance == "supports"
        assert "Summary" not in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: len(quotes(reader.document)) == 2, "the second quote")
        assert ("russia", "truce", "Moscow") in quotes(strict(path))


async def code_open(pilot: Any, stance: str, summary: str) -> None:
    """In the dialog open: the stance (third field) and the summary (seventh), enter."""
    await pilot.press("tab", "tab", *stance, "tab", "tab", "tab", "tab", *summary, "enter")


async def test_a_key_the_footer_had_not_built_is_added_in_its_place(tmp_path: Path) -> None:
    """The footer built for the article (where ``b`` selects a word less, not shown) gets
    the pane's ``b`` Balance added, not every key built again, when a save (or ``tab``)
    moves the focus to a pane: it reads as a footer built for the pane would."""
    from helpers.screen import region_lines

    path = write_files(tmp_path, ONE)
    app = open_app(path)

    def footer() -> str:
        return (region_lines(app, app.reader.query_one("ReaderFooter")) or [""])[0]

    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        await pilot.press("a")  # before the footer is first built (after the first frame)
        await until(pilot, lambda: "? Help" in footer(), "the footer")
        assert reader.focused is reader.article and "Balance" not in footer()
        await pilot.press("tab")
        await until(pilot, lambda: "b Balance" in footer(), "the pane's keys")
        assert "e Export  b Balance  ? Help  q Quit" in footer()
        await pilot.press("a")
        await until(pilot, lambda: "Balance" not in footer(), "the article's keys again")
        assert "e Export  ? Help  q Quit" in footer()


def _hold_writes(monkeypatch: Any) -> Any:
    """Every write of the session waits until the returned event is set (the write then
    takes as long as the test wants)."""
    import threading

    from positions.session import DocumentSession

    release = threading.Event()
    real = DocumentSession.apply

    def slow_apply(self: DocumentSession, change: Any) -> Any:
        release.wait(20)
        return real(self, change)

    monkeypatch.setattr(DocumentSession, "apply", slow_apply)
    return release


async def _save_moscow(pilot: Any) -> CodeQuoteScreen:
    """From the reader just opened: "Moscow" selected, coded to the prefilled party and
    topic with a stance and a summary, ``enter`` pressed; the dialog."""
    app = pilot.app
    await pilot.press("a")
    await search(pilot, "Moscow")
    await pilot.press("v", "m")
    await until(pilot, lambda: isinstance(app.screen, CodeQuoteScreen), "the dialog")
    dialog = app.screen
    assert isinstance(dialog, CodeQuoteScreen)
    await pilot.press("tab", "tab", "s", "tab", "tab", "tab", "tab", *"In Moscow.", "enter")
    await pilot.pause()
    return dialog


async def test_the_dialog_stays_until_the_change_is_written_and_keys_wait(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """``enter`` writes the change with the dialog still on screen (closed in the frame
    that shows the change, the reader not drawn in between): a second ``enter`` or an
    ``escape`` meanwhile changes nothing, and one quote is written."""
    path = write_files(tmp_path, ONE)
    app = open_app(path)
    release = _hold_writes(monkeypatch)
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        dialog = await _save_moscow(pilot)
        assert app.screen is dialog and dialog.saving  # being written: still shown
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert app.screen is dialog  # neither closed it nor saved twice
        release.set()
        await until(pilot, lambda: app.screen is reader, "closed once written")
        assert not dialog.saving
        await until(pilot, lambda: reader.selection.highlighted is not None, "the quote chosen")
        highlighted = reader.selection.highlighted
        assert highlighted is not None and highlighted.quote.text == "Moscow"
        await pilot.pause()
    assert quotes(strict(path)) == [("russia", "truce", "Moscow")]


async def test_a_dialog_covered_while_its_change_is_written_closes_when_uncovered(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """Another screen opened over the dialog while its change is written (the command
    palette still opens then): the quote is written once, and the dialog, under that
    screen meanwhile, closes as soon as it is on top again instead of staying open with
    what was typed (a second ``enter`` there would code the same quote twice)."""
    from textual.screen import ModalScreen

    path = write_files(tmp_path, ONE)
    app = open_app(path)
    release = _hold_writes(monkeypatch)
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        dialog = await _save_moscow(pilot)
        cover: ModalScreen[None] = ModalScreen()
        await app.push_screen(cover)
        release.set()
        await until(pilot, lambda: quotes(reader.document), "written, the dialog covered")
        assert app.screen is cover and dialog in app.screen_stack
        app.pop_screen()
        await until(pilot, lambda: app.screen is reader, "the dialog closed once uncovered")
        await pilot.pause()
    assert quotes(strict(path)) == [("russia", "truce", "Moscow")]


async def test_a_dragged_passage_survives_the_kept_dialog(tmp_path: Path) -> None:
    """A passage selected by a mouse drag is Textual's text selection, which a text field
    clears (on the screen on top) when its text is set: the kept dialog, filled in for
    the drag, leaves it selected, to code again after ``escape``."""
    from test_tui_coding import cell_of

    path = write_files(tmp_path, ONE)
    app = open_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        article = reader.article
        await pilot.press("a")
        await search(pilot, "Moscow")
        await pilot.press("v")  # the dialog built meanwhile, hidden
        await until(pilot, lambda: app.is_screen_installed(CODE_DIALOG), "the dialog built")
        await pilot.press("escape")
        assert not article.passage.active
        text = reader.document.article.text
        start = text.index("proposals")
        down, up = cell_of(app, start), cell_of(app, start + len("proposals") - 1)
        await pilot.mouse_down(article, offset=down)
        await pilot.hover(article, offset=up)
        await pilot.mouse_up(article, offset=up)
        await until(pilot, lambda: article.passage.active, "the drag selected")
        await pilot.press("m")
        await until(pilot, lambda: app.screen is app.get_screen(CODE_DIALOG), "the dialog")
        await pilot.pause()
        assert "“proposals”  (9 characters)" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is reader, "closed")
        await pilot.pause()
        assert article.passage.selected_text == "proposals"  # still selected: code it again


async def test_m_while_the_dialog_is_still_being_built_shows_it_filled(tmp_path: Path) -> None:
    """``m`` in the moment between the hidden dialog's fields being made and its mount
    (the passage selected just before): its fields are filled as ``m`` shows it, so its
    first frame is the filled form.  They were filled once it mounted, a frame later: the
    form flashed empty, two rows higher (1 run in 4 of ``bench/coding.py``)."""
    path = write_files(tmp_path, ONE)
    app = open_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        await pilot.press("a")
        await search(pilot, "Moscow")
        # The passage, selected without a frame: ``m`` comes before the dialog is built.
        start = reader.document.article.text.index("Moscow")
        reader.article.set_passage(Span(start, start + len("Moscow")))
        reader._prepare_dialog()  # what the frame after a selection starts
        dialog = app.get_screen(CODE_DIALOG)
        assert isinstance(dialog, CodeQuoteScreen)
        for _ in range(1000):  # the event loop's turns, not time: its fields made first
            if dialog.query("#code-party"):
                break
            await asyncio.sleep(0)
        assert dialog.query("#code-party") and not dialog.is_mounted, "the moment is missed"
        reader.action_code()  # ``m``, with no turn of the event loop before the check
        assert dialog.values().party == "Russia", "filled as it is shown"
        assert "“Moscow”" in str(dialog.query_one("#code-quote", Static).render())
        await until(pilot, lambda: app.screen is dialog and dialog.is_mounted, "shown")
        await until(pilot, lambda: "→ Russia" in screen_text(app), "the dialog drawn")
        assert dialog.focused is dialog.field("party")
