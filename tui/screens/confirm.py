"""A yes/no question before a change that loses something (removing a quote)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

__all__ = ["ConfirmScreen"]


class ConfirmScreen(ModalScreen[bool]):
    """Ask a question: ``True`` for yes (``y``); ``n``, ``q`` or ``escape`` say no (the
    default, focused)."""

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
        & > #ask-box {
            width: 70;
            max-width: 100%;
            height: auto;
            border: thick $warning;
            border-title-align: center;
            background: $surface;
            padding: 1 2;
            & > #ask-what { margin-bottom: 1; color: $text-muted; }
            & > Horizontal { height: auto; align-horizontal: right; }
            & Button { margin-left: 2; }
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n,q", "answer(False)", "No"),
        Binding("y", "answer(True)", "Yes"),
    ]

    def __init__(self, title: str, question: Content, what: Content, yes: str) -> None:
        """``question`` above ``what`` it is about (both literal Content); ``yes``: the
        yes button's word."""
        super().__init__()
        self.title_text = title
        self.question = question
        self.what = what
        self.yes = yes

    def compose(self) -> ComposeResult:
        """The question, what it is about, two buttons."""
        with Vertical(id="ask-box") as box:
            box.border_title = Content(self.title_text)
            yield Static(self.question)
            yield Static(self.what, id="ask-what")
            with Horizontal():
                yield Button(Content(f"{self.yes} (y)"), variant="warning", id="yes")
                yield Button(Content("Keep (n)"), variant="primary", id="no")

    def on_mount(self) -> None:
        """The safe answer is the default."""
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """``y``: yes; ``n``, ``q`` or ``escape``: no."""
        self.dismiss(yes)
