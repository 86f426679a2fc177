"""Everything the reader said, oldest first: notifications fade, this list does not."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.log import Said
from tui.safe import literal

__all__ = ["MessagesScreen"]

_MARKS = {"information": "·", "warning": "!", "error": "✘"}


class MessagesScreen(ModalScreen[None]):
    """The messages shown so far (the palette's "Messages"); ``escape`` closes it."""

    DEFAULT_CSS = """
    MessagesScreen {
        align: center middle;
        & > VerticalScroll {
            width: 90%;
            max-width: 110;
            height: 80%;
            border: round $accent;
            background: $surface;
            padding: 0 1;
        }
        & .said { margin-bottom: 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", tooltip="Back to the reader"),
    ]

    def __init__(self, messages: Sequence[Said]) -> None:
        super().__init__()
        self.messages = tuple(messages)
        """What is listed (a copy: messages said meanwhile are not added)."""

    def compose(self) -> ComposeResult:
        """One entry per message, its mark (· ! ✘), title and text."""
        with VerticalScroll() as scroll:
            scroll.border_title = Content(f"Messages · {len(self.messages)}")
            scroll.border_subtitle = Content("escape to close")
            if not self.messages:
                yield Static(Content("Nothing said yet."), classes="said")
            for said in self.messages:
                head = f"{_MARKS.get(said.severity, '·')} {said.title}".rstrip()
                yield Static(
                    Content.assemble((head + "\n", "bold"), literal(said.message)),
                    classes="said",
                )

    def action_close(self) -> None:
        """Back to the reader."""
        self.dismiss(None)
