"""The ``ceasefire-tui`` entry point: the domain CLI, with the Textual reader as launcher."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from positions.cli import main as positions_main
from positions.model import Loaded

if TYPE_CHECKING:
    from positions.background import RemoteLink
    from positions.loader import Pending


def launch(opened: Loaded | Pending | RemoteLink) -> int:
    """Open the reader and return the exit status when it closes.

    A file not linked yet (a large article) opens at once on its preview and is linked
    in the reader; the status is 1 if the reader closes while the file's errors are shown.
    The reader watches both files and reloads them when they change on disk.
    """
    from tui.app import create_app  # Textual loads only when the reader opens.

    if isinstance(opened, Loaded):
        app = create_app(opened.document, warnings=opened.warnings, watch=True)
    else:
        app = create_app(opened.preview(), pending=opened, watch=True)
    app.run()
    return max(app.return_code or 0, app.exit_status)


def _import_ui() -> None:
    """Import the reader's UI (Textual): done while a child process opens the file."""
    import tui.app  # noqa: F401


def main() -> None:
    """Console script: ``ceasefire-tui [FILE.yaml]`` or ``ceasefire-tui COMMAND ...``.

    The reader's file is opened in a child process while Textual is imported (see
    ``positions.background``).
    """
    from tui.svg import render_comparison_svg  # Textual itself loads only when it renders.

    status = positions_main(
        launch=launch,
        renderers={"svg": render_comparison_svg},
        background=True,
        prepare=_import_ui,
    )
    sys.exit(status)
