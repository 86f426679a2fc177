"""Exports of a loaded document: Markdown, HTML, JSON and CSV.

Every export is deterministic (same input, byte-identical output) and treats the texts of
the positions file and the article as untrusted: each format escapes them its own way.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from positions.export.as_csv import to_csv
from positions.export.as_html import to_html
from positions.export.as_json import JSON_FORMAT, JSON_VERSION, document_dict, to_json
from positions.export.as_markdown import to_markdown
from positions.export.common import SelectionError, select
from positions.model import Document
from positions.text import xml_safe


def _xml_safe(render: Callable[[Document], str]) -> Callable[[Document], str]:
    """``render`` with its output passed through :func:`~positions.text.xml_safe`."""

    @wraps(render)
    def safe(document: Document) -> str:
        return xml_safe(render(document))

    return safe


#: Export formats by name, each a function from a document to text.  Every text format
#: drops what XML 1.0 forbids (U+FFFE, U+FFFF, ...) with the one shared function; JSON
#: escapes such characters instead.
FORMATS: dict[str, Callable[[Document], str]] = {
    "md": _xml_safe(to_markdown),
    "html": _xml_safe(to_html),
    "json": to_json,
    "csv": _xml_safe(to_csv),
}

__all__ = [
    "FORMATS",
    "JSON_FORMAT",
    "JSON_VERSION",
    "SelectionError",
    "document_dict",
    "select",
    "to_csv",
    "to_html",
    "to_json",
    "to_markdown",
]
