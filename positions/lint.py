"""Warnings about how a linked document's evidence is filed (``check`` prints them; under
``--strict`` they are errors).

The loader's own warnings are about one quote at a time (repeated, not whole words, an
unknown speaker); these look at a position, a party or the whole document:

* ``basis: stated`` on a position with no direct quote (nothing in the party's own words);
* a direct quote with no speaker, when its party lists speakers;
* a speaker listed for a party whom no quote names;
* the same passage of the article quoted for two parties (overlapping spans).

Each is a :class:`~positions.diagnostics.Diagnostic` at the place in the positions file
the user has to change.  Only a linked document is linted: the last needs the anchors.
"""

from __future__ import annotations

from dataclasses import dataclass

from positions.diagnostics import Diagnostic, Severity
from positions.model import Basis, Document, Party, Position, Quote, QuoteKind, SourceLoc

__all__ = ["lint"]


@dataclass(frozen=True)
class _Filed:
    """One quote with the party and position it is filed under, numbered as in messages."""

    party_index: int
    party: Party
    position: Position
    number: int
    quote: Quote

    @property
    def what(self) -> str:
        return f'position of "{self.party.id}" on "{self.position.topic_id}", quote {self.number}'

    @property
    def order(self) -> tuple[int, int]:
        """Where the quote stands in the file (unknown places sort first)."""
        loc = self.quote.loc
        return (loc.line, loc.col) if loc else (0, 0)


def _warning(document: Document, loc: SourceLoc | None, message: str) -> Diagnostic:
    line, col = (loc.line, loc.col) if loc else (1, 1)
    return Diagnostic(document.path, line, col, Severity.WARNING, message)


def _filed(document: Document) -> list[_Filed]:
    return [
        _Filed(index, party, position, number, quote)
        for index, party in enumerate(document.parties)
        for position in party.positions
        for number, quote in enumerate(position.quotes, start=1)
    ]


def _stated_without_direct(document: Document) -> list[Diagnostic]:
    found = []
    for party in document.parties:
        for position in party.positions:
            if position.basis is not Basis.STATED or any(
                q.kind is QuoteKind.DIRECT for q in position.quotes
            ):
                continue
            found.append(
                _warning(
                    document,
                    position.basis_loc or position.loc,
                    f'position of "{party.id}" on "{position.topic_id}": basis is "stated" '
                    "but no quote is direct (the party's own words); use implied, action "
                    "or reported",
                )
            )
    return found


def _direct_without_speaker(document: Document, filed: list[_Filed]) -> list[Diagnostic]:
    return [
        _warning(
            document,
            f.quote.loc,
            f"{f.what}: a direct quote with no speaker, but party \"{f.party.id}\" lists "
            f"speakers ({', '.join(f.party.speakers)}); add speaker: NAME",
        )
        for f in filed
        if f.quote.kind is QuoteKind.DIRECT and not f.quote.speaker and f.party.speakers
    ]


def _silent_speakers(document: Document) -> list[Diagnostic]:
    found = []
    for party in document.parties:
        named = {q.speaker for p in party.positions for q in p.quotes if q.speaker}
        locs: tuple[SourceLoc | None, ...] = party.speaker_locs or (None,) * len(party.speakers)
        for speaker, loc in zip(party.speakers, locs, strict=False):
            if speaker in named:
                continue
            found.append(
                _warning(
                    document,
                    loc,
                    f'party "{party.id}" speaker "{speaker}" is named by no quote (give a '
                    f"quote speaker: {speaker}, or leave the speaker out)",
                )
            )
    return found


def _shared_passages(document: Document, filed: list[_Filed]) -> list[Diagnostic]:
    """Quotes of different parties whose spans overlap: one warning per pair, at the one
    later in the file, naming the other.

    A sweep over the spans by start, keeping for each party the span seen so far that
    reaches furthest: O(spans x parties), however many quotes share a passage.
    """
    spans = sorted(
        (span.start, span.end, i)
        for i, f in enumerate(filed)
        for span in f.quote.spans
        if span.end > span.start
    )
    furthest: dict[int, tuple[int, int]] = {}  # party index -> (end, filed index)
    pairs: set[tuple[int, int]] = set()
    for start, end, i in spans:
        own = filed[i].party_index
        for party_index, (reach, j) in furthest.items():
            if party_index != own and reach > start:
                pairs.add((min(i, j), max(i, j)))
        if end > furthest.get(own, (-1, -1))[0]:
            furthest[own] = (end, i)
    found = []
    for i, j in sorted(pairs):
        first, later = sorted((filed[i], filed[j]), key=lambda f: f.order)
        where = f" (line {first.quote.loc.line})" if first.quote.loc else ""
        found.append(
            _warning(
                document,
                later.quote.loc,
                f'{later.what}: the same passage is quoted for party "{first.party.id}" on '
                f'"{first.position.topic_id}"{where}; fine when deliberate, else file it once',
            )
        )
    return found


def lint(document: Document) -> list[Diagnostic]:
    """Every lint warning about ``document`` (a linked one), in no particular order."""
    filed = _filed(document)
    return [
        *_stated_without_direct(document),
        *_direct_without_speaker(document, filed),
        *_silent_speakers(document),
        *_shared_passages(document, filed),
    ]
