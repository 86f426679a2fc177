"""Opening a positions file in a child process while the reader's UI loads.

Without it the reader starts with two slow steps in a row on one thread: importing Textual
(a fifth of a second) and opening and linking the file (a tenth of a second for the seed,
over half a second for a 3.6 MB article).  :func:`start_opening` forks a child that opens
and links the file on the other core while the parent imports the UI; the parent then
takes the result with :meth:`Opening.result`:

* a small article comes back linked, as a :class:`~positions.model.Loaded`;
* a large one (over ``link_before_chars``) comes back as a :class:`RemoteLink` at once,
  with its preview, while the child goes on linking; :meth:`RemoteLink.link` (the reader
  calls it in a worker thread) waits for the linked document, reporting progress;
* a file with errors raises :class:`~positions.diagnostics.LoadError`, as opening it in
  the parent would.

The child is a plain ``os.fork`` made before the parent starts any thread, and it only
writes pickles to a pipe of its own.  Where ``fork`` is not available (or not safe:
this is used on Linux only) :func:`start_opening` returns ``None`` and the caller opens
the file itself; it does the same when the child fails for any reason (a crash is
reported as ``None`` too, and opening in the parent then gives the real error).

A reload (:func:`start_reloading`) keeps the reader's keys quick while it links (issue 15):

* its process runs at a lower CPU priority (:data:`RELOAD_NICE`): on a busy machine the
  reader's keys, not the link, get the core first;
* the linked document comes back in two parts, the article and the rest, and the article
  only when the reader does not hold the same one already (:func:`known_article`: by the
  digest of its pickle).  A reload after an edit of the positions file alone (the usual
  one) then sends no article, and the reader's worker does not spend the ~40 ms of
  interpreter lock that unpickling the 3.7 MB benchmark article's blocks took.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import pickle
import signal
import struct
import sys
import threading
from pathlib import Path
from typing import IO, Any

from positions.diagnostics import Diagnostic, LoadError, Severity
from positions.fsutil import blake2b
from positions.model import Article, Document, Loaded
from positions.session_events import Progress, pace_now

__all__ = [
    "RELOAD_NICE",
    "Opening",
    "RemoteLink",
    "known_article",
    "start_opening",
    "start_reloading",
]

#: Each message is its pickle's length (8 bytes, big-endian), then the pickle.
_FRAME = struct.Struct(">Q")

#: The pipe's capacity asked for (Linux's default ceiling, ``/proc/sys/fs/pipe-max-size``).
#: At the default 64 KB, the linked document of the benchmark's 3.6 MB article (4.5 MB
#: pickled) crossed in 70 reads; each read releases the interpreter lock, and winning it back
#: from the UI's busy threads can take a switch interval (5 ms) each: up to a third of a
#: second between the child's last write and the parent's last read.  At 1 MB: 5 reads.
PIPE_BYTES = 1 << 20

#: How much lower (``nice``) a reload's process runs than the reader.  The reader and the
#: process share two cores with the terminal (and, on a busy machine, with everything else):
#: keys during a reload took twice to three times their own CPU time while it linked.  At
#: 10 the scheduler gives the reader about nine tenths of a core they share.
RELOAD_NICE = 10

#: The last article a child sent, with its digest (see :func:`known_article`).
_known: tuple[str, Article] | None = None


def known_article() -> tuple[str, Article] | None:
    """The last article a child process sent this process, with the digest of its pickle:
    a reload's process given the digest sends no article if its own is the same."""
    return _known


def _digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def _pack_loaded(loaded: Loaded, known: str | None) -> tuple[str, bytes | None, bytes]:
    """The child's linked document, for :meth:`_Channel.loaded`: the digest of its article's
    pickle, that pickle (``None`` if its digest is ``known``: the parent has it), and the
    rest of the document pickled, its article an empty stand-in."""
    document = loaded.document
    article = document.article
    article_data = pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL)
    digest = _digest(article_data)
    stand_in = Article(article.path, "", ())
    rest = dataclasses.replace(loaded, document=dataclasses.replace(document, article=stand_in))
    rest_data = pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL)
    return digest, (None if digest == known else article_data), rest_data


def _pipe() -> tuple[int, int]:
    """A pipe (read end, write end) widened to :data:`PIPE_BYTES` where the system allows."""
    read_fd, write_fd = os.pipe()
    try:
        import fcntl  # not on Windows
    except ImportError:
        return read_fd, write_fd
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    if set_size is not None:
        with contextlib.suppress(OSError):  # over the system's limit: the default size
            fcntl.fcntl(write_fd, set_size, PIPE_BYTES)
    return read_fd, write_fd


def fork_available() -> bool:
    """Whether :func:`start_opening` can fork here (Linux, no thread started yet)."""
    return (
        sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1
    )


def start_opening(
    path: Path, link_before_chars: int, *, allow_outside: bool = False
) -> Opening | None:
    """Fork a child that opens ``path`` and links it, or ``None`` where that cannot be done.

    An article of at most ``link_before_chars`` characters is linked before the child's
    first answer; a larger one answers with its preview first (see :class:`RemoteLink`).
    """
    if not fork_available():
        return None
    read_fd, write_fd = _pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child: never returns
        os.close(read_fd)
        _child(path, write_fd, link_before_chars, allow_outside, None)
    os.close(write_fd)
    return Opening(path, pid, os.fdopen(read_fd, "rb"), allow_outside=allow_outside)


def start_reloading(path: Path, *, allow_outside: bool = False) -> Opening | None:
    """Open and link ``path`` in a new Python process, or ``None`` where none can be made.

    For a reload while the reader runs: it has threads by then, so it cannot fork, and
    linking a large file in its own worker thread would hold the interpreter lock the
    keys need.  The new process answers as a forked child does (progress, then the linked
    document; no preview, the reader shows the last version meanwhile), so the reader's
    worker only waits and unpickles;
    it runs at a lower priority (:data:`RELOAD_NICE`), and sends the article only if it
    differs from :func:`known_article`.
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "posix_spawn"):
        return None
    known = _known
    # -P: the reader's own modules, not a ``positions`` in the working directory.
    argv = [sys.executable, "-P", "-m", "positions.background", str(path)]
    if allow_outside:
        argv.append("--allow-outside")
    if known is not None:
        argv += ["--known", known[0]]
    read_fd, write_fd = _pipe()
    try:
        pid = os.posix_spawn(
            sys.executable,
            argv,
            dict(os.environ),
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, write_fd, 1),
                (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
                (os.POSIX_SPAWN_CLOSE, read_fd),
            ],
        )
    except OSError:
        os.close(read_fd)
        return None
    finally:
        os.close(write_fd)
    return Opening(path, pid, os.fdopen(read_fd, "rb"), allow_outside=allow_outside, known=known)


def _child(
    path: Path,
    write_fd: int,
    link_before_chars: int,
    allow_outside: bool,
    known: str | None,
    preview: bool = True,
) -> None:
    """Open and link ``path``, writing each answer to ``write_fd``; exit without cleanup.
    ``known``: the digest of the article the parent has (it is not sent again); without
    ``preview`` the first answer of a large article has none (made and sent, ~0.1 s here).

    The child must never touch the terminal the parent is about to take over, nor run
    the parent's exit handlers: it writes only to its pipe and leaves with ``os._exit``.
    """
    status = 0
    # A short-lived process that makes many objects and no cycles worth collecting: the
    # collector would only slow linking down (by a fifth on the benchmark's large case).
    gc.disable()
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C before the UI: just go
        with os.fdopen(write_fd, "wb") as out:

            def send(*message: object) -> None:
                # Pickled whole first, so a message that cannot be pickled is never half
                # sent; framed by its length, so the parent reads it before unpickling.
                data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
                out.write(_FRAME.pack(len(data)))
                out.write(data)
                out.flush()

            try:
                from positions.loader import open_positions

                pending = open_positions(path, allow_outside=allow_outside)
                if pending.article_chars > link_before_chars:
                    shown = pending.preview() if preview else None
                    send("pending", shown, pending.quote_count)
                    loaded = pending.link(lambda done, total: send("progress", done, total))
                else:
                    loaded = pending.link()
                send("loaded", *_pack_loaded(loaded, known))
            except LoadError as exc:
                send("error", list(exc.diagnostics))
            except BrokenPipeError:
                raise  # the parent is gone: nothing to tell
            except BaseException as exc:  # a bug: the parent opens the file itself
                send("crash", f"{type(exc).__name__}: {exc}")
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _unpickle(data: bytes) -> object:
    """A message from the child.  The collector is paused meanwhile: unpickling a large
    document makes tens of thousands of objects, and the collections they set off would
    double the time.  Nothing is frozen out of later collections here: this may run in the
    reader's worker thread, where a freeze would also freeze the app and its widgets (their
    cycles never collected after a reload)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if collecting:
            gc.enable()


class _Channel:
    """The parent's end of the pipe: the child's answers, one at a time."""

    def __init__(
        self, pid: int, stream: IO[bytes], known: tuple[str, Article] | None = None
    ) -> None:
        self.pid = pid
        self._stream = stream
        self._known = known  # the article the child was told the parent has
        self._lock = threading.Lock()
        self._closed = False
        self.failed = False
        """The child ended without a last answer, or crashed."""

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called (the child is stopped)."""
        return self._closed

    def receive(self) -> tuple[Any, ...] | None:
        """The next answer, or ``None`` when the child ended without one (or crashed)."""
        message = None
        try:
            header = self._stream.read(_FRAME.size)
            if len(header) == _FRAME.size:
                size = _FRAME.unpack(header)[0]
                data = self._stream.read(size)
                if len(data) == size:
                    message = _unpickle(data)
        except Exception:  # a closed stream, a short or damaged message: no answer
            message = None
        if not isinstance(message, tuple) or not message or message[0] == "crash":
            if not self._closed:
                self.failed = True
            self.close()
            return None
        return message

    def loaded(self, message: tuple[Any, ...]) -> Loaded | None:
        """The document of a ``loaded`` answer (see :func:`_pack_loaded`): its article the
        one the parent has when the child did not send it, else unpickled and kept as
        :func:`known_article`.  ``None`` (the child failed) for one that cannot be used."""
        global _known
        self.close()
        pace_now()  # (unpickling holds the interpreter: 5-15 ms on the benchmark's case)
        try:
            _, digest, article_data, rest_data = message
            if article_data is None:
                if self._known is None or self._known[0] != digest:
                    raise ValueError("no article sent, and not the one this process has")
                article = self._known[1]
            else:
                sent = _unpickle(article_data)
                if not isinstance(sent, Article) or _digest(article_data) != digest:
                    raise ValueError("a damaged article")
                article = sent
            rest = _unpickle(rest_data)
            if not isinstance(rest, Loaded):
                raise ValueError("a damaged document")
        except Exception:  # a short or damaged answer: as if the child had crashed
            self.failed = True
            return None
        if article_data is not None:
            _known = (digest, article)
        document = dataclasses.replace(rest.document, article=article)
        return dataclasses.replace(rest, document=document)

    def close(self) -> None:
        """Stop the child if it still runs, and reap it (idempotent, thread-safe)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            self._stream.close()


class Opening:
    """A file being opened in a child process (made by :func:`start_opening`)."""

    def __init__(
        self,
        path: Path,
        pid: int,
        stream: IO[bytes],
        *,
        allow_outside: bool = False,
        known: tuple[str, Article] | None = None,
    ) -> None:
        self.path = path
        """The positions file."""
        self.allow_outside = allow_outside
        """Whether an article outside the positions file's folder may be read."""
        self._channel = _Channel(pid, stream, known)

    def result(self) -> Loaded | RemoteLink | None:
        """Wait for the child's first answer.

        A :class:`Loaded` document (small article), a :class:`RemoteLink` (large
        article, still linking), or ``None`` when the child failed: then open the file in
        this process.  Raises :class:`LoadError` when the file has errors.
        """
        message = self._channel.receive()
        if message is None:
            return None
        kind = message[0]
        if kind == "loaded":
            return self._channel.loaded(message)
        if kind == "error":
            self.close()
            diagnostics: list[Diagnostic] = message[1]
            raise LoadError(diagnostics)
        if kind == "pending":
            return RemoteLink(
                self.path, message[1], message[2], self._channel,
                allow_outside=self.allow_outside,
            )
        self.close()
        return None

    @property
    def pid(self) -> int:
        """The child process's id."""
        return self._channel.pid

    @property
    def stopped(self) -> bool:
        """Whether :meth:`close` stopped the child on purpose (it did not fail)."""
        return self._channel.closed and not self._channel.failed

    def close(self) -> None:
        """Stop the child if it still runs (idempotent)."""
        self._channel.close()


class RemoteLink:
    """A large file opened by the child, which goes on linking it.

    Offers what the reader needs of a :class:`~positions.loader.Pending`: the preview,
    the quote count and :meth:`link`.
    """

    def __init__(
        self,
        path: Path,
        preview: Document | None,
        quote_count: int,
        channel: _Channel,
        *,
        allow_outside: bool = False,
    ):
        self.path = path
        """The positions file."""
        self._preview = preview
        self._quote_count = quote_count
        self._channel = channel
        self.allow_outside = allow_outside
        """Whether an article outside the positions file's folder may be read."""
        self._lock = threading.Lock()
        self._result: Loaded | LoadError | None = None

    @property
    def quote_count(self) -> int:
        """How many quotes :meth:`link` anchors."""
        return self._quote_count

    def preview(self) -> Document:
        """The top of the article with every quote unlinked (``Document.linked`` false);
        ``LookupError`` for a reload's (:func:`start_reloading` asks for none)."""
        if self._preview is None:
            raise LookupError(f"{self.path}: a reload's process sends no preview")
        return self._preview

    def link(self, progress: Progress | None = None) -> Loaded:
        """Wait for the child to link the file, calling ``progress(done, total)`` as it goes.

        Raises :class:`LoadError` when the file has errors.  Should the child fail, the
        file is opened and linked here instead.  Thread-safe; later calls give the first
        call's result.
        """
        with self._lock:
            if self._result is None:
                self._result = self._receive(progress)
            if isinstance(self._result, LoadError):
                raise LoadError(self._result.diagnostics)
            return self._result

    def _receive(self, progress: Progress | None) -> Loaded | LoadError:
        while True:
            message = self._channel.receive()
            if message is None:
                return self._link_here(progress)
            kind = message[0]
            if kind == "progress":
                if progress is not None:
                    progress(message[1], message[2])
                continue
            self._channel.close()
            if kind == "loaded":
                loaded = self._channel.loaded(message)
                return loaded if loaded is not None else self._link_here(progress)
            if kind == "error":
                return LoadError(message[1])
            return self._link_here(progress)

    def _link_here(self, progress: Progress | None) -> Loaded | LoadError:
        """The child failed: open and link the file in this process (unless the child was
        stopped on purpose: the reader is closing)."""
        if self._channel.closed and not self._channel.failed:
            return LoadError([Diagnostic(self.path, 1, 1, Severity.ERROR, "linking was stopped")])
        from positions.loader import open_positions

        try:
            return open_positions(self.path, allow_outside=self.allow_outside).link(progress)
        except LoadError as exc:
            return exc

    def close(self) -> None:
        """Stop the child if it still runs (idempotent)."""
        self._channel.close()


def _reload_main(argv: list[str]) -> None:
    """The process :func:`start_reloading` makes: ``PATH [--allow-outside] [--known
    DIGEST]``; it answers on its stdout, at a lower priority than the reader's."""
    with contextlib.suppress(OSError):
        os.nice(RELOAD_NICE)
    known = argv[argv.index("--known", 1) + 1] if "--known" in argv[1:-1] else None
    _child(Path(argv[0]), 1, 0, "--allow-outside" in argv[1:], known, preview=False)


if __name__ == "__main__":
    _reload_main(sys.argv[1:])
