"""The private Textual and Rich names ``tui/workarounds/`` relies on still exist and still
behave as relied on.  A failure here after an upgrade names the private name, the version
and what broke: fix ``tui/workarounds/`` (or drop the workaround if a public API now does
the same)."""

from __future__ import annotations

import inspect
from importlib.metadata import version

import pytest
import rich._wrap
import textual.content
from helpers.screen import screen_lines
from rich.console import RenderableType
from test_tui_coding import until
from textual.app import App, ComposeResult
from textual.content import Content
from textual.message import Message
from textual.reactive import Reactive
from textual.screen import ModalScreen, Screen
from textual.visual import Visual
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from tui.prompts import Prompt
from tui.workarounds import (
    FramesWatched,
    MeasuredOptionList,
    QuietFocusScreen,
    TintCachingModalScreen,
    variant_button,
    wrapped_line_count,
)

TEXTUAL = f"Textual {version('textual')}"
RICH = f"Rich {version('rich')}"


def broken(name: str, what: str) -> str:
    return f"{name} ({TEXTUAL}, {RICH}): {what}; see tui/workarounds/"


def test_rich_divide_line_is_what_content_wraps_with() -> None:
    divide_line = getattr(rich._wrap, "divide_line", None)
    assert callable(divide_line), broken("rich._wrap.divide_line", "it is gone")
    assert getattr(textual.content, "divide_line", None) is divide_line, broken(
        "rich._wrap.divide_line", "Content no longer wraps with it"
    )
    parameters = list(inspect.signature(divide_line).parameters)
    assert parameters[:2] == ["text", "width"] and "fold" in parameters, broken(
        "rich._wrap.divide_line", f"its parameters changed: {parameters}"
    )


@pytest.mark.parametrize(
    "line",
    [
        "The idea is right and we support it, but there are questions.",
        "a  double  spaced   line  with  runs  of   spaces  in  it  here",
        "averyveryveryverylongwordthatmustbefoldedacrossseverallines and more",
        "日本語のテキスト と English words mixed 日本語のテキスト",
        "trailing spaces at the end of the line       ",
        "x",
    ],
)
@pytest.mark.parametrize("width", [1, 5, 12, 30])
def test_wrapped_line_count_matches_what_content_draws(line: str, width: int) -> None:
    drawn = len(Content(line).wrap(width))
    assert wrapped_line_count(line, width) == drawn, broken(
        "rich._wrap.divide_line", f"{line!r} at {width} counts differently from Content.wrap"
    )


@pytest.mark.parametrize("name", ["_clear_caches", "_update_lines"])
def test_option_list_hooks_exist(name: str) -> None:
    hook = getattr(OptionList, name, None)
    assert callable(hook), broken(f"OptionList.{name}", "it is gone")
    assert list(inspect.signature(hook).parameters) == ["self"], broken(
        f"OptionList.{name}", "its parameters changed"
    )


class BoundApp(App[None]):
    """A footer (whose compose binds data to the widget composing) and a button."""

    BINDINGS = [("g", "bell", "Go")]  # noqa: RUF012 (a key the footer shows)

    def compose(self) -> ComposeResult:
        from textual.widgets import Footer

        yield Button("Go")
        yield Footer()


async def test_a_widget_recomposes_from_another_widgets_handler() -> None:
    """``recompose_as``: ``MessagePump._context`` makes the widget the pump composing, so
    ``Footer.compose``'s ``data_bind`` works from the screen's handler (a plain
    ``recompose()`` there raises ``ReactiveError``)."""
    from textual.reactive import ReactiveError
    from textual.widgets import Footer

    from tui.workarounds import recompose_as

    assert callable(getattr(Footer, "_context", None)), broken("MessagePump._context", "gone")
    app = BoundApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        button = app.query_one(Button)
        before = list(footer.children)
        assert before  # (the app's keys)
        with button._context(), pytest.raises(ReactiveError):  # as if in its handler
            await footer.recompose()
        with button._context():
            await recompose_as(footer)
        after = list(footer.children)
        assert after and not set(after) & set(before), broken(
            "MessagePump._context", "the footer was not composed anew"
        )


class CountingPrompt(Prompt):
    """A prompt counting how often the option list measures it."""

    measured = 0

    def get_height(self, rules, width):  # type: ignore[no-untyped-def]
        CountingPrompt.measured += 1
        return super().get_height(rules, width)


class ListApp(App[None]):
    # As in a party pane: the scrollbar's room kept, so the width never changes with it.
    CSS = "MeasuredOptionList { scrollbar-gutter: stable; height: 1fr; }"

    def compose(self) -> ComposeResult:
        options = [Option(CountingPrompt([(f"Option {i} " * 8, "")])) for i in range(30)]
        yield MeasuredOptionList(*options)


async def test_option_list_measures_again_only_when_the_width_changes() -> None:
    """What MeasuredOptionList relies on: OptionList drops its measurements on a resize
    (``_clear_caches``) and measures again (``_update_lines``); skipping the resize handler
    when the width holds keeps the measurements, and a new width still re-measures."""
    app = ListApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        option_list = app.query_one(MeasuredOptionList)
        first = CountingPrompt.measured
        assert first >= 30, broken("OptionList._update_lines", "options were not measured")
        lines = option_list.virtual_size.height
        await pilot.resize_terminal(60, 30)  # taller, same width
        await pilot.pause()
        assert CountingPrompt.measured == first, broken(
            "OptionList._clear_caches", "a resize keeping the width measured every option"
        )
        await pilot.resize_terminal(30, 30)  # narrower: measured again, more lines
        await pilot.pause()
        assert CountingPrompt.measured >= first + 30, broken(
            "OptionList._clear_caches / _update_lines",
            "a resize to a new width did not measure the options again",
        )
        assert option_list.virtual_size.height > lines, broken(
            "OptionList._update_lines", "the options were not measured at the new width"
        )


class SpacerListApp(App[None]):
    CSS = ListApp.CSS

    def compose(self) -> ComposeResult:
        options = [Option(CountingPrompt([(f"Option {i} " * 8, "")])) for i in range(30)]
        yield MeasuredOptionList(*options, Option(Content("\n" * 3), id="end"))


async def test_replacing_the_last_prompt_measures_and_draws_it_alone() -> None:
    """``replace_last_prompt`` (a party pane's blank room at its end): the list is as
    long, and draws as, a list made with the new prompt, and no other option is measured
    again (``OptionList._line_cache``, ``_option_render_cache``, ``Option._set_prompt``)."""
    app = SpacerListApp()
    async with app.run_test(size=(60, 20)) as pilot:
        option_list = app.query_one(MeasuredOptionList)
        option_list.highlighted = 29
        await pilot.pause()
        measured = CountingPrompt.measured
        lines = option_list.virtual_size.height
        option_list.replace_last_prompt(Content("\n" * 9))
        assert CountingPrompt.measured == measured, broken(
            "OptionList._line_cache", "replacing the last prompt measured the others again"
        )
        assert option_list.virtual_size.height == lines + 6, broken(
            "OptionList._update_lines", "the last option was not measured again"
        )
        option_list.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        replaced = screen_lines(app)
        option_list.replace_option_prompt("end", Content("\n" * 9))  # Textual's own
        option_list.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert option_list.virtual_size.height == lines + 6
        assert screen_lines(app) == replaced, broken(
            "OptionList._option_render_cache", "the list draws otherwise than Textual's"
        )


async def test_the_last_prompt_replaced_while_hidden_is_drawn_when_shown() -> None:
    """A list filled while hidden (``set_options_unmeasured``: a tabbed pane refilled),
    its last prompt replaced, then shown: it is as long and draws as a list whose prompt
    Textual replaced itself."""
    pictures = []
    for ours in (True, False):
        app = SpacerListApp()
        async with app.run_test(size=(60, 20)) as pilot:
            option_list = app.query_one(MeasuredOptionList)
            await pilot.pause()
            option_list.display = False
            await pilot.pause()
            options = [Option(Prompt([(f"Entry {i} " * 9, "")])) for i in range(25)]
            option_list.set_options_unmeasured([*options, Option(Content("\n" * 3), id="end")])
            if ours:
                option_list.replace_last_prompt(Content("\n" * 7))
            else:
                option_list.replace_option_prompt("end", Content("\n" * 7))
            option_list.display = True
            option_list.highlighted = 24
            await until(pilot, lambda ol=option_list: ol.virtual_size.height, "the list measured")
            option_list.scroll_end(animate=False, immediate=True)
            await pilot.pause()
            await pilot.pause()
            pictures.append((option_list.virtual_size.height, screen_lines(app)))
    assert pictures[0] == pictures[1], broken(
        "OptionList._line_cache", "a hidden list's replaced last prompt draws otherwise"
    )


def test_screen_focused_is_still_a_reactive() -> None:
    """QuietFocusScreen declares ``Screen.focused`` again (without its repaint): that only
    replaces the framework's if it is still a reactive of that name."""
    assert isinstance(Screen.__dict__.get("focused"), Reactive), broken(
        "Screen.focused", "it is no longer a reactive"
    )


class Box(Static, can_focus=True):
    DEFAULT_CSS = "Box { border: round white; height: 3; } Box:focus { border: heavy white; }"


class QuietScreen(QuietFocusScreen[None]):
    def compose(self) -> ComposeResult:
        yield Box(Content("first"), id="first")
        yield Box(Content("second"), id="second")


async def test_quiet_focus_screen_still_draws_focus_changes() -> None:
    """Without the whole-screen repaint, the widgets whose focus changed still draw it:
    the focused box gets the heavy border, the one that lost the focus its light one."""
    app = App[None]()
    async with app.run_test(size=(30, 8)) as pilot:
        await app.push_screen(QuietScreen())
        await pilot.pause()
        app.screen.set_focus(app.screen.query_one("#first"))
        await pilot.pause()
        assert _top_borders(app) == ["┏", "╭"]
        app.screen.set_focus(app.screen.query_one("#second"))
        await pilot.pause()
        assert _top_borders(app) == ["╭", "┏"]
        assert app.screen.focused is app.screen.query_one("#second")


def _top_borders(app: App[None]) -> list[str]:
    lines = screen_lines(app)
    return [lines[0][:1], lines[3][:1]]


class Buttons(App[None]):
    AUTO_FOCUS = None  # a focused button looks different

    def compose(self) -> ComposeResult:
        for variant in ("primary", "warning", "error", "success"):
            yield Button(Content(variant), variant, id=f"plain-{variant}")  # type: ignore[arg-type]
            yield variant_button(Content(variant), variant, id=f"made-{variant}")  # type: ignore[arg-type]


async def test_variant_button_is_the_button_of_that_variant() -> None:
    """variant_button sets what ``Button.__init__`` sets for a variant (the reactive and
    its class) without the early restyle: once mounted, the same button."""
    app = Buttons()
    async with app.run_test(size=(40, 30)) as pilot:
        await pilot.pause()
        for variant in ("primary", "warning", "error", "success"):
            plain = app.query_one(f"#plain-{variant}", Button)
            made = app.query_one(f"#made-{variant}", Button)
            assert made.variant == plain.variant == variant
            assert made.classes == plain.classes, broken(
                "Button.variant", f"its classes changed: {sorted(plain.classes)}"
            )
            assert made.styles.background == plain.styles.background
            assert made.rich_style == plain.rich_style


class Below(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static(Content("below, before"), id="below")


class PlainDialog(ModalScreen[None]):
    DEFAULT_CSS = "PlainDialog { align: center middle; } #dialog { width: 20; height: 3; }"

    def compose(self) -> ComposeResult:
        yield Static(Content("dialog"), id="dialog")


class KeepingDialog(TintCachingModalScreen[None]):
    DEFAULT_CSS = "KeepingDialog { align: center middle; } #dialog { width: 20; height: 3; }"

    def compose(self) -> ComposeResult:
        yield Static(Content("dialog"), id="dialog")


async def _dialog_picture(dialog: Screen[None]) -> str:
    app = App[None]()
    async with app.run_test(size=(40, 8)) as pilot:
        await app.push_screen(Below())
        await app.push_screen(dialog)
        await pilot.pause()
        return app.export_screenshot()


async def test_modal_background_is_still_a_background_screen() -> None:
    """TintCachingModalScreen keeps what ``Screen.render`` returns for a translucent modal,
    a ``BackgroundScreen``: if Textual draws the screen below some other way, nothing is
    kept (and the dialogs are slow again)."""
    app = App[None]()
    async with app.run_test(size=(40, 8)) as pilot:
        await app.push_screen(Below())
        dialog = KeepingDialog()
        await app.push_screen(dialog)
        await pilot.pause()
        assert dialog.background_kept, broken(
            "textual.renderables.background_screen.BackgroundScreen",
            "Screen.render no longer returns it below a modal",
        )


async def test_kept_background_looks_the_same() -> None:
    """The dialog over the tinted screen below is drawn as Textual's own modal draws it."""
    plain = await _dialog_picture(PlainDialog())
    kept = await _dialog_picture(KeepingDialog())
    assert kept.replace("KeepingDialog", "PlainDialog") == plain, broken(
        "BackgroundScreen", "the kept tinted background differs from Textual's"
    )


async def test_kept_background_shows_a_change_below() -> None:
    """A change on the screen below while the dialog is open is drawn (the kept copy is
    dropped), and the dialog's own updates keep it."""
    app = App[None]()
    async with app.run_test(size=(40, 8)) as pilot:
        below = Below()
        await app.push_screen(below)
        dialog = KeepingDialog()
        await app.push_screen(dialog)
        await pilot.pause()
        assert "below, before" in "\n".join(screen_lines(app))
        below.query_one("#below", Static).update(Content("below, after"))
        await pilot.pause()
        await pilot.pause()
        assert "below, after" in "\n".join(screen_lines(app)), broken(
            "Screen._compositor_refresh", "a change below no longer refreshes regions above"
        )
        assert dialog.background_kept


class Ping(Message):
    """A message that changes nothing on screen."""


class QuietBelow(QuietFocusScreen[None]):
    pinged = 0

    def compose(self) -> ComposeResult:
        yield Static(Content("below, before"), id="below")

    def on_ping(self, message: Ping) -> None:
        self.pinged += 1


class CountingDialog(KeepingDialog):
    """Counts how often it draws itself (the tinted screen below and the dialog)."""

    renders = 0

    def render(self) -> RenderableType | Visual:  # type: ignore[override]
        self.renders += 1
        return super().render()


async def test_screen_below_a_dialog_passes_a_change_up_once() -> None:
    """The screen below a dialog handling messages that change nothing (a worker's state,
    a write's result) does not make the dialog draw the whole screen below again; a
    change below is still drawn, and so is the next."""
    app = App[None]()
    async with app.run_test(size=(40, 8)) as pilot:
        below = QuietBelow()
        await app.push_screen(below)
        dialog = CountingDialog()
        await app.push_screen(dialog)
        await pilot.pause()
        for text in ("below, after", "below, again"):
            drawn = dialog.renders
            below.query_one("#below", Static).update(Content(text))
            await until(pilot, lambda t=text: t in "\n".join(screen_lines(app)), text)
            assert dialog.renders > drawn
            drawn = dialog.renders
            for count in range(1, 4):
                below.post_message(Ping())
                await until(pilot, lambda c=count: below.pinged == c, f"ping {count} handled")
                await pilot.pause()
                assert dialog.renders == drawn, broken(
                    "Screen._repaint_required",
                    "the screen below is drawn again on each message it handles",
                )
            below.pinged = 0


def test_screen_resized_is_still_the_hook_for_screens_below() -> None:
    """QuietFocusScreen overrides ``Screen._screen_resized``, which ``Screen._on_resize``
    calls for every screen below a dialog."""
    hook = getattr(Screen, "_screen_resized", None)
    assert callable(hook), broken("Screen._screen_resized", "it is gone")
    assert list(inspect.signature(hook).parameters) == ["self", "size"], broken(
        "Screen._screen_resized", "its parameters changed"
    )
    assert "_screen_resized" in inspect.getsource(Screen._on_resize), broken(
        "Screen._on_resize", "it no longer lays out the screens below through the hook"
    )


def test_app_display_is_still_where_every_frame_goes() -> None:
    """FramesWatched overrides ``App._display``, which ``Screen._compositor_refresh`` calls
    with each frame (the key's hold on the collector ends there)."""
    hook = getattr(App, "_display", None)
    assert callable(hook), broken("App._display", "it is gone")
    assert list(inspect.signature(hook).parameters) == ["self", "screen", "renderable"], (
        broken("App._display", "its parameters changed")
    )
    assert "_display" in inspect.getsource(Screen._compositor_refresh), broken(
        "Screen._compositor_refresh", "it no longer hands its frames to App._display"
    )


async def test_frames_watched_hears_of_each_frame() -> None:
    class Watched(FramesWatched, App[None]):
        frames = 0

        def compose(self) -> ComposeResult:
            yield Static(Content("one"), id="text")

        def frame_drawn(self) -> None:
            self.frames += 1

    app = Watched()
    async with app.run_test(size=(30, 5)) as pilot:
        await until(pilot, lambda: app.frames > 0, "the first frame")
        seen = app.frames
        app.query_one("#text", Static).update(Content("two"))
        await until(pilot, lambda: app.frames > seen, "the frame that shows the change")


class WideBelow(QuietFocusScreen[None]):
    DEFAULT_CSS = "#wide { width: 100%; height: 3; border: round white; }"

    def compose(self) -> ComposeResult:
        yield Static(Content("below"), id="wide")


async def test_quiet_screen_below_a_dialog_follows_a_resize() -> None:
    """The screen below a dialog is laid out again when the terminal's size changes
    (only a layout at the size it already has is skipped)."""
    app = App[None]()
    async with app.run_test(size=(40, 8)) as pilot:
        below = WideBelow()
        await app.push_screen(below)
        await app.push_screen(KeepingDialog())
        await pilot.pause()
        assert below.query_one("#wide").outer_size.width == 40
        await pilot.resize_terminal(60, 10)
        await pilot.pause()
        assert below.query_one("#wide").outer_size.width == 60
        assert screen_lines(app)[0].rstrip().endswith("╮")
        assert len(screen_lines(app)[0].rstrip()) == 60


def test_strips_make_their_caches_when_first_used() -> None:
    """``Strip`` is the one :func:`lazy_strip_caches` was written for (its slots and
    ``__init__``), and a strip made after it behaves as before: every operation that
    caches gives the same result, and the same object the second time."""
    from rich.segment import Segment
    from rich.style import Style
    from textual.strip import Strip

    from tui.workarounds import lazy_strip_caches

    assert lazy_strip_caches(), broken("Strip", "its slots or __init__ changed")
    assert lazy_strip_caches(), "a second call changes nothing and still reports it applied"
    bold = Style(bold=True)
    strip = Strip([Segment("hello ", bold), Segment("world")], 11)
    assert strip.text == "hello world" and strip.cell_length == 11
    assert strip.crop(3, 8).text == "lo wo" and strip.crop(3, 8) is strip.crop(3, 8)
    assert [part.text for part in strip.divide([5, 11])] == ["hello", " world"]
    assert strip.divide([5, 11]) is strip.divide([5, 11])
    assert strip.apply_style(bold) is strip.apply_style(bold)
    assert strip.extend_cell_length(14).text == "hello world   "
    assert strip.adjust_cell_length(4).text == "hell"
    assert strip.crop_extend(6, 14, None).text == "world   "
    with pytest.raises(AttributeError, match="no_such_name"):
        strip.no_such_name  # noqa: B018  (a name that is no cache still raises)


def test_screen_resume_still_asks_whether_to_restyle() -> None:
    """StylesKeptOnFirstResume turns off the first ``ScreenResume``'s restyle through the
    event's ``refresh_styles``, which ``Screen._on_screen_resume`` must still read."""
    from textual import events

    assert events.ScreenResume().refresh_styles is True, broken(
        "events.ScreenResume", "it no longer has refresh_styles (True by default)"
    )
    assert "refresh_styles" in inspect.getsource(Screen._on_screen_resume), broken(
        "Screen._on_screen_resume", "it no longer reads refresh_styles"
    )


class Marked(QuietFocusScreen[None]):
    DEFAULT_CSS = """
    #mark { height: 3; border: round white; }
    #mark.-on { border: heavy white; }
    Marked.-dark #mark { border: double white; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Content("mark"), id="mark")

    def on_mount(self) -> None:
        self.query_one("#mark").add_class("-on")


async def test_quiet_screen_first_shown_with_the_styles_of_its_mount() -> None:
    """Without the first resume's restyle, a class given while mounting still shows in
    the first frame, and a screen shown again after a dialog takes a class its
    screen got meanwhile (that resume restyles as Textual decides)."""
    app = App[None]()
    async with app.run_test(size=(30, 8)) as pilot:
        screen = Marked()
        await app.push_screen(screen)
        await pilot.pause()
        assert screen_lines(app)[0][:1] == "┏"
        await app.push_screen(KeepingDialog())
        await pilot.pause()
        screen.query_one("#mark").remove_class("-on")
        screen.add_class("-dark")
        app.pop_screen()
        await pilot.pause()
        assert screen_lines(app)[0][:1] == "╔"


async def test_a_screen_mounted_hidden_is_shown_by_push_without_composing_again() -> None:
    """:func:`mount_hidden` (``App._register``): the screen's widgets are made, styled and
    mounted while another screen stays on top and is drawn; installed, ``push_screen``
    then shows those same widgets (not composed again), and they stay for the next push."""
    from tui.workarounds import mount_hidden

    composed: list[int] = []

    class Dialog(ModalScreen[None]):
        def compose(self) -> ComposeResult:
            composed.append(1)
            yield Static("the hidden dialog", id="hidden-text")

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("the screen below")

    app = Host()
    async with app.run_test(size=(40, 6)) as pilot:
        dialog = Dialog()
        app.install_screen(dialog, "dialog")
        await mount_hidden(app, dialog)
        assert dialog.is_mounted and composed == [1], broken("App._register", "not mounted")
        text = dialog.query_one("#hidden-text", Static)
        await pilot.pause()
        assert app.screen is not dialog
        assert "the hidden dialog" not in "\n".join(screen_lines(app))
        for _ in range(2):
            app.push_screen("dialog")
            await pilot.pause()
            assert app.screen is dialog and dialog.query_one("#hidden-text") is text
            assert "the hidden dialog" in "\n".join(screen_lines(app))
            app.pop_screen()
            await pilot.pause()
        assert composed == [1], broken("App._register", "the screen was composed again")


@pytest.mark.parametrize("alpha", [0.0, 0.6])
def test_tinting_each_style_once_gives_textuals_segments(alpha: float) -> None:
    """:func:`tint_segments` gives what ``BackgroundScreen.process_segments`` gives:
    styles with colours, links and meta, no style, control segments, repeated styles."""
    from rich.segment import Segment
    from rich.style import Style
    from textual.color import Color
    from textual.renderables.background_screen import BackgroundScreen

    from tui.workarounds import tint_segments

    linked = Style(color="red", bgcolor="blue", bold=True, link="https://example.org")
    meta = Style.from_meta({"offset": (1, 2)}) + Style(color="#102030")
    segments = [
        Segment("plain"), Segment("linked", linked), Segment("meta", meta),
        Segment("\x1b[0m", None, [(1,)]),  # type: ignore[list-item]
        Segment("again", linked), Segment("fg only", Style(color="green")),
        Segment("bg only", Style(bgcolor="#ffffff")), Segment("none", None),
    ]  # fmt: skip
    color = Color(10, 20, 30, alpha)
    expected = list(BackgroundScreen.process_segments(segments, color))
    assert list(tint_segments(segments, color)) == expected, broken(
        "BackgroundScreen.process_segments", "tinting a style is no longer per segment"
    )
