"""The ``ceasefire-tui`` entry point: the domain CLI, with the Textual reader as launcher."""

from __future__ import annotations

import sys

from positions.cli import main as positions_main
from positions.loader import Loaded


def launch(loaded: Loaded) -> int:
    """Open the reader on ``loaded`` and return the exit status when it closes."""
    from tui.app import create_app  # Textual loads only when the reader opens.

    app = create_app(loaded.document, warnings=loaded.warnings)
    app.run()
    return app.return_code or 0


def main() -> None:
    """Console script: ``ceasefire-tui [FILE.yaml]`` or ``ceasefire-tui COMMAND ...``."""
    sys.exit(positions_main(launch=launch))
