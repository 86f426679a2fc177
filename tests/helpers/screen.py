"""What the screen shows, read through Textual's public screenshot (no private state)."""

from __future__ import annotations

import html
import re
from typing import Any

from textual.widget import Widget

__all__ = ["region_lines", "screen_lines", "screen_text"]

# Rich's SVG export draws each run of text at x = column * 12.2 (0.61 of a 20 px font),
# and row r at y = 20 + r * 24.4.
_CELL = 12.2
_ROW, _FIRST_ROW = 24.4, 20.0
_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>')


def screen_lines(app: Any) -> list[str]:
    """Every row of the screen as plain text (non-breaking spaces as spaces); a row with
    nothing drawn on it is an empty string, so that index r is screen row r."""
    rows: dict[int, list[tuple[int, str]]] = {}
    for match in _TEXT.finditer(app.export_screenshot()):
        column = round(float(match.group(1)) / _CELL)
        row = round((float(match.group(2)) - _FIRST_ROW) / _ROW)
        text = html.unescape(match.group(3)).replace("\xa0", " ")
        rows.setdefault(row, []).append((column, text))
    lines = []
    for row in range(max(rows, default=-1) + 1):
        line = ""
        for column, text in sorted(rows.get(row, [])):
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
