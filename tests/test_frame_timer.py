"""A screen's frames come at the next tick due after a late one (``tui.workarounds.frames``).

The timers run on a simulated clock (``sleep`` moves it on), so what is checked is when
each tick comes, not how long anything took on this machine.  Textual's own ``Timer`` is
run through the same scenarios: while it still skips the tick due, the workaround is
needed (when it no longer does, drop ``FrameTimer``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
import textual._time
import textual.timer
from textual._context import active_app
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.timer import Timer

from tui.workarounds.frames import FramePacedScreen, FrameTimer, next_tick

INTERVAL = 10.0


class Clock:
    """Time that passes only when slept through or spent (:meth:`spend`)."""

    def __init__(self) -> None:
        self.now = 0.0

    def get_time(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)

    def spend(self, seconds: float) -> None:
        self.now += seconds


class Target:
    """What a timer is attached to (weakly referenced)."""


async def ticks(
    timer_class: type[Timer],
    monkeypatch: pytest.MonkeyPatch,
    scenario: Callable[[Clock, Timer, list[float]], None],
    count: int = 3,
) -> list[float]:
    """When the first ``count`` ticks of a ``timer_class`` every :data:`INTERVAL` come,
    ``scenario(clock, timer, ticks so far)`` running in each tick (as a frame does)."""
    clock = Clock()
    monkeypatch.setattr(textual._time, "get_time", clock.get_time)
    monkeypatch.setattr(textual._time, "sleep", clock.sleep)
    monkeypatch.setattr(textual.timer, "sleep", clock.sleep)  # (Timer's own import)
    seen: list[float] = []
    done = asyncio.Event()
    target = Target()

    def tick() -> None:
        seen.append(clock.now)
        scenario(clock, timer, seen)
        if len(seen) >= count:
            done.set()

    timer = timer_class(target, INTERVAL, callback=tick)
    active_app.set(App())  # (the app a tick runs in: never run here)
    task = asyncio.create_task(timer._run())
    resumer = asyncio.create_task(_resume_when_paused(clock, timer))
    try:
        await asyncio.wait_for(done.wait(), 5)
    finally:
        task.cancel()
        resumer.cancel()
    return seen[:count]


async def _resume_when_paused(clock: Clock, timer: Timer) -> None:
    """A screen's timer paused by its tick is resumed by the next change: here at 37."""
    while True:
        await asyncio.sleep(0)
        if not timer._active.is_set() and clock.now < 37:
            clock.now = 37.0
            timer.resume()


def a_long_frame(clock: Clock, timer: Timer, seen: list[float]) -> None:
    """The first tick takes 15 (a frame longer than the interval)."""
    if len(seen) == 1:
        clock.spend(15.0)


def paused_between_frames(clock: Clock, timer: Timer, seen: list[float]) -> None:
    """The first tick pauses the timer (nothing more to draw), as the screen's does; a
    change resumes it later (at 37)."""
    if len(seen) == 1:
        timer.pause()


@pytest.mark.parametrize(
    ("scenario", "paced", "textuals"),
    [
        (a_long_frame, [10.0, 30.0, 40.0], [10.0, 40.0, 50.0]),
        (paused_between_frames, [10.0, 37.0, 40.0], [10.0, 37.0, 50.0]),
    ],
    ids=["after-a-long-frame", "after-a-pause"],
)
async def test_the_frame_after_a_late_tick_comes_at_the_next_tick_due(
    monkeypatch: pytest.MonkeyPatch,
    scenario: Callable[[Clock, Timer, list[float]], None],
    paced: list[float],
    textuals: list[float],
) -> None:
    """Ticks every 10: after a tick that ends at 25 (or comes at 37), the next comes at
    30 (40), the tick due, not at 40 (50), one interval later."""
    assert await ticks(FrameTimer, monkeypatch, scenario) == paced
    assert await ticks(Timer, monkeypatch, scenario) == textuals, (
        "Textual's Timer no longer skips the tick due: FrameTimer can go"
    )


@pytest.mark.parametrize(
    ("now", "count"), [(0.0, 0), (9.9, 0), (10.0, 1), (25.0, 2), (30.0, 3), (99.0, 9)]
)
def test_next_tick_is_the_first_after_now(now: float, count: int) -> None:
    assert next_tick(0.0, INTERVAL, now) == count
    assert count * INTERVAL <= now < (count + 1) * INTERVAL


async def test_a_frame_paced_screen_draws_on_a_frame_timer() -> None:
    """``Screen._update_timer`` (private) is still the timer a screen draws on, and the
    mixin's replaces it: the screen still draws a change."""
    from textual.widgets import Static

    class Paced(FramePacedScreen, Screen[None]):
        def compose(self) -> ComposeResult:
            yield Static("one", id="text")

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Paced())

    app = Host()
    async with app.run_test(size=(20, 3)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, Paced)
        assert isinstance(screen._update_timer, FrameTimer)
        screen.query_one("#text", Static).update("two")
        await pilot.pause()
        assert "two" in app.export_screenshot()
