"""Safe file output: never half-written, never over what the user wrote as input."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


class UnsafeWriteError(Exception):
    """Refused: the destination is one of the input files, or cannot be written."""


def write_atomic(path: Path, data: bytes, *, protected: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A reader sees the old file or the new one, never half of one. ``protected`` paths (the
    positions file and its article) are never written over: :class:`UnsafeWriteError`.
    """
    target = Path(path)
    resolved = target.resolve()
    for other in protected:
        if resolved == Path(other).resolve():
            raise UnsafeWriteError(f"{target}: refusing to overwrite an input file")
    if target.is_dir():
        raise UnsafeWriteError(f"{target}: is a directory")
    folder = resolved.parent
    if not folder.is_dir():
        raise UnsafeWriteError(f"{target}: folder {folder} does not exist")
    import tempfile  # only when writing: the reader's start does not pay for it

    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp_name, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, resolved)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise UnsafeWriteError(f"{target}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
