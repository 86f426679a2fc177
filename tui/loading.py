"""Loading a positions file for the reader, off the UI thread (see ``positions.loader``).

:func:`load_file` is what the app's load worker runs: open the file (unless it is already
open), link its quotes, and prepare what the swap to the new Document needs that takes
time (its :class:`~tui.state.ReaderIndex`, its article wrapped).  It never raises: a
failure comes back as diagnostics.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from positions.diagnostics import Diagnostic, LoadError, Severity
from tui.article_layout import ArticleLayout, build_layout
from tui.state import ReaderIndex

if TYPE_CHECKING:
    from positions.loader import Loaded, Progress

__all__ = ["Linkable", "LoadResult", "load_file"]


class Linkable(Protocol):
    """A file opened but not linked yet, as ``positions.loader.Pending`` (the app needs no
    more of it, so tests can stand in their own)."""

    @property
    def quote_count(self) -> int:
        """How many quotes linking will anchor."""
        ...

    def link(self, progress: Progress | None = None) -> Loaded:
        """Link (raises ``LoadError``); ``progress(done, total)`` as it goes."""
        ...


@dataclass(frozen=True)
class LoadResult:
    """What a load gave: ``loaded`` with its ``index`` and ``layout``, or ``errors``."""

    loaded: Loaded | None
    """The file loaded, or ``None`` when it failed."""
    errors: tuple[Diagnostic, ...] = ()
    """Why it failed (empty when it loaded)."""
    index: ReaderIndex | None = None
    """The new Document's index."""
    layout: ArticleLayout | None = None
    """The new article wrapped to the width asked for (``None`` for width 0)."""


def load_file(
    path: Path,
    pending: Linkable | None,
    width: int,
    progress: Callable[[int, int], None],
) -> LoadResult:
    """Open ``path`` (unless ``pending`` is that file already open) and link it, reporting
    ``progress(done, total)``; index it and wrap its article to ``width`` (if above 0).

    Never raises: a ``LoadError`` gives its diagnostics, any other exception (a bug must
    not take the reader down with the file) one error naming it.
    """
    try:
        if pending is None:
            from positions.loader import open_positions

            pending = open_positions(path)
        loaded = pending.link(progress)
    except LoadError as exc:
        return LoadResult(None, tuple(exc.diagnostics))
    except Exception as exc:
        problem = f"could not be loaded: {type(exc).__name__}: {exc}"
        return LoadResult(None, (Diagnostic(path, 1, 1, Severity.ERROR, problem),))
    index = ReaderIndex(loaded.document)
    layout = build_layout(loaded.document, width) if width > 0 else None
    return LoadResult(loaded, index=index, layout=layout)
