"""What a screen shows, as plain text, read through Textual's public screenshot API."""

from __future__ import annotations

import html
import re
from typing import Any

from textual.app import App

__all__ = ["screen_text"]

_TEXT = re.compile(
    r'<text class="[^"]*" x="([0-9.]+)" y="[0-9.]+" textLength="([0-9.]+)" '
    r'clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>'
)


def screen_text(app: App[Any]) -> str:
    """Every row of the screen on top, as text (rows joined by newlines), from
    ``App.export_screenshot`` (the SVG a user can save): what the terminal would show.

    The SVG places each run of text at its cell; cells with nothing drawn but a
    background are left out of it, so they are filled with spaces here."""
    found = [
        (int(m.group(3)), float(m.group(1)), float(m.group(2)), html.unescape(m.group(4)))
        for m in _TEXT.finditer(app.export_screenshot())
    ]
    cell = min((width / len(text) for _, _, width, text in found if text.strip()), default=1.0)
    rows: dict[int, list[tuple[float, float, str]]] = {}
    for row, x, width, text in found:
        rows.setdefault(row, []).append((x, width, text.replace("\xa0", " ")))
    lines = []
    for row in range(max(rows, default=-1) + 1):
        line, at = "", 0  # the text so far, and the cell it ends at
        for x, width, text in sorted(rows.get(row, [])):
            start = round(x / cell)
            line += " " * max(0, start - at) + text
            at = max(at, round((x + width) / cell))
        lines.append(line.rstrip("\n"))
    return "\n".join(lines)
