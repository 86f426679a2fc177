"""The article wrapped to a width: one entry per screen line, with its text offsets.

:func:`build_layout` wraps the header (title, byline, URL, rule) and every block of the
article to a width with :func:`tui.wrap.wrap_range`, keeping for each screen line its
``(start, end)`` offsets in ``Article.text``, its kind (paragraph, heading, quote...) and
the prefix drawn before it (a bullet, a quote bar).  No widget here: the article view draws
a layout, and a worker may build one off the event loop (the app's load worker).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from rich.cells import cell_len

from positions.model import Block, BlockKind, Document
from tui.wrap import wrap_into, wrap_range

__all__ = [
    "K_BLANK",
    "K_HEADING",
    "K_IMAGE",
    "K_LIST",
    "K_META",
    "K_NOTE",
    "K_PARAGRAPH",
    "K_QUOTE",
    "K_RULE",
    "K_TITLE",
    "ArticleLayout",
    "build_layout",
    "layout_for",
    "wraps_alike",
]

#: Line kinds (an int per line keeps a layout of 100k lines small).
K_TITLE, K_META, K_RULE, K_BLANK, K_NOTE = 0, 1, 2, 3, 4
K_PARAGRAPH, K_HEADING, K_LIST, K_QUOTE, K_IMAGE = 10, 11, 12, 13, 14

_KIND_OF_BLOCK = {
    BlockKind.PARAGRAPH: K_PARAGRAPH,
    BlockKind.HEADING: K_HEADING,
    BlockKind.LIST_ITEM: K_LIST,
    BlockKind.BLOCKQUOTE: K_QUOTE,
    BlockKind.IMAGE: K_IMAGE,
}

@dataclass
class ArticleLayout:
    """The article wrapped to one width: parallel lists, one entry per screen line.

    Header lines (title, metadata, rule) come first and have offsets ``-1``; blank lines
    between blocks have the end offset of the block before them, so ``bisect`` over
    ``starts`` maps any text offset to the line that shows it.
    """

    width: int
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    kinds: list[int] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    """Text of the header lines (``starts[i] == -1`` for ``i < len(header)``)."""

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """Index of the line showing text ``offset``."""
        return max(len(self.header), bisect_right(self.starts, offset) - 1)


def _add_header(layout: ArticleLayout, text: str, kind: int, width: int) -> None:
    """Wrap a header string (not part of the article text) into header lines."""
    for start, end in wrap_range(text, 0, len(text), width):
        layout.header.append(text[start:end])
        layout.starts.append(-1)
        layout.ends.append(-1)
        layout.kinds.append(kind)
        layout.prefixes.append("")


def wraps_alike(old: Document, new: Document) -> bool:
    """Whether ``new`` is wrapped exactly as ``old`` at any width: the same header (headline,
    byline, address), article text and blocks, both linked or neither.  A reload after an
    edit of the positions file alone (the usual one) keeps the article's layout."""
    return (
        old.linked == new.linked
        and (old.headline, old.byline, old.title, old.meta.url)
        == (new.headline, new.byline, new.title, new.meta.url)
        and old.article.text == new.article.text
        and old.article.blocks == new.article.blocks
    )


def build_layout(document: Document, width: int) -> ArticleLayout:
    """Wrap the whole article (title, metadata, every block) to ``width`` cells."""
    width = max(4, width)
    layout = ArticleLayout(width)
    meta = document.meta
    if document.headline:
        _add_header(layout, document.headline, K_TITLE, width)
    # Without a headline, nothing is drawn as one: author, source and date, then the
    # article's own first words, in the byline's plain style.
    byline = document.byline if document.headline else document.title
    if byline:
        _add_header(layout, byline, K_META, width)
    if meta.url:
        _add_header(layout, meta.url, K_META, width)
    _add_header(layout, "─" * width, K_RULE, width)

    text = document.article.text
    starts, ends, kinds, prefixes = layout.starts, layout.ends, layout.kinds, layout.prefixes
    blocks = document.article.blocks or ()
    if not blocks and text:
        blocks = (Block(BlockKind.PARAGRAPH, 0, len(text)),)
    previous_end = 0
    for block in blocks:
        # One blank line before every block (after the header rule too).
        starts.append(previous_end)
        ends.append(previous_end)
        kinds.append(K_BLANK)
        prefixes.append("")
        kind = _KIND_OF_BLOCK.get(block.kind, K_PARAGRAPH)
        if kind == K_LIST:
            indent = "  " * max(0, block.level - 1)
            first, rest = indent + "• ", indent + "  "
        elif kind == K_QUOTE:
            first = rest = "▌ " * max(1, block.level)
        elif kind == K_IMAGE:
            first, rest = "[image] ", "        "
        else:
            first = rest = ""
        inner = max(1, width - cell_len(first))
        count = wrap_into(text, block.start, block.end, inner, starts, ends)  # never 0
        kinds.extend([kind] * count)
        prefixes.append(first)
        prefixes.extend([rest] * (count - 1))
        previous_end = block.end
    if not document.linked:
        # A preview: a line at the end says why the article stops there
        # (ArticleView.preview_note).
        end = len(text)
        for kind in (K_BLANK, K_NOTE):
            starts.append(end)
            ends.append(end)
            kinds.append(kind)
            prefixes.append("")
    return layout


def layout_for(
    document: Document, width: int, shown: tuple[Document, ArticleLayout | None] | None
) -> ArticleLayout:
    """``document`` wrapped to ``width``: the layout of the version ``shown`` now (the
    version and its layout) when it is for that width and wraps alike, else wrapped anew
    (half a second of a thread's time on a 3.6 MB article, which the keys then share the
    interpreter with)."""
    if shown is not None:
        before, layout = shown
        if layout is not None and layout.width == max(4, width) and wraps_alike(before, document):
            return layout
    return build_layout(document, width)
