"""What every export shares: selecting topics and parties, and the words of the summary.

Everything here returns plain, unescaped text; each format escapes it its own way.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from positions.compare import Agreement, Row
from positions.model import (
    SILENCE_GLYPH,
    SILENCE_LABEL,
    Basis,
    Document,
    Position,
    Quote,
    QuoteKind,
    Stance,
)

#: Stands for the words left out between the fragments of an elided quote.
ELISION = " […] "


class ExportTooLarge(ValueError):
    """The selection is too large for this format (the SVG picture): choose fewer topics or
    parties with ``--topics`` / ``--parties``."""


class SelectionError(ValueError):
    """A ``--topics``/``--parties`` filter names an id the document does not have."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _check_ids(wanted: Sequence[str], known: list[str], what: str) -> list[str]:
    problems = []
    if not wanted:
        problems.append(f"no {what} id given (known: {', '.join(known)})")
    for ident in wanted:
        if ident in known:
            continue
        close = difflib.get_close_matches(ident, known, n=1, cutoff=0.6)
        hint = f'; did you mean "{close[0]}"?' if close else ""
        problems.append(f'unknown {what} "{ident}"{hint} (known: {", ".join(known)})')
    return problems


def select(
    document: Document,
    topics: Sequence[str] | None = None,
    parties: Sequence[str] | None = None,
) -> Document:
    """``document`` with only the given topic and party ids (``None``: all), in file order.

    Raises :class:`SelectionError` listing every unknown id, with a "did you mean" hint.
    """
    problems: list[str] = []
    if topics is not None:
        problems += _check_ids(topics, [t.id for t in document.topics], "topic")
    if parties is not None:
        problems += _check_ids(parties, [p.id for p in document.parties], "party")
    if problems:
        raise SelectionError(problems)
    kept_topics = tuple(t for t in document.topics if topics is None or t.id in topics)
    topic_ids = {t.id for t in kept_topics}
    kept_parties = tuple(
        replace(p, positions=tuple(pos for pos in p.positions if pos.topic_id in topic_ids))
        for p in document.parties
        if parties is None or p.id in parties
    )
    return replace(document, topics=kept_topics, parties=kept_parties)


def quote_fragments(document: Document, quote: Quote) -> list[str]:
    """The quote's words exactly as the article has them, one string per span."""
    text = document.article.text
    return [text[span.start : span.end] for span in quote.spans]


def quote_text(document: Document, quote: Quote) -> str:
    """The quote's words exactly as the article has them; fragments joined by an elision."""
    return ELISION.join(quote_fragments(document, quote))


def paragraphs(document: Document, quote: Quote) -> str:
    """``paragraph 4``, or ``paragraphs 4–5`` for an elided quote across paragraphs."""
    first = document.article.paragraph_number(quote.start)
    last = document.article.paragraph_number(quote.spans[-1].start)
    return f"paragraph {first}" if first == last else f"paragraphs {first}–{last}"


def attribution(document: Document, quote: Quote) -> str:
    """Who said it and where: ``Vladimir Putin, paragraph 7``, ``reported, paragraph 4``."""
    who = quote.speaker
    if quote.kind is QuoteKind.REPORTED:
        who = f"{who} (reported)" if who else "reported"
    elif not who:
        who = "direct quote"
    return f"{who}, {paragraphs(document, quote)}"


def stance_label(stance: Stance | None) -> str:
    """``✔ supports``; ``· no stated position`` for a silence."""
    if stance is None:
        return f"{SILENCE_GLYPH} {SILENCE_LABEL}"
    return stance.label


def cell_label(position: Position | None) -> str:
    """A matrix cell, where space is short: ``✔ supports ●`` (stance, then the basis mark);
    ``· no stated position`` for a silence."""
    if position is None:
        return stance_label(None)
    return f"{position.stance.label} {position.basis.mark}"


def position_label(position: Position) -> str:
    """A stance with its basis in words: ``✔ supports · ◇ reported``."""
    return f"{position.stance.label} · {position.basis.label}"


def basis_legend() -> list[str]:
    """One line per basis, strongest first: ``● stated: the party's own words answer the
    question``."""
    return [f"{basis.label}: {basis.meaning}" for basis in Basis]


def agreement_label(agreement: Agreement) -> str:
    """``≠ Split``, ``1 Only one party spoke``: glyph and capitalised word."""
    return f"{agreement.glyph} {agreement.value[:1].upper()}{agreement.value[1:]}"


@dataclass(frozen=True)
class Standing:
    """Who stands where on one topic: party names grouped by stance, and the silent ones."""

    by_stance: tuple[tuple[Stance, tuple[str, ...]], ...]
    """Stances in the order a party first took them, each with its parties' names."""
    silent: tuple[str, ...]


def standing(row: Row) -> Standing:
    """The parties of ``row`` grouped by stance, in party order."""
    groups: dict[Stance, list[str]] = {}
    for cell in row.cells:
        if cell.stance is not None:
            groups.setdefault(cell.stance, []).append(cell.party.name)
    return Standing(
        tuple((stance, tuple(names)) for stance, names in groups.items()),
        tuple(p.name for p in row.silent),
    )


def standing_text(row: Row) -> str:
    """``supports: Ukraine, United States; conditional: Russia. No stated position: X.``"""
    found = standing(row)
    parts = [f"{stance.value}: {', '.join(names)}" for stance, names in found.by_stance]
    text = "; ".join(parts) + "." if parts else ""
    if found.silent:
        silent = f"{SILENCE_LABEL[:1].upper()}{SILENCE_LABEL[1:]}: {', '.join(found.silent)}."
        text = f"{text} {silent}" if text else silent
    return text


def provenance(document: Document) -> str:
    """Where the export comes from, by file name only (no machine-specific path)."""
    return (
        f"Exported by ceasefire-tui from {document.path.name} "
        f"(article: {document.article.path.name})."
    )


#: What a reader needs to know to check a citation.
CITATION_NOTE = (
    "Quotes are verbatim from the article text; paragraph numbers count the article's blocks "
    "(paragraphs, headings, list items, images) from 1."
)
