"""The article drawn: a Line API view of the article wrapped, quotes marked, place kept.

:class:`ArticleLines` draws a Document's article wrapped to its width
(:mod:`tui.article_layout`), each anchored quote underlined in its party's colour with the
party number in the gutter (:mod:`tui.article_paint`), the highlighted quote in reverse
video and search matches (:mod:`tui.article_search`) shaded.  Layouts are cached per width,
so resizing back and forth does not re-wrap, the reading position is kept across resizes,
and only visible lines are ever turned into strips.  Keys, clicks and messages are the
article view's (:class:`tui.widgets.article_view.ArticleView`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker, WorkerState

from positions.index import DocumentIndex, QuoteRef
from positions.model import Document, Span
from tui.article_layout import (
    K_BLANK,
    K_HEADING,
    K_IMAGE,
    K_LIST,
    K_META,
    K_NOTE,
    K_PARAGRAPH,
    K_QUOTE,
    K_RULE,
    K_TITLE,
    ArticleLayout,
    build_layout,
)
from tui.article_paint import GUTTER, QuoteMarks, gutter, party_numbers, text_segments
from tui.article_search import ArticleSearch
from tui.lru import Lru
from tui.passage import Passage
from tui.workarounds import drawing_without_offsets, is_drawing
from tui.wrap import is_simple

__all__ = ["BACKGROUND_WRAP_CHARS", "PREVIEW_NOTE", "ArticleLines"]

#: Articles at least this long (characters) are re-wrapped in a worker when the width
#: changes (a few tens of milliseconds per megabyte), so resizing never stalls.
BACKGROUND_WRAP_CHARS = 256 * 1024

#: The last line of a preview, by default.
PREVIEW_NOTE = "⋯ linking quotes: the rest of the article follows in a moment ⋯"

#: The component class that styles each kind of line.
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

#: Widths whose layout is kept (resizing back and forth does not re-wrap).
_LAYOUTS_KEPT = 6
#: Screen lines kept drawn.
_STRIPS_KEPT = 4096

#: The component classes the lines are drawn with (in a fixed order).
_LINE_COMPONENTS = (
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
    "article-view--passage",
)


class ArticleLines(ScrollView):
    """The article wrapped to the view's width, quotes marked, the highlight and search
    matches shown; the passage at the top stays there across resizes.

    Its component classes are styled by the article view's ``DEFAULT_CSS``.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = set(_LINE_COMPONENTS)
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
    | `article-view--passage` | The passage selected (``v`` or a mouse drag). |
    """

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
        self._layouts: Lru[int, ArticleLayout] = Lru(_LAYOUTS_KEPT)
        self._layout: ArticleLayout | None = None
        self._strips: Lru[int, Strip] = Lru(_STRIPS_KEPT)
        self._party_styles: list[Style] = []
        self._party_numbers = party_numbers(len(document.parties))
        self._number_styles: list[Style] = []
        self._marks = QuoteMarks(index)
        self._highlight: tuple[Span, ...] = ()
        self._highlight_ref: QuoteRef | None = None
        self._pending_offset: int | None = None
        self._preview_note = PREVIEW_NOTE
        self._wrapping: tuple[Document, int] | None = None  # a background wrap under way
        self._search = ArticleSearch(self._text)
        self.passage = Passage(self._text, document.article)
        """The passage selected in the article (``v`` or a mouse drag): one selection."""

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
        for the current width.  The highlight is cleared (the passage selected too, unless
        the article's text is the same); a search is run again on the new text, its current
        match the first from ``top`` on, without scrolling.
        """
        marks, parties = QuoteMarks(index), len(document.parties)
        if layout is not None and layout is self._layout and marks == self._marks and (
            document.article.text == self._text and parties == len(self.document.parties)
        ):  # Drawn alike (a reload that changed nothing shown here): all kept, highlight too.
            self.document, self.index, self._marks = document, index, marks
            return
        kept = self.passage.span if document.article.text == self._text else None
        self.document = document
        self.index = index
        self._text = document.article.text
        self._party_numbers = party_numbers(len(document.parties))
        self._marks = marks
        self._highlight = ()
        self._highlight_ref = None
        self.passage = Passage(self._text, document.article)
        self.passage.set(kept)  # the same article: the passage selected stays
        self._pending_offset = None
        self._layouts.clear()
        if layout is not None:
            self._layouts[layout.width] = layout
        self._layout = None
        self._strips.clear()
        search = self._search
        search.set_text(self._text)
        if search.term:
            search.index = search.first_from(top or 0)
        self._relayout(top=top if top is not None else 0)

    @property
    def text_layout(self) -> ArticleLayout | None:
        """The layout for the current width (``None`` before the first resize)."""
        return self._layout

    def set_party_colors(self, colors: Sequence[Color]) -> None:
        """Set the colour of each party's quote marks (in party order) and redraw."""
        party_styles = [Style(color=c.rich_color, underline=True) for c in colors]
        if party_styles == self._party_styles:
            return  # (the colours drawn already)
        self._party_styles = party_styles
        self._number_styles = [Style(color=c.rich_color, bold=True) for c in colors]
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

    _restyled = False  # restyled since the lines were last drawn
    _drawn_with: tuple[Style, ...] = ()  # the styles the kept lines were drawn with

    def notify_style_update(self) -> None:
        """Restyled (a theme; or only the focus, for the border): the next frame checks
        whether the lines' own styles changed."""
        super().notify_style_update()
        self._restyled = True

    def _check_line_styles(self) -> None:
        """Drop the rendered lines if the styles they are drawn with changed.  A focus
        change restyles the view for its border only: its lines (a third of the frame
        that shows ``tab`` or ``a``) are kept."""
        if not self._restyled:
            return
        self._restyled = False
        styles = (self.rich_style, *(self._component(name) for name in _LINE_COMPONENTS))
        if styles != self._drawn_with:
            self._drawn_with = styles
            self._strips.clear()

    def _invalidate(self) -> None:
        self._strips.clear()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        """Re-wrap for the new width (cached per width), keeping the reading position; at
        the same width (only the height changed) keep the highlighted quote in view."""
        layout = self._layout
        if layout is not None and layout.width == self.scrollable_content_region.width - GUTTER:
            if self._highlight and not self.is_offset_visible(self._highlight[0].start):
                self.scroll_to_offset(self._highlight[0].start, self._highlight[-1].end)
            return
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

        def wrap() -> ArticleLayout:
            # A closure, not a partial: Textual takes the work's repr, and a Document's is
            # the whole article and every quote (a second on a 3.6 MB article).
            return build_layout(document, width)

        self.run_worker(
            wrap,
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
        self._layouts[width] = layout
        self._relayout()

    def render_lines(self, crop: Region) -> list[Strip]:
        """Lay out first if the width changed: a frame at a new size is drawn before any
        widget hears of it (the first frame too), and it should not show the old wrap.
        (A long article, wrapped in the background, waits for the resize: starting that
        here would slow the frame that shows the new size.)"""
        if self._layout is None or len(self._text) < BACKGROUND_WRAP_CHARS:
            self._relayout()  # returns at once when the width is the one laid out
        self._check_line_styles()
        # Worked out once for the frame's lines, not for each: Textual works the view's
        # style out from every ancestor's, and finds its region in the compositor, on
        # each call (two thirds of the time the article took to draw a page).
        self._frame = (self.scrollable_content_region.width, self.rich_style)
        try:
            with drawing_without_offsets(self):
                return super().render_lines(crop)
        finally:
            self._frame = None

    _frame: tuple[int, Style] | None = None
    """While a frame is drawn: the content's width and the view's style."""

    def render_line(self, y: int) -> Strip:
        """One screen line (Line API)."""
        frame = self._frame
        width, base = frame or (self.scrollable_content_region.width, self.rich_style)
        index = int(self.scroll_offset.y) + y
        layout = self._layout
        if layout is None or not 0 <= index < len(layout):
            return Strip.blank(width, base)
        self._check_line_styles()
        strip = self._strips.get(index)
        if strip is None:
            strip = self._render_index(layout, index, width, base)
            self._strips[index] = strip
        if is_drawing(self):
            return strip
        # Asked outside a frame (Textual finding the text under the mouse): offsets (the
        # character's column in the line, the line) let its text selection tell where a
        # drag is (see :mod:`tui.widgets.article_select`).
        return strip.apply_offsets(0, index)

    def _component(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True) if name else Style()

    def _render_index(self, layout: ArticleLayout, index: int, width: int, base: Style) -> Strip:
        kind = layout.kinds[index]
        kind_style = base + self._component(_COMPONENT_OF_KIND.get(kind, ""))
        start = layout.starts[index]
        if start < 0 or kind == K_NOTE:
            text = layout.header[index] if start < 0 else self._preview_note
            segments = [Segment(" " * GUTTER, base), Segment(text, kind_style)]
            return Strip(segments).adjust_cell_length(width, base)
        end = layout.ends[index]
        ranges: list[tuple[int, int, Style]] = []
        marks = self._marks.between(start, end)
        # Reversed: where quotes overlap, the first party's colour wins (its number is shown).
        for mark in reversed(marks):
            if mark.party_index < len(self._party_styles):
                ranges.append((mark.start, mark.end, self._party_styles[mark.party_index]))
            else:
                ranges.append((mark.start, mark.end, Style(underline=True)))
        search = self._search
        if search:
            match_style = self._component("article-view--match")
            current_style = self._component("article-view--match-current")
            for number in search.between(start, end):
                s, e = search.matches[number]
                ranges.append((s, e, current_style if number == search.index else match_style))
        passage = self.passage.span
        if passage is not None and passage.start < end and passage.end > start:
            ranges.append(
                (passage.start, passage.end, self._component("article-view--passage"))
            )
        highlighted = False
        if self._highlight:
            highlight_style = self._component("article-view--highlight")
            for span in self._highlight:
                if (span.start < end and span.end > start) or span.start == start == end:
                    ranges.append((span.start, span.end, highlight_style))
                    highlighted = True
        bar_style = base + self._component("article-view--highlight-bar")
        segments = gutter(
            marks,
            self._party_numbers,
            self._number_styles,
            highlighted=highlighted,
            base=base,
            bar_style=bar_style,
        )
        prefix = layout.prefixes[index]
        if prefix:
            segments.append(Segment(prefix, kind_style))
        segments.extend(text_segments(self._text, start, end, kind_style, ranges))
        return Strip(segments).adjust_cell_length(width, base)

