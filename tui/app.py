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
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import DescendantFocus
from textual.theme import Theme
from textual.widget import Widget
from textual.widgets import Footer

from positions.diagnostics import Diagnostic
from positions.model import Document
from tui.colors import adapt, resolve
from tui.commands import ReaderCommands
from tui.safe import literal, one_line
from tui.screens.compare import CompareScreen
from tui.screens.help import HelpScreen
from tui.screens.search import SearchScreen
from tui.state import Cursor, QuoteRef, ReaderIndex
from tui.widgets.article_view import ArticleView
from tui.widgets.party_pane import PartyPane, QuoteList
from tui.widgets.party_tabs import PartyTabs
from tui.widgets.status import StatusLine, describe_selection

__all__ = ["ReaderApp", "breakpoints_for", "create_app"]

#: Actions that act on the reader screen (disabled while another screen is on top).
_READER_ACTIONS = frozenset(
    {"next_pane", "previous_pane", "focus_article", "party", "search", "compare",
     "toggle_sync", "export"}
)

#: Narrowest party pane (columns) worth showing side by side.
MIN_PANE_WIDTH = 22


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

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help", tooltip="Keys and symbols"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit"),
        Binding("tab", "next_pane", "Pane", priority=True, id="next_pane",
                tooltip="Next pane (the article, then each party)"),
        Binding("shift+tab", "previous_pane", "Previous pane", priority=True, show=False,
                id="previous_pane", tooltip="Previous pane"),
        Binding("slash", "search", "Search", id="search",
                tooltip="Search the article (then n / N / enter step through matches)"),
        Binding("c", "compare", "Compare", id="compare",
                tooltip="Comparison matrix: topics x parties"),
        Binding("s", "toggle_sync", "Sync", id="sync",
                tooltip="Sync topics: keep every party pane on the same topic (on/off)"),
        Binding("a", "focus_article", "Article", id="article", tooltip="Go to the article"),
        *[
            Binding(str(n), f"party({n})", "Party", show=n == 1, key_display="1-9",
                    id=f"party_{n}", tooltip="Go to party 1..9 (its number is in its title)")
            for n in range(1, 10)
        ],
        Binding("e", "export", "Export", id="export", tooltip="Export (not available yet)"),
    ]

    def __init__(self, document: Document, *, warnings: Sequence[Diagnostic] = ()) -> None:
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

    # --------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        """Article, party tabs and panes, status line, footer."""
        with Horizontal(id="body"):
            yield ArticleView(self.document, self.index, id="article")
            with Vertical(id="parties-area"):
                yield PartyTabs(self.document.parties, id="party-tabs")
                with Horizontal(id="parties"):
                    for party_index in range(len(self.document.parties)):
                        yield PartyPane(
                            self.document, self.index, party_index, id=f"party-{party_index}"
                        )
        yield StatusLine(id="status")
        yield Footer()

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
        if self.file_warnings:
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
        if self.document.parties:
            self._set_current_party(0)
            self.focus_now(self.panes[0].quote_list)
        else:
            self.focus_now(self.article)
        self._update_status()

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
            if pane.party_index == party_index and not pane.has_class("-current"):
                # A pane that was hidden (tabbed layout) scrolls to its cursor once shown.
                self.call_after_refresh(pane.reveal_cursor)
            pane.set_class(pane.party_index == party_index, "-current")
        self.query_one(PartyTabs).show(party_index, self.party_colors)
        self._update_status()

    def _update_status(self) -> None:
        if not self.query("#status"):
            return  # not composed yet
        search = None
        article = self.article
        if article.search_term:
            search = (article.search_term, article.match_index, article.match_count)
        if not self.document.parties:
            self.status_line.update(Content("This file has no parties."))
            return
        party_index = self.current_party
        cursor = self.cursors[party_index]
        topics = self.document.topics
        topic = topics[cursor.topic_index] if cursor.topic_index < len(topics) else None
        self.status_line.update(
            describe_selection(
                party_index + 1,
                self.document.parties[party_index],
                self.party_colors[party_index].hex,
                topic,
                self.index.position(party_index, cursor.topic_index),
                cursor,
                sync=self.sync_topics,
                search=search,
            )
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

    def _highlight(self, ref: QuoteRef | None) -> None:
        self.highlighted = ref
        article = self.article
        if ref is None:
            article.clear_highlight()
            article.border_subtitle = None
            return
        article.show_quote(ref)
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
        self._highlight(ref)
        if focus_pane:
            self.focus_party(ref.party_index)
        self._update_status()

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
        self.screen.set_focus(widget)

    def open_position(self, party_index: int, topic_index: int) -> None:
        """Put a party's cursor on a topic, focus it and show its first quote."""
        self.cursors[party_index] = Cursor(topic_index, None)
        self.panes[party_index].select_topic(topic_index)
        self._sync_to_topic(topic_index, source=party_index)
        self.focus_party(party_index)
        position = self.index.position(party_index, topic_index)
        if position is not None and position.quotes:
            ref = self.index.quote(party_index, topic_index, 0)
            if ref is not None:
                self._highlight(ref)
        self._update_status()

    def open_topic(self, topic_index: int) -> None:
        """Move the current party (and, when syncing, every party) to a topic."""
        if self.document.parties:
            self.open_position(self.current_party, topic_index)

    # -------------------------------------------------------------- messages

    def on_party_pane_moved(self, message: PartyPane.Moved) -> None:
        """A pane's cursor moved (by the user)."""
        self.cursors[message.party_index] = message.cursor
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

    def on_article_view_quote_selected(self, message: ArticleView.QuoteSelected) -> None:
        """``n``/``N`` or a click in the article landed on a quote: select it in its pane."""
        self.select_quote(message.ref)

    def on_article_view_search_moved(self, message: ArticleView.SearchMoved) -> None:
        """The current search match changed: update the count shown."""
        article = self.article
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

    def action_search(self) -> None:
        """``/``: search the article."""

        def searched(term: str | None) -> None:
            """Run the search the prompt returned (``None``: cancelled)."""
            if term is None:
                return
            count = self.article.search(term)
            self.focus_now(self.article)
            if term.strip() and not count:
                self.notify(f"No matches for “{term.strip()}”.", severity="warning",
                            timeout=3, markup=False)
            self._update_status()

        self.push_screen(SearchScreen(self.article.search_term), searched)

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
        """``e``: export (not available yet; it comes with the export issue)."""
        self.notify(
            "Export is not available yet: it comes with the export feature.",
            title="Export",
            severity="warning",
            timeout=4,
        )

    def action_help(self) -> None:
        """``?``: keys and symbols."""
        self.push_screen(HelpScreen(self))


def create_app(document: Document, *, warnings: Sequence[Diagnostic] = ()) -> ReaderApp:
    """The reader app for ``document``; ``warnings`` are shown once as a notification."""
    return ReaderApp(document, warnings=warnings)
