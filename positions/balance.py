"""Balance: whether each party is held to the same standard of evidence.

One :class:`PartyBalance` per party, in file order: how many positions and silences it
has, how many of its quotes are its own words (direct) or the journalist's (reported),
how many words are quoted for it (its share of voice), and its positions counted by
:class:`~positions.model.Basis`.  Then the topics where only one party has a position.
The reader's balance view and every export show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from positions.anchor import ELISION
from positions.model import Basis, Document, Party, QuoteKind, Topic


@dataclass(frozen=True)
class PartyBalance:
    """The evidence behind one party's positions."""

    party: Party
    positions: int
    silences: int
    direct: int
    """Quotes in the party's own words."""
    reported: int
    """Quotes in the journalist's words."""
    words: int
    """Words quoted for the party (every quote's fragments, split on white space)."""
    basis: dict[Basis, int]
    """Positions by basis; every basis is a key, in :class:`Basis` order."""

    def share(self, total_words: int) -> float:
        """This party's share of the words quoted for every party (0.0 when none are)."""
        return self.words / total_words if total_words else 0.0

    def as_dict(self) -> dict[str, object]:
        """The JSON export's object for this party (key order as documented)."""
        return {
            "party": self.party.id,
            "positions": self.positions,
            "silences": self.silences,
            "quotes": {"direct": self.direct, "reported": self.reported},
            "words": self.words,
            "basis": {basis.value: self.basis[basis] for basis in Basis},
        }


@dataclass(frozen=True)
class Balance:
    """Every party's balance, in file order, and the topics only one party spoke on."""

    parties: tuple[PartyBalance, ...]
    lone_topics: tuple[tuple[Topic, Party], ...]
    """Topics where exactly one party has a position, with that party, in topic order."""

    @property
    def total_words(self) -> int:
        """Words quoted for all parties together."""
        return sum(p.words for p in self.parties)


#: Cells in a share-of-voice bar.
BAR_CELLS = 10


def share_bar(share: float, cells: int = BAR_CELLS, *, percent_width: int = 0) -> str:
    """A bar that reads without colour: ``█████░░░░░ 52%`` (filled cells rounded to the
    nearest, halves up; the percentage to a whole number, right-aligned in
    ``percent_width`` characters, so that bars in a column line up)."""
    share = min(1.0, max(0.0, share))
    filled = int(share * cells + 0.5)
    percent = int(share * 100 + 0.5)
    return f"{'█' * filled}{'░' * (cells - filled)} {percent:>{percent_width}}%"




def _words(text: str) -> int:
    """Words in a quote's text, not counting its elision marks."""
    return len(ELISION.sub(" ", text).split())


def balance(document: Document) -> Balance:
    """The balance of ``document`` (quote words are counted from the file's quote text,
    so a preview, whose quotes are not linked yet, counts the same)."""
    rows = []
    for party in document.parties:
        by_basis = dict.fromkeys(Basis, 0)
        direct = reported = words = 0
        for position in party.positions:
            by_basis[position.basis] += 1
            for quote in position.quotes:
                if quote.kind is QuoteKind.DIRECT:
                    direct += 1
                else:
                    reported += 1
                words += _words(quote.text)
        rows.append(
            PartyBalance(
                party=party,
                positions=len(party.positions),
                silences=len(document.topics) - len(party.positions),
                direct=direct,
                reported=reported,
                words=words,
                basis=by_basis,
            )
        )
    lone = []
    for topic in document.topics:
        spoke = [p for p in document.parties if p.position_on(topic.id) is not None]
        if len(spoke) == 1:
            lone.append((topic, spoke[0]))
    return Balance(tuple(rows), tuple(lone))
