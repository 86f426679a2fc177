"""What a :class:`~positions.session.DocumentSession` answers with, one event a step:
:class:`Opened`, :class:`Linking`, :class:`Ready` or :class:`Failed`; and what links in
the background (:class:`Linker`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from positions.diagnostics import Diagnostic, Severity
from positions.index import DocumentIndex
from positions.model import Document, Loaded

__all__ = [
    "LINK_BEFORE_READER_CHARS",
    "Event",
    "Failed",
    "Linker",
    "Linking",
    "Opened",
    "Pace",
    "Progress",
    "Ready",
    "crashed",
    "pace_now",
    "paced_by",
    "ready",
]

#: ``progress(done, total)``: quotes anchored so far.
Progress = Callable[[int, int], None]

#: ``pace()``: called in the thread that links or reloads before each step that holds the
#: interpreter for a while (the linked document taken in from the child process, its index
#: built); it returns when the step may go on.  A UI that shares the interpreter passes one
#: that waits for a pause in its keys, so the step does not slow their frames.
Pace = Callable[[], object]

_pace: ContextVar[Pace | None] = ContextVar("pace", default=None)


@contextmanager
def paced_by(pace: Pace | None) -> Iterator[None]:
    """Within: :func:`pace_now` calls ``pace`` (in this thread only)."""
    token = _pace.set(pace)
    try:
        yield
    finally:
        _pace.reset(token)


def pace_now() -> None:
    """Before a step that holds the interpreter: wait for the ``pace`` of :func:`paced_by`
    (nothing outside it)."""
    pace = _pace.get()
    if pace is not None:
        pace()

#: Articles up to this many characters (about 256 KB) are linked before the reader opens,
#: so that every error in the file is printed before any screen (linking takes a few ms).
#: A larger one opens at once on its preview and is linked in the reader.
LINK_BEFORE_READER_CHARS = 256 * 1024


class Linker(Protocol):
    """A file opened but not linked yet, linking in this process or in a child."""

    @property
    def quote_count(self) -> int:
        """How many quotes :meth:`link` anchors."""
        ...

    def preview(self) -> Document:
        """The top of the article with every quote unlinked (``Document.linked`` false)."""
        ...

    def link(self, progress: Progress | None = None) -> Loaded:
        """Link every quote (blocking; raises ``LoadError``), reporting ``progress``."""
        ...

    def close(self) -> None:
        """Stop linking if it still runs (idempotent): the reader is closing."""
        ...


@dataclass(frozen=True)
class Opened:
    """The file is open but its quotes are not linked yet: ``document`` is its preview."""

    document: Document
    quote_count: int
    """How many quotes linking will anchor."""


@dataclass(frozen=True)
class Linking:
    """Progress of a link: ``done`` of ``total`` quotes anchored."""

    done: int
    total: int


@dataclass(frozen=True)
class Ready:
    """The file loaded: its Document, its warnings and its index."""

    loaded: Loaded
    index: DocumentIndex

    @property
    def document(self) -> Document:
        """The loaded Document."""
        return self.loaded.document

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """The warnings the file raised."""
        return tuple(self.loaded.warnings)


@dataclass(frozen=True)
class Failed:
    """The file did not load: every error (and the warnings met on the way)."""

    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """Only the errors."""
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)


#: What opening or loading answers with.
Event = Opened | Linking | Ready | Failed


def ready(loaded: Loaded) -> Ready:
    """The event for a loaded file, with its index (built when :func:`pace_now` says)."""
    pace_now()
    return Ready(loaded, DocumentIndex(loaded.document))


def crashed(path: Path, exc: Exception) -> Failed:
    """A bug, not the file: one error naming it (a bug must not take the reader down)."""
    problem = f"could not be loaded: {type(exc).__name__}: {exc}"
    return Failed((Diagnostic(path, 1, 1, Severity.ERROR, problem),))
