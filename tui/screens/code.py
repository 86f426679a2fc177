"""The "code quote" dialog (``m`` on a selected passage; ``E`` edits a position).

Fields, in order: party, topic, stance, basis, kind, speaker, and a summary only when the
party has no position on the topic yet.  ``tab`` / ``shift+tab`` move between them,
``enter`` saves from any field, ``escape`` cancels; a prefilled field's text is selected
when it gets the focus, so typing replaces it.  What the text of each field means is
:mod:`tui.code_form`'s; the dialog hands the change to the reader (``saver``: it writes
nothing itself), stays on screen while the reader writes it, and closes in the frame that
shows the change (or says in it why the change could not be written).  Editing a
position (``E``) shows stance, basis and summary only.

Every text shown comes from the user's files: it is shown as literal ``Content``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static
from textual.widgets.input import Selection

from positions.authoring import AddQuote, EditPosition, suggest_speaker
from positions.model import Basis, Document, Position, QuoteKind, Span, Stance
from tui.code_form import (
    FormValues,
    build_add,
    build_edit,
    default_kind,
    has_position,
    resolve_party,
    resolve_topic,
)
from tui.fields import Field
from tui.key_hold import release_typed_ahead
from tui.safe import literal, one_line, truncate
from tui.workarounds import TintCachingModalScreen

__all__ = ["CodeQuoteScreen"]

Coded = AddQuote | EditPosition

#: The fields of the add dialog, in tab order (the summary only for a new position).
ADD_FIELDS = ("party", "topic", "stance", "basis", "kind", "speaker", "summary")
#: The fields of the edit dialog.
EDIT_FIELDS = ("stance", "basis", "summary")

_HINTS = {
    "stance": " / ".join(s.value for s in Stance),
    "basis": " / ".join(b.value for b in Basis),
    "kind": " / ".join(k.value for k in QuoteKind),
}


class CodeQuoteScreen(TintCachingModalScreen[Coded | None]):
    """Code a selected passage to a party and topic, or edit a position."""

    DEFAULT_CSS = """
    CodeQuoteScreen {
        align: center middle;
        & > #code-box {
            width: 76;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            overflow-y: auto;
            border: round $accent;
            border-title-align: center;
            border-subtitle-align: center;
            background: $surface;
            padding: 0 1;
            & > #code-quote { color: $text-muted; text-style: italic; margin-bottom: 1; }
            & > Label { text-style: bold; width: 100%; }
            & > .code--hint { color: $text-muted; text-style: none; }
            & > Input { width: 100%; margin-bottom: 1; }
            & > #code-message { color: $text-error; height: auto; display: none; }
            & > #code-message.-shown { display: block; }
            & > .-hidden { display: none; }
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without coding"),
        # The focus moves at once (``Widget.focus`` waits for a later message): a field's
        # text typed in the same burst as the tab before it lands in that field.
        Binding("tab", "step_field(1)", "Next field", show=False, priority=True),
        Binding("shift+tab", "step_field(-1)", "Previous field", show=False, priority=True),
    ]

    def __init__(
        self,
        document: Document,
        *,
        span: Span | None = None,
        position: Position | None = None,
        party: str = "",
        topic: str = "",
        initial: FormValues | None = None,
        error: str | None = None,
    ) -> None:
        """``span``: the passage to code (the add dialog), prefilled for ``party`` and
        ``topic`` (names); ``position``: the position to edit (the edit dialog).
        ``initial``: the fields' text instead; ``error``: a problem to show at once (a
        save that could not be made)."""
        super().__init__()
        self.position = position
        self.fields = EDIT_FIELDS if position is not None else ADD_FIELDS
        self._start(document, span, party, topic, initial, error)

    def _start(
        self,
        document: Document,
        span: Span | None,
        party: str,
        topic: str,
        initial: FormValues | None,
        error: str | None,
    ) -> None:
        """What the dialog shows, before it is composed or reopened."""
        self.document = document
        self.span = span
        self._edited: set[str] = set()
        """Fields the user typed in: typing a party or topic no longer refills them."""
        self._filled: dict[str, str] = {}
        """What the dialog last filled each field with (a different value was typed)."""
        if initial is None:
            initial = self._prefill() if span is None else self.prefill_for(party, topic)
        else:
            self._edited.update(self.fields)  # what was typed before stays as typed
        self.initial = initial
        self.error = error

    def reopen(
        self,
        document: Document,
        *,
        span: Span,
        party: str = "",
        topic: str = "",
        initial: FormValues | None = None,
        error: str | None = None,
    ) -> None:
        """Show what a new add dialog for these would (this one kept, shown again: the
        dialog's widgets are made and styled once, and closing it removes nothing, which
        made the reader lay itself out twice more as the save was shown)."""
        assert self.position is None, "only the add dialog is kept"
        self.saving = self._close_when_shown = False
        self._start(document, span, party, topic, initial, error)
        if self.is_mounted:
            self._show_start()
            return
        # Being built, hidden: its fields filled now if they are made (the frame that
        # shows the dialog may come before its mount: it showed the fields empty, then
        # filled a frame later), else made as set; focused once mounted.
        if self.query(f"#code-{self.fields[0]}"):
            self._fill()
        self.call_later(self._show_start)

    def _show_start(self) -> None:
        """The widgets show what :meth:`_start` set; the first field has the focus."""
        self._fill()
        first = self.field(self.fields[0])
        self.set_focus(first)
        first.selection = Selection(0, len(first.value))  # as a new dialog's focus selects
        if self.focused is first:  # (it may have had it already: no DescendantFocus then)
            release_typed_ahead(self.app)

    def _fill(self) -> None:
        self.query_one("#code-quote", Static).update(self._heading())
        for name in self.fields:
            field = self.field(name)
            field.suggester = self._suggester(name)
            value = getattr(self.initial, name)
            with field.prevent(Input.Changed):  # the dialog's own filling, not typing
                field.value = value
            field.cursor_position = len(value)
            self.query_one(f"#code-label-{name}", Label).update(self._label(name))
        new = self._new_position()
        for widget in (self.query_one("#code-label-summary"), self.field("summary")):
            widget.set_class(not new, "-hidden")
        self._show_message(self.error)

    # ----------------------------------------------------------------- layout

    def _prefill(self) -> FormValues:
        position = self.position
        if position is not None:
            return FormValues(
                stance=position.stance.value, basis=position.basis.value, summary=position.summary
            )
        return FormValues()

    def prefill_for(self, party: str, topic: str) -> FormValues:
        """The add dialog's fields for a passage coded to ``party`` / ``topic`` (names)."""
        assert self.span is not None
        document = self.document
        party_id, new_party = resolve_party(document, party)
        topic_id, new_topic = resolve_topic(document, topic)
        position = None
        if not new_party and not new_topic:
            position = document.party(party_id).position_on(topic_id)
        speaker = suggest_speaker(document, None if new_party else party_id, self.span)
        return FormValues(
            party=party,
            topic=topic,
            stance=position.stance.value if position else "",
            basis=position.basis.value if position else "",
            kind=default_kind(document.article.text, self.span).value,
            speaker=speaker or "",
        )

    def compose(self) -> ComposeResult:
        """The passage (or position), one labelled field each, a message line."""
        editing = self.position is not None
        with Vertical(id="code-box") as box:
            box.border_title = Content("Edit position" if editing else "Code quote")
            box.border_subtitle = Content(
                "tab: next field · enter: save · escape: cancel"
            )
            yield Static(self._heading(), id="code-quote")
            for name in self.fields:
                label = Label(self._label(name), id=f"code-label-{name}")
                field = Field(
                    getattr(self.initial, name),
                    id=f"code-{name}",
                    placeholder=_HINTS.get(name, ""),
                    select_on_focus=True,
                    suggester=self._suggester(name),
                    compact=True,
                )
                if name == "summary" and not editing and not self._new_position():
                    label.add_class("-hidden")
                    field.add_class("-hidden")
                yield label
                yield field
            yield Static(id="code-message")

    def _heading(self) -> Content:
        if self.position is not None:
            position = self.position
            party = self.document.party(position.party_id).name
            topic = self.document.topic(position.topic_id).title
            return Content.assemble(
                literal(one_line(party)), " · ", literal(one_line(topic))
            )
        assert self.span is not None
        text = self.document.article.text[self.span.start : self.span.end]
        count = self.span.end - self.span.start
        return Content.assemble(
            "“", literal(truncate(one_line(text), 200)), f"”  ({count} characters)"
        )

    def _label(self, name: str) -> Content:
        hint = ""
        if name in ("party", "topic") and self.span is not None:
            hint = self._resolution(name)
        return Content.assemble(
            Content.styled(name.capitalize(), "bold"),
            Content.styled(hint, "$text-muted not bold"),
        )

    def _resolution(self, name: str) -> str:
        typed = getattr(self.values(), name) if self.is_mounted else getattr(self.initial, name)
        if not typed.strip():
            return ""
        resolve = resolve_party if name == "party" else resolve_topic
        found, new = resolve(self.document, typed)
        if new:
            return f"  → a new {name}"
        if name == "party":
            return f"  → {one_line(self.document.party(found).name)}"
        return f"  → {one_line(self.document.topic(found).title)}"

    def _suggester(self, name: str) -> SuggestFromList | None:
        document = self.document
        if name == "party":
            return SuggestFromList([p.name for p in document.parties], case_sensitive=False)
        if name == "topic":
            return SuggestFromList([t.title for t in document.topics], case_sensitive=False)
        if name in _HINTS:
            values = {"stance": Stance, "basis": Basis, "kind": QuoteKind}[name]
            return SuggestFromList([m.value for m in values], case_sensitive=False)
        return None

    def on_descendant_focus(self) -> None:
        """A field has the focus: the keys typed after the one that opened the dialog
        (held meanwhile: :class:`tui.key_hold.CollectAfterKeys`) go on to it."""
        release_typed_ahead(self.app)

    def on_mount(self) -> None:
        """The first field has the focus; a problem given is shown.  (Built hidden, the
        dialog focuses its first field when it is shown: :meth:`reopen`.)"""
        if self.is_current:
            self.query_one(f"#code-{self.fields[0]}", Input).focus()
        if self.error:
            self._show_message(self.error)

    # ----------------------------------------------------------------- state

    def field(self, name: str) -> Input:
        """The input of field ``name``."""
        return self.query_one(f"#code-{name}", Input)

    def values(self) -> FormValues:
        """The fields' text now."""
        return FormValues(**{name: self.field(name).value for name in self.fields})

    def _new_position(self) -> bool:
        if self.span is None:
            return False
        values = self.values() if self.is_mounted else self.initial
        party, new_party = resolve_party(self.document, values.party)
        topic, new_topic = resolve_topic(self.document, values.topic)
        return new_party or new_topic or not has_position(self.document, party, topic)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        """Party or topic typed: say which it is, prefill what follows from it, show the
        summary only for a new position."""
        name = (event.input.id or "").removeprefix("code-")
        if not self.is_mounted or self.span is None:
            return
        if event.input.has_focus:
            self._edited.add(name)
        if name not in ("party", "topic"):
            return
        self.query_one(f"#code-label-{name}", Label).update(self._label(name))
        values = self.values()
        fresh = self.prefill_for(values.party, values.topic)
        for follower in ("stance", "basis", "speaker"):
            field = self.field(follower)
            # Typed in (even if its own Changed is still on its way): left as typed.
            typed = field.value != self._filled.get(follower, getattr(self.initial, follower))
            if follower not in self._edited and not typed:
                field.value = self._filled[follower] = getattr(fresh, follower)
        new = self._new_position()
        for widget in (self.query_one("#code-label-summary"), self.field("summary")):
            widget.set_class(not new, "-hidden")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    # ---------------------------------------------------------------- actions

    def action_step_field(self, direction: int) -> None:
        """``tab`` / ``shift+tab``: the next / previous field shown."""
        shown = [self.field(name) for name in self.fields]
        shown = [field for field in shown if not field.has_class("-hidden")]
        focused = self.focused
        at = shown.index(focused) if focused in shown else -direction
        self.set_focus(shown[(at + direction) % len(shown)])

    saver: Callable[[CodeQuoteScreen, Coded], bool] | None = None
    """Who writes the change (the reader): given it, the dialog stays on screen while
    the change is written (``saving``) and the writer closes it (:meth:`saved`) in the
    frame that shows the change, or says in it why not (:meth:`not_saved`).  ``False``
    from it: nothing is being written (the dialog stays, as it was)."""

    saving = False
    """A change from the dialog is being written: keys change nothing meanwhile."""

    def action_cancel(self) -> None:
        """``escape``: close without coding (not while the change is being written)."""
        if not self.saving:
            self.dismiss(None)

    async def saved(self) -> None:
        """The change is written (and about to be shown): close."""
        self.saving = False
        await self.dismiss(None)

    _close_when_shown = False  # its change was written while another screen covered it

    def saved_behind(self) -> None:
        """The change was written while another screen covered the dialog: it closes as
        soon as it is on top again (left open, the same quote could be coded twice)."""
        self.saving = False
        self._close_when_shown = True

    def on_screen_resume(self) -> None:
        """Back on top: closed at once if its change was written meanwhile."""
        if self._close_when_shown:
            self._close_when_shown = False
            self.dismiss(None)

    def not_saved(self, reason: str) -> None:
        """The change could not be written: say why, everything typed kept."""
        self.saving = False
        self.error = reason
        self._show_message(reason)

    def action_save(self) -> None:
        """``enter``: the change, if the fields make one; else say what is wrong."""
        if self.saving:
            return
        values = self.values()
        change: Coded | str
        if self.position is not None:
            change = build_edit(
                values, self.document, self.position.party_id, self.position.topic_id
            )
        else:
            assert self.span is not None
            change = build_add(values, self.document, self.span)
        if isinstance(change, str):
            self._show_message(change)
            return
        if self.saver is None:
            self.dismiss(change)
            return
        # Closed once written, in the frame that shows the change: the reader is not
        # drawn (and laid out) once more in between, without it, while the file is written.
        self.saving = self.saver(self, change)

    def _show_message(self, text: str | None) -> None:
        message = self.query_one("#code-message", Static)
        message.set_class(bool(text), "-shown")
        message.update(literal(text) if text else Content(""))
