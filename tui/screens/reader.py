"""The reader screen: its keys and what they do (what it shows: :mod:`tui.screens.reader_view`).

The path a key takes: the screen's binding, its action here, a change of the
:class:`~tui.selection.Selection`, the widgets shown again.  The app's own keys (``?``,
``q``) are the app's; these work only while the reader is the screen on top.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from tui.key_hold import release_typed_ahead
from tui.log import say
from tui.screens.reader_coding import CodingReader
from tui.split import article_columns, step_share
from tui.widgets.article_view import ArticleView
from tui.widgets.party_pane import PartyPane, QuoteList
from tui.widgets.status import search_title
from tui.workarounds import terminal_width

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.widget import AwaitMount, Widget

    from tui.screens.compare import CompareScreen
    from tui.screens.export import ExportDone
    from tui.widgets.search_bar import SearchBar

__all__ = ["ReaderScreen"]


def _pane_of(widget: DOMNode | None) -> PartyPane | None:
    """The party pane ``widget`` is in (or is), if any."""
    while widget is not None and not isinstance(widget, PartyPane):
        widget = widget.parent
    return widget


def _party_keys() -> list[Binding]:
    return [
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
    ]


class ReaderScreen(CodingReader):
    """Read an article beside what each party said about each topic."""

    # No focus by Textual before ``on_mount`` gives it (party 1's pane, else the article):
    # the article focused then blurred restyled it twice before the first frame.
    AUTO_FOCUS = ""

    # Hidden behind the article, the panes, the status line and the footer: drawn as its
    # background alone, not line by line (see tui.widgets.boxes).
    BLANK: ClassVar[bool] = True

    # The footer shows the keys in this order (then the app's ``?`` and ``q``), only
    # those that fit 80 columns; the others are on ``?`` and in the palette.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "next_pane", "Pane", priority=True, id="next_pane",
                tooltip="Next pane (the article, then each party)"),
        Binding("shift+tab", "previous_pane", "Previous pane", priority=True, show=False,
                id="previous_pane", tooltip="Previous pane"),
        *_party_keys(),
        # A priority key: its action runs before the keys typed after it are passed on,
        # so "/kursk" typed in one burst all lands in the search bar.
        Binding("slash", "search", "Search", id="search", priority=True,
                tooltip="Search the article (then n / N / enter step through matches)"),
        Binding("c", "compare", "Compare", id="compare",
                tooltip="Comparison matrix: topics x parties"),
        Binding("e", "export", "Export", id="export",
                tooltip="Export: Markdown, HTML, JSON, CSV or an SVG picture of the comparison "
                        "(in a browser, the file downloads)"),
        Binding("b", "balance", "Balance", id="balance",
                tooltip="Balance: each party's positions, quotes, words and how they are known"),
        Binding("s", "toggle_sync", "Sync", show=False, id="sync",
                tooltip="Sync topics: keep every party pane on the same topic (on/off)"),
        Binding("a", "focus_article", "Article", show=False, id="article",
                tooltip="Go to the article"),
        Binding("y", "copy_summary", "Copy summary", show=False, id="copy_summary",
                tooltip="Copy the Markdown summary (through the terminal's clipboard, OSC 52)"),
        Binding("less_than_sign", "split(-1)", "Narrower article", show=False, key_display="<",
                id="split_narrower", tooltip="Narrower article, wider party panes"),
        Binding("greater_than_sign", "split(1)", "Wider article", show=False, key_display=">",
                id="split_wider", tooltip="Wider article, narrower party panes"),
        # Authoring (tui.screens.reader_coding): the article's selection keys are its own.
        Binding("m", "code", "Code quote", show=False, id="code",
                tooltip="Code the passage selected in the article (v, or a mouse drag)"),
        Binding("d", "remove_quote", "Remove quote", show=False, id="remove_quote",
                tooltip="In a party pane: remove the quote under the cursor (asks first)"),
        Binding("E", "edit_position", "Edit position", show=False, id="edit_position",
                tooltip="In a party pane: edit the position's stance, basis and summary"),
        Binding("left_square_bracket", "move_quote('start', 'word')", "Quote starts earlier",
                show=False, key_display="[",
                tooltip="In a party pane: the quote starts a word earlier"),
        Binding("right_square_bracket", "move_quote('end', 'word')", "Quote ends later",
                show=False, key_display="]",
                tooltip="In a party pane: the quote ends a word later"),
        Binding("left_curly_bracket", "move_quote('start', 'char')", "Start a character earlier",
                show=False, key_display="{",
                tooltip="In a party pane: the quote starts a character earlier"),
        Binding("right_curly_bracket", "move_quote('end', 'char')", "End a character later",
                show=False, key_display="}",
                tooltip="In a party pane: the quote ends a character later"),
        # Shrinking: the key below each of the above (US layout), shift for a character.
        Binding("semicolon", "move_quote('start', 'word', 'in')", "Quote starts later",
                show=False, key_display=";",
                tooltip="In a party pane: the quote starts a word later (shorter)"),
        Binding("apostrophe", "move_quote('end', 'word', 'in')", "Quote ends earlier",
                show=False, key_display="'",
                tooltip="In a party pane: the quote ends a word earlier (shorter)"),
        Binding("colon", "move_quote('start', 'char', 'in')", "Start a character later",
                show=False, key_display=":",
                tooltip="In a party pane: the quote starts a character later"),
        Binding("quotation_mark", "move_quote('end', 'char', 'in')", "End a character earlier",
                show=False, key_display='"',
                tooltip="In a party pane: the quote ends a character earlier"),
        Binding("u", "undo", "Undo", show=False, id="undo",
                tooltip="Undo the last change to the positions file"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="redo",
                tooltip="Redo the last change undone"),
    ]

    #: The article's share of the width chosen with ``<`` / ``>`` (``None``: automatic).
    article_share: int | None = None
    #: The search bar's mount while it is under way (then done: awaiting it again returns).
    _search_bar_mounting: AwaitMount | None = None

    #: Actions that need every quote linked (not offered on a preview).
    LINKED_ACTIONS: ClassVar[frozenset[str]] = frozenset({"export", "copy_summary"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Export and copy need every quote linked: shown, but disabled until then.  In the
        search bar, ``/`` is a character to search for."""
        if action in self.LINKED_ACTIONS and not self.document.linked:
            return None
        return not (action == "search" and isinstance(self.focused, Input))

    def opens_screen(self, key: str) -> bool:
        """Whether ``key`` opens a dialog whose fields take the keys typed after it (the
        app holds those for it: :class:`tui.key_hold.CollectAfterKeys`)."""
        return key in ("m", "E") and not isinstance(self.focused, Input)

    def action_code(self) -> None:
        """``m``: code the passage selected in the article (see ``CodingReader``)."""
        super().action_code()
        self._no_dialog_opened()

    def action_edit_position(self) -> None:
        """``E``: edit the position's stance, basis and summary (see ``CodingReader``)."""
        super().action_edit_position()
        self._no_dialog_opened()

    def _no_dialog_opened(self) -> None:
        if self.app.screen is self:  # (nothing selected, no position: said why)
            release_typed_ahead(self.app)

    # --------------------------------------------------------------- panes

    def _focused_pane(self) -> int:
        focused = self.focused
        if isinstance(focused, ArticleView):
            return -1
        if isinstance(focused, QuoteList) and isinstance(focused.parent, PartyPane):
            return focused.parent.party_index
        return self.selection.current_party

    def set_focus(
        self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False
    ) -> None:
        """As ``Screen.set_focus``; the party panes that lose or gain the keyboard change
        their border first, so the frame that shows the new focus shows it whole.

        Left to their ``DescendantFocus`` (a message one step later than the focus), ``tab``
        and ``2`` drew the new pane's options and the article's light border in one
        frame and the pane's heavy border in the next (tens of milliseconds later).
        Before the focus moves, each pane's repaint is queued ahead of the focus events;
        the status line describes the pane focused from the same frame."""
        if widget is None or not widget.focusable or widget is self.focused:
            super().set_focus(widget, scroll_visible, from_app_focus)
            return
        before, after = _pane_of(self.focused), _pane_of(widget)
        if before is not after:
            if before is not None:
                before.show_focus(False)
            if after is not None:
                after.show_focus(True)
        super().set_focus(widget, scroll_visible, from_app_focus)
        self.update_status()

    def _step_pane(self, direction: int) -> None:
        order = [-1, *range(len(self.document.parties))]
        focused = self._focused_pane()
        position = order.index(focused) if focused in order else 0
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
            say(self.app, f"There is no party {number}.", severity="warning", timeout=2)
            return
        self.focus_party(number - 1)

    def action_focus_article(self) -> None:
        """``a``: go to the article."""
        self.focus_now(self.article)

    # --------------------------------------------------------------- split

    def action_split(self, direction: int) -> None:
        """``<`` / ``>``: give the article less / more of the width."""
        if self.has_class("-tiny"):
            say(self.app, "The article is above the party pane at this width.", timeout=2)
            return
        self.article_share = step_share(
            self.article_share, self.size.width, self.article.outer_size.width, direction
        )
        self._apply_split()

    def on_resize(self) -> None:
        """Split the new width between the article and the panes, in the layout class of
        that width: resized under a dialog, this screen gets no breakpoint update from
        Textual (the dialog on top does), and the split took the class of the size before
        (QA: 80 -> 160 -> 80 columns under the code dialog left the article 30 columns
        wide instead of 38)."""
        self.set_breakpoints(self.breakpoints)
        self._apply_split()

    def _apply_split(self) -> None:
        columns = article_columns(
            self.size.width or terminal_width(self.app),
            len(self.document.parties),
            self.article_share,
            wide=self.has_class("-wide"),
            stacked=self.has_class("-tiny"),
        )
        article = self.article
        article.styles.width = None if columns is None else columns
        article.styles.min_width = None if columns is None else columns
        article.styles.max_width = None if columns is None else columns

    def on_screen_resume(self) -> None:
        """Back on top with nothing focused (what ``AUTO_FOCUS`` did): the current party's
        pane, else the article."""
        if self.focused is None:
            if self.panes:
                self.focus_now(self.panes[self.selection.current_party].quote_list)
            else:
                self.focus_now(self.article)

    # --------------------------------------------------------------- search

    def on_mount(self) -> None:
        """Split the width before the first frame (not on the first resize, which comes
        after it: the first frame would show another split, then move); once that frame
        is shown, make the search bar (hidden), so that ``/`` and the keys typed right
        after it all reach it."""
        self._apply_split()
        self.call_after_refresh(self._search_bar)

    async def _search_bar(self) -> SearchBar:
        """The search bar, mounted hidden on first need (not on a screen going away)."""
        from tui.widgets.search_bar import SearchBar

        bars = self.query(SearchBar)
        if bars:
            # It may still be mounting (made after the first frame): its field comes with
            # its mount, and ``/`` pressed meanwhile must wait for it, not find it missing.
            if self._search_bar_mounting is not None:
                await self._search_bar_mounting
            return bars.first()
        bar = SearchBar(id="search-bar")
        bar.display = False
        if self.is_attached:
            # First of the screen's children: mounted last, its showing or hiding changed
            # the painting order of every widget before it, so Textual repainted the whole
            # screen on ``/`` and on ``enter`` (it is on its own layer: drawn on top anyway).
            self._search_bar_mounting = self.mount(bar, before=0)
            await self._search_bar_mounting
        return bar

    async def action_search(self) -> None:
        """``/``: search the article."""
        bar = await self._search_bar()
        self._focus_before_search = self.focused
        bar.open(self.article.search_term)
        self.article.prepare_search()

    def on_search_bar_submitted(self, message: SearchBar.Submitted) -> None:
        """``enter`` in the search bar: highlight the matches and step through them."""
        message.bar.close()
        term = message.term
        count = self.article.search(term)
        self.show_search_count()  # in this frame, not the next (a message on: 25-40 ms)
        self.focus_now(self.article)
        if term.strip() and not count:
            say(
                self.app,
                f"No matches for “{term.strip()}”.", severity="warning", timeout=3
            )
        self.update_status()

    def on_article_view_search_moved(self, message: ArticleView.SearchMoved) -> None:
        """The current search match changed (``n``/``N``): update the count shown."""
        # (Not attached: the reader is closing; unchanged: shown with the search already.)
        if message.view.is_attached and self.show_search_count():
            self.update_status()

    _search_shown: tuple[str, int, int] | None = None  # the count last shown

    def show_search_count(self) -> bool:
        """The search's term and count in the article's title, set only when they change
        (setting it draws the article again); whether they changed."""
        article = self.article
        shown = (article.search_term, article.match_index, article.match_count)
        if shown == self._search_shown:
            return False
        self._search_shown = shown
        article.border_title = search_title(*shown)
        return True

    def on_search_bar_cancelled(self, message: SearchBar.Cancelled) -> None:
        """``escape`` in the search bar: close it, focus back; or it lost the focus: close
        it, the focus staying where it went."""
        if not message.bar.display:
            return
        message.bar.close()
        before = self._focus_before_search
        if message.focus_left or before is None or not before.is_attached:
            return  # a click or tab put the focus where the user wants it
        if before.screen is self:
            self.focus_now(before)

    # --------------------------------------------------------------- dialogs

    def action_compare(self) -> None:
        """``c``: the comparison matrix; choosing a cell opens that position."""
        if not self.document.parties or not self.document.topics:
            say(self.app, "Nothing to compare: no parties or no topics.", severity="warning")
            return

        def chosen(choice: tuple[str, str] | None) -> None:
            """Open the chosen cell's position (``None``: closed without choosing)."""
            if choice is None:
                return
            party_id, topic_id = choice
            party = self.index.party_ids.get(party_id)
            topic = self.index.topic_ids.get(topic_id)
            if party is not None and topic is not None:  # (a reload may have dropped it)
                self.open_position(party, topic)

        self.app.push_screen(self._comparison(), chosen)

    _compared: tuple[CompareScreen, str] | None = None
    """The matrix built last and the theme it was drawn in (shown again while they hold)."""

    def _comparison(self) -> CompareScreen:
        """The matrix, on the current party and topic: the one built before if it shows
        this version in these colours (it is kept installed), else a new one."""
        from tui.screens.compare import CompareScreen

        app, selection = self.app, self.selection
        party, topic = selection.current_party, selection.cursor.topic_index
        if self._compared is not None:
            kept, theme = self._compared
            if (kept.document is self.document and kept.party_colors == self.party_colors
                    and theme == app.theme):
                kept.start_at(party, topic)
                return kept
            app.uninstall_screen(kept)
        screen = CompareScreen(self.document, self.party_colors, party, topic)
        app.install_screen(screen, "comparison")
        self._compared = (screen, app.theme)
        return screen

    def action_balance(self) -> None:
        """``b``: the balance view, each party's evidence side by side."""
        if not self.document.parties:
            say(self.app, "No parties to balance.", severity="warning")
            return
        from tui.screens.balance import BalanceScreen

        self.app.push_screen(BalanceScreen(self.document, self.party_colors))

    def action_toggle_sync(self) -> None:
        """``s``: turn topic syncing on or off."""
        self._show_synced(self.selection.toggle_sync())
        state = "on" if self.selection.sync_topics else "off"
        say(self.app, f"Sync topics: {state}", timeout=2)
        self.update_status()

    def action_export(self) -> None:
        """``e``: the export dialog; a notification names the file written."""
        if not self._ready_to_export():
            return

        def exported(done: ExportDone | None) -> None:
            """The dialog wrote a file (``None``: cancelled)."""
            if done is not None:
                self.last_export_format = done.format.key  # offered first next time
                where = "as the download" if done.downloaded else "to"
                say(
                    self.app,
                    f"Exported {done.format.name} {where} {done.path}", title="Export",
                    timeout=6,
                )

        from tui.screens.kept import export_dialog  # built once (the download one in a browser)

        dialog = export_dialog(self.app, self.document, self.last_export_format)

        def closed(done: ExportDone | None) -> None:
            exported(done)
            # Reset now, hidden, for the next ``e`` (a format chosen settles meanwhile).
            dialog.reopen(self.document, self.last_export_format)

        self.app.push_screen(dialog, closed)

    def prepare_dialogs(self) -> None:
        """The dialogs' modules loaded after the first frame: build the export dialog,
        hidden, so that ``e`` only shows it (:mod:`tui.screens.kept`).  Not while a dialog
        is open or a worker runs (the file linking or being saved: its frame comes
        first); it is tried again a moment later."""
        from textual.worker import WorkerState

        from tui.screens.kept import prepare_export

        if not self.is_attached or not self.app.is_running:
            return
        busy = any(worker.state == WorkerState.RUNNING for worker in self.app.workers)
        if busy or self.app.screen is not self:
            self.set_timer(0.25, self.prepare_dialogs)
            return
        prepare_export(self.app, self.document, self.last_export_format)

    def action_copy_summary(self) -> None:
        """``y``: send the Markdown summary to the clipboard (OSC 52, if the terminal allows)."""
        if not self._ready_to_export():
            return
        from tui.screens.export import markdown_summary

        text = markdown_summary(self.document)
        self.app.copy_to_clipboard(text)
        lines = len(text.splitlines())
        through = "the browser" if self.app.is_web else "the terminal (OSC 52)"
        say(
            self.app,
            f"Markdown summary copied ({lines} lines) through {through}, if it allows that.",
            title="Copy summary",
            timeout=5,
        )

    def action_messages(self) -> None:
        """The palette's "Messages": everything the reader said, kept after it faded."""
        from tui.log import MessageLog
        from tui.screens.messages import MessagesScreen

        app = self.app
        self.app.push_screen(MessagesScreen(app.messages if isinstance(app, MessageLog) else ()))

    def _ready_to_export(self) -> bool:
        """Exports need every quote linked; on a preview, say so (the palette can ask early)."""
        if self.document.linked:
            return True
        say(
            self.app,
            "The quotes are still being linked; export once they are.",
            title="Export",
            severity="warning",
            timeout=3,
        )
        return False
