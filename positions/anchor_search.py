"""Searching the normalised article text without an index, for :mod:`positions.anchor`.

:class:`TextSearch` answers where a fragment occurs with ``str.find``, ``str.rfind`` and
``str.count``: no import, no memory, right for a small article or a few quotes.  On a text
of :data:`CHUNK_INDEX_MIN_CHARS` or more (up to :data:`CHUNK_INDEX_MAX_CHARS`), a chunk
index of the words restricts the search for a fragment holding a rare word to the few
chunks where it can be.  Every call charges the characters it scans to a budget; past the
budget, or for a question only a listing of every match could answer (a self-overlapping
fragment's count, a large ``occurrence``), it raises :class:`Escalate` and the caller turns
to :class:`positions.anchor_index.SuffixIndex`, which answers the same questions.
"""

from __future__ import annotations

from itertools import compress, pairwise, repeat
from typing import Protocol

__all__ = ["Escalate", "Search", "TextSearch"]

# Searching without the suffix array may scan this many characters before it is built: a
# multiple of the text's length, plus a floor, up to a ceiling.  Building it costs about as
# much as 200 scans of the whole text with str.count (0.4 s for 3.6 MB), so at most about
# as much is wasted when it has to be built after all; the benchmark's 2,000 quotes with a
# rare word each (about 55 scans' worth with the chunk index) never need it.
SCAN_BUDGET_PER_CHAR = 100
SCAN_BUDGET_MIN = 16_000_000
SCAN_BUDGET_MAX = 400_000_000
# Of which searches of the whole text (fragments without a rare word, which the chunk index
# cannot place) may take this much: when they are common, the suffix array pays soon.
WHOLE_SCAN_BUDGET_PER_CHAR = 24
# Occurrence N is found with N calls of str.find up to this N; a self-overlapping fragment
# is counted by listing up to this many matches.
MAX_STEPS = 64
# A fragment this long that is found is counted with the suffix array (the self-overlap
# test is quadratic in the worst case).
MAX_PLAIN_FRAGMENT = 4096
# Texts this long get a chunk index of their words (a set per chunk: below the upper bound
# it stays small; a 16 MB article's would take hundreds of MB).
CHUNK_INDEX_MIN_CHARS = 256 * 1024
CHUNK_INDEX_MAX_CHARS = 6 * 1024 * 1024
CHUNK_CHARS = 32 * 1024

_contains = frozenset.__contains__


class Escalate(Exception):
    """Searching without the suffix array would cost more than building it."""


class Search(Protocol):
    """Where a fragment occurs in the normalised text (starts, overlapping included)."""

    def count(self, frag: str) -> int:
        """How many times ``frag`` occurs."""

    def first(self, frag: str) -> int:
        """The first start of ``frag``; -1 if none."""

    def next_from(self, frag: str, pos: int) -> int:
        """The first start of ``frag`` at or after ``pos``; -1 if none."""

    def last_upto(self, frag: str, bound: int) -> int:
        """The last start of ``frag`` at or before ``bound``; -1 if none."""

    def rank_upto(self, frag: str, bound: int) -> int:
        """How many starts of ``frag`` lie at or before ``bound``."""

    def nth(self, frag: str, k: int) -> int:
        """Start of match ``k`` (0-based, ``k`` below the count) in text order."""


class ChunkIndex:
    """Which chunks of the normalised text hold which tokens (space-separated words).

    Chunks end just after a space, so no token is split.  A match no longer than a chunk
    starts in some chunk ``k`` and ends in ``k`` or ``k + 1``, so each of the quote's
    interior tokens (those with a space on both sides) occurs whole in one of the two.
    """

    def __init__(self, norm: str) -> None:
        bounds = [0]
        n = len(norm)
        while bounds[-1] + CHUNK_CHARS < n:
            space = norm.find(" ", bounds[-1] + CHUNK_CHARS)
            if space < 0:
                break
            bounds.append(space + 1)
        bounds.append(n)
        self.bounds = bounds
        self.chunks = len(bounds) - 1
        self.tokens = [frozenset(norm[a:b].split(" ")) for a, b in pairwise(bounds)]
        self._range = range(self.chunks)
        self._cache: dict[str, list[int]] = {}

    def chunks_with(self, token: str) -> list[int]:
        """The chunks holding ``token``."""
        found = self._cache.get(token)
        if found is None:
            # compress/map keep the loop in C: this runs a few times for every quote.
            found = list(compress(self._range, map(_contains, self.tokens, repeat(token))))
            self._cache[token] = found
        return found

    def windows(self, frag: str) -> list[tuple[int, int]] | None:
        """Merged ``[start, end + len(frag))`` of the chunks where a match of ``frag`` may
        start; ``None``: could be anywhere.  The rarest tokens filter first (a name or a
        number, seldom the longest word); a token in over half the chunks filters nothing.
        """
        interior = frag.split(" ")[1:-1]
        if not interior or len(frag) > CHUNK_CHARS:
            return None
        candidates: set[int] | None = None
        for chunks in sorted(map(self.chunks_with, set(interior)), key=len):
            if len(chunks) * 2 > self.chunks:
                break  # a common token filters nothing, nor do the commoner ones after it
            here = set(chunks)
            here.update(k - 1 for k in chunks if k)
            candidates = here if candidates is None else candidates & here
            if len(candidates) <= 2:
                break
        if candidates is None:
            return None
        out: list[tuple[int, int]] = []
        n = self.bounds[-1]
        for k in sorted(candidates):
            lo, hi = self.bounds[k], min(n, self.bounds[k + 1] + len(frag))
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], hi))
            else:
                out.append((lo, hi))
        return out


class TextSearch:
    """:class:`Search` with ``str`` methods; raises :class:`Escalate` when it gets costly."""

    def __init__(self, norm: str) -> None:
        self._norm = norm
        n = len(norm)
        self._left = min(SCAN_BUDGET_MAX, SCAN_BUDGET_MIN + SCAN_BUDGET_PER_CHAR * n)
        self._whole_left = min(self._left, SCAN_BUDGET_MIN + WHOLE_SCAN_BUDGET_PER_CHAR * n)
        self._everywhere = [(0, len(norm))]
        self._chunk_index: ChunkIndex | None = None
        self._indexed = CHUNK_INDEX_MIN_CHARS <= len(norm) <= CHUNK_INDEX_MAX_CHARS
        self._windows: dict[str, list[tuple[int, int]]] = {}
        self._counts: dict[str, int] = {}
        self._firsts: dict[str, int] = {}

    def _charge(self, chars: int, windows: list[tuple[int, int]]) -> None:
        self._left -= chars
        if windows is self._everywhere:
            self._whole_left -= chars
        if self._left < 0 or self._whole_left < 0:
            raise Escalate

    def _where(self, frag: str) -> list[tuple[int, int]]:
        """Where ``frag`` can occur: disjoint windows, each holding its matches whole."""
        found = self._windows.get(frag)
        if found is None:
            if self._indexed and self._chunk_index is None:
                self._chunk_index = ChunkIndex(self._norm)
            windows = None if self._chunk_index is None else self._chunk_index.windows(frag)
            found = self._everywhere if windows is None else windows
            self._windows[frag] = found
        return found

    def count(self, frag: str) -> int:
        found = self._counts.get(frag)
        if found is None:
            found = self.rank_upto(frag, len(self._norm)) if self.first(frag) >= 0 else 0
            self._counts[frag] = found
        return found

    def first(self, frag: str) -> int:
        found = self._firsts.get(frag)
        if found is None:
            found = self.next_from(frag, 0)
            self._firsts[frag] = found
        return found

    def next_from(self, frag: str, pos: int) -> int:
        find = self._norm.find
        windows = self._where(frag)
        for lo, hi in windows:
            if hi <= pos:
                continue
            lo = max(lo, pos)
            found = find(frag, lo, hi)
            self._charge((hi if found < 0 else found + len(frag)) - lo, windows)
            if found >= 0:
                return found
        return -1

    def last_upto(self, frag: str, bound: int) -> int:
        rfind = self._norm.rfind
        windows = self._where(frag)
        for lo, hi in reversed(windows):
            if lo > bound:
                continue
            hi = min(hi, bound + len(frag))
            found = rfind(frag, lo, hi)
            self._charge(hi - max(found, lo), windows)
            if found >= 0:
                return found
        return -1

    def rank_upto(self, frag: str, bound: int) -> int:
        if len(frag) > MAX_PLAIN_FRAGMENT:
            raise Escalate  # too long for the self-overlap test
        # str.count skips past each match: it counts overlapping matches only when there
        # can be none; otherwise they are listed, up to MAX_STEPS of them.
        listed = _self_overlapping(frag)
        count, find = self._norm.count, self._norm.find
        total = 0
        windows = self._where(frag)
        for lo, hi in windows:
            if lo > bound:
                break
            hi = min(hi, bound + len(frag))
            self._charge(hi - lo, windows)
            if not listed:
                total += count(frag, lo, hi)
                continue
            pos = find(frag, lo, hi)
            while pos >= 0:
                total += 1
                if total > MAX_STEPS:
                    raise Escalate
                pos = find(frag, pos + 1, hi)
        return total

    def nth(self, frag: str, k: int) -> int:
        if k > MAX_STEPS:
            raise Escalate
        pos = self.first(frag)
        for _ in range(k):
            pos = self.next_from(frag, pos + 1)
        return pos


def _self_overlapping(s: str) -> bool:
    """Whether two occurrences of ``s`` can overlap (a proper prefix is also a suffix)."""
    k = s.find(s[0], 1)
    while k > 0:
        if s.startswith(s[k:]):
            return True
        k = s.find(s[0], k + 1)
    return False
