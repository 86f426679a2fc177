"""Party colours: parse the file's colour, fall back to a palette, adapt to the theme.

A party colour is used as text on the theme background, so it must contrast with it: a
yellow that reads on a dark theme is darkened on a light one (and a navy is lightened on
a dark one).  Colour is never the only cue: panes are numbered and quotes underlined.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from textual.color import Color, ColorParseError

from positions.model import Party
from positions.palette import PALETTE  # one palette for the reader and the exports

_HEX6 = re.compile(r"#[0-9a-fA-F]{6}")

#: Minimum brightness difference between a party colour and the background.
MIN_CONTRAST = 0.4


@dataclass(frozen=True)
class ResolvedColors:
    """The file's party colours parsed (before theme adaptation), with any problems."""

    base: tuple[Color, ...]
    """One colour per party, in party order."""
    problems: tuple[str, ...]
    """One human-readable line per colour that could not be parsed."""


def resolve(parties: Sequence[Party]) -> ResolvedColors:
    """Parse each party's colour; unparsable or missing ones get a palette colour."""
    colors: list[Color] = []
    problems: list[str] = []
    for index, party in enumerate(parties):
        fallback = Color.parse(PALETTE[index % len(PALETTE)])
        if party.color is None or not party.color.strip():
            colors.append(fallback)
            continue
        try:  # the loader normalised it: only #rrggbb is a colour here
            if not _HEX6.fullmatch(party.color.strip()):
                raise ColorParseError(f"not #rrggbb: {party.color!r}")
            color = Color.parse(party.color.strip())
        except (ColorParseError, ValueError):
            problems.append(
                f"party {party.id!r}: colour {party.color!r} is not a colour; "
                f"using {fallback.hex}"
            )
            colors.append(fallback)
            continue
        colors.append(color.with_alpha(1.0))
    return ResolvedColors(tuple(colors), tuple(problems))


def adapt(color: Color, background: Color) -> Color:
    """``color`` lightened or darkened until it stands out against ``background``."""
    dark_background = background.brightness < 0.5
    adapted = color
    for _ in range(10):
        if abs(adapted.brightness - background.brightness) >= MIN_CONTRAST:
            break
        adapted = adapted.lighten(0.08) if dark_background else adapted.darken(0.08)
    return adapted
