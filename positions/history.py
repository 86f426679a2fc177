"""What the session needs to write changes: the file's text as read, the undo and redo
steps, and the answer when a change is refused.  No UI; the session
(:class:`positions.session.DocumentSession`) drives it.

Each step keeps the file's whole text before and after the change, so undoing any kind of
change is writing the text before it back (at most :data:`UNDO_STEPS` are kept).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from positions.fsutil import MAX_POSITIONS_BYTES, ReadError, read_bounded, write_atomic

if TYPE_CHECKING:
    from positions.authoring import Change

__all__ = [
    "STEPS_DROPPED",
    "UNDO_STEPS",
    "FileText",
    "History",
    "Refused",
    "Step",
    "read_quietly",
    "read_text",
    "write_text",
]

#: How many changes can be undone (the issue asks for at least 50).
UNDO_STEPS = 200

#: Why an undo or redo is refused after the file changed on disk.
STEPS_DROPPED = (
    "the file changed on disk (reloaded); the earlier changes can no longer be undone or redone"
)


@dataclass(frozen=True)
class Refused:
    """A change (or an undo, a redo) was not written: ``reason`` says why, for a human;
    ``change`` is the change, kept so that the dialog can offer it again."""

    reason: str
    change: Change | None = None


@dataclass(frozen=True)
class FileText:
    """A positions file's text as read: decoded, and whether it began with a UTF-8 BOM."""

    text: str
    bom: bool = False

    @staticmethod
    def read(path: Path) -> FileText | None:
        """The file's text now, or ``None`` when it cannot be read (:func:`read_quietly`)."""
        return read_quietly(path)

    def write(self, path: Path, *, protected: tuple[Path, ...]) -> None:
        """Write this text to ``path`` (:func:`write_text`)."""
        write_text(path, self, protected=protected)

    def encode(self, text: str | None = None) -> bytes:
        """``text`` (default: this text) as the file's bytes, with the BOM if it had one."""
        data = (self.text if text is None else text).encode("utf-8")
        return codecs.BOM_UTF8 + data if self.bom else data


def read_text(path: Path) -> FileText:
    """The positions file's text now; :class:`ReadError` when it cannot be read."""
    data = read_bounded(path, MAX_POSITIONS_BYTES, what="positions file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReadError("the positions file is not valid UTF-8") from None
    return FileText(text, data.startswith(codecs.BOM_UTF8))


def read_quietly(path: Path) -> FileText | None:
    """:func:`read_text`, or ``None`` when the file cannot be read."""
    try:
        return read_text(path)
    except ReadError:
        return None


def write_text(path: Path, text: FileText, *, protected: tuple[Path, ...]) -> None:
    """Write ``text`` to ``path`` atomically (temporary file and rename, mode kept);
    :class:`~positions.fsutil.UnsafeWriteError` when it cannot."""
    write_atomic(path, text.encode(), protected=protected)


@dataclass(frozen=True)
class Step:
    """One change written: the file's text before and after it, and what it did."""

    before: str
    after: str
    description: str


@dataclass
class History:
    """The undo and redo steps of one session."""

    undo: list[Step] = field(default_factory=list)
    redo: list[Step] = field(default_factory=list)

    def push(self, step: Step) -> None:
        """A new change was written: it can be undone; nothing can be redone."""
        self.undo.append(step)
        del self.undo[:-UNDO_STEPS]
        self.redo.clear()

    def clear(self) -> None:
        """The file changed outside: no earlier step applies to it any more."""
        self.undo.clear()
        self.redo.clear()
