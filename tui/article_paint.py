"""Painting one article line: the quote marks under it, its gutter and its styled text.

No widget here: the article view asks these for the segments of a screen line.
:class:`QuoteMarks` finds the quote spans on a line with ``bisect``; :func:`gutter` draws
the party number(s) and the selection bar left of the text; :func:`text_segments` cuts a
line's text where styles (quote marks, search matches, the highlight) start and end.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from rich.segment import Segment
from rich.style import Style

from positions.index import DocumentIndex

__all__ = ["GUTTER", "QuoteMark", "QuoteMarks", "gutter", "party_numbers", "text_segments"]

#: Cells left of the text: two for party numbers, one for the selection bar, one space.
GUTTER = 4


@dataclass(frozen=True)
class QuoteMark:
    """A quote span to draw: text range and the party (index) it belongs to."""

    start: int
    end: int
    party_index: int


class QuoteMarks:
    """Every anchored quote span of a document, in text order, found by line with bisect."""

    def __init__(self, index: DocumentIndex) -> None:
        marks = [
            QuoteMark(span.start, span.end, ref.party_index)
            for ref in index.in_article_order
            for span in ref.quote.spans
        ]
        marks.sort(key=lambda m: (m.start, m.end))
        self._marks = marks
        self._starts = [m.start for m in marks]
        self._longest = max((m.end - m.start for m in marks), default=0)

    def __eq__(self, other: object) -> bool:
        """The same spans of the same parties (a version that marks the article alike)."""
        return isinstance(other, QuoteMarks) and self._marks == other._marks

    __hash__ = None  # type: ignore[assignment]  # (mutable-looking: compared, not hashed)

    def between(self, start: int, end: int) -> list[QuoteMark]:
        """Quote spans overlapping ``[start, end)`` (or touching an empty line's offset)."""
        if not self._marks:
            return []
        stop = max(end, start + 1)
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_left(self._starts, stop)
        return [m for m in self._marks[lo:hi] if m.end > start and m.start < stop]


def party_numbers(count: int) -> list[str]:
    """Each party's number as drawn in the gutter: two cells, right-aligned."""
    return [f"{n + 1:>2}"[-2:] for n in range(count)]


def gutter(
    marks: Sequence[QuoteMark],
    numbers: Sequence[str],
    number_styles: Sequence[Style],
    *,
    highlighted: bool,
    base: Style,
    bar_style: Style,
) -> list[Segment]:
    """The :data:`GUTTER` cells left of a line: the number of the party quoted on it (the
    first one and a ``+`` when several are), then the selection bar if ``highlighted``.

    ``number_styles[i]`` styles party ``i``'s number (a plain bold one past its end).
    """
    parties: list[int] = []
    for mark in marks:
        if mark.party_index not in parties:
            parties.append(mark.party_index)
    segments: list[Segment] = []
    if parties:
        first = parties[0]
        style = base + (number_styles[first] if first < len(number_styles) else Style(bold=True))
        number = numbers[first] if len(parties) == 1 else f"{numbers[first].strip()}+"[-2:]
        segments.append(Segment(number, style))
    else:
        segments.append(Segment("  ", base))
    segments.append(Segment("▐" if highlighted else " ", bar_style))
    segments.append(Segment(" ", base))
    return segments


def text_segments(
    text: str, start: int, end: int, style: Style, ranges: Sequence[tuple[int, int, Style]]
) -> list[Segment]:
    """``text[start:end]`` as segments in ``style``, each ``(s, e, extra)`` of ``ranges``
    adding ``extra`` over ``text[s:e]`` (later ranges on top of earlier ones)."""
    if not ranges:
        return [Segment(text[start:end], style)] if end > start else []
    cuts = {start, end}
    for s, e, _ in ranges:
        if start < s < end:
            cuts.add(s)
        if start < e < end:
            cuts.add(e)
    segments = []
    for a, b in pairwise(sorted(cuts)):
        piece_style = style
        for s, e, extra in ranges:
            if s <= a and e >= b:
                piece_style = piece_style + extra
        segments.append(Segment(text[a:b], piece_style))
    return segments
