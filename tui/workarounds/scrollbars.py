"""Scrollbars drawn once per state (see :mod:`tui.workarounds`): a scrollbar asked to draw
again what it drew before gives the same lines back.

Textual draws a scrollbar again whenever the layout or a frame touches its widget (a pane
shown, the focus moving, a list shrinking by a line), although most of those times the
scrollbar is as it was: same size, same thumb, same colours.  Each drawing goes through
Rich (``ScrollBarRender``, a console render, lines split and cropped) and the styles
cache, 1-3 ms for a pane's height; four or five of them in the frame that shows a coded
quote or another party.  Measured over 42 keys on the large case (``2``, ``3``, ``4``,
``a``, ``1``, ``n``, ``n``; in-process), 85 % of the scrollbars drawn were drawn as they
had been before, and the frames' CPU time fell by 12-25 % with them given back.

Only whole drawings are kept: the one-line crops Textual asks for under the mouse pointer
are drawn as Textual draws them (kept, they would push the whole drawings out).  A
drawing is kept under the state it was asked in: if Textual ever drew a scrollbar stale
(an ancestor's background changed without the scrollbar being refreshed: nothing in this
app changes a background on focus or hover), that drawing would stay under the new state.

A state drawn for the first time is drawn one row per run of rows alike (the track above
the thumb, the thumb's ends, the thumb, the track below), each repeated: a vertical bar's
rows differ only there, and the styles cache draws ~25 µs a row (the reader's first frame
drew three 34-row bars row by row).
"""

from __future__ import annotations

from rich.style import Style as RichStyle
from textual.dom import NoScreen
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["memoize_scrollbars"]

#: Drawings kept per scrollbar (the states it goes back to: a size before and after a
#: bar above it opened, the thumb at a few places).
KEPT = 8


def _drawings(bar: ScrollBar) -> dict[object, list[Strip]]:
    """The lines ``bar`` drew, by state (kept on the scrollbar: gone with it)."""
    found: dict[object, list[Strip]] | None = bar.__dict__.get("_ceasefire_drawn")
    if found is None:
        found = bar.__dict__["_ceasefire_drawn"] = {}
    return found


def state_of(bar: ScrollBar) -> object | None:
    """Everything ``bar``'s whole drawing depends on, or ``None`` when it is not drawn by
    Textual's own ``ScrollBarRender`` (a custom renderer: not kept).

    What it draws (``ScrollBar.render``): the sizes and position of its thumb and its
    colours (its parent's scrollbar styles: hover and grab included).  How the styles cache
    draws it (``StylesCache.render_widget``): its size, the background beneath it, its own
    style, tint and opacity, the theme's ANSI colours and the app's line filters.
    """
    try:
        renderable = bar.render()
    except NoScreen:  # its widget just removed, asked for a mouse look-up: not kept
        return None
    if type(renderable) is not ScrollBarRender:
        return None
    app = bar.app
    return (
        bar.region.size,
        renderable.virtual_size,
        renderable.window_size,
        renderable.position,
        renderable.thickness,
        renderable.vertical,
        renderable.style,
        bar.background_colors,
        bar.visual_style,
        bar.styles.tint,
        bar.opacity,
        app.ansi_theme,
        app.native_ansi_color,
        tuple(app.get_line_filters()),
    )


def _render_lines(bar: ScrollBar, crop: Region) -> list[Strip]:
    """``Widget.render_lines`` for a scrollbar, given back when drawn before as it is."""
    if crop != bar.region.size.region:  # a part (a line under the mouse): not kept
        return Widget.render_lines(bar, crop)
    state = state_of(bar)
    if state is None:
        return Widget.render_lines(bar, crop)
    drawings = _drawings(bar)
    strips = drawings.get(state)
    if strips is None:
        strips = drawings[state] = _draw_runs(bar, crop)
        if len(drawings) > KEPT:
            del drawings[next(iter(drawings))]  # the oldest
    return strips


def _runs(bar: ScrollBar) -> list[tuple[int, int]] | None:
    """The rows of a vertical ``bar`` as runs of rows drawn alike, ``(first, count)``
    (the track above the thumb, the thumb's end, the thumb, ...): the rows
    ``ScrollBarRender.render_bar`` gives the same segment.  ``None`` for a bar drawn
    otherwise (horizontal, or not by ``ScrollBarRender``)."""
    renderable = bar.render()
    if type(renderable) is not ScrollBarRender or not renderable.vertical:
        return None
    style = renderable.style
    if not isinstance(style, RichStyle) or style.bgcolor is None or style.color is None:
        return None
    width, height = bar.region.size
    segments = list(
        ScrollBarRender.render_bar(
            size=height,
            virtual_size=renderable.virtual_size,
            window_size=renderable.window_size,
            position=renderable.position,
            thickness=width,
            vertical=True,
            back_color=style.bgcolor,
            bar_color=style.color,
        ).segments
    )
    if len(segments) != height:
        return None
    runs: list[tuple[int, int]] = []
    for y, segment in enumerate(segments):
        if runs and segment == segments[y - 1]:
            first, count = runs[-1]
            runs[-1] = (first, count + 1)
        else:
            runs.append((y, 1))
    return runs


def _draw_runs(bar: ScrollBar, crop: Region) -> list[Strip]:
    """A whole vertical scrollbar drawn one row per run of rows alike (see :func:`_runs`):
    the styles cache draws ~25 µs a row, and a bar is mostly two or three runs."""
    runs = _runs(bar)
    if runs is None:
        return Widget.render_lines(bar, crop)
    width = crop.width
    strips: list[Strip] = []
    for first, count in runs:
        strips.extend(Widget.render_lines(bar, Region(0, first, width, 1)) * count)
    return strips


def memoize_scrollbars() -> bool:
    """Give a scrollbar's lines back when it draws a state it drew before; ``False`` (and
    nothing changed) where ``ScrollBar`` draws otherwise than this was written for (its
    own ``render_lines``, or another renderer).  Idempotent."""
    if ScrollBar.render_lines is _render_lines:
        return True
    if "render_lines" in vars(ScrollBar) or ScrollBar.renderer is not ScrollBarRender:
        return False
    ScrollBar.render_lines = _render_lines  # type: ignore[method-assign,assignment]
    return True
