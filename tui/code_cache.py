"""Dataclasses made without compiling their methods again at every start.

``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``
and (frozen) ``__setattr__``/``__delattr__`` as source text and compiles it with ``exec``,
every time the class is made: about 0.2 ms a method on this machine.  The reader makes some
300 such methods before its first frame (its own 29 dataclasses and Textual's): 30-40 ms,
a large part of what the reader adds over a bare Textual app before its first frame
(issue 15).  Python keeps the compiled code of
modules in ``.pyc`` files; nothing keeps the code ``dataclasses`` compiles.

:func:`install` makes the ``exec`` that :mod:`dataclasses` calls (a name in that module,
which shadows the builtin there and nowhere else) look the source text up in a cache of
code compiled before, kept in one file per Python version in the user's cache folder, and
compile only what it does not hold.  The same text always compiles to the same code, so a
cached entry can never be stale; :func:`save` writes the file again (to a temporary file,
then renamed) when something new was compiled.  A missing, unreadable or damaged file (its
digest is checked before ``marshal`` reads anything from it) only means compiling as
Python does; :data:`state` says which happened.

The console script installs it first thing (:func:`tui.cli.main`) and saves at exit.  The
child it forks to open the file uses it too, but what only the child compiles is not kept
(the child leaves without exit handlers), nor is the cache used by the process a reload
starts anew (``positions.background``): those still compile some of their classes.
Nothing changes where it is not installed (the tests, an app embedded elsewhere).
"""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
import marshal
import os
import sys
from pathlib import Path
from types import CodeType
from typing import Any

from positions.fsutil import blake2b

__all__ = ["cache_path", "compiled", "install", "installed", "save", "state"]

state = "not installed"
"""What :func:`install` found: ``"not installed"``, ``"empty"`` (no file yet), ``"read"``,
or why the file was not used (``"unreadable: ..."``, ``"damaged"``, ``"no cache folder:
..."``: no home folder known)."""

_cache: dict[str, bytes | CodeType] = {}  # compiled code: marshalled until first used
_compiled = 0  # entries compiled since the file was read: saved only if any
_used: set[str] = set()  # the entries this process looked up
_path: Path | None = None  # the file read by install (save writes it)

#: Past this many entries (about 1 KB each: the app's own code changed many times), only
#: the entries this process used are saved.
MOST_KEPT = 2_000

#: The file: this, then a BLAKE2b digest of the rest, then the marshalled entries.  A file
#: whose digest does not match (cut short, changed) is not used: ``marshal`` must never be
#: given damaged data.
_MAGIC = b"ceasefire-tui dataclass code 1\n"
_DIGEST = 32


def cache_path() -> Path:
    """The cache file: ``$XDG_CACHE_HOME`` (else ``~/.cache``)``/ceasefire-tui/``, one file
    per Python version (compiled code only runs on the version that compiled it)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    tag = sys.implementation.cache_tag or "python"
    return Path(base) / "ceasefire-tui" / f"dataclass-code.{tag}-{sys.hexversion:x}.marshal"


def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    """``exec`` as :mod:`dataclasses` calls it, with the compiled code of ``source`` kept."""
    global _compiled
    if isinstance(source, str):
        code = _cache.get(source)
        if isinstance(code, bytes):
            try:
                code = marshal.loads(code)
            except (EOFError, ValueError, TypeError):  # damaged: compiled again below
                code = None
        _used.add(source)
        if isinstance(code, CodeType):
            _cache[source] = code
        else:
            # As ``exec(source)`` compiles it from dataclasses' own module: no ``__future__``
            # flag of this one (``annotations`` would turn the annotations into strings).
            code = compile(source, "<string>", "exec", dont_inherit=True)
            _cache[source] = code
            _compiled += 1
        source = code
    builtins.exec(source, globals, locals)


def compiled() -> int:
    """Methods compiled (not found in the cache) since it was read or last saved."""
    return _compiled


def installed() -> bool:
    """Whether :mod:`dataclasses` compiles through the cache."""
    return getattr(dataclasses, "exec", None) is _exec


def install(path: Path | None = None) -> None:
    """Read the cache file (``path``, default :func:`cache_path`) and have
    :mod:`dataclasses` compile through it (idempotent)."""
    global state
    if installed():
        return
    global _path
    try:
        path = _path = path or cache_path()
        data = path.read_bytes()
    except FileNotFoundError:
        state = "empty"
    except OSError as error:
        state = f"unreadable: {error.strerror or error}"
    except RuntimeError as error:  # Path.home(): no home folder known
        state = f"no cache folder: {error}"
    else:
        body = data[len(_MAGIC) + _DIGEST :]
        loaded = None
        if data[: len(_MAGIC)] == _MAGIC and data[len(_MAGIC) : len(_MAGIC) + _DIGEST] == (
            blake2b(body, digest_size=_DIGEST).digest()
        ):
            with contextlib.suppress(EOFError, ValueError, TypeError):
                loaded = marshal.loads(body)
        if isinstance(loaded, dict) and all(
            isinstance(key, str) and isinstance(code, bytes) for key, code in loaded.items()
        ):
            _cache.update(loaded)
            state = "read"
        else:
            state = "damaged"
    dataclasses.exec = _exec  # type: ignore[attr-defined]


def save(path: Path | None = None) -> bool:
    """Write the cache file if anything was compiled since it was read; whether it was
    written.  Written whole or not at all (a temporary file, then renamed); a folder that
    cannot be written only means compiling again next time."""
    global _compiled
    if not installed() or not _compiled:
        return False
    import tempfile  # (not before the first frame: only when there is something to save)

    try:
        path = path or _path or cache_path()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".code-", suffix=".tmp")
    except (OSError, RuntimeError):  # (RuntimeError: Path.home() knows no home folder)
        return False
    try:
        kept = list(_cache) if len(_cache) <= MOST_KEPT else [s for s in _cache if s in _used]
        entries = {}
        for source in kept:
            code = _cache[source]
            entries[source] = code if isinstance(code, bytes) else marshal.dumps(code)
        body = marshal.dumps(entries)
        with os.fdopen(handle, "wb") as file:
            file.write(_MAGIC + blake2b(body, digest_size=_DIGEST).digest() + body)
        os.replace(temporary, path)
    except (OSError, ValueError):  # (ValueError: marshal met an object it cannot write)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    _compiled = 0
    return True
