"""Noticing that files changed, by their stamps (no Textual: the app polls, this compares).

A file's stamp is ``(inode, mtime_ns, size)``, or ``None`` when it cannot be read.  The
:class:`FileWatcher` remembers the stamps of the version last loaded and of the last poll,
so a change is reported only once it has held still for one poll (editors often write a
file in several steps).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = ["FileWatcher", "Stamp", "Stamps", "stamp"]

#: A file's stamp: ``(inode, mtime_ns, size)``, or ``None`` when it cannot be read.
Stamp = tuple[int, int, int] | None

#: The stamps of the watched paths, in the order ``FileWatcher.paths`` gives them.
Stamps = tuple[Stamp, ...]


def stamp(path: Path) -> Stamp:
    """``path``'s stamp now: ``(inode, mtime_ns, size)``, or ``None`` if it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class FileWatcher:
    """Tells when the files ``paths()`` gives changed since the version last loaded.

    ``paths()`` is asked each time (the paths can change with each load).  The first
    ``always`` paths are always compared; the rest only when asked for (``every=True``):
    the app watches the files' folder only while errors are shown, for a missing file to
    appear in it.  A load goes ``begin`` (with the stamps it starts from), then ``loaded``
    or ``failed``.
    """

    def __init__(self, paths: Callable[[], Sequence[Path]], *, always: int = 2) -> None:
        self.paths = paths
        """The paths to watch, asked for anew each time."""
        self.always = always
        """How many of the first paths are compared even when ``every`` is false."""
        self.loaded_stamps: Stamps = ()
        """The stamps of the version last loaded (or that last failed to load)."""
        self.seen_stamps: Stamps = ()
        """The stamps of the last poll."""
        self._load_stamps: dict[Path, Stamp] = {}

    def stamps(self) -> Stamps:
        """Every watched path's stamp now."""
        return tuple(stamp(path) for path in self.paths())

    def mark_loaded(self) -> None:
        """The files as they are now are the version shown (and the last one polled)."""
        self.loaded_stamps = self.seen_stamps = self.stamps()

    def changed(self, stamps: Stamps, *, every: bool) -> bool:
        """Whether ``stamps`` differ from the version loaded (``every``: on every path)."""
        loaded = self.loaded_stamps
        if stamps[: self.always] != loaded[: self.always]:
            return True
        return every and stamps[self.always :] != loaded[self.always :]

    def poll(self, *, every: bool) -> Stamps | None:
        """One poll: the stamps to reload from once a change has held still since the last
        poll, else ``None`` (no change, or one that may still be being written)."""
        stamps = self.stamps()
        if not self.changed(stamps, every=every):
            self.seen_stamps = stamps
            return None
        if stamps != self.seen_stamps:
            self.seen_stamps = stamps  # maybe still being written: wait a poll
            return None
        return stamps

    def changed_now(self, *, every: bool) -> Stamps | None:
        """The stamps now if a file changed since it was loaded (not waiting for it to hold
        still), else ``None``."""
        stamps = self.stamps()
        return stamps if self.changed(stamps, every=every) else None

    def begin(self, stamps: Stamps = ()) -> None:
        """A load starts from the files as ``stamps`` (default: as they are now) saw them."""
        paths = self.paths()
        self._load_stamps = dict(zip(paths, stamps or self.stamps(), strict=True))
        loaded = dict(zip(paths, self.loaded_stamps, strict=False))
        self.reloading = tuple(
            path
            for path in paths[: self.always]
            if path in loaded and loaded[path] != self._load_stamps[path]
        )

    reloading: tuple[Path, ...] = ()
    """The files (of the first ``always``) that changed since the last load, as the load
    under way (or the last one) began: what a reload says it reloaded."""

    def reloaded_names(self, default: Path) -> str:
        """The names of :attr:`reloading` (``"a.md and a.yaml"``), else ``default``'s."""
        return " and ".join(path.name for path in self.reloading) or default.name

    def failed(self) -> None:
        """The load failed: the version it read counts as loaded (no retry until it changes)."""
        self.loaded_stamps = tuple(self._load_stamps.values())

    def loaded(self) -> None:
        """The load succeeded: what it read is loaded (paths new since it began, or missing
        then, are stamped now)."""
        self.loaded_stamps = tuple(
            self._load_stamps.get(path) or stamp(path) for path in self.paths()
        )
