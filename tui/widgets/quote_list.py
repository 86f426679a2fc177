"""The list inside a party pane: its topics' entries and their quotes, with ``j``/``k``
and ``n``/``N`` (see :mod:`tui.widgets.party_pane`)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import Reactive

from tui.workarounds import MeasuredOptionList

__all__ = ["QuoteList"]


class QuoteList(MeasuredOptionList):
    """The option list inside a party pane (adds ``j``/``k`` and ``n``/``N``)."""

    # Its entries hold no links: no link styles worked out for each entry drawn.
    auto_links: Reactive[bool] = Reactive(False)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding(
            "n", "step_quote(1)", "Next quote", show=False, tooltip="Next quote in this pane"
        ),
        Binding("N", "step_quote(-1)", "Previous quote", show=False),
    ]

    class StepQuote(Message):
        """``n``/``N``: the next (``direction`` 1) or previous (-1) quote asked for (the
        party pane moves to it and jumps the article there)."""

        def __init__(self, direction: int) -> None:
            super().__init__()
            self.direction = direction
            """1: the next quote; -1: the previous one."""

    def action_step_quote(self, direction: int) -> None:
        """Ask for the next/previous quote in this pane (see :class:`StepQuote`)."""
        self.post_message(self.StepQuote(direction))
