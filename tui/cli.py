"""The ``ceasefire-tui`` entry point: the domain CLI, with the Textual reader as launcher."""

from __future__ import annotations

import atexit
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from positions.text import printable
from tui import code_cache

if TYPE_CHECKING:
    from positions.session import DocumentSession


def launch(session: DocumentSession) -> int:
    """Open the reader on ``session`` and return the exit status when it closes.

    A file not linked yet (a large article) opens at once on its preview and is linked
    in the reader.  The reader watches both files and reloads them when they change on
    disk; if it closes while a version with errors is shown, those errors are printed
    (as ``check`` prints them) and the status is 1.
    """
    from tui import heap

    _import_ui()  # (done already when the file was opened in a child process)
    from tui.app import create_app  # Textual loads only when the reader opens.

    app = create_app(session, watch=True)
    try:
        app.run()
    finally:
        heap.resume_start()  # if it never drew a frame
    if session.errors:
        for diagnostic in session.errors:
            print(diagnostic.format(), file=sys.stderr)
        count = sum(1 for d in session.errors if d.severity == "error")
        print(
            printable(f"{session.path}: {count} error{'s' * (count != 1)}; the reader showed "
                      "the last version that loaded"),
            file=sys.stderr,
        )
    return max(app.return_code or 0, app.exit_status)


def serve(argv: list[str]) -> int:
    """``ceasefire-tui serve ...``: the reader in a browser (textual-serve loads only here)."""
    from tui.serve import main as serve_main

    return serve_main(argv)


def _import_ui() -> None:
    """Import the reader's UI (Textual): done while a child process opens the file.

    asyncio (which Textual runs on) is imported without :mod:`ssl`, as on a Python built
    without it (asyncio then leaves TLS out): the reader in a terminal opens no network
    connection, and importing ``ssl`` was 10 ms of the 60-70 the reader's first paint
    takes over a bare Textual app's (issue 15).  ``ssl`` imports as usual afterwards;
    ``serve`` (the browser, which may need TLS) never comes here."""
    with without_tls():
        import tui.app  # noqa: F401


@contextmanager
def without_tls() -> Iterator[None]:
    """Within: ``import ssl`` fails (asyncio, imported first here, does without it);
    nothing changes if asyncio or ssl is imported already."""
    if "asyncio" in sys.modules or "ssl" in sys.modules:
        yield
        return
    sys.modules["ssl"] = None  # type: ignore[assignment]  # (import fails: "halted")
    try:
        yield
    finally:
        if "ssl" in sys.modules and sys.modules["ssl"] is None:
            del sys.modules["ssl"]


def main() -> None:
    """Console script: ``ceasefire-tui [FILE.yaml]`` or ``ceasefire-tui COMMAND ...``
    (``check``, ``export``, ``schema``, ``serve``).

    The reader's file is opened in a child process while Textual is imported (see
    ``positions.background``).  Dataclasses are made with the code compiled at an earlier
    start (:mod:`tui.code_cache`): installed before anything that makes one is imported.
    """
    code_cache.install()
    atexit.register(code_cache.save)
    from positions.cli import COMMANDS
    from positions.cli import main as positions_main
    from tui import heap

    if not sys.argv[1:2] or sys.argv[1] not in (*COMMANDS, "serve"):
        heap.pause_start()  # the reader opens: until its first frame (see tui.heap)
    from tui.svg import render_comparison_svg  # Textual itself loads only when it renders.

    status = positions_main(
        launch=launch,
        renderers={"svg": render_comparison_svg},
        background=True,
        prepare=_import_ui,
        commands={"serve": serve},
    )
    sys.exit(status)


if __name__ == "__main__":  # ``python -m tui.cli``
    main()
