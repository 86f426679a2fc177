"""The HTML export's balance section and the legend of the basis marks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from positions.balance import PartyBalance, balance, share_bar
from positions.export.common import basis_legend
from positions.export.html_common import esc, party_label
from positions.model import Basis, Document, Position

_HEAD = ("Positions", "Silences", "Direct quotes", "Reported quotes", "Words quoted")


def basis_mark(position: Position) -> str:
    """The basis mark of a matrix cell, its word in a tooltip and for screen readers."""
    basis = position.basis
    said = esc(f"{basis.value}: {basis.meaning}")
    return (
        f'<span class="basis {basis.value}" title="{said}" aria-label="{said}">'
        f"{basis.mark}</span>"
    )


def basis_legend_html() -> str:
    """What the basis marks mean, below the matrix."""
    items = "".join(f"<li>{esc(line)}</li>" for line in basis_legend())
    return f'<div class="bases"><p>How each stance is known:</p><ul>{items}</ul></div>'


def _table(
    rows: Sequence[PartyBalance],
    heads: list[str],
    figures: list[list[int]],
    bars: list[str] | None,
) -> Iterator[str]:
    """A table of one row per party: its figures, then its bar when given."""
    yield '<div class="scroll"><table><thead><tr><th scope="col">Party</th>'
    yield "".join(f'<th scope="col">{esc(h)}</th>' for h in heads) + "</tr></thead><tbody>"
    for index, row in enumerate(rows):
        cells = "".join(f'<td class="n">{n}</td>' for n in figures[index])
        bar = f'<td class="bar">{esc(bars[index])}</td>' if bars is not None else ""
        yield f'<tr><th scope="row">{party_label(index, row.party)}</th>{cells}{bar}</tr>'
    yield "</tbody></table></div>"


def balance_section(document: Document, topic_numbers: dict[str, int]) -> Iterator[str]:
    """One row per party (positions, silences, direct and reported quotes, words quoted,
    positions by basis, and a share-of-voice bar that reads without colour); then the
    topics where only one party has a position, linked to their sections."""
    found = balance(document)
    yield '<section id="balance"><h2>Balance</h2>'
    yield (
        "<p>Whether each party is held to the same standard of evidence. Share of voice is "
        "the party's share of all the words quoted.</p>"
    )
    total = found.total_words
    evidence = [
        [row.positions, row.silences, row.direct, row.reported, row.words] for row in found.parties
    ]
    bars = [share_bar(row.share(total)) for row in found.parties]
    yield from _table(found.parties, [*_HEAD, "Share of voice"], evidence, bars)
    by_basis = [[row.basis[basis] for basis in Basis] for row in found.parties]
    yield "<p>Positions by how each stance is known:</p>"
    yield from _table(found.parties, [basis.label for basis in Basis], by_basis, None)
    lone = "; ".join(
        f'<a href="#t-{topic_numbers[topic.id]}">{esc(topic.title)}</a> ({esc(party.name)})'
        for topic, party in found.lone_topics
    )
    yield f"<p><strong>Only one party has a position:</strong> {lone or 'none'}</p></section>"
