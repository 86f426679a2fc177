"""The search prompt: a one-line input docked at the bottom, over the reader."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Input, Label

__all__ = ["SearchScreen"]


class SearchScreen(ModalScreen[str | None]):
    """Ask for a search term: ``enter`` returns it, ``escape`` returns ``None``."""

    DEFAULT_CSS = """
    SearchScreen {
        align: center bottom;
        background: $background 30%;
        & > #search-bar {
            dock: bottom;
            height: 3;
            width: 100%;
            background: $panel;
            padding: 0 1;
            & > Label { width: auto; padding: 1 1 0 0; }
            & > Input { width: 1fr; }
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without searching"),
    ]

    def __init__(self, term: str = "") -> None:
        super().__init__()
        self.term = term
        """The term to start with (the previous search)."""

    def compose(self) -> ComposeResult:
        """A label and the input."""
        with Horizontal(id="search-bar"):
            yield Label("Search the article:")
            yield Input(self.term, placeholder="words to find (case-insensitive)", id="term")

    def on_mount(self) -> None:
        """Focus the input with the previous term selected."""
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """``enter``: search for the term."""
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """``escape``: close without searching."""
        self.dismiss(None)
