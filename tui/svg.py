"""The comparison view as SVG, rendered headless (no terminal), for slides and reports.

``render_comparison_svg(document)`` runs a small Textual app without a terminal, shows the
comparison matrix on it at a size that fits the matrix exactly, and returns Textual's SVG
screenshot, titled with the article title.  The output is deterministic: the same document
gives byte-identical SVG in any process (fixed theme, fixed size, no colour filters from the
environment; Rich derives the SVG's ids from the rendered content only).

Textual is imported only when this function runs, so the command line that passes it to
:func:`positions.cli.main` stays fast for the other formats.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from positions.model import Document
from positions.text import xml_safe

if TYPE_CHECKING:
    from textual.app import App
    from textual.content import Content
    from textual.pilot import Pilot

__all__ = ["MAX_SVG_PARTIES", "MAX_SVG_TOPICS", "SVG_THEME", "render_comparison_svg"]

#: The Textual theme the SVG is drawn with (fixed, so the output never depends on settings).
SVG_THEME = "textual-dark"

#: Provisional terminal width: wide enough that no column or topic title is cut short.
_PROVISIONAL_WIDTH = 400
_MIN_WIDTH = 40
#: The longest wait for the screen to be laid out again at the fitted size, in seconds.
_LAYOUT_WAIT = 2.0

#: The largest comparison the SVG draws: a picture for a slide or a report, drawn by a
#: headless terminal whose cost grows with its cells (200 topics x 64 parties took 30 s).
#: A larger selection is refused at once; ``--topics`` / ``--parties`` choose a part.
MAX_SVG_TOPICS = 100
MAX_SVG_PARTIES = 16

# Rich's SVG template fetches its font from a CDN when the font is not installed; an
# export makes no outside request, so only the local font (then any monospace) is used.
_REMOTE_FONT = re.compile(r'(src:\s*local\("[^"]*"\))\s*,\s*url\([^;]*;')
_CREDIT = re.compile(r"[ \t]*<!--[^>]*https?://[^>]*-->\n?")


def _offline(svg: str) -> str:
    """The SVG with no outside reference (font URLs, the credit's link) and nothing XML
    1.0 forbids (a U+FFFE in a title would make the file ill-formed)."""
    return xml_safe(_CREDIT.sub("", _REMOTE_FONT.sub(r"\1;", svg)))


def render_comparison_svg(document: Document) -> str:
    """The comparison view (topics x parties) as an SVG picture, drawn without a terminal.

    Deterministic: the same document gives byte-identical SVG.  It refers to nothing
    outside itself (no font from a CDN) and holds no character XML 1.0 forbids.  Raises
    :class:`~positions.export.common.ExportTooLarge` over :data:`MAX_SVG_TOPICS` topics or
    :data:`MAX_SVG_PARTIES` parties.
    """
    topics, parties = len(document.topics), len(document.parties)
    if topics > MAX_SVG_TOPICS or parties > MAX_SVG_PARTIES:
        from positions.export.common import ExportTooLarge

        raise ExportTooLarge(
            f"the SVG picture shows at most {MAX_SVG_TOPICS} topics and {MAX_SVG_PARTIES} "
            f"parties, and this comparison has {topics:,} topics and {parties} parties; "
            "choose some with --topics and --parties (or export html, md, csv or json)"
        )
    import asyncio  # here: the console script imports this module to start the reader
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _offline(asyncio.run(_render(document)))
    # Called from inside an event loop: render in a thread with its own loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return _offline(pool.submit(lambda: asyncio.run(_render(document))).result())


def _title(document: Document) -> str:
    """The SVG's title: the article title on one line."""
    return " ".join((document.title or "").split()) or "Comparison"


async def _render(document: Document) -> str:
    """Run the comparison app headless, fit the terminal to the matrix, take the picture."""
    app = _comparison_app(document)
    rows = len(document.topics)
    pictures: list[str] = []

    async def take_picture(pilot: Pilot[object]) -> None:
        await pilot.pause()
        width, height = app.fitted_size()  # type: ignore[attr-defined]
        await pilot.resize_terminal(width, height)
        await _laid_out(pilot, app, width, height)
        pictures.append(app.export_screenshot(title=_title(document)))
        app.exit()

    await app.run_async(
        headless=True, size=(_PROVISIONAL_WIDTH, rows + 40), auto_pilot=take_picture
    )
    if not pictures:
        raise RuntimeError("the comparison view could not be drawn")
    return pictures[0]


async def _laid_out(pilot: Pilot[object], app: App[None], width: int, height: int) -> None:
    """Wait until the screen is laid out at the fitted size: the box then fills it.

    ``resize_terminal`` hands the screen its ``Resize`` through a timer (1/120 s), and a
    pause only waits until the process looks idle, which a busy machine can fool.  After
    :data:`_LAYOUT_WAIT` seconds the picture is taken as it is.
    """
    from textual.geometry import Region

    box = app.screen.query_one("#compare-box")
    for _ in range(round(_LAYOUT_WAIT / 0.01)):
        if box.region == Region(0, 0, width, height):
            break
        await pilot.pause(0.01)
    await pilot.pause()


def _legend() -> Content:
    """The comparison view's legend without its key hints (a picture has no keys)."""
    from textual.content import Content

    from positions.compare import Agreement
    from positions.model import SILENCE_GLYPH, Stance
    from tui.screens.compare import basis_legend

    stances = "  ".join(s.label for s in Stance)
    agreements = "  ".join(
        f"{a.glyph} {a.value}" for a in Agreement if a is not Agreement.NONE_SPOKE
    )
    return Content(
        f"{stances}  {SILENCE_GLYPH} no stated position\n{basis_legend()}\n{agreements}"
    )


def _comparison_app(document: Document) -> App[None]:
    """The headless app showing only the comparison view (Textual imported here)."""
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.color import Color
    from textual.containers import Vertical
    from textual.content import Content
    from textual.filter import ANSIToTruecolor, LineFilter
    from textual.widgets import DataTable, Static

    from tui.colors import adapt, resolve
    from tui.screens.compare import CompareScreen

    class StaticComparison(CompareScreen):
        """The comparison view without cursor, focus or key hints: a picture of it."""

        def compose(self) -> ComposeResult:
            with Vertical(id="compare-box") as box:
                box.border_title = Content("Comparison: topics × parties")
                yield DataTable[Text](
                    id="matrix", cursor_type="none", zebra_stripes=True, show_cursor=False
                )
                yield Static(_legend(), id="compare-legend")

        def on_mount(self) -> None:
            # The whole matrix, however many topics: as tall as the terminal fitted to it
            # (None would only drop this inline rule, and the reader's 80vh would apply).
            self.table.styles.max_height = "100vh"
            self.table.can_focus = False

        # The matrix stays drawn at the provisional width (titles whole): the terminal is
        # then fitted to it, which must not wrap them again.  Not by prevent_default() in
        # an on_resize: that also skips Screen._on_resize, which lays the screen out at the
        # new size, and the picture was then the provisional screen cut at the fitted one.
        REFIT_ON_RESIZE = False

    class ComparisonApp(App[None]):
        def __init__(self) -> None:
            super().__init__()
            self.theme = SVG_THEME
            self.title = _title(document)

        def get_line_filters(self) -> Sequence[LineFilter]:
            """No NO_COLOR / TEXTUAL_FILTERS filters: the output must not depend on them."""
            return [f for f in super().get_line_filters() if isinstance(f, ANSIToTruecolor)]

        def on_mount(self) -> None:
            background = Color.parse(self.get_css_variables().get("background", "#000000"))
            colors = [adapt(c, background) for c in resolve(document.parties).base]
            self.push_screen(StaticComparison(document, colors))

        def fitted_size(self) -> tuple[int, int]:
            """Columns and rows that show the whole matrix and legend, nothing more."""
            screen = self.screen
            table = screen.query_one("#matrix", DataTable)
            legend_lines = _legend().split("\n")
            legend_width = max(line.cell_length for line in legend_lines) + 2  # padding
            width = max(_MIN_WIDTH, table.virtual_size.width, legend_width) + 2  # border
            height = table.virtual_size.height + len(legend_lines) + 2  # border
            return width, height

    return ComparisonApp()
