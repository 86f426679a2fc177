"""Searching the article: every match of a term, case-insensitive, stepped through.

Pure (no widget): :class:`ArticleSearch` holds the matches of a term in one article text
and which one is current; the article view draws them and scrolls to the current one.
A term matches as a quote is anchored (README, "How quotes are anchored"): runs of
whitespace in a term match any run of whitespace (a line break in the article too), every
quotation mark and apostrophe matches any other (``doesn’t`` finds ``doesn't``), every
hyphen and dash any other; and, unlike anchoring, case is ignored.  Searching folds the
article once (:func:`fold_case`, then :func:`positions.text.fold_marks`, both one
character for one, so a match's offsets are the original text's) and then matches
without ``re.I``, which lets the regex engine skip ahead: ten times faster on a large
article.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from bisect import bisect_left

from positions.text import DASHES, QUOTATION_MARKS, fold_marks

__all__ = ["ArticleSearch", "find_matches", "fold_case", "fold_text"]

# Lower-case characters that ``re.I`` also matches with another lower-case character: the
# final sigma, the long s, the dotless i, Greek symbol variants, old Cyrillic forms...
# (every character whose lower case, upper-cased and lowered again, is another single
# character; tests/test_tui_article.py checks the list).  Folding them too makes a
# lower-cased search match what ``re.I`` would.
_CASE_FOLDS = {
    "\u00b5": "\u03bc", "\u0131": "i", "\u017f": "s", "\u0345": "\u03b9", "\u03c2": "\u03c3",
    "\u03d0": "\u03b2", "\u03d1": "\u03b8", "\u03d5": "\u03c6", "\u03d6": "\u03c0",
    "\u03f0": "\u03ba", "\u03f1": "\u03c1", "\u03f5": "\u03b5", "\u1c80": "\u0432",
    "\u1c81": "\u0434", "\u1c82": "\u043e", "\u1c83": "\u0441", "\u1c84": "\u0442",
    "\u1c85": "\u0442", "\u1c86": "\u044a", "\u1c87": "\u0463", "\u1c88": "\ua64b",
    "\u1e9b": "\u1e61", "\u1fbe": "\u03b9",
}  # fmt: skip


def fold_case(text: str) -> str | None:
    """``text`` lower-cased as ``re.I`` compares it, or ``None`` when that changes its
    length (``İ`` lowers to two characters), so offsets would not hold."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return None
    if lowered.isascii():  # none of _CASE_FOLDS: nothing more to fold
        return lowered
    for char, folded in _CASE_FOLDS.items():  # ``in`` is faster than one regex pass
        if char in lowered:
            lowered = lowered.replace(char, folded)
    return lowered


_MARK_CLASS = "[" + re.escape(QUOTATION_MARKS) + "]"
_DASH_CLASS = "[" + re.escape(DASHES) + "]"


def fold_text(text: str) -> str | None:
    """``text`` as a search compares it: :func:`fold_case`, then every quotation mark as
    ``"`` and every dash as ``-``; ``None`` when case folding would move offsets."""
    lowered = fold_case(text)
    return None if lowered is None else fold_marks(lowered)


def _word_pattern(word: str) -> str:
    """A regular expression matching ``word`` with any quotation mark for a quotation
    mark and any dash for a dash (the ``re.I`` path, on the unfolded text)."""
    return "".join(
        _MARK_CLASS if c in QUOTATION_MARKS else _DASH_CLASS if c in DASHES else re.escape(c)
        for c in word
    )


def find_matches(text: str, term: str, lowered: str | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of every match of ``term`` in ``text``, in order, ignoring case.

    ``lowered``: ``fold_text(text)`` if already made (it is the slow part on a large
    text), ``None`` to search with ``re.I`` instead.  Runs of whitespace in ``term`` match
    any run of whitespace, any quotation mark any quotation mark, any dash any dash; a
    blank term matches nothing.
    """
    if not unicodedata.is_normalized("NFC", term):
        term = unicodedata.normalize("NFC", term)  # as the article is
    words = term.split()
    if not words:
        return []
    folded = [fold_text(word) for word in words]
    if lowered is not None and len(lowered) == len(text) and None not in folded:
        # Without re.I the regex engine can skip ahead to the term's first letters,
        # ten times faster on a large article; offsets hold (see fold_text).
        pattern = re.compile(r"\s+".join(re.escape(word or "") for word in folded))
        if len(folded) == 1 and len(folded[0] or "") >= _FIND_FROM:
            return _find_word(lowered, folded[0] or "", pattern)
        found = pattern.finditer(lowered)
    else:
        pattern = re.compile(r"\s+".join(_word_pattern(word) for word in words), re.I)
        found = pattern.finditer(text)
    return [m.span() for m in found if m.end() > m.start()]


#: Matches found with ``str.find`` before the rest are left to the regex engine.
_FOUND_BY_FIND = 256
#: The shortest word ``str.find`` looks for (it skips ahead by as much as the word is long;
#: the regex engine, to the word's first letter: for a short word, often the faster).
_FIND_FROM = 6


def _find_word(lowered: str, word: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Every match of one folded ``word`` (``pattern`` matches it alone): ``str.find``
    scans a long word's text three or four times as fast as the regex engine (3.7 MB:
    1.6-1.7 ms against 5.0-6.9 for a 9-letter word found once), but it is a call per
    match; past :data:`_FOUND_BY_FIND` matches, the rest are the regex engine's."""
    found: list[tuple[int, int]] = []
    size = len(word)
    at = lowered.find(word)
    while at >= 0:
        found.append((at, at + size))
        if len(found) == _FOUND_BY_FIND:
            return found + [m.span() for m in pattern.finditer(lowered, at + size)]
        at = lowered.find(word, at + size)
    return found


class ArticleSearch:
    """The matches of the current search term in one article text, and the current one."""

    def __init__(self, text: str = "") -> None:
        self._text = text
        self._lowered: str | None = None  # the text folded (fold_text), made by the first search
        self._folding = threading.Lock()  # prepare() may fold in a thread while find() waits
        self._term = ""
        self._matches: list[tuple[int, int]] = []
        self._starts: list[int] = []
        self._longest = 0
        self.index = -1
        """0-based index of the current match (-1 when there is none)."""

    @property
    def term(self) -> str:
        """The current search term (stripped; '' when not searching)."""
        return self._term

    @property
    def matches(self) -> list[tuple[int, int]]:
        """``(start, end)`` text offsets of every match, in text order."""
        return self._matches

    @property
    def current(self) -> tuple[int, int] | None:
        """The current match, if any."""
        return self._matches[self.index] if 0 <= self.index < len(self._matches) else None

    def __len__(self) -> int:
        return len(self._matches)

    def set_text(self, text: str) -> None:
        """Search another text (a new version of the article) for the same term; no match
        is current."""
        with self._folding:
            self._text = text
            self._lowered = None
        self.find(self._term)

    def prepare(self) -> None:
        """Fold the text now, so that the first :meth:`find` need not (the slow part on a
        large article: call it from a thread while the term is typed)."""
        self._lowered_text()

    def find(self, term: str) -> int:
        """Find every match of ``term`` (none current); return how many."""
        term = term.strip()
        self._term = term
        self._matches = find_matches(self._text, term, self._lowered_text()) if term else []
        self._starts = [start for start, _ in self._matches]
        self._longest = max((end - start for start, end in self._matches), default=0)
        self.index = -1
        return len(self._matches)

    def _lowered_text(self) -> str | None:
        """The text folded (see :func:`fold_text`), made on the first search; ``None``
        when folding would move offsets."""
        with self._folding:
            if self._lowered is None:
                self._lowered = fold_text(self._text) or ""
            lowered = self._lowered
        return lowered if len(lowered) == len(self._text) else None

    def first_from(self, offset: int) -> int:
        """Index of the first match starting at or after ``offset`` (wrapping around to
        the first match), -1 when there is none."""
        if not self._matches:
            return -1
        return bisect_left(self._starts, offset) % len(self._matches)

    def stepped(self, direction: int) -> int:
        """Index of the next (``1``) or previous (``-1``) match from the current one,
        wrapping around; -1 when there is none."""
        if not self._matches:
            return -1
        return (self.index + direction) % len(self._matches)

    def between(self, start: int, end: int) -> list[int]:
        """Indexes of the matches overlapping text ``[start, end)``."""
        if not self._matches:
            return []
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_left(self._starts, end)
        return [i for i in range(lo, hi) if self._matches[i][1] > start]
