"""The export dialog (``e``): a format, a file name, and a confirmation before replacing.

The dialog writes the file itself (atomically, in a worker, never over the positions file
or the article) and stays open on any problem, showing it; it closes with an
:class:`ExportDone` once the file is written.  The default file is beside the positions
file and named after it (``positions.yaml`` -> ``positions.md``); a relative path is
relative to that folder and ``~`` is expanded.

Paths and titles come from the user's files: they are shown as literal ``Content`` and
notified with ``markup=False``, never parsed as markup.
"""

from __future__ import annotations

import asyncio
import os
import sysconfig
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

import seeds
from positions.export import FORMATS
from positions.fsutil import UnsafeWriteError, check_target, write_atomic
from positions.model import Document
from tui.fields import Field
from tui.log import say
from tui.safe import literal, one_line, truncate
from tui.screens.confirm import ConfirmScreen
from tui.workarounds import variant_button

__all__ = [
    "EXPORT_FORMATS",
    "ConfirmOverwriteScreen",
    "ExportDone",
    "ExportFormat",
    "ExportScreen",
    "default_path",
    "markdown_summary",
]


def _svg(document: Document) -> str:
    from tui.svg import render_comparison_svg  # Textual is running already; keep it lazy

    return render_comparison_svg(document)


@dataclass(frozen=True)
class ExportFormat:
    """One format the dialog offers."""

    key: str
    """The format's name on the command line (``--format``) and its file extension."""
    name: str
    """Its short name (``Markdown``)."""
    label: str
    """What the dialog calls it."""
    render: Callable[[Document], str]
    """The document as text (the same function the command line uses)."""


#: The formats, in the order the dialog lists them.
EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("md", "Markdown", "Markdown summary", FORMATS["md"]),
    ExportFormat("html", "HTML", "HTML page (summary and highlighted article)", FORMATS["html"]),
    ExportFormat(
        "json", "JSON", "JSON (the model, with Web Annotation selectors)", FORMATS["json"]
    ),
    ExportFormat("csv", "CSV", "CSV (one row per quote)", FORMATS["csv"]),
    ExportFormat("svg", "SVG", "SVG picture of the comparison view", _svg),
)


@dataclass(frozen=True)
class ExportDone:
    """What the dialog wrote."""

    format: ExportFormat
    path: Path
    downloaded: bool = False
    """The file went to the browser as a download (``path`` is only its name)."""


def _protected(document: Document) -> dict[Path, str]:
    """The input files (resolved), each with what to call it."""
    return {
        document.path.resolve(): "the positions file",
        document.article.path.resolve(): "the article",
    }


def installed_folders() -> list[Path]:
    """Folders that belong to installed software, not to the user: the bundled seeds'
    folder and every ``site-packages`` (``sysconfig`` purelib and platlib)."""
    paths = sysconfig.get_paths()
    folders = [seeds.SEED_DIR, *(Path(paths[key]) for key in ("purelib", "platlib"))]
    return [folder.resolve() for folder in folders]


def export_folder(document: Document) -> Path:
    """Where exports go by default: beside the positions file; the current directory when
    that file lies inside installed software (the bundled seed: see
    :func:`installed_folders`), so nothing is proposed in a folder the user did not choose
    or work in, or when its folder cannot be written (a read-only share)."""
    folder = document.path.absolute().parent
    resolved = folder.resolve()
    if any(resolved.is_relative_to(installed) for installed in installed_folders()):
        return Path.cwd()
    return folder if os.access(folder, os.W_OK) else Path.cwd()


def default_path(document: Document, extension: str) -> str:
    """The default file name, relative to :func:`export_folder`.

    ``<positions stem>.<extension>``; if that is an input file (an article called
    ``positions.md``), ``<stem>.export.<extension>``.
    """
    stem = document.path.stem or "export"
    folder = export_folder(document)
    protected = _protected(document)
    name = f"{stem}.{extension}"
    if (folder / name).resolve() in protected:
        name = f"{stem}.export.{extension}"
    return name


class FormatButton(RadioButton):
    """A format's radio button whose glyph, not only its colour, shows whether it is the
    chosen one (``●`` chosen, ``○`` not), so the choice reads under ``NO_COLOR`` too."""

    def render(self) -> Content:
        """The button (its glyph set by its value) and its label."""
        self.BUTTON_INNER = "●" if self.value else "○"
        return super().render()


class FormatChoice(RadioSet, inherit_bindings=False):
    """The formats: the arrow keys move *and* choose (as in a browser's radio group).

    ``enter`` is not bound here, so it reaches the dialog and exports.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "next_button", "Next format", show=False),
        Binding("up,left", "previous_button", "Previous format", show=False),
        Binding("space", "toggle_button", "Choose", show=False),
    ]

    def action_next_button(self) -> None:
        """Choose the next format (the set's highlight follows the chosen button).

        (``RadioSet`` calls this once as it mounts, to highlight its first button: here
        the highlight goes to the format chosen already, which may not be the first.)
        """
        if not self.has_focus:
            buttons = list(self.query(RadioButton))
            chosen = next((i for i, button in enumerate(buttons) if button.value), 0)
            for _ in range(chosen + 1):  # from no highlight: the first, then on
                super().action_next_button()
            return
        self._choose(1)

    def action_previous_button(self) -> None:
        """Choose the previous format."""
        self._choose(-1)

    def _choose(self, direction: int) -> None:
        """Press the next enabled button after (or before) the pressed one, wrapping
        around; ``RadioSet`` turns the others off, posts ``Changed`` and moves its
        highlight to it."""
        buttons = list(self.query(RadioButton))
        start = self.pressed_index
        if start < 0:  # none chosen: "next" is the first, "previous" the last
            start = 0 if direction < 0 else len(buttons) - 1
        for step in range(1, len(buttons) + 1):
            button = buttons[(start + direction * step) % len(buttons)]
            if not button.disabled:
                button.value = True
                return

class ConfirmOverwriteScreen(ConfirmScreen):
    """Ask before replacing an existing file: ``True`` replaces it (default: keep it)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            "File exists", Content("This file exists already. Replace it?"),
            literal(str(path)), "Replace",
        )
        self.path = path


class ExportScreen(ModalScreen[ExportDone | None]):
    """Choose a format and a file; ``enter`` exports, ``escape`` cancels."""

    DEFAULT_CSS = """
    ExportScreen {
        align: center middle;
        background: $background;  /* opaque: the reader under it is not drawn again */
        & > #export-box {
            width: 72;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            overflow-y: auto;
            border: round $accent;
            border-title-align: center;
            border-subtitle-align: center;
            background: $surface;
            padding: 0 1;
            & > #export-title { color: $text-muted; }
            & > .export--label { text-style: bold; }
            & > #export-path-label { margin-top: 1; width: 100%; }
            & > FormatChoice { width: 100%; margin-left: 1; }
            & > Input { width: 100%; }
            & > #export-message { color: $text-error; height: auto; display: none; }
            & > #export-message.-shown { display: block; }
            & > #export-message.-busy { color: $text-accent; }
            & > Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
            & Button { margin-left: 2; }
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # ``q`` closes the dialog like the other dialogs (typed in the file name, it is a q).
        Binding("escape,q", "cancel", "Cancel", tooltip="Close without exporting"),
        Binding("enter", "export", "Export", tooltip="Write the file"),
    ]

    def __init__(
        self,
        document: Document,
        formats: Sequence[ExportFormat] = EXPORT_FORMATS,
        *,
        start_format: str | None = None,
    ) -> None:
        """``start_format``: the key of the format chosen at first (the last one used)."""
        super().__init__()
        self.formats = tuple(formats)
        self._start(document, start_format)
        self._shown = ("", "")
        """The title and the path's label shown (their text)."""

    def _start(self, document: Document, start_format: str | None) -> None:
        """What a new dialog starts from: the document, its folder, the format chosen."""
        self.document = document
        self.folder = export_folder(document)
        """Where the default file goes, and what a relative path is relative to."""
        keys = [f.key for f in self.formats]
        self._format_index = keys.index(start_format) if start_format in keys else 0
        self._auto_path = default_path(document, self.formats[self._format_index].key)
        """The path the dialog filled in; replaced when the format changes, unless edited."""
        self._busy = False

    def reopen(self, document: Document, start_format: str | None = None) -> None:
        """Show what a new dialog for ``document`` would (this one built once, shown
        again: see :mod:`tui.screens.kept`): the title, the folder, ``start_format``
        chosen, its default file, no message, the buttons enabled, the formats focused.

        A format chosen here is pressed as a click would (its set turns the others off and
        moves its highlight in the messages that follow)."""
        self._start(document, start_format)
        if not self.is_mounted:  # composed from the values above (or being composed now)
            self.call_later(self._show_start)
            return
        self._show_start()

    def _show_start(self) -> None:
        """The fields show what :meth:`_start` set; only what differs is changed (each
        change is drawn, on its own if the dialog is on screen)."""
        title, label = self._title(), self._path_label()
        if title.plain != self._shown[0]:
            self.query_one("#export-title", Static).update(title)
        if label.plain != self._shown[1]:
            self.query_one("#export-path-label", Label).update(label)
        self._shown = (title.plain, label.plain)
        buttons = list(self.query(FormatButton))
        buttons[self._format_index].value = True
        path_input = self.path_input
        path_input.value = self._auto_path
        path_input.cursor_position = len(self._auto_path)
        if self.query_one("#export-message", Static).has_class("-shown"):
            self._show_message(None)
        self._done_busy()
        self.set_focus(self.query_one(FormatChoice))

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        """Title, formats, file name, message line, buttons."""
        self._shown = (self._title().plain, self._path_label().plain)
        with Vertical(id="export-box") as box:
            box.border_title = Content("Export")
            box.border_subtitle = Content("enter: export · escape: cancel")
            yield Static(self._title(), id="export-title")
            yield Label(Content("Format"), classes="export--label")
            yield FormatChoice(
                *[
                    FormatButton(Content(f.label), value=i == self._format_index)
                    for i, f in enumerate(self.formats)
                ],
                id="export-format",
                compact=True,
            )
            yield Label(self._path_label(), id="export-path-label")
            yield Field(self._auto_path, id="export-path")
            yield Static(id="export-message")
            with Horizontal():
                yield variant_button(Content("Export"), "primary", id="export")
                yield Button(Content("Cancel"), id="cancel")

    def on_mount(self) -> None:
        """Start on the formats: the arrows choose one, ``enter`` exports."""
        self.query_one(FormatChoice).focus()

    def follow_document(
        self, document: Document, colors: Sequence[Color], party_index: int | None = None
    ) -> None:
        """The file was reloaded: export the new version (its title shown)."""
        self.document = document
        title = self._title()
        self.query_one("#export-title", Static).update(title)
        self._shown = (title.plain, self._shown[1])

    def _path_label(self) -> Content:
        """What the file name is relative to."""
        return Content.assemble(
            Content.styled("File", "bold"),
            Content.styled(" relative to ", "$text-muted"),
            literal(str(self.folder)),
        )

    def _title(self) -> Content:
        """The article's headline in quotation marks; with none, what names it instead
        (``No headline · …``), which is no headline to quote."""
        title = literal(truncate(one_line(self.document.title), 64))
        return Content.assemble("“", title, "”") if self.document.headline else title

    @property
    def path_input(self) -> Input:
        """The file name."""
        return self.query_one("#export-path", Input)

    @property
    def selected_format(self) -> ExportFormat:
        """The chosen format."""
        return self.formats[self._format_index]

    def target(self) -> Path | None:
        """The file to write: ``~`` expanded, relative to the positions file's folder."""
        text = self.path_input.value.strip()
        if not text:
            return None
        path = Path(text).expanduser()
        return path if path.is_absolute() else self.folder / path

    # ----------------------------------------------------------------- events

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        if event.index < 0:
            return
        self._format_index = event.index
        new_default = default_path(self.document, self.selected_format.key)
        path_input = self.path_input
        if path_input.value == self._auto_path:  # not edited: follow the format
            path_input.value = new_default
            path_input.cursor_position = len(new_default)
        self._auto_path = new_default
        self._show_message(None)

    @on(Input.Submitted, "#export-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export":
            self.action_export()
        else:
            self.action_cancel()

    # ---------------------------------------------------------------- actions

    def action_cancel(self) -> None:
        """``escape``: close without writing anything."""
        if not self._busy:
            self.dismiss(None)

    def action_export(self) -> None:
        """``enter``: check the path, ask before replacing a file, then write."""
        if self._busy:
            return
        target = self.target()
        if target is None:
            self._fail("Type a file name to export to.")
            return
        try:  # the checks of the one write path, before asking to replace a file
            _, existed = check_target(target, protected=_protected(self.document))
        except UnsafeWriteError as exc:
            self._fail(str(exc))
            return
        chosen = self.selected_format
        if existed:

            def answered(replace: bool | None) -> None:
                if replace:
                    self._start_write(chosen, target)
                else:
                    self._show_message(None)
                    self.path_input.focus()

            self.app.push_screen(ConfirmOverwriteScreen(target), answered)
            return
        self._start_write(chosen, target)

    # ---------------------------------------------------------------- writing

    def _start_write(self, chosen: ExportFormat, target: Path) -> None:
        self._busy = True
        self._show_message(f"Writing {chosen.name}…", busy=True)
        for button in self.query(Button):
            button.disabled = True
        self.run_worker(self._write(chosen, target), name="export", exclusive=True)

    async def _write(self, chosen: ExportFormat, target: Path) -> None:
        """Render and write in a thread (SVG rendering takes a moment)."""
        protected = (self.document.path, self.document.article.path)

        def render_and_write() -> None:
            data = chosen.render(self.document).encode("utf-8")
            write_atomic(target, data, protected=protected)

        try:
            await asyncio.to_thread(render_and_write)
        except UnsafeWriteError as exc:
            self._done_busy()
            self._fail(str(exc))
            return
        except Exception as exc:  # a renderer failing must not take the reader down
            self._done_busy()
            self._fail(f"{target}: export failed: {type(exc).__name__}: {exc}")
            return
        self.dismiss(ExportDone(chosen, target))

    def _done_busy(self) -> None:
        self._busy = False
        for button in self.query(Button):
            button.disabled = False

    # --------------------------------------------------------------- messages

    def _show_message(self, text: str | None, *, busy: bool = False) -> None:
        message = self.query_one("#export-message", Static)
        message.set_class(busy, "-busy")
        message.set_class(bool(text), "-shown")
        message.update(literal(text) if text else Content(""))

    def _fail(self, text: str) -> None:
        """Show a problem in the dialog and as a notification; the dialog stays open."""
        self._show_message(text)
        say(self.app, text, title="Export", severity="error", timeout=6)


def markdown_summary(document: Document) -> str:
    """The Markdown summary (what ``export --format md`` writes), for the clipboard."""
    return FORMATS["md"](document)
