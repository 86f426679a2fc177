"""The article's word wrap as it was before :func:`tui.wrap.wrap_into` (2026-11-30): a
line at a time through a callback, a pair per line.  Kept as the reference the faster
wrap must agree with (``tests/test_wrap.py``)."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len

from tui.wrap import _fit, is_simple


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
