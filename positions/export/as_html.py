"""The HTML export: one self-contained page, the summary and the article with every quote
highlighted in its party's colour.

The page makes no request anywhere (inline CSS only, no scripts, fonts, images or links to
other hosts; a Content-Security-Policy says so to the browser too). Every text is escaped
with :func:`html.escape`; party colours come from :mod:`positions.export.colors`, never
straight from the file.

Links: each quote in the summary (``#s-…``) links to its highlight in the article
(``<mark id="q-…">``); each highlighted quote ends with its party's marker linking back. Quotes
may overlap (two parties quoting the same words): the article is cut into segments at every
quote boundary, and a segment covered by several quotes is one ``<mark>`` carrying all their
party classes and quote keys, so the markup stays well-formed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from positions.compare import Agreement, Row, compare, silences
from positions.export.colors import PartyStyle, party_style
from positions.export.common import (
    CITATION_NOTE,
    ELISION,
    agreement_label,
    attribution,
    position_label,
    provenance,
    quote_fragments,
    stance_label,
    standing_text,
)
from positions.export.html_balance import balance_section, basis_legend_html, basis_mark
from positions.export.html_common import esc, marker, party_label
from positions.model import Block, BlockKind, Document, Party, Position, Quote, Span, Topic
from positions.text import in_quotation_marks

#: Underline styles that tell highlights apart without colour, in party order.
UNDERLINES = ("solid", "double", "dashed", "dotted", "wavy")


@dataclass(frozen=True)
class Entry:
    """One quote with its place in the document; ``key`` names it in ids (``2-4-1``)."""

    party_index: int
    party: Party
    topic: Topic
    position: Position
    quote: Quote
    key: str

    @property
    def cls(self) -> str:
        return f"p{self.party_index}"


def entries(document: Document) -> list[Entry]:
    """Every quote in party, topic and file order, each with a key unique in the page."""
    topic_numbers = {t.id: n for n, t in enumerate(document.topics, 1)}
    found = []
    for pi, party in enumerate(document.parties):
        for position in party.positions:
            topic = document.topic(position.topic_id)
            for qi, quote in enumerate(position.quotes, 1):
                key = f"{pi + 1}-{topic_numbers[topic.id]}-{qi}"
                found.append(Entry(pi, party, topic, position, quote, key))
    return found


def _span_id(entry: Entry, span_index: int) -> str:
    return f"q-{entry.key}" if span_index == 0 else f"q-{entry.key}-{span_index + 1}"


# --- the article -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    entry: Entry
    span_index: int
    span: Span


def _mark(covering: list[_Piece], opened: set[str], text: str) -> str:
    """One highlighted segment: anchors for every quote starting in it, then the ``<mark>``."""
    ids = []
    for piece in covering:
        span_id = _span_id(piece.entry, piece.span_index)
        if span_id not in opened:
            opened.add(span_id)
            ids.append(span_id)
    parties: list[int] = []
    for piece in covering:
        if piece.entry.party_index not in parties:
            parties.append(piece.entry.party_index)
    classes = ["hl", *(f"p{i}" for i in parties)]
    style = ""
    if len(parties) > 1:
        classes.append("multi")
        share = 100 / len(parties)
        stops = ",".join(
            f"var(--t{i}) {n * share:g}% {(n + 1) * share:g}%" for n, i in enumerate(parties)
        )
        style = f' style="background:linear-gradient({stops})"'
    titles: list[str] = []
    for piece in covering:
        title = f"{piece.entry.party.name}: {piece.entry.topic.title}"
        if title not in titles:
            titles.append(title)
    anchors = "".join(f'<mark class="anchor" id="{i}"></mark>' for i in ids[1:])
    mark_id = f' id="{ids[0]}"' if ids else ""
    keys = " ".join(dict.fromkeys(p.entry.key for p in covering))
    return (
        f'{anchors}<mark{mark_id} class="{" ".join(classes)}"{style} data-quotes="{keys}" '
        f'title="{esc("; ".join(titles))}">{esc(text)}</mark>'
    )


def _backlink(entry: Entry) -> str:
    label = esc(f"{entry.party.name} on {entry.topic.title}: back to the summary")
    return (
        f'<a class="back {entry.cls}" href="#s-{entry.key}" title="{label}" '
        f'aria-label="{label}">{marker(entry.party_index)}</a>'
    )


def _block_body(document: Document, block: Block, pieces: list[_Piece], opened: set[str]) -> str:
    """The block's text, cut at quote boundaries, with marks and back-links."""
    text = document.article.text
    inside = [p for p in pieces if p.span.start < block.end and p.span.end > block.start]
    cuts = {block.start, block.end}
    for piece in inside:
        cuts.update(c for c in (piece.span.start, piece.span.end) if block.start < c < block.end)
    points = sorted(cuts)
    ends = [p for p in pieces if block.start < p.span.end <= block.end]
    out: list[str] = []
    for a, b in pairwise(points):
        out += [_backlink(p.entry) for p in ends if p.span.end == a and _is_last(p)]
        covering = [p for p in inside if p.span.start <= a and p.span.end >= b]
        out.append(_mark(covering, opened, text[a:b]) if covering else esc(text[a:b]))
    out += [_backlink(p.entry) for p in ends if p.span.end == block.end and _is_last(p)]
    return "".join(out)


def _is_last(piece: _Piece) -> bool:
    return piece.span_index == len(piece.entry.quote.spans) - 1


def _article(document: Document, found: list[Entry]) -> Iterator[str]:
    pieces = [_Piece(entry, i, span) for entry in found for i, span in enumerate(entry.quote.spans)]
    opened: set[str] = set()
    for n, block in enumerate(document.article.blocks, 1):
        body = _block_body(document, block, pieces, opened)
        attrs = f'id="p-{n}" data-n="{n}"'
        if block.kind is BlockKind.HEADING:
            level = min(6, max(1, block.level) + 2)
            yield f"<h{level} {attrs}>{body}</h{level}>"
        elif block.kind is BlockKind.LIST_ITEM:
            yield (
                f'<p class="li" style="--lvl:{max(1, block.level)}" {attrs}>'
                f'<span class="bullet" aria-hidden="true">•</span>{body}</p>'
            )
        elif block.kind is BlockKind.BLOCKQUOTE:
            yield f"<blockquote {attrs}><p>{body}</p></blockquote>"
        elif block.kind is BlockKind.IMAGE:
            yield f'<p class="image" {attrs}><span class="label">Image: </span>{body}</p>'
        else:
            yield f"<p {attrs}>{body}</p>"


# --- the summary -------------------------------------------------------------------------


def _matrix(document: Document, rows: tuple[Row, ...]) -> Iterator[str]:
    yield '<section id="matrix"><h2>Stance matrix</h2>'
    yield '<div class="scroll"><table><thead><tr><th scope="col">Topic</th>'
    for index, party in enumerate(document.parties):
        yield f'<th scope="col">{party_label(index, party)}</th>'
    yield '<th scope="col">Agreement</th></tr></thead><tbody>'
    for tn, row in enumerate(rows, 1):
        yield f'<tr><th scope="row"><a href="#t-{tn}">{esc(row.topic.title)}</a></th>'
        for pi, cell in enumerate(row.cells, 1):
            label = esc(stance_label(cell.stance))
            if cell.position is None:
                yield f'<td class="silence">{label}</td>'
            else:
                yield (
                    f'<td class="stance {cell.stance}"><a href="#pos-{pi}-{tn}">{label}</a> '
                    f"{basis_mark(cell.position)}</td>"
                )
        yield f'<td class="agreement">{esc(agreement_label(row.agreement))}</td></tr>'
    yield f"</tbody></table></div>{basis_legend_html()}</section>"


def _quote_item(document: Document, entry: Entry) -> str:
    fragments = quote_fragments(document, entry.quote)
    words = in_quotation_marks(ELISION.join(fragments), ELISION.join(esc(f) for f in fragments))
    return (
        f'<li id="s-{entry.key}"><a class="quote" href="#q-{entry.key}">{words}</a> '
        f'<span class="attr">— {esc(attribution(document, entry.quote))}</span></li>'
    )


def _topics(document: Document, rows: tuple[Row, ...], found: list[Entry]) -> Iterator[str]:
    yield '<section id="topics"><h2>Topics</h2>'
    by_cell: dict[tuple[int, str], list[Entry]] = {}  # one pass: linear in the quotes
    for entry in found:
        by_cell.setdefault((entry.party_index, entry.topic.id), []).append(entry)
    for tn, row in enumerate(rows, 1):
        yield f'<section class="topic" id="t-{tn}"><h3>{esc(row.topic.title)}</h3>'
        if row.topic.question:
            yield f'<p class="question">{esc(row.topic.question)}</p>'
        yield (
            f'<p class="standing"><strong>{esc(agreement_label(row.agreement))}</strong> — '
            f"{esc(standing_text(row))}</p>"
        )
        for pi, cell in enumerate(row.cells):
            if cell.position is None:
                continue
            yield (
                f'<div class="position p{pi}" id="pos-{pi + 1}-{tn}">'
                f"<h4>{party_label(pi, cell.party)}: "
                f'<span class="stance">{esc(position_label(cell.position))}</span></h4>'
                f'<p class="summary">{esc(cell.position.summary)}</p><ul class="quotes">'
            )
            for entry in by_cell.get((pi, row.topic.id), ()):
                yield _quote_item(document, entry)
            yield "</ul></div>"
        yield "</section>"
    yield "</section>"


def _agreements(rows: tuple[Row, ...]) -> Iterator[str]:
    yield '<section id="agreement"><h2>Where the parties agree and differ</h2><ul>'
    for agreement in Agreement:
        found = [(n, r) for n, r in enumerate(rows, 1) if r.agreement is agreement]
        if not found and agreement is Agreement.NONE_SPOKE:
            continue
        items = []
        for n, row in found:
            extra = f" ({esc(row.speakers[0].name)})" if agreement is Agreement.ONE_SPOKE else ""
            items.append(f'<a href="#t-{n}">{esc(row.topic.title)}</a>{extra}')
        listed = "; ".join(items) if items else "none"
        yield f"<li><strong>{esc(agreement_label(agreement))}:</strong> {listed}</li>"
    yield "</ul></section>"


def _silences(document: Document) -> Iterator[str]:
    yield '<section id="silences"><h2>Silences</h2><ul>'
    numbers = {t.id: n for n, t in enumerate(document.topics, 1)}
    for index, party in enumerate(document.parties):
        topics = silences(document, party)
        listed = (
            "; ".join(f'<a href="#t-{numbers[t.id]}">{esc(t.title)}</a>' for t in topics)
            if topics
            else "none (a stated position on every topic)"
        )
        yield f"<li><strong>{party_label(index, party)}:</strong> {listed}</li>"
    yield "</ul></section>"


# --- the page ----------------------------------------------------------------------------

_CSS = """
*{box-sizing:border-box}
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--rule:#d1d9e0;
--panel:#f6f8fa;--link:#0550ae}
@media screen and (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;
--muted:#9198a1;--rule:#3d444d;--panel:#151b23;--link:#4493f8}}
html{background:var(--bg);color:var(--fg)}
body{margin:0 auto;max-width:50rem;padding:1.5rem 1.25rem 4rem 3.5rem;
font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",
Arial,sans-serif}
h1{font-size:1.7rem;line-height:1.25;margin:0 0 .4rem}
h2{font-size:1.3rem;border-bottom:1px solid var(--rule);padding-bottom:.2rem;margin-top:2.2rem}
h3{font-size:1.12rem;margin:1.8rem 0 .3rem}
h4{font-size:1rem;margin:.9rem 0 .2rem}
a{color:var(--link)}
.meta,.question,.attr,.legend,footer,.silence{color:var(--muted)}
.question{font-style:italic;margin:.1rem 0 .4rem}
nav{margin:.6rem 0 0;font-size:.95rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.6rem 0;font-size:.88rem}
td.stance{white-space:nowrap}
th,td{border:1px solid var(--rule);padding:.3rem .45rem;text-align:left;vertical-align:top}
thead th{background:var(--panel)}
td a,th a{color:inherit;text-decoration:none}
td a:hover,th a:hover{text-decoration:underline}
.position{border-left:4px solid var(--c);padding:.1rem 0 .1rem .8rem;margin:.7rem 0}
.position .summary{margin:.2rem 0 .3rem}
ul.quotes{margin:.2rem 0;padding-left:1.2rem}
ul.quotes li{margin:.25rem 0}
a.quote{color:inherit;text-decoration:underline;text-decoration-color:var(--c);
text-decoration-thickness:2px;text-underline-offset:.2em}
.marker{color:var(--c)}
mark{color:inherit;background:none}
mark.hl{background:var(--t);text-decoration:underline var(--u) var(--c) 2px;
text-underline-offset:.22em;text-decoration-skip-ink:none;border-radius:2px;
-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark.anchor{display:inline}
a.back{color:var(--c);text-decoration:none;font-size:.75em;vertical-align:super;
line-height:0;padding:0 .1em}
a.back:hover{text-decoration:underline}
:target{scroll-margin-top:30vh}
mark:target,li:target,.position:target{outline:2px solid var(--c,var(--link));
outline-offset:2px}
#article{margin-top:3rem}
@media screen and (min-width:70rem){
body{max-width:96rem;padding:1.5rem 2rem 2rem}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);column-gap:2rem;
align-items:start}
#article{margin-top:0;position:sticky;top:0;max-height:100vh;overflow-y:auto;
padding:0 1rem 2rem 3rem;border-left:1px solid var(--rule)}
#article>h2{margin-top:1rem}
}
#article article>*{position:relative}
#article article>[data-n]::before{content:attr(data-n);position:absolute;left:-3rem;
width:2.3rem;text-align:right;color:var(--muted);font-size:.75rem;
font-variant-numeric:tabular-nums;top:.3em}
#article h3,#article h4,#article h5,#article h6{margin:1.2rem 0 .5rem}
blockquote{margin:1rem 0;padding:0 0 0 1rem;border-left:3px solid var(--rule)}
blockquote p{margin:0}
p.li{padding-left:calc(var(--lvl) * 1.25rem);margin:.35rem 0}
p.li .bullet{display:inline-block;width:1rem;margin-left:-1rem}
p.image .label{color:var(--muted);font-style:italic}
.legend p,.bases p{margin:.4rem 0}
.bases ul{list-style:none;margin:.2rem 0;padding:0;font-size:.88rem}
.basis{font-size:.9em}
td.n{text-align:right;font-variant-numeric:tabular-nums}
#balance table{font-size:.8rem}
#balance th[scope=row]{white-space:nowrap}
td.bar{white-space:nowrap;font-family:ui-monospace,monospace}
.legend ul{list-style:none;margin:.2rem 0;padding:0}
.legend li{margin:.15rem 0;overflow-wrap:anywhere}
footer{margin-top:3rem;border-top:1px solid var(--rule);padding-top:.5rem;font-size:.9rem}
@media print{
:root{--bg:#ffffff;--fg:#000000;--muted:#444444;--rule:#999999;--panel:#eeeeee;--link:#000000}
body{max-width:none;padding:0 0 0 2.5rem;font-size:10.5pt}
nav{display:none}
a{color:inherit;text-decoration:none}
a.quote{text-decoration:underline;text-decoration-color:var(--c)}
mark.hl,.marker,a.back,thead th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
#article{break-before:page}
h2,h3,h4{break-after:avoid}
.position,tr,blockquote,ul.quotes li{break-inside:avoid}
}
"""


def _party_css(styles: list[PartyStyle]) -> str:
    light = ";".join(f"--c{i}:{s.light_ink};--t{i}:{s.light_tint}" for i, s in enumerate(styles))
    dark = ";".join(f"--c{i}:{s.dark_ink};--t{i}:{s.dark_tint}" for i, s in enumerate(styles))
    classes = "\n".join(
        f".p{i}{{--c:var(--c{i});--t:var(--t{i});--u:{UNDERLINES[i % len(UNDERLINES)]}}}"
        for i in range(len(styles))
    )
    return (
        f":root{{{light}}}\n"
        f"@media screen and (prefers-color-scheme:dark){{:root{{{dark}}}}}\n{classes}\n"
    )


def _legend(document: Document) -> str:
    """Which highlight is whose: one line per party (a line that wraps, never one that
    runs past the column, where the article's scroll box would clip it)."""
    items = "".join(
        f'<li>{party_label(i, p)} '
        f'(<mark class="hl sample p{i}">{UNDERLINES[i % len(UNDERLINES)]} underline</mark>)</li>'
        for i, p in enumerate(document.parties)
    )
    return (
        f'<div class="legend"><p>Highlights:</p><ul>{items}</ul><p>Each quote in the summary '
        "links to its place here; the marker after a highlight leads back. Margin numbers "
        "are the paragraph numbers the summary cites.</p></div>"
    )


def _header(document: Document) -> Iterator[str]:
    meta = document.meta
    yield f"<header><h1>{esc(document.title)}</h1>"
    facts = [
        f"{label}: {esc(value)}"
        for label, value in (("Source", meta.source), ("Author", meta.author), ("Date", meta.date))
        if value
    ]
    if meta.url:
        facts.append(f"Link: {esc(meta.url)}")
    if facts:
        yield f'<p class="meta">{" · ".join(facts)}</p>'
    yield (
        '<nav><a href="#matrix">Stance matrix</a> · <a href="#topics">Topics</a> · '
        '<a href="#agreement">Agreement</a> · <a href="#silences">Silences</a> · '
        '<a href="#balance">Balance</a> · '
        '<a href="#article">Article</a></nav></header>'
    )


def to_html(document: Document) -> str:
    """The self-contained page: summary, then the article with every quote highlighted."""
    rows = compare(document)
    found = entries(document)
    styles = [party_style(p, i) for i, p in enumerate(document.parties)]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="referrer" content="no-referrer">',
        '<meta name="color-scheme" content="light dark">',
        '<meta name="generator" content="ceasefire-tui">',
        f"<title>{esc(document.title)}</title>",
        f"<style>{_CSS}{_party_css(styles)}</style>",
        "</head>",
        "<body>",
        *_header(document),
        "<main>",
        '<div id="summary">',
        *_matrix(document, rows),
        *_topics(document, rows, found),
        *_agreements(rows),
        *_silences(document),
        *balance_section(document, {t.id: n for n, t in enumerate(document.topics, 1)}),
        "</div>",
        '<section id="article"><h2>Article</h2>',
        _legend(document),
        "<article>",
        *_article(document, found),
        "</article></section>",
        "</main>",
        f"<footer>{esc(provenance(document))} {esc(CITATION_NOTE)}</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"
