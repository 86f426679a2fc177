"""The workarounds of screens (see :mod:`tui.workarounds`): focus changes that repaint
only what they restyle, a first resume that keeps the styles of the mount, a modal's
tinted background kept while the screen below is unchanged, a dialog mounted hidden;
frames paced at the next tick due (:mod:`tui.workarounds.frames`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Self

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from textual import events
from textual.app import App
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen, Screen, ScreenResultType
from textual.strip import Strip
from textual.visual import RenderOptions, RichVisual, Visual
from textual.widget import Widget

from tui.workarounds.frames import FramePacedScreen

if TYPE_CHECKING:
    from rich.style import Style
    from textual.color import Color
    from textual.css.styles import RulesMap
    from textual.style import Style as VisualStyle
    from textual.widget import AwaitMount

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


if TYPE_CHECKING:
    _Screen = Screen[Any]
else:
    _Screen = object  # a mixin, as above


class RepaintedOnceBelow(_Screen):
    """Mixed into a ``Screen``: under another screen (a dialog), a change is passed up
    once, not again on every message this screen handles.

    Below another screen, ``Screen._compositor_refresh`` tells the screen on top which
    regions changed (``refresh(*regions)``) and then marks this one to be repainted
    whole (``_repaint_required``, private).  Any message this screen handles afterwards
    (a worker's state, a write's result) acts on the mark: every region of it dirty,
    passed up, the whole screen below drawn and tinted again by the dialog (35 ms on the
    seed, in the middle of writing a coded quote), and marked again.  The screen on top
    was already told of the regions, and a screen shown again is repainted whole
    (``Screen._on_screen_resume`` refreshes it), so the mark is dropped here."""

    def _compositor_refresh(self) -> None:
        """Private ``Screen`` hook: draw (on top) or pass the change up (below), once."""
        pending = self._repaint_required  # a whole repaint asked for before: it stands
        super()._compositor_refresh()
        if self.app.screen is not self and not pending:
            self._repaint_required = False


class QuietFocusScreen(
    StylesKeptOnFirstResume, RepaintedOnceBelow, FramePacedScreen, Screen[ScreenResultType]
):
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


class TintCachingModalScreen(
    StylesKeptOnFirstResume, RepaintedOnceBelow, FramePacedScreen, ModalScreen[ScreenResultType]
):
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


if TYPE_CHECKING:
    _App = App[Any]
else:
    _App = object  # a mixin: no ``App`` base of its own


class FramesWatched(_App):
    """Mixed into an ``App``: :meth:`frame_drawn` is called after each frame a screen
    hands to the terminal (``App._display``, private: the one place every screen's update
    goes through, headless included, where nothing is written).

    For what must wait for the frame that shows a key's effect: the end of the key's
    handler is too early (its effect often comes in messages handled after it), and so is
    ``call_after_refresh`` (run when the screen is next idle, which it may be before those
    messages reach it)."""

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        """Private ``App`` hook: the frame written, then :meth:`frame_drawn`."""
        super()._display(screen, renderable)
        if renderable is not None:
            self.frame_drawn()

    def frame_drawn(self) -> None:
        """A frame was drawn (nothing here: for subclasses)."""
