"""Loading an article: read safely, then repair and parse it into blocks.

Reading and decoding are here; the repairs are :mod:`positions.repair`, the Markdown and
plain-text blocks :mod:`positions.blocks`.

The article text a reader sees (``Article.text``) is the visible text of the blocks joined
by one blank line.  Repairs (mojibake, control sequences, bidi controls, NFC) are applied
to the raw text *before* parsing, so every offset refers to the final text.
"""

from __future__ import annotations

import gc
from pathlib import Path

from positions.blocks import parse_blocks
from positions.fsutil import ReadError, looks_like_utf16_or_32, read_bounded
from positions.model import Article
from positions.repair import repair_text

__all__ = [
    "MARKDOWN_SUFFIXES",
    "MAX_ARTICLE_BYTES",
    "TEXT_SUFFIXES",
    "ArticleError",
    "load_article",
    "parse_article",
    "parse_article_again",
    "read_article",
]

#: The largest article accepted, in bytes.
MAX_ARTICLE_BYTES = 16 * 1024 * 1024

MARKDOWN_SUFFIXES = (".md", ".markdown")
TEXT_SUFFIXES = (".txt",)


class ArticleError(Exception):
    """The article cannot be loaded; ``message`` says why, for a human."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- loading


def load_article(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """Read, check, repair and parse the article at ``path``.

    Raises :class:`ArticleError` when the file is missing, not a regular file, unreadable,
    too large, binary, not UTF-8 (a UTF-8 BOM is allowed), empty, or not ``.md``,
    ``.markdown`` or ``.txt`` (see :func:`read_article`), or has no readable text.
    """
    path = Path(path)
    return parse_article(read_article(path, max_bytes), path)


def read_article(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> str:
    """The decoded text of the article at ``path``, after the cheap checks only.

    The checks are those of :func:`load_article` that need no parsing: the file exists,
    is a regular file, readable, of a supported type, within ``max_bytes``, not binary,
    valid UTF-8 and not empty (:class:`ArticleError` otherwise).  Pass the text to
    :func:`parse_article`.
    """
    path = Path(path)
    try:
        data = read_bounded(path, max_bytes, what="article", check=lambda: _check_suffix(path))
    except ReadError as exc:
        raise ArticleError(exc.message) from None
    return _decode(data)


def _check_suffix(path: Path) -> bool:
    """True for Markdown, False for plain text; ``ArticleError`` for anything else."""
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return True
    if suffix in TEXT_SUFFIXES:
        return False
    shown = f'"{path.suffix}"' if path.suffix else "no suffix"
    raise ArticleError(f"unsupported article type ({shown}): use a .md, .markdown or .txt file")


def _decode(data: bytes) -> str:
    """Decode UTF-8 (dropping a BOM); reject UTF-16/32, binary data and empty text."""
    encoding = looks_like_utf16_or_32(data)
    if encoding is not None:
        raise ArticleError(f"not UTF-8: looks like {encoding}; save the article as UTF-8")
    nul = data.find(b"\0")
    if nul >= 0:
        raise ArticleError(
            f"looks like a binary file (NUL byte at byte offset {nul}), not a text article"
        )
    skip = 3 if data.startswith(b"\xef\xbb\xbf") else 0  # the UTF-8 BOM
    try:
        raw = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        line = data.count(b"\n", 0, offset) + 1
        raise ArticleError(
            f"is not valid UTF-8: byte 0x{data[offset]:02x} at byte offset {offset} "
            f"(line {line}) cannot be decoded; save the article as UTF-8"
        ) from None
    if not raw:
        raise ArticleError("the article is empty")
    if raw.isspace():
        raise ArticleError("the article holds only whitespace")
    return raw


# --------------------------------------------------------------------------- parsing


_LAST: list[tuple[str, Path, Article]] = []  # the last article parse_article_again() parsed


def parse_article_again(raw: str, path: Path) -> Article:
    """:func:`parse_article`, or the last Article it gave when ``raw`` and ``path`` are
    the same (the positions file reloaded, the article unchanged: parsing a large one
    takes seconds)."""
    last = _LAST[0] if _LAST else None
    if last is not None and last[1] == Path(path) and (last[0] is raw or last[0] == raw):
        return last[2]
    article = parse_article(raw, path)
    _LAST[:] = [(raw, Path(path), article)]
    return article


def parse_article(raw: str, path: Path) -> Article:
    """Repair and parse decoded article text; ``path``'s suffix picks Markdown or plain.

    Raises :class:`ArticleError` for an unsupported suffix or when no text is left.
    """
    path = Path(path)
    markdown = _check_suffix(path)
    # Parsing makes a few objects a paragraph (a million for a 16 MB article of 190,000
    # paragraphs) and no garbage cycles; the collector's passes over them as they pile up
    # freed nothing and took 0.5-1 s of 2-2.6 s there.  They are held until the blocks
    # are made (then run as usual: not skipped), and only if they were on.
    collecting = gc.isenabled()
    gc.disable()
    try:
        raw, repairs = repair_text(raw, keep_tabs=markdown)
        text, blocks = parse_blocks(raw, markdown=markdown, repairs=repairs)
    finally:
        if collecting:
            gc.enable()
    if not text:
        raise ArticleError("the article has no readable text")
    return Article(
        path=path,
        text=text,
        blocks=blocks,
        repairs=repairs.as_tuple(),
        plain_lines=tuple(sorted(repairs.plain_lines)),
        mojibake_stopped=repairs.mojibake_stopped[0] if repairs.mojibake_stopped else None,
    )
