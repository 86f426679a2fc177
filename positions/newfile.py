"""``ceasefire-tui new ARTICLE``: a minimal positions file for an article, to code in the reader.

The file names the article and, when the article has one, its headline (``title``; never
the file's name or anything else made up: without one every view says "No headline") and
holds no topics and no parties yet (valid: ``check`` notes "no parties yet"); the reader
adds them as quotes are coded.
"""

from __future__ import annotations

import os
from pathlib import Path

from positions.article import ArticleError, load_article
from positions.fsutil import UnsafeWriteError, check_target, write_atomic
from positions.model import Article, BlockKind
from positions.nodes import is_blank
from positions.text import clean_text
from positions.yaml_edit import render_scalar

__all__ = ["NewFileError", "default_output", "headline", "new_positions", "new_positions_text"]


class NewFileError(Exception):
    """The file cannot be made; ``message`` says why, for a human (one line)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def default_output(article: Path) -> Path:
    """``ARTICLE-STEM.positions.yaml`` beside the article."""
    return article.with_name(f"{article.stem}.positions.yaml")


def headline(article: Article) -> str | None:
    """The article's own headline: a heading before any of its text (only pictures may come
    first); ``None`` when it has none.  A heading further down names a section, not the
    article, and a plain-text article has no headings: none is invented."""
    for block in article.blocks:
        if block.kind is BlockKind.IMAGE:
            continue
        if block.kind is BlockKind.HEADING:
            title = clean_text(article.text[block.start : block.end]).strip()
            return None if is_blank(title) else title  # the loader reads it so
        return None
    return None


def new_positions_text(file: str, title: str | None) -> str:
    """The text of a new positions file for the article ``file`` (relative path), with a
    ``title`` only when ``title`` (the article's own headline) is given."""
    lines = [
        "# Positions file made by ceasefire-tui new; code quotes in the reader:",
        "# select a passage (v, then w or ')'), press m, and name the party and topic.",
        "version: 1",
        "article:",
        f"  file: {render_scalar(file)}",
    ]
    if title:
        lines.append(f"  title: {render_scalar(title)}")
    lines += ["topics: {}", "parties: {}", ""]
    return "\n".join(lines)


def new_positions(article: Path, output: Path | None = None) -> Path:
    """Write a new positions file for ``article`` (default name: :func:`default_output`)
    and return its path; :class:`NewFileError` when the article does not load, the file
    exists already (never overwritten) or cannot be written."""
    article = Path(article)
    output = Path(output) if output is not None else default_output(article)
    try:
        loaded = load_article(article)
    except ArticleError as exc:
        raise NewFileError(f"{article}: {exc.message}") from None
    try:
        resolved, existed = check_target(output, protected=(article,))
    except UnsafeWriteError as exc:
        raise NewFileError(str(exc)) from None
    if existed:
        raise NewFileError(f"{output}: exists already; refusing to overwrite it (use -o)")
    relative = Path(os.path.relpath(article.resolve(), resolved.parent))
    if relative.parts and relative.parts[0] == "..":
        raise NewFileError(
            f"{output}: the article must be in the positions file's folder or below it; "
            "write the file beside the article"
        )
    text = new_positions_text(relative.as_posix(), headline(loaded))
    try:
        write_atomic(output, text.encode("utf-8"), protected=(article,))
    except UnsafeWriteError as exc:
        raise NewFileError(str(exc)) from None
    return output
