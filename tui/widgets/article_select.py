"""Selecting a passage in the article, by keyboard and mouse, and finding what is not coded.

The article's one :class:`~tui.passage.Passage` (drawn by
:class:`~tui.widgets.article_lines.ArticleLines`) is changed here: ``v`` starts it at the
current search match, else at the first word of the top line in view; ``w`` / ``b`` add /
drop a word; ``)`` / ``(`` extend / shrink to the end of the next / previous sentence (never
past the paragraph's end, nor, from inside a quotation, past its end at first: see
:mod:`positions.steps`); ``"`` takes the text inside the quotation marks around its start;
``escape`` cancels (the article view's).  A mouse drag goes through Textual's text
selection: every drawn line carries its offsets, :meth:`PassageKeys.selection_updated`
turns Textual's selection into text offsets and sets the same passage.  ``}`` / ``{`` jump
to the next / previous quotation no quote covers ("unclaimed").  Each change posts
:class:`PassageKeys.Changed`.
"""

from __future__ import annotations

from typing import ClassVar

from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.geometry import Offset
from textual.message import Message
from textual.selection import Selection

from positions.coverage import inside_quotation, unclaimed_quotations
from positions.model import Document, Span
from tui.article_paint import GUTTER
from tui.log import say
from tui.passage import next_span, previous_span
from tui.widgets.article_lines import BACKGROUND_WRAP_CHARS, ArticleLines

__all__ = ["PassageKeys"]


class PassageKeys(ArticleLines):
    """The article's keys and mouse drag that select a passage (see the module doc)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "start_passage", "Select", show=False,
                tooltip="Select a passage: from the search match, else the top line"),
        Binding("w", "passage('extend_word')", "Select a word more", show=False),
        Binding("b", "shrink_word", "Select a word less", show=False,
                tooltip="With a selection: a word less (else b is the reader's key)"),
        Binding("right_parenthesis", "passage('extend_sentence')", "Select to sentence end",
                show=False, key_display=")"),
        Binding("left_parenthesis", "passage('shrink_sentence')", "Select a sentence less",
                show=False, key_display="("),
        Binding("quotation_mark", "passage('quotation')", "Select the quotation", show=False,
                key_display='"', tooltip="Select the text inside the quotation marks"),
        Binding("right_curly_bracket", "unclaimed(1)", "Next unclaimed quotation",
                show=False, key_display="}"),
        Binding("left_curly_bracket", "unclaimed(-1)", "Previous unclaimed quotation",
                show=False, key_display="{"),
    ]  # fmt: skip

    class Changed(Message):
        """The selected passage changed (or was cancelled)."""

        def __init__(self, view: PassageKeys) -> None:
            self.view = view
            """The article view whose passage changed."""
            super().__init__()

    _unclaimed: tuple[object, list[Span]] | None = None
    _dragged = False  # the passage came from a mouse drag
    _finding: Document | None = None  # the version whose unclaimed quotations are sought

    # ------------------------------------------------------------------ state

    def unclaimed(self) -> list[Span] | None:
        """The quotations no quote covers, in article order, worked out once per version;
        ``None`` while a long article's are being found (in a worker: :class:`Changed` is
        posted when they are)."""
        cached = self._unclaimed
        if cached is not None and cached[0] is self.document:
            return cached[1]
        document = self.document
        if not document.linked:
            return []
        if len(document.article.text) < BACKGROUND_WRAP_CHARS:
            spans = unclaimed_quotations(document)
            self._unclaimed = (document, spans)
            return spans
        if self._finding is document:
            return None  # a worker is on it

        def find() -> None:
            # A closure, not a partial: Textual takes the work's repr, and a Document's
            # is the whole article and every quote (a second on a 3.6 MB article).
            self._find_unclaimed(document)

        self._finding = document
        self.run_worker(
            find,
            name="find unclaimed quotations",
            group="unclaimed",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )
        return None

    def _find_unclaimed(self, document: Document) -> None:
        spans = unclaimed_quotations(document)
        self.app.call_from_thread(self._found_unclaimed, document, spans)

    def _found_unclaimed(self, document: Document, spans: list[Span]) -> None:
        if document is self.document:
            self._unclaimed = (document, spans)
            self.post_message(self.Changed(self))

    def set_passage(self, span: Span | None, *, scroll: bool = True) -> None:
        """Select ``span`` (``None``: nothing), show it and say so."""
        self._dragged = False
        self.passage.set(span)
        self._passage_changed(scroll=scroll)

    def _passage_changed(self, *, scroll: bool = True) -> None:
        self._invalidate()
        span = self.passage.span
        if span is not None and scroll:
            self.scroll_to_offset(span.start, span.end)
        self.post_message(self.Changed(self))

    # ---------------------------------------------------------------- actions

    def action_start_passage(self) -> None:
        """``v``: select from the current search match, else the top line's first word."""
        self._dragged = False
        search = self._search
        if search.term and search and search.index >= 0:
            start, end = search.matches[search.index]
            self.passage.set(Span(start, end))
        else:
            self.passage.start_at(self.visible_offsets()[0])
        self._passage_changed()

    def action_passage(self, step: str) -> None:
        """``w`` ``)`` ``(`` ``"``: change the selected passage (``v`` starts one)."""
        passage = self.passage
        if not passage.active:
            say(self.app, "Select a passage first: v (or drag with the mouse).", timeout=2)
            return
        self._dragged = False
        if step == "quotation":
            before = passage.span
            if passage.select_quotation(inside_quotation) == before:
                say(self.app, "Not inside quotation marks.", severity="warning", timeout=2)
        else:
            before = passage.span
            if getattr(passage, step)() == before and step.startswith("extend"):
                say(self.app, "The selection reaches the end of its paragraph.", timeout=2)
        self._passage_changed()

    def action_shrink_word(self) -> None:
        """``b``: a word less, while a passage is selected; else the key is the reader's
        (the balance view), not the article's."""
        if not self.passage.active:
            raise SkipAction()
        self.action_passage("shrink_word")

    def action_unclaimed(self, direction: int) -> None:
        """``}`` / ``{``: select the next / previous quotation no quote covers."""
        spans = self.unclaimed()
        if spans is None:
            say(self.app, "Still finding the quotations not coded yet: a moment.", timeout=2)
            return
        if not spans:
            say(self.app, "Every quotation in the article is coded.", timeout=2)
            return
        span = self.passage.span
        here = span.start if span is not None else self.visible_offsets()[0] - direction
        found = next_span(spans, here) if direction > 0 else previous_span(spans, here)
        self.set_passage(found)

    def cancel_passage(self) -> bool:
        """Cancel the selection; whether there was one."""
        if not self.passage.active:
            return False
        self.set_passage(None)
        return True

    # ------------------------------------------------------------------ mouse

    def _text_offset(self, point: Offset, *, end: bool) -> int | None:
        """The text offset of a selection point (column in the drawn line, line)."""
        layout = self._layout
        if layout is None or not len(layout):
            return None
        line = max(0, min(point.y, len(layout) - 1))
        start = layout.starts[line]
        if start < 0:
            return None
        column = point.x - GUTTER - len(layout.prefixes[line]) + (1 if end else 0)
        return max(start, min(layout.ends[line], start + max(0, column)))

    def _span_of(self, selection: Selection) -> Span | None:
        first = Offset(0, 0) if selection.start is None else selection.start
        last = selection.end
        layout = self._layout
        if last is None:
            if layout is None or not len(layout):
                return None
            last = Offset(10**6, len(layout) - 1)
        start = self._text_offset(first, end=False)
        end = self._text_offset(last, end=True)
        if start is None or end is None:
            return None
        text = self._text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return Span(start, end) if end > start else None

    def selection_updated(self, selection: Selection | None) -> None:
        """Textual's text selection (a mouse drag) changed: it becomes the passage."""
        if selection is None:
            if self._dragged:
                self.set_passage(None, scroll=False)
            return
        span = self._span_of(selection)
        if span is None or span == self.passage.span:
            return
        self.passage.set(span)
        self._dragged = True
        self._passage_changed(scroll=False)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text a drag selected (what Textual copies)."""
        span = self._span_of(selection)
        return (self._text[span.start : span.end], "\n") if span is not None else None
