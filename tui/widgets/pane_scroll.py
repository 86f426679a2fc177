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
from typing import TYPE_CHECKING, cast

from textual.css.styles import RulesMap
from textual.geometry import Region, Size, clamp
from textual.visual import Visual
from textual.widgets import OptionList

from tui.prompts import Prompt

if TYPE_CHECKING:  # (the pane imports this module)
    from tui.widgets.party_pane import PartyPane

__all__ = ["measure_hidden", "measure_like", "scroll_ahead"]


def measure_hidden(panes: Sequence[PartyPane]) -> None:
    """Tabbed panes (one shown): measure each hidden pane's entries at the shown one's
    width (:meth:`PartyPane.measure_like`), one pane every 0.1 s so that no key waits
    long behind it; showing a pane then does not measure its hundreds of entries first."""
    shown = [pane for pane in panes if pane.display]
    if len(shown) != 1:
        return  # side by side: each pane measured itself when drawn
    hidden = [pane for pane in panes if not pane.display]
    for delay, pane in enumerate(hidden, 1):
        pane.set_timer(0.1 * delay, partial(pane.measure_like, shown[0].quote_list))


def measure_like(hidden: OptionList, shown: OptionList) -> None:
    """Measure the entries of ``hidden`` at the width of ``shown``, as ``OptionList``
    would once ``hidden`` is shown at that width.  Each prompt keeps its height per
    width: the list then only reads them."""
    try:
        padding = shown.get_component_styles("option-list--option").padding
    except KeyError:
        # ``shown`` is not styled yet (just mounted, by a reload or a new party, on a
        # busy machine): nothing to measure by; the list measures itself when shown.
        return
    width = shown.virtual_size.width - padding.width
    if width <= 0:
        return
    rules = cast(RulesMap, shown.styles)  # (what OptionList measures with)
    for option in hidden.options:
        prompt = option.prompt
        if isinstance(prompt, Prompt):
            prompt.get_height(rules, width)


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
    rules = cast(RulesMap, shown.styles)  # (what OptionList measures with)
    y = 0
    found: Region | None = None
    for index, option in enumerate(hidden.options):
        prompt = option.prompt
        if not isinstance(prompt, Visual):
            return False  # not one of the pane's prompts: left to OptionList
        lines = prompt.get_height(rules, width - padding.width) + (index in ends)
        if index == row:
            found = Region(0, y, width, lines)
        y += lines
    if found is None:
        return False
    y -= (len(hidden.options) - 1) in ends  # (a last rule is not counted: as OptionList)
    window = Region(0, round(hidden.scroll_y), width, height)
    delta = Region.get_scroll_to_visible(window, found, top=top).y
    target = clamp(window.y + delta, 0, max(0, y - height))
    if hidden.virtual_size != Size(width, y):
        hidden.virtual_size = Size(width, y)
    hidden.scroll_to(y=target, animate=False, force=True, immediate=True)
    return hidden.scroll_y == target  # (not clamped by a size it had before)
