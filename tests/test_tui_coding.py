"""The analyst's workbench in the reader: select, code, edit, remove, undo (issue 14).

Each test drives the reader with keys (and the mouse) on a positions file in a temporary
folder; after each change the file written loads with strict checking, like
``check --strict``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers.screen import screen_text

from positions.diagnostics import LoadError
from positions.loader import load_document
from positions.model import Document, Span
from positions.newfile import new_positions
from positions.session import DocumentSession, Ready
from tui.app import ReaderApp, create_app
from tui.article_paint import GUTTER
from tui.screens.code import CodeQuoteScreen

ARTICLE = """\
# Talks on a truce

Putin said: "We agree with the proposals to cease hostilities. But there are nuances." \
He spoke in Moscow on Thursday.

Zelensky said the plan was "a chance for peace" and called Putin's answer \
"very predictable and manipulative". Talks go on.
"""

#: A party and a topic, nothing coded.
ONE = """\
version: 1
article:
  file: article.md
topics:
  truce:
    title: Truce
parties:
  russia:
    name: Russia
"""


def write_files(folder: Path, positions: str) -> Path:
    (folder / "article.md").write_text(ARTICLE, encoding="utf-8")
    path = folder / "article.positions.yaml"
    path.write_text(positions, encoding="utf-8")
    return path


def open_app(path: Path) -> ReaderApp:
    session = DocumentSession(path)
    assert isinstance(session.open_linked(), Ready)
    return create_app(session)


def strict(path: Path) -> Document:
    """The file as ``check --strict`` reads it (raises on any error or warning)."""
    return load_document(path, strict=True).document


async def until(pilot: Any, condition: Callable[[], object], what: str) -> None:
    """Let the app run until ``condition()`` holds (a write runs in a thread: seconds)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never happened: {what}")


def quotes(document: Document) -> list[tuple[str, str, str]]:
    return [(p.id, pos.topic_id, q.text) for p, pos, q in document.all_quotes()]


async def search(pilot: Any, term: str) -> None:
    await pilot.press("slash", *term, "enter")
    await pilot.pause()


async def code(pilot: Any, app: ReaderApp, *fields: str) -> None:
    """``m``, then each field's text (``None``-like ``""`` keeps the prefill), enter."""
    await pilot.press("m")
    await until(pilot, lambda: isinstance(app.screen, CodeQuoteScreen), "the dialog open")
    for index, text in enumerate(fields):
        if text:
            await pilot.press(*text)
        if index < len(fields) - 1:
            await pilot.press("tab")
    await pilot.press("enter")
    await until(pilot, lambda: app.screen is app.reader, "the dialog closed")


def cell_of(app: ReaderApp, offset: int) -> tuple[int, int]:
    """The article pane's cell (from its border's corner) showing text ``offset``."""
    article = app.reader.article
    layout = article.text_layout
    assert layout is not None
    line = layout.line_of(offset)
    x = GUTTER + len(layout.prefixes[line]) + offset - layout.starts[line]
    border = article.content_region.offset - article.region.offset
    return border.x + x, border.y + line - int(article.scroll_offset.y)


async def test_the_whole_flow_codes_edits_removes_undoes_and_redoes(tmp_path: Path) -> None:
    (tmp_path / "article.md").write_text(ARTICLE, encoding="utf-8")
    path = new_positions(tmp_path / "article.md")  # what ``ceasefire-tui new`` writes
    assert strict(path).parties == ()
    app = open_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        # A file with nothing coded: the article, and a hint how to code the first quote.
        assert reader.focused is reader.article
        assert "No quotes yet: v selects a passage" in screen_text(app)
        await pilot.resize_terminal(80, 24)  # the whole first step fits at 80 columns
        await pilot.pause()
        assert "No quotes yet: v selects a passage, m codes it" in screen_text(app)
        await pilot.resize_terminal(160, 48)
        await pilot.pause()

        # 1. v and ): a sentence inside Putin's quotation, to a new party and topic.
        await search(pilot, "We agree")
        await pilot.press("v", "right_parenthesis")
        assert reader.article.passage.selected_text == (
            "We agree with the proposals to cease hostilities."
        )
        await pilot.pause()
        assert "Selected 49 characters “We agree with" in screen_text(app)
        await code(pilot, app, "Russia", "Truce", "c", "s", "", "Putin", "Agrees.")
        await until(pilot, lambda: reader.document.parties[0].positions, "the quote shown")
        document = strict(path)
        assert quotes(document) == [
            ("russia", "truce", "We agree with the proposals to cease hostilities.")
        ]
        quote = document.parties[0].positions[0].quotes[0]
        assert quote.kind.value == "direct"  # prefilled: inside quotation marks
        assert quote.speaker == "Putin"
        assert reader.selection.highlighted is not None
        assert reader.selection.highlighted.quote.text == quote.text

        # 2. ": the text inside the quotation marks, a second party, the same topic.
        reader.focus_now(reader.article)
        await search(pilot, "chance")
        await pilot.press("v", "quotation_mark")
        assert reader.article.passage.selected_text == "a chance for peace"
        await code(pilot, app, "Ukraine", "tru", "s", "s", "", "Zelensky", "Welcomes it.")
        await until(pilot, lambda: len(reader.document.parties) == 2, "the second party")
        document = strict(path)
        assert ("ukraine", "truce", "a chance for peace") in quotes(document)

        # 3. A mouse drag, coded to an existing party (typed fuzzily) and a new topic.
        reader.focus_now(reader.article)
        await pilot.pause()
        text = reader.document.article.text
        start = text.index("very predictable")
        end = start + len("very predictable")
        down, up = cell_of(app, start), cell_of(app, end - 1)
        await pilot.mouse_down(reader.article, offset=down)
        await pilot.hover(reader.article, offset=up)
        await pilot.mouse_up(reader.article, offset=up)
        await until(pilot, lambda: reader.article.passage.active, "the drag selected")
        assert reader.article.passage.span == Span(start, end)
        await code(pilot, app, "ukr", "Reply", "o", "r", "", "", "A ploy.")
        await until(pilot, lambda: len(reader.document.topics) == 2, "the new topic")
        document = strict(path)
        assert ("ukraine", "reply", "very predictable") in quotes(document)
        assert document.topic("reply").title == "Reply"

        # 4. An edit: Russia's position on the truce becomes "supports".
        reader.open_position(0, reader.index.topic_ids["truce"])
        await pilot.pause()
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, CodeQuoteScreen), "the edit dialog")
        await pilot.press(*"supports", "enter")
        await until(
            pilot,
            lambda: reader.document.parties[0].positions[0].stance.value == "supports",
            "the edit shown",
        )
        assert strict(path).parties[0].positions[0].stance.value == "supports"

        # 5. A removal: Ukraine's truce quote, after a confirmation naming it.
        reader.open_position(1, reader.index.topic_ids["truce"])
        reader.panes[1].select_quote(reader.index.topic_ids["truce"], 0)
        await pilot.pause()
        await pilot.press("d")
        await until(pilot, lambda: app.screen is not reader, "the confirmation")
        assert "a chance for peace" in screen_text(app)
        await pilot.press("y")
        await until(pilot, lambda: reader.document.parties[1].position_on("truce") is None,
                    "the quote (the position's only one) removed")  # fmt: skip
        kept = [
            ("russia", "truce", "We agree with the proposals to cease hostilities."),
            ("ukraine", "reply", "very predictable"),
        ]
        assert quotes(strict(path)) == kept

        # 6. Undo brings it back, redo removes it again; the article is never written.
        await pilot.press("u")
        await until(pilot, lambda: len(quotes(reader.document)) == 3, "undone")
        assert ("ukraine", "truce", "a chance for peace") in quotes(strict(path))
        await pilot.press("ctrl+r")
        await until(pilot, lambda: len(quotes(reader.document)) == 2, "redone")
        assert quotes(strict(path)) == kept
    assert (tmp_path / "article.md").read_text(encoding="utf-8") == ARTICLE


@pytest.mark.parametrize("key", ["escape"])
async def test_escape_cancels_the_selection_and_the_dialog(tmp_path: Path, key: str) -> None:
    path = write_files(tmp_path, ONE)
    before = path.read_text(encoding="utf-8")
    app = open_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        article = app.reader.article
        await pilot.press("a", "v")
        assert article.passage.selected_text == "Talks"  # the top line's first word
        await search(pilot, "Putin")
        await pilot.press("v", "w", "w")
        assert article.passage.selected_text == "Putin said: \"We"
        await pilot.press("b")
        assert article.passage.selected_text == "Putin said:"
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, CodeQuoteScreen), "the dialog")
        await pilot.press(key)
        await until(pilot, lambda: app.screen is app.reader, "the dialog closed")
        assert article.passage.active  # still selected: code it again
        await pilot.press(key)
        assert not article.passage.active
    assert path.read_text(encoding="utf-8") == before


async def test_an_edit_not_saved_is_said_under_the_edit_dialogs_name(tmp_path: Path) -> None:
    """The position being edited is removed on disk meanwhile: the edit is refused, and
    what is said about it is titled "Edit position", not "Code quote" (QA)."""
    path = write_files(tmp_path, ONE)
    app = open_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        await pilot.press("a")
        await search(pilot, "Moscow")
        await pilot.press("v")
        await code(pilot, app, "Russia", "Truce", "s", "", "", "", "Where.")
        await until(pilot, lambda: quotes(reader.document), "coded")
        reader.open_position(0, reader.index.topic_ids["truce"])
        await pilot.pause()
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, CodeQuoteScreen), "the edit dialog")
        path.write_text(ONE, encoding="utf-8")  # an editor removes the position meanwhile
        await pilot.press(*"opposes", "enter")
        await until(pilot, lambda: any("Not saved" in m.message for m in app.messages),
                    "the refusal said")  # fmt: skip
        said = next(m for m in app.messages if "Not saved" in m.message)
        assert said.title == "Edit position"
        assert path.read_text(encoding="utf-8") == ONE


async def test_unclaimed_quotations_are_counted_and_stepped(tmp_path: Path) -> None:
    path = write_files(tmp_path, ONE)
    app = open_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        article = app.reader.article
        assert len(article.unclaimed()) == 3
        await pilot.press("a")
        assert "3 quotations not yet coded" in screen_text(app)
        await pilot.press("right_curly_bracket")
        first = article.passage.selected_text
        await pilot.press("right_curly_bracket")
        second = article.passage.selected_text
        await pilot.press("left_curly_bracket")
        assert article.passage.selected_text == first
        assert {first, second} <= {
            "We agree with the proposals to cease hostilities. But there are nuances.",
            "a chance for peace",
            "very predictable and manipulative",
        }


async def test_a_drag_and_the_keys_share_one_selection_and_quote_ends_move(
    tmp_path: Path,
) -> None:
    path = write_files(tmp_path, ONE)
    app = open_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        await pilot.press("a")
        text = reader.document.article.text
        start = text.index("proposals")
        at = cell_of(app, start)
        until_end = cell_of(app, start + len("proposals") - 1)
        await pilot.mouse_down(reader.article, offset=at)
        await pilot.hover(reader.article, offset=until_end)
        await pilot.mouse_up(reader.article, offset=until_end)
        await until(pilot, lambda: reader.article.passage.active, "the drag selected")
        assert reader.article.passage.selected_text == "proposals"
        await pilot.press("w", "w")  # the keys go on from the drag
        assert reader.article.passage.selected_text == "proposals to cease"
        await code(pilot, app, "", "", "s", "", "", "", "Yes.")
        await until(pilot, lambda: quotes(reader.document), "coded")
        assert reader.focused is reader.panes[0].quote_list  # the new quote, selected
        assert reader.selection.highlighted is not None
        await pilot.press("left_square_bracket")  # the start a word earlier
        await until(pilot, lambda: quotes(reader.document)[0][2] != "proposals to cease",
                    "moved")  # fmt: skip
        assert quotes(strict(path))[0][2] == "the proposals to cease"
        await pilot.press("right_square_bracket")  # the end a word later
        await until(pilot, lambda: quotes(reader.document)[0][2].endswith("hostilities."),
                    "moved by a word")  # fmt: skip
        await pilot.press("left_curly_bracket")  # the start a character earlier (no space)
        await until(pilot, lambda: quotes(reader.document)[0][2].startswith("h the"),
                    "moved by a character")  # fmt: skip
        # ("h the" is not whole words: check would warn; a word earlier mends it.)
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: quotes(reader.document)[0][2].startswith("with the"),
                    "moved back to a word's start")  # fmt: skip
        assert quotes(strict(path))[0][2] == "with the proposals to cease hostilities."


async def test_an_edit_on_disk_while_the_dialog_is_open_loses_nothing(tmp_path: Path) -> None:
    path = write_files(tmp_path, ONE)
    app = open_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        await pilot.press("a")
        await search(pilot, "Moscow")
        await pilot.press("v", "m")
        await until(pilot, lambda: isinstance(app.screen, CodeQuoteScreen), "the dialog")
        # An editor saves the file meanwhile: a comment and a topic more.
        added = "  # added in an editor\n  kursk:\n    title: Kursk\n"
        edited = ONE.replace("parties:", added + "parties:")
        path.write_text(edited, encoding="utf-8")
        await pilot.press("tab", "tab", "s", "tab", "tab", "tab", "tab", *"Where.", "enter")
        await until(pilot, lambda: quotes(reader.document), "coded")
        written = path.read_text(encoding="utf-8")
        assert "  # added in an editor\n  kursk:\n    title: Kursk\n" in written
        assert quotes(strict(path)) == [("russia", "truce", "Moscow")]

        # Now the editor breaks the file: the change cannot be applied; the dialog comes
        # back with everything typed, saying why.
        await search(pilot, "Thursday")
        await pilot.press("v", "m")
        await until(pilot, lambda: isinstance(app.screen, CodeQuoteScreen), "the dialog")
        broken = written.replace("parties:", "parties: [")
        path.write_text(broken, encoding="utf-8")
        await pilot.press("tab", "tab", "tab", "tab", "tab", *"Lavrov", "enter")
        await until(pilot, lambda: isinstance(app.screen, CodeQuoteScreen)
                    and app.screen.error is not None, "the dialog again")  # fmt: skip
        dialog = app.screen
        assert isinstance(dialog, CodeQuoteScreen)
        assert dialog.values().speaker == "Lavrov"
        assert "Not saved" in screen_text(app)
        assert path.read_text(encoding="utf-8") == broken  # never overwritten


async def test_an_article_edited_while_the_dialog_is_open_gets_the_passage_selected(
    tmp_path: Path,
) -> None:
    """An editor saves the article while the dialog is open (text inserted before the
    passage): the quote written is the passage the dialog shows, found where it is now,
    not the text that moved under its old offsets."""
    path = write_files(tmp_path, ONE)
    app = open_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        await pilot.press("a")
        await search(pilot, "Moscow")
        await pilot.press("v", "w", "m")  # "Moscow on"
        await until(pilot, lambda: isinstance(app.screen, CodeQuoteScreen), "the dialog")
        article = tmp_path / "article.md"
        article.write_text("Editor's note: updated.\n\n" + ARTICLE, encoding="utf-8")
        await pilot.press("tab", "tab", "s", "tab", "tab", "tab", "tab", *"Where.", "enter")
        await until(pilot, lambda: quotes(reader.document), "coded")
        assert quotes(strict(path)) == [("russia", "truce", "Moscow on")]
        assert reader.document.article.text.startswith("Editor's note")


async def test_keys_typed_in_one_burst_land_in_the_fields_they_were_typed_for(
    tmp_path: Path,
) -> None:
    """``m`` and every field typed in one burst (a paste, a fast typist, a busy machine):
    each key lands in the field it was typed for, though the dialog is still being
    shown when the first come (QA: the party's and topic's letters were lost, or went
    to the reader), and the tab after the speaker goes to the summary that a new party
    and topic show."""
    from textual import events

    path = write_files(tmp_path, ONE)
    app = open_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("a")
        await search(pilot, "Moscow")
        await pilot.press("v")
        fields = ("Eastland", "Border", "s", "s", "", "Mr Envoy", "Wants talks")
        burst: list[str] = ["m"]
        for index, text in enumerate(fields):
            burst += [*text, "tab"] if index < len(fields) - 1 else [*text]
        for key in burst:  # posted at once: no message handled between two keys
            char = "\t" if key == "tab" else key
            app.post_message(events.Key("space" if key == " " else key, char))
        await until(pilot, lambda: isinstance(app.screen, CodeQuoteScreen), "the dialog")
        dialog = app.screen
        assert isinstance(dialog, CodeQuoteScreen)
        await until(pilot, lambda: dialog.field("summary").value == "Wants talks", "typed")
        values = dialog.values()
        assert (values.party, values.topic, values.speaker) == ("Eastland", "Border", "Mr Envoy")


async def test_a_new_position_without_a_summary_is_saved_with_checks_warning(
    tmp_path: Path,
) -> None:
    path = write_files(tmp_path, ONE)
    app = open_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        await pilot.press("a")
        await search(pilot, "Moscow")
        await pilot.press("v")
        await code(pilot, app, "", "", "s")  # no summary typed
        await until(pilot, lambda: quotes(reader.document), "coded")
        warned = [m for m in app.messages if m.severity == "warning"]
        assert warned and "summary" in warned[-1].message
    assert quotes(load_document(path).document) == [("russia", "truce", "Moscow")]
    with pytest.raises(LoadError, match="summary"):
        strict(path)


async def test_a_new_file_for_an_article_without_a_headline_opens_saying_it_has_none(
    tmp_path: Path,
) -> None:
    # ``new`` wrote the file name as the headline ("title: art"): the reader, the export
    # dialog and every export called the article "art".
    (tmp_path / "art.txt").write_text("Talks resume in Geneva today.\n", encoding="utf-8")
    path = new_positions(tmp_path / "art.txt")
    assert "title:" not in path.read_text(encoding="utf-8")
    assert strict(path).headline is None
    app = open_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "No headline · “Talks resume in Geneva" in screen_text(app)
        await pilot.press("e")
        await until(pilot, lambda: app.screen is not app.reader, "the export dialog")
        await pilot.pause()
        shown = screen_text(app)
        assert "No headline · “Talks resume" in shown and "“art”" not in shown
        assert "“No headline" not in shown  # (no headline: nothing quoted as one)
