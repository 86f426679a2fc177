"""What the HTML export's parts share: escaping, and the shapes that tell parties apart
without colour."""

from __future__ import annotations

import html

from positions.model import Party

#: Shapes that tell parties apart without colour, in party order: none of them is a
#: basis mark (● ○ ▲ ◇) or a stance glyph, which stand beside them in the matrix.
MARKERS = ("■", "★", "✚", "▼", "♣", "♠", "♥", "✱", "☀", "✿")


def esc(text: str) -> str:
    """``text`` escaped for HTML text and attribute values."""
    return html.escape(text, quote=True)


def marker(index: int) -> str:
    """The shape of the ``index``-th party (numbered once the shapes run out)."""
    shape = MARKERS[index % len(MARKERS)]
    return shape if index < len(MARKERS) else f"{shape}{index // len(MARKERS) + 1}"


def party_label(index: int, party: Party) -> str:
    """The party's marker (in its colour) and escaped name."""
    return (
        f'<span class="marker p{index}" aria-hidden="true">{marker(index)}</span> {esc(party.name)}'
    )
