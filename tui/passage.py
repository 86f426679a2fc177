"""The passage selected in the article, as plain data: no Textual, testable without a screen.

A :class:`Passage` is the one text selection the article pane has, whichever way it was
made: ``v`` then ``w``/``b``/``)``/``(``/``"`` on the keyboard, or a mouse drag (the article
view turns Textual's selection into offsets and calls :meth:`Passage.set`).  Spans are
offsets into ``Article.text``; a selection always starts and ends on a word's edge when
made by the keyboard, and is never empty.

Words are runs of non-space characters; a sentence ends at ``.``, ``!``, ``?`` or ``…``
(with any closing quotation marks or brackets after it) followed by a space or the end
of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from positions.model import Span

__all__ = [
    "Passage",
    "char_step",
    "char_step_in",
    "end_step",
    "next_span",
    "previous_span",
    "word_step",
]

_WORD = re.compile(r"\S+")
_OPENERS = "\"“‘«([„'"
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)")


def _word_from(text: str, offset: int) -> Span | None:
    """The word containing ``offset``, else the first one after it."""
    start = max(0, min(offset, len(text)))
    on_word = start < len(text) and not text[start].isspace()
    while (
        on_word and start > 0 and not text[start - 1].isspace() and text[start - 1] not in _OPENERS
    ):
        start -= 1
    match = _WORD.search(text, start)
    return Span(match.start(), match.end()) if match else None


def next_span(spans: list[Span], offset: int) -> Span | None:
    """The first span starting after ``offset``, wrapping to the first (``None``: none)."""
    after = [s for s in spans if s.start > offset]
    return after[0] if after else (spans[0] if spans else None)


def previous_span(spans: list[Span], offset: int) -> Span | None:
    """The last span starting before ``offset``, wrapping to the last (``None``: none)."""
    before = [s for s in spans if s.start < offset]
    return before[-1] if before else (spans[-1] if spans else None)


class Passage:
    """The article's selected passage (``span`` is ``None`` when nothing is selected)."""

    def __init__(self, text: str) -> None:
        self.text = text
        """The article text the offsets are into."""
        self.span: Span | None = None
        """The selected ``[start, end)``, never empty, or ``None``."""

    @property
    def active(self) -> bool:
        """Whether something is selected."""
        return self.span is not None

    @property
    def selected_text(self) -> str:
        """The text selected ('' when nothing is)."""
        span = self.span
        return self.text[span.start : span.end] if span else ""

    def clear(self) -> None:
        """Select nothing."""
        self.span = None

    def set(self, span: Span | None) -> Span | None:
        """Select ``span`` (clipped to the text; empty or ``None``: nothing)."""
        if span is None:
            self.span = None
            return None
        start = max(0, min(span.start, len(self.text)))
        end = max(start, min(span.end, len(self.text)))
        self.span = Span(start, end) if end > start else None
        return self.span

    def start_at(self, offset: int) -> Span | None:
        """Select the word at ``offset`` (or the first one after it)."""
        return self.set(_word_from(self.text, offset))

    def extend_word(self) -> Span | None:
        """``w``: the end moves to the end of the next word."""
        span = self.span
        if span is None:
            return None
        match = _WORD.search(self.text, span.end)
        if match:
            self.span = Span(span.start, match.end())
        return self.span

    def shrink_word(self) -> Span | None:
        """``b``: the last word leaves the selection (the first one always stays)."""
        span = self.span
        if span is None:
            return None
        words = list(_WORD.finditer(self.text, span.start, span.end))
        if len(words) >= 2:
            self.span = Span(span.start, words[-2].end())
        return self.span

    def _sentence_ends(self, start: int, end: int) -> list[int]:
        return [m.end() for m in _SENTENCE_END.finditer(self.text, start, end)]

    def extend_sentence(self) -> Span | None:
        """``)``: the end moves to the end of the next sentence (of the text, if none)."""
        span = self.span
        if span is None:
            return None
        match = _SENTENCE_END.search(self.text, span.end)
        while match is not None and match.end() <= span.end:
            match = _SENTENCE_END.search(self.text, match.end())
        end = match.end() if match else len(self.text.rstrip())
        self.span = Span(span.start, max(span.end, end))
        return self.span

    def shrink_sentence(self) -> Span | None:
        """``(``: the end moves back to the end of the previous sentence in the selection
        (to the first word when there is none)."""
        span = self.span
        if span is None:
            return None
        ends = [e for e in self._sentence_ends(span.start, span.end) if e < span.end]
        if ends:
            self.span = Span(span.start, ends[-1])
        else:
            first = _WORD.search(self.text, span.start, span.end)
            if first:
                self.span = Span(span.start, first.end())
        return self.span

    def select_quotation(self, inside: Callable[[str, int], Span | None]) -> Span | None:
        """``"``: the text inside the quotation marks around the selection's start, found by
        ``inside(text, offset)``; the selection is unchanged when there are none."""
        span = self.span
        if span is None:
            return None
        found = inside(self.text, span.start)
        if found is not None and found.end > found.start:
            self.span = found
        return self.span


def word_step(text: str, offset: int, direction: int) -> int:
    """The start of the word before (``direction`` -1) or after (1) ``offset``'s word, as a
    quote's start moves; ``offset`` itself at either end of the text."""
    if direction < 0:
        index = offset
        while index > 0 and text[index - 1].isspace():
            index -= 1
        while index > 0 and not text[index - 1].isspace():
            index -= 1
        return index
    match = _WORD.search(text, offset)
    if match is None:
        return offset
    nxt = _WORD.search(text, match.end())
    return nxt.start() if nxt else offset


def end_step(text: str, offset: int, direction: int) -> int:
    """The end of the word after (``direction`` 1) or before (-1) the one ending at
    ``offset``, as a quote's end moves; ``offset`` itself at either end of the text."""
    if direction > 0:
        match = _WORD.search(text, offset)
        return match.end() if match else offset
    index = offset
    while index > 0 and not text[index - 1].isspace():
        index -= 1
    while index > 0 and text[index - 1].isspace():
        index -= 1
    return index if index > 0 else offset


def char_step(text: str, offset: int, direction: int) -> int:
    """A quote's start (``direction`` -1) or end (1) moved out by one character, over any
    spaces to the next one that is not (a quote never starts or ends with a space)."""
    index = offset
    while (index > 0) if direction < 0 else (index < len(text)):
        index += direction
        char = text[index] if direction < 0 else text[index - 1]
        if not char.isspace():
            return index
    return offset


def char_step_in(text: str, offset: int, direction: int) -> int:
    """A quote's start (``direction`` 1) or end (-1) moved in by one character, over any
    spaces after it to the next character that is not one (a quote never starts or ends
    with a space); ``offset`` itself at either end of the text."""
    if direction > 0:
        index = offset + 1
        while index < len(text) and text[index].isspace():
            index += 1
        return index if index < len(text) else offset
    index = offset - 1
    while index > 0 and text[index - 1].isspace():
        index -= 1
    return index if index > 0 else offset
