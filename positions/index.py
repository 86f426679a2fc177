"""Look-ups over a loaded Document: quote references by position and in article order.

The :class:`~positions.session.DocumentSession` builds one :class:`DocumentIndex` per
version of the document it loads (off the UI thread), and every view reads it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from positions.model import Document, Party, Position, Quote, Topic

__all__ = ["DocumentIndex", "QuoteRef"]


@dataclass(frozen=True)
class QuoteRef:
    """One quote with where it belongs: party, topic and its index in the position."""

    party_index: int
    topic_index: int
    quote_index: int
    party: Party
    topic: Topic
    position: Position
    quote: Quote

    @property
    def key(self) -> tuple[int, int, int]:
        """``(party_index, topic_index, quote_index)``: identifies the quote in the reader."""
        return (self.party_index, self.topic_index, self.quote_index)


class DocumentIndex:
    """Look-ups over a Document that the views need often: built once, then read-only."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.topic_ids: dict[str, int] = {t.id: i for i, t in enumerate(document.topics)}
        self.party_ids: dict[str, int] = {p.id: i for i, p in enumerate(document.parties)}
        self._positions: dict[tuple[int, int], Position] = {}
        self._quotes: dict[tuple[int, int, int], QuoteRef] = {}
        refs: list[QuoteRef] = []
        for pi, party in enumerate(document.parties):
            for position in party.positions:
                ti = self.topic_ids.get(position.topic_id)
                if ti is None:
                    continue
                self._positions[(pi, ti)] = position
                for qi, quote in enumerate(position.quotes):
                    ref = QuoteRef(pi, ti, qi, party, document.topics[ti], position, quote)
                    self._quotes[ref.key] = ref
                    refs.append(ref)
        #: Every anchored quote in article order (ties: party, topic, quote order).
        self.in_article_order: list[QuoteRef] = sorted(
            (r for r in refs if r.quote.spans),
            key=lambda r: (r.quote.start, r.party_index, r.topic_index, r.quote_index),
        )
        self._article_rank = {r.key: i for i, r in enumerate(self.in_article_order)}
        self._starts = [r.quote.start for r in self.in_article_order]

    def position(self, party_index: int, topic_index: int) -> Position | None:
        """The party's position on the topic, or ``None`` for a silence."""
        return self._positions.get((party_index, topic_index))

    def quote(self, party_index: int, topic_index: int, quote_index: int) -> QuoteRef | None:
        """The quote at those indices, or ``None``."""
        return self._quotes.get((party_index, topic_index, quote_index))

    def quote_at(self, offset: int) -> QuoteRef | None:
        """The first quote (in article order) with a span containing ``offset``."""
        hi = bisect_right(self._starts, offset)
        for ref in reversed(self.in_article_order[:hi]):
            if any(s.start <= offset < s.end for s in ref.quote.spans):
                return ref
            if offset - ref.quote.start > 100_000:
                break
        return None

    def step_in_article(
        self, current: QuoteRef | None, offset: int, direction: int
    ) -> tuple[QuoteRef | None, bool]:
        """The next (``direction=1``) or previous (``-1``) quote in article order.

        From ``current`` when given, else from text ``offset`` (e.g. the top of the view).
        Returns ``(quote, wrapped)``; ``wrapped`` is true when the search went past the end
        (or start) and continued from the other end.
        """
        quotes = self.in_article_order
        if not quotes:
            return None, False
        rank = self._article_rank.get(current.key) if current is not None else None
        if rank is not None:
            target = rank + direction
        elif direction > 0:
            target = bisect_left(self._starts, offset)
        else:
            target = bisect_left(self._starts, offset) - 1
        wrapped = not 0 <= target < len(quotes)
        return quotes[target % len(quotes)], wrapped
