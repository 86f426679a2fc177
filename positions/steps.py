"""How the ends of a selected passage or of a coded quote step through the article: by a
word, a sentence or a character.  Plain functions over the article's text and its blocks'
starts (:attr:`Article.block_starts <positions.model.Article.block_starts>`); no I/O, no UI.

Three rules hold for every step that makes a passage or a quote longer:

* **A paragraph is the end of the road.**  A paragraph is an article block: the text from
  its start to the next block's (trimmed).  No step takes a word or a character of another
  paragraph; a step at a paragraph's edge leaves the end where it is.
* **A quotation mark is not a word.**  A word is a run of non-space characters, but a step
  that would take nothing but quotation marks (the closing mark after the word an end is
  at, a mark standing alone) passes over them to the next word.
* **A quotation is kept whole.**  From inside a quotation (the start past its opening mark,
  see :func:`positions.coverage.quotation_at`), the end stops at the quotation's last
  character before it goes past the closing mark; a quote's start likewise stops at the
  quotation's first character when its end is inside.  At that edge, the next step goes on.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` with any closing quotation marks or brackets
after it, followed by a space or the end of the text.  Steps that make a quote shorter stay
inside it (the caller checks that it is not made empty) and, landing on a quotation's marks,
leave them out as the steps out would.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from positions.coverage import quotation_at
from positions.model import Span
from positions.text import QUOTATION_MARKS

__all__ = [
    "char_step",
    "char_step_in",
    "moved_ends",
    "next_sentence_end",
    "next_word_end",
    "next_word_start",
    "paragraph",
    "previous_sentence_end",
    "previous_word_end",
    "previous_word_start",
]

_RUN = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)")
_CLOSERS = QUOTATION_MARKS + ")]"


def paragraph(text: str, starts: Sequence[int], offset: int) -> Span:
    """The paragraph holding ``offset``: from its block's start to the next block's start,
    trimmed of whitespace (an offset between two blocks is the earlier one's; no
    ``starts``: the whole text is one paragraph)."""
    i = bisect_right(starts, offset) - 1
    start = starts[i] if i >= 0 else 0
    end = starts[i + 1] if i + 1 < len(starts) else len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _marks_only(text: str, start: int, end: int, marks: str = QUOTATION_MARKS) -> bool:
    return start < end and all(c in marks for c in text[start:end])


def _quotation_to(text: str, end: int) -> Span | None:
    """The quotation ``end`` is inside (before its closing mark), or ``None``."""
    return quotation_at(text, end - 1) if end > 0 else None


def _run_before(text: str, index: int, floor: int) -> tuple[int, int] | None:
    """The run of non-space characters ending at or before ``index`` (the part of one
    before ``index`` when ``index`` is inside it), not before ``floor``."""
    while index > floor and text[index - 1].isspace():
        index -= 1
    if index <= floor:
        return None
    start = index
    while start > floor and not text[start - 1].isspace():
        start -= 1
    return start, index


# ---------------------------------------------------------------------- by a word


def next_word_end(text: str, starts: Sequence[int], start: int, end: int) -> int:
    """``w`` and ``]``: the end of the next word after ``end`` in its paragraph (the rest
    of the word when ``end`` is inside one), passing over quotation marks; at the end of
    the quotation ``start`` is inside first.  ``end`` itself at the paragraph's end."""
    limit = paragraph(text, starts, max(0, end - 1)).end
    at = end
    while True:
        match = _RUN.search(text, at, limit)
        if match is None:
            return end
        if not _marks_only(text, match.start(), match.end()):
            break
        at = match.end()
    found = match.end()
    quotation = quotation_at(text, start)  # (past its opening mark)
    if quotation is not None and end < quotation.end < found:
        return quotation.end
    return found


def previous_word_start(text: str, starts: Sequence[int], start: int, end: int) -> int:
    """``[``: the start of the word before ``start`` in its paragraph (the word's start
    when ``start`` is inside one), passing over quotation marks; at the start of the
    quotation ``end`` is inside first.  ``start`` itself at the paragraph's start."""
    floor = paragraph(text, starts, start).start
    at = start
    while True:
        run = _run_before(text, at, floor)
        if run is None:
            return start
        if not _marks_only(text, *run):
            break
        at = run[0]
    found = run[0]
    quotation = _quotation_to(text, end)
    if quotation is not None and found < quotation.start < start:
        return quotation.start
    return found


def next_word_start(text: str, start: int, end: int) -> int:
    """``;``: the start of the word after the one ``start`` is at, passing over quotation
    marks (those opening the quotation ``end`` is inside are left out); ``start`` itself
    when there is none."""
    runs = (m for m in _RUN.finditer(text, start) if not _marks_only(text, m.start(), m.end()))
    next(runs, None)  # the word the quote starts with
    following = next(runs, None)
    if following is None:
        return start
    found = following.start()
    quotation = _quotation_to(text, end)
    if quotation is not None and _marks_only(text, found, quotation.start):
        return quotation.start
    return found


def previous_word_end(text: str, start: int, end: int) -> int:
    """``b`` and ``'``: the end of the word before the one ``end`` is at, passing over
    quotation marks (those closing the quotation ``start`` is inside are left out);
    ``end`` itself when there is none."""
    at = end
    current = False
    while True:
        run = _run_before(text, at, 0)
        if run is None:
            return end
        if not _marks_only(text, *run):
            if current:
                break
            current = True
        at = run[0]
    found = run[1]
    quotation = quotation_at(text, start)  # (past its opening mark)
    if quotation is not None and _marks_only(text, quotation.end, found):
        return quotation.end
    return found


# ------------------------------------------------------------------ by a sentence


def next_sentence_end(text: str, starts: Sequence[int], start: int, end: int) -> int:
    """``)``: the end of the next sentence after ``end``, else of its paragraph (closing
    marks alone are passed over, as a word step does); at the end of the quotation
    ``start`` is inside first.  ``end`` itself at the paragraph's end."""
    limit = paragraph(text, starts, max(0, end - 1)).end
    found = end
    while found < limit and (found == end or _marks_only(text, end, found, _CLOSERS)):
        match = _SENTENCE_END.search(text, found, limit)  # (closing marks alone: on)
        found = match.end() if match is not None else limit
    if _marks_only(text, end, found, _CLOSERS) or found <= end:
        return end
    quotation = quotation_at(text, start)  # (past its opening mark)
    if quotation is not None and end < quotation.end < found:
        return quotation.end
    return found


def previous_sentence_end(text: str, starts: Sequence[int], start: int, end: int) -> int:
    """``(``: the last place before ``end`` that :func:`next_sentence_end` stops at (a
    sentence's end, a paragraph's, the end of the quotation ``start`` is inside), after
    ``start``; else the end of the first word (``end`` itself when there is none)."""
    stops = {m.end() for m in _SENTENCE_END.finditer(text, start, end)}
    for block in starts[bisect_right(starts, start) : bisect_left(starts, end)]:
        stops.add(paragraph(text, starts, block - 1).end)
    quotation = quotation_at(text, start)  # (past its opening mark)
    if quotation is not None and quotation.end < end:
        closers = {e for e in stops if _marks_only(text, quotation.end, e, _CLOSERS)}
        stops = (stops - closers) | {quotation.end}
    before = [e for e in stops if start < e < end]
    if before:
        return max(before)
    first = _RUN.search(text, start, end)
    return first.end() if first is not None else end


# ----------------------------------------------------------------- by a character


def char_step(text: str, starts: Sequence[int], offset: int, direction: int) -> int:
    """A quote's start (``direction`` -1) or end (1) moved out by one character, over any
    spaces to the next one that is not (a quote never starts or ends with a space), in
    its paragraph; ``offset`` itself at the paragraph's edge."""
    bounds = paragraph(text, starts, offset if direction < 0 else max(0, offset - 1))
    index = offset
    while (index > bounds.start) if direction < 0 else (index < bounds.end):
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


def moved_ends(
    text: str, starts: Sequence[int], start: int, end: int, *, edge: str, unit: str, way: str
) -> tuple[int, int]:
    """A quote's ``start`` and ``end`` after one key in its party pane: its ``edge``
    (``"start"`` / ``"end"``) moved by a ``unit`` (``"word"`` / ``"char"``) ``way``
    ``"out"`` (longer: ``[`` ``]`` ``{`` ``}``, never into another paragraph) or ``"in"``
    (shorter: ``;`` ``'`` ``:`` ``"``; the caller checks the quote is not made empty).
    The same ends when the edge cannot move."""
    word = unit == "word"
    if way == "in":
        if edge == "start":
            later = next_word_start(text, start, end) if word else char_step_in(text, start, 1)
            return later, end
        earlier = previous_word_end(text, start, end) if word else char_step_in(text, end, -1)
        return start, earlier
    if edge == "start":
        if word:
            return previous_word_start(text, starts, start, end), end
        return char_step(text, starts, start, -1), end
    if word:
        return start, next_word_end(text, starts, start, end)
    return start, char_step(text, starts, end, 1)
