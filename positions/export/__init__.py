"""Exports of a loaded document: Markdown, HTML, JSON and CSV.

Every export is deterministic (same input, byte-identical output) and treats the texts of
the positions file and the article as untrusted: each format escapes them its own way.
"""

from __future__ import annotations

from collections.abc import Callable

from positions.export.as_csv import to_csv
from positions.export.as_html import to_html
from positions.export.as_json import JSON_FORMAT, JSON_VERSION, document_dict, to_json
from positions.export.as_markdown import to_markdown
from positions.export.common import SelectionError, select
from positions.model import Document

#: Export formats by name, each a function from a document to text.
FORMATS: dict[str, Callable[[Document], str]] = {
    "md": to_markdown,
    "html": to_html,
    "json": to_json,
    "csv": to_csv,
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
