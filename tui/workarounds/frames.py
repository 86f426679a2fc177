"""A screen's frames paced at the next tick due, not one tick later; the keys heard as
they come in (see :mod:`tui.workarounds`).

A screen draws on its update timer (``Screen._update_timer``, private): paused while
nothing changed, resumed when something did, ticking at most 60 times a second.  Textual's
``Timer._run`` skips ticks that came due while the loop was busy, but one too many: a tick
that comes late (the timer was paused, or a frame took long) sets the count past the next
tick due, so the frame after it waits one to two intervals (17-33 ms), not up to one.  The
timer is paused between frames, so the first frame after a pause is always late, and a
frame wanted right after it (a key handled just after a reload was shown, the frame that
shows the quote ``n`` landed on) waited a tick more; in the benchmark's keys during a
reload, the slowest key spent 26 ms idle waiting for its tick.

:class:`FramePacedScreen` gives a screen the same timer with the count set to the tick
due next (:func:`next_tick`): still at most one frame a tick, never a tick skipped.

:func:`hear_keys` tells the app of each key as the driver's input thread reads it, before
the event loop gets to it: a worker that waits for a pause in the keys (a reload taking
in its new version) then never starts in front of a key already typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import _time, events
from textual.app import App
from textual.screen import UPDATE_PERIOD, Screen
from textual.timer import EventTargetGone, Timer

__all__ = ["FramePacedScreen", "FrameTimer", "hear_keys", "next_tick"]


def next_tick(start: float, interval: float, now: float) -> int:
    """The count of the tick due next after ``now`` for a timer started at ``start``
    (its ``count + 1`` is that tick: ``start + (count + 1) * interval > now``).

    Textual's timer counts ``int((now - start) / interval + 1)``: one more, the tick
    after that."""
    return int((now - start) / interval)


class FrameTimer(Timer):
    """``Timer`` whose late ticks are followed by the tick due next (:func:`next_tick`).

    ``_run`` is ``Timer._run`` (Textual 8.2) but for that count."""

    async def _run(self) -> None:
        """Private ``Timer`` hook: tick every ``interval`` while active."""
        count = 0
        _repeat = self._repeat
        _interval = self._interval
        await self._active.wait()
        start = _time.get_time()
        while _repeat is None or count <= _repeat:
            next_timer = start + ((count + 1) * _interval)
            now = _time.get_time()
            if self._skip and next_timer < now:
                count = next_tick(start, _interval, now)
                continue
            await _time.sleep(max(0.0, next_timer - _time.get_time()))
            count += 1
            await self._active.wait()
            if self._reset:
                start = _time.get_time()
                count = 0
                self._reset = False
                continue
            try:
                await self._tick(next_timer=next_timer, count=count)
            except EventTargetGone:
                break


if TYPE_CHECKING:
    _Screen = Screen[Any]
else:
    _Screen = object  # a mixin: no ``Screen`` base of its own


class FramePacedScreen(_Screen):
    """Mixed into a ``Screen``: its update timer is a :class:`FrameTimer` (made as
    ``Screen._update_timer`` makes its own, into the same private attribute)."""

    @property
    def _update_timer(self) -> Timer:
        """Private ``Screen`` property: the timer the screen draws on."""
        timer: Timer | None = getattr(self, "_Screen__update_timer")  # noqa: B009
        if timer is None:
            timer = FrameTimer(
                self, UPDATE_PERIOD, name="screen_update", callback=self._on_timer_update,
                pause=True,
            )  # fmt: skip
            timer._start()
            self._timers.add(timer)
            setattr(self, "_Screen__update_timer", timer)  # noqa: B010
        return timer


def hear_keys(app: App[Any], heard: Callable[[], None]) -> None:
    """Call ``heard()`` in the driver's input thread for each key it reads, before it is
    sent to the app (``App._driver``, private; every driver reads its input in a thread
    and passes each event to its ``process_message``).  Nothing without a driver (the app
    not running); a key that reaches the app otherwise (a test's ``Pilot``) is not heard."""
    driver = app._driver
    if driver is None:
        return
    process = driver.process_message

    def process_heard(message: events.Event) -> None:
        if isinstance(message, events.Key):
            heard()
        process(message)

    driver.process_message = process_heard  # type: ignore[method-assign]
