"""Safe file input and output: bounded reads of regular files only; atomic writes that never
replace anything but a regular file, and never what the user gave as input.

Both the positions file and the article are read with :func:`read_bounded`, and every
export is written with :func:`write_atomic`.  Neither ever blocks on a FIFO or a device,
reads more than its limit, or lets an ``OSError`` escape: failures are one-line messages.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = [
    "MAX_POSITIONS_BYTES",
    "TEMP_MARK",
    "ReadError",
    "UnsafeWriteError",
    "blake2b",
    "file_kind",
    "format_size",
    "looks_like_utf16_or_32",
    "read_bounded",
    "too_large",
    "write_atomic",
]

try:  # BLAKE2 alone: importing ``hashlib`` also loads OpenSSL's digests, 2.5 ms of the
    # reader's start, for a digest it never uses (issue 15)
    from _blake2 import blake2b
except ImportError:  # (a Python without that module: the same function, through hashlib)
    from hashlib import blake2b

_MIB = 1024 * 1024

#: Positions files larger than this are refused before parsing (here, not in
#: :mod:`positions.yaml_source`: reading the file's text must not import PyYAML).
MAX_POSITIONS_BYTES = 8 * _MIB

#: Marks the temporary files :func:`write_atomic` creates: ``.NAME.ceasefire-XXXX.tmp``.
TEMP_MARK = ".ceasefire-"
_TEMP_SUFFIX = ".tmp"
_NAME_MAX = 255  # bytes in one file name on every file system we write to


# --------------------------------------------------------------------------- reading


class ReadError(Exception):
    """A file cannot be read; ``message`` says why, for a human (one line)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def file_kind(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words ("a directory", "a FIFO (named pipe)")."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def format_size(n: int) -> str:
    """A byte count for people: ``17 MB``, ``2 KB``, ``812 bytes``."""
    if n >= _MIB:
        return f"{n / _MIB:.1f}".removesuffix(".0") + " MB"
    if n >= 1024:
        return f"{n / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{n} bytes"


def too_large(what: str, size: int, limit: int) -> str:
    """``"{what} is 17 MB; the limit is 16 MB"`` (exact byte counts when they would read
    the same once rounded)."""
    shown, shown_limit = format_size(size), format_size(limit)
    if shown == shown_limit:  # 16 MB + 1 byte must not read "16 MB; the limit is 16 MB"
        shown, shown_limit = f"{size:,} bytes", f"{limit:,} bytes"
    return f"{what} is {shown}; the limit is {shown_limit}"


def _read_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc)


def _write_reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def read_bounded(
    path: Path,
    limit: int,
    *,
    what: str,
    check: Callable[[], object] | None = None,
) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    The file is opened with ``O_NONBLOCK`` and the *opened* descriptor is checked, so a
    FIFO, a device (``/dev/zero``), a symbolic link to one or a directory is refused
    without ever blocking or reading from it; at most ``limit + 1`` bytes are read, so a
    file that grows while it is read is refused too.  ``what`` names the file in the size
    message (``"article is 17 MB; the limit is 16 MB"``).  ``check`` runs once the file is
    known to be a regular file, before it is read (the article's suffix check).

    Raises :class:`ReadError` with a one-line message.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ReadError("file not found") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError("cannot read the file: too many levels of symbolic links") from None
        if exc.errno in (errno.ENXIO, errno.EOPNOTSUPP):  # a socket
            raise ReadError("is a socket, not a regular file") from None
        raise ReadError(f"cannot read the file: {_read_reason(exc)}") from None
    try:
        try:
            st = os.fstat(fd)
        except OSError as exc:
            raise ReadError(f"cannot read the file: {_read_reason(exc)}") from None
        if stat.S_ISDIR(st.st_mode):
            raise ReadError("is a directory, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(f"is {file_kind(st.st_mode)}, not a regular file")
        if check is not None:
            check()
        if st.st_size > limit:
            raise ReadError(too_large(what, st.st_size, limit))
        chunks: list[bytes] = []
        got = 0
        try:
            while got <= limit:
                chunk = os.read(fd, min(limit + 1 - got, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
        except OSError as exc:
            raise ReadError(f"cannot read the file: {_read_reason(exc)}") from None
        if got > limit:  # it grew after fstat
            raise ReadError(too_large(what, got, limit))
        return b"".join(chunks)
    finally:
        os.close(fd)


def looks_like_utf16_or_32(data: bytes) -> str | None:
    """``"UTF-16"`` or ``"UTF-32"`` when ``data`` has that encoding's byte-order mark or
    NUL-byte pattern (mostly ASCII text encoded in it); otherwise ``None``."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = data[: 4096 - 4096 % 4]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) - len(sample) % 4]
    quarter = len(sample) // 4
    nul = [sample[i::4].count(0) / quarter for i in range(4)]
    high, low = 0.9, 0.1
    if (nul[1] > high and nul[2] > high and nul[3] > high and nul[0] < low) or (
        nul[0] > high and nul[1] > high and nul[2] > high and nul[3] < low
    ):
        return "UTF-32"
    odd, even = (nul[1] + nul[3]) / 2, (nul[0] + nul[2]) / 2
    if (odd > 0.5 and even < low) or (even > 0.5 and odd < low):
        return "UTF-16"
    return None


# --------------------------------------------------------------------------- writing


class UnsafeWriteError(Exception):
    """Refused or failed: the destination is an input file, not a regular file, or cannot be
    written.  The message is one line, naming the destination."""


def _temp_prefix(name: str) -> str:
    """``.NAME.ceasefire-``, NAME shortened so the temporary name fits in a file name."""
    room = _NAME_MAX - len(f".{TEMP_MARK}XXXXXXXX{_TEMP_SUFFIX}".encode())
    encoded = os.fsencode(name)
    if len(encoded) > room:
        name = os.fsdecode(encoded[:room]).rstrip("\udcff")
        while len(os.fsencode(name)) > room:
            name = name[:-1]
    return f".{name}{TEMP_MARK}"


def _remove_stale_temps(folder: Path, prefix: str) -> None:
    """Remove temporary files a killed earlier export of the same target left behind."""
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix)]
    except OSError:
        return  # creating our own temporary file will say what is wrong
    for name in names:
        if not name.endswith(_TEMP_SUFFIX):
            continue
        stale = folder / name
        try:
            if stat.S_ISREG(os.lstat(stale).st_mode):
                stale.unlink()
        except OSError:
            continue  # not ours to worry about: the write itself does not depend on it


def _refuse_unless_regular(target: Path, shown: Path) -> bool:
    """Whether ``target`` exists; :class:`UnsafeWriteError` when it is not a regular file."""
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return False
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafeWriteError(f"{shown}: cannot write: symbolic link loop") from None
        raise UnsafeWriteError(f"{shown}: cannot write: {_write_reason(exc)}") from None
    if stat.S_ISDIR(st.st_mode):
        raise UnsafeWriteError(f"{shown}: is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise UnsafeWriteError(
            f"{shown}: is {file_kind(st.st_mode)}, not a regular file; refusing to replace it"
        )
    return True


def check_target(path: Path, *, protected: Iterable[Path] = ()) -> tuple[Path, bool]:
    """What :func:`write_atomic` checks before it writes anything: ``path`` resolved, and
    whether a (regular) file is there already.  Raises :class:`UnsafeWriteError` with a
    one-line message for a protected path, a directory, a device, FIFO or socket, a name
    too long, a symbolic link loop or a missing folder.  The export dialog asks it before
    it asks whether to replace a file."""
    target = Path(path)
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop (Python 3.11)
        raise UnsafeWriteError(f"{target}: cannot write: symbolic link loop") from None
    for other in protected:
        try:
            if resolved == Path(other).resolve():
                raise UnsafeWriteError(f"{target}: refusing to overwrite an input file")
        except (OSError, RuntimeError):
            continue
    name_bytes = len(os.fsencode(resolved.name))
    if name_bytes > _NAME_MAX:
        raise UnsafeWriteError(
            f"{target}: file name too long ({name_bytes} bytes; the limit is {_NAME_MAX})"
        )
    existed = _refuse_unless_regular(target, target)
    existed = _refuse_unless_regular(resolved, target) or existed
    folder = resolved.parent
    if not folder.is_dir():
        raise UnsafeWriteError(f"{target}: folder {folder} does not exist")
    return resolved, existed


def write_atomic(path: Path, data: bytes, *, protected: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A reader sees the old file or the new one, never half of one.  Only a regular file is
    ever replaced, or a new one created: a directory, device (``/dev/null``), FIFO or
    socket is refused, and so are the ``protected`` paths (the positions file and its
    article).  The temporary file is ``.NAME.ceasefire-XXXXXXXX.tmp``; ones left by an
    earlier export of the same target that was killed are removed.  Every failure is an
    :class:`UnsafeWriteError` with a one-line message (nothing is left behind).
    """
    target = Path(path)
    resolved, existed = check_target(target, protected=protected)
    folder = resolved.parent
    prefix = _temp_prefix(resolved.name)
    _remove_stale_temps(folder, prefix)
    import tempfile  # only when writing: the reader's start does not pay for it

    try:
        fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=_TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise UnsafeWriteError(
            f"{target}: cannot create a temporary file in {folder}: {_write_reason(exc)}"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if existed:
            os.chmod(tmp_name, os.stat(resolved).st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        # Checked again right before the rename: only ever replace a regular file.
        _refuse_unless_regular(resolved, target)
        os.replace(tmp_name, resolved)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise UnsafeWriteError(f"{target}: cannot write: {_write_reason(exc)}") from None
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
