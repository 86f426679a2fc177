"""The search prompt: a one-line input over the bottom rows of the reader.

It lies on a layer of its own over the status line and footer, so opening and closing it
moves nothing: the screen under it is not laid out or drawn again (a prompt on a screen
of its own cost two full redraws per search).  It posts :class:`SearchBar.Submitted` or
:class:`SearchBar.Cancelled`; the app runs the search and closes it.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

__all__ = ["SearchBar"]


class SearchBar(Horizontal):
    """``Search the article: [term]``; ``enter`` submits, ``escape`` cancels."""

    DEFAULT_CSS = """
    SearchBar {
        layer: search;
        dock: bottom;
        height: 3;
        width: 100%;
        background: $panel;
        padding: 0 1;
        & > Label { width: auto; padding: 1 1 0 0; }
        & > Input { width: 1fr; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without searching"),
        # Before the input sees the key: it drew itself once more (its cursor shown
        # again), a frame ahead of the search, and passed the key on in two messages.
        Binding(
            "enter", "submit", "Search", show=False, priority=True, tooltip="Find the words"
        ),
    ]

    class Submitted(Message):
        """``enter``: search for ``term``."""

        def __init__(self, bar: SearchBar, term: str) -> None:
            self.bar = bar
            """The search bar."""
            self.term = term
            """The term typed (as typed: the search strips it)."""
            super().__init__()

        @property
        def control(self) -> SearchBar:
            """The search bar."""
            return self.bar

    class Cancelled(Message):
        """``escape``, or the focus left the bar: close without searching."""

        def __init__(self, bar: SearchBar, *, focus_left: bool = False) -> None:
            self.bar = bar
            """The search bar."""
            self.focus_left = focus_left
            """The focus went elsewhere (a click, ``tab``): it should stay there."""
            super().__init__()

        @property
        def control(self) -> SearchBar:
            """The search bar."""
            return self.bar

    def compose(self) -> ComposeResult:
        """A label and the input."""
        yield Label("Search the article:")
        yield Input(placeholder="words to find (case-insensitive)", id="term")

    @property
    def input(self) -> Input:
        """The term's input."""
        return self.query_one(Input)

    def open(self, term: str) -> None:
        """Show the bar with ``term`` (the previous search) selected, and focus it."""
        self.display = True
        field = self.input
        field.value = term
        # At once, not deferred as ``focus()`` is: the keys typed right after ``/`` are
        # for the bar.
        self.screen.set_focus(field)
        field.select_all()

    def close(self) -> None:
        """Hide the bar."""
        self.display = False

    def action_submit(self) -> None:
        """``enter``: ask for the search."""
        self.post_message(self.Submitted(self, self.input.value))

    def action_cancel(self) -> None:
        """``escape``: close without searching."""
        self.post_message(self.Cancelled(self))

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """The focus went elsewhere (a click, ``tab``): the prompt is abandoned."""
        if self.display and self.screen.focused is not self.input:
            self.post_message(self.Cancelled(self, focus_left=True))
