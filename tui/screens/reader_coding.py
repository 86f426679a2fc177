"""The reader's authoring keys: code a passage, edit, remove, move a quote's ends, undo.

``m`` on a passage selected in the article opens the "code quote" dialog
(:mod:`tui.screens.code`); in a party pane ``d`` removes the quote under the cursor (after
a confirmation naming it), ``E`` edits the position, ``[`` / ``]`` move the quote's start
earlier / its end later by a word and ``{`` / ``}`` by a character, ``;`` / ``'`` its
start later / its end earlier by a word and ``:`` / ``"`` by a character; ``u`` undoes and
``ctrl+r`` redoes.  Every change goes through the app's
:class:`~positions.session.DocumentSession` (``apply``, ``undo``, ``redo``) in a worker;
the version it writes is shown at once with the changed quote selected.  A dialog's change
is written with the dialog still open, closed in the frame that shows the change (or once
it is on top again); a change the session refuses (the file changed on disk meanwhile)
leaves the dialog open with what was typed, saying why.

The article focused, the status line shows the passage selected and the quotations uncoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.content import Content
from textual.message import Message

from positions.index import QuoteRef
from positions.model import Document, Span
from positions.session import DocumentSession, Failed, Ready, Refused
from positions.steps import moved_ends
from tui.article_layout import layout_for
from tui.heap import pause, resume
from tui.log import say
from tui.safe import literal, one_line, truncate
from tui.screens.reader_view import ReaderView
from tui.widgets.article_select import PassageKeys
from tui.widgets.article_view import ArticleLayout, ArticleView
from tui.widgets.footer import ReaderFooter
from tui.widgets.party_pane import PartyPane, QuoteList
from tui.widgets.status import describe_article, describe_passage

if TYPE_CHECKING:  # the changes load with the first one (or the writing prepared after the
    # first frame), not before the reader's first frame
    from positions.authoring import AddQuote, Change, EditPosition
    from tui.code_form import FormValues
    from tui.screens.code import CodeQuoteScreen

__all__ = ["CODE_DIALOG", "CodingReader"]

#: The name the "code quote" dialog is installed under: built on the first ``m``, then
#: kept and reset on each (:meth:`~tui.screens.code.CodeQuoteScreen.reopen`).
CODE_DIALOG = "code-quote"

@dataclass(frozen=True, repr=False)  # Textual takes a work's repr: not the whole Document
class _Shown:
    """The version shown when a change was asked for, and its article's layout."""

    document: Document
    layout: ArticleLayout | None


@dataclass(frozen=True)
class _Undo:
    """An undo (``step`` -1) or redo (1) asked for."""

    step: int


class CodingReader(ReaderView):
    """The reader view with the keys that change the positions file (see the module doc)."""

    class Applied(Message):
        """From the write worker: the session's outcome for a change (or undo / redo)."""

        def __init__(
            self,
            change: Change | _Undo,
            outcome: Ready | Failed | Refused | None,
            layout: ArticleLayout | None,
        ) -> None:
            self.change = change
            self.outcome = outcome
            self.layout = layout
            super().__init__()

    _writing = False
    _collecting = True  # the collector ran before the write paused it
    _preparing = False  # a worker is getting the session ready to write

    # ------------------------------------------------------------ the session

    def _session(self) -> DocumentSession | None:
        session = getattr(self.app, "session", None)
        return session if isinstance(session, DocumentSession) else None

    def _ready_to_write(self) -> DocumentSession | None:
        session = self._session()
        if session is None:
            return None
        if self._writing:
            say(self.app, "Still writing the last change: a moment.", timeout=2)
            return None
        if not self.document.linked or self.load_errors:
            say(self.app, "The file must load and link before it can be changed.",
                severity="warning", timeout=3)  # fmt: skip
            return None
        return session

    _saving_dialog: CodeQuoteScreen | None = None  # the dialog the change being written is from

    def apply_change(self, change: Change | _Undo, dialog: CodeQuoteScreen | None = None) -> bool:
        """Apply ``change`` (or undo / redo) through the session, in a worker; whether it
        is being written.  ``dialog``: the dialog it comes from, open until it is written
        (closed in the frame that shows it, or told why it was not)."""
        session = self._ready_to_write()
        if session is None:
            return False
        self._saving_dialog = dialog
        self._writing = True
        self._collecting = pause()  # until the version written is drawn: _resume_collector
        shown = _Shown(self.document, self.article.text_layout)
        self._write_worker(session, change, self.article.text_width, shown)
        return True

    def _save_from(self, dialog: CodeQuoteScreen, change: AddQuote | EditPosition) -> bool:
        """A dialog's ``saver``: write its change (see ``CodeQuoteScreen.saver``)."""
        return self.apply_change(change, dialog)

    @work(thread=True, exclusive=True, group="write", exit_on_error=False)
    def _write_worker(
        self,
        session: DocumentSession,
        change: Change | _Undo,
        width: int,
        shown: _Shown,
    ) -> None:
        """Write through the session; post the outcome with the article wrapped (the
        layout shown is kept when the article and its header did not change: a change to
        the positions file leaves them alone)."""
        outcome: Ready | Failed | Refused | None
        layout = None
        try:
            if isinstance(change, _Undo):
                outcome = session.undo() if change.step < 0 else session.redo()
            else:
                outcome = session.apply(change)
            if isinstance(outcome, Ready) and width > 0:
                layout = layout_for(outcome.document, width, (shown.document, shown.layout))
        except Exception as exc:  # a bug must not take the reader (and the work) down
            outcome = Refused(f"{type(exc).__name__}: {exc}")
        self.post_message(self.Applied(change, outcome, layout))

    def _resume_collector(self) -> None:
        """The version written is shown (and kept out of full passes, as every version
        shown is): the collector paused by :meth:`apply_change` runs again."""
        resume(self._collecting)

    async def on_coding_reader_applied(self, message: Applied) -> None:
        """Show the version written, the changed quote selected; or say why not (one
        frame drawn once it is all done, none half-way: mounting a new party's pane
        lets the event loop run, and the screen would be drawn in between)."""
        try:
            with self.app.batch_update():
                self._status_held = True  # described once, when it is all shown
                try:
                    await self._show_applied(message)
                finally:
                    self._status_held = False
                    self.update_status()
        finally:
            self.call_after_refresh(self._resume_collector)

    async def _show_applied(self, message: Applied) -> None:
        from positions.authoring import AddQuote, MoveQuote, describe
        self._writing = False
        change, outcome = message.change, message.outcome
        dialog, self._saving_dialog = self._saving_dialog, None
        covered = None  # the dialog with another screen over it (the palette): it stays
        if dialog is not None and dialog is not self.app.screen:
            covered, dialog = dialog, None
            covered.saving = False
        old = self.document
        if outcome is None:
            what = "undo" if isinstance(change, _Undo) and change.step < 0 else "redo"
            say(self.app, f"Nothing to {what}.", timeout=2)
            return
        if isinstance(outcome, Refused):
            if dialog is None:
                self._refused(change, outcome)
                return
            from tui.code_form import change_title

            reason = f"Not saved: {outcome.reason}"  # the dialog stays, everything typed
            say(self.app, reason, title=change_title(change), severity="error", timeout=8)
            dialog.not_saved(reason)
            return
        if dialog is not None:  # closed in this frame, which shows the change
            await dialog.saved()
        elif covered is not None:  # written: closed once on top again (not coded twice)
            covered.saved_behind()
        if isinstance(outcome, Failed):
            self.show_errors(outcome.diagnostics)
            return
        known = {warning.message for warning in self.file_warnings}
        await self.show_document(
            outcome.document, outcome.index, outcome.warnings, message.layout
        )
        self.clear_errors()
        fresh = [w.format() for w in outcome.warnings if w.message not in known]
        if fresh:  # what ``check`` would now say of the change (a position without a summary)
            say(self.app, "\n".join(fresh[:4]), title="Saved, with a warning",
                severity="warning", timeout=8)  # fmt: skip
        if isinstance(change, AddQuote):
            self.article.set_passage(None, scroll=False)  # coded: it is a quote now
        if isinstance(change, _Undo):
            said = "Undone." if change.step < 0 else "Redone."
        else:
            said = describe(change, old)
            said = said[:1].upper() + said[1:] + "."
            ref = self._changed_quote(change, old)
            if ref is not None:
                self.select_quote(ref, focus_pane=isinstance(change, AddQuote | MoveQuote))
        say(self.app, said, title=outcome.document.path.name, timeout=3)
        # The keys of the pane focused, in this frame (see show_bindings_now).
        await self.query_one(ReaderFooter).show_bindings_now()

    def _refused(self, change: Change | _Undo, outcome: Refused) -> None:
        from positions.authoring import AddQuote
        from tui.code_form import FormValues, change_title
        reason = outcome.reason
        say(self.app, f"Not saved: {reason}", title=change_title(change), severity="error",
            timeout=8)  # fmt: skip
        if isinstance(change, AddQuote):  # nothing typed is lost: the dialog again
            values = FormValues(
                party=change.party,
                topic=change.topic,
                stance=change.stance.value if change.stance else "",
                basis=change.basis.value if change.basis else "",
                kind=change.kind.value,
                speaker=change.speaker or "",
                summary=change.summary or "",
            )
            self._open_code_dialog(change.span, initial=values, error=f"Not saved: {reason}")

    def _changed_quote(self, change: Change, before: Document) -> QuoteRef | None:
        """The quote a change added (the last of its position) or moved, in the version
        shown now; ``before``: the version the change was made to."""
        from positions.authoring import AddQuote, MoveQuote, added_to
        index = self.index
        if isinstance(change, AddQuote):
            party_id, topic_id = added_to(change, before)
        elif isinstance(change, MoveQuote):
            party_id, topic_id = change.party_id, change.topic_id
        else:
            return None
        party = index.party_ids.get(party_id)
        topic = index.topic_ids.get(topic_id)
        if party is None or topic is None:
            return None
        position = index.position(party, topic)
        if position is None or not position.quotes:
            return None
        number = len(position.quotes) - 1 if isinstance(change, AddQuote) else change.index
        return index.quote(party, topic, number)

    # ---------------------------------------------------------------- coding

    def prepare_writing(self) -> None:
        """Get the session ready to write, in a worker, when it is not (the file was linked
        in another process: the first save would load it all here, seconds on a large
        file): called when a change is on its way (a passage selected, a dialog opened)."""
        session = self._session()
        if session is None or session.writing_prepared or self._preparing:
            return
        if not self.document.linked or self.load_errors:
            return
        self._preparing = True
        self._prepare_worker(session)

    @work(thread=True, exclusive=True, group="prepare", exit_on_error=False)
    def _prepare_worker(self, session: DocumentSession) -> None:
        """``DocumentSession.prepare_writing`` (it takes the write lock: a save waits)."""
        try:
            session.prepare_writing()
        finally:
            self._preparing = False

    def action_code(self) -> None:
        """``m``: code the passage selected in the article."""
        span = self.article.passage.span
        if span is None:
            say(self.app, "Select a passage in the article first: v, or drag with the mouse.",
                severity="warning", timeout=3)  # fmt: skip
            return
        if self._ready_to_write() is None:
            return
        self.prepare_writing()
        self._open_code_dialog(span)

    def _open_code_dialog(
        self, span: Span, *, initial: FormValues | None = None, error: str | None = None
    ) -> None:
        from positions.authoring import speaking_party
        from tui.screens.code import CodeQuoteScreen

        document = self.document
        party = topic = ""
        if document.parties:
            # The party of the speaker the article names for the passage, else the current one.
            speaking = speaking_party(document, span)
            current = document.parties[self.selection.current_party]
            party = document.party(speaking).name if speaking else current.name
        if document.topics and document.parties:
            topic = document.topics[self.selection.cursor.topic_index].title

        def coded(change: AddQuote | EditPosition | None) -> None:
            if change is not None:
                self.apply_change(change)

        app = self.app
        kept = app.get_screen(CODE_DIALOG) if app.is_screen_installed(CODE_DIALOG) else None
        if isinstance(kept, CodeQuoteScreen) and kept not in app.screen_stack:
            kept.saver = self._save_from
            # On top first: its fields' new text clears the text selection (Input does)
            # of the screen on top, which must be the dialog's, not the reader's drag.
            app.push_screen(kept, coded)
            kept.reopen(document, span=span, party=party, topic=topic, initial=initial,
                        error=error)  # fmt: skip
            return
        # The first: kept from now on (closing it then removes nothing).
        dialog = CodeQuoteScreen(
            document, span=span, party=party, topic=topic, initial=initial, error=error
        )
        if kept is None:
            app.install_screen(dialog, CODE_DIALOG)
        dialog.saver = self._save_from
        app.push_screen(dialog, coded)

    def _pane_quote(self) -> tuple[PartyPane, QuoteRef | None] | None:
        """The focused party pane and the quote under its cursor."""
        focused = self.focused
        if not (isinstance(focused, QuoteList) and isinstance(focused.parent, PartyPane)):
            say(self.app, "Go to a party pane first (tab, or 1-9).", timeout=2)
            return None
        pane = focused.parent
        cursor = pane.cursor
        ref = None
        if cursor.quote_index is not None:
            ref = self.index.quote(pane.party_index, cursor.topic_index, cursor.quote_index)
        return pane, ref

    def action_remove_quote(self) -> None:
        """``d``: remove the quote under the cursor, once confirmed."""
        found = self._pane_quote()
        if found is None:
            return
        ref = found[1]
        if ref is None:
            say(self.app, "Put the cursor on a quote to remove it.", timeout=2)
            return
        from positions.authoring import RemoveQuote
        from tui.screens.confirm import ConfirmScreen

        self.prepare_writing()
        what = Content.assemble(
            "“", literal(truncate(one_line(ref.quote.text), 160)), "”  ",
            literal(one_line(ref.party.name)), " · ", literal(one_line(ref.topic.title)),
        )  # fmt: skip
        change = RemoveQuote(ref.party.id, ref.topic.id, ref.quote_index)

        def answered(yes: bool | None) -> None:
            if yes:
                self.apply_change(change)

        self.app.push_screen(
            ConfirmScreen("Remove quote", Content("Remove this quote?"), what, "Remove"),
            answered,
        )

    def action_edit_position(self) -> None:
        """``E``: edit the position's stance, basis and summary."""
        found = self._pane_quote()
        if found is None:
            return
        pane = found[0]
        position = self.index.position(pane.party_index, pane.cursor.topic_index)
        if position is None:
            say(self.app, "No position here to edit: code a quote for it (m).", timeout=3)
            return
        from tui.screens.code import CodeQuoteScreen

        self.prepare_writing()

        def edited(change: AddQuote | EditPosition | None) -> None:
            if change is not None:
                self.apply_change(change)

        dialog = CodeQuoteScreen(self.document, position=position)
        dialog.saver = self._save_from
        self.app.push_screen(dialog, edited)

    def action_move_quote(self, edge: str, unit: str, way: str = "out") -> None:
        """``[`` / ``]``: the quote's start earlier / end later by a word; ``{`` / ``}``:
        by a character.  ``way`` ``"in"``: the other way, shorter (``;`` / ``'`` by a
        word, ``:`` / ``"`` by a character)."""
        found = self._pane_quote()
        if found is None:
            return
        ref = found[1]
        if ref is None or not ref.quote.linked:
            say(self.app, "Put the cursor on a quote to move its ends.", timeout=2)
            return
        article, quote = self.document.article, ref.quote
        start, end = moved_ends(article.text, article.block_starts, quote.start, quote.end,
                                edge=edge, unit=unit, way=way)  # fmt: skip
        if way == "in" and (not start < end or (start, end) == (quote.start, quote.end)):
            what = "one word" if unit == "word" else "one character"
            say(self.app, f"The quote is {what}: it cannot be shorter.", timeout=2)
            return
        if (start, end) == (quote.start, quote.end):
            say(self.app, "The quote reaches the edge of its paragraph.", timeout=2)
            return
        from positions.authoring import MoveQuote

        self.apply_change(MoveQuote(ref.party.id, ref.topic.id, ref.quote_index, Span(start, end)))

    def action_undo(self) -> None:
        """``u``: undo the last change to the positions file."""
        self.apply_change(_Undo(-1))

    def action_redo(self) -> None:
        """``ctrl+r``: redo the last change undone."""
        self.apply_change(_Undo(1))

    # ---------------------------------------------------------------- status

    def on_passage_keys_changed(self, message: PassageKeys.Changed) -> None:
        """The passage selected changed: describe it (and get ready to code it)."""
        if self.article.passage.span is not None:
            self.prepare_writing()
            self.call_after_refresh(self._prepare_dialog)
        self.update_status()

    def _prepare_dialog(self) -> None:
        """Build the "code quote" dialog, hidden, once a passage is selected (after the
        frame that shows the selection), so that ``m`` only resets and shows it: making
        and styling its ~20 widgets was most of ``m``'s time."""
        app = self.app
        span = self.article.passage.span
        if span is None or app.is_screen_installed(CODE_DIALOG) or not app.is_running:
            return
        if app.screen is not self or self.selections:
            # (Mounting its fields clears the text selection of the screen on top: a
            # passage selected by a mouse drag would be lost; m builds it then.)
            return
        from tui.screens.code import CodeQuoteScreen
        from tui.workarounds import mount_hidden

        dialog = CodeQuoteScreen(self.document, span=span)  # ``m`` fills it (reopen)
        app.install_screen(dialog, CODE_DIALOG)
        mount_hidden(app, dialog)

    _status_held = False  # a change being shown: the status line is described after

    def update_status(self) -> None:
        """The reader's status line; in the article, the passage selected (if any) and
        how many quotations are not coded yet.  Not while a change is being shown (the
        panes, the cursor, the focus and the colours each asked for it: ~1 ms each time,
        a dozen times for one save), but once it is."""
        if self._status_held:
            return
        super().update_status()
        if not self.query_children("#status") or not isinstance(self.focused, ArticleView):
            return
        if not self.document.linked or self.linking is not None:
            return  # the progress bar says more
        article = self.article
        found = article.unclaimed()
        unclaimed = None if found is None else len(found)
        span = article.passage.span
        search = None
        if article.search_term:
            search = (article.search_term, article.match_index, article.match_count)
        if span is not None:
            text = self.document.article.text[span.start : span.end]
            line = describe_passage(text, unclaimed, search=search)
        elif not self.document.parties:
            line = describe_passage(None, unclaimed, search=search)
        else:
            ref = self.selection.highlighted
            color = self.party_colors[ref.party_index].hex if ref is not None else ""
            line = describe_article(ref, color, search=search, unclaimed=unclaimed)
        self.status_line.show(line)
