"""Fast word wrapping of ranges of one big string, keeping offsets into it.

The article pane needs, for each wrapped line, its ``(start, end)`` offsets in
``Article.text`` so quote spans map to lines with ``bisect``.  Wrapping works line by line
(``str.rfind`` does the per-character work in C), so a multi-megabyte article wraps in a
fraction of a second.  Widths are terminal cells: wide (CJK) and zero-width characters are
measured with :func:`rich.cells.cell_len`, only for lines that are not plain ASCII.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size

__all__ = ["is_simple", "wrap_into", "wrap_range"]

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
    starts: list[int] = []
    ends: list[int] = []
    wrap_into(text, start, end, width, starts, ends)
    return list(zip(starts, ends, strict=True))


def wrap_into(
    text: str, start: int, end: int, width: int, starts: list[int], ends: list[int]
) -> int:
    """:func:`wrap_range`, each line's start and end appended to ``starts`` and ``ends``
    (no pair made per line: a 3.6 MB article has 126,000 lines at 40 columns); the number
    of lines, at least one."""
    width = max(1, width)
    add_start, add_end = starts.append, ends.append
    find_newline, find_space = text.find, text.rfind
    before = len(starts)
    pos = start
    while True:
        newline = find_newline("\n", pos, end)
        stop = end if newline < 0 else newline
        if pos >= stop:  # an empty line
            add_start(pos)
            add_end(pos)
        else:
            piece = text[pos:stop]
            simple = is_simple(piece)
            if stop - pos <= width if simple else cell_len(piece) <= width:
                add_start(pos)
                add_end(stop)
            else:
                while pos < stop:
                    limit = pos + width if simple else _fit(text, pos, stop, width)
                    if limit >= stop:
                        add_start(pos)
                        add_end(stop)
                        break
                    brk = find_space(" ", pos, limit + 1)
                    add_start(pos)
                    if brk <= pos:  # a word longer than the width: cut
                        add_end(limit)
                        pos = limit
                    else:
                        add_end(brk)
                        pos = brk + 1
        if newline < 0:
            return len(starts) - before
        pos = newline + 1
