"""Fast word wrapping of ranges of one big string, keeping offsets into it.

The article pane needs, for each wrapped line, its ``(start, end)`` offsets in
``Article.text`` so quote spans map to lines with ``bisect``.  Wrapping works line by line
(``str.rfind`` does the per-character work in C), so a multi-megabyte article wraps in a
fraction of a second.  Widths are terminal cells: wide (CJK) and zero-width characters are
measured with :func:`rich.cells.cell_len`, only for lines that are not plain ASCII.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len, get_character_cell_size

__all__ = ["is_simple", "wrap_range"]

# Scripts and punctuation common in news text.  Only the characters rich measures as one
# cell are kept, so a line made of them has as many cells as characters.
_SIMPLE_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0x2FF),
    (0x370, 0x58F),
    (0x5D0, 0x5EA),
    (0x600, 0x6FF),
    (0x10A0, 0x10FF),
    (0x1E00, 0x1FFF),
    (0x2010, 0x205E),
    (0x20A0, 0x20C0),
    (0x2100, 0x27BF),
    (0x2800, 0x28FF),
)


# The characters met so far that are (or are not) one cell and in ``_SIMPLE_RANGES``:
# a text uses few distinct characters, so sorting them as they come is far cheaper than
# listing the thousands the ranges hold.
_ONE_CELL: set[str] = set()
_NOT_ONE_CELL: set[str] = set()


def _sort_chars(chars: set[str]) -> None:
    for char in chars - _ONE_CELL - _NOT_ONE_CELL:
        code = ord(char)
        simple = any(low <= code <= high for low, high in _SIMPLE_RANGES)
        if simple and get_character_cell_size(char) == 1:
            _ONE_CELL.add(char)
        else:
            _NOT_ONE_CELL.add(char)


def is_simple(text: str) -> bool:
    """True when every character of ``text`` is one cell wide (then cells == len)."""
    if text.isascii():
        return text.isprintable()
    chars = set(text)
    if chars <= _ONE_CELL:
        return True
    _sort_chars(chars)
    return chars <= _ONE_CELL


def _fit(text: str, pos: int, end: int, width: int) -> int:
    """The largest ``limit`` such that ``text[pos:limit]`` fits in ``width`` cells (>= pos+1)."""
    n = min(width, end - pos)
    cells = cell_len(text[pos : pos + n])
    while n > 1 and cells > width:
        n -= max(1, (cells - width) // 2)
        cells = cell_len(text[pos : pos + n])
    while pos + n < end and cell_len(text[pos : pos + n + 1]) <= width:
        n += 1
    return pos + max(n, 1)


def wrap_range(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Wrap ``text[start:end]`` to ``width`` cells: a list of ``(line_start, line_end)``.

    Lines break at spaces (the breaking space belongs to no line) and at ``\\n``; a word
    longer than the width is cut.  An empty range gives one empty line.  Offsets are
    absolute indices into ``text``.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    append = lines.append
    pos = start
    while True:
        newline = text.find("\n", pos, end)
        stop = end if newline < 0 else newline
        _wrap_line(text, pos, stop, width, append)
        if newline < 0:
            break
        pos = newline + 1
    return lines


def _wrap_line(
    text: str, pos: int, end: int, width: int, add: Callable[[tuple[int, int]], None]
) -> None:
    """Wrap one line without newlines, calling ``add((start, end))`` per wrapped line."""
    if pos >= end:
        add((pos, pos))
        return
    simple = is_simple(text[pos:end])
    if simple and end - pos <= width:
        add((pos, end))
        return
    if not simple and cell_len(text[pos:end]) <= width:
        add((pos, end))
        return
    find_space = text.rfind
    while pos < end:
        limit = pos + width if simple else _fit(text, pos, end, width)
        if limit >= end:
            add((pos, end))
            return
        brk = find_space(" ", pos, limit + 1)
        if brk <= pos:
            add((pos, limit))
            pos = limit
        else:
            add((pos, brk))
            pos = brk + 1
