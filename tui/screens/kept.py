"""The export dialog built once and shown again, reset, on each ``e``.

Building the dialog (its formats, file field and buttons made and styled, and the first
time the CSS of widgets the reader does not use) was most of the time from ``e`` to the
dialog on screen.  The reader builds it while idle after its first frame
(:func:`prepare_export`), hidden, and installs it; ``e`` then only resets it
(:meth:`ExportScreen.reopen`: what a new dialog would show) and puts it on top.  A key
pressed before that builds it as before, and that one is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

from tui.workarounds import mount_hidden

if TYPE_CHECKING:
    from positions.model import Document
    from tui.screens.export import ExportScreen

__all__ = ["EXPORT", "export_dialog", "prepare_export"]

#: The name the kept export dialog is installed under.
EXPORT = "export"


def _build(app: App[object], document: Document, start_format: str | None) -> ExportScreen:
    """A new dialog (the download dialog in a browser), installed to be kept."""
    screen: ExportScreen
    if app.is_web:  # in a browser (ceasefire-tui serve): the file is a download
        from tui.screens.download import DownloadScreen

        screen = DownloadScreen(document, start_format=start_format)
    else:
        from tui.screens.export import ExportScreen

        screen = ExportScreen(document, start_format=start_format)
    app.install_screen(screen, EXPORT)
    return screen


def export_dialog(
    app: App[object], document: Document, start_format: str | None
) -> ExportScreen:
    """The export dialog for ``document``, ``start_format`` chosen: the kept one reset
    (:meth:`ExportScreen.reopen`), else a new one, kept from now on."""
    if not app.is_screen_installed(EXPORT):
        return _build(app, document, start_format)
    from tui.screens.export import ExportScreen

    screen = app.get_screen(EXPORT)
    assert isinstance(screen, ExportScreen)
    screen.reopen(document, start_format)
    return screen


def prepare_export(app: App[object], document: Document, start_format: str | None) -> None:
    """Build the export dialog, hidden, unless there is one (or the app is closing)."""
    if app.is_screen_installed(EXPORT) or not app.is_running:
        return
    mount_hidden(app, _build(app, document, start_format))
