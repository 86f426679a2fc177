"""Party colours for exports: validated before they reach CSS, with tints for highlights.

A colour from the positions file is untrusted text. Only ``#rgb``, ``#rrggbb`` or a CSS named
colour from :data:`NAMED_COLORS` is accepted; anything else (``red;}</style><script>``) is
replaced by the palette colour the reader uses for that party, so nothing from the file is
ever written into a style sheet: only the ``#rrggbb`` this module produces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from positions.model import Party
from positions.palette import PALETTE  # the reader's palette: see positions/palette.py

#: The CSS named colours (CSS Color Module Level 4), the only names accepted.
NAMED_COLORS: dict[str, str] = {
    "aliceblue": "#f0f8ff",
    "antiquewhite": "#faebd7",
    "aqua": "#00ffff",
    "aquamarine": "#7fffd4",
    "azure": "#f0ffff",
    "beige": "#f5f5dc",
    "bisque": "#ffe4c4",
    "black": "#000000",
    "blanchedalmond": "#ffebcd",
    "blue": "#0000ff",
    "blueviolet": "#8a2be2",
    "brown": "#a52a2a",
    "burlywood": "#deb887",
    "cadetblue": "#5f9ea0",
    "chartreuse": "#7fff00",
    "chocolate": "#d2691e",
    "coral": "#ff7f50",
    "cornflowerblue": "#6495ed",
    "cornsilk": "#fff8dc",
    "crimson": "#dc143c",
    "cyan": "#00ffff",
    "darkblue": "#00008b",
    "darkcyan": "#008b8b",
    "darkgoldenrod": "#b8860b",
    "darkgray": "#a9a9a9",
    "darkgreen": "#006400",
    "darkgrey": "#a9a9a9",
    "darkkhaki": "#bdb76b",
    "darkmagenta": "#8b008b",
    "darkolivegreen": "#556b2f",
    "darkorange": "#ff8c00",
    "darkorchid": "#9932cc",
    "darkred": "#8b0000",
    "darksalmon": "#e9967a",
    "darkseagreen": "#8fbc8f",
    "darkslateblue": "#483d8b",
    "darkslategray": "#2f4f4f",
    "darkslategrey": "#2f4f4f",
    "darkturquoise": "#00ced1",
    "darkviolet": "#9400d3",
    "deeppink": "#ff1493",
    "deepskyblue": "#00bfff",
    "dimgray": "#696969",
    "dimgrey": "#696969",
    "dodgerblue": "#1e90ff",
    "firebrick": "#b22222",
    "floralwhite": "#fffaf0",
    "forestgreen": "#228b22",
    "fuchsia": "#ff00ff",
    "gainsboro": "#dcdcdc",
    "ghostwhite": "#f8f8ff",
    "gold": "#ffd700",
    "goldenrod": "#daa520",
    "gray": "#808080",
    "green": "#008000",
    "greenyellow": "#adff2f",
    "grey": "#808080",
    "honeydew": "#f0fff0",
    "hotpink": "#ff69b4",
    "indianred": "#cd5c5c",
    "indigo": "#4b0082",
    "ivory": "#fffff0",
    "khaki": "#f0e68c",
    "lavender": "#e6e6fa",
    "lavenderblush": "#fff0f5",
    "lawngreen": "#7cfc00",
    "lemonchiffon": "#fffacd",
    "lightblue": "#add8e6",
    "lightcoral": "#f08080",
    "lightcyan": "#e0ffff",
    "lightgoldenrodyellow": "#fafad2",
    "lightgray": "#d3d3d3",
    "lightgreen": "#90ee90",
    "lightgrey": "#d3d3d3",
    "lightpink": "#ffb6c1",
    "lightsalmon": "#ffa07a",
    "lightseagreen": "#20b2aa",
    "lightskyblue": "#87cefa",
    "lightslategray": "#778899",
    "lightslategrey": "#778899",
    "lightsteelblue": "#b0c4de",
    "lightyellow": "#ffffe0",
    "lime": "#00ff00",
    "limegreen": "#32cd32",
    "linen": "#faf0e6",
    "magenta": "#ff00ff",
    "maroon": "#800000",
    "mediumaquamarine": "#66cdaa",
    "mediumblue": "#0000cd",
    "mediumorchid": "#ba55d3",
    "mediumpurple": "#9370db",
    "mediumseagreen": "#3cb371",
    "mediumslateblue": "#7b68ee",
    "mediumspringgreen": "#00fa9a",
    "mediumturquoise": "#48d1cc",
    "mediumvioletred": "#c71585",
    "midnightblue": "#191970",
    "mintcream": "#f5fffa",
    "mistyrose": "#ffe4e1",
    "moccasin": "#ffe4b5",
    "navajowhite": "#ffdead",
    "navy": "#000080",
    "oldlace": "#fdf5e6",
    "olive": "#808000",
    "olivedrab": "#6b8e23",
    "orange": "#ffa500",
    "orangered": "#ff4500",
    "orchid": "#da70d6",
    "palegoldenrod": "#eee8aa",
    "palegreen": "#98fb98",
    "paleturquoise": "#afeeee",
    "palevioletred": "#db7093",
    "papayawhip": "#ffefd5",
    "peachpuff": "#ffdab9",
    "peru": "#cd853f",
    "pink": "#ffc0cb",
    "plum": "#dda0dd",
    "powderblue": "#b0e0e6",
    "purple": "#800080",
    "rebeccapurple": "#663399",
    "red": "#ff0000",
    "rosybrown": "#bc8f8f",
    "royalblue": "#4169e1",
    "saddlebrown": "#8b4513",
    "salmon": "#fa8072",
    "sandybrown": "#f4a460",
    "seagreen": "#2e8b57",
    "seashell": "#fff5ee",
    "sienna": "#a0522d",
    "silver": "#c0c0c0",
    "skyblue": "#87ceeb",
    "slateblue": "#6a5acd",
    "slategray": "#708090",
    "slategrey": "#708090",
    "snow": "#fffafa",
    "springgreen": "#00ff7f",
    "steelblue": "#4682b4",
    "tan": "#d2b48c",
    "teal": "#008080",
    "thistle": "#d8bfd8",
    "tomato": "#ff6347",
    "turquoise": "#40e0d0",
    "violet": "#ee82ee",
    "wheat": "#f5deb3",
    "white": "#ffffff",
    "whitesmoke": "#f5f5f5",
    "yellow": "#ffff00",
    "yellowgreen": "#9acd32",
}

_HEX_RE = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")

#: Page backgrounds the highlight tints are mixed over (light and dark scheme).
LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#0d1117"
#: How much of the party colour a highlight's background holds, per scheme.
LIGHT_TINT = 0.28
DARK_TINT = 0.35

RGB = tuple[int, int, int]


def parse_color(value: str | None) -> str | None:
    """``value`` as ``#rrggbb`` if it is ``#rgb``, ``#rrggbb`` or a CSS name; else ``None``."""
    if value is None:
        return None
    text = value.strip().lower()
    if _HEX_RE.fullmatch(text):
        if len(text) == 4:
            text = "#" + "".join(c * 2 for c in text[1:])
        return text
    return NAMED_COLORS.get(text)


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
    parsed = parse_color(party.color)
    color = parsed or PALETTE[index % len(PALETTE)]
    return PartyStyle(
        color=color,
        light_ink=readable_on(color, LIGHT_BACKGROUND),
        dark_ink=readable_on(color, DARK_BACKGROUND),
        light_tint=mix(color, LIGHT_BACKGROUND, LIGHT_TINT),
        dark_tint=mix(color, DARK_BACKGROUND, DARK_TINT),
        from_file=parsed is not None,
    )
