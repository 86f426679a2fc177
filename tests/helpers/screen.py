"""What the screen shows, read through Textual's public screenshot (no private state)."""

from __future__ import annotations

import html
import re
from typing import Any

from textual.widget import Widget

__all__ = ["region_lines", "screen_lines", "screen_text"]

# Rich's SVG export draws each run of text at x = column * 12.2 (0.61 of a 20 px font).
_CELL = 12.2
_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>')


def screen_lines(app: Any) -> list[str]:
    """Every row of the screen as plain text (non-breaking spaces as spaces)."""
    rows: dict[float, list[tuple[int, str]]] = {}
    for match in _TEXT.finditer(app.export_screenshot()):
        column = round(float(match.group(1)) / _CELL)
        text = html.unescape(match.group(3)).replace("\xa0", " ")
        rows.setdefault(float(match.group(2)), []).append((column, text))
    lines = []
    for y in sorted(rows):
        line = ""
        for column, text in sorted(rows[y]):
            line = line.ljust(column) + text
        lines.append(line)
    return lines


def region_lines(app: Any, widget: Widget) -> list[str]:
    """The rows of the screen ``widget`` covers, cut to its columns (border included)."""
    region = widget.region
    lines = screen_lines(app)[region.y : region.y + region.height]
    return [line[region.x : region.x + region.width] for line in lines]


def screen_text(app: Any) -> str:
    """Every row of the screen, joined by newlines."""
    return "\n".join(screen_lines(app))
