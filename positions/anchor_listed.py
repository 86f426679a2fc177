"""Every match of many fragments in one pass over the text, for :mod:`positions.anchor`.

Anchoring a file's quotes one at a time searches the text once per fragment: ``str.find``
in the chunks a rare word of the fragment points to, or, once that gets costly, the
suffix array.  With a small vocabulary every chunk holds every word, so the suffix array
has to be built (with numpy imported: 0.3-0.4 s on 3.6 MB, more than all the searching a
large vocabulary needs).  :func:`list_matches` instead finds every fragment of every quote
at once with an Aho-Corasick automaton (``pyahocorasick``) run over the normalised text,
whatever its vocabulary: one pass in C, plus a list append per match.  :class:`ListedSearch`
then answers :class:`positions.anchor_search.Search`'s questions from those lists with
:mod:`bisect`, exactly as the other searches do (overlapping matches included).

Fragments likely to match very often (short ones) are left to the other searches (with the
quotes holding them; no pass is made when they are many), and a pass that finds more than
:data:`MAX_MATCHES` matches is abandoned: listing them would cost more than the suffix
array.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection
from itertools import islice

__all__ = ["ListedSearch", "list_matches", "worth_listing"]

#: Texts shorter than this are searched fast enough one fragment at a time.
MIN_TEXT_CHARS = 256 * 1024
#: A pass is made only for at least this many fragments (a few quotes: not worth a pass).
MIN_FRAGMENTS = 32
#: Fragments shorter than this (a word or two: ``the``, ``a``) may match tens of thousands
#: of times; longer than :data:`MAX_FRAGMENT_CHARS`, they would bloat the automaton.
MIN_FRAGMENT_CHARS = 12
MAX_FRAGMENT_CHARS = 4096
#: A pass stops (and lists nothing) past this many matches of all its fragments.
MAX_MATCHES = 200_000
#: A pass is made only when at least this share of the quotes can be answered from it: the
#: quotes it leaves out (a common word or two) are what builds the suffix array, and once
#: built that answers every quote (5,000 quotes of one or two common words: the pass cost
#: 0.13 s for nothing).
MIN_LISTED_SHARE = 0.75


def worth_listing(frag: str) -> bool:
    """Whether ``frag`` (normalised) is searched by the pass rather than on its own."""
    return MIN_FRAGMENT_CHARS <= len(frag) <= MAX_FRAGMENT_CHARS


def list_matches(norm: str, frags: Collection[str]) -> dict[str, list[int]] | None:
    """Every start of each of ``frags`` in ``norm``, sorted (overlapping matches included);
    ``None`` when a pass is not worth it (a short text, few fragments) or finds more than
    :data:`MAX_MATCHES` matches.  ``frags`` should pass :func:`worth_listing`."""
    if len(norm) < MIN_TEXT_CHARS or len(frags) < MIN_FRAGMENTS:
        return None
    import ahocorasick  # only for a large text with many quotes

    starts: dict[str, list[int]] = {}
    automaton = ahocorasick.Automaton()
    for frag in frags:
        found: list[int] = []
        starts[frag] = found
        # Each match is reported at its last character: its start is that minus this.
        automaton.add_word(frag, (found.append, len(frag) - 1))
    automaton.make_automaton()
    matches = automaton.iter(norm)
    add: Callable[[int], None]
    for end, (add, back) in islice(matches, MAX_MATCHES):
        add(end - back)  # in text order: each fragment's list is sorted
    if next(matches, None) is not None:
        return None
    return starts


class ListedSearch:
    """:class:`positions.anchor_search.Search` over the listed matches of known fragments
    (each fragment asked about must be a key of ``starts``)."""

    def __init__(self, starts: dict[str, list[int]]) -> None:
        self.starts = starts
        """Every start of each fragment listed, sorted."""

    def count(self, frag: str) -> int:
        """How many times ``frag`` occurs."""
        return len(self.starts[frag])

    def first(self, frag: str) -> int:
        """The first start of ``frag``; -1 if none."""
        found = self.starts[frag]
        return found[0] if found else -1

    def next_from(self, frag: str, pos: int) -> int:
        """The first start of ``frag`` at or after ``pos``; -1 if none."""
        found = self.starts[frag]
        k = bisect_left(found, pos)
        return found[k] if k < len(found) else -1

    def last_upto(self, frag: str, bound: int) -> int:
        """The last start of ``frag`` at or before ``bound``; -1 if none."""
        found = self.starts[frag]
        k = bisect_right(found, bound)
        return found[k - 1] if k else -1

    def rank_upto(self, frag: str, bound: int) -> int:
        """How many starts of ``frag`` lie at or before ``bound``."""
        return bisect_right(self.starts[frag], bound)

    def nth(self, frag: str, k: int) -> int:
        """Start of match ``k`` (0-based, ``k`` below the count) in text order."""
        return self.starts[frag][k]
