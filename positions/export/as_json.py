"""The JSON export: the loaded model, with W3C Web Annotation selectors for every quote."""

from __future__ import annotations

import json
from typing import Any

import orjson

from positions.balance import balance
from positions.model import Document, Party, Position, Quote

#: Identifies the JSON export's layout; bumped on incompatible changes.
JSON_FORMAT = "ceasefire-tui/positions"
JSON_VERSION = 1

#: Characters of context on each side of a quote in a ``TextQuoteSelector``.
CONTEXT = 32


def _optional(**fields: Any) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


def _selectors(text: str, quote: Quote) -> list[list[dict[str, Any]]]:
    """For each span, a W3C selector list: a ``TextQuoteSelector`` and a
    ``TextPositionSelector`` for the same passage of ``article.text`` (offsets count code
    points, as the Web Annotation model does)."""
    return [
        [
            {
                "type": "TextQuoteSelector",
                "exact": text[span.start : span.end],
                "prefix": text[max(0, span.start - CONTEXT) : span.start],
                "suffix": text[span.end : span.end + CONTEXT],
            },
            {"type": "TextPositionSelector", "start": span.start, "end": span.end},
        ]
        for span in quote.spans
    ]


def _quote_json(text: str, quote: Quote) -> dict[str, Any]:
    return {
        "text": quote.text,
        "speaker": quote.speaker,
        "kind": quote.kind.value,
        "spans": [[span.start, span.end] for span in quote.spans],
        "selectors": _selectors(text, quote),
    }


def _position_json(text: str, party: Party, position: Position) -> dict[str, Any]:
    return {
        "party": party.id,
        "topic": position.topic_id,
        "stance": position.stance.value,
        "basis": position.basis.value,
        "summary": position.summary,
        "quotes": [_quote_json(text, q) for q in position.quotes],
    }


def document_dict(document: Document) -> dict[str, Any]:
    """The loaded model as plain data (the JSON export before serialising)."""
    meta = document.meta
    text = document.article.text
    article = {
        "file": meta.file,
        **_optional(
            title=meta.title, source=meta.source, author=meta.author, date=meta.date, url=meta.url
        ),
        "text": text,
        "blocks": [
            {
                "kind": b.kind.value,
                "start": b.start,
                "end": b.end,
                **_optional(level=b.level or None),
            }
            for b in document.article.blocks
        ],
    }
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "article": article,
        "topics": [
            {"id": t.id, "title": t.title, **_optional(question=t.question)}
            for t in document.topics
        ],
        "parties": [
            {
                "id": p.id,
                "name": p.name,
                **_optional(color=p.color),
                "speakers": list(p.speakers),
            }
            for p in document.parties
        ],
        "positions": [
            _position_json(text, party, position)
            for party in document.parties
            for position in party.positions
        ],
        "silences": [
            {"party": party.id, "topic": topic.id}
            for party in document.parties
            for topic in document.topics
            if party.position_on(topic.id) is None
        ],
        "balance": [row.as_dict() for row in balance(document).parties],
    }


def to_json(document: Document) -> str:
    """The JSON export: ``article`` (metadata and the exact ``text`` offsets refer to),
    ``topics`` and ``parties`` in file order, ``positions`` (each with its ``basis``, each
    quote with its ``spans`` and W3C ``selectors``), ``silences`` and ``balance`` (per party:
    positions, silences, quotes direct and reported, words quoted, positions by basis).
    Described by ``positions/export.schema.json``.

    Encoded by ``orjson`` (``json.dumps(indent=2)`` runs in pure Python and was most of the
    export's time on a large file); the bytes are those of
    ``json.dumps(..., ensure_ascii=False, indent=2)``, which is used for what ``orjson``
    refuses (a lone surrogate, which a loaded file cannot hold today)."""
    data = document_dict(document)
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    except orjson.JSONEncodeError:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
