"""The benchmark's baseline: the smallest Textual app worth comparing the reader with.

A title line and a footer; ``q`` quits.  ``bench/bench.py`` launches it in tmux exactly as
it launches the reader, and reports the reader's first paint and memory as ratios to this.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Static

TITLE = "Hello benchmark"


class HelloApp(App[None]):
    """A ``Static`` with a title line, and a ``Footer``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        """The title line and the footer."""
        yield Static(TITLE)
        yield Footer()


if __name__ == "__main__":
    HelloApp().run()
