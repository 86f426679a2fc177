# ruff: noqa
"""The anchoring implementation before the suffix array (commit 551da3c), kept unchanged as
the reference that tests/test_anchor.py compares the current one with.

Quote anchoring: find a verbatim quote in the article text, tolerant of typography.

A quote matches a passage of the article when both are equal after :func:`normalize`:

* every run of whitespace (line breaks included) counts as one space;
* every quotation mark and apostrophe (straight, curly, low-9, primes, guillemets,
  backtick, acute accent) is one character class;
* every hyphen and dash (hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash,
  em dash, minus sign, horizontal bar) is one character class;
* case is kept; whitespace around the quote is ignored.

``[...]`` or ``[…]`` in a quote (spaces allowed inside the brackets) elides: the fragments
around it must appear in order, each after the end of the previous one, and each becomes
its own span.

:class:`Anchorer` normalises the article once.  Folding quotes and dashes maps one
character to one character, so only collapsed whitespace runs shift offsets; they are kept
as sorted breakpoints and mapped back with :mod:`bisect`, never as a per-character table.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import compress, pairwise, repeat

from positions.model import Span

__all__ = ["AnchorResult", "Anchorer", "normalize"]

_QUOTE_CHARS = "'\"‘’‚‛“”„‟′″«»‹›`´"
_DASH_CHARS = "-‐‑‒–—−―"
_QUOTE = '"'
_DASH = "-"

# Every character str.isspace() accepts (what \s matches), written out; they all lie below
# U+3001 (tests/test_anchor.py checks the list against str.isspace).
_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_FOLD_TO = {
    **dict.fromkeys(_QUOTE_CHARS, _QUOTE),
    **dict.fromkeys(_DASH_CHARS, _DASH),
    **dict.fromkeys(_WHITESPACE, " "),
}
_FOLD = str.maketrans({c: r for c, r in _FOLD_TO.items() if c != r and r != " "})
# The characters folding changes, found in one pass; each is then replaced with
# str.replace, much faster on a large text than str.translate or re.sub.
_FOLDED = re.compile("[" + re.escape("".join(c for c, r in _FOLD_TO.items() if c != r)) + "]")
_contains = frozenset.__contains__
_SPACES = re.compile("  +")  # a literal prefix: the regex engine skips ahead fast
_WS = re.compile(r"\s+")
_ELISION = re.compile(r"\[\s*(?:\.\.\.|…)\s*\]")

# Texts at least this long get a token index, so a quote is not searched for everywhere.
_INDEX_MIN_CHARS = 256 * 1024
_CHUNK_CHARS = 32 * 1024

# Closest-passage search: a window around a candidate is good enough at this score.
_GOOD_ENOUGH_SCORE = 90.0


def normalize(s: str) -> str:
    """``s`` as the anchoring rules compare it: NFC, quotes and dashes folded, whitespace
    runs as one space, no leading or trailing whitespace."""
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    return _WS.sub(" ", s.translate(_FOLD)).strip(" ")


@dataclass(frozen=True)
class AnchorResult:
    """The outcome of :meth:`Anchorer.find`."""

    spans: tuple[Span, ...] | None
    """The matched passage, one span per fragment; ``None`` when not anchored."""
    matches: int
    """How many times the whole (possibly elided) quote matches."""
    closest: str | None = None
    """When not found: the closest passage of the article (original text)."""
    error: str | None = None
    """When ``spans`` is ``None``: why, for a human."""


class _Index:
    """Which chunks of the normalised text hold which tokens (space-separated words).

    Chunks end just after a space, so no token is split.  A match no longer than a chunk
    starts in some chunk ``k`` and ends in ``k`` or ``k + 1``, so each of the quote's
    interior tokens (those with a space on both sides) occurs whole in one of the two.
    """

    def __init__(self, norm: str) -> None:
        bounds = [0]
        n = len(norm)
        while bounds[-1] + _CHUNK_CHARS < n:
            space = norm.find(" ", bounds[-1] + _CHUNK_CHARS)
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

    def start_chunks(self, tokens: list[str]) -> list[int] | None:
        """Chunks where a match holding all ``tokens`` may start; ``None``: could be any.

        The rarest tokens filter first (a name or a number, seldom the longest word).
        """
        candidates: set[int] | None = None
        for chunks in sorted(map(self.chunks_with, set(tokens)), key=len):
            if len(chunks) * 2 > self.chunks:
                break  # a common token filters nothing, nor do the commoner ones after it
            here = set(chunks)
            here.update(k - 1 for k in chunks if k)
            candidates = here if candidates is None else candidates & here
            if len(candidates) <= 2:
                break
        return None if candidates is None else sorted(candidates)

    def windows(self, chunks: list[int], before: int, after: int) -> list[tuple[int, int]]:
        """``[start - before, end + after)`` of each chunk, merged, clipped to the text."""
        out: list[tuple[int, int]] = []
        n = self.bounds[-1]
        for k in chunks:
            lo = max(0, self.bounds[k] - before)
            hi = min(n, self.bounds[k + 1] + after)
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], hi))
            else:
                out.append((lo, hi))
        return out


class Anchorer:
    """Finds quotes in one article text; build it once, call :meth:`find` per quote.

    ``text`` should be NFC (``Article.text`` is); quotes are normalised to NFC.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        # Fold one character to one (quotes, dashes, whitespace to a space): offsets stay.
        folded = text
        for ch in set(_FOLDED.findall(text)):
            folded = folded.replace(ch, _FOLD_TO[ch])
        # Collapse runs of spaces, remembering where offsets shift.
        pieces: list[str] = []
        keys: list[int] = []  # normalised offsets from which ...
        shifts: list[int] = []  # ... this much is added to get the original offset
        removed = 0
        prev = 0
        for m in _SPACES.finditer(folded):
            start, end = m.span()
            pieces.append(folded[prev : start + 1])
            prev = end
            # The run becomes one space at start - removed; what follows shifts.
            keys.append(start - removed + 1)
            removed += end - start - 1
            shifts.append(removed)
        pieces.append(folded[prev:])
        self._norm = "".join(pieces)
        self._keys = keys
        self._shifts = shifts
        self._index = _Index(self._norm) if len(self._norm) >= _INDEX_MIN_CHARS else None

    # ---- offsets

    def _orig(self, n: int) -> int:
        """Original offset of normalised offset ``n`` (``n`` not inside a collapsed run)."""
        i = bisect_right(self._keys, n) - 1
        return n + self._shifts[i] if i >= 0 else n

    def _span(self, start: int, end: int) -> Span:
        """Original span of normalised ``[start, end)`` (non-space at both ends)."""
        return Span(self._orig(start), self._orig(end - 1) + 1)

    # ---- searching

    def _scan(self, frag: str, lo: int, hi: int, out: list[int]) -> None:
        """Append every start of ``frag`` lying wholly within ``[lo, hi)`` to ``out``."""
        find = self._norm.find
        pos = find(frag, lo, hi)
        while pos >= 0:
            out.append(pos)
            pos = find(frag, pos + 1, hi)

    def _windows(self, frag: str) -> list[tuple[int, int]] | None:
        """Where in the normalised text ``frag`` can occur; ``None`` for anywhere."""
        index = self._index
        interior = frag.split(" ")[1:-1]
        if index is None or not interior or len(frag) > _CHUNK_CHARS:
            return None
        chunks = index.start_chunks(interior)
        return None if chunks is None else index.windows(chunks, 0, len(frag))

    def _occurrences(self, frag: str, windows: list[tuple[int, int]] | None) -> list[int]:
        """Every start of ``frag`` in the normalised text (overlaps included), searching
        only ``windows`` (from :meth:`_windows`; ``None`` for the whole text)."""
        found: list[int] = []
        for lo, hi in windows if windows is not None else [(0, len(self._norm))]:
            self._scan(frag, lo, hi, found)  # windows are merged: nothing found twice
        return found

    def _find_plain(self, frag: str, shown: str, occurrence: int | None) -> AnchorResult:
        """A one-fragment quote searched in the whole text, without listing every match.

        Only for a fragment that cannot overlap itself, where ``str.count`` counts the
        same as the overlapping search.
        """
        norm = self._norm
        pos = norm.find(frag)
        if pos < 0:
            return self._not_found([frag], [shown], 0, False)
        matches = norm.count(frag)
        if occurrence is not None and occurrence > matches:
            return self._too_few(occurrence, matches)
        for _ in range((occurrence or 1) - 1):
            pos = norm.find(frag, pos + len(frag))
        return AnchorResult((self._span(pos, pos + len(frag)),), matches)

    @staticmethod
    def _too_few(occurrence: int, matches: int) -> AnchorResult:
        times = "once" if matches == 1 else f"{matches} times"
        return AnchorResult(
            None, matches, error=f"occurrence {occurrence} requested but the quote appears {times}"
        )

    def find(self, quote: str, occurrence: int | None = None) -> AnchorResult:
        """Anchor ``quote``; ``occurrence`` (1-based) picks among several matches.

        Without ``occurrence`` the first match is used and ``matches`` tells how many
        there are.  A match starts at any occurrence of the first fragment after which
        the other fragments can be found in order (each as early as possible).
        """
        parts = _ELISION.split(quote)
        kept = [(f, p) for f, p in ((normalize(p), p) for p in parts) if f]
        frags = [f for f, _ in kept]
        shown = [_WS.sub(" ", p).strip() for _, p in kept]  # for messages
        if not frags:
            if len(parts) > 1:
                return AnchorResult(None, 0, error="quote holds only an elision ([...])")
            return AnchorResult(None, 0, error="quote is empty")
        if occurrence is not None and occurrence < 1:
            return AnchorResult(None, 0, error=f"occurrence must be 1 or more, not {occurrence}")

        windows = [self._windows(f) for f in frags]
        if len(frags) == 1 and windows[0] is None and not _self_overlapping(frags[0]):
            return self._find_plain(frags[0], shown[0], occurrence)
        occ = [self._occurrences(f, w) for f, w in zip(frags, windows, strict=True)]
        # Forward, earliest: does the quote match at all?  If not, say which fragment fails.
        end = 0
        for i, (frag, starts) in enumerate(zip(frags, occ, strict=True)):
            k = bisect_left(starts, end)
            if k == len(starts):
                return self._not_found(frags, shown, i, bool(starts))
            end = starts[k] + len(frag)
        # Backward, latest: the last start of each fragment that still leaves room for the
        # rest; the first fragment's starts up to that one are the matches.
        limit = len(self._norm)
        for frag, starts in zip(reversed(frags), reversed(occ), strict=True):
            k = bisect_right(starts, limit - len(frag)) - 1
            limit = starts[k]
        matches = bisect_right(occ[0], limit)
        if occurrence is not None and occurrence > matches:
            return self._too_few(occurrence, matches)
        start = occ[0][(occurrence or 1) - 1]
        spans = [self._span(start, start + len(frags[0]))]
        end = start + len(frags[0])
        for frag, starts in zip(frags[1:], occ[1:], strict=True):
            start = starts[bisect_left(starts, end)]
            end = start + len(frag)
            spans.append(self._span(start, end))
        return AnchorResult(tuple(spans), matches)

    # ---- failures

    def _not_found(
        self, frags: list[str], shown: list[str], i: int, elsewhere: bool
    ) -> AnchorResult:
        """The result for fragment ``i`` not found (``elsewhere``: only before the last).

        ``shown`` holds the fragments as written (whitespace collapsed), for messages.
        """
        frag = frags[i]
        if len(frags) == 1:
            what = "quote not found in the article"
        elif elsewhere:
            return AnchorResult(
                None,
                0,
                error=(
                    f'quote fragment {i + 1} of {len(frags)} ("{_shorten(shown[i])}") appears '
                    f"only before fragment {i}; elided fragments must appear in article order"
                ),
            )
        else:
            what = (
                f'quote fragment {i + 1} of {len(frags)} ("{_shorten(shown[i])}") '
                "not found in the article"
            )
        closest = self.closest(frag)
        if closest is None:
            return AnchorResult(None, 0, error=what)
        one_line = _WS.sub(" ", closest)
        return AnchorResult(None, 0, closest, f'{what}; closest passage: "{one_line}"')

    def closest(self, quote: str) -> str | None:
        """The passage of the article most like ``quote`` (original text), or ``None``.

        Fuzzy (``rapidfuzz`` partial ratio) on the normalised text, widened to whole
        words and about as long as the quote.  On a large text, windows around chunks that
        hold the quote's longest words are tried first.
        """
        q = normalize(quote)
        norm = self._norm
        if not q or not norm:
            return None
        from rapidfuzz import fuzz  # only a quote that is not found needs it

        best: tuple[float, int, int] | None = None  # score, start, end (normalised)
        if self._index is not None:
            # Windows around the chunks holding the quote's rarest words, if they are rare.
            tokens = sorted(set(q.split(" ")), key=len, reverse=True)[:3]
            lists = [self._index.chunks_with(t) for t in tokens]
            chunks = sorted({k for found in lists if len(found) <= 4 for k in found})
            for lo, hi in self._index.windows(chunks, len(q), len(q)):
                r = fuzz.partial_ratio_alignment(q, norm[lo:hi])
                if r is not None and (best is None or r.score > best[0]):
                    best = (r.score, lo + r.dest_start, lo + r.dest_end)
        if best is None or best[0] < _GOOD_ENOUGH_SCORE:
            r = fuzz.partial_ratio_alignment(q, norm)
            if r is not None and (best is None or r.score > best[0]):
                best = (r.score, r.dest_start, r.dest_end)
        if best is None:
            return None
        return self._passage(best[1], best[2], len(quote) + 20)

    def _passage(self, start: int, end: int, cap: int) -> str | None:
        """Original text of normalised ``[start, end)``, widened to words, capped."""
        norm, text = self._norm, self.text
        while start < end and norm[start] == " ":
            start += 1
        while end > start and norm[end - 1] == " ":
            end -= 1
        if start >= end:
            return None
        a, b = self._orig(start), self._orig(end - 1) + 1
        # Widen to whole words (at most 40 characters each way).
        m = re.search(r"\S{0,40}$", text[max(0, a - 40) : a])
        a -= len(m.group()) if m else 0
        m = re.match(r"\S{0,40}", text[b : b + 40])
        b += len(m.group()) if m else 0
        if b - a > cap:
            m = re.search(r"\s\S*$", text[a : a + cap + 1])
            b = a + m.start() if m and m.start() > 0 else a + cap
        passage = text[a:b].strip()
        return passage or None


def _self_overlapping(s: str) -> bool:
    """Whether two occurrences of ``s`` can overlap (a proper prefix is also a suffix)."""
    k = s.find(s[0], 1)
    while k > 0:
        if s.startswith(s[k:]):
            return True
        k = s.find(s[0], k + 1)
    return False


def _shorten(s: str, limit: int = 40) -> str:
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"
