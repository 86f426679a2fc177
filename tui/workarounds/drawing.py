"""Drawing less for the same picture (see :mod:`tui.workarounds`).

* :func:`body_drawn_once`: a party pane is a box with a border whose inside its children
  cover, so every line between its top and bottom border is the same (the border's
  sides and the background between them).  Textual draws each of them through the
  styles cache all the same, about 35 µs a line, ~4 ms for the three panes of the
  first frame.  Here the top line, one body line and the bottom line are drawn and the
  body line repeated: the same object, so the filters Textual applies to each line (the
  terminal's colours) are worked out once too (``Strip`` keeps what it was filtered to).
* :func:`wrap_offsets` and :func:`wrapped_line_count`: where ``Content`` breaks a line it
  wraps, and into how many lines (``rich._wrap.divide_line``, private: the function
  ``Content`` wraps with), for a party pane's entries measured and drawn without
  ``Content`` (:mod:`tui.prompts`).
"""

from __future__ import annotations

from collections.abc import Callable

from rich._wrap import divide_line
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["body_drawn_once", "wrap_offsets", "wrapped_line_count"]


def body_drawn_once(
    widget: Widget, crop: Region, render: Callable[[Region], list[Strip]]
) -> list[Strip]:
    """``render(crop)`` (``Widget.render_lines``) for a widget that draws nothing but its
    border and background (a container): its lines between the first and the last are
    the same, so one of them is drawn and repeated.  A crop that is not whole lines (a
    cell looked up under the mouse), a widget with a scrollbar or drawn blank, or one
    too short to have a body line to repeat, is drawn as Textual draws it."""
    width, height = widget.outer_size
    if (
        height < 4
        or crop.x != 0
        or crop.width != width
        or widget.BLANK
        or widget.scrollbars_enabled != (False, False)
    ):
        return render(crop)
    body: Strip | None = None
    strips: list[Strip] = []
    for y in crop.line_range:
        if y == 0 or y == height - 1:
            strips.extend(render(Region(0, y, width, 1)))
        else:
            if body is None:
                body = render(Region(0, 1, width, 1))[0]
            strips.append(body)
    return strips


def wrap_offsets(line: str, width: int) -> list[int]:
    """Where ``Content`` breaks ``line`` (no newline in it) wrapped to ``width`` cells with
    ``text-wrap: wrap`` and ``text-overflow: fold``: the offsets its lines after the first
    start at."""
    return list(divide_line(line, width, fold=True))


def wrapped_line_count(line: str, width: int) -> int:
    """How many lines ``line`` (no newline in it) takes wrapped to ``width`` cells, as
    ``Content`` wraps it with ``text-wrap: wrap`` and ``text-overflow: fold``.

    Uses ``rich._wrap.divide_line`` (private): it is what ``Content`` wraps with, so the
    count is exact, and it is twice as fast as wrapping a ``Content`` (see
    :mod:`tui.workarounds`).
    """
    return len(divide_line(line, width, fold=True)) + 1
