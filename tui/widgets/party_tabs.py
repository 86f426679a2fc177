"""Party tabs, shown when the panes do not fit side by side: one visible pane at a time."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.color import Color
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import Static

from positions.model import Party
from tui.safe import one_line

__all__ = ["PartyTabs"]


class PartyTabs(Static):
    """``1 Ukraine  2 Russia  …`` with the current party in reverse; click to switch."""

    DEFAULT_CSS = """
    PartyTabs {
        height: auto;
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

    def set_parties(self, parties: Sequence[Party]) -> None:
        """Another list of parties (after a reload); :meth:`show` redraws."""
        self.parties = tuple(parties)
        self._colors = [Color(128, 128, 128)] * len(self.parties)

    def show(self, current: int, colors: Sequence[Color] | None = None) -> None:
        """Redraw with ``current`` selected (and new colours, if given)."""
        if colors is not None:
            self._colors = list(colors)
        parts: list[Content] = []
        for index, party in enumerate(self.parties):
            style = f"bold {self._colors[index].hex}"
            if index == current:
                style += " reverse"
            label = Content.styled(f"{index + 1}\u00a0{one_line(party.name)}", style)
            if parts:
                parts.append(Content("  "))
            parts.append(label.stylize(Style.from_meta({"party_tab": index})))
        self.update(Content.assemble(*parts))

    def on_click(self, event: events.Click) -> None:
        """Switch to the clicked party."""
        index = event.style.meta.get("party_tab")
        if isinstance(index, int):
            self.post_message(self.Clicked(index))
