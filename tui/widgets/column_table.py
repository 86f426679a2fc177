"""A ``DataTable`` that scrolls sideways by whole columns.

Textual's ``DataTable`` scrolls sideways by cells of the terminal: moving the cursor right
scrolls just far enough to show the cursor's column, so the column left of it is cut and
its end shows beside the fixed columns (the matrix's agreement, the balance view's row
names): ``rts ●`` under the blank end of its header, ``░  12%`` beside ``Share of voice``,
read as part of the fixed column or as the wrong party's figure.

:class:`ColumnScrollTable` scrolls only to where a column starts (or to the very end), in
the direction the scroll goes, so the first scrolled column is shown whole with its header
above it; where the end of the table leaves the first one cut anyway (the last columns do
not start a screen), the cut part is drawn blank.  A column cut on the right is left as it
is: it shows its header's start above its cells' starts, and that more follows.

Only public Textual API: ``ordered_columns``, ``Column.get_render_width``, the scroll
reactives' validators, ``render_line`` and ``Strip``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Generic, TypeVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import DataTable

__all__ = ["ColumnScrollTable", "column_edges", "cut_on_left", "snap_scroll"]

CellT = TypeVar("CellT")


def column_edges(widths: Sequence[int], fixed: int) -> list[int]:
    """Where each scrolled column starts, in ``scroll_x`` units (the first at 0), and where
    the last one ends: the columns after the first ``fixed`` of ``widths``."""
    edges = [0]
    for width in widths[fixed:]:
        edges.append(edges[-1] + width)
    return edges


def snap_scroll(value: float, current: float, edges: Sequence[int], maximum: float) -> float:
    """``value`` (a new ``scroll_x``) moved to a column's start, in the direction of the
    scroll from ``current``: forward to the next start (so a column asked to be in view
    is whole), back to the previous one; ``maximum`` (the end) counts as a start.  A value
    the same as ``current`` is kept (a layout checking the scroll moves nothing)."""
    value = min(max(value, 0.0), maximum)
    if value == current:
        return value
    starts = [edge for edge in edges if edge < maximum]
    if value > current:
        at = bisect_left(starts, value)
        return float(starts[at]) if at < len(starts) else maximum
    at = bisect_right(starts, value) - 1
    return float(starts[at]) if at >= 0 else 0.0


def cut_on_left(scroll_x: int, edges: Sequence[int]) -> int:
    """How many cells of a column cut on the left show at ``scroll_x`` (0 when a column
    starts there)."""
    at = bisect_left(edges, scroll_x)
    if at >= len(edges):
        return 0
    return edges[at] - scroll_x


class ColumnScrollTable(DataTable[CellT], Generic[CellT]):
    """A ``DataTable`` scrolled sideways by whole columns (see the module doc)."""

    def _widths(self) -> list[int]:
        return [column.get_render_width(self) for column in self.ordered_columns]

    def _edges(self) -> list[int]:
        return column_edges(self._widths(), self.fixed_columns)

    def validate_scroll_x(self, value: float) -> float:
        """Scrolled (not while animated) to where a column starts."""
        maximum = self.max_scroll_x
        if self.app.animator.is_being_animated(self, "scroll_x"):
            return min(max(value, 0.0), maximum)  # on its way to a start (the target's)
        return snap_scroll(value, self.scroll_x, self._edges(), maximum)

    def validate_scroll_target_x(self, value: float) -> float:
        """An animated scroll ends where a column starts."""
        return round(snap_scroll(value, self.scroll_target_x, self._edges(), self.max_scroll_x))

    def render_line(self, y: int) -> Strip:
        """The table's line, with the part of a column cut on the left drawn blank."""
        strip = super().render_line(y)
        widths = self._widths()
        cut = cut_on_left(self.scroll_offset.x, column_edges(widths, self.fixed_columns))
        if not cut:
            return strip
        # Where scrolled columns start on screen: after the row labels (the table's width
        # beyond its columns) and the fixed columns.
        fixed = sum(widths[: self.fixed_columns])
        left = max(0, self.virtual_size.width - sum(widths)) + fixed
        end = min(left + cut, strip.cell_length)
        if end <= left:
            return strip
        head, hidden, tail = strip.divide([left, end, strip.cell_length])
        # Blank in the cells' own colours (zebra stripes), without their meta: a click
        # there chooses nothing.
        blank = Strip(
            [Segment(" " * part.cell_length, part.style and part.style.clear_meta_and_links())
             for part in hidden],
            end - left,
        )
        return Strip.join([head, blank, tail])
