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
* ``Strip``'s seven per-strip caches (``_crop_cache``, ``_divide_cache``, ...):
  :func:`lazy_strip_caches` makes each when first used instead of in ``Strip.__init__``.
  Textual builds thousands of strips a frame and most never use a cache, yet each paid for
  seven ``FIFOCache`` objects and their dicts: 8 microseconds a strip against 1.3, and
  eight objects more for the garbage collector to track.
* ``MessagePump._context``: :func:`recompose_as` recomposes a widget from another's
  handler.  ``Widget.recompose`` composes in the context of the message pump running it
  (``data_bind`` in ``Footer.compose`` looks up the widget composing that way), so it only
  works from the widget's own messages; the reader shows a save's new footer keys in the
  frame that shows the save (inside its ``batch_update``), not two refreshes and a layout
  later from the footer's queue.
* ``App._register``: :func:`mount_hidden` composes, styles and mounts a dialog's screen
  without showing it, as ``App.push_screen`` does first (``App._get_screen``), so that a
  dialog built while the reader is idle after its first frame is only shown by its key
  (``e``: the export dialog's widgets and their CSS cost most of the key's time).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Self

from rich._wrap import divide_line
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from textual import events
from textual.app import App
from textual.cache import FIFOCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen, Screen, ScreenResultType
from textual.strip import Strip
from textual.visual import RenderOptions, RichVisual, Visual
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:  # the widgets load with the dialogs that use them, not at start-up
    from rich.style import Style
    from textual.color import Color
    from textual.css.styles import RulesMap
    from textual.style import Style as VisualStyle
    from textual.widget import AwaitMount
    from textual.widgets import Button
    from textual.widgets.button import ButtonVariant

__all__ = [
    "MeasuredOptionList",
    "QuietFocusScreen",
    "TintCachingModalScreen",
    "drawing_without_offsets",
    "is_drawing",
    "lazy_strip_caches",
    "mount_hidden",
    "recompose_as",
    "terminal_width",
    "tint_segments",
    "variant_button",
    "wrapped_line_count",
]

_drawing: set[int] = set()  # ids of the widgets drawing a frame now


@contextmanager
def drawing_without_offsets(widget: object) -> Iterator[None]:
    """While ``widget`` draws a frame (its ``render_lines``): :func:`is_drawing` is true."""
    _drawing.add(id(widget))
    try:
        yield
    finally:
        _drawing.discard(id(widget))


def is_drawing(widget: object) -> bool:
    """Whether ``widget``'s ``render_line`` is asked for a frame (draw no selection
    offsets) rather than by Textual's text selection (give them)."""
    return id(widget) in _drawing


async def recompose_as(widget: Widget) -> None:
    """``widget.recompose()`` awaited here, composing as ``widget``'s own pump would
    (``MessagePump._context``: see the module doc)."""
    with widget._context():
        await widget.recompose()


def terminal_width(app: App[object]) -> int:
    """The terminal's width before the first resize event (0 if unknown).

    Not ``App.size`` in a terminal: before the driver has reported a size, that falls back
    to the console's (which is not the terminal) and keeps it.  The driver measures with
    ``shutil.get_terminal_size``, so this does too.  Headless (tests), ``App.size``.
    """
    if app.is_headless:
        return app.size.width
    import shutil

    try:
        return shutil.get_terminal_size((0, 0)).columns
    except (OSError, ValueError):
        return 0


def wrapped_line_count(line: str, width: int) -> int:
    """How many lines ``line`` (no newline in it) takes wrapped to ``width`` cells, as
    ``Content`` wraps it with ``text-wrap: wrap`` and ``text-overflow: fold``.

    Uses ``rich._wrap.divide_line`` (private): it is what ``Content`` wraps with, so the
    count is exact, and it is twice as fast as wrapping a ``Content`` (see above).
    """
    return len(divide_line(line, width, fold=True)) + 1


class MeasuredOptionList(OptionList):
    """An ``OptionList`` that measures its options again only when their width changes.

    ``OptionList`` drops its measured lines and drawn options on every resize (its
    ``_on_resize`` calls ``_clear_caches``), and measuring means every option: tens of
    milliseconds for a large file, spent again when the list only grows taller or is
    shown at the width it had (a hidden list is drawn before it hears of its size).  This
    subclass remembers the width the options were measured at by overriding the private
    ``_clear_caches`` (measurements dropped) and ``_update_lines`` (options measured), and
    skips the resize handler when that width still holds.
    """

    _measured_width: int | None = None  # the content width the options were measured at
    _ever_measured = False  # measured at least once (not a list just mounted)
    _resized_width: int | None = None  # the content width at the last resize

    def _clear_caches(self) -> None:
        """Private ``OptionList`` hook: its measured lines and drawn options are dropped."""
        self._measured_width = None
        super()._clear_caches()

    _unmeasured = False  # options being set on a hidden list: measured when it is drawn

    def set_options_unmeasured(self, options: Iterable[Option | None]) -> None:
        """``set_options`` on a list not shown (the tabbed layout's hidden panes), without
        measuring every option now: ``OptionList`` measures what is not measured yet
        before it draws or scrolls (``render_lines``, ``scroll_to_highlight``), so they
        are measured when the list is shown, at the width it is shown at."""
        self._unmeasured = True
        try:
            self.set_options(options)
        finally:
            self._unmeasured = False

    _drawing = False  # in render_lines, after measuring: nothing to measure until done

    def _update_lines(self) -> None:
        """Private ``OptionList`` hook: options not measured yet are measured (not again
        for each line of a frame: ``OptionList`` asks before every line it draws)."""
        if self._unmeasured or self._drawing:
            return
        super()._update_lines()
        width = self.scrollable_content_region.width
        if self._measured_width is None and width:  # measured from scratch just now
            self._measured_width = width
            self._ever_measured = True

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw; options drawn at a width other than the one measured (a frame at a new size
        comes before its resize) are cached by OptionList without their width, so the next
        resize must drop them whatever its width."""
        measured = self._measured_width
        if measured is not None and self.scrollable_content_region.width != measured:
            self._measured_width = -1  # never a width: the next resize clears the caches
        # Measured once here; the lines drawn then cannot change what was measured.
        self._update_lines()
        self._drawing = True
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = False

    def on_resize(self, event: events.Resize) -> None:
        """Skip ``OptionList``'s resize handler (which runs after this one) when the options
        were measured at the width they have now: those measurements still hold.

        When the width changed, the highlighted option is scrolled back into view once
        the list is drawn at its new size: the scroll offset is kept in lines, and lines
        measured at another width put other options there (a resize, a maximized pane
        restored)."""
        width = self.scrollable_content_region.width
        if width == self._measured_width:
            event.prevent_default()
        # Only a new width moves the lines (a list shown for the first time scrolls itself,
        # and a pane the user scrolled away from its cursor stays where it is otherwise).
        if self._ever_measured and width != self._resized_width:
            self.call_after_refresh(self.scroll_to_highlight)
        self._resized_width = width


if TYPE_CHECKING:
    from textual.message_pump import MessagePump as _Pump
else:
    _Pump = object  # a mixin: no ``Screen`` base (see below)


class StylesKeptOnFirstResume(_Pump):
    """Mixed into a ``Screen``: its first resume keeps the styles its widgets were given
    when they were mounted, a moment before (the reader, the dialogs).

    Not a ``Screen`` subclass itself: a class between a ``ModalScreen`` and ``Screen``
    would bring ``Screen``'s default CSS (an opaque background) above ``ModalScreen``'s.
    """

    _resumed = False  # the screen has been resumed (shown on top) before

    def post_message(self, message: Message) -> bool:
        """As ``MessagePump.post_message``; the screen's first ``ScreenResume`` keeps the
        styles its widgets were given when they were mounted, a moment before.

        ``Screen._on_screen_resume`` styles every widget of the screen again against the
        whole stylesheet when the event asks it to, and the first one always does: on
        the reader, the same styles for its 19 widgets again, a sixth of the work before
        the first frame; on the code dialog, a third of the styling before its first
        frame.  Anything that changes a widget's classes or the theme restyles it there
        and then, so nothing is lost; later resumes (back from a dialog, a kept dialog
        shown again) restyle as Textual decides."""
        if isinstance(message, events.ScreenResume) and not self._resumed:
            self._resumed = True
            message = events.ScreenResume(refresh_styles=False)
        return super().post_message(message)


class QuietFocusScreen(StylesKeptOnFirstResume, Screen[ScreenResultType]):
    """A ``Screen`` whose focus changes repaint only what they restyle, not the screen.

    ``Screen.focused`` is a reactive with Textual's default ``repaint=True``: each focus
    change asks for the whole screen again, on top of the focused and blurred widgets,
    which restyle (``:focus``) and redraw themselves.  Declared again here without the
    repaint; its watcher (``_watch_focused``, the bindings) still runs.
    """

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """The focused widget (set it with ``set_focus``, as on any ``Screen``)."""

    def _screen_resized(self, size: Size) -> None:
        """Private ``Screen`` hook: lay out again at ``size``, except below a dialog
        already laid out at that size.

        A dialog pushed over this screen gets a ``Resize`` when it is first laid out, and
        ``Screen._on_resize`` then lays out every screen below it again at that size:
        unchanged, but the whole screen below is drawn and tinted again behind the dialog
        (a third of the time from ``m`` to the coding dialog).  A real resize (another
        size) still lays it out; its own layout requests are not affected."""
        if self.app.screen is not self and self.outer_size == size:
            return
        super()._screen_resized(size)


class TintCachingModalScreen(StylesKeptOnFirstResume, ModalScreen[ScreenResultType]):
    """A ``ModalScreen`` that tints the screen below it once while that screen is unchanged.

    A modal's translucent background is Textual's ``BackgroundScreen``: the screen below
    drawn whole (its compositor) and every segment tinted, again on each update of the
    modal, although only the dialog changed.  This screen keeps the tinted segments and
    gives them again while the key holds (the screen below, the size, the tint) and no
    region was refreshed: Textual tells the top screen of a change below it with
    ``refresh(*regions)`` (``Screen._compositor_refresh``), so any refresh naming regions
    drops them.  What is drawn is the same segments, so what the user sees is unchanged.
    """

    _tinted: tuple[tuple[int, int, int, str], list[Segment]] | None = None
    _tinted_lines: tuple[object, tuple[object, ...], list[Strip]] | None = None
    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """As ``Widget.refresh``; regions refreshed (a change below) drop the tinted copy."""
        if regions:
            self._tinted = None
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    @property
    def background_kept(self) -> bool:
        """Whether the tinted screen below is kept now (drawn, and nothing changed below)."""
        return self._tinted is not None

    def render(self) -> RenderableType | Visual:  # type: ignore[override]
        """As ``Screen.render``, the screen below tinted from the copy when it holds, and
        its lines (what Textual makes of those segments) kept with it.  (A ``Visual`` is
        what ``Widget.render`` may return; ``Screen.render``'s annotation is narrower.)"""
        rendered = super().render()
        if isinstance(rendered, BackgroundScreen):
            return _KeptLines(self, rendered)
        return rendered


class _KeptLines(Visual):
    """Textual's ``RichVisual`` of the tinted screen below, its lines kept on ``owner``
    while the tinted segments are (see :class:`_CachedTint`) for the same size, style,
    screen below and tint: each update of the dialog drew the whole screen again from
    the kept segments (the style added to each, split into lines: three times on the
    way to the code dialog's first frame)."""

    def __init__(self, owner: TintCachingModalScreen[Any], background: BackgroundScreen) -> None:
        self.owner = owner
        self.background = background
        self.visual = RichVisual(owner, _CachedTint(owner, background))

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """As ``RichVisual``'s."""
        return self.visual.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        """As ``RichVisual``'s."""
        return self.visual.get_height(rules, width)

    def render_strips(
        self, width: int, height: int | None, style: VisualStyle, options: RenderOptions
    ) -> list[Strip]:
        """``RichVisual.render_strips``, kept while the tinted segments are."""
        background = self.background
        key = (id(background.screen), background.color.css, width, height, style,
               options.selection)  # fmt: skip
        owner = self.owner
        kept = owner._tinted_lines
        tinted = owner._tinted
        if kept is not None and tinted is not None and kept[0] is tinted and kept[1] == key:
            return kept[2]
        strips = self.visual.render_strips(width, height, style, options)
        if owner._tinted is not None:
            owner._tinted_lines = (owner._tinted, key, strips)
        return strips


class _CachedTint:
    """``BackgroundScreen``'s segments, kept on ``owner`` for the same screen, size, tint."""

    def __init__(self, owner: TintCachingModalScreen[Any], background: BackgroundScreen) -> None:
        self.owner = owner
        self.background = background

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        background = self.background
        key = (id(background.screen), options.max_width, options.height or 0, background.color.css)
        kept = self.owner._tinted
        if kept is None or kept[0] != key:
            below = console.render(background.screen._compositor, options)
            kept = (key, list(tint_segments(below, background.color)))
            self.owner._tinted = kept
        return kept[1]


def tint_segments(segments: Iterable[Segment], color: Color) -> Iterator[Segment]:
    """``BackgroundScreen.process_segments(segments, color)``, each style tinted once.

    Textual tints every segment of the screen below a dialog on its own (a copy of its
    style without meta and links, two colours blended, two styles added): about 1,000 a
    frame below the code dialog on the seed at 120x40, from 180 styles (tinted in 5 ms
    instead of 9).  Here each style is tinted the first time by Textual's own function
    and looked up after that; the segments are the same."""
    tinted: dict[Style | None, Style | None] = {}
    process = BackgroundScreen.process_segments
    for segment in segments:
        text, style, control = segment
        if control:
            yield segment
            continue
        new = tinted.get(style, style)
        if style not in tinted:
            new = next(iter(process([Segment(" ", style)], color))).style
            tinted[style] = new
        yield Segment(text, new, control)


def mount_hidden(app: App[Any], screen: Screen[Any]) -> AwaitMount:
    """Compose and mount ``screen`` (its widgets made and styled) without showing it.

    ``App.push_screen`` does this to a screen not running yet (``App._get_screen``: the
    private ``App._register``) before putting it on top; a screen mounted here and then
    installed (``App.install_screen``) is only put on top by ``push_screen``, its widgets
    kept.  The result: await it for the screen's mount."""
    from textual.widget import AwaitMount

    return AwaitMount(screen, app._register(app, screen))


def variant_button(label: Content, variant: ButtonVariant, *, id: str | None = None) -> Button:
    """``Button(label, variant, id=id)``, styled once (when mounted) rather than twice."""
    from textual.widgets import Button

    button = Button(label, id=id)
    button.set_reactive(Button.variant, variant)
    button.add_class(f"-{variant}", update=False)
    button.remove_class("-default", update=False)
    return button


#: ``Strip``'s caches and their sizes, as ``Strip.__init__`` makes them (Textual 8.2).
_STRIP_CACHES = {
    "_divide_cache": 4,
    "_crop_cache": 16,
    "_style_cache": 16,
    "_filter_cache": 4,
    "_line_length_cache": 4,
    "_crop_extend_cache": 4,
    "_offsets_cache": 4,
}
_STRIP_SLOTS = {"_segments", "_cell_length", "_render_cache", "_link_ids", "_cell_count",
                *_STRIP_CACHES}


def _strip_init(self: Strip, segments: Iterable[Segment], cell_length: int | None = None) -> None:
    """``Strip.__init__`` without its caches (see :func:`lazy_strip_caches`)."""
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def _strip_cache(self: Strip, name: str) -> FIFOCache[Any, Any]:
    """A ``Strip`` cache not made yet: make it now (unset slots land here)."""
    size = _STRIP_CACHES.get(name)
    if size is None:
        raise AttributeError(f"'Strip' object has no attribute {name!r}")
    cache: FIFOCache[Any, Any] = FIFOCache(size)
    setattr(self, name, cache)
    return cache


def lazy_strip_caches() -> bool:
    """Make ``Strip``'s caches when first used, not with every strip; ``False`` (and
    nothing changed) where ``Strip`` is not the one this was written for.

    Reading a slot never set raises ``AttributeError``, which sends Python to
    ``__getattr__``: there the cache is made and stored in its slot, so the next read is a
    plain slot read.  Idempotent.
    """
    if Strip.__init__ is _strip_init:
        return True
    if set(getattr(Strip, "__slots__", ())) != _STRIP_SLOTS or "__getattr__" in vars(Strip):
        return False
    code = Strip.__init__.__code__
    if code.co_varnames[: code.co_argcount] != ("self", "segments", "cell_length"):
        return False
    Strip.__init__ = _strip_init  # type: ignore[method-assign]
    Strip.__getattr__ = _strip_cache  # type: ignore[attr-defined]
    return True
