"""The reader app: the article beside one pane per party, linked by anchored quotes.

``create_app(document, warnings=...)`` is the one factory used by the CLI and the tests.
The app owns the selection (current party, each party's cursor, the highlighted quote,
whether topics are synced); widgets post messages and render what they are told.

Layout (``HORIZONTAL_BREAKPOINTS``): wide terminals show the article and every party pane
side by side; when the panes would be narrower than ~22 columns the screen switches to
``-narrow``: the article beside *one* party pane with a row of party tabs above it
(``1``..``9``, ``tab`` or a click switch parties), so every party stays reachable and each
pane stays wide enough to read.  Below 60 columns (``-tiny``) the article is stacked above
the party pane.  Only CSS classes change on resize, so no state is lost.

Loading (see ``positions.loader``): given a ``pending`` file, the app opens on its preview
(the top of the article, quotes not linked yet) and links the quotes in a thread worker
(or, from the command line, waits there for the child process that links them: see
``positions.background``), showing ``linking quotes n/N`` in the status line; then it
swaps in the whole Document, keeping the place (party, topic, quote, article scroll).
With ``watch``, it polls both files every half second and reloads them the same way when
they change (once a change has held still for one tick); a reload that fails keeps the
last good view and shows every error in a panel above the status line until a later
version loads.  It only ever reads.

The parts that need no app live beside it: ``tui.loading`` (what the load worker runs),
``tui.watch`` (noticing that the files changed) and ``tui.place`` (keeping the place
across a swap of Document).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import DescendantFocus
from textual.message import Message
from textual.theme import Theme
from textual.widget import Widget

from positions.diagnostics import Diagnostic, Severity
from positions.model import Document
from tui.colors import adapt, resolve
from tui.commands import ReaderCommands
from tui.loading import Linkable, load_file
from tui.place import cursor_at, follow_text, highlight_at, pane_signature, take_place
from tui.safe import literal, one_line
from tui.state import Cursor, QuoteRef, ReaderIndex
from tui.watch import FileWatcher, Stamps
from tui.widgets.article_view import ArticleLayout, ArticleView
from tui.widgets.footer import ReaderFooter
from tui.widgets.party_pane import PartyPane, QuoteList
from tui.widgets.party_tabs import PartyTabs
from tui.widgets.status import StatusLine, describe_selection, linking_progress

if TYPE_CHECKING:
    from positions.loader import Loaded
    from tui.screens.export import ExportDone
    from tui.widgets.load_errors import LoadErrors
    from tui.widgets.search_bar import SearchBar

__all__ = ["Linkable", "ReaderApp", "breakpoints_for", "create_app", "follow_text"]

#: Actions that act on the reader screen (disabled while another screen is on top).
_READER_ACTIONS = frozenset(
    {
        "next_pane",
        "previous_pane",
        "focus_article",
        "party",
        "search",
        "compare",
        "toggle_sync",
        "export",
    }
)

#: Actions that need every quote linked (not offered on a preview).
_LINKED_ACTIONS = frozenset({"export", "copy_summary"})

#: Narrowest party pane (columns) worth showing side by side.
MIN_PANE_WIDTH = 22

#: How often (seconds) the files are checked for changes when watching.
WATCH_INTERVAL = 0.5

#: The least time (seconds) between two linking progress updates.
PROGRESS_INTERVAL = 0.1


def breakpoints_for(party_count: int) -> list[tuple[int, str]]:
    """Width breakpoints: ``-tiny`` (stacked), ``-narrow`` (party tabs), ``-wide``.

    Side by side, the article takes 40% and the parties share the rest, so the panes fit
    when ``0.6 * width / parties >= MIN_PANE_WIDTH`` (120 columns for three parties).
    """
    wide_at = max(100, -(-MIN_PANE_WIDTH * max(1, party_count) * 10 // 6))
    return [(0, "-tiny"), (60, "-narrow"), (wide_at, "-wide")]


class ReaderApp(App[None]):
    """Read an article beside what each party said about each topic."""

    CSS_PATH = "app.tcss"
    TITLE = "ceasefire-tui"
    COMMANDS = App.COMMANDS | {ReaderCommands}
    HORIZONTAL_BREAKPOINTS = breakpoints_for(3)  # replaced per instance in __init__

    # The footer shows the keys in this order, and only those that fit 80 columns (with
    # the palette's ``^p``); the others are on ``?`` and in the palette.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "tab",
            "next_pane",
            "Pane",
            priority=True,
            id="next_pane",
            tooltip="Next pane (the article, then each party)",
        ),
        Binding(
            "shift+tab",
            "previous_pane",
            "Previous pane",
            priority=True,
            show=False,
            id="previous_pane",
            tooltip="Previous pane",
        ),
        *[
            Binding(
                str(n),
                f"party({n})",
                "Party",
                show=n == 1,
                key_display="1-9",
                id=f"party_{n}",
                tooltip="Go to party 1..9 (its number is in its title)",
            )
            for n in range(1, 10)
        ],
        Binding(
            "slash",
            "search",
            "Search",
            id="search",
            tooltip="Search the article (then n / N / enter step through matches)",
        ),
        Binding(
            "c", "compare", "Compare", id="compare", tooltip="Comparison matrix: topics x parties"
        ),
        Binding(
            "e",
            "export",
            "Export",
            id="export",
            tooltip="Export: Markdown, HTML, JSON, CSV or an SVG picture of the comparison",
        ),
        Binding("question_mark", "help", "Help", id="help", tooltip="Keys and symbols"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit"),
        Binding(
            "s",
            "toggle_sync",
            "Sync",
            show=False,
            id="sync",
            tooltip="Sync topics: keep every party pane on the same topic (on/off)",
        ),
        Binding(
            "a",
            "focus_article",
            "Article",
            show=False,
            id="article",
            tooltip="Go to the article",
        ),
        Binding(
            "y",
            "copy_summary",
            "Copy summary",
            show=False,
            id="copy_summary",
            tooltip="Copy the Markdown summary (through the terminal's clipboard, OSC 52)",
        ),
    ]

    class LinkProgress(Message):
        """From the load worker: ``done`` of ``total`` quotes linked."""

        def __init__(self, generation: int, done: int, total: int) -> None:
            self.generation = generation
            self.done = done
            self.total = total
            super().__init__()

    class LoadFinished(Message):
        """From the load worker: the file loaded (``loaded``, with its ``index`` and its
        article wrapped to the width of the time, ``layout``) or failed (``errors``)."""

        def __init__(
            self,
            generation: int,
            loaded: Loaded | None,
            errors: Sequence[Diagnostic] = (),
            index: ReaderIndex | None = None,
            layout: ArticleLayout | None = None,
        ) -> None:
            self.generation = generation
            self.loaded = loaded
            self.errors = tuple(errors)
            self.index = index
            self.layout = layout
            super().__init__()

    def __init__(
        self,
        document: Document,
        *,
        warnings: Sequence[Diagnostic] = (),
        pending: Linkable | None = None,
        watch: bool = False,
    ) -> None:
        super().__init__()
        # Per instance: how wide "wide" is depends on how many parties there are.
        setattr(self, "HORIZONTAL_BREAKPOINTS", breakpoints_for(len(document.parties)))  # noqa: B010
        self.document = document
        self.index = ReaderIndex(document)
        self.file_warnings = tuple(warnings)
        self.cursors: list[Cursor] = [Cursor() for _ in document.parties]
        """Each party pane's cursor, in party order."""
        self.current_party = 0
        """Index of the selected party (the one the status line describes)."""
        self.sync_topics = True
        """Moving to a topic in one pane moves every pane to it."""
        self.highlighted: QuoteRef | None = None
        """The quote highlighted in the article."""
        self._resolved = resolve(document.parties)
        self.party_colors: list[Color] = list(self._resolved.base)
        """Party colours adapted to the current theme, in party order."""
        self._pending = pending  # linked once the first frame is on screen
        self.watching = watch
        """Whether the files are polled for changes (``check_files_now`` works anyway)."""
        self.linking: tuple[int, int] | None = (
            (0, pending.quote_count) if pending is not None else None
        )
        """``(done, total)`` quotes linked while a load runs, else ``None``."""
        self.load_errors: tuple[Diagnostic, ...] = ()
        """The diagnostics of the last load that failed (shown), or ``()``."""
        self._generation = 0  # of the latest load started; older results are dropped
        self._loading = False
        self._watcher = FileWatcher(self._file_paths)
        self._focus_before_search: Widget | None = None
        self._last_export_format: str | None = None

    # --------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        """Article, party tabs and panes, status line, footer."""
        # The layout class for the terminal's width now, not on the first resize: every
        # widget is then styled and laid out once, in the layout it will be shown in.
        self._set_breakpoints(self.HORIZONTAL_BREAKPOINTS, width=self._terminal_width())
        with Horizontal(id="body"):
            yield ArticleView(self.document, self.index, id="article")
            with Vertical(id="parties-area"):
                yield PartyTabs(self.document.parties, id="party-tabs")
                with Horizontal(id="parties"):
                    for party_index in range(len(self.document.parties)):
                        yield self._new_pane(party_index)
        yield StatusLine(id="status")
        yield ReaderFooter()

    def _terminal_width(self) -> int:
        """The terminal's width before the first resize event (0 if unknown).

        Not ``App.size`` in a terminal: before the driver has reported a size, that falls
        back to the console's (which is not the terminal) and keeps it.  The driver
        measures with ``shutil.get_terminal_size``, so this does too.
        """
        if self.is_headless:
            return self.size.width
        try:
            return shutil.get_terminal_size((0, 0)).columns
        except (OSError, ValueError):
            return 0

    def _new_pane(self, party_index: int) -> PartyPane:
        # Marked current from the start: a pane hidden even for one layout (the tabbed
        # layout shows only the current one) would lose the focus given to it on mount.
        current = "-current" if party_index == self.current_party else None
        return PartyPane(
            self.document, self.index, party_index, id=f"party-{party_index}", classes=current
        )

    def on_mount(self) -> None:
        """Colours, warnings, first selection."""
        self.theme_changed_signal.subscribe(self, self._on_theme_changed)
        self.article.border_title = Content("Article")
        self._apply_colors()
        if self._resolved.problems:
            self.notify(
                "\n".join(self._resolved.problems),
                title="Party colours",
                severity="warning",
                timeout=8,
                markup=False,
            )
        self._notify_warnings()
        if self.document.parties:
            self._set_current_party(0)
            self.focus_now(self.panes[0].quote_list)
        else:
            self.focus_now(self.article)
        self._update_status()
        self._watcher.mark_loaded()
        if self.watching:
            self.set_interval(WATCH_INTERVAL, self._poll_files, name="watch files")

    def on_unmount(self) -> None:
        """Closing: stop the child process still linking the file, if any (the load worker
        waits for it, and the reader cannot end before its workers do)."""
        close = getattr(self._pending, "close", None)
        if callable(close):
            close()

    def on_ready(self) -> None:
        """The first frame is on screen: now link (a worker then would slow it down)."""
        if self._pending is not None:  # (kept after: closing stops a child still linking)
            self._start_load(self._pending)

    def _notify_warnings(self) -> None:
        if not self.file_warnings:
            return
        shown = [d.format() for d in self.file_warnings[:6]]
        if len(self.file_warnings) > 6:
            shown.append(f"… and {len(self.file_warnings) - 6} more")
        count = len(self.file_warnings)
        self.notify(
            "\n".join(shown),
            title=f"{count} warning{'' if count == 1 else 's'} in the positions file",
            severity="warning",
            timeout=10,
            markup=False,
        )

    @property
    def article(self) -> ArticleView:
        """The article pane."""
        return self.query_one("#article", ArticleView)

    @property
    def panes(self) -> list[PartyPane]:
        """The party panes, in party order."""
        return list(self.query(PartyPane))

    @property
    def status_line(self) -> StatusLine:
        """The status line."""
        return self.query_one("#status", StatusLine)

    # --------------------------------------------------------------- colours

    def _on_theme_changed(self, theme: Theme) -> None:
        self._apply_colors()

    def _apply_colors(self) -> None:
        background = Color.parse(self.get_css_variables().get("background", "#000000"))
        self.party_colors = [adapt(c, background) for c in self._resolved.base]
        for pane, color in zip(self.panes, self.party_colors, strict=False):
            pane.set_color(color)
        self.article.set_party_colors(self.party_colors)
        self.query_one(PartyTabs).show(self.current_party, self.party_colors)
        self._update_status()

    # --------------------------------------------------------------- state

    def _set_current_party(self, party_index: int) -> None:
        self.current_party = party_index
        for pane in self.panes:
            if pane.party_index == party_index:
                pane.show_cursor()  # a move made while hidden: keys typed next act on it
                if not pane.has_class("-current"):
                    # A pane that was hidden (tabbed layout) scrolls to its cursor once shown.
                    self.call_after_refresh(pane.reveal_cursor)
            pane.set_class(pane.party_index == party_index, "-current")
        self.query_one(PartyTabs).show(party_index, self.party_colors)
        self._update_status()

    def _update_status(self) -> None:
        if not self.query("#status"):
            return  # not composed yet
        progress = Content("")
        if self.linking is not None:
            done, total = self.linking
            progress = linking_progress(done, total, reloading=self.document.linked)
        search = None
        article = self.article
        if article.search_term:
            search = (article.search_term, article.match_index, article.match_count)
        if not self.document.parties:
            self.status_line.update(progress + Content("This file has no parties."), layout=False)
            return
        party_index = self.current_party
        cursor = self.cursors[party_index]
        topics = self.document.topics
        topic = topics[cursor.topic_index] if cursor.topic_index < len(topics) else None
        self.status_line.update(
            progress
            + describe_selection(
                party_index + 1,
                self.document.parties[party_index],
                self.party_colors[party_index].hex,
                topic,
                self.index.position(party_index, cursor.topic_index),
                cursor,
                sync=self.sync_topics,
                search=search,
            ),
            layout=False,  # one line, always: no need to lay the screen out again
        )

    def _sync_to_topic(self, topic_index: int, *, source: int | None) -> None:
        """Bring every pane except ``source`` to ``topic_index`` (when syncing)."""
        if not self.sync_topics:
            return
        for pane in self.panes:
            if pane.party_index == source:
                continue
            if self.cursors[pane.party_index].topic_index != topic_index:
                self.cursors[pane.party_index] = Cursor(topic_index, None)
            pane.select_topic(topic_index)

    def _highlight(self, ref: QuoteRef | None, *, scroll: bool = True) -> None:
        if ref is not None and not ref.quote.linked:
            ref = None  # not linked yet: nothing to show in the article
        self.highlighted = ref
        article = self.article
        if ref is None:
            article.clear_highlight()
            article.border_subtitle = None
            return
        article.show_quote(ref, scroll=scroll)
        position = ref.position
        article.border_subtitle = Content.assemble(
            ("▐ ", "bold"),
            (f"{ref.party_index + 1} ", "bold"),
            Content.styled(
                one_line(ref.party.name), f"bold {self.party_colors[ref.party_index].hex}"
            ),
            " · ",
            literal(one_line(ref.quote.speaker) or "unattributed"),
            f" · quote {ref.quote_index + 1}/{len(position.quotes)}",
        )

    def select_quote(self, ref: QuoteRef, *, focus_pane: bool = False) -> None:
        """Select a quote everywhere: its pane's cursor, the article highlight, the status."""
        self.cursors[ref.party_index] = Cursor(ref.topic_index, ref.quote_index)
        pane = self.panes[ref.party_index]
        pane.select_quote(ref.topic_index, ref.quote_index)
        self._set_current_party(ref.party_index)
        self._sync_to_topic(ref.topic_index, source=ref.party_index)
        if ref.quote.linked:
            self._highlight(ref)
        else:
            self._not_linked_yet()
        if focus_pane:
            self.focus_party(ref.party_index)
        self._update_status()

    def _not_linked_yet(self) -> None:
        """Say that quotes cannot be shown in the article before they are linked."""
        if self.linking is not None:
            done, total = self.linking
            message = f"Still linking quotes ({done}/{total}): try again in a moment."
        elif self.load_errors:
            message = "The quotes could not be linked: see the errors below."
        else:
            message = "The quotes are not linked yet."
        self.notify(message, title="Quotes", severity="warning", timeout=3, markup=False)

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
        self.cursors[party_index] = Cursor(topic_index, None)
        self.panes[party_index].select_topic(topic_index)
        self._sync_to_topic(topic_index, source=party_index)
        self.focus_party(party_index)
        position = self.index.position(party_index, topic_index)
        if position is not None and position.quotes:
            ref = self.index.quote(party_index, topic_index, 0)
            if ref is not None and ref.quote.linked:
                self._highlight(ref)
        self._update_status()

    def open_topic(self, topic_index: int) -> None:
        """Move the current party (and, when syncing, every party) to a topic."""
        if self.document.parties:
            self.open_position(self.current_party, topic_index)

    # -------------------------------------------------------------- messages

    def on_party_pane_moved(self, message: PartyPane.Moved) -> None:
        """A pane's cursor moved (by the user)."""
        if not message.pane.has_focus_within:
            # Not the user (who moves only the focused pane; a click focuses first): an
            # option list also reports its highlight when first laid out.  Made current,
            # such a pane would even hide the focused one in the tabbed layout.
            return
        # The pane's cursor now, not the message's: a report can arrive after the app
        # has set the cursor itself (after a reload).
        self.cursors[message.party_index] = message.pane.cursor
        if message.party_index != self.current_party:
            self._set_current_party(message.party_index)
        self._update_status()

    def on_party_pane_topic_changed(self, message: PartyPane.TopicChanged) -> None:
        """Moving to a topic in one pane moves the others (when syncing)."""
        if self.sync_topics:
            message.pane.align_topic()
        self._sync_to_topic(message.topic_index, source=message.party_index)

    def on_party_pane_quote_chosen(self, message: PartyPane.QuoteChosen) -> None:
        """``enter`` or a click on a quote: show it in the article."""
        ref = self.index.quote(message.party_index, message.topic_index, message.quote_index)
        if ref is not None:
            self.select_quote(ref)

    def on_article_view_not_linked(self, message: ArticleView.NotLinked) -> None:
        """``n``/``N`` in the article before the quotes are linked."""
        self._not_linked_yet()

    def on_article_view_quote_selected(self, message: ArticleView.QuoteSelected) -> None:
        """``n``/``N`` or a click in the article landed on a quote: select it in its pane."""
        self.select_quote(message.ref)

    def on_article_view_search_moved(self, message: ArticleView.SearchMoved) -> None:
        """The current search match changed: update the count shown."""
        article = message.view
        if not article.is_attached:
            return  # the reader is closing (the search ran just before)
        if article.search_term:
            where = (
                f"{article.match_index + 1}/{article.match_count}"
                if article.match_count
                else "no matches"
            )
            article.border_title = Content.assemble(
                "Article · search “", literal(one_line(article.search_term)), f"” {where}"
            )
        else:
            article.border_title = Content("Article")
        self._update_status()

    def on_party_tabs_clicked(self, message: PartyTabs.Clicked) -> None:
        """A party tab was clicked."""
        self.focus_party(message.party_index)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """Focusing a party pane (click, tab) makes its party current."""
        widget = event.widget
        if isinstance(widget, QuoteList) and isinstance(widget.parent, PartyPane):
            party_index = widget.parent.party_index
            if party_index != self.current_party:
                self._set_current_party(party_index)

    # --------------------------------------------------------------- actions

    def _pane_order(self) -> list[int]:
        return [-1, *range(len(self.document.parties))]

    def _focused_pane(self) -> int:
        focused = self.focused
        if isinstance(focused, ArticleView):
            return -1
        if isinstance(focused, QuoteList) and isinstance(focused.parent, PartyPane):
            return focused.parent.party_index
        return self.current_party

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reader keys work only on the reader (not under the help, compare or search)."""
        if action in _LINKED_ACTIONS and not self.document.linked:
            return None  # shown, but disabled until the quotes are linked
        return action not in _READER_ACTIONS or self.screen is self.screen_stack[0]

    def _step_pane(self, direction: int) -> None:
        order = self._pane_order()
        position = order.index(self._focused_pane()) if self._focused_pane() in order else 0
        target = order[(position + direction) % len(order)]
        if target < 0:
            self.focus_now(self.article)
        else:
            self.focus_party(target)

    def action_next_pane(self) -> None:
        """``tab``: the next pane (article, then each party in file order)."""
        self._step_pane(1)

    def action_previous_pane(self) -> None:
        """``shift+tab``: the previous pane."""
        self._step_pane(-1)

    def action_party(self, number: int) -> None:
        """``1``..``9``: go to party N's pane."""
        if number > len(self.document.parties):
            self.notify(f"There is no party {number}.", severity="warning", timeout=2)
            return
        self.focus_party(number - 1)

    def action_focus_article(self) -> None:
        """``a``: go to the article."""
        self.focus_now(self.article)

    async def action_search(self) -> None:
        """``/``: search the article (the bar is made on first use)."""
        from tui.widgets.search_bar import SearchBar

        screen = self.default_screen
        bars = screen.query(SearchBar)
        if bars:
            bar = bars.first()
        else:
            bar = SearchBar(id="search-bar")
            await screen.mount(bar)  # keys typed meanwhile wait: they are for the bar
        self._focus_before_search = screen.focused
        bar.open(self.article.search_term)

    def on_search_bar_submitted(self, message: SearchBar.Submitted) -> None:
        """``enter`` in the search bar: highlight the matches and step through them."""
        message.bar.close()
        term = message.term
        count = self.article.search(term)
        self.focus_now(self.article)
        if term.strip() and not count:
            self.notify(
                f"No matches for “{term.strip()}”.", severity="warning", timeout=3, markup=False
            )
        self._update_status()

    def on_search_bar_cancelled(self, message: SearchBar.Cancelled) -> None:
        """``escape`` in the search bar: close it, focus back; or it lost the focus: close
        it, the focus staying where it went."""
        if not message.bar.display:
            return
        message.bar.close()
        before = self._focus_before_search
        if message.focus_left or before is None or not before.is_attached:
            return  # a click or tab put the focus where the user wants it
        if before.screen is self.default_screen:
            self.focus_now(before)

    def action_compare(self) -> None:
        """``c``: the comparison matrix; choosing a cell opens that position."""
        if not self.document.parties or not self.document.topics:
            self.notify("Nothing to compare: no parties or no topics.", severity="warning")
            return

        def chosen(choice: tuple[str, str] | None) -> None:
            """Open the chosen cell's position (``None``: closed without choosing)."""
            if choice is None:
                return
            party_id, topic_id = choice
            self.open_position(self.index.party_ids[party_id], self.index.topic_ids[topic_id])

        from tui.screens.compare import CompareScreen

        cursor = self.cursors[self.current_party]
        self.push_screen(
            CompareScreen(self.document, self.party_colors, self.current_party, cursor.topic_index),
            chosen,
        )

    def action_toggle_sync(self) -> None:
        """``s``: turn topic syncing on or off."""
        self.sync_topics = not self.sync_topics
        if self.sync_topics and self.document.parties:
            topic = self.cursors[self.current_party].topic_index
            self._sync_to_topic(topic, source=self.current_party)
        self.notify(f"Sync topics: {'on' if self.sync_topics else 'off'}", timeout=2)
        self._update_status()

    def action_export(self) -> None:
        """``e``: the export dialog; a notification names the file written."""
        if not self._ready_to_export():
            return

        def exported(done: ExportDone | None) -> None:
            """The dialog wrote a file (``None``: cancelled)."""
            if done is not None:
                self._last_export_format = done.format.key  # offered first next time
                self.notify(
                    f"Exported {done.format.name} to {done.path}",
                    title="Export",
                    timeout=6,
                    markup=False,
                )

        from tui.screens.export import ExportScreen  # screens load when first opened

        self.push_screen(
            ExportScreen(self.document, start_format=self._last_export_format), exported
        )

    def action_copy_summary(self) -> None:
        """``y``: send the Markdown summary to the clipboard (OSC 52, if the terminal allows)."""
        if not self._ready_to_export():
            return
        from tui.screens.export import markdown_summary

        text = markdown_summary(self.document)
        self.copy_to_clipboard(text)
        lines = len(text.splitlines())
        self.notify(
            f"Markdown summary copied ({lines} lines) through the terminal (OSC 52), "
            "if it allows that.",
            title="Copy summary",
            timeout=5,
            markup=False,
        )

    def _ready_to_export(self) -> bool:
        """Exports need every quote linked; on a preview, say so (the palette can ask early)."""
        if self.document.linked:
            return True
        self.notify(
            "The quotes are still being linked; export once they are.",
            title="Export",
            severity="warning",
            timeout=3,
        )
        return False

    def action_help(self) -> None:
        """``?``: keys and symbols."""
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self))

    # ------------------------------------------------------ loading, reloading

    @property
    def exit_status(self) -> int:
        """1 while the file's errors are shown (it failed to link or to reload), else 0."""
        return 1 if self.load_errors else 0

    async def action_quit(self) -> None:
        """``q``: quit; the exit status is 1 if the file's errors are shown."""
        self.exit(return_code=self.exit_status)

    def _file_paths(self) -> tuple[Path, Path, Path]:
        """The positions file, the article, and their folder (where a missing file may
        appear: watched only while errors are shown)."""
        path = self.document.path
        return (path, self.document.article.path, path.parent)

    def _poll_files(self) -> None:
        """Every ``WATCH_INTERVAL``: reload when a file changed and then held still for a
        tick (editors often write a file in several steps)."""
        if self._loading:
            return
        stamps = self._watcher.poll(every=bool(self.load_errors))
        if stamps is not None:
            self._start_load(None, stamps)

    def check_files_now(self) -> bool:
        """Reload at once if a file changed since it was last read, without waiting for the
        timer or for the file to hold still; returns whether a reload was started."""
        stamps = self._watcher.changed_now(every=bool(self.load_errors))
        if stamps is None:
            return False
        self._start_load(None, stamps)
        return True

    def _start_load(self, pending: Linkable | None, stamps: Stamps = ()) -> None:
        """Load the file in the worker: link ``pending``, or open and link it anew."""
        self._generation += 1
        self._loading = True
        self._watcher.begin(stamps)
        self._load_started = time.monotonic()
        self._show_progress = pending is not None  # a reload shows it only if it is slow
        width = self.article.text_width
        self._load_worker(self._generation, self.document.path, pending, width)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load_worker(
        self, generation: int, path: Path, pending: Linkable | None, width: int
    ) -> None:
        """Open (unless ``pending``) and link the file; post the result to the app, with
        what the swap needs that takes time: the index, the article wrapped to ``width``."""

        last_posted = [-1.0]

        def progress(done: int, total: int) -> None:
            # At most ten a second: each one wakes the UI, which slows linking down.
            now = time.monotonic()
            if now - last_posted[0] >= PROGRESS_INTERVAL:
                last_posted[0] = now
                self.post_message(self.LinkProgress(generation, done, total))

        result = load_file(path, pending, width, progress)
        self.post_message(
            self.LoadFinished(
                generation, result.loaded, result.errors, index=result.index, layout=result.layout
            )
        )

    def on_reader_app_link_progress(self, message: LinkProgress) -> None:
        """Show how far linking got (a reload: only once it has taken a moment)."""
        if message.generation != self._generation or not self._loading:
            return
        if not self._show_progress and time.monotonic() - self._load_started < 0.15:
            return
        self._show_progress = True
        self.linking = (message.done, message.total)
        self._update_status()

    async def on_reader_app_load_finished(self, message: LoadFinished) -> None:
        """The worker is done: show the new Document, or the errors."""
        if message.generation != self._generation:
            return  # a later load was started
        self._loading = False
        self.linking = None
        if message.loaded is None:
            self._watcher.failed()
            self._show_errors(message.errors)
            self._update_status()
            return
        first = not self.document.linked and not self.load_errors
        await self._apply_document(
            message.loaded.document, message.loaded.warnings, message.index, message.layout
        )
        self._watcher.loaded()
        self._clear_errors()
        if not first:
            self.notify(f"Reloaded {self.document.path.name}.", timeout=2, markup=False)
        self._notify_warnings()

    async def _apply_document(
        self,
        document: Document,
        warnings: Sequence[Diagnostic],
        index: ReaderIndex | None = None,
        layout: ArticleLayout | None = None,
    ) -> None:
        """Show ``document`` instead of the current one, keeping the place: party, topic,
        quote and the passage at the top of the article.  ``index`` and ``layout`` (the
        article wrapped) may come ready-made from the worker."""
        place = take_place(
            self.document,
            self.cursors,
            self.current_party,
            self.highlighted,
            self.default_screen.focused,
            self.article,
            self.panes,
        )
        old = self.document
        same_panes = pane_signature(document) == pane_signature(old)
        self.document = document
        self.index = index if index is not None else ReaderIndex(document)
        self.file_warnings = tuple(warnings)
        self._resolved = resolve(document.parties)
        self.party_colors = list(self._resolved.base)
        parties = len(document.parties)
        self.cursors = [cursor_at(place, self.index, i) for i in range(parties)]
        party_ids = self.index.party_ids
        current = party_ids.get(place.party_id or "", min(place.party_index, parties - 1))
        self.current_party = max(0, current)
        top = place.top
        if top is not None:
            top = follow_text(old.article.text, document.article.text, top)
        self.article.set_document(document, self.index, top, layout)
        self.query_one(PartyTabs).set_parties(document.parties)
        if same_panes:
            for pane in self.panes:
                pane.set_document(document, self.index)
        else:
            if len(old.parties) != parties:
                self._set_breakpoints(breakpoints_for(parties))
            area = self.query_one("#parties")
            await area.remove_children()
            await area.mount_all(self._new_pane(i) for i in range(parties))
        self._apply_colors()
        for pane in self.panes:
            pane.set_cursor(self.cursors[pane.party_index])
            if not same_panes and pane.party.id in place.pane_scroll:
                pane.quote_list.scroll_to(y=place.pane_scroll[pane.party.id], animate=False)
        if parties:
            self._set_current_party(self.current_party)
        self._highlight(highlight_at(place, self.index), scroll=False)
        screen = self.default_screen
        if place.focus == "article":
            screen.set_focus(self.article)
        elif place.focus in party_ids:
            screen.set_focus(self.panes[party_ids[place.focus]].quote_list)
        self.refresh_bindings()
        self._update_status()
        for over in self.screen_stack[1:]:  # a comparison or export dialog open meanwhile
            follow = getattr(over, "follow_document", None)
            if callable(follow):
                follow(document, self.party_colors)

    def _set_breakpoints(
        self, breakpoints: list[tuple[int, str]], width: int | None = None
    ) -> None:
        """Width breakpoints, applied at once (for ``width``, else the screen's)."""
        setattr(self, "HORIZONTAL_BREAKPOINTS", breakpoints)  # noqa: B010
        screen = self.default_screen
        width = screen.size.width if width is None else width
        if not width:
            return
        chosen = max((b for b in breakpoints if width >= b[0]), default=breakpoints[0])
        screen.update_classes({name: name == chosen[1] for _, name in breakpoints})

    def _errors_panel(self) -> LoadErrors | None:
        from tui.widgets.load_errors import LoadErrors

        found = self.query(LoadErrors)
        return found.first() if found else None

    def _show_errors(self, errors: Sequence[Diagnostic]) -> None:
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
            panel = LoadErrors(errors, shown=shown, id="load-errors")
            self.default_screen.mount(panel, before=self.status_line)
        else:
            panel.show(errors, shown=shown)
        count = sum(1 for d in errors if d.severity is Severity.ERROR)
        self.notify(
            f"{self.document.path.name}: {count} error{'' if count == 1 else 's'} "
            "(listed above the status line).",
            title="Could not load the file",
            severity="error",
            timeout=4,
            markup=False,
        )

    def _clear_errors(self) -> None:
        self.load_errors = ()
        panel = self._errors_panel()
        if panel is not None:
            panel.remove()


def create_app(
    document: Document,
    *,
    warnings: Sequence[Diagnostic] = (),
    pending: Linkable | None = None,
    watch: bool = False,
) -> ReaderApp:
    """The reader app for ``document``; ``warnings`` are shown once as a notification.

    With ``pending`` (a large file opened but not linked), ``document`` is its preview and
    the app links it in a worker.  With ``watch``, the files are reloaded when they change.
    """
    return ReaderApp(document, warnings=warnings, pending=pending, watch=watch)
