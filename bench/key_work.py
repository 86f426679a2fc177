"""Count the work each key does in the reader on the large case: deterministic evidence.

    .venv/bin/python bench/key_work.py [--source DIR] [--out DIR]

A measuring instrument, not a test (issue 15).  Wall-clock key figures on this shared
2-core machine move with the other jobs; these counts do not.  The reader runs headless
(Textual's ``run_test``, 120x40: the large case's 4 parties are tabbed) on the large case
(``bench/generate.py``, 3.7 MB, 2,000 quotes), opened linked; after the hidden panes are
measured (what the reader does once a version is shown), each key is pressed from the state
its step describes, and counted until the app is idle:

* layouts: ``Screen._refresh_layout`` calls (a layout of the whole screen, then a full
  repaint);
* frames: ``Compositor.render_update`` calls;
* prompt wraps: lines of party-pane entries wrapped to be measured
  (``tui.prompts.wrapped_line_count``);
* full GC: the garbage collector's full passes, and the time spent collecting (this one is
  a time, so it moves with the machine's load).

``--source DIR`` counts another checkout's ``positions/`` and ``tui/`` (e.g. from ``git
archive COMMIT positions tui seeds | tar -x -C DIR``).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import gc
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent

#: (what the line says, keys pressed before, uncounted; the key counted).
STEPS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("N from the article (last quote)", ("a",), "N"),
    ("n", (), "n"),
    ("n", (), "n"),
    ("2 from the article", ("a",), "2"),
    ("3", (), "3"),
    ("enter on party 1's first quote", ("1", "home", "down"), "enter"),
    ("pagedown in the article", ("a",), "pagedown"),
)
SEARCH_WORD = "ref019990"  # a unique word near the end of the large case


def _count_calls(owner: Any, name: str, counts: collections.Counter[str], label: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        counts[label] += 1
        return original(*args, **kwargs)

    setattr(owner, name, counted)


async def _count(positions: Path) -> list[str]:
    from textual._compositor import Compositor
    from textual.screen import Screen

    import tui.prompts
    from positions.session import DocumentSession, Ready
    from tui.app import create_app

    counts: collections.Counter[str] = collections.Counter()
    _count_calls(Screen, "_refresh_layout", counts, "layouts")
    _count_calls(Compositor, "render_update", counts, "frames")
    _count_calls(tui.prompts, "wrapped_line_count", counts, "prompt wraps")
    started = [0.0]

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
            return
        counts["gc us"] += int((time.perf_counter() - started[0]) * 1e6)
        if info["generation"] == 2:
            counts["full gc"] += 1

    gc.callbacks.append(collected)
    session = DocumentSession(positions)
    assert isinstance(session.open_linked(), Ready)
    app = create_app(session)
    lines = []

    def line(name: str) -> str:
        return (f"{name:32} layouts {counts['layouts']}, frames {counts['frames']}, prompt wraps "
                f"{counts['prompt wraps']}, full GC {counts['full gc']} "
                f"({counts['gc us'] / 1000:.0f} ms collecting)")  # fmt: skip

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        try:  # what the reader does once a version is shown (not in older sources)
            from tui.widgets.pane_scroll import measure_hidden

            measure_hidden(app.reader.panes)
        except ImportError:
            pass
        await pilot.pause(1.0)
        for name, before, key in STEPS:
            for other in before:
                await pilot.press(other)
            await pilot.pause(0.2)
            counts.clear()
            await pilot.press(key)
            await pilot.pause()
            lines.append(line(name))
        await pilot.press("a", "g", "slash", *SEARCH_WORD)
        await pilot.pause(0.5)
        counts.clear()
        await pilot.press("enter")
        await pilot.pause()
        lines.append(line("search enter"))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Print the counts of each step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=None, help="count the sources in DIR")
    parser.add_argument(
        "--out",
        type=Path,
        default=BENCH / "out",
        help="where the large case is generated (default bench/out)",
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str((args.source or BENCH.parent).resolve()))
    sys.path.insert(0, str(BENCH))
    from generate import generate

    _, positions = generate(args.out / "p20000", 20_000)
    for text in asyncio.run(_count(positions)):
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
