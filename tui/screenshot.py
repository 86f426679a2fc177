"""The palette's Screenshot, saved in the current directory.

Textual's own Screenshot command saves in ``~/Downloads`` and fails where there is none;
this one saves where the user works and says where (through the app's message log).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from textual.app import App, SystemCommand

from tui.log import say

__all__ = ["save_screenshot_here", "with_screenshot_here"]


def save_screenshot_here(app: App[Any]) -> str | None:
    """Save an SVG picture of ``app``'s screen in the current directory and say where;
    return its path (``None``, said as an error, when it cannot be written)."""
    try:
        path = app.save_screenshot(path=os.getcwd())
    except OSError as error:
        say(app, f"Screenshot not saved: {error}", title="Screenshot", severity="error")
        return None
    say(app, f"Screenshot saved to {path}", title="Screenshot")
    return path


def with_screenshot_here(
    app: App[Any], commands: Iterable[SystemCommand]
) -> Iterable[SystemCommand]:
    """Textual's system ``commands``, with Screenshot replaced by one that saves in the
    current directory."""
    for command in commands:
        if command.title != "Screenshot":
            yield command
    yield SystemCommand(
        "Screenshot",
        "Save an SVG picture of the screen in the current directory",
        lambda: app.set_timer(0.1, lambda: save_screenshot_here(app)),  # once the palette closed
    )
