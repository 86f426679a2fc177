"""The article pane: the article with quotes marked, and the keys and clicks that link them.

Drawing is :class:`tui.widgets.article_lines.ArticleLines`' job (wrapping in
:mod:`tui.article_layout`, searching in :mod:`tui.article_search`, a line's gutter and
styles in :mod:`tui.article_paint`); this view adds the keys (scrolling, ``n``/``N``
through quotes or search matches, ``escape``), clicks on quotes and the messages the app
answers.

Every anchored quote is underlined in its party's colour and its party number is shown in
the gutter (a cue that survives ``NO_COLOR``); the selected quote is shown in reverse video
with a bar in the gutter.  Search matches are highlighted and stepped with ``n``/``N``.

While a large file is being linked the view shows a preview Document (``linked`` false):
the top of the article, no quote marked, and a last line saying the rest is coming;
:meth:`ArticleView.set_document` then swaps in the whole article in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.message import Message

from positions.index import DocumentIndex, QuoteRef
from positions.model import Document, Span
from tui.article_layout import K_NOTE, ArticleLayout, build_layout
from tui.article_paint import GUTTER
from tui.article_search import _CASE_FOLDS, fold_case
from tui.log import say
from tui.widgets.article_lines import BACKGROUND_WRAP_CHARS, PREVIEW_NOTE
from tui.widgets.article_select import PassageKeys

# Also re-exported: these lived here before the layout, search and drawing got modules.
__all__ = [
    "BACKGROUND_WRAP_CHARS",
    "GUTTER",
    "K_NOTE",
    "PREVIEW_NOTE",
    "_CASE_FOLDS",
    "ArticleLayout",
    "ArticleView",
    "build_layout",
    "fold_case",
]


class ArticleView(PassageKeys, can_focus=True):
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
        & > .article-view--passage { text-style: reverse; }
        & > .article-view--match-current {
            background: $warning; color: $background; text-style: bold reverse;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", "Scroll up", show=False),
        Binding("down,j", "scroll_down", "Scroll down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("home,g", "scroll_home", "Top", show=False),
        Binding("end,G", "scroll_end", "Bottom", show=False),
        Binding(
            "n", "step(1)", "Next", show=False, tooltip="Next search match, else next quote"
        ),
        Binding("N", "step(-1)", "Previous", show=False),
        Binding("enter", "enter", "Next match", show=False),
        Binding("escape", "clear_search", "Cancel the selection, else clear the search",
                show=False),
    ]

    class QuoteSelected(Message):
        """The user landed on a quote in the article (``n``/``N`` or a click)."""

        def __init__(self, ref: QuoteRef, wrapped: Literal["first", "last"] | None = None) -> None:
            self.ref = ref
            """The quote landed on."""
            self.wrapped = wrapped
            """``n`` past the last quote went round to the ``"first"``, ``N`` past the
            first to the ``"last"`` (else ``None``)."""
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
        for the current width.  The highlight is cleared (the app sets it again; a version
        drawn alike keeps it, and everything drawn: same text, wrap and quote marks); a search
        is run again on the new text, its current match the first from ``top`` on, without
        scrolling (:class:`SearchMoved` is posted).
        """
        super().set_document(document, index, top, layout)
        if self._search.term:
            self.post_message(self.SearchMoved(self))

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
        return self._search.term

    @property
    def match_count(self) -> int:
        """Number of matches of the current search term."""
        return len(self._search)

    @property
    def matches(self) -> list[tuple[int, int]]:
        """``(start, end)`` text offsets of every match of the search term, in order."""
        return self._search.matches

    @property
    def match_index(self) -> int:
        """0-based index of the current match (-1 when there is none)."""
        return self._search.index

    # -------------------------------------------------------------- highlight

    def highlight(
        self, spans: Sequence[Span], ref: QuoteRef | None = None, *, scroll: bool = True
    ) -> None:
        """Highlight ``spans`` (every fragment of an elided quote) and scroll to them
        (unless ``scroll`` is false).  The same spans highlighted again draw nothing anew."""
        spans = tuple(spans)
        same, self._highlight, self._highlight_ref = spans == self._highlight, spans, ref
        if not same:
            self._invalidate()
        if spans and scroll:
            self.scroll_to_offset(spans[0].start, spans[-1].end)

    def show_quote(self, ref: QuoteRef, *, scroll: bool = True) -> None:
        """Highlight a quote's spans and scroll the article to them (unless ``scroll``)."""
        self.highlight(ref.quote.spans, ref, scroll=scroll)

    def clear_highlight(self) -> None:
        """Remove the quote highlight."""
        self.highlight(())

    # ----------------------------------------------------------------- search

    def prepare_search(self) -> None:
        """Fold the article for searching in a thread (the search prompt is open: the term
        is being typed), so that ``enter`` finds its matches at once."""
        self.run_worker(self._search.prepare, name="fold for search", thread=True,
                        group="fold", exclusive=True)  # fmt: skip

    def search(self, term: str) -> int:
        """Highlight every match of ``term`` (case-insensitive); return how many.

        Runs of whitespace in ``term`` match any run of whitespace.  The first match at or
        after the top of the view becomes current and is scrolled into view.
        """
        search = self._search
        if search.find(term):
            self._go_to_match(search.first_from(self.visible_offsets()[0]))
        else:
            self._invalidate()
            self.post_message(self.SearchMoved(self))
        return len(search)

    def step_match(self, direction: int) -> None:
        """Make the next (``1``) or previous (``-1``) match current, wrapping around."""
        if self._search:
            self._go_to_match(self._search.stepped(direction))

    def clear_search(self) -> None:
        """Forget the search term and its matches."""
        if self._search.term:
            self.search("")

    def _go_to_match(self, index: int) -> None:
        self._search.index = index
        start, end = self._search.matches[index]
        self._invalidate()
        self.scroll_to_offset(start, end)
        self.post_message(self.SearchMoved(self))

    # ---------------------------------------------------------------- actions

    def action_step(self, direction: int) -> None:
        """``n``/``N``: next/previous search match when searching, else next quote."""
        if self._search.term and self._search:
            self.step_match(direction)
            return
        if not self.document.linked:
            self.post_message(self.NotLinked())
            return
        offset = self.visible_offsets()[0]
        ref, _wrapped = self.index.step_in_article(self._highlight_ref, offset, direction)
        if ref is None:
            say(self.app, "This article has no anchored quotes.", severity="warning", timeout=3)
            return
        # Remember it now: a second key press may come before the app answers.
        self._highlight_ref = ref
        wrapped: Literal["first", "last"] = "first" if direction > 0 else "last"
        self.post_message(self.QuoteSelected(ref, wrapped if _wrapped else None))

    # Keyboard scrolling jumps: Textual animates it by default, and a page or the whole
    # article took 0.6-1.4 s to settle (issue 11).  The mouse wheel keeps Textual's own.

    def action_scroll_up(self) -> None:
        """``up``/``k``: one line up."""
        self._scrolling().scroll_up(animate=False)

    def action_scroll_down(self) -> None:
        """``down``/``j``: one line down."""
        self._scrolling().scroll_down(animate=False)

    def action_page_up(self) -> None:
        """``pageup``: one page up."""
        self._scrolling().scroll_page_up(animate=False)

    def action_page_down(self) -> None:
        """``pagedown``/``space``: one page down."""
        self._scrolling().scroll_page_down(animate=False)

    def action_scroll_home(self) -> None:
        """``home``/``g``: the top of the article."""
        self._scrolling().scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        """``end``/``G``: the end of the article."""
        self._scrolling().scroll_end(animate=False)

    def _scrolling(self) -> ArticleView:
        """``self``, when it can scroll; else the key goes on to the app's bindings."""
        if not self.allow_vertical_scroll:
            raise SkipAction()
        return self

    def action_enter(self) -> None:
        """``enter``: the next search match when searching."""
        if self._search:
            self.step_match(1)

    def action_clear_search(self) -> None:
        """``escape``: cancel the selected passage, else clear the search."""
        if not self.cancel_passage():
            self.clear_search()

    def on_click(self, event: events.Click) -> None:
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

