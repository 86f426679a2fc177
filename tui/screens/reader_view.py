"""What the reader screen shows: the article beside one pane per party, and the selection.

:class:`ReaderView` holds the :class:`~tui.selection.Selection` (each party's cursor, the
current party, sync, the highlighted quote) and shows it; widgets post messages up and
render what it tells them.  The document comes from the app's session: the view shows the
version it is given (:meth:`ReaderView.show_document`, keeping the place) and the errors
of a load that failed (:meth:`~ReaderView.show_errors`); its keys are ``ReaderScreen``'s.

Layout (``HORIZONTAL_BREAKPOINTS``): wide terminals show the article and every party pane
side by side; when the panes would be narrower than ~22 columns the screen switches to
``-narrow``: the article beside *one* party pane with a row of party tabs above it
(``1``..``9``, ``tab`` or a click switch parties).  Below 60 columns (``-tiny``) the
article is stacked above the party pane.  Only CSS classes change on resize.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.color import Color
from textual.content import Content
from textual.events import DescendantFocus
from textual.theme import Theme
from textual.widget import Widget

from positions.diagnostics import Diagnostic, Severity
from positions.index import DocumentIndex, QuoteRef
from positions.model import Document
from tui.colors import adapt, resolve
from tui.heap import keep_alive_now
from tui.log import note, say
from tui.place import follow_text
from tui.screens import FollowsDocument
from tui.selection import Selection
from tui.widgets.article_view import ArticleLayout, ArticleView
from tui.widgets.boxes import Column, Row
from tui.widgets.footer import ReaderFooter
from tui.widgets.pane_scroll import measure_hidden
from tui.widgets.pane_update import update_panes
from tui.widgets.party_pane import PartyPane, QuoteList
from tui.widgets.party_tabs import PartyTabs
from tui.widgets.status import (
    StatusLine,
    describe_article,
    describe_selection,
    linking_progress,
    quote_source,
    sync_tail,
)
from tui.workarounds import QuietFocusScreen, terminal_width

if TYPE_CHECKING:
    from tui.widgets.load_errors import LoadErrors

__all__ = ["MIN_PANE_WIDTH", "ReaderView", "breakpoints_for"]

#: Narrowest party pane (columns) worth showing side by side.
MIN_PANE_WIDTH = 22


def breakpoints_for(party_count: int) -> list[tuple[int, str]]:
    """Width breakpoints: ``-tiny`` (stacked), ``-narrow`` (party tabs), ``-wide``.

    Side by side, the article takes 40% and the parties share the rest, so the panes fit
    when ``0.6 * width / parties >= MIN_PANE_WIDTH`` (120 columns for three parties).
    """
    wide_at = max(100, -(-MIN_PANE_WIDTH * max(1, party_count) * 10 // 6))
    return [(0, "-tiny"), (60, "-narrow"), (wide_at, "-wide")]


class ReaderView(QuietFocusScreen[None]):
    """What the reader shows, and the selection it shows (the keys: ``ReaderScreen``)."""

    def __init__(
        self,
        document: Document,
        index: DocumentIndex,
        *,
        warnings: Sequence[Diagnostic] = (),
        linking: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(id="reader")
        self.breakpoints = breakpoints_for(len(document.parties))
        """The width breakpoints in force (they depend on how many parties there are)."""
        self.HORIZONTAL_BREAKPOINTS = self.breakpoints
        # The layout class for the terminal's width now, before the screen is first
        # styled (set in compose, it styled the screen a second time).
        self.set_breakpoints(self.breakpoints, width=terminal_width(self.app))
        self.document = document
        """The version shown."""
        self.index = index
        """The index of :attr:`document`."""
        self.selection = Selection(index)
        """Cursors, current party, sync and highlight: see :mod:`tui.selection`."""
        self.file_warnings = tuple(warnings)
        self._resolved = resolve(document.parties)
        self.party_colors: list[Color] = list(self._resolved.base)
        """Party colours adapted to the current theme, in party order."""
        self.linking: tuple[int, int] | None = linking
        """``(done, total)`` quotes linked while a load runs (shown), else ``None``."""
        self.load_errors: tuple[Diagnostic, ...] = ()
        """The diagnostics of the last load that failed (shown), or ``()``."""
        self._focus_before_search: Widget | None = None
        self.last_export_format: str | None = None
        """The format last exported (the export dialog opens on it)."""

    # --------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        """Article, party tabs and panes, status line, footer."""
        # The layout class for the terminal's width now, not on the first resize: every
        # widget is then styled and laid out once, in the layout it will be shown in
        # (set already when the screen was made, unless the width was not known then).
        self.set_breakpoints(self.breakpoints, width=terminal_width(self.app))
        with Row(id="body"):
            yield ArticleView(self.document, self.index, id="article")
            with Column(id="parties-area"):
                yield PartyTabs(self.document.parties, id="party-tabs")
                with Row(id="parties"):
                    for party_index in range(len(self.document.parties)):
                        yield self._new_pane(party_index)
        yield StatusLine(id="status")
        yield ReaderFooter()

    def _new_pane(self, party_index: int) -> PartyPane:
        # Marked current from the start: a pane hidden even for one layout (the tabbed
        # layout shows only the current one) would lose the focus given to it on mount.
        current = "-current" if party_index == self.selection.current_party else None
        return PartyPane(
            self.document, self.index, party_index, id=f"party-{party_index}", classes=current
        )

    def on_mount(self) -> None:
        """Colours, warnings, first selection."""
        self.app.theme_changed_signal.subscribe(self, self._on_theme_changed)
        self.article.border_title = Content("Article")
        self._apply_colors()
        if self._resolved.problems:
            say(
                self.app,
                "\n".join(self._resolved.problems), title="Party colours", severity="warning",
                timeout=8,
            )
        self.notify_warnings()
        if self.document.parties:
            self._set_current_party(0)
            self.focus_now(self.panes[0].quote_list)
            self.call_after_refresh(measure_hidden, self.panes)  # as after each version
        else:
            self.focus_now(self.article)
        self.update_status()

    def notify_warnings(self) -> None:
        """Say the file's warnings (the first six), if any."""
        if not self.file_warnings:
            return
        shown = [d.format() for d in self.file_warnings[:6]]
        if len(self.file_warnings) > 6:
            shown.append(f"… and {len(self.file_warnings) - 6} more")
        count = len(self.file_warnings)
        say(
            self.app,
            "\n".join(shown),
            title=f"{count} warning{'' if count == 1 else 's'} in the positions file",
            severity="warning",
            timeout=10,
        )

    @property
    def article(self) -> ArticleView:
        """The article pane."""
        return self.query_one("#article", ArticleView)

    @property
    def panes(self) -> list[PartyPane]:
        """The party panes, in party order."""
        return list(self.query_one("#parties").query_children(PartyPane))

    @property
    def status_line(self) -> StatusLine:
        """The status line."""
        return self.query_one("#status", StatusLine)

    def set_breakpoints(self, breakpoints: list[tuple[int, str]], width: int | None = None) -> None:
        """Width breakpoints, applied at once (for ``width``, else the screen's)."""
        self.breakpoints = self.HORIZONTAL_BREAKPOINTS = breakpoints
        width = self.size.width if width is None else width
        if not width:
            return
        chosen = max((b for b in breakpoints if width >= b[0]), default=breakpoints[0])
        self.update_classes(
            {name: name == chosen[1] for _, name in breakpoints}, update=self.is_attached
        )

    # --------------------------------------------------------------- colours

    def _on_theme_changed(self, theme: Theme) -> None:
        self._apply_colors()

    def _apply_colors(self) -> None:
        background = Color.parse(self.app.get_css_variables().get("background", "#000000"))
        self.party_colors = [adapt(c, background) for c in self._resolved.base]
        for pane, color in zip(self.panes, self.party_colors, strict=False):
            pane.set_color(color)
        self.article.set_party_colors(self.party_colors)
        self.query_one(PartyTabs).show(self.selection.current_party, self.party_colors)
        self.update_status()

    # --------------------------------------------------------------- selection shown

    def _set_current_party(self, party_index: int) -> None:
        self.selection.set_current(party_index)
        shown = [pane.quote_list for pane in self.panes if pane.display]
        tabs = self.query_one(PartyTabs)
        fewer = 1 if tabs.display and not tabs.size.height else 0  # (tabs about to show)
        for pane in self.panes:
            if pane.party_index == party_index:  # (tabbed: shown in place of the one shown)
                pane.show_cursor(shown[0] if len(shown) == 1 else None, fewer=fewer)
                if not pane.has_class("-current") and pane.display:
                    # (A hidden pane's list scrolls to its cursor when shown: asked before
                    # the layout that shows it, the pane was painted a frame late.)
                    self.call_after_refresh(pane.reveal_cursor)
            # Side by side "-current" changes nothing shown: not restyled (the next layout
            # class restyles every pane).
            tabbed = not self.has_class("-wide")
            pane.set_current(pane.party_index == party_index, restyle=tabbed)
        tabs.show(party_index, self.party_colors)
        self.update_status()

    def update_status(self) -> None:
        """Describe the selection (and linking, and the search) in the status line."""
        if not self.query_children("#status"):  # (a query walks the DOM: ~0.5 ms a call)
            return  # not composed yet
        progress = Content("")
        if self.linking is not None:
            done, total = self.linking
            progress = linking_progress(done, total, reloading=self.document.linked)
        article = self.article
        search = None
        if article.search_term:
            search = (article.search_term, article.match_index, article.match_count)
        selection = self.selection
        if isinstance(self.focused, ArticleView):  # the status describes the focused pane
            ref = selection.highlighted
            color = self.party_colors[ref.party_index].hex if ref is not None else ""
            line = describe_article(ref, color, search=search)
            self.status_line.show(progress + line)
            return
        if not self.document.parties:
            self.status_line.show(progress + Content("This file has no parties."))
            return
        party_index = selection.current_party
        cursor = selection.cursor
        topics = self.document.topics
        topic = topics[cursor.topic_index] if cursor.topic_index < len(topics) else None
        self.status_line.show(
            progress
            + describe_selection(
                party_index + 1,
                self.document.parties[party_index],
                self.party_colors[party_index].hex,
                topic,
                selection.position(),
                cursor,
                search=search,
            ),
            sync_tail(selection.sync_topics),
        )

    def _show_synced(self, followers: Sequence[int]) -> None:
        """The panes of ``followers`` show their (synced) topic."""
        for party_index in followers:
            self.panes[party_index].select_topic(self.selection.cursors[party_index].topic_index)

    def _show_highlight(self, *, scroll: bool = True) -> None:
        """The article shows the selection's highlighted quote (or none)."""
        ref = self.selection.highlighted
        article = self.article
        if ref is None:
            article.clear_highlight()
            article.border_subtitle = None
            return
        article.show_quote(ref, scroll=scroll)
        article.border_subtitle = quote_source(ref, self.party_colors[ref.party_index].hex)

    def select_quote(self, ref: QuoteRef, *, focus_pane: bool = False) -> None:
        """Select a quote everywhere: its pane's cursor, the article highlight, the status."""
        followers = self.selection.select_quote(ref)
        self.panes[ref.party_index].select_quote(ref.topic_index, ref.quote_index)
        self._set_current_party(ref.party_index)
        self._show_synced(followers)
        if ref.quote.linked:
            self._show_highlight()
        else:
            self.not_linked_yet()
        if focus_pane:
            self.focus_party(ref.party_index)
        self.update_status()

    def not_linked_yet(self) -> None:
        """Say that quotes cannot be shown in the article before they are linked."""
        if self.linking is not None:
            done, total = self.linking
            message = f"Still linking quotes ({done}/{total}): try again in a moment."
        elif self.load_errors:
            message = "The quotes could not be linked: see the errors below."
        else:
            message = "The quotes are not linked yet."
        say(self.app, message, title="Quotes", severity="warning", timeout=3)

    def focus_party(self, party_index: int) -> None:
        """Make a party current and focus its pane (showing it when panes are tabbed)."""
        if not 0 <= party_index < len(self.document.parties):
            return
        self._set_current_party(party_index)
        self.focus_now(self.panes[party_index].quote_list)

    def focus_now(self, widget: Widget) -> None:
        """Focus ``widget`` before the next key is handled.

        ``Widget.focus()`` defers to a later message, so keys typed in one burst (``2``,
        ``down``, ``enter``) would go to the pane focused before; this does not.
        """
        widget.screen.set_focus(widget)  # its own screen: a prompt over it may be closing

    def open_position(self, party_index: int, topic_index: int) -> None:
        """Put a party's cursor on a topic, focus it and show its first quote."""
        followers = self.selection.open_position(party_index, topic_index)
        self.panes[party_index].select_topic(topic_index)
        self._show_synced(followers)
        self.focus_party(party_index)
        self._show_highlight()
        self.update_status()

    def open_topic(self, topic_index: int) -> None:
        """Move the current party (and, when syncing, every party) to a topic."""
        if self.document.parties:
            self.open_position(self.selection.current_party, topic_index)

    # -------------------------------------------------------------- messages

    def on_party_pane_moved(self, message: PartyPane.Moved) -> None:
        """A pane's cursor moved (by the user)."""
        if not message.pane.has_focus_within:
            # Not the user (who moves only the focused pane; a click focuses first): an
            # option list also reports its highlight when first laid out.  Made current,
            # such a pane would even hide the focused one in the tabbed layout.
            return
        # The pane's cursor now, not the message's: a report can arrive after the screen
        # has set the cursor itself (after a reload).
        was_current = self.selection.current_party
        self.selection.move(message.party_index, message.pane.cursor)
        if message.party_index != was_current:
            self._set_current_party(message.party_index)
        self.update_status()

    def on_party_pane_topic_changed(self, message: PartyPane.TopicChanged) -> None:
        """Moving to a topic in one pane moves the others (when syncing)."""
        if self.selection.sync_topics:
            message.pane.align_topic()
        self._show_synced(
            self.selection.sync_to_topic(message.topic_index, source=message.party_index)
        )

    def on_party_pane_quote_chosen(self, message: PartyPane.QuoteChosen) -> None:
        """``enter`` or a click on a quote: show it in the article."""
        ref = self.index.quote(message.party_index, message.topic_index, message.quote_index)
        if ref is not None:
            self.select_quote(ref)

    def on_article_view_not_linked(self, message: ArticleView.NotLinked) -> None:
        """``n``/``N`` in the article before the quotes are linked."""
        self.not_linked_yet()

    def on_article_view_quote_selected(self, message: ArticleView.QuoteSelected) -> None:
        """``n``/``N`` or a click in the article landed on a quote: select it in its pane
        (past the article's end: said on the status line in the quote's frame, as vim
        does; a toast, or a line drawn first, took a frame of its own)."""
        self.select_quote(message.ref)
        if message.wrapped:
            note(self.app, f"Wrapped around to the {message.wrapped} quote.")

    def on_party_tabs_clicked(self, message: PartyTabs.Clicked) -> None:
        """A party tab was clicked."""
        self.focus_party(message.party_index)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """Focusing a party pane (click, tab) makes its party current; the status line
        describes the pane focused."""
        widget = event.widget
        if isinstance(widget, QuoteList) and isinstance(widget.parent, PartyPane):
            party_index = widget.parent.party_index
            if party_index != self.selection.current_party:
                self._set_current_party(party_index)
                return
        self.update_status()

    # ------------------------------------------------------ a new version, errors

    async def show_document(
        self,
        document: Document,
        index: DocumentIndex,
        warnings: Sequence[Diagnostic],
        layout: ArticleLayout | None = None,
    ) -> None:
        """Show ``document`` instead of the current one, keeping the place: party, topic,
        quote, focus, the pane scroll and the passage at the top of the article.
        ``layout`` (the article wrapped) may come ready-made from the load worker."""
        old = self.document
        focused = self.focused
        focus: str | None = None
        if isinstance(focused, ArticleView):
            focus = "article"
        elif isinstance(focused, QuoteList) and isinstance(focused.parent, PartyPane):
            focus = focused.parent.party.id
        article = self.article
        top = article.visible_offsets()[0] if article.scroll_offset.y > 0 else None
        pane_scroll = {pane.party.id: pane.quote_list.scroll_y for pane in self.panes}
        self.document, self.index = document, index
        self.selection = self.selection.follow(index)
        self.file_warnings = tuple(warnings)
        self._resolved = resolve(document.parties)
        self.party_colors = list(self._resolved.base)
        parties = len(document.parties)
        if top is not None:
            top = follow_text(old.article.text, document.article.text, top)
        article.set_document(document, index, top, layout)
        self.query_one(PartyTabs).set_parties(document.parties)
        if len(old.parties) != parties:
            self.set_breakpoints(breakpoints_for(parties))
        # Only what changed is redrawn: panes kept, refilled in place, or made (mounted).
        area, new_pane = self.query_one("#parties"), self._new_pane
        mounted, refilled = await update_panes(area, old, document, index, new_pane)
        self._apply_colors()
        for pane in self.panes:
            pane.set_cursor(self.selection.cursors[pane.party_index])
            if pane in mounted and pane.party.id in pane_scroll:
                pane.keep_scroll(pane_scroll[pane.party.id])
        if parties:
            self._set_current_party(self.selection.current_party)
        self._show_highlight(scroll=False)
        if focus == "article":
            self.set_focus(article)
        elif focus in index.party_ids:
            self.set_focus(self.panes[index.party_ids[focus]].quote_list)
        self.refresh_bindings()
        self.update_status()
        for over in self.app.screen_stack[1:]:  # a comparison or export dialog open meanwhile
            if isinstance(over, FollowsDocument):
                over.follow_document(document, self.party_colors, self.selection.current_party)
        # While the user reads, the first switch to a hidden pane made quick: those kept as
        # they were (a pane just made or refilled measures itself when shown, as before).
        changed = {*mounted, *refilled}
        measure_hidden([pane for pane in self.panes if pane.display or pane not in changed])
        keep_alive_now()  # this version lives until the next: no full GC passes over it

    def show_linking(self, linking: tuple[int, int] | None) -> None:
        """Show how far linking got (``None``: not linking)."""
        self.linking = linking
        self.update_status()

    def show_errors(self, errors: Sequence[Diagnostic]) -> None:
        """Show every error in the panel above the status line (the view stays)."""
        from tui.widgets.load_errors import LoadErrors

        self.load_errors = tuple(errors)
        if self.document.linked:
            shown = "The reader shows the last version that loaded."
        else:
            shown = "The quotes could not be linked: the article shows only its top."
            self.article.preview_note = "⋯ the rest of the article is shown once the file loads ⋯"
        panel = self._errors_panel()
        if panel is None:
            self.mount(LoadErrors(errors, shown=shown, id="load-errors"), before=self.status_line)
        else:
            panel.show(errors, shown=shown)
        count = sum(1 for d in errors if d.severity is Severity.ERROR)
        said = f"{self.document.path.name}: {count} error{'' if count == 1 else 's'}"
        say(self.app, f"{said} (listed above the status line).",
            title="Could not load the file", severity="error", timeout=4)  # fmt: skip

    def clear_errors(self) -> None:
        """The file loaded: no errors to show."""
        self.load_errors = ()
        panel = self._errors_panel()
        if panel is not None:
            panel.remove()

    def _errors_panel(self) -> LoadErrors | None:
        from tui.widgets.load_errors import LoadErrors

        found = self.query(LoadErrors)
        return found.first() if found else None

