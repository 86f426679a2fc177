"""The reader's keys: no full collector pass between a key and its frame, the keys typed
after one that opens a dialog kept for that dialog, and workers that share the interpreter
paced by the keys (a reload's heavy steps wait for the frame of a key typed).

Apart from :mod:`tui.heap` (which the command line imports before it knows whether the
reader opens) because this needs Textual: ``check`` and ``export`` must not load it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App
from textual.timer import Timer

from tui.heap import collect_if_due, full_passes_deferred, hold_for_key, release_key_hold
from tui.workarounds import FramesWatched
from tui.workarounds.frames import hear_keys

__all__ = ["CollectAfterKeys", "release_typed_ahead"]

#: Seconds after which keys held for a dialog go on anyway (it never took them).
TYPED_AHEAD_AT_MOST = 1.0

#: Seconds after a key with no frame after which what waits for its frame goes on.
NO_FRAME_AFTER = 1.0

#: Seconds a worker waits at most for the keys typed to be drawn (:meth:`wait_for_keys_drawn`).
KEYS_DRAWN_AT_MOST = 0.25

#: Seconds without a key after which a full pass of the collector put off runs
#: (:func:`tui.heap.collect_if_due`), and how often that is looked at.
IDLE_AFTER = 0.5


class CollectAfterKeys(FramesWatched, App[None]):
    """An app whose keys are not slowed down by the collector's passes, whose keys typed
    right after one that opens a dialog go to that dialog, and whose workers can wait for
    the keys to be drawn (:meth:`wait_for_keys_drawn`, :meth:`after_keys_drawn`).

    Each key allocates (a dialog built, lines drawn), and now and then that sets off a full
    pass of the collector between the key and the frame that shows its effect: 40-100 ms
    over the objects made since the last freeze, on one key in a few (``?``, ``c`` or
    ``2`` on the seed, most runs).  Here the automatic passes are held from a key until
    the next frame is drawn (:class:`~tui.workarounds.FramesWatched`), or a second at most;
    a pass due meanwhile runs then (moved, not skipped).  Not until the screen is next
    idle: ``n`` moves through messages handled after the key, and the screen was idle
    before them, so a full pass (15-30 ms on the large case) still fell in the frame.
    In the reader the full passes wait further, for a pause in the keys
    (:data:`IDLE_AFTER`: see :func:`tui.heap.collect_if_due`).

    Textual passes each key to the widget focused when the app takes it from its queue,
    before the widget has handled the keys before it: ``m`` then a party's name typed in
    one burst (a paste, a fast typist, a busy machine) gave the name's letters to the
    reader, where ``u`` undoes and ``d`` removes, and the dialog opened empty.  A key the
    screen says opens a dialog (its ``opens_screen(key)``) is passed on as usual and the
    keys after it are held until the dialog takes them (:func:`release_typed_ahead`,
    when one of its fields has the focus, or when no dialog opened), then passed on in
    order; never more than :data:`TYPED_AHEAD_AT_MOST` seconds.
    """

    _typed_ahead: list[events.Key] | None = None  # keys held for a dialog opening
    _last_key_at = 0.0  # (time.monotonic) the last key handled
    _collector_timer: Timer | None = None  # looks for a pause in the keys to collect in
    _typed_ahead_timer: Timer | None = None
    _replaying = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._keys_drawn = threading.Event()  # clear from a key heard until its frame
        self._keys_drawn.set()
        self._after_keys: list[Callable[[], object]] = []  # waiting for the keys' frame

    def on_mount(self) -> None:
        """Hear each key as soon as the terminal sends it (:func:`hear_keys`)."""
        hear_keys(self, self._keys_drawn.clear)

    def wait_for_keys_drawn(self, timeout: float = KEYS_DRAWN_AT_MOST) -> bool:
        """(In a worker thread.)  Return once every key heard so far has been drawn, or
        after ``timeout`` seconds; whether they were.

        A worker that shares the interpreter with the interface (a reload taking in the
        new version: 20-30 ms of unpickling, indexing and collecting on the large case,
        then the swap) calls it before each such step, so that the step falls in a pause
        between keys instead of halving the speed of a key's frame or going in front of
        it (the slowest key during a reload: see the README's Performance section)."""
        return self._keys_drawn.wait(timeout)

    async def on_event(self, event: events.Event) -> None:
        """A key: held for a dialog opening, else handled (the collector held until its
        frame is drawn)."""
        if not isinstance(event, events.Key):
            await super().on_event(event)
            return
        if not event.is_forwarded:  # (a key the focused widget left comes back here)
            if self._typed_ahead is not None:
                self._typed_ahead.append(event)
                return
            opens = getattr(self.screen, "opens_screen", None) if self.screen_stack else None
            if callable(opens) and opens(event.key):
                self._typed_ahead = []
                if self._typed_ahead_timer is not None:  # (an earlier hold's, released)
                    self._typed_ahead_timer.stop()
                self._typed_ahead_timer = self.set_timer(
                    TYPED_AHEAD_AT_MOST, self._release_typed_ahead
                )
        await self._handle_key(event)

    async def _handle_key(self, event: events.Key) -> None:
        self._last_key_at = time.monotonic()
        self._keys_drawn.clear()  # (a key not heard from the terminal: a test's, one held)
        if self._collector_timer is None and self.is_running and full_passes_deferred():
            self._collector_timer = self.set_interval(IDLE_AFTER, self._collect_if_idle)
        hold_for_key()
        try:
            await super().on_event(event)
        finally:
            if self.is_running and self.screen_stack:
                key_at = self._last_key_at  # (a key that changes nothing shown)
                self.set_timer(NO_FRAME_AFTER, lambda: self._no_frame_after(key_at))
            else:
                self.frame_drawn()

    def _no_frame_after(self, key_at: float) -> None:
        """No frame came within :data:`NO_FRAME_AFTER` of the key handled at ``key_at``:
        as if drawn, unless a later key came (its own frame or timer lets go)."""
        if key_at == self._last_key_at:
            self.frame_drawn()

    def _collect_if_idle(self) -> None:
        """A full pass put off runs once the keys pause (see :mod:`tui.heap`)."""
        collect_if_due(idle=time.monotonic() - self._last_key_at >= IDLE_AFTER)

    def after_keys_drawn(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` now if every key heard is drawn, else just after the frame that
        draws them (or :data:`KEYS_DRAWN_AT_MOST` seconds from now at the latest)."""
        if self._keys_drawn.is_set():
            callback()
            return
        if not self._after_keys:
            self.set_timer(KEYS_DRAWN_AT_MOST, self._run_after_keys)
        self._after_keys.append(callback)

    def _run_after_keys(self) -> None:
        callbacks, self._after_keys = self._after_keys, []
        for callback in callbacks:
            callback()

    def frame_drawn(self) -> None:
        """A frame is drawn (or none came after the last key): the passes held for a key run
        again (see the class), and the workers waiting for the keys to be drawn go on."""
        release_key_hold()
        self._keys_drawn.set()
        if self._after_keys:
            self.call_next(self._run_after_keys)

    def _release_typed_ahead(self) -> None:
        if self._typed_ahead is not None and not self._replaying:
            self._replaying = True
            self.call_later(self._replay)

    async def _replay(self) -> None:
        held = self._typed_ahead or []
        while held:  # (keys that come meanwhile are held behind these)
            await self._handle_key(held.pop(0))
        self._typed_ahead, self._replaying = None, False


def release_typed_ahead(app: App[object]) -> None:
    """The dialog a key opened has the focus (or none opened): the keys typed after it go
    on, in order (see :class:`CollectAfterKeys`)."""
    if isinstance(app, CollectAfterKeys):
        app._release_typed_ahead()
