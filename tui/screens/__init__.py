"""Screens and modal dialogs of the reader."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import importlib
import threading
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from textual.color import Color

from positions.model import Document

__all__ = ["DIALOGS", "FollowsDocument", "preload_dialogs"]

#: The dialogs' modules, imported when first opened (not before the first paint).
DIALOGS = (
    "tui.screens.help", "tui.screens.export", "tui.screens.compare", "tui.screens.balance",
    "tui.screens.code", "tui.screens.confirm",
)


def preload_dialogs(
    then: Callable[[], None] | None = None, *, loaded: Callable[[], None] | None = None
) -> threading.Thread:
    """Import the dialogs' modules (and the Textual widgets they use) in a background
    thread, so that the first ``?``, ``e``, ``c``, ``b``, ``m`` or ``d`` does not wait for
    them; a key pressed meanwhile imports what it needs itself (Python's import lock makes
    that safe).  ``then`` is called (in that thread) once they are all imported, then
    ``loaded`` is (in the event loop this is called from: build dialogs there; not if
    that loop has closed meanwhile)."""
    loop = asyncio.get_running_loop() if loaded is not None else None
    context = contextvars.copy_context()  # the app's (Textual finds its app in it)

    def load() -> None:
        for name in DIALOGS:
            importlib.import_module(name)
        if then is not None:
            then()
        if loop is not None and loaded is not None:
            with contextlib.suppress(RuntimeError):  # the loop is closed: the app ended
                loop.call_soon_threadsafe(loaded, context=context)

    thread = threading.Thread(target=load, name="preload dialogs", daemon=True)
    thread.start()
    return thread


@runtime_checkable
class FollowsDocument(Protocol):
    """A dialog that shows the document and follows it when the file is reloaded while
    it is open (the comparison matrix, the balance view, the export dialog)."""

    def follow_document(
        self, document: Document, colors: Sequence[Color], party_index: int | None = None
    ) -> None:
        """Show ``document`` (the new version) with the party ``colors``; ``party_index``
        is the reader's current party in it."""
        ...
