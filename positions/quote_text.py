"""The text written for a quote: the article's text of the selected span, and the
``occurrence:`` that anchors it back to that very span (checked by anchoring it); ids made
from names.  No I/O, no UI (see :mod:`positions.authoring`)."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from positions.model import Article, Document, Quote, Span

if TYPE_CHECKING:
    from positions.anchor import Anchorer

# yaml and positions.anchor load on first use: the reader imports this module (through
# positions.authoring) before its first frame, and codes a quote much later, if ever.

__all__ = ["AuthoringError", "make_id", "moved_quote_text", "one_line", "quote_text"]


class AuthoringError(Exception):
    """A change cannot be applied to the file; ``message`` says why, for a human."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_WS = re.compile(r"\s+")


# ---------------------------------------------------------------------------- helpers


def one_line(text: str) -> str:
    """``text`` with every whitespace run as one space, trimmed."""
    return _WS.sub(" ", text).strip()


def make_id(name: str, taken: set[str] | frozenset[str], fallback: str) -> str:
    """An id for ``name`` valid under the format's rule (``^[A-Za-z0-9][A-Za-z0-9_.-]*$``),
    read back by YAML as text, and not in ``taken``: ``"Volodymyr Zelensky"`` →
    ``"volodymyr-zelensky"``; ``fallback`` (``party``, ``topic``) when nothing is left."""
    import yaml

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].strip("-")
    if not base or not isinstance(yaml.safe_load(base), str):
        base = f"{fallback}-{base}" if base else fallback
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _anchorer(text: str) -> Anchorer:
    """The anchorer the document was loaded with (building one on a large article takes a
    while)."""
    from positions.anchor import anchorer_for

    return anchorer_for(text)


def quote_text(document: Document, span: Span) -> tuple[str, Span, int | None]:
    """The quote to write for ``span``: its text, the span trimmed of whitespace, and the
    ``occurrence`` to write (``None`` when the text occurs once).  Checked by anchoring it
    back: :class:`AuthoringError` when it would not anchor to the same span."""
    text = document.article.text
    start, end = max(0, span.start), min(len(text), span.end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        raise AuthoringError("the selection holds no text")
    passage = one_line(text[start:end])
    from positions.anchor import ELISION

    if ELISION.search(passage):
        raise AuthoringError(
            "the selection holds [...], which a positions file reads as an elision; "
            "select the text on either side of it"
        )
    anchorer = _anchorer(text)
    found = anchorer.find(passage)
    occurrence = anchorer.occurrence_at(passage, start) if found.matches > 1 else None
    check = anchorer.find(passage, occurrence)
    if check.spans is None or (check.spans[0].start, check.spans[-1].end) != (start, end):
        raise AuthoringError("internal: the quote would not anchor to the selected passage")
    return passage, Span(start, end), occurrence


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _grows_into_another_paragraph(article: Article, quote: Quote, span: Span) -> bool:
    """Whether ``span`` takes ``quote``'s start back into the block (paragraph) before its
    first one, or its end on into the block after its last one."""
    if not quote.spans:
        return False
    block = article.block_index_at
    earlier = span.start < quote.start and block(span.start) != block(quote.start)
    later = span.end > quote.end and block(span.end - 1) != block(quote.end - 1)
    return earlier or later


def moved_quote_text(document: Document, quote: Quote, span: Span) -> tuple[str, int | None]:
    """The text and ``occurrence`` of ``quote`` with its ends moved to ``span``'s.  An
    end never moves into another paragraph (it may leave one: a shorter quote).  An
    elided quote keeps its elisions: only its first fragment's start and its last
    fragment's end move (:class:`AuthoringError` when they would cross another)."""
    if _grows_into_another_paragraph(document.article, quote, span):
        raise AuthoringError("a quote's ends cannot move into another paragraph")
    if len(quote.spans) <= 1:
        text, _, occurrence = quote_text(document, span)
        return text, occurrence
    article = document.article.text
    first, last = quote.spans[0], quote.spans[-1]
    if not (span.start < first.end and span.end > last.start):
        raise AuthoringError("an elided quote's ends cannot move past its other fragments")
    spans = [
        _trim(article, s.start, s.end)
        for s in (Span(span.start, first.end), *quote.spans[1:-1], Span(last.start, span.end))
    ]
    if any(s.start >= s.end for s in spans):
        raise AuthoringError("a fragment of the elided quote would be empty")
    fragments = [one_line(article[s.start : s.end]) for s in spans]
    from positions.anchor import ELISION

    if any(ELISION.search(f) for f in fragments):
        raise AuthoringError(
            "the selection holds [...], which a positions file reads as an elision"
        )
    text = " [...] ".join(fragments)
    anchorer = _anchorer(article)
    for occurrence in (None, anchorer.occurrence_at(fragments[0], spans[0].start)):
        found = anchorer.find(text, occurrence)
        if found.spans == tuple(spans):
            return text, occurrence
    raise AuthoringError("the moved quote would not anchor to the selected passage")
