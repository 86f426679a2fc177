"""Party colours for exports: validated before they reach CSS, with tints for highlights.

The loader has already normalised every party colour to ``#rrggbb`` or dropped it (with a
warning); :func:`party_style` checks it again (a Party may be built by hand) with the same
:func:`~positions.colors.normalize_color`, and uses the palette colour the reader uses for
that party otherwise, so nothing from the file is ever written into a style sheet: only
the ``#rrggbb`` this module produces.
"""

from __future__ import annotations

from dataclasses import dataclass

from positions.colors import NAMED_COLORS, normalize_color
from positions.model import Party
from positions.palette import PALETTE  # the reader's palette: see positions/palette.py

#: Page backgrounds the highlight tints are mixed over (light and dark scheme).
LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#0d1117"
#: How much of the party colour a highlight's background holds, per scheme.
LIGHT_TINT = 0.28
DARK_TINT = 0.35

RGB = tuple[int, int, int]

#: The one colour parser (kept under its old name for the exporters' callers).
parse_color = normalize_color

__all__ = [
    "NAMED_COLORS",
    "PALETTE",
    "PartyStyle",
    "contrast",
    "mix",
    "parse_color",
    "party_style",
    "readable_on",
]


def rgb(hex_color: str) -> RGB:
    """``#rrggbb`` as three integers."""
    return int(hex_color[1:3], 16), int(hex_color[3:5], 16), int(hex_color[5:7], 16)


def to_hex(color: RGB) -> str:
    """Three integers as ``#rrggbb``."""
    return "#{:02x}{:02x}{:02x}".format(*color)


def mix(color: str, background: str, amount: float) -> str:
    """``amount`` of ``color`` over ``background`` (both ``#rrggbb``)."""
    fg, bg = rgb(color), rgb(background)
    mixed = tuple(round(f * amount + b * (1 - amount)) for f, b in zip(fg, bg, strict=True))
    return to_hex((mixed[0], mixed[1], mixed[2]))


def _luminance(color: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(color: str, background: str, minimum: float = 3.0) -> str:
    """``color`` darkened or lightened towards ``background``'s opposite until it reads on it."""
    target = "#000000" if _luminance(background) > 0.5 else "#ffffff"
    adapted = color
    step = 0
    while contrast(adapted, background) < minimum and step < 20:
        step += 1
        adapted = mix(target, color, step * 0.05)
    return adapted


@dataclass(frozen=True)
class PartyStyle:
    """How one party is drawn in an export: every value is safe to put in CSS."""

    color: str
    """The party colour, ``#rrggbb``."""
    light_ink: str
    """The colour as text on the light background."""
    dark_ink: str
    """The colour as text on the dark background."""
    light_tint: str
    """Highlight background on the light background."""
    dark_tint: str
    """Highlight background on the dark background."""
    from_file: bool
    """Whether the file's colour was used (``False``: palette fallback)."""


def party_style(party: Party, index: int) -> PartyStyle:
    """The style of the ``index``-th party (its colour, or the palette's when unusable)."""
    parsed = normalize_color(party.color)
    color = parsed or PALETTE[index % len(PALETTE)]
    return PartyStyle(
        color=color,
        light_ink=readable_on(color, LIGHT_BACKGROUND),
        dark_ink=readable_on(color, DARK_BACKGROUND),
        light_tint=mix(color, LIGHT_BACKGROUND, LIGHT_TINT),
        dark_tint=mix(color, DARK_BACKGROUND, DARK_TINT),
        from_file=parsed is not None,
    )
