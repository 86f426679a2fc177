"""Sanitising untrusted text: terminal control sequences, bidi overrides, Unicode NFC.

Every string that reaches the screen comes from a file someone else wrote, so anything a
terminal would interpret (escape sequences, C0/C1 controls) or that could make the text
display differently from what it is (bidi embeddings, overrides and isolates) is removed.
All functions work with compiled regular expressions, never a per-character Python loop.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "C1_SEQUENCE",
    "DASHES",
    "QUOTATION_MARKS",
    "clean_text",
    "fold_marks",
    "has_own_quotation_marks",
    "in_quotation_marks",
    "printable",
    "strip_bidi",
    "strip_controls",
    "xml_safe",
]

#: Every quotation mark and apostrophe that anchoring counts as one class (straight,
#: curly, single, double, low, reversed, primes, guillemets, grave and acute accents).
QUOTATION_MARKS = "'\"‘’‚‛“”„‟′″«»‹›`´"
#: Every hyphen and dash that anchoring counts as one class.
DASHES = "-‐‑‒–—−―"

# Carriage returns: CRLF and lone CR are line breaks.
_CR = re.compile(r"\r\n?")

# Anything strip_controls may have to remove (C0 except \t and \n, DEL, C1).
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

#: A C1 (8-bit) control sequence or character, as a regular expression: CSI (0x9b) with
#: its parameters and final byte; a control string (DCS 0x90, SOS 0x98, OSC 0x9d, PM 0x9e,
#: APC 0x9f) with its payload and terminator; or any other C1 control.
C1_SEQUENCE = (
    r"\x9b[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|[\x90\x98\x9d\x9e\x9f][^\x00-\x1f\x7f-\x9f]*(?:\x07|\x1b\\|\x9c)?"
    r"|[\x80-\x9f]"
)

# One terminal control sequence or control character, removed whole.  Alternatives are
# tried in order, so the sequence forms come before the single-character fallbacks.
_CONTROL = re.compile(
    r"""
    # CSI: ESC [, parameter bytes, intermediate bytes, final byte.
    \x1b\[ [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]?
    |
    # Control strings: OSC (ESC ]), DCS (ESC P), SOS (ESC X), PM (ESC ^), APC (ESC _).
    # The payload runs to BEL, ST (ESC \ or 0x9c) or the first other control character;
    # an unterminated string loses only its payload, never the text after a line break.
    \x1b[\]PX^_] [^\x00-\x1f\x7f-\x9f]* (?:\x07|\x1b\\|\x9c)?
    |
    # Any other escape sequence: ESC, intermediate bytes, final byte (ESC 7, ESC ( B...).
    \x1b [\x20-\x2f]* [\x30-\x7e]
    |
    # The same in 8-bit form, and any other C1 control.
    """
    + C1_SEQUENCE
    + r"""
    |
    # Any remaining C0 control (but \t and \n) or DEL.
    [\x00-\x08\x0b-\x1f\x7f]
    """,
    re.VERBOSE,
)

# Bidi embeddings, overrides, pops (U+202A-U+202E) and isolates (U+2066-U+2069).
# The marks LRM, RLM and ALM change no order on their own and are kept.
_BIDI_CHARS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{_BIDI_CHARS}]")


def strip_controls(s: str, *, keep_tabs: bool = False) -> tuple[str, int]:
    """Remove terminal control sequences and control characters from ``s``.

    Escape sequences (CSI, OSC, DCS, SOS, PM, APC, two-character ESC sequences, and
    their 8-bit C1 forms) are removed whole; then any other C0 control except ``\\n``
    and ``\\t``, DEL, and C1 controls.  ``\\r\\n`` and a lone ``\\r`` become ``\\n``;
    a tab becomes one space unless ``keep_tabs`` (Markdown needs its tabs to parse).

    Returns the cleaned string and how many sequences or characters were removed
    (line-break and tab conversions are not counted).
    """
    if "\r" in s:
        s = _CR.sub("\n", s)
    removed = 0
    if _ANY_CONTROL.search(s):
        s, removed = _CONTROL.subn("", s)
    if not keep_tabs and "\t" in s:
        s = s.replace("\t", " ")
    return s, removed


def strip_bidi(s: str) -> tuple[str, int]:
    """Remove bidi embedding, override and isolate controls (Trojan-source spoofing).

    Returns the cleaned string and how many characters were removed.
    """
    if s.isascii() or not any(c in s for c in _BIDI_CHARS):  # fast: no regex pass
        return s, 0
    return _BIDI.subn("", s)


def clean_text(s: str) -> str:
    """Sanitise a string from a YAML file: controls, bidi controls, then Unicode NFC."""
    s, _ = strip_controls(s)
    s, _ = strip_bidi(s)
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    return s


def printable(s: str) -> str:
    """``s`` safe to print on a terminal: control sequences, controls (newlines and tabs
    included) and bidi overrides removed. For one-line messages that quote user input."""
    s, _ = strip_controls(s)
    s, _ = strip_bidi(s)
    return " ".join(s.split("\n"))


_FOLD_ONE = {
    **{c: '"' for c in QUOTATION_MARKS if c != '"'},
    **{c: "-" for c in DASHES if c != "-"},
}
_FOLD_ONE_ASCII = {c: r for c, r in _FOLD_ONE.items() if c.isascii()}


def fold_marks(s: str) -> str:
    """``s`` with every quotation mark or apostrophe as ``"`` and every hyphen or dash as
    ``-``, as anchoring compares them; one character for one, so offsets hold.

    Fast on a large text: each foldable character is looked for (``in``, which skips a
    character wider than any in the text at once) and replaced with ``str.replace``,
    several times faster on a 4 MB text than one regex pass or ``str.translate``.
    """
    for char, folded in (_FOLD_ONE_ASCII if s.isascii() else _FOLD_ONE).items():
        if char in s:
            s = s.replace(char, folded)
    return s


def has_own_quotation_marks(text: str) -> bool:
    """Whether ``text`` (leading and trailing whitespace aside) both starts and ends with
    a quotation mark of any kind, so showing it in quotation marks would double them."""
    text = text.strip()
    return len(text) >= 2 and text[0] in QUOTATION_MARKS and text[-1] in QUOTATION_MARKS


def in_quotation_marks(text: str, shown: str | None = None) -> str:
    """``shown`` (``text`` itself by default: pass an escaped form of ``text``) between
    “ and ”, unless ``text`` carries its own (see :func:`has_own_quotation_marks`).

    Every view and export of a quote goes through this, so none doubles the marks.
    """
    shown = text if shown is None else shown
    return shown if has_own_quotation_marks(text) else f"“{shown}”"


# What XML 1.0 forbids (its Char production): C0 controls but tab, LF and CR; surrogates;
# U+FFFE and U+FFFF.  The noncharacters U+FDD0-U+FDEF and U+nFFFE/U+nFFFF of the other
# planes, which XML discourages and some parsers refuse, go too.
_NOT_XML = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(1, 17))
    + "]"
)


def xml_safe(s: str) -> str:
    """``s`` without the characters XML 1.0 forbids (and its noncharacters).

    The one function every text export (SVG, HTML, Markdown, CSV) passes its output
    through, so that a U+FFFE or U+FFFF in a file never makes an export ill-formed.
    """
    return _NOT_XML.sub("", s) if not s.isascii() or _ANY_CONTROL.search(s) else s
