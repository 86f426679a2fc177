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

__all__ = ["MAX_SHARED_LISTED", "lint"]

#: At most this many "same passage" warnings are listed, then one says how many more:
#: a file whose parties share hundreds of passages needs the first few, not a flood.
MAX_SHARED_LISTED = 50


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
    """Quotes of different parties whose spans overlap: at most one warning per quote, at
    the one later in the file (parties stand in file order, so: of the later party),
    naming a quote of another party it shares words with.

    One sweep over the spans by start, keeping the two parties whose spans seen so far
    reach furthest (each with the quote that reaches there): a span overlaps another
    party's earlier span exactly when one of those two is another party reaching past its
    start.  O(spans log spans), however many quotes share a passage.
    """
    spans = sorted(
        (span.start, span.end, i)
        for i, f in enumerate(filed)
        for span in f.quote.spans
        if span.end > span.start
    )
    party_of = [f.party_index for f in filed]
    order = [f.order for f in filed]
    none = (-1, -1, -1)
    best, second = none, none  # (reach, party index, quote), two different parties
    shared: dict[int, int] = {}  # later quote -> the earliest other-party quote found
    for start, end, i in spans:
        own = party_of[i]
        other = best if best[1] != own else second
        if other[0] > start:
            j = other[2]
            first, later = (j, i) if party_of[j] < own else (i, j)
            known = shared.get(later)
            if known is None or order[first] < order[known]:
                shared[later] = first
        if best[1] == own:
            if end > best[0]:
                best = (end, own, i)
        elif end > best[0]:
            best, second = (end, own, i), best
        elif end > second[0]:
            second = (end, own, i)
    found = []
    listed = sorted(shared, key=order.__getitem__)
    if len(listed) > MAX_SHARED_LISTED:
        rest = len(listed) - MAX_SHARED_LISTED
        listed = listed[:MAX_SHARED_LISTED]
        found.append(
            _warning(
                document,
                filed[listed[-1]].quote.loc,
                f"{rest:,} more quotes share a passage with a quote of another party (only the "
                f"first {MAX_SHARED_LISTED} are listed)",
            )
        )
    for later_index in listed:
        here, there = filed[later_index], filed[shared[later_index]]
        where = f" (line {there.quote.loc.line})" if there.quote.loc else ""
        found.append(
            _warning(
                document,
                here.quote.loc,
                f'{here.what}: the same passage is quoted for party "{there.party.id}" on '
                f'"{there.position.topic_id}"{where}; fine when deliberate, else file it once',
            )
        )
    return found


#: The last document linted and its warnings: a coded quote's version is made from the
#: version loaded (:mod:`positions.in_memory`), which needs that version's warnings again
#: (the loader made them), then the new version's (which the next change needs).
_LAST: list[tuple[Document, tuple[Diagnostic, ...]]] = []


def lint(document: Document) -> list[Diagnostic]:
    """Every lint warning about ``document`` (a linked one), in no particular order (the
    last document's are kept: linting it again costs nothing)."""
    last = _LAST[0] if _LAST else None  # (one read: another thread may replace it)
    if last is not None and last[0] is document:
        return list(last[1])
    filed = _filed(document)
    found = [
        *_stated_without_direct(document),
        *_direct_without_speaker(document, filed),
        *_silent_speakers(document),
        *_shared_passages(document, filed),
    ]
    _LAST[:] = [(document, tuple(found))]
    return found
