"""Exports of a loaded document. Output is deterministic: same input, byte-identical output."""

from __future__ import annotations

import json
from typing import Any

from positions.model import Document, Party, Position, Quote

#: Identifies the JSON export's layout; bumped on incompatible changes.
JSON_FORMAT = "ceasefire-tui/positions"
JSON_VERSION = 1


def _optional(**fields: Any) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


def _quote_json(quote: Quote) -> dict[str, Any]:
    return {
        "text": quote.text,
        "speaker": quote.speaker,
        "kind": quote.kind.value,
        "spans": [[span.start, span.end] for span in quote.spans],
    }


def _position_json(party: Party, position: Position) -> dict[str, Any]:
    return {
        "party": party.id,
        "topic": position.topic_id,
        "stance": position.stance.value,
        "summary": position.summary,
        "quotes": [_quote_json(q) for q in position.quotes],
    }


def document_dict(document: Document) -> dict[str, Any]:
    """The loaded model as plain data (the JSON export before serialising)."""
    meta = document.meta
    article = {
        "file": meta.file,
        **_optional(
            title=meta.title, source=meta.source, author=meta.author, date=meta.date, url=meta.url
        ),
        "text": document.article.text,
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
            _position_json(party, position)
            for party in document.parties
            for position in party.positions
        ],
        "silences": [
            {"party": party.id, "topic": topic.id}
            for party in document.parties
            for topic in document.topics
            if party.position_on(topic.id) is None
        ],
    }


def to_json(document: Document) -> str:
    """The JSON export: ``article`` (metadata and the exact ``text`` offsets refer to),
    ``topics`` and ``parties`` in file order, ``positions`` and ``silences``."""
    return json.dumps(document_dict(document), ensure_ascii=False, indent=2) + "\n"


#: Export formats by name, each a function from a document to text.
FORMATS = {"json": to_json}
