"""The ``ceasefire-tui`` entry point: the domain CLI, with the Textual reader as launcher."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from positions.cli import main as positions_main

if TYPE_CHECKING:
    from positions.loader import Loaded, Pending


def launch(opened: Loaded | Pending) -> int:
    """Open the reader and return the exit status when it closes.

    A :class:`Pending` file (a large article) opens at once on its preview and is linked
    in the reader; the status is 1 if the reader closes while the file's errors are shown.
    The reader watches both files and reloads them when they change on disk.
    """
    from positions.loader import Pending
    from tui.app import create_app  # Textual loads only when the reader opens.

    if isinstance(opened, Pending):
        app = create_app(opened.preview(), pending=opened, watch=True)
    else:
        app = create_app(opened.document, warnings=opened.warnings, watch=True)
    app.run()
    return max(app.return_code or 0, app.exit_status)


def main() -> None:
    """Console script: ``ceasefire-tui [FILE.yaml]`` or ``ceasefire-tui COMMAND ...``."""
    from tui.svg import render_comparison_svg  # Textual itself loads only when it renders.

    sys.exit(positions_main(launch=launch, renderers={"svg": render_comparison_svg}))
