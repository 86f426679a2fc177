"""The export dialog in a browser (``ceasefire-tui serve``): the file is a download.

Under textual-serve the reader runs on the server, so a file written "beside the positions
file" would land on the server, not with the person reading.  This dialog offers the same
formats and file name, renders the export in a thread and hands it to the browser with
``App.deliver_text`` (textual-serve streams it as an attachment).  Outside a browser,
``deliver_text`` saves to ``save_directory`` (the tests use that).
"""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from textual.content import Content
from textual.widgets import Button

from positions.model import Document
from tui.screens.export import EXPORT_FORMATS, ExportDone, ExportFormat, ExportScreen

__all__ = ["MIME_TYPES", "DownloadScreen"]

#: Each format's media type, so the browser names and opens the download rightly.
MIME_TYPES = {
    "md": "text/markdown",
    "html": "text/html",
    "json": "application/json",
    "csv": "text/csv",
    "svg": "image/svg+xml",
}


class DownloadScreen(ExportScreen):
    """Choose a format and a file name; ``enter`` sends the file to the browser."""

    def __init__(
        self,
        document: Document,
        *,
        start_format: str | None = None,
        save_directory: Path | None = None,
    ) -> None:
        """``save_directory``: where ``deliver_text`` saves outside a browser (tests)."""
        super().__init__(document, EXPORT_FORMATS, start_format=start_format)
        self.save_directory = save_directory

    def _path_label(self) -> Content:
        """Say where the file goes: the browser's downloads, not a folder here."""
        return Content.assemble(
            Content.styled("File name", "bold"),
            Content.styled(" (your browser downloads it)", "$text-muted"),
        )

    def file_name(self) -> str | None:
        """The name typed, without any folder (a download is named, not placed)."""
        name = Path(self.path_input.value.strip()).name
        return name or None

    def action_export(self) -> None:
        """``enter``: render the chosen format and send it to the browser."""
        if self._busy:
            return
        name = self.file_name()
        if name is None:
            self._fail("Type a file name for the download.")
            return
        chosen = self.selected_format
        self._busy = True
        self._show_message(f"Preparing {chosen.name}…", busy=True)
        for button in self.query(Button):
            button.disabled = True
        self.run_worker(self._deliver(chosen, name), name="download", exclusive=True)

    async def _deliver(self, chosen: ExportFormat, name: str) -> None:
        try:
            text = await asyncio.to_thread(chosen.render, self.document)
            self.app.deliver_text(
                io.StringIO(text),
                save_directory=self.save_directory,
                save_filename=name,
                encoding="utf-8",
                mime_type=MIME_TYPES.get(chosen.key),
            )
        except Exception as exc:  # a renderer failing must not take the reader down
            self._done_busy()
            self._fail(f"{name}: export failed: {type(exc).__name__}: {exc}")
            return
        self.dismiss(ExportDone(chosen, Path(name), downloaded=True))
