"""Repairing an article's text before it is parsed: mojibake (ftfy), Unicode NFC, and the
count of every repair for ``check`` to list.

ftfy is imported only when a line may hold mojibake (:data:`_MOJIBAKE_HINT`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from positions.model import Repair
from positions.text import C1_SEQUENCE, strip_bidi, strip_controls

if TYPE_CHECKING:  # imported when first needed: most articles never need ftfy
    import ftfy

__all__ = ["Repairs", "repair_text"]


@cache
def _ftfy_config() -> ftfy.TextFixerConfig:
    """ftfy's settings for the mojibake repair (ftfy is imported on first use)."""
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,  # strip_controls does that, and counts it
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=False,  # a lone C1 character is a control to strip, not "â€" residue
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


def _mojibake_hint() -> re.Pattern[str]:
    """A cheap necessary condition for ftfy's badness heuristic, as one character class.

    With the config above, ftfy changes a line only when ``ftfy.badness.is_bad`` finds
    a suspicious sequence in it, and that heuristic is a slow regular expression.  Every
    one of its alternatives holds at least one character of the classes below (or one
    of the two-character Cyrillic/Greek forms), so lines without a match are skipped.
    ``tests/test_article.py`` checks the implication on random text.

    This imports ftfy; the module uses the same pattern written out
    (:data:`_MOJIBAKE_HINT_PATTERN`, checked equal by the tests), so that reading an
    article imports ftfy only when a line may hold mojibake.
    """
    from ftfy.badness import MOJIBAKE_CATEGORIES

    m = MOJIBAKE_CATEGORIES
    single = "".join(
        m[k]
        for k in (
            "c1",
            "bad",
            "law",
            "currency",
            "numeric",
            "upper_accented",
            "lower_accented",
            "box",
        )
    )
    pair = m["start_punctuation"] + m["end_punctuation"]
    return re.compile(f"[{single}ŒœרÙàÂÃÎÐ√≈Ђ]|[ВГРСΒΓΞΟ][{pair}°µ]")


# _mojibake_hint().pattern, written out (ftfy 6.3).
_MOJIBAKE_HINT_PATTERN = (
    "[\x80-\x9f\xa6\xa4\xa8\xac\xaf\xb8\u0192\u02c6\u02c7\u02d8\u02db\u02dc"
    "\u2020\u2021\u2030\u2310\u25ca\ufffd\xaa\xba\xb6\xa7\xa2\xa3\xa5\u20a7"
    "\u20ac\xb2\xb3\xb9\xb1\xbc\xbd\xbe\xd7\xb5\xf7\u2044\u2202\u2206\u220f"
    "\u2211\u221a\u221e\u2229\u222b\u2248\u2260\u2261\u2264\u2265\u2116\xc0-\xd1"
    "\xd8\xdc\xdd\u0102\u0100\u0104\u0106\u010c\u010e\u0110\u0118\u011a\u0112"
    "\u0116\u011e\u0122\u0130\u012a\u0136\u0139\u013d\u0141\u013b\u0143\u0147"
    "\u0145\u0152\u0158\u015a\u015e\u0160\u0162\u0164\u016e\u0170\u0178\u0179"
    "\u017b\u017d\u0490\xdf\xe0-\xf1\u0103\u0105\u0101\u0107\u010d\u010f\u0111"
    "\u0119\u011b\u0113\u0117\u011f\u0123\u012f\u012b\u0137\u013a\u013e\u0142"
    "\u013c\u0153\u0155\u015b\u015f\u0161\u0165\xfc\u017a\u017c\u017e\u0491"
    "\ufb01\ufb02\u2502\u250c\u2510\u2518\u251c\u2524\u252c\u253c\u2550-\u256c"
    "\u2580\u2584\u2588\u258c\u2590\u2591\u2592\u2593\u0152\u0153\u05e8\xd9\xe0"
    "\xc2\xc3\xce\xd0\u221a\u2248\u0402]|[\u0412\u0413\u0420\u0421\u0392\u0393"
    "\u039e\u039f][\xa1\xab\xbf\xa9\u0384\u0385\u2018\u201a\u201c\u201e\u2022"
    "\u2039\uf8ff\xae\xbb\u02dd\u201d\u203a\u2122\xb0\xb5]"
)
_MOJIBAKE_HINT = re.compile(_MOJIBAKE_HINT_PATTERN)


def _count_changes(before: str, after: str) -> int:
    """How many separate places differ between two lines (cheap; at least 1)."""
    n = min(len(before), len(after))
    lo = 0
    while lo < n and before[lo] == after[lo]:
        lo += 1
    hi = 0
    while hi < n - lo and before[-1 - hi] == after[-1 - hi]:
        hi += 1
    a, b = before[lo : len(before) - hi], after[lo : len(after) - hi]
    if len(a) + len(b) > 4000:
        return 1
    from difflib import SequenceMatcher

    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return max(1, sum(1 for op in ops if op[0] != "equal"))


# UTF-8 read as Latin-1 or sloppy Windows-1252 leaves C1 characters only right after
# another character of the mojibake (a lead byte such as Ã or â, or a continuation byte
# such as €): "â€\x9d" for ”.  A C1 control after anything else (ASCII, a space, the
# start of a line) is a terminal control, not mojibake, and ftfy must not turn it into a
# printable character ("\x9b31m" would become "›31m"); such sequences go first.
_CP1252_SPECIALS = bytes(range(0x80, 0xA0)).decode("windows-1252", errors="ignore")
_LONE_C1 = re.compile(f"(?<![\x80-\xff{_CP1252_SPECIALS}])(?:{C1_SEQUENCE})")


def _fix_encoding(text: str, stopped: list[int] | None = None) -> tuple[str, int, int]:
    """Remove lone C1 control sequences, then fix mojibake with ftfy.

    Returns the text, the number of mojibake places fixed and of C1 sequences removed.
    """
    if text.isascii() or not _MOJIBAKE_HINT.search(text):
        return text, 0, 0
    text, controls = _LONE_C1.subn("", text)
    text, fixed = _fix_mojibake(text, stopped)
    return text, fixed, controls


def _fix_text(line: str) -> str:
    """``ftfy.fix_text`` with :func:`_ftfy_config` (a repeated short line is fixed once)."""
    return _fix_short(line) if len(line) <= 1024 else _fix_any(line)


def _fix_any(line: str) -> str:
    import ftfy

    fixed: str = ftfy.fix_text(line, _ftfy_config())
    return fixed


_fix_short = lru_cache(maxsize=4096)(_fix_any)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _count_fixed(line: str, fixed: str) -> int:
    """How many garbled sequences ftfy fixed in a line (at least 1), in linear time.

    A fix leaves the ASCII characters alone and turns each garbled sequence (``â€“``) into
    one character (``–``); so when the lines' ASCII skeletons agree, each run of non-ASCII
    characters is compared with its fixed run, and a changed run counts the characters it
    became (past what the two share at either end).  Otherwise: a diff of the change.
    """
    before, after = _NON_ASCII.findall(line), _NON_ASCII.findall(fixed)
    if len(before) != len(after) or _NON_ASCII.sub("", line) != _NON_ASCII.sub("", fixed):
        return _count_changes(line, fixed)
    count = 0
    for b, a in zip(before, after, strict=True):
        if b != a:
            head = len(os.path.commonprefix([b, a]))  # noqa: RUF071 (strings, not paths)
            tail = len(os.path.commonprefix([b[head:][::-1], a[head:][::-1]]))  # noqa: RUF071
            count += max(1, len(a) - head - tail)
    return max(1, count)


#: ftfy fixes a few hundred kilobytes a second: past this many characters of lines that
#: may hold mojibake, the rest of the article is left as it is (with a warning naming the
#: first line left), so that loading stays quick whatever the article holds.  A whole
#: mis-decoded article of 250,000 characters is still repaired.
MOJIBAKE_BUDGET = 256 * 1024


def _fix_mojibake(text: str, stopped: list[int] | None = None) -> tuple[str, int]:
    """Fix mojibake with ftfy, line by line, on the lines that can hold any.

    Returns the text and the number of places fixed.  The result equals
    ``ftfy.fix_text(text, _ftfy_config())``, which also works line by line, within
    :data:`MOJIBAKE_BUDGET`; past it, the line (1-based) where repairs stopped is appended
    to ``stopped`` and the rest is left alone.
    """
    if text.isascii():
        return text, 0
    pieces: list[str] = []
    count = 0
    done = 0  # text[:done] is copied to pieces
    pos = 0  # text[:pos] is checked
    spent = 0
    while (m := _MOJIBAKE_HINT.search(text, pos)) is not None:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.start())
        if end < 0:
            end = len(text)
        spent += end - start
        if spent > MOJIBAKE_BUDGET:
            if stopped is not None:
                stopped.append(text.count("\n", 0, start) + 1)
            break
        line = text[start:end]
        fixed = _fix_text(line)
        if fixed != line:
            count += _count_fixed(line, fixed)
            pieces.append(text[done:start])
            pieces.append(fixed)
            done = end
        pos = end
    if not count:
        return text, 0
    pieces.append(text[done:])
    return "".join(pieces), count


def _normalize_nfc(text: str) -> tuple[str, int]:
    """Unicode NFC; returns the text and how many places changed."""
    if unicodedata.is_normalized("NFC", text):
        return text, 0
    after = unicodedata.normalize("NFC", text)
    before_lines, after_lines = text.split("\n"), after.split("\n")
    if len(before_lines) != len(after_lines):
        return after, 1
    count = sum(
        _count_changes(b, a) for b, a in zip(before_lines, after_lines, strict=True) if b != a
    )
    return after, max(1, count)


@dataclass
class Repairs:
    """How many places each repair changed (``as_tuple`` for the model)."""

    mojibake: int = 0
    control: int = 0
    bidi: int = 0
    normalization: int = 0
    mojibake_stopped: list[int] = field(default_factory=list)
    """The line (1-based) where mojibake repairs stopped, over :data:`MOJIBAKE_BUDGET`."""
    plain_lines: list[int] = field(default_factory=list)
    """Lines (1-based) of the Markdown blocks read as plain text: too much inline syntax
    to parse in time (not a repair of the text: a warning, see ``Article.plain_lines``)."""

    def as_tuple(self) -> tuple[Repair, ...]:
        out = []
        if self.mojibake:
            out.append(
                Repair(
                    "mojibake",
                    self.mojibake,
                    f"fixed {_plural(self.mojibake, 'garbled character sequence')} "
                    "(text once decoded with the wrong encoding, such as â€“ for –)",
                )
            )
        if self.control:
            out.append(
                Repair(
                    "control",
                    self.control,
                    f"removed {_plural(self.control, 'terminal control sequence or character')}",
                )
            )
        if self.bidi:
            out.append(
                Repair(
                    "bidi",
                    self.bidi,
                    f"removed {_plural(self.bidi, 'bidirectional override or isolate control')}",
                )
            )
        if self.normalization:
            out.append(
                Repair(
                    "normalization",
                    self.normalization,
                    f"normalised {_plural(self.normalization, 'passage')} to Unicode NFC",
                )
            )
        return tuple(out)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def repair_text(raw: str, *, keep_tabs: bool) -> tuple[str, Repairs]:
    """``raw`` repaired: BOM dropped, mojibake fixed, terminal controls and bidi overrides
    removed (tabs kept for Markdown), Unicode NFC; with the count of each repair."""
    repairs = Repairs()
    raw = raw.removeprefix("\ufeff")
    raw, repairs.mojibake, c1_controls = _fix_encoding(raw, repairs.mojibake_stopped)
    raw, repairs.control = strip_controls(raw, keep_tabs=keep_tabs)
    repairs.control += c1_controls
    raw, repairs.bidi = strip_bidi(raw)
    raw, repairs.normalization = _normalize_nfc(raw)
    return raw, repairs
