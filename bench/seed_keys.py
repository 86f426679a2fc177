"""The seed's keys in-process: key to the first frame that shows its effect, and the work.

    .venv/bin/python bench/seed_keys.py [--runs N] [--source DIR]

A measuring instrument, not a test (issue 11, finding 10).  ``bench/bench.py --keys`` times
the keys in tmux, through a terminal, on a shared machine where the time moves with the
other jobs; this runs the reader headless (Textual's ``run_test``, 120x40) on the bundled
seed, a fresh app each run, and presses the same keys in the same order (each from the
article focused, the dialogs closed again with ``escape``): ``?``, ``e``, ``c``, ``tab``,
``2``.  For each key, from the key posted to the first frame written that shows the
effect (the help, the export dialog or the matrix on top; a party pane focused):

* CPU: the main thread's CPU time (``time.thread_time``), which other processes move less
  than the wall-clock time (also printed);
* frames: ``App._display`` calls with something to draw, up to and including the one that
  has the text ``bench/bench.py`` waits for (their bytes are rendered as a terminal would
  get them: headless skips that; the text is looked for in them);
* styled: ``Stylesheet.apply`` calls (a widget or a component class styled);
* composed: ``Widget._compose`` calls; layouts: ``Screen._refresh_layout`` calls;
* full GC: the collector's full passes, and the milliseconds they took.

``--source DIR`` measures another checkout's ``positions/`` and ``tui/`` (e.g. from ``git
archive COMMIT positions tui seeds | tar -x -C DIR``).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import gc
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent

#: (the key, the text that shows its effect in a frame: what bench.py's ``SEED_KEYS`` wait
#: for, the help, the export dialog, the matrix, party 1's or 2's heavy border).
KEYS: tuple[tuple[str, str], ...] = (
    ("question_mark", "Help · "),
    ("e", "enter: export · escape: cancel"),
    ("c", "Comparison: topics × parties"),
    ("tab", "┏━ 1 "),
    ("2", "┏━ 2 "),
)
#: Escape sequences, taken out of a frame's bytes to find the text in it.
ESCAPES = re.compile(
    r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])"
)
CLOSE = {"question_mark", "e", "c"}  # keys that open a screen, closed with escape


class Counter:
    """Counts calls and GC passes while on, until the effect's frame."""

    def __init__(self) -> None:
        self.on = False
        self.counts: collections.Counter[str] = collections.Counter()
        self.effect = ""
        self.hit: tuple[float, float] | None = None
        self._gc_started = 0.0

    def counting(self) -> bool:
        """Between the key and the frame that shows it."""
        return self.on and self.hit is None

    def wrap(self, owner: Any, name: str, label: str) -> None:
        """Count calls of ``owner.name`` as ``label``."""
        original: Callable[..., Any] = getattr(owner, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            if self.counting():
                self.counts[label] += 1
            return original(*args, **kwargs)

        setattr(owner, name, counted)

    def collected(self, phase: str, info: dict[str, int]) -> None:
        """A ``gc.callbacks`` entry: full passes and their time."""
        if not self.counting():
            return
        if phase == "start":
            self._gc_started = time.perf_counter()
        elif info["generation"] == 2:
            self.counts["full GC"] += 1
            self.counts["full GC ms"] += round((time.perf_counter() - self._gc_started) * 1000)


def _install(counter: Counter) -> None:
    from textual.app import App
    from textual.css.stylesheet import Stylesheet
    from textual.screen import Screen
    from textual.widget import Widget

    counter.wrap(Screen, "_refresh_layout", "layouts")
    counter.wrap(Stylesheet, "apply", "styled")
    counter.wrap(Widget, "_compose", "composed")
    gc.callbacks.append(counter.collected)
    display = App._display

    def displayed(app: Any, screen: Any, renderable: Any) -> None:
        display(app, screen, renderable)
        if renderable is None or not counter.counting():
            return
        if hasattr(renderable, "render_segments"):  # what a terminal would be sent
            sent = renderable.render_segments(app.console)
        else:
            sent = "".join(segment.text for segment in app.console.render(renderable))
        counter.counts["bytes"] += len(sent)
        counter.counts["frames"] += 1
        if counter.effect in ESCAPES.sub("", sent):
            counter.hit = (time.perf_counter(), time.thread_time())

    App._display = displayed  # type: ignore[method-assign]


async def _run(counter: Counter, results: dict[str, list[dict[str, float]]]) -> None:
    from positions.loader import SEED_POSITIONS
    from positions.session import DocumentSession, Ready
    from tui.app import create_app

    session = DocumentSession(SEED_POSITIONS)
    assert isinstance(session.open_linked(), Ready)
    app = create_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause(1.5)  # the dialogs' modules preloaded, as in a terminal
        for key, effect in KEYS:
            await pilot.press("a")
            await pilot.pause(0.2)
            counter.counts.clear()
            counter.effect, counter.hit, counter.on = effect, None, True
            wall, cpu = time.perf_counter(), time.thread_time()
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause(0.05)
            counter.on = False
            row: dict[str, float] = dict(counter.counts)
            if counter.hit is not None:
                row["wall ms"] = (counter.hit[0] - wall) * 1000
                row["CPU ms"] = (counter.hit[1] - cpu) * 1000
            results[key].append(row)
            if key in CLOSE:
                await pilot.press("escape")
                await pilot.pause(0.2)


def main(argv: Sequence[str] | None = None) -> int:
    """Print, per key, the median CPU and wall time to its frame and the mean counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=4, help="fresh apps (default 4)")
    parser.add_argument("--source", type=Path, default=None, help="measure the sources in DIR")
    args = parser.parse_args(argv)
    sys.path.insert(0, str((args.source or BENCH.parent).resolve()))
    counter = Counter()
    _install(counter)
    results: dict[str, list[dict[str, float]]] = collections.defaultdict(list)
    import os

    load = os.getloadavg()[0]
    for _ in range(args.runs):
        asyncio.run(_run(counter, results))
    print(f"{args.runs} runs; 1-min load average {load:.2f} at the start, "
          f"{os.getloadavg()[0]:.2f} at the end")  # fmt: skip
    for key, rows in results.items():
        shown = [row for row in rows if "CPU ms" in row]
        if len(shown) < len(rows):
            print(f"{key:14} effect not shown in {len(rows) - len(shown)} of {len(rows)} runs")
        if not shown:
            continue
        cpu = [row["CPU ms"] for row in shown]
        wall = [row["wall ms"] for row in shown]
        names = sorted({name for row in rows for name in row} - {"CPU ms", "wall ms"})
        means = ", ".join(f"{name} {sum(row.get(name, 0) for row in rows) / len(rows):.1f}"
                          for name in names)  # fmt: skip
        print(f"{key:14} CPU {statistics.median(cpu):5.1f} ms ({min(cpu):.0f}-{max(cpu):.0f}), "
              f"wall {statistics.median(wall):5.1f} ms; per key: {means}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
