"""The comparison: for each topic, each party's stance and whether the parties agree."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from positions.model import Document, Party, Position, Stance, Topic


class Agreement(StrEnum):
    """How the parties that spoke on a topic relate to each other."""

    AGREE = "agree"
    """Two or more parties spoke, all with the same stance."""
    SPLIT = "split"
    """Two or more parties spoke, with different stances."""
    ONE_SPOKE = "only one party spoke"
    NONE_SPOKE = "no party spoke"

    @property
    def glyph(self) -> str:
        """A glyph that tells the agreement apart without colour."""
        return _AGREEMENT_GLYPHS[self]


_AGREEMENT_GLYPHS = {
    Agreement.AGREE: "=",
    Agreement.SPLIT: "≠",
    Agreement.ONE_SPOKE: "1",
    Agreement.NONE_SPOKE: "∅",
}


@dataclass(frozen=True)
class Cell:
    """One party's stance on one topic (``position`` is ``None`` for a silence)."""

    party: Party
    position: Position | None

    @property
    def stance(self) -> Stance | None:
        """The stance, or ``None`` for a silence."""
        return self.position.stance if self.position else None


@dataclass(frozen=True)
class Row:
    """One topic across every party, in party order."""

    topic: Topic
    cells: tuple[Cell, ...]
    agreement: Agreement

    @property
    def speakers(self) -> tuple[Party, ...]:
        """The parties that stated a position on this topic."""
        return tuple(c.party for c in self.cells if c.position is not None)

    @property
    def silent(self) -> tuple[Party, ...]:
        """The parties that stated no position on this topic."""
        return tuple(c.party for c in self.cells if c.position is None)


def classify(stances: list[Stance]) -> Agreement:
    """The agreement among the stances of the parties that spoke."""
    if not stances:
        return Agreement.NONE_SPOKE
    if len(stances) == 1:
        return Agreement.ONE_SPOKE
    if len(set(stances)) == 1:
        return Agreement.AGREE
    return Agreement.SPLIT


def compare(document: Document) -> tuple[Row, ...]:
    """One row per topic, in topic order, each with one cell per party in party order."""
    rows = []
    for topic in document.topics:
        cells = tuple(Cell(party, party.position_on(topic.id)) for party in document.parties)
        agreement = classify([c.position.stance for c in cells if c.position is not None])
        rows.append(Row(topic, cells, agreement))
    return tuple(rows)


def silences(document: Document, party: Party) -> tuple[Topic, ...]:
    """The topics ``party`` stated no position on, in topic order."""
    return tuple(t for t in document.topics if party.position_on(t.id) is None)
