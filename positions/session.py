"""The document session: the one owner of "the document as loaded now".

Every way a positions file is read goes through a :class:`DocumentSession`: ``check`` and
``export`` (:meth:`DocumentSession.open_linked`), the reader's first open
(:meth:`~DocumentSession.open`, in a child process where it can fork, then
:meth:`~DocumentSession.link`) and every reload after the files change on disk
(:meth:`~DocumentSession.due`, then :meth:`~DocumentSession.reload`).  Each step answers
with a typed event:

* :class:`Opened`: a large file is open but not linked yet; its preview can be shown;
* :class:`Linking`: progress, ``done`` of ``total`` quotes linked (through a callback);
* :class:`Ready`: the file loaded: the Document, its warnings and its
  :class:`~positions.index.DocumentIndex`;
* :class:`Failed`: it did not; every diagnostic (all defined in :mod:`positions.session_events`).

Whatever links in the background (in this process, :class:`~positions.loader.Pending`; in
a child process, :class:`~positions.background.RemoteLink`) is a :class:`Linker`.

The session keeps the last version that loaded (:attr:`~DocumentSession.ready`): a failed
reload leaves it shown and sets :attr:`~DocumentSession.errors` until one loads.  ``link``
and ``reload`` block (the reader runs them in a worker thread, one at a time, paced by its
keys); nothing here imports a UI.  Changes are written here (``apply``, ``undo``, ``redo``):
atomically, then loaded with their stamps, so the app's own save is no outside edit."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from positions.diagnostics import Diagnostic, LoadError, Severity
from positions.fsutil import UnsafeWriteError
from positions.history import STEPS_DROPPED, FileText, History, Refused, Step
from positions.index import DocumentIndex
from positions.model import Document, Loaded
from positions.session_events import (
    LINK_BEFORE_READER_CHARS,
    Event,
    Failed,
    Linker,
    Linking,
    Opened,
    Pace,
    Progress,
    Ready,
)
from positions.session_events import crashed as _crashed
from positions.session_events import paced_by as _paced_by
from positions.session_events import ready as _ready
from positions.versions import KnownVersions
from positions.watch import FileWatcher, Stamps

if TYPE_CHECKING:
    from positions.authoring import Change
    from positions.background import Opening

__all__ = [
    "LINK_BEFORE_READER_CHARS",
    "DocumentSession",
    "Event",
    "Failed",
    "Linker",
    "Linking",
    "Opened",
    "Progress",
    "Ready",
    "Refused",
]

class DocumentSession:
    """One positions file, as loaded now (see the module doc)."""

    def __init__(self, path: Path, *, strict: bool = False, allow_outside: bool = False) -> None:
        self.path = Path(path)
        """The positions file."""
        self.strict = strict
        """Warnings count as errors (``check --strict``)."""
        self.allow_outside = allow_outside
        """An article outside the positions file's folder may be read (``--allow-outside``)."""
        self.ready: Ready | None = None
        """The last version that loaded (shown even while a later edit has errors)."""
        self.opened: Opened | None = None
        """The preview shown until the first link is done (then ``None``)."""
        self.errors: tuple[Diagnostic, ...] = ()
        """The diagnostics of the last load when it failed (shown), else ``()``."""
        self.watcher = FileWatcher(self._watched_paths)
        """Notices that the positions file or the article changed on disk."""
        self.reload_elsewhere_chars = LINK_BEFORE_READER_CHARS
        """A reload of an article over this many characters links in a new process."""
        self._linker: Linker | None = None
        self._reloading: Opening | None = None  # a reload linking in another process
        self._closed = False
        self._preview_index: DocumentIndex | None = None
        self._stamps: Stamps = ()
        self._lock = threading.Lock()
        self.history = History()
        """The changes written here that can be undone and redone."""
        self._read: FileText | None = None  # the file's text, read before the last load
        self._loaded: FileText | None = None  # ... of the version loaded now
        self._write_lock = threading.Lock()
        self._warm = False  # the version loaded was linked here: the loader's caches hold it
        self._versions = KnownVersions()  # undo / redo show these again, not loaded

    # ------------------------------------------------------------ made ready

    @classmethod
    def of_loaded(cls, loaded: Loaded) -> DocumentSession:
        """A session on a file already loaded (its files as they are now count as read)."""
        session = cls(loaded.document.path)
        session._read = FileText.read(session.path)
        session._settle(_ready(loaded))
        return session

    @classmethod
    def of_linker(
        cls, path: Path, linker: Linker, preview: Document | None = None
    ) -> DocumentSession:
        """A session on a file opened but not linked: :meth:`link` links it.  ``preview``:
        the linker's preview when the caller has made it already (it is not made twice)."""
        session = cls(path)
        session._set_linker(linker, preview)
        return session

    # ------------------------------------------------------------ reading

    @property
    def document(self) -> Document:
        """The version to show: the last one loaded, else the preview."""
        if self.ready is not None:
            return self.ready.document
        if self.opened is not None:
            return self.opened.document
        raise LookupError(f"{self.path}: not opened yet")

    @property
    def index(self) -> DocumentIndex:
        """The index of :attr:`document` (the preview's is built on first use)."""
        if self.ready is not None:
            return self.ready.index
        with self._lock:
            if self._preview_index is None or self._preview_index.document is not self.document:
                self._preview_index = DocumentIndex(self.document)
            return self._preview_index

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """The warnings of the version shown."""
        return self.ready.warnings if self.ready is not None else ()

    @property
    def linking(self) -> bool:
        """Whether a first link is still to do (:meth:`link`)."""
        return self._linker is not None

    @property
    def quote_count(self) -> int:
        """How many quotes the pending link anchors (0 when none is pending)."""
        return self._linker.quote_count if self._linker is not None else 0

    @property
    def exit_status(self) -> int:
        """1 while the file's errors stand (the last load failed), else 0."""
        return 1 if self.errors else 0

    # ------------------------------------------------------------ opening

    def open_linked(self) -> Ready | Failed:
        """Open and link the file here (``check``, ``export``)."""
        from positions.loader import open_positions

        self._read = FileText.read(self.path)
        try:
            pending = open_positions(
                self.path, strict=self.strict, allow_outside=self.allow_outside
            )
            event: Ready | Failed = _ready(pending.link())
        except LoadError as exc:
            event = Failed(tuple(exc.diagnostics))
        self._warm = True
        return self._settle(event)

    def open(
        self,
        *,
        background: bool = False,
        prepare: Callable[[], object] | None = None,
        link_before_chars: int | None = None,
    ) -> Opened | Ready | Failed:
        """Open the file for the reader: linked (:class:`Ready`) when its article has at
        most ``link_before_chars`` characters, else :class:`Opened` on its preview (then
        :meth:`link`); :class:`Failed` with every error.

        With ``background`` the file is opened in a child process (see
        :mod:`positions.background`) while ``prepare()`` runs here (the reader imports its
        UI); where no child can be made, the file is opened here and ``prepare`` is not
        called.  A child that fails is replaced by opening the file here.
        """
        if link_before_chars is None:
            link_before_chars = LINK_BEFORE_READER_CHARS
        self._read = FileText.read(self.path)
        opening = None
        if background:
            from positions.background import start_opening

            opening = start_opening(
                self.path, link_before_chars, allow_outside=self.allow_outside
            )
        try:
            if opening is not None and prepare is not None:
                prepare()
            answer = opening.result() if opening is not None else None
            self._warm = answer is None  # else linked in the child
            if isinstance(answer, Loaded):
                return self._settle(_ready(answer))
            if answer is not None:
                opening = None  # the link owns the child now
                return self._set_linker(answer)
            # Only here: with a child, the loader (and yaml) load there, not before the fork.
            from positions.loader import open_positions

            pending = open_positions(
                self.path, strict=self.strict, allow_outside=self.allow_outside
            )
            if pending.article_chars > link_before_chars:
                return self._set_linker(pending)
            return self._settle(_ready(pending.link()))
        except LoadError as exc:
            return self._settle(Failed(tuple(exc.diagnostics)))
        finally:
            if opening is not None:
                opening.close()

    def _set_linker(self, linker: Linker, preview: Document | None = None) -> Opened:
        self._linker = linker
        self.opened = Opened(preview or linker.preview(), linker.quote_count)
        self.watcher.mark_loaded()
        return self.opened

    def link(self, progress: Progress | None = None, pace: Pace | None = None) -> Ready | Failed:
        """Link the file :meth:`open` left open (blocking: run it off the UI thread)."""
        from positions.background import RemoteLink  # (importing the loader: 50 ms more)

        linker = self._linker
        if linker is None:
            raise RuntimeError(f"{self.path}: nothing to link")
        self._warm = not isinstance(linker, RemoteLink)  # else linked in a child process
        try:
            with _paced_by(pace):
                event: Ready | Failed = _ready(linker.link(progress))
        except LoadError as exc:
            event = Failed(tuple(exc.diagnostics))
        except Exception as exc:
            event = _crashed(self.path, exc)
        finally:
            self._linker = None
        return self._settle(event)

    # ------------------------------------------------------------ reloading

    def due(self) -> bool:
        """One poll of the files: whether a change has held still since the last poll (then
        :meth:`reload`).  While errors are shown, the folder is watched too (for a missing
        file to appear); while a change is being written, never (that is not an edit)."""
        stamps = None if self._write_lock.locked() else self.watcher.poll(every=bool(self.errors))
        if stamps is None:
            return False
        self._stamps = stamps
        return True

    def changed_now(self) -> bool:
        """Whether a file changed since it was read, not waiting for it to hold still."""
        if self._write_lock.locked():
            return False  # the app's own write, loaded when it is done
        stamps = self.watcher.changed_now(every=bool(self.errors))
        if stamps is None:
            return False
        self._stamps = stamps
        return True

    def reload(self, progress: Progress | None = None, pace: Pace | None = None) -> Ready | Failed:
        """Open and link the file anew (blocking, as :meth:`link`).  A failure keeps the
        last good version as :attr:`ready`, and sets :attr:`errors`.  ``pace`` (both): when
        the steps that hold the interpreter may go on (:data:`~positions.session_events.Pace`)."""
        self.watcher.begin(self._stamps)
        self._stamps = ()
        self._read = FileText.read(self.path)
        try:
            with _paced_by(pace):
                event: Ready | Failed = _ready(self._load_fresh(progress))
        except LoadError as exc:
            event = Failed(tuple(exc.diagnostics))
        except Exception as exc:
            event = _crashed(self.path, exc)
        if isinstance(event, Ready):
            self.watcher.loaded()
        else:
            self.watcher.failed()
        return self._settle(event, watched=False)

    def _load_fresh(self, progress: Progress | None) -> Loaded:
        """Open and link the file anew: in a new process when the article shown is large
        (so the reader's keys keep the interpreter while it links), else here."""
        from positions.loader import open_positions

        shown = self.ready.document.article.text if self.ready is not None else ""
        if len(shown) > self.reload_elsewhere_chars:
            from positions.background import RemoteLink, start_reloading

            opening = start_reloading(self.path, allow_outside=self.allow_outside)
            if opening is not None:
                self._reloading = opening
                if self._closed:  # closed while the process was being made
                    opening.close()
                try:
                    answer = opening.result()  # raises LoadError for a file with errors
                    self._warm = False  # linked in the new process
                    if isinstance(answer, RemoteLink):
                        return answer.link(progress)
                    if answer is not None:
                        return answer
                    if opening.stopped:  # the reader is closing: do not link it here
                        stopped = Diagnostic(self.path, 1, 1, Severity.ERROR, "reload stopped")
                        raise LoadError([stopped])
                finally:
                    self._reloading = None
                    opening.close()
        self._warm = True
        return open_positions(self.path, allow_outside=self.allow_outside).link(progress)

    def _settle(self, event: Ready | Failed, *, watched: bool = True) -> Ready | Failed:
        """Take the outcome of a load as the session's state."""
        if isinstance(event, Ready):
            if self._loaded is not None and (
                self._read is None or self._read.text != self._loaded.text
            ):
                self.history.clear()  # changed outside: the steps no longer apply
            self._loaded = self._read
            self.ready = event
            self.opened = None
            self.errors = ()
            if watched:
                self.watcher.mark_loaded()
        else:
            self.errors = event.diagnostics
        return event

    def _watched_paths(self) -> Sequence[Path]:
        """The positions file, the article, and their folder."""
        if self.ready is None and self.opened is None:
            return (self.path, self.path.parent, self.path.parent)
        return (self.path, self.document.article.path, self.path.parent)

    def close(self) -> None:
        """Stop a link or reload still running in another process (the reader is closing)."""
        self._closed = True
        if self._linker is not None:
            self._linker.close()
        if self._reloading is not None:
            self._reloading.close()

    # ------------------------------------------------------------ writing

    @property
    def can_undo(self) -> bool:
        """Whether a change written here can be undone."""
        return bool(self.history.undo)

    @property
    def can_redo(self) -> bool:
        """Whether an undone change can be written again."""
        return bool(self.history.redo)

    def _load_written(self) -> Ready | Failed:
        from positions.loader import open_positions

        self._warm = True
        try:
            return _ready(open_positions(self.path, allow_outside=self.allow_outside).link())
        except LoadError as exc:
            return Failed(tuple(exc.diagnostics))

    @property
    def writing_prepared(self) -> bool:
        """Whether a change is written without loading the whole file first: the version
        shown was linked in this process (the loader's caches hold it), not in a child
        process nor by the caller of :meth:`of_loaded`; else :meth:`prepare_writing`."""
        return self._warm

    def prepare_writing(self) -> bool:
        """Load the file here (blocking: off the UI thread) unless :attr:`writing_prepared`,
        so the first change is as quick as later ones (caches: see README); whether it did.
        It holds the write lock: a change waits for it (then finds the caches warm), it
        waits for a change being written, and no reload is due meanwhile."""
        with self._write_lock:
            if self._warm or self.ready is None:
                return False
            self._load_written()
            return True

    def _current(self) -> tuple[FileText, Document, bool] | Refused:
        """The file's text now, its Document, and whether it changed outside (reloaded)."""
        if self.ready is None or self._loaded is None:
            return Refused("the file is not loaded yet")
        now = FileText.read(self.path)
        if now is None:
            return Refused(f"{self.path} cannot be read now")
        if now.text == self._loaded.text and self.watcher.changed_now(every=False) is None:
            return self._loaded, self.ready.document, False  # (the article as loaded too)
        self._read = now
        event = self._settle(self._load_written())
        if isinstance(event, Failed):
            return Refused("the file changed on disk and now has errors; fix them first")
        return now, event.document, True

    def _write(
        self, base: FileText, text: str, made: Callable[[], Loaded | None] | None = None
    ) -> Ready | Failed | Refused:
        """Write ``text`` over ``base`` and load it (one that does not load: undone); ``made()``:
        the version made in memory, else ``None`` (then one shown before, else loaded)."""
        protected = (self.document.article.path,)
        try:
            FileText(text, base.bom).write(self.path, protected=protected)
        except UnsafeWriteError as exc:
            return Refused(str(exc))
        self._read = FileText(text, base.bom)
        before = self.ready
        try:
            loaded = made() if made is not None else None
        except Exception:  # a bug there must not cost the save: the file is loaded instead
            loaded = None
        known = _ready(loaded) if loaded is not None else self._versions.get(text, before)
        event = known if known is not None else self._load_written()
        if isinstance(event, Failed):
            try:
                base.write(self.path, protected=protected)
            except UnsafeWriteError as exc:
                return Refused(f"the change gave a file with errors, and {exc}")
            self.watcher.mark_loaded()
            return event
        self._loaded = self._read  # our own write: not an outside edit
        if before is not None:
            self._versions.remember(base.text, before)
        self._versions.remember(text, event)
        return self._settle(event)

    def apply(self, change: Change) -> Ready | Failed | Refused:
        """Write ``change`` and load the result (blocking).  Files changed on disk are reloaded
        and the change applied to them, else :class:`Refused`; :class:`Failed`: file kept."""
        from positions.authoring import AuthoringError, describe, edit_change, relocated

        with self._write_lock:
            current = self._current()
            if isinstance(current, Refused):
                return Refused(current.reason, change)
            base, document, outside = current
            try:
                change = relocated(change, document)  # (an article edited meanwhile)
                edited = edit_change(base.text, document, change)
            except AuthoringError as exc:
                why = "the file changed on disk (reloaded) and " if outside else ""
                return Refused(f"{why}{exc.message}", change)
            text, ready = edited.result(), self.ready
            made = None
            if ready is not None and ready.document is document:  # (any change: one party)
                from positions.in_memory import added_in_memory

                made = lambda: added_in_memory(edited, text, ready.loaded, change)  # noqa: E731
            event = self._write(base, text, made)
            if isinstance(event, Ready):
                self.history.push(Step(base.text, text, describe(change, document)))
            elif isinstance(event, Refused):
                return Refused(event.reason, change)
            return event

    def undo(self) -> Ready | Failed | Refused | None:
        """Write back the file before the last change (``None``: nothing to undo)."""
        return self._step(undo=True)

    def redo(self) -> Ready | Failed | Refused | None:
        """Write the last undone change again (``None``: nothing to redo)."""
        return self._step(undo=False)

    def _step(self, *, undo: bool) -> Ready | Failed | Refused | None:
        with self._write_lock:
            source = self.history.undo if undo else self.history.redo
            if not source:
                return None
            step, current = source[-1], self._current()
            if isinstance(current, Refused):
                return current
            base, _, outside = current
            if outside or base.text != (step.after if undo else step.before):
                self.history.clear()
                return Refused(STEPS_DROPPED)
            event = self._write(base, step.before if undo else step.after)
            if isinstance(event, Ready):
                source.pop()
                (self.history.redo if undo else self.history.undo).append(step)
            return event
