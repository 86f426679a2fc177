"""The Markdown export: the comparison summary as GitHub-flavoured Markdown.

Every text from the files goes through :func:`escape`, so a summary holding ``<script>``,
``[link](javascript:...)``, ``|``, ``*``, backticks or a leading ``#`` reads as literal text.
"""

from __future__ import annotations

import re

from positions.balance import balance, share_bar
from positions.compare import Agreement, Row, compare, silences
from positions.export.common import (
    CITATION_NOTE,
    ELISION,
    agreement_label,
    attribution,
    basis_legend,
    cell_label,
    position_label,
    provenance,
    quote_fragments,
    standing_text,
)
from positions.model import Basis, Document, Party, Position
from positions.text import in_quotation_marks

#: Characters with a meaning in Markdown (or in GitHub's extensions: ~ strikethrough, $ maths)
#: or HTML, anywhere on a line. Backslash-escaped, each reads as itself.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~$]|&(?=#?[A-Za-z0-9]+;))")
#: Line starts that open a block: a list item (``- ``, ``+ ``, ``1. ``, ``1) ``), a heading
#: underline (``===``) or a thematic break (``---``).
_BLOCK_START = re.compile(r"^([-+])(?=\s|$)|^([-=])(?=[-=\s]*$)|^(\d{1,9})([.)])(?=\s|$)")
_SAFE_URL = re.compile(r"https?://[^\s<>\"'`\\\x00-\x1f\x7f]+")


def escape(text: str, *, line_start: bool = False) -> str:
    """``text`` as literal inline Markdown: one line, every significant character escaped
    (and, for text that starts a line, whatever would open a list, heading or rule)."""
    flat = " ".join(text.split())
    flat = _INLINE_SPECIAL.sub(r"\\\1", flat)
    if not line_start:
        return flat
    return _BLOCK_START.sub(
        lambda m: f"{m[3]}\\{m[4]}" if m[3] else f"\\{m[0]}",
        flat,
        count=1,
    )


def _url(url: str) -> str:
    """An http(s) URL as an autolink; anything else as plain escaped text."""
    return f"<{url}>" if _SAFE_URL.fullmatch(url) else escape(url)


def _header(document: Document) -> list[str]:
    meta = document.meta
    lines = [f"# {escape(document.title)}", ""]
    facts = [
        f"**{label}:** {escape(value)}"
        for label, value in (("Source", meta.source), ("Author", meta.author), ("Date", meta.date))
        if value
    ]
    if facts:
        lines += [" · ".join(facts), ""]
    if meta.url:
        lines += [f"**Link:** {_url(meta.url)}", ""]
    return lines


def _matrix(document: Document, rows: tuple[Row, ...]) -> list[str]:
    head = ["Topic", *(p.name for p in document.parties), "Agreement"]
    lines = [
        "## Stance matrix",
        "",
        "| " + " | ".join(escape(h) for h in head) + " |",
        "|" + " --- |" * len(head),
    ]
    for row in rows:
        cells = [
            row.topic.title,
            *(cell_label(c.position) for c in row.cells),
            agreement_label(row.agreement),
        ]
        lines.append("| " + " | ".join(escape(c) for c in cells) + " |")
    legend = " · ".join(escape(line) for line in basis_legend())
    return [*lines, "", f"How each stance is known: {legend}.", ""]


def _position(document: Document, party: Party, position: Position) -> list[str]:
    lines = [
        f"#### {escape(party.name)}: {escape(position_label(position))}",
        "",
        escape(position.summary, line_start=True),
        "",
    ]
    for quote in position.quotes:
        fragments = quote_fragments(document, quote)
        words = ELISION.join(escape(f) for f in fragments)
        shown = in_quotation_marks(ELISION.join(fragments), words)
        lines.append(f"- {shown} — {escape(attribution(document, quote))}")
    return [*lines, ""]


def _topics(document: Document, rows: tuple[Row, ...]) -> list[str]:
    lines = ["## Topics", ""]
    for row in rows:
        lines += [f"### {escape(row.topic.title)}", ""]
        if row.topic.question:
            lines += [f"*{escape(row.topic.question)}*", ""]
        label = escape(agreement_label(row.agreement))
        lines += [f"**{label}** — {escape(standing_text(row))}", ""]
        for cell in row.cells:
            if cell.position is not None:
                lines += _position(document, cell.party, cell.position)
    return lines


def _agreements(rows: tuple[Row, ...]) -> list[str]:
    lines = ["## Where the parties agree and differ", ""]
    for agreement in Agreement:
        found = [r for r in rows if r.agreement is agreement]
        if not found and agreement is Agreement.NONE_SPOKE:
            continue
        if agreement is Agreement.ONE_SPOKE:
            items = [f"{r.topic.title} ({r.speakers[0].name})" for r in found]
        else:
            items = [r.topic.title for r in found]
        listed = "; ".join(escape(i) for i in items) if items else "none"
        lines.append(f"- **{escape(agreement_label(agreement))}:** {listed}")
    return [*lines, ""]


def _silences(document: Document) -> list[str]:
    lines = ["## Silences", ""]
    for party in document.parties:
        topics = silences(document, party)
        listed = (
            "; ".join(escape(t.title) for t in topics)
            if topics
            else "none (a stated position on every topic)"
        )
        lines.append(f"- **{escape(party.name)}:** {listed}")
    return [*lines, ""]


_BALANCE_HEAD = (
    "Party",
    "Positions",
    "Silences",
    "Direct quotes",
    "Reported quotes",
    "Words quoted",
)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table: ``head`` escaped here, the cells already escaped."""
    lines = ["| " + " | ".join(escape(h) for h in head) + " |", "|" + " --- |" * len(head)]
    return lines + ["| " + " | ".join(cells) + " |" for cells in rows]


def _balance(document: Document) -> list[str]:
    """One row per party: the evidence behind its positions and its share of voice; then
    the topics where only one party has a position."""
    found = balance(document)
    total = found.total_words
    lines = [
        "## Balance",
        "",
        "Whether each party is held to the same standard of evidence. Share of voice is the "
        "party's share of all the words quoted.",
        "",
        *_table(
            [*_BALANCE_HEAD, "Share of voice"],
            [
                [
                    escape(row.party.name),
                    *(str(n) for n in (row.positions, row.silences, row.direct, row.reported)),
                    str(row.words),
                    share_bar(row.share(total)),
                ]
                for row in found.parties
            ],
        ),
        "",
        "Positions by how each stance is known:",
        "",
        *_table(
            ["Party", *(basis.label for basis in Basis)],
            [
                [escape(row.party.name), *(str(row.basis[basis]) for basis in Basis)]
                for row in found.parties
            ],
        ),
    ]
    lone = "; ".join(escape(f"{topic.title} ({party.name})") for topic, party in found.lone_topics)
    return [*lines, "", f"**Only one party has a position:** {lone or 'none'}", ""]


def to_markdown(document: Document) -> str:
    """Title and source; a stance matrix (with each stance's basis mark and a legend); per
    topic each party's stance and basis, summary and quotes (speaker and paragraph); where
    the parties agree, split or only one spoke; silences; the balance of evidence."""
    rows = compare(document)
    lines = [
        *_header(document),
        *_matrix(document, rows),
        *_topics(document, rows),
        *_agreements(rows),
        *_silences(document),
        *_balance(document),
        "---",
        "",
        escape(provenance(document), line_start=True) + " " + escape(CITATION_NOTE),
    ]
    return "\n".join(lines) + "\n"
