"""A hidden party pane's list measured, and scrolled to its cursor, before it is shown.

In the tabbed layout one party pane is shown at a time, the others hidden (``display:
none``), and a hidden list has no size: scrolled to its cursor once shown (Textual's
``Show``), it was drawn first as it was scrolled before, its cursor out of view, and a
frame later where the cursor is (``N`` on the large case: the frame showing the other
party's pane at its top, then the jump).  All panes are as large as each other, so the
list's size once shown is the shown list's (less the lines its own speakers take more):
the cursor's lines are worked out at that width from the measured heights (each prompt
keeps its height per width: see :func:`measure_like`) and the list scrolled there now.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast
from weakref import WeakKeyDictionary

from textual.css.styles import RulesMap
from textual.geometry import Region, Size, clamp
from textual.style import Style as VisualStyle
from textual.visual import Visual
from textual.widgets import OptionList

from tui.workarounds import MeasuredOptionList

if TYPE_CHECKING:  # (the pane imports this module)
    from textual.screen import Screen
    from textual.timer import Timer

    from tui.widgets.party_pane import PartyPane

__all__ = [
    "DrawAhead",
    "height_in_place_of",
    "measure_hidden",
    "measure_like",
    "row_when_shown",
    "scroll_ahead",
]


def measure_hidden(panes: Sequence[PartyPane]) -> None:
    """Tabbed panes (one shown): measure each hidden pane's entries at the shown one's
    width and draw those its first frame will show (:class:`DrawAhead`), one pane every
    0.1 s so that no key waits long behind it; showing a pane then measures and draws
    (almost) nothing first.  Side by side, each pane draws ahead what it shows at each
    topic's top (tabbed, that drew 80 entries of the large case's pane for nothing, a
    burst of turns the keys then waited behind)."""
    shown = [pane for pane in panes if pane.display]
    if len(shown) > 1:  # side by side: each at its topics' tops, where a synced pane goes
        for pane in shown:  # (tabbed, the pane shown follows no other: none drawn ahead)
            pane.ahead.later()
    if len(shown) != 1:
        return  # side by side: each pane measured itself when drawn
    hidden = [pane for pane in panes if not pane.display]
    DrawAhead.note_focused(shown[0].quote_list)  # (the first frame's: the first pane's)
    for delay, pane in enumerate(hidden, 1):
        pane.set_timer(0.1 * delay, partial(pane.measure_like, shown[0].quote_list))


def measure_like(hidden: MeasuredOptionList, shown: OptionList) -> bool:
    """Measure the entries of ``hidden`` (a list not shown) at the width of ``shown``, as
    ``OptionList`` would once ``hidden`` is shown at that width (tabbed: every pane is);
    whether it could (not when either list is not styled yet)."""
    try:
        shown.get_component_styles("option-list--option")
        return hidden.measure_at(shown.scrollable_content_region.width)
    except KeyError:
        # Not styled yet (just mounted, by a reload or a new party, on a busy machine):
        # nothing to measure by; the list measures itself when shown.
        return False


def height_in_place_of(pane: PartyPane, shown: OptionList, fewer: int = 0) -> int | None:
    """The height ``pane``'s list gets shown in place of the list ``shown`` (tabbed: the
    other's, less the lines its own speakers take more, less ``fewer``)."""
    mine = pane.speaker_rows()
    other = shown.parent
    theirs = other.speaker_rows() if isinstance(other, type(pane)) else None
    if mine is None or theirs is None:
        return None
    return shown.scrollable_content_region.height + theirs - mine - fewer


def row_when_shown(pane: PartyPane) -> tuple[int | None, bool]:
    """The option ``pane``'s cursor will be on once shown, and whether it goes to the top
    (a move made while hidden waits: ``PartyPane.show_cursor``)."""
    row, top = pane.deferred or (pane.quote_list.highlighted, False)
    return row, top or pane.scroll_top_on_show


class DrawAhead:
    """A hidden pane's list made ready to be shown while the user reads (issue 15).

    Shown (``2``, ``tab``, ``n`` to another party's quote), a list measured its hundreds of
    entries and drew each entry on screen for the first time in the frame that showed it
    (a third of that frame on the benchmark's large case).  Here, on timers, the list is
    measured at the width the shown pane has, and the entries its first frame will show
    (as :func:`scroll_ahead` will scroll it) are drawn into ``OptionList``'s own cache, a
    few a turn so that a key never waits long behind it
    (:meth:`~tui.workarounds.MeasuredOptionList.draw_ahead`).  Started once a version is
    shown (:func:`measure_hidden`) and again after each move of the pane's cursor while
    it is hidden (synced panes follow the topic)."""

    #: Seconds after the last move of the cursor before drawing starts (a held key waits).
    AFTER_MOVE = 0.15
    #: Seconds between two turns, and drawings made a turn (~1 ms each).
    STEP, PER_TURN = 0.02, 3
    #: Per screen, a focused list's entries' and rules' styles seen last (a pane is shown
    #: focused by ``2`` from the article too): each entry is drawn in them and in its own
    #: list's.
    focused: ClassVar[WeakKeyDictionary[Screen[object], tuple[VisualStyle, VisualStyle]]] = (
        WeakKeyDictionary()
    )

    #: The same for a list not focused.
    unfocused: ClassVar[WeakKeyDictionary[Screen[object], tuple[VisualStyle, VisualStyle]]] = (
        WeakKeyDictionary()
    )

    @classmethod
    def note_focused(cls, shown: OptionList) -> None:
        """Note the style of the entries of ``shown`` as a focused or an unfocused list's
        (see ``focused``)."""
        if shown.is_mounted:  # (an entry's style, and a rule's)
            noted = cls.focused if shown.has_focus else cls.unfocused
            noted[shown.screen] = (
                shown.get_visual_style("option-list--option"),
                shown.get_visual_style("option-list--separator"),
            )

    def __init__(self, pane: PartyPane) -> None:
        self.pane = pane
        self._timer: Timer | None = None
        self.ready = False
        """Whether the last turn left nothing to draw (until the cursor moves again)."""

    @property
    def pending(self) -> bool:
        """Whether a turn is still to come."""
        return self._timer is not None

    _shown_todo: list[int] | None = None  # a shown list's entries left (see _turn_shown)

    def later(self) -> None:
        """Start (again) in :attr:`AFTER_MOVE` seconds; a turn waiting is dropped."""
        self.ready = False
        self._shown_todo = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.pane.is_mounted:
            self._timer = self.pane.set_timer(self.AFTER_MOVE, self.turn)

    #: At most this many entries of a shown list drawn ahead (each in two or three styles).
    SHOWN_MOST = 80

    def turn(self, shown: OptionList | None = None) -> None:
        """Measure the hidden list and draw a few of the entries its first frame will show
        (``shown``: the list it will be shown in place of, else the one shown now); the
        next turn is set while some are left.  A shown list: see :meth:`_turn_shown`."""
        self._timer = None
        pane = self.pane
        if not pane.is_mounted or pane.parent is None:
            return
        if getattr(pane.screen, "linking", None) is not None:
            # The file is still linking: the worker that takes it in (unpickles it, wraps
            # the article) shares the interpreter with this thread, and took twice as long
            # while panes were drawn ahead.  Later.
            self._timer = pane.set_timer(self.AFTER_MOVE, partial(self.turn, shown))
            return
        if pane.display:
            self._turn_shown()
            return
        if shown is None or shown.parent is None or not shown.parent.display:
            lists = [p.quote_list for p in pane.parent.query_children(type(pane)) if p.display]
            if len(lists) != 1:
                return  # side by side (or nothing shown yet): nothing hidden to ready
            shown = lists[0]
        hidden = pane.quote_list
        height = height_in_place_of(pane, shown)
        if height is None or height <= 0 or not measure_like(hidden, shown):
            return
        row, top = row_when_shown(pane)
        todo = [
            index for index in hidden.options_in_view(row, height, top=top) if index != row
        ]
        self.note_focused(shown)
        styles = [self.focused[pane.screen]] if pane.screen in self.focused else []
        drawn = 0
        width = shown.scrollable_content_region.width
        while todo and drawn < self.PER_TURN:
            drawn += hidden.draw_ahead(width, [todo.pop(0)], styles)
        if todo:
            self._timer = pane.set_timer(self.STEP, partial(self.turn, shown))
        else:
            self.ready = True

    def _turn_shown(self) -> None:
        """Draw a few of the entries a shown list shows once scrolled to a topic (synced
        panes follow the topic of a quote selected or coded anywhere: each pane then
        puts it at its top, its cursor on the topic's entry, and drew its entries there
        for the first time in that frame: most of the frame that showed a quote coded on
        the seed).  Each entry is drawn in the list's style now and in a focused and an
        unfocused list's (coded, the pane gets the focus), a topic's entry also as the
        cursor's.  Topics nearest the cursor first; at most :attr:`SHOWN_MOST` entries."""
        quote_list = self.pane.quote_list
        region = quote_list.scrollable_content_region
        if region.height <= 0 or not quote_list.measured_at(region.width):
            return
        self.note_focused(quote_list)
        screen = self.pane.screen
        styles = [self.focused[screen]] if screen in self.focused else []
        if screen in self.unfocused:
            styles.append(self.unfocused[screen])
        cursor = (
            quote_list.get_visual_style("option-list--option", "option-list--option-highlighted"),
            quote_list.get_visual_style("option-list--separator"),
        )
        topic_entries = set(self.pane.topic_rows.values())
        if self._shown_todo is None:  # (worked out on the first turn after later())
            tops = sorted(self.pane.topic_rows.values(),
                          key=lambda row: abs(row - (quote_list.highlighted or 0)))  # fmt: skip
            self._shown_todo = list(dict.fromkeys(
                index for row in tops
                for index in quote_list.options_in_view(row, region.height, top=True)
            ))[: self.SHOWN_MOST]  # fmt: skip
        todo = self._shown_todo
        drawn = 0
        while todo and drawn < self.PER_TURN:
            index = todo.pop(0)
            if index >= len(quote_list.options):  # (refilled since, shorter: later() comes)
                continue
            drawn += quote_list.draw_ahead(region.width, [index], styles)
            if index in topic_entries:
                drawn += quote_list.draw_ahead(region.width, [index], [cursor])
        if todo:
            self._timer = self.pane.set_timer(self.STEP, self.turn)
        else:
            self.ready = True


def scroll_ahead(hidden: OptionList, shown: OptionList, ends: Collection[int], height: int,
                 *, top: bool) -> bool:  # fmt: skip
    """Scroll ``hidden`` (a list not shown) to its highlighted option as if it were as
    wide as ``shown`` and ``height`` lines high: into view from where it is scrolled, or
    to the top with ``top``, as ``OptionList.scroll_to_highlight`` would once it is
    shown.  ``ends``: the options a rule follows (the last of each topic).  Whether it
    could (else it is left to be scrolled once shown)."""
    row = hidden.highlighted
    width = shown.virtual_size.width  # what the options are measured at (no gutter)
    if row is None or width <= 0 or height <= 0:
        return False
    try:
        padding = shown.get_component_styles("option-list--option").padding
    except KeyError:  # not styled yet
        return False
    measured = None
    if isinstance(hidden, MeasuredOptionList) and row < len(hidden.options):
        measured = hidden.measured_place(row, shown.scrollable_content_region.width)
    if measured is not None:  # drawn ahead (DrawAhead): its lines known (~3 ms on 500)
        found, y = Region(0, measured[0], width, measured[1]), measured[2]
    else:
        rules = cast(RulesMap, shown.styles)  # (what OptionList measures with)
        y, place = 0, None
        for index, option in enumerate(hidden.options):
            prompt = option.prompt
            if not isinstance(prompt, Visual):
                return False  # not one of the pane's prompts: left to OptionList
            lines = prompt.get_height(rules, width - padding.width) + (index in ends)
            if index == row:
                place = Region(0, y, width, lines)
            y += lines
        if place is None:
            return False
        found = place
        y -= (len(hidden.options) - 1) in ends  # (a last rule is not counted: as OptionList)
    window = Region(0, round(hidden.scroll_y), width, height)
    delta = Region.get_scroll_to_visible(window, found, top=top).y
    target = clamp(window.y + delta, 0, max(0, y - height))
    if hidden.virtual_size != Size(width, y):
        hidden.virtual_size = Size(width, y)
    hidden.scroll_to(y=target, animate=False, force=True, immediate=True)
    return hidden.scroll_y == target  # (not clamped by a size it had before)
