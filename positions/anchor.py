"""Quote anchoring: find a verbatim quote in the article text, tolerant of typography.

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

Searching costs must not depend on the article's vocabulary (a quote of ``the`` in a large
article, ``occurrence: 40000``, twenty elided fragments of ``a``).  Fragments are first
searched by :class:`positions.anchor_search.TextSearch` with ``str.find``/``str.count``
(no import: right for a small article, a few quotes, or quotes holding a rare word, which a
chunk index of the words leads to), counting the characters scanned; once that work exceeds
what building a suffix array costs, :class:`positions.anchor_index.SuffixIndex` (numpy)
answers instead.  Both give the same answers.  The closest passage for a quote not found is searched
with a bounded, deterministic amount of work (see :meth:`Anchorer.closest`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate, count, repeat
from operator import add, sub
from typing import TYPE_CHECKING

from positions import anchor_listed
from positions.anchor_listed import ListedSearch, list_matches, worth_listing
from positions.anchor_search import Escalate, Search, TextSearch
from positions.model import Span

if TYPE_CHECKING:
    from positions.anchor_index import SuffixIndex

__all__ = ["ELISION", "AnchorResult", "Anchorer", "anchorer_for", "normalize"]

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
# The characters folding changes; each one present is replaced with str.replace, much
# faster on a large text than str.translate or re.sub.
_FOLDED_CHARS = tuple(c for c, r in _FOLD_TO.items() if c != r)
_SPACE_RUNS = re.compile("(  +)")  # a literal prefix: the regex engine skips ahead fast
_WS = re.compile(r"\s+")
#: An elision in a quote: ``[...]`` or ``[…]``, spaces allowed inside the brackets.
ELISION = re.compile(r"\[\s*(?:\.\.\.|…)\s*\]")


# Closest passage: a text shorter than this is searched whole (as rapidfuzz allows); a
# longer one only in a few windows where the quote's words are.
_WHOLE_TEXT_HINT_CHARS = 256 * 1024
_HINT_WINDOWS = 4
# The estimated cost (seconds on a 2020s laptop, see _hint_cost) allowed for one quote's
# closest passage, and for all of them in one article.
_HINT_BUDGET = 1.5
_HINT_TOTAL_BUDGET = 10.0


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


class Anchorer:
    """Finds quotes in one article text; build it once, call :meth:`find` per quote.

    ``text`` should be NFC (``Article.text`` is); quotes are normalised to NFC.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        # Fold one character to one (quotes, dashes, whitespace to a space): offsets stay.
        # A character absent from the text costs one memchr-like scan, or nothing when it
        # is wider than every character of the text (str's kind check).
        folded = text
        for ch in _FOLDED_CHARS:
            if ch in folded:
                folded = folded.replace(ch, _FOLD_TO[ch])
        # Collapse runs of spaces, remembering where offsets shift: after run i, original
        # offsets are the normalised ones plus shifts[i], from normalised offset keys[i]
        # (the start of the piece after it).  Split and summed in C, not a loop per run.
        if "   " in folded:
            parts = _SPACE_RUNS.split(folded)  # piece, run, piece, run, ..., piece
            pieces = parts[0::2]
            run_lengths: Iterable[int] = map(len, parts[1::2])
        else:  # every run is two spaces (blank lines between paragraphs): str.split
            pieces = folded.split("  ")  # is faster than the regex on a text full of spaces
            run_lengths = repeat(2, len(pieces) - 1)
        self._norm = " ".join(pieces)
        self._keys = list(map(add, accumulate(map(len, pieces[:-1])), count(1)))
        self._shifts = list(map(sub, accumulate(run_lengths), count(1)))
        self._search: Search = TextSearch(self._norm)
        self._index: SuffixIndex | None = None  # built when searching gets costly
        self._listed = ListedSearch({})  # fragments found by prepare()'s one pass
        self._results: dict[tuple[str, int | None], AnchorResult] = {}
        self._hint_left = _HINT_TOTAL_BUDGET

    def _use_index(self) -> SuffixIndex:
        """The suffix array of the normalised text (built on first use)."""
        if self._index is None:
            from positions.anchor_index import SuffixIndex  # numpy: only when needed

            self._index = SuffixIndex(self._norm)
            self._search = self._index
        return self._index

    def prepare(self, quotes: Iterable[str]) -> None:
        """Quotes about to be anchored: their fragments are found in one pass over the text
        when there are enough of them (see :mod:`positions.anchor_listed`), and :meth:`find`
        then answers those quotes from the lists of matches.  Results are the same either
        way; only the time differs."""
        listed = self._listed.starts
        asked = {quote for quote, _ in self._results}
        frags: set[str] = set()
        new = listable = 0
        for quote in quotes:
            if quote in asked:
                continue
            new += 1
            parts = [f for f in map(normalize, ELISION.split(quote)) if f]
            if all(map(worth_listing, parts)):
                listable += 1
                frags.update(f for f in parts if f not in listed)
        if listable < anchor_listed.MIN_LISTED_SHARE * new:
            return  # the suffix array will be needed anyway
        found = list_matches(self._norm, frags)
        if found is not None:
            listed.update(found)

    # ---- offsets

    def _orig(self, n: int) -> int:
        """Original offset of normalised offset ``n`` (``n`` not inside a collapsed run)."""
        i = bisect_right(self._keys, n) - 1
        return n + self._shifts[i] if i >= 0 else n

    def _span(self, start: int, end: int) -> Span:
        """Original span of normalised ``[start, end)`` (non-space at both ends)."""
        return Span(self._orig(start), self._orig(end - 1) + 1)

    def _norm_offset(self, orig: int) -> int:
        """The normalised offset of original offset ``orig`` (the start of a non-space)."""
        lo, hi = 0, len(self._norm)
        while lo < hi:  # the least n with _orig(n) >= orig
            mid = (lo + hi) // 2
            if self._orig(mid) < orig:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def occurrence_at(self, quote: str, start: int) -> int | None:
        """Which occurrence (1-based, as ``occurrence:`` counts) of the unelided ``quote``
        starts at original offset ``start``; ``None`` when none starts there."""
        frag = normalize(quote)
        if not frag:
            return None
        n = self._norm_offset(start)
        try:
            if self._search.next_from(frag, n) != n:
                return None
            return self._search.rank_upto(frag, n)
        except Escalate:
            search = self._use_index()
            if search.next_from(frag, n) != n:
                return None
            return search.rank_upto(frag, n)

    # ---- searching

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
        The same quote asked again gets the same result, from a cache.
        """
        key = (quote, occurrence)
        result = self._results.get(key)
        if result is None:
            result = self._results[key] = self._find(quote, occurrence)
        return result

    def _find(self, quote: str, occurrence: int | None) -> AnchorResult:
        parts = ELISION.split(quote)
        kept = [(f, p) for f, p in ((normalize(p), p) for p in parts) if f]
        frags = [f for f, _ in kept]
        written = [p for _, p in kept]  # for messages
        if not frags:
            if len(parts) > 1:
                return AnchorResult(None, 0, error="quote holds only an elision ([...])")
            return AnchorResult(None, 0, error="quote is empty")
        if occurrence is not None and occurrence < 1:
            return AnchorResult(None, 0, error=f"occurrence must be 1 or more, not {occurrence}")
        try:
            found = self._locate(frags, occurrence)
        except Escalate:
            self._use_index()
            found = self._locate(frags, occurrence)
        if isinstance(found, tuple):
            return self._not_found(frags, written, *found)
        return found

    def _locate(self, frags: list[str], occurrence: int | None) -> AnchorResult | tuple[int, bool]:
        """The result, or ``(i, elsewhere)`` when fragment ``i`` is not found (``elsewhere``:
        it occurs, but only before the previous fragment)."""
        listed = self._listed
        search: Search = listed if all(f in listed.starts for f in frags) else self._search
        first = frags[0]
        if len(frags) == 1:
            start = search.first(first)
            if start < 0:
                return (0, False)
            matches = search.count(first)
        else:
            # Forward, earliest: does the quote match at all?  If not, which fragment fails.
            earliest: list[int] = []  # the first match's starts, if it is the one asked for
            end = 0
            for i, frag in enumerate(frags):
                start = search.next_from(frag, end)
                if start < 0:
                    return (i, i > 0 and search.first(frag) >= 0)
                earliest.append(start)
                end = start + len(frag)
            # Backward, latest: the last start of each fragment that still leaves room for
            # the rest; the first fragment's starts up to that one are the matches.
            limit = len(self._norm)
            for frag in reversed(frags):
                limit = search.last_upto(frag, limit - len(frag))
            matches = search.rank_upto(first, limit)
        if occurrence is not None and occurrence > matches:
            return self._too_few(occurrence, matches)
        if len(frags) > 1 and (occurrence or 1) == 1:
            return AnchorResult(
                tuple(self._span(s, s + len(f)) for s, f in zip(earliest, frags, strict=True)),
                matches,
            )
        start = search.nth(first, (occurrence or 1) - 1)
        end = start + len(first)
        spans = [self._span(start, end)]
        for frag in frags[1:]:
            start = search.next_from(frag, end)
            end = start + len(frag)
            spans.append(self._span(start, end))
        return AnchorResult(tuple(spans), matches)

    # ---- failures

    def _not_found(
        self, frags: list[str], written: list[str], i: int, elsewhere: bool
    ) -> AnchorResult:
        """The result for fragment ``i`` not found (``elsewhere``: only before the last).

        ``written`` holds the fragments as written, for messages (whitespace collapsed only
        here: most quotes are found, and need no message).
        """
        frag = frags[i]
        shown = _WS.sub(" ", written[i]).strip()
        if len(frags) == 1:
            what = "quote not found in the article"
        elif elsewhere:
            return AnchorResult(
                None,
                0,
                error=(
                    f'quote fragment {i + 1} of {len(frags)} ("{_shorten(shown)}") appears '
                    f"only before fragment {i}; elided fragments must appear in article order"
                ),
            )
        else:
            what = (
                f'quote fragment {i + 1} of {len(frags)} ("{_shorten(shown)}") '
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
        words and about as long as the quote.  A text under
        :data:`_WHOLE_TEXT_HINT_CHARS` is searched whole; a longer one only in the few
        windows where the quote's words vote it would lie.  Each search's cost is estimated
        first: over the budget for one quote (a very long quote) or for the whole article,
        there is no closest passage.
        """
        q = normalize(quote)
        norm = self._norm
        if not q or not norm:
            return None
        if len(norm) < _WHOLE_TEXT_HINT_CHARS:
            windows = [(0, len(norm))]
        elif _hint_cost(len(q), len(q) * 2) > min(_HINT_BUDGET, self._hint_left):
            return None  # even one window would cost too much: do not build the index
        else:
            windows = self._use_index().candidate_windows(q, _HINT_WINDOWS)
        from rapidfuzz import fuzz  # only a quote that is not found needs it

        best: tuple[float, int, int] | None = None  # score, start, end (normalised)
        budget = min(_HINT_BUDGET, self._hint_left)
        for lo, hi in windows:
            cost = _hint_cost(len(q), hi - lo)
            if cost > budget:
                break
            budget -= cost
            self._hint_left -= cost
            r = fuzz.partial_ratio_alignment(q, norm[lo:hi])
            if r is not None and (best is None or r.score > best[0]):
                best = (r.score, lo + r.dest_start, lo + r.dest_end)
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


_LAST: list[Anchorer] = []  # the last anchorer anchorer_for() made


def anchorer_for(text: str) -> Anchorer:
    """An :class:`Anchorer` for ``text``: the last one made when the text is the same (a
    reload after the positions file changed, or a quote coded in the reader, then finds
    every unchanged quote in its cache instead of anchoring it again)."""
    last = _LAST[0] if _LAST else None
    if last is not None and (last.text is text or last.text == text):
        last._hint_left = _HINT_TOTAL_BUDGET  # each load gets the whole budget
        return last
    anchorer = Anchorer(text)
    _LAST[:] = [anchorer]
    return anchorer


def _shorten(s: str, limit: int = 40) -> str:
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def _hint_cost(m: int, n: int) -> float:
    """Estimated seconds for ``rapidfuzz.fuzz.partial_ratio_alignment`` of strings of
    lengths ``m`` and ``n``: linear in the longer, with one pass per 64 characters of the
    shorter, plus a cubic term in the shorter past 64 characters (measured: 2,700 against
    5,400 characters takes about a second)."""
    short, long = min(m, n), max(m, n)
    return 5e-9 * long * (short // 64 + 1) + (6e-11 * short**3 if short > 64 else 0.0)
