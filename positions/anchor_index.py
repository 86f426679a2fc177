"""A suffix array of the normalised article text, for :mod:`positions.anchor`.

Searching the text with ``str.find`` costs time in proportion to the text for every
fragment, and listing the matches of a common word costs a Python int each.  A suffix
array answers "how many matches, and where" for any fragment in ``O(m log n)`` without
listing them, so anchoring no longer depends on the article's vocabulary.

It is built over the UTF-8 bytes of the normalised text (a match of valid UTF-8 always
starts on a character boundary, so byte matches are character matches); byte offsets are
mapped back to character offsets when the text is not ASCII.  Matches sorted by position
(needed for ``occurrence: N`` and elisions) are made once per fragment and kept in a cache
bounded by size.

This module imports numpy: :mod:`positions.anchor` imports it only when a text is costly to
search without it.
"""

from __future__ import annotations

import ctypes
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, OrderedDict

import numpy as np
import numpy.typing as npt
from pydivsufsort import divsufsort, sa_search

try:  # the C function itself: pydivsufsort's wrapper re-derives its pointers on every call
    from pydivsufsort.dll import libdivsufsort as _lib

    _c_sa_search = _lib.sa_search
except (ImportError, AttributeError):  # pragma: no cover - another pydivsufsort layout
    _c_sa_search = None

__all__ = ["SuffixIndex"]

Positions = npt.NDArray[np.int32]
Sorted = array  # of "i": C ints, 4 bytes; bisect reads one without numpy's per-call cost

#: Sorted match positions kept at most (4 bytes each): 96 MB.
_CACHE_POSITIONS = 24_000_000

# Closest-passage candidates: seeds (runs of the quote's words) with at most this many
# matches vote for where the quote would start; a seed is this many words at most.
_SEEDS = 8
_SEED_MAX_MATCHES = 64
_SEED_MAX_WORDS = 16


class SuffixIndex:
    """Matches of any fragment in one normalised text (character offsets)."""

    def __init__(self, norm: str) -> None:
        data = norm.encode("utf-8", "surrogatepass")  # a lone surrogate: never found
        self._data = data
        self._n = len(norm)
        self._sa: Positions = (divsufsort(data) if data else np.zeros(0, np.int32)).astype(
            np.int32, copy=False
        )
        # Character offset of every character's first byte (None when ASCII: the same).
        self._char_starts: npt.NDArray[np.intp] | None = None
        if len(data) != len(norm):
            lead = (np.frombuffer(data, np.uint8) & 0xC0) != 0x80
            self._char_starts = np.flatnonzero(lead)
        self._sa_pointer = self._sa.ctypes.data_as(ctypes.POINTER(ctypes.c_int32))
        self._ranges: dict[str, tuple[int, int]] = {}  # fragment -> (first row, matches)
        self._sorted: OrderedDict[str, Sorted[int]] = OrderedDict()
        self._cached = 0

    # ---- the suffix array

    def _range(self, frag: str) -> tuple[int, int]:
        """Rows of the suffix array starting with ``frag``: (first row, how many)."""
        found = self._ranges.get(frag)
        if found is None:
            pattern = frag.encode("utf-8", "surrogatepass")
            if not self._data or len(pattern) > len(self._data):
                found = (0, 0)
            elif _c_sa_search is not None:
                n = ctypes.c_int32(len(self._data))
                left = ctypes.c_int32()
                count = _c_sa_search(
                    self._data,
                    n,
                    pattern,
                    ctypes.c_int32(len(pattern)),
                    self._sa_pointer,
                    n,
                    ctypes.byref(left),
                )
                if count < 0:
                    raise RuntimeError(f"libdivsufsort sa_search failed ({count})")
                found = (left.value, count)
            else:
                count, left = sa_search(self._data, self._sa, pattern)
                found = (int(left or 0), int(count))
            self._ranges[frag] = found
        return found

    def _chars(self, byte_offsets: Positions) -> Positions:
        if self._char_starts is None:
            return byte_offsets
        return np.searchsorted(self._char_starts, byte_offsets).astype(np.int32)

    def _positions(self, frag: str) -> Sorted[int]:
        """Every start of ``frag``, sorted (cached; the oldest dropped first past the bound)."""
        found = self._sorted.get(frag)
        if found is not None:
            return found
        left, count = self._range(frag)
        found = array("i")
        found.frombytes(self._chars(np.sort(self._sa[left : left + count])).tobytes())
        if count <= _CACHE_POSITIONS:
            self._sorted[frag] = found
            self._cached += count
            while self._cached > _CACHE_POSITIONS:
                _, dropped = self._sorted.popitem(last=False)
                self._cached -= len(dropped)
        return found

    # ---- the queries anchoring asks (the same as ``positions.anchor._TextSearch``)

    def count(self, frag: str) -> int:
        """How many times ``frag`` occurs (overlapping matches included)."""
        return self._range(frag)[1]

    def first(self, frag: str) -> int:
        """The first start of ``frag``; -1 if none."""
        left, count = self._range(frag)
        if not count:
            return -1
        cached = self._sorted.get(frag)
        if cached is not None:
            return cached[0]
        if count == 1 and self._char_starts is None:
            return int(self._sa[left])
        first_byte = self._sa[left : left + count].min(keepdims=True)
        return int(self._chars(first_byte)[0])

    def next_from(self, frag: str, pos: int) -> int:
        """The first start of ``frag`` at or after ``pos``; -1 if none."""
        starts = self._sorted.get(frag)
        if starts is None:
            starts = self._positions(frag)
        k = bisect_left(starts, pos)
        return starts[k] if k < len(starts) else -1

    def last_upto(self, frag: str, bound: int) -> int:
        """The last start of ``frag`` at or before ``bound``; -1 if none."""
        starts = self._sorted.get(frag)
        if starts is None:
            starts = self._positions(frag)
        k = bisect_right(starts, bound)
        return starts[k - 1] if k else -1

    def rank_upto(self, frag: str, bound: int) -> int:
        """How many starts of ``frag`` lie at or before ``bound``."""
        return bisect_right(self._positions(frag), bound)

    def nth(self, frag: str, k: int) -> int:
        """The start of match ``k`` (0-based, ``k < count``) in text order."""
        if k == 0:
            return self.first(frag)
        return self._positions(frag)[k]

    # ---- closest passage

    def candidate_windows(self, q: str, limit: int) -> list[tuple[int, int]]:
        """Up to ``limit`` windows of the text where ``q`` (normalised) most likely lies.

        Up to :data:`_SEEDS` word starts of ``q``, evenly spread, each take the shortest run
        of 1, 2, 4, ... words from there that has at most :data:`_SEED_MAX_MATCHES` matches;
        every match votes for the place ``q`` would start.  The windows are the best-voted
        places (about half the quote wide), widened by the quote's length.
        """
        m = len(q)
        word_starts = [0, *(i + 1 for i, c in enumerate(q) if c == " ")]
        step = max(1, len(word_starts) // _SEEDS)
        ends = [*word_starts[1:], m + 1]  # each word's end + 1
        votes: list[int] = []
        for w in range(0, len(word_starts), step)[:_SEEDS]:
            start = word_starts[w]
            words = 1
            while True:
                last = min(w + words, len(word_starts)) - 1
                seed = q[start : ends[last] - 1]
                left, count = self._range(seed)
                if count == 0:
                    break
                if count <= _SEED_MAX_MATCHES:
                    found = self._chars(self._sa[left : left + count])
                    votes.extend(int(p) - start for p in found)
                    break
                if last == len(word_starts) - 1 or words >= _SEED_MAX_WORDS:
                    break
                words *= 2
        if not votes:
            return []
        width = max(64, m // 2)
        tally = Counter(max(0, v) // width for v in votes)
        best = sorted(tally.items(), key=lambda bv: (-bv[1], bv[0]))[:limit]
        return [
            (max(0, b * width - m // 4), min(self._n, (b + 1) * width + m + m // 4))
            for b, _ in best
        ]
