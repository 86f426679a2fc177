"""Every use of a private Textual or Rich name in ``tui/``, each with why it is needed.

Private names can change in any release: keeping them here, each behind a small function
or a documented subclass, means an upgrade has one place to look, and
``tests/test_workarounds.py`` fails naming the name and the version if one of them is
gone or behaves differently.  The rest of ``tui/`` imports from here, never ``rich._*``,
``textual._*`` or a framework object's ``_attribute``.

Kept (no public API does the same in Textual 8.2 / Rich 15):

* ``rich._wrap.divide_line``: the function ``Content`` wraps text with.  A party pane
  measures thousands of options before drawing any; counting lines with it is exact and
  the fastest exact way (5000 lines: ``divide_line`` 0.8-1.0 s, ``Content.wrap`` 1.8-2.1 s,
  ``rich.text.Text.wrap`` 1.7-1.8 s; ``textwrap`` is 3x faster but measures characters, not
  cells, and breaks differently, so heights would not match what is drawn).
  The same function gives where ``Content`` breaks an entry
  (:func:`~tui.workarounds.drawing.wrap_offsets`), so the entry is drawn without building
  its Content (:meth:`tui.prompts.Prompt.draw_plainly`), exactly as Content draws it;
  both are in :mod:`tui.workarounds.drawing`, the one module that imports it.
* ``Screen._update_timer`` (held in ``Screen.__update_timer``) and ``Timer._run`` (with
  the attributes it reads): :class:`~tui.workarounds.frames.FramePacedScreen` draws on a
  :class:`~tui.workarounds.frames.FrameTimer`, whose tick after a late one is the tick
  due, not one interval later (the frame of a key handled just after another frame waited
  up to 33 ms instead of 17).  ``tests/test_frame_timer.py`` runs Textual's ``Timer``
  through the same cases, and says when it no longer needs this.
* ``App._driver``: :func:`~tui.workarounds.frames.hear_keys` wraps the driver's
  ``process_message`` (public, called in its input thread) to hear each key as it is read,
  before the event loop takes it: a reload's worker then waits for the key's frame
  (``CollectAfterKeys.wait_for_keys_drawn``) instead of going in front of it.
* ``App._display``: :class:`FramesWatched` is told of each frame drawn, so that the
  collector held for a key (:class:`tui.key_hold.CollectAfterKeys`) is let go once the
  frame showing the key is drawn, not as soon as the screen is next idle.
* Not a private name: :func:`~tui.workarounds.drawing.body_drawn_once` draws a party
  pane's top, one body line and bottom and repeats the body line (every line between
  its borders is the same), rather than each of its lines through the styles cache.
* Not a private name: a scrollbar drawn anew is drawn one row per run of rows alike
  (:mod:`tui.workarounds.scrollbars`, from ``ScrollBarRender.render_bar``'s rows).
* Not a private name, but a workaround all the same: :func:`terminal_width`, the width
  before Textual has reported one.
* Not a private name, but behaviour a Line API widget relies on: Textual's text selection
  reads the ``offset`` meta of the strip ``render_line`` returns when it asks for the
  text under the mouse (``Compositor.get_widget_and_offset_at``), and the same meta in
  every drawn strip makes each segment's style unique, so the terminal gets far more
  output (page down on the 3.6 MB case: slowest of 5 about 110 ms without, 210 ms with,
  in ``bench/bench.py``).  :func:`drawing_without_offsets` marks a widget's frame so its
  ``render_line`` can leave the offsets out of what is drawn and give them to the lookup.
* Not a private name: :class:`QuietFocusScreen` declares ``Screen.focused`` again without
  its repaint.  Textual repaints the whole screen on every focus change (the reactive's
  default), although the widgets whose focus changed restyle and redraw themselves: the
  frame showing ``tab`` or ``2`` was then the whole 120x40 screen (17,000 characters to
  the terminal) instead of the two panes whose border changed (6,400).
* Not a private name: :func:`variant_button` makes a ``Button`` of a variant without the
  restyle ``Button.__init__`` does for it.  Setting the ``variant`` reactive there runs
  its watcher, which adds the class and restyles the button against the whole stylesheet
  before it is mounted (where it is styled again): the export dialog's one primary button
  cost more than the rest of its widgets together on the way to the dialog's first frame.
* ``textual.renderables.background_screen.BackgroundScreen`` (and the ``Screen.render``
  that returns it): :class:`TintCachingModalScreen` keeps the tinted screen below a modal
  dialog while that screen has not changed.  Textual draws the whole screen below again
  and tints every segment on each update of the dialog (resume, layout, focus, the
  cursor's blink): most of the time between ``m`` and the coding dialog.  It draws the
  screen below through that screen's ``Screen._compositor`` (as ``BackgroundScreen``
  does) and tints each style once (:func:`tint_segments`, with Textual's own
  ``BackgroundScreen.process_segments``), not each segment; the lines Textual's
  ``RichVisual`` makes of those segments are kept with them.
* Not a private name: :class:`StylesKeptOnFirstResume` (the reader and the dialogs) turns
  off the restyle of a screen's first ``ScreenResume`` (``refresh_styles``), which styled
  every widget again just after each was styled as it was mounted.
* ``OptionList._clear_caches`` and ``OptionList._update_lines``: the only hooks on
  "measured lines dropped" and "options measured", needed to skip re-measuring every
  option on a resize that keeps the width (:class:`MeasuredOptionList`).
* ``OptionList._line_cache``, ``_option_render_cache`` and ``Option._set_prompt``: a
  list's last prompt replaced, measured and drawn alone
  (:meth:`MeasuredOptionList.replace_last_prompt`); ``OptionList._index_to_line`` and
  ``_heights``: the highlighted option's lines, to keep it in view at the height the
  list is about to have (:meth:`MeasuredOptionList.expect_height`).
* ``OptionList._line_cache``, ``_option_render_cache``, ``_get_visual``,
  ``_get_left_gutter_width``, ``_option_to_index``, ``_mouse_hovering_over`` and
  ``Option._divider``: a hidden list (no width) measured and its entries drawn at the
  width it will be shown at, as ``_update_lines`` and ``_get_option_render`` do
  (:meth:`MeasuredOptionList.measure_at`, :meth:`MeasuredOptionList.draw_ahead`), so
  that showing a party pane draws almost nothing first (issue 15).
* ``OptionList._get_option_render`` (overridden), ``_option_render_cache``,
  ``_option_to_index``, ``_line_cache``, ``_mouse_hovering_over`` and
  ``Option._divider``: a list keeps its entries' drawings across ``set_options``, by
  prompt, with each moved entry's index for the mouse laid over the old one
  (:meth:`MeasuredOptionList.set_options`); and ``OptionList.render_line`` is done again
  with what every line of a frame shares worked out once a frame
  (:meth:`MeasuredOptionList.render_line`).  ``tests/test_tui_drawn_again.py`` compares
  each screen with Textual's own drawing, and each click on a moved entry.
* ``Strip``'s seven per-strip caches (``_crop_cache``, ``_divide_cache``, ...):
  :func:`lazy_strip_caches` makes each when first used instead of in ``Strip.__init__``.
  Textual builds thousands of strips a frame and most never use a cache, yet each paid for
  seven ``FIFOCache`` objects and their dicts: 8 microseconds a strip against 1.3, and
  eight objects more for the garbage collector to track.
* Not a private name: :func:`memoize_scrollbars` gives a scrollbar's lines back when it
  draws a state it drew before (``ScrollBar.render_lines``, patched; keyed on everything
  ``ScrollBar.render`` and the styles cache draw it from).  Textual draws scrollbars again
  whenever the layout touches their widget, mostly as they were: 1-3 ms each, four or
  five in the frame that shows a coded quote or another party.
* ``MessagePump._context``: :func:`recompose_as` recomposes a widget from another's
  handler.  ``Widget.recompose`` composes in the context of the message pump running it
  (``data_bind`` in ``Footer.compose`` looks up the widget composing that way), so it only
  works from the widget's own messages; the reader shows a save's new footer keys in the
  frame that shows the save (inside its ``batch_update``), not two refreshes and a layout
  later from the footer's queue.
* ``Screen._compositor_refresh`` and ``Screen._repaint_required``: a screen below a dialog
  (:class:`RepaintedOnceBelow`) passes a change up to the dialog once; Textual then marks
  it to be repainted whole, and every message it handled later (a worker's state, a
  write's result) made the dialog draw and tint the whole screen below again.
* ``App._register``: :func:`mount_hidden` composes, styles and mounts a dialog's screen
  without showing it, as ``App.push_screen`` does first (``App._get_screen``), so that a
  dialog built while the reader is idle after its first frame is only shown by its key
  (``e``: the export dialog's widgets and their CSS cost most of the key's time).
"""

from __future__ import annotations

from tui.workarounds.drawing import wrapped_line_count
from tui.workarounds.screens import (
    FramesWatched,
    QuietFocusScreen,
    RepaintedOnceBelow,
    StylesKeptOnFirstResume,
    TintCachingModalScreen,
    mount_hidden,
    tint_segments,
)
from tui.workarounds.scrollbars import memoize_scrollbars
from tui.workarounds.widgets import (
    MeasuredOptionList,
    drawing_without_offsets,
    is_drawing,
    lazy_strip_caches,
    recompose_as,
    terminal_width,
    variant_button,
)


def draw_less() -> None:
    """What every frame gains from (the app's start): :func:`lazy_strip_caches` and
    :func:`memoize_scrollbars` (each a no-op where the framework is not the one it was
    written for)."""
    lazy_strip_caches()
    memoize_scrollbars()


__all__ = [
    "FramesWatched",
    "MeasuredOptionList",
    "QuietFocusScreen",
    "RepaintedOnceBelow",
    "StylesKeptOnFirstResume",
    "TintCachingModalScreen",
    "draw_less",
    "drawing_without_offsets",
    "is_drawing",
    "lazy_strip_caches",
    "memoize_scrollbars",
    "mount_hidden",
    "recompose_as",
    "terminal_width",
    "tint_segments",
    "variant_button",
    "wrapped_line_count",
]
