"""The passage selected in the article, as plain data: no Textual, testable without a screen.

A :class:`Passage` is the one text selection the article pane has, whichever way it was
made: ``v`` then ``w``/``b``/``)``/``(``/``"`` on the keyboard, or a mouse drag (the article
view turns Textual's selection into offsets and calls :meth:`Passage.set`).  Spans are
offsets into ``Article.text``; a selection always starts and ends on a word's edge when
made by the keyboard, and is never empty.

Each step is worked out by :mod:`positions.steps`: a word or a sentence more never goes
past the end of its paragraph (an article block), a quotation mark is not a word, and from
inside a quotation the end stops before its closing mark (then goes on past it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from positions.model import Article, Span
from positions.steps import (
    next_sentence_end,
    next_word_end,
    previous_sentence_end,
    previous_word_end,
)

__all__ = ["Passage", "next_span", "previous_span"]

_WORD = re.compile(r"\S+")
_OPENERS = "\"“‘«([„'"


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

    def __init__(self, text: str, article: Article | None = None) -> None:
        self.text = text
        """The article text the offsets are into."""
        self.article = article
        """The article whose text it is, for its paragraphs (``None``: the text is one)."""
        self.span: Span | None = None
        """The selected ``[start, end)``, never empty, or ``None``."""

    @property
    def starts(self) -> Sequence[int]:
        """Where each paragraph (block) of the text starts, worked out on the first step."""
        return self.article.block_starts if self.article is not None else ()

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
        """``w``: the end moves to the end of the next word in its paragraph."""
        span = self.span
        if span is not None:
            end = next_word_end(self.text, self.starts, span.start, span.end)
            self.span = Span(span.start, end)
        return self.span

    def shrink_word(self) -> Span | None:
        """``b``: the last word leaves the selection (the first one always stays)."""
        span = self.span
        if span is not None:
            end = previous_word_end(self.text, span.start, span.end)
            if span.start < end < span.end:
                self.span = Span(span.start, end)
        return self.span

    def extend_sentence(self) -> Span | None:
        """``)``: the end moves to the end of the next sentence (of its paragraph, if
        none)."""
        span = self.span
        if span is not None:
            end = next_sentence_end(self.text, self.starts, span.start, span.end)
            self.span = Span(span.start, end)
        return self.span

    def shrink_sentence(self) -> Span | None:
        """``(``: the end moves back to the end of the previous sentence in the selection
        (to the first word when there is none)."""
        span = self.span
        if span is not None:
            end = previous_sentence_end(self.text, self.starts, span.start, span.end)
            if span.start < end <= span.end:
                self.span = Span(span.start, end)
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
