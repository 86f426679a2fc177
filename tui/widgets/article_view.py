"""The article pane: a Line API view of the article with quotes marked and linkable.

The article is wrapped block by block to the pane width (:func:`tui.wrap.wrap_range`);
for each wrapped line the view keeps its ``(start, end)`` offsets in ``Article.text`` so a
quote span maps to lines with ``bisect``.  Layouts are cached per width, so resizing back
and forth does not re-wrap, and only visible lines are ever turned into strips.

Every anchored quote is underlined in its party's colour and its party number is shown in
the gutter (a cue that survives ``NO_COLOR``); the selected quote is shown in reverse video
with a bar in the gutter.  Search matches are highlighted and stepped with ``n``/``N``.

While a large file is being linked the view shows a preview Document (``linked`` false):
the top of the article, no quote marked, and a last line saying the rest is coming;
:meth:`ArticleView.set_document` then swaps in the whole article in place.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import pairwise
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker, WorkerState

from positions.index import DocumentIndex, QuoteRef
from positions.model import Block, BlockKind, Document, Span
from tui.wrap import is_simple, wrap_range

__all__ = ["GUTTER", "PREVIEW_NOTE", "ArticleLayout", "ArticleView", "build_layout"]

#: Cells left of the text: two for party numbers, one for the selection bar, one space.
GUTTER = 4

#: Articles at least this long (characters) are re-wrapped in a worker when the width
#: changes (a few tens of milliseconds per megabyte), so resizing never stalls.
BACKGROUND_WRAP_CHARS = 256 * 1024

# Lower-case characters that ``re.I`` also matches with another lower-case character: the
# final sigma, the long s, the dotless i, Greek symbol variants, old Cyrillic forms...
# (every character whose lower case, upper-cased and lowered again, is another single
# character; tests/test_tui_article.py checks the list).  Folding them too makes a
# lower-cased search match what ``re.I`` would.
_CASE_FOLDS = {
    "\u00b5": "\u03bc", "\u0131": "i", "\u017f": "s", "\u0345": "\u03b9", "\u03c2": "\u03c3",
    "\u03d0": "\u03b2", "\u03d1": "\u03b8", "\u03d5": "\u03c6", "\u03d6": "\u03c0",
    "\u03f0": "\u03ba", "\u03f1": "\u03c1", "\u03f5": "\u03b5", "\u1c80": "\u0432",
    "\u1c81": "\u0434", "\u1c82": "\u043e", "\u1c83": "\u0441", "\u1c84": "\u0442",
    "\u1c85": "\u0442", "\u1c86": "\u044a", "\u1c87": "\u0463", "\u1c88": "\ua64b",
    "\u1e9b": "\u1e61", "\u1fbe": "\u03b9",
}  # fmt: skip
_CASE_FOLDABLE = re.compile("[" + "".join(_CASE_FOLDS) + "]")


def fold_case(text: str) -> str | None:
    """``text`` lower-cased as ``re.I`` compares it, or ``None`` when that changes its
    length (``İ`` lowers to two characters), so offsets would not hold."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return None
    for char in set(_CASE_FOLDABLE.findall(lowered)):
        lowered = lowered.replace(char, _CASE_FOLDS[char])
    return lowered


#: The last line of a preview, by default.
PREVIEW_NOTE = "⋯ linking quotes: the rest of the article follows in a moment ⋯"

# Line kinds (an int per line keeps a layout of 100k lines small).
K_TITLE, K_META, K_RULE, K_BLANK, K_NOTE = 0, 1, 2, 3, 4
K_PARAGRAPH, K_HEADING, K_LIST, K_QUOTE, K_IMAGE = 10, 11, 12, 13, 14

_KIND_OF_BLOCK = {
    BlockKind.PARAGRAPH: K_PARAGRAPH,
    BlockKind.HEADING: K_HEADING,
    BlockKind.LIST_ITEM: K_LIST,
    BlockKind.BLOCKQUOTE: K_QUOTE,
    BlockKind.IMAGE: K_IMAGE,
}

_COMPONENT_OF_KIND = {
    K_TITLE: "article-view--title",
    K_META: "article-view--meta",
    K_RULE: "article-view--rule",
    K_BLANK: "",
    K_NOTE: "article-view--meta",
    K_PARAGRAPH: "",
    K_HEADING: "article-view--heading",
    K_LIST: "",
    K_QUOTE: "article-view--blockquote",
    K_IMAGE: "article-view--image",
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


def build_layout(document: Document, width: int) -> ArticleLayout:
    """Wrap the whole article (title, metadata, every block) to ``width`` cells."""
    width = max(4, width)
    layout = ArticleLayout(width)
    meta = document.meta
    _add_header(layout, document.title, K_TITLE, width)
    byline = " · ".join(part for part in (meta.author, meta.source, meta.date) if part)
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
        lines = wrap_range(text, block.start, block.end, inner)  # never empty
        line_starts, line_ends = zip(*lines, strict=True)
        starts.extend(line_starts)
        ends.extend(line_ends)
        kinds.extend([kind] * len(lines))
        prefixes.append(first)
        prefixes.extend([rest] * (len(lines) - 1))
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


@dataclass(frozen=True)
class _Mark:
    """A quote span to draw: text range and the party (index) it belongs to."""

    start: int
    end: int
    party_index: int


class ArticleView(ScrollView, can_focus=True):
    """The article, wrapped, with every anchored quote marked in its party's colour."""

    DEFAULT_CSS = """
    ArticleView {
        scrollbar-gutter: stable;
        overflow-x: hidden;
        overflow-y: auto;
        & > .article-view--title { text-style: bold; color: $foreground; }
        & > .article-view--meta { color: $foreground-muted; }
        & > .article-view--rule { color: $panel-lighten-2; }
        & > .article-view--heading { text-style: bold; color: $text-accent; }
        & > .article-view--blockquote { text-style: italic; }
        & > .article-view--image { color: $foreground-muted; text-style: italic; }
        & > .article-view--highlight { text-style: bold reverse; }
        & > .article-view--highlight-bar { color: $accent; text-style: bold; }
        & > .article-view--match { background: $warning 35%; text-style: bold; }
        & > .article-view--match-current {
            background: $warning; color: $background; text-style: bold reverse;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--title",
        "article-view--meta",
        "article-view--rule",
        "article-view--heading",
        "article-view--blockquote",
        "article-view--image",
        "article-view--highlight",
        "article-view--highlight-bar",
        "article-view--match",
        "article-view--match-current",
    }
    """
    | Class | Description |
    | :- | :- |
    | `article-view--title` | The article title. |
    | `article-view--meta` | Author, source, date and URL. |
    | `article-view--rule` | The rule under the header. |
    | `article-view--heading` | Headings in the article. |
    | `article-view--blockquote` | Block quotes. |
    | `article-view--image` | `[image] alt text` lines. |
    | `article-view--highlight` | The spans of the selected quote. |
    | `article-view--highlight-bar` | The gutter bar beside the selected quote. |
    | `article-view--match` | Search matches. |
    | `article-view--match-current` | The current search match. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", "Scroll up", show=False),
        Binding("down,j", "scroll_down", "Scroll down", show=False),
        Binding("pageup,b", "page_up", "Page up", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("home,g", "scroll_home", "Top", show=False),
        Binding("end,G", "scroll_end", "Bottom", show=False),
        Binding(
            "n", "step(1)", "Next", show=False, tooltip="Next search match, else next quote"
        ),
        Binding("N", "step(-1)", "Previous", show=False),
        Binding("enter", "enter", "Next match", show=False),
        Binding("escape", "clear_search", "Clear search", show=False),
    ]

    class QuoteSelected(Message):
        """The user landed on a quote in the article (``n``/``N`` or a click)."""

        def __init__(self, ref: QuoteRef) -> None:
            self.ref = ref
            """The quote landed on."""
            super().__init__()

    class SearchMoved(Message):
        """The current search match changed (or the search was cleared)."""

        def __init__(self, view: ArticleView) -> None:
            self.view = view
            """The article view whose search moved."""
            super().__init__()

        @property
        def control(self) -> ArticleView:
            """The article view whose search moved."""
            return self.view

    class NotLinked(Message):
        """``n``/``N`` asked for a quote while the quotes are still being linked."""

    def __init__(
        self,
        document: Document,
        index: DocumentIndex,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.document = document
        self.index = index
        self._text = document.article.text
        self._lowered: str | None = None  # the text in lower case, made by the first search
        self._layouts: dict[int, ArticleLayout] = {}
        self._layout: ArticleLayout | None = None
        self._strips: dict[int, Strip] = {}
        self._party_styles: list[Style] = []
        self._party_numbers: list[str] = []
        self._marks: list[_Mark] = []
        self._mark_starts: list[int] = []
        self._longest_mark = 0
        self._set_marks()
        self._highlight: tuple[Span, ...] = ()
        self._highlight_ref: QuoteRef | None = None
        self._pending_offset: int | None = None
        self._preview_note = PREVIEW_NOTE
        self._wrapping: tuple[Document, int] | None = None  # a background wrap under way
        self._term = ""
        self._matches: list[tuple[int, int]] = []
        self._match_starts: list[int] = []
        self._longest_match = 0
        self._match_index = -1

    def _set_marks(self) -> None:
        """Party numbers and quote marks for the current document and index."""
        self._party_numbers = [f"{n + 1:>2}"[-2:] for n in range(len(self.document.parties))]
        marks = [
            _Mark(span.start, span.end, ref.party_index)
            for ref in self.index.in_article_order
            for span in ref.quote.spans
        ]
        marks.sort(key=lambda m: (m.start, m.end))
        self._marks = marks
        self._mark_starts = [m.start for m in marks]
        self._longest_mark = max((m.end - m.start for m in marks), default=0)

    @property
    def preview_note(self) -> str:
        """The line shown at the end of a preview (why the article stops there)."""
        return self._preview_note

    @preview_note.setter
    def preview_note(self, note: str) -> None:
        self._preview_note = note
        self._invalidate()

    @property
    def text_width(self) -> int:
        """The width (cells) the article text is wrapped to now (0 before the first layout)."""
        return max(0, self.scrollable_content_region.width - GUTTER)

    def set_document(
        self,
        document: Document,
        index: DocumentIndex,
        top: int | None,
        layout: ArticleLayout | None = None,
    ) -> None:
        """Show another version of the document in place (linking done, or a reload).

        ``top`` is the text offset to show on the first line (``None``: the top of the
        article).  ``layout``: the document already wrapped (by a worker), used if it is
        for the current width.  The highlight is cleared (the app sets it again); a search
        is run again on the new text, its current match the first from ``top`` on, without
        scrolling.
        """
        self.document = document
        self.index = index
        self._text = document.article.text
        self._lowered = None  # the text in lower case, made by the first search
        self._set_marks()
        self._highlight = ()
        self._highlight_ref = None
        self._pending_offset = None
        self._layouts.clear()
        if layout is not None:
            self._layouts[layout.width] = layout
        self._layout = None
        self._strips.clear()
        if self._term:
            self._find_matches(self._term)
            self._match_index = (
                bisect_left(self._match_starts, top or 0) % len(self._matches)
                if self._matches
                else -1
            )
            self.post_message(self.SearchMoved(self))
        self._relayout(top=top if top is not None else 0)

    # ------------------------------------------------------------------ state

    @property
    def highlighted_spans(self) -> tuple[Span, ...]:
        """The spans currently highlighted (the selected quote's)."""
        return self._highlight

    @property
    def highlighted_quote(self) -> QuoteRef | None:
        """The quote whose spans are highlighted, if any."""
        return self._highlight_ref

    @property
    def search_term(self) -> str:
        """The current search term ('' when not searching)."""
        return self._term

    @property
    def match_count(self) -> int:
        """Number of matches of the current search term."""
        return len(self._matches)

    @property
    def match_index(self) -> int:
        """0-based index of the current match (-1 when there is none)."""
        return self._match_index

    @property
    def text_layout(self) -> ArticleLayout | None:
        """The layout for the current width (``None`` before the first resize)."""
        return self._layout

    def set_party_colors(self, colors: Sequence[Color]) -> None:
        """Set the colour of each party's quote marks (in party order) and redraw."""
        self._party_styles = [Style(color=c.rich_color, underline=True) for c in colors]
        self._invalidate()

    def visible_offsets(self) -> tuple[int, int]:
        """Text offsets of the first and last character visible in the pane."""
        layout = self._layout
        if layout is None or not len(layout):
            return (0, 0)
        top = int(self.scroll_offset.y)
        bottom = min(len(layout) - 1, top + max(0, self.scrollable_content_region.height - 1))
        first = next((s for s in layout.starts[top : bottom + 1] if s >= 0), 0)
        return (first, max(first, layout.ends[bottom]))

    def is_offset_visible(self, offset: int) -> bool:
        """True when text ``offset`` is on a line shown in the pane."""
        layout = self._layout
        if layout is None:
            return False
        line = layout.line_of(offset)
        top = int(self.scroll_offset.y)
        return top <= line < top + self.scrollable_content_region.height

    # -------------------------------------------------------------- highlight

    def highlight(
        self, spans: Sequence[Span], ref: QuoteRef | None = None, *, scroll: bool = True
    ) -> None:
        """Highlight ``spans`` (every fragment of an elided quote) and scroll to them
        (unless ``scroll`` is false)."""
        self._highlight = tuple(spans)
        self._highlight_ref = ref
        self._invalidate()
        if spans and scroll:
            self.scroll_to_offset(spans[0].start, spans[-1].end)

    def show_quote(self, ref: QuoteRef, *, scroll: bool = True) -> None:
        """Highlight a quote's spans and scroll the article to them (unless ``scroll``)."""
        self.highlight(ref.quote.spans, ref, scroll=scroll)

    def clear_highlight(self) -> None:
        """Remove the quote highlight."""
        self.highlight(())

    def scroll_to_offset(self, start: int, end: int | None = None) -> None:
        """Scroll so text ``start`` (and ``end`` if it fits) is visible, a third down."""
        layout = self._layout
        if layout is None or not self.scrollable_content_region.height:
            self._pending_offset = start
            return
        self._pending_offset = None
        height = self.scrollable_content_region.height
        first = layout.line_of(start)
        last = layout.line_of(max(start, (end or start) - 1))
        top = int(self.scroll_offset.y)
        if top <= first and last < top + height:
            return
        margin = min(height // 3, max(0, height - (last - first + 1)))
        self.scroll_to(y=max(0, first - margin), animate=False)

    # ----------------------------------------------------------------- search

    def search(self, term: str) -> int:
        """Highlight every match of ``term`` (case-insensitive); return how many.

        Runs of whitespace in ``term`` match any run of whitespace.  The first match at or
        after the top of the view becomes current and is scrolled into view.
        """
        self._find_matches(term)
        self._match_index = -1
        if self._matches:
            top = self.visible_offsets()[0]
            index = bisect_left(self._match_starts, top)
            self._go_to_match(index % len(self._matches))
        else:
            self._invalidate()
            self.post_message(self.SearchMoved(self))
        return len(self._matches)

    def _find_matches(self, term: str) -> None:
        term = term.strip()
        self._term = term
        if not term:
            self._matches = []
        else:
            words = term.split()
            lowered = self._lowered_text()
            folded = [fold_case(word) for word in words]
            if lowered is not None and None not in folded:
                # Without re.I the regex engine can skip ahead to the term's first letters,
                # ten times faster on a large article; offsets hold (see fold_case).
                pattern = re.compile(r"\s+".join(re.escape(word or "") for word in folded))
                found = pattern.finditer(lowered)
            else:
                pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.I)
                found = pattern.finditer(self._text)
            self._matches = [m.span() for m in found if m.end() > m.start()]
        self._match_starts = [m[0] for m in self._matches]
        self._longest_match = max((e - s for s, e in self._matches), default=0)

    def _lowered_text(self) -> str | None:
        """The article case-folded (see :func:`fold_case`), made on the first search;
        ``None`` when folding would move offsets."""
        if self._lowered is None:
            self._lowered = fold_case(self._text) or ""
        return self._lowered if len(self._lowered) == len(self._text) else None

    def step_match(self, direction: int) -> None:
        """Make the next (``1``) or previous (``-1``) match current, wrapping around."""
        if self._matches:
            self._go_to_match((self._match_index + direction) % len(self._matches))

    def clear_search(self) -> None:
        """Forget the search term and its matches."""
        if self._term:
            self.search("")

    def _go_to_match(self, index: int) -> None:
        self._match_index = index
        start, end = self._matches[index]
        self._invalidate()
        self.scroll_to_offset(start, end)
        self.post_message(self.SearchMoved(self))

    # ---------------------------------------------------------------- actions

    def action_step(self, direction: int) -> None:
        """``n``/``N``: next/previous search match when searching, else next quote."""
        if self._term and self._matches:
            self.step_match(direction)
            return
        if not self.document.linked:
            self.post_message(self.NotLinked())
            return
        offset = self.visible_offsets()[0]
        ref, _wrapped = self.index.step_in_article(self._highlight_ref, offset, direction)
        if ref is None:
            self.notify("This article has no anchored quotes.", severity="warning", timeout=3)
            return
        if _wrapped:
            where = "first" if direction > 0 else "last"
            self.notify(f"Wrapped around to the {where} quote.", timeout=2)
        # Remember it now: a second key press may come before the app answers.
        self._highlight_ref = ref
        self.post_message(self.QuoteSelected(ref))

    def action_enter(self) -> None:
        """``enter``: the next search match when searching."""
        if self._matches:
            self.step_match(1)

    def action_clear_search(self) -> None:
        """``escape``: clear the search."""
        self.clear_search()

    async def _on_click(self, event: events.Click) -> None:
        """A click on a quoted span selects that quote."""
        content_offset = event.get_content_offset(self)
        if content_offset is None:
            return
        offset = self._offset_at(content_offset.x, content_offset.y)
        if offset is None:
            return
        ref = self.index.quote_at(offset)
        if ref is not None:
            self.post_message(self.QuoteSelected(ref))

    def _offset_at(self, x: int, y: int) -> int | None:
        """The text offset under widget-relative cell ``(x, y)``, if any."""
        layout = self._layout
        if layout is None:
            return None
        line = int(self.scroll_offset.y) + y
        if not 0 <= line < len(layout) or layout.starts[line] < 0:
            return None
        column = x - GUTTER - cell_len(layout.prefixes[line])
        start, end = layout.starts[line], layout.ends[line]
        if column < 0 or start == end:
            return None
        text = self._text[start:end]
        if is_simple(text):
            return start + column if column < len(text) else None
        cells = 0
        for index, char in enumerate(text):
            cells += cell_len(char)
            if cells > column:
                return start + index
        return None

    # ------------------------------------------------------------- rendering

    def notify_style_update(self) -> None:
        """Styles (theme) changed: drop rendered lines."""
        super().notify_style_update()
        self._strips.clear()

    def _invalidate(self) -> None:
        self._strips.clear()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        """Re-wrap for the new width (cached per width), keeping the reading position."""
        self._relayout()

    def on_mount(self) -> None:
        """Lay out once mounted (sizes may still be zero; resize will redo it)."""
        self._relayout()

    def _relayout(self, top: int | None = None) -> None:
        """Lay out for the current width; ``top``: the text offset to put on the first line
        (after :meth:`set_document`), else the reading position is kept."""
        width = self.scrollable_content_region.width - GUTTER
        if width <= 0:
            if top is not None:
                self._pending_offset = top
            return
        old = self._layout
        if old is not None and old.width == width:
            return
        if top is not None:
            fresh = self._layouts.get(width) or build_layout(self.document, width)
            self._layouts[width] = fresh
            self._layout = fresh
            self._strips.clear()
            self.virtual_size = Size(width + GUTTER, len(fresh))
            self.scroll_to(y=fresh.line_of(top) if top > 0 else 0, animate=False, immediate=True)
            self.refresh()
            return
        anchor = self._pending_offset
        keep_highlight = bool(self._highlight) and self.is_offset_visible(self._highlight[0].start)
        if anchor is None and old is not None:
            top = int(self.scroll_offset.y)
            if top < len(old) and old.starts[top] >= 0:
                anchor = old.starts[top]
            elif top > 0:
                anchor = self.visible_offsets()[0]
        layout = self._layouts.get(width)
        if layout is None and old is not None and len(self._text) >= BACKGROUND_WRAP_CHARS:
            # A long article: wrap it in a worker, showing the old layout (cut or padded to
            # the new width) meanwhile, rather than stalling the resize.
            self._strips.clear()
            self._wrap_in_background(width)
            self.refresh()
            return
        if layout is None:
            if len(self._layouts) >= 6:
                self._layouts.clear()
            layout = self._layouts[width] = build_layout(self.document, width)
        self._layout = layout
        self._strips.clear()
        self.virtual_size = Size(width + GUTTER, len(layout))
        if anchor is not None:
            if self._pending_offset is not None and self.scrollable_content_region.height:
                self._pending_offset = None
                highlight_end = self._highlight[-1].end if self._highlight else None
                self.scroll_to_offset(anchor, highlight_end)
            else:
                self.scroll_to(y=layout.line_of(anchor), animate=False)
        if keep_highlight and self.scrollable_content_region.height:
            # The selected quote was on screen: keep it there at the new width.
            self.scroll_to_offset(self._highlight[0].start, self._highlight[-1].end)
        self.refresh()

    def _wrap_in_background(self, width: int) -> None:
        if self._wrapping == (self.document, width):
            return
        self._wrapping = (self.document, width)
        document = self.document
        self.run_worker(
            partial(build_layout, document, width),
            name=f"wrap the article to {width}",
            group="wrap",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A background wrap is done: use it if it is still for this document and width."""
        worker = event.worker
        if worker.group != "wrap" or event.state is not WorkerState.SUCCESS:
            return
        layout = worker.result
        if not isinstance(layout, ArticleLayout) or self._wrapping is None:
            return
        document, width = self._wrapping
        if document is not self.document or layout.width != width:
            return
        self._wrapping = None
        if len(self._layouts) >= 6:
            self._layouts.clear()
        self._layouts[width] = layout
        self._relayout()

    def render_lines(self, crop: Region) -> list[Strip]:
        """Lay out first if the width changed: a frame at a new size is drawn before any
        widget hears of it (the first frame too), and it should not show the old wrap.
        (A long article, wrapped in the background, waits for the resize: starting that
        here would slow the frame that shows the new size.)"""
        if self._layout is None or len(self._text) < BACKGROUND_WRAP_CHARS:
            self._relayout()  # returns at once when the width is the one laid out
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """One screen line (Line API)."""
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        layout = self._layout
        if layout is None or not 0 <= index < len(layout):
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            if len(self._strips) > 4096:
                self._strips.clear()
            strip = self._strips[index] = self._render_index(layout, index, width)
        return strip

    def _component(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True) if name else Style()

    def _render_index(self, layout: ArticleLayout, index: int, width: int) -> Strip:
        base = self.rich_style
        kind = layout.kinds[index]
        kind_style = base + self._component(_COMPONENT_OF_KIND.get(kind, ""))
        start = layout.starts[index]
        if start < 0 or kind == K_NOTE:
            text = layout.header[index] if start < 0 else self._preview_note
            segments = [Segment(" " * GUTTER, base), Segment(text, kind_style)]
            return Strip(segments).adjust_cell_length(width, base)
        end = layout.ends[index]
        ranges: list[tuple[int, int, Style]] = []
        marks = self._marks_between(start, end)
        # Reversed: where quotes overlap, the first party's colour wins (its number is shown).
        for mark in reversed(marks):
            if mark.party_index < len(self._party_styles):
                ranges.append((mark.start, mark.end, self._party_styles[mark.party_index]))
            else:
                ranges.append((mark.start, mark.end, Style(underline=True)))
        if self._matches:
            match_style = self._component("article-view--match")
            current_style = self._component("article-view--match-current")
            for number in self._matches_between(start, end):
                s, e = self._matches[number]
                ranges.append((s, e, current_style if number == self._match_index else match_style))
        highlighted = False
        if self._highlight:
            highlight_style = self._component("article-view--highlight")
            for span in self._highlight:
                if (span.start < end and span.end > start) or span.start == start == end:
                    ranges.append((span.start, span.end, highlight_style))
                    highlighted = True
        segments = self._gutter(marks, highlighted, base)
        prefix = layout.prefixes[index]
        if prefix:
            segments.append(Segment(prefix, kind_style))
        segments.extend(self._text_segments(start, end, kind_style, ranges))
        return Strip(segments).adjust_cell_length(width, base)

    def _gutter(self, marks: list[_Mark], highlighted: bool, base: Style) -> list[Segment]:
        parties: list[int] = []
        for mark in marks:
            if mark.party_index not in parties:
                parties.append(mark.party_index)
        segments: list[Segment] = []
        if not parties:
            segments.append(Segment("  ", base))
        elif len(parties) == 1:
            number = self._party_numbers[parties[0]]
            segments.append(Segment(number, base + self._number_style(parties[0])))
        else:
            # Several parties quote this line: the first one's number and a "+".
            number = self._party_numbers[parties[0]].strip()
            segments.append(Segment(f"{number}+"[-2:], base + self._number_style(parties[0])))
        bar_style = base + self._component("article-view--highlight-bar")
        segments.append(Segment("▐" if highlighted else " ", bar_style))
        segments.append(Segment(" ", base))
        return segments

    def _number_style(self, party_index: int) -> Style:
        if party_index < len(self._party_styles):
            return Style(color=self._party_styles[party_index].color, bold=True)
        return Style(bold=True)

    def _marks_between(self, start: int, end: int) -> list[_Mark]:
        """Quote spans overlapping ``[start, end)`` (or touching an empty line's offset)."""
        if not self._marks:
            return []
        lo = bisect_left(self._mark_starts, start - self._longest_mark)
        hi = bisect_left(self._mark_starts, max(end, start + 1))
        return [m for m in self._marks[lo:hi] if m.end > start and m.start < max(end, start + 1)]

    def _matches_between(self, start: int, end: int) -> list[int]:
        lo = bisect_left(self._match_starts, start - self._longest_match)
        hi = bisect_left(self._match_starts, end)
        return [i for i in range(lo, hi) if self._matches[i][1] > start]

    def _text_segments(
        self, start: int, end: int, style: Style, ranges: list[tuple[int, int, Style]]
    ) -> list[Segment]:
        text = self._text
        if not ranges:
            return [Segment(text[start:end], style)] if end > start else []
        cuts = {start, end}
        for s, e, _ in ranges:
            if start < s < end:
                cuts.add(s)
            if start < e < end:
                cuts.add(e)
        ordered = sorted(cuts)
        segments = []
        for a, b in pairwise(ordered):
            piece_style = style
            for s, e, extra in ranges:
                if s <= a and e >= b:
                    piece_style = piece_style + extra
            segments.append(Segment(text[a:b], piece_style))
        return segments
