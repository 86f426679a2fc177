"""Party tabs, shown when the panes do not fit side by side: one visible pane at a time.

Always one row: when the tabs do not fit, names are cut with ``…`` (all to the same
length), and when even that is not enough the row shows the tabs around the current
one, with ``‹`` / ``›`` where more are hidden.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.color import Color
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import Static

from positions.model import Party
from tui.safe import short_name

__all__ = ["PartyTabs", "fit_tabs"]

_GAP = 2  # columns between two tabs
_SHORTEST = 6  # the shortest a name is cut to before tabs are left out instead


def fit_tabs(names: Sequence[str], current: int, width: int) -> list[tuple[int, str]]:
    """The tabs to show in ``width`` columns: ``(party index, label)`` in order, with
    ``(-1, "‹ ")`` / ``(-1, " ›")`` marking tabs left out before / after.

    Every name is cut (with ``…``) to the longest length at which all tabs fit; below
    ``_SHORTEST`` characters, tabs are left out around the current one instead.
    """

    def label(index: int, length: int) -> str:
        return f"{index + 1}\u00a0{short_name(names[index], length)}"

    def row_width(indices: Sequence[int], length: int) -> int:
        return sum(len(label(i, length)) for i in indices) + _GAP * max(0, len(indices) - 1)

    every = range(len(names))
    longest = max((len(short_name(name)) for name in names), default=0)
    for length in range(longest, _SHORTEST - 1, -1):
        if row_width(every, length) <= width:
            return [(i, label(i, length)) for i in every]
    # Too many tabs: the current one and its neighbours, as many as fit.
    if not names:
        return []
    current = max(0, min(current, len(names) - 1))
    first = last = current
    room = width - 4  # the two markers
    while True:
        grown = False
        for candidate in (last + 1, first - 1):
            lo, hi = min(first, candidate), max(last, candidate)
            if 0 <= candidate < len(names) and row_width(range(lo, hi + 1), _SHORTEST) <= room:
                first, last, grown = lo, hi, True
        if not grown:
            break
    shown: list[tuple[int, str]] = [(-1, "‹ ")] if first > 0 else []
    shown += [(i, label(i, _SHORTEST)) for i in range(first, last + 1)]
    if last < len(names) - 1:
        shown.append((-1, " ›"))
    return shown


class PartyTabs(Static):
    """``1 Ukraine  2 Russia  …`` with the current party in reverse; click to switch."""

    DEFAULT_CSS = """
    PartyTabs {
        width: 1fr;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        padding: 0 1;
        background: $panel;
    }
    """

    class Clicked(Message):
        """A tab was clicked."""

        def __init__(self, party_index: int) -> None:
            self.party_index = party_index
            """The party whose tab was clicked."""
            super().__init__()

    def __init__(self, parties: Sequence[Party], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parties = tuple(parties)
        self._colors: list[Color] = [Color(128, 128, 128)] * len(self.parties)
        self._current = 0
        self._drawn: tuple[object, ...] = ()  # what the row drawn last shows

    def set_parties(self, parties: Sequence[Party]) -> None:
        """Another list of parties (after a reload); :meth:`show` redraws."""
        self.parties = tuple(parties)
        self._colors = [Color(128, 128, 128)] * len(self.parties)

    def show(self, current: int, colors: Sequence[Color] | None = None) -> None:
        """Redraw with ``current`` selected (and new colours, if given)."""
        if colors is not None:
            self._colors = list(colors)
        self._current = current
        self._draw()

    def on_resize(self) -> None:
        """Fit the row to the new width."""
        self._draw()

    def _draw(self) -> None:
        width = self.content_region.width or 10_000  # not laid out yet: cut nothing more
        labels = fit_tabs([party.name for party in self.parties], self._current, width)
        # (``Content`` compares its text only, not its styles: compare what it is made of.)
        drawn = (tuple(labels), self._current, tuple(color.hex for color in self._colors))
        if drawn == self._drawn:
            return  # (a quote selected in the current party: nothing to draw again)
        self._drawn = drawn
        parts: list[Content] = []
        after_tab = False
        for index, label in labels:
            if index < 0:  # a "more tabs" marker
                parts.append(Content.styled(label, "$text-muted"))
                after_tab = False
                continue
            style = f"bold {self._colors[index].hex}"
            if index == self._current:
                style += " reverse"
            if after_tab:
                parts.append(Content(" " * _GAP))
            after_tab = True
            tab = Content.styled(label, style)
            parts.append(tab.stylize(Style.from_meta({"party_tab": index})))
        # One row, as wide as its container whatever it says (CSS): a repaint, not a
        # layout of the whole screen, which every key selecting a quote paid for.
        self.update(Content.assemble(*parts), layout=False)

    def on_click(self, event: events.Click) -> None:
        """Switch to the clicked party."""
        index = event.style.meta.get("party_tab")
        if isinstance(index, int):
            self.post_message(self.Clicked(index))
