"""One pane per party: its speakers and its position on every topic, in topic order.

Each topic is one entry even when the party is silent on it ("no stated position"), so
the panes list the same topics in the same order.  Under each position come its quotes.
The pane posts messages (``Moved``, ``TopicChanged``, ``QuoteChosen``); the app owns the
selection and calls :meth:`PartyPane.set_cursor` / :meth:`PartyPane.select_topic`.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.content import Content
from textual.css.scalar import Unit
from textual.css.types import EdgeType
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from positions.index import DocumentIndex
from positions.model import Document
from tui.log import say
from tui.prompts import position_prompt, quote_prompt
from tui.safe import literal, one_line, short_name
from tui.selection import Cursor
from tui.widgets.pane_scroll import DrawAhead, height_in_place_of, scroll_ahead
from tui.widgets.quote_list import QuoteList
from tui.workarounds import wrapped_line_count
from tui.workarounds.drawing import body_drawn_once

#: The most lines a party's speakers take (more are cut with ``…``).
_SPEAKER_LINES = 3

__all__ = ["PartyPane", "QuoteList"]


class PartyPane(Vertical):
    """A party's name (border title), speakers and positions, in topic order."""

    DEFAULT_CSS = """
    PartyPane {
        height: 1fr;
        border: round $panel;
        & > .party-pane--speakers {
            height: 1; padding: 0 1; text-wrap: wrap; text-overflow: ellipsis;
        }
        & > QuoteList, & > QuoteList:focus { height: 1fr; border: none; padding: 0; }
        /* The blank room after the last topic makes the list always overflow: keeping
           the scrollbar's room from the start, the options are measured once, not once
           without it and again with it; and a pane shown (tabbed) draws its scrollbar
           in its first frame, not a blank gutter until Textual finds it overflows. */
        & > QuoteList { scrollbar-gutter: stable; overflow-y: scroll; }
    }
    """

    class Moved(Message):
        """The user moved the cursor in a pane (the app updates the selection)."""

        def __init__(self, pane: PartyPane, cursor: Cursor) -> None:
            self.pane = pane
            """The pane."""
            self.party_index = pane.party_index
            """Index of the pane's party."""
            self.cursor = cursor
            """Where the cursor is now."""
            super().__init__()

    class TopicChanged(Message):
        """The user moved the cursor to another topic (other panes may follow)."""

        def __init__(self, pane: PartyPane, topic_index: int) -> None:
            self.pane = pane
            """The pane."""
            self.party_index = pane.party_index
            """Index of the pane's party."""
            self.topic_index = topic_index
            """The topic now under the cursor."""
            super().__init__()

    class QuoteChosen(Message):
        """The user chose a quote (``enter`` or a click): show it in the article."""

        def __init__(self, pane: PartyPane, topic_index: int, quote_index: int) -> None:
            self.pane = pane
            """The pane."""
            self.party_index = pane.party_index
            """Index of the pane's party."""
            self.topic_index = topic_index
            """The quote's topic."""
            self.quote_index = quote_index
            """The quote's index in its position."""
            super().__init__()

    def __init__(
        self,
        document: Document,
        index: DocumentIndex,
        party_index: int,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.document = document
        self.index = index
        self.party_index = party_index
        self.party = document.parties[party_index]
        self._entries: list[tuple[int, int | None]] = []
        self._topic_rows: dict[int, int] = {}
        self._color = Color(128, 128, 128)
        self._topic = 0
        self._spacer_height = 0
        self.deferred: tuple[int, bool] | None = None  # (row, top) set while hidden
        self.scroll_top_on_show = False
        self.ahead = DrawAhead(self)
        """Readies the list while hidden (tabbed), for the frame that shows it."""

    def set_document(self, document: Document, index: DocumentIndex) -> None:
        """Use another version of the document whose pane shows exactly the same (the
        quotes got linked): only the references change, the list is kept as it is."""
        self.document = document
        self.index = index
        self.party = document.parties[self.party_index]

    @property
    def number(self) -> int:
        """The party's 1-based number (its key and gutter marker)."""
        return self.party_index + 1

    @property
    def quote_list(self) -> QuoteList:
        """The focusable list of positions and quotes."""
        return self.query_one(QuoteList)

    @property
    def cursor(self) -> Cursor:
        """Where the pane's cursor is."""
        highlighted = self.deferred[0] if self.deferred else self.quote_list.highlighted
        if highlighted is None or not self._entries:
            return Cursor()
        topic, quote = self._entries[highlighted]
        return Cursor(topic, quote)

    def compose(self) -> ComposeResult:
        """Speakers line and the positions list."""
        # Wrapped, every pane's as high as the highest (see on_resize), so every pane's
        # first topic starts on the same row.
        label = self._speakers_label()
        speakers = Static(label, classes="party-pane--speakers")
        speakers.tooltip = label
        yield speakers
        yield QuoteList(*self._options())

    def _speakers_label(self) -> Content:
        return Content.assemble(("Speakers: ", "$text-muted"), literal(self._speaker_names))

    def _options(self) -> list[Option | None]:
        """The list's options (one entry per topic, its quotes under it), filling in
        ``_entries`` and ``_topic_rows`` anew."""
        self._entries, self._topic_rows = [], {}
        options: list[Option | None] = []
        for topic_index, topic in enumerate(self.document.topics):
            position = self.index.position(self.party_index, topic_index)
            self._topic_rows[topic_index] = len(self._entries)
            self._entries.append((topic_index, None))
            options.append(Option(position_prompt(topic.title, position)))
            if position is not None:
                for quote_index, quote in enumerate(position.quotes):
                    self._entries.append((topic_index, quote_index))
                    options.append(Option(quote_prompt(quote)))
            options.append(None)  # a rule between topics
        # Blank room after the last topic, so any topic can scroll to the top of the pane
        # (where synced panes put it): the same topic then starts on the same row everywhere.
        spacer = Content("\n" * self._spacer_height)
        options.append(Option(spacer, id="end-spacer", disabled=True))
        return options

    def refill(self, document: Document, index: DocumentIndex) -> None:
        """Show another version of the document in this pane, in place (a change coded,
        undone or reloaded): the list's options are made again (the quotes' entries are
        kept, measured: see :func:`~tui.prompts.quote_prompt`) and its scroll is kept; no
        widget is mounted.  The cursor is the caller's to set (:meth:`set_cursor`)."""
        self.set_document(document, index)
        quote_list = self.quote_list
        scroll_y = quote_list.scroll_y
        with self.prevent(OptionList.OptionHighlighted):
            if self.display:
                quote_list.set_options(self._options())
            else:  # measured when shown, as a pane just made is (hundreds of entries)
                quote_list.set_options_unmeasured(self._options())
        quote_list.scroll_to(y=scroll_y, animate=False, immediate=True)
        label = self._speakers_label()
        speakers = self.query_one(".party-pane--speakers", Static)
        if speakers.tooltip != label:  # a new speaker joined
            speakers.update(label)
            speakers.tooltip = label
            self.on_resize()  # they may need another line
        self._set_title()

    @property
    def _speaker_names(self) -> str:
        return ", ".join(one_line(s) for s in self.party.speakers) or "none named"

    def on_resize(self) -> None:
        """Keep the blank room after the last topic one pane high, in every pane (all are
        as large as each other, the hidden ones too), and the speakers as many lines as
        the longest list needs at this width (side by side, as high as the highest, so
        the same topic starts on the same row everywhere)."""
        if not self.parent:
            return
        panes = list(self.parent.query_children(PartyPane))
        width = self.content_region.width - 2  # the speakers' padding
        if width > 0:
            needs = {
                pane: wrapped_line_count(f"Speakers: {pane._speaker_names}", width)
                for pane in panes
            }
            # Side by side, all as high as the highest; one at a time, each its own.
            side_by_side = sum(1 for pane in panes if pane.display) > 1
            for pane, lines in needs.items():
                lines = min(max(needs.values()) if side_by_side else lines, _SPEAKER_LINES)
                speakers = pane.query_one(".party-pane--speakers")
                if pane.display and speakers.size.height and lines != speakers.size.height:
                    # (a list scrolled to its cursor before the layout keeps it in view)
                    grown = lines - speakers.size.height
                    quote_list = pane.quote_list
                    quote_list.expect_height(quote_list.scrollable_content_region.height - grown)
                speakers.styles.height = lines
        height = max(0, self.quote_list.scrollable_content_region.height - 2)
        if not height:
            return
        for pane in panes:
            pane.set_spacer(height)

    def set_spacer(self, height: int) -> None:
        """Make the blank room after the last topic ``height`` lines."""
        if height != self._spacer_height:
            self._spacer_height = height
            self.quote_list.replace_last_prompt(Content("\n" * height))  # (the spacer)

    def on_mount(self) -> None:
        """Start on the first topic."""
        self._set_title()
        if self._entries:
            with self.prevent(OptionList.OptionHighlighted):
                self.quote_list.highlighted = 0

    # ------------------------------------------------------------- rendering

    def render_lines(self, crop: Region) -> list[Strip]:
        """The border and background, each line between top and bottom drawn once."""
        return body_drawn_once(self, crop, super().render_lines)

    def set_color(self, color: Color) -> None:
        """Use ``color`` (already adapted to the theme) for the border and the name."""
        self._color = color
        self._set_border()
        self._set_title()

    def _set_border(self, focused: bool | None = None) -> None:
        # Heavy when focused: the cue that does not depend on colour.
        focused = self.has_focus_within if focused is None else focused
        edge: EdgeType = "heavy" if focused else "round"
        border = (edge, self._color)
        if border != self._border:  # (setting it redraws the pane, even unchanged)
            self._border = border
            self.styles.border = border

    _border: tuple[EdgeType, Color] | None = None  # the border set last

    def show_focus(self, focused: bool) -> None:
        """A heavy border if the pane is ``focused`` (is about to get the keyboard), else a
        light one.  Called as the focus moves, so the frame that shows the move shows the
        border too: from ``DescendantFocus`` (a message one step later) the pane is often
        drawn a frame after the rest."""
        self._set_border(focused)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Show focus with a heavy border (and note a focused list's style: DrawAhead)."""
        self._set_border()
        DrawAhead.note_focused(self.quote_list)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Back to a light border."""
        self._set_border()

    def _set_title(self) -> None:
        title = (self.number, short_name(self.party.name), self._color.hex)
        if title != self._title:  # (setting it redraws the pane, even unchanged)
            self._title = title
            self.border_title = Content.assemble(
                (f"{title[0]} ", "bold"), Content.styled(title[1], f"bold {title[2]}")
            )

    _title: tuple[int, str, str] | None = None  # the title set last: number, name, colour

    # --------------------------------------------------------------- cursor

    def set_cursor(self, cursor: Cursor, *, top: bool = False) -> None:
        """Put the cursor on ``cursor`` without posting messages; scroll it into view.

        On a hidden pane (the tabbed layout shows one) the move waits until the pane is
        shown: moving an option list's highlight measures every option first, which on a
        large file costs tens of milliseconds a pane, and a hidden pane is measured at a
        width it may not have when shown.
        """
        row = self._row_of(cursor)
        if row is None:
            return
        self._topic = cursor.topic_index
        if not self.display:
            self.deferred = (row, top or bool(self.deferred and self.deferred[1]))
            self.ahead.later()  # the entries around the cursor, once it stops moving
            return
        self.deferred = None
        self._move_to(row, top=top)

    def _move_to(self, row: int, *, top: bool) -> None:
        quote_list = self.quote_list
        with self.prevent(OptionList.OptionHighlighted):
            quote_list.highlighted = row
        if top:
            quote_list.scroll_to_highlight(top=True)

    def set_current(self, current: bool, *, restyle: bool) -> None:
        """Mark the pane current (``-current``: shown when tabbed) or not; ``restyle`` it
        when that changes what is shown.  Only the pane is restyled (only its ``display``
        depends on the class), not its list: ~4 ms a pane before the first frame."""
        if current == self.has_class("-current"):
            return
        self.set_class(current, "-current", update=False)
        if restyle:
            self.app.stylesheet.update_nodes([self])

    def show_cursor(self, in_place_of: QuoteList | None = None, *, fewer: int = 0) -> None:
        """Make the cursor move made while hidden, now: the pane is about to be shown
        (keys typed next act on it).  Hidden and to be shown in place of the list
        ``in_place_of`` (tabbed: the same size), its list is scrolled to the cursor now,
        so the frame that shows the pane shows it (see :mod:`tui.widgets.pane_scroll`);
        else its scroll waits until it is shown.  ``fewer``: lines the panes lose in the
        layout to come (the party tabs about to be shown above them)."""
        if self.deferred is not None:
            row, top = self.deferred
            self.deferred = None
            self.scroll_top_on_show = self.scroll_top_on_show or top
            with self.prevent(OptionList.OptionHighlighted):
                self.quote_list.highlighted = row
        if in_place_of is not None and not self.display:
            height = height_in_place_of(self, in_place_of, fewer)
            if height is None or not self._entries:
                return
            # Its blank room now, as its resize would make it (a pane just made has
            # none): without, its list did not overflow, and its first frame showed
            # no scrollbar thumb (a quote coded to a new party: the thumb a frame late).
            self.set_spacer(max(0, height - 2))
            ends = {row - 1 for row in self._topic_rows.values() if row}
            ends.add(len(self._entries) - 1)  # (the options a rule follows)
            if scroll_ahead(self.quote_list, in_place_of, ends, height,
                            top=self.scroll_top_on_show):  # fmt: skip
                self.scroll_top_on_show = False

    @property
    def topic_rows(self) -> dict[int, int]:
        """Each topic's entry: its option's index in the list, by topic index."""
        return self._topic_rows

    def speaker_rows(self) -> int | None:
        """The rows the speakers line is given (:meth:`on_resize`), if it is given some."""
        height = self.query_one(".party-pane--speakers").styles.height
        return int(height.value) if height is not None and height.unit == Unit.CELLS else None

    def on_show(self) -> None:
        """Shown again (tabbed layout): make the cursor move made while hidden."""
        self.show_cursor()
        if self.scroll_top_on_show:
            self.scroll_top_on_show = False
            self.quote_list.scroll_to_highlight(top=True)

    def align_topic(self) -> None:
        """Scroll the cursor's topic to the top (as synced panes are), keeping the cursor
        in view, so the same topic starts on the same row in every pane."""
        quote_list = self.quote_list
        current = quote_list.highlighted
        header = self._topic_rows.get(self._topic)
        if current is None or header is None:
            return
        with self.prevent(OptionList.OptionHighlighted):
            quote_list.highlighted = header
            quote_list.scroll_to_highlight(top=True)
            quote_list.highlighted = current

    def keep_scroll(self, y: float) -> None:
        """Scroll the list to ``y`` (where the pane it replaces was) once it is laid out:
        before, it has no height to scroll in, and showing it scrolls to the cursor."""

        def scroll() -> None:
            self.quote_list.scroll_to(y=y, animate=False, immediate=True)

        # After the refresh that lays the list out, and after what that layout asks for
        # (a list laid out at a new width scrolls back to its cursor once drawn).
        self.call_after_refresh(self.call_after_refresh, scroll)

    def measure_like(self, shown: QuoteList) -> None:
        """Measure this pane's entries at the width of ``shown`` (the list of the pane on
        screen; in the tabbed layout every pane gets that width when shown) and draw
        those its first frame will show, so that showing this pane does not measure and
        draw hundreds of entries first (see :class:`~tui.widgets.pane_scroll.DrawAhead`)."""
        self.ahead.turn(shown)

    def reveal_cursor(self) -> None:
        """Scroll the cursor into view (after the pane was hidden)."""
        self.quote_list.scroll_to_highlight()

    def select_topic(self, topic_index: int) -> None:
        """Put the cursor on a topic's position (or silence) and scroll it to the top."""
        self.set_cursor(Cursor(topic_index, None), top=True)

    def select_quote(self, topic_index: int, quote_index: int) -> None:
        """Put the cursor on a quote."""
        self.set_cursor(Cursor(topic_index, quote_index))

    def _row_of(self, cursor: Cursor) -> int | None:
        row = self._topic_rows.get(cursor.topic_index)
        if row is None:
            return None
        if cursor.quote_index is not None:
            candidate = row + 1 + cursor.quote_index
            if candidate < len(self._entries) and self._entries[candidate] == (
                cursor.topic_index,
                cursor.quote_index,
            ):
                return candidate
        return row

    def step_quote(self, direction: int) -> None:
        """Move to the next/previous quote in this pane and choose it (wraps around)."""
        rows = [i for i, (_, q) in enumerate(self._entries) if q is not None]
        if not rows:
            say(self.app, f"{self.party.name} has no quotes.", severity="warning")
            return
        current = self.quote_list.highlighted or 0
        if direction > 0:
            target = next((r for r in rows if r > current), rows[0])
        else:
            target = next((r for r in reversed(rows) if r < current), rows[-1])
        self.quote_list.highlighted = target
        topic, quote = self._entries[target]
        assert quote is not None
        self.post_message(self.QuoteChosen(self, topic, quote))

    # ------------------------------------------------------------- messages

    def on_quote_list_step_quote(self, event: QuoteList.StepQuote) -> None:
        """``n``/``N`` in the list: the next/previous quote."""
        event.stop()
        self.step_quote(event.direction)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The user moved: tell the app (and whether the topic changed)."""
        event.stop()
        if event.option_index != self.quote_list.highlighted:
            # Stale: the cursor was set since (a highlight set before the list was
            # mounted is reported late, outside ``prevent``).
            return
        topic, quote = self._entries[event.option_index]
        self.post_message(self.Moved(self, Cursor(topic, quote)))
        if topic != self._topic:
            self._topic = topic
            self.post_message(self.TopicChanged(self, topic))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """``enter``/click: choose the quote (on a position: its first quote)."""
        event.stop()
        topic, quote = self._entries[event.option_index]
        if quote is None:
            position = self.index.position(self.party_index, topic)
            if position is None or not position.quotes:
                what = "no stated position" if position is None else "no quotes"
                say(
                    self.app,
                    f"{self.party.name} has {what} on {self.document.topics[topic].title}.",
                    timeout=3,
                )
                return
            quote = 0
        self.post_message(self.QuoteChosen(self, topic, quote))

