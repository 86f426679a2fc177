"""The CSV export: one row per quote, RFC 4180, safe to open in a spreadsheet.

It starts with a byte-order mark (UTF-8 with BOM, Python's ``utf-8-sig``): without one,
Excel on Windows reads UTF-8 as the local code page (``â€œ`` for ``“``).
"""

from __future__ import annotations

import csv
import io
import unicodedata

from positions.export.common import quote_text
from positions.model import Document

#: The byte-order mark the export starts with, so spreadsheets read it as UTF-8.
BOM = "\ufeff"

HEADER = (
    "party",
    "topic",
    "stance",
    "basis",
    "speaker",
    "kind",
    "quote",
    "start",
    "end",
    "paragraph",
)

#: A cell starting with one of these (after any leading whitespace) is a formula to a
#: spreadsheet; it is prefixed with ``'`` so it stays text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Look-alikes of those a spreadsheet may fold to them: every character whose NFKC form
#: starts with one (fullwidth ``＝`` U+FF1D, ``＋``, ``－``, ``＠``, small and super/subscript
#: forms), and the minus sign U+2212.
_LOOK_ALIKES = "\u2212"


def _formula_like(char: str) -> bool:
    if char in _FORMULA_STARTS or char in _LOOK_ALIKES:
        return True
    folded = unicodedata.normalize("NFKC", char) if not char.isascii() else ""
    return folded.startswith(("=", "+", "-", "@"))


def neutralise(cell: str) -> str:
    """``cell``, with a ``'`` in front when a spreadsheet would read it as a formula.

    A formula character or a look-alike of one (``＝``, ``＋``, ``－``, ``＠``, ...) at the
    start, or after leading whitespace, counts.
    """
    if not cell:
        return cell
    stripped = cell.lstrip(" \n\x0b\x0c\u00a0\u3000")
    if _formula_like(cell[0]) or (stripped and _formula_like(stripped[0])):
        return "'" + cell
    return cell


def to_csv(document: Document) -> str:
    """One row per quote, in party, topic and file order, after a header row.

    ``basis`` is how the position's stance is known (``stated``, ``implied``, ``action``
    or ``reported``), repeated on each of its quotes' rows.

    ``quote`` is the article's own words (an elided quote's fragments joined by ``[…]``);
    ``start``/``end`` are offsets into the article text (an elided quote: the start of its
    first fragment and the end of its last); ``paragraph`` is where the quote starts.
    The text starts with :data:`BOM`.
    """
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for party, position, quote in document.all_quotes():
        cells = (
            party.id,
            position.topic_id,
            position.stance.value,
            position.basis.value,
            quote.speaker or "",
            quote.kind.value,
            quote_text(document, quote),
        )
        writer.writerow(
            [
                *(neutralise(c) for c in cells),
                quote.start,
                quote.end,
                document.article.paragraph_number(quote.start),
            ]
        )
    return buffer.getvalue()
