"""Time coding a quote in the reader, on the seed and on the large case (issue 14).

    .venv/bin/python bench/coding.py [--runs N] [--quick]

A measuring instrument, not a test: each figure is the median of N runs (default 3,
``--quick`` 1) after one discarded warm-up run, against the issue's targets (100 ms on the
seed, 300 ms on the 3.7 MB case), and a slow figure never makes it exit non-zero.  The
reader runs headless (Textual's ``run_test``, 120x40) on a copy of the files in a temporary
folder, a passage selected in the article (untimed); measured:

* ``m`` → dialog: from the key until the "code quote" dialog is the screen, its fields
  filled (``Pilot.press`` returns once the app has handled the key and is idle);
* ``enter`` → shown: the party and topic typed (untimed), from ``enter`` until the reader
  is back with the new quote selected in its pane and highlighted in the article (the file
  written and loaded again in the worker meanwhile);
The write alone (``DocumentSession.apply``) is ``bench/authoring.py``'s figure.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

from positions.loader import SEED_POSITIONS  # noqa: E402
from positions.model import Span  # noqa: E402
from positions.session import DocumentSession, Ready  # noqa: E402


def _case_files(name: str, folder: Path) -> Path:
    """The positions file of case ``name`` (``seed`` or ``large``), copied into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    if name == "seed":
        for source in SEED_POSITIONS.parent.glob("putin-ceasefire-conditions.*"):
            shutil.copy(source, folder / source.name)
        return folder / SEED_POSITIONS.name
    return generate(folder, paragraphs=20_000)[1]


def _passage(text: str) -> Span:
    """Five words at the start of a paragraph past the middle of the article."""
    start = text.index("\n\n", len(text) // 2) + 2
    end = start
    for _ in range(5):
        end = text.index(" ", end + 1)
    return Span(start, end)


#: Seconds after which a wait gives up (the figure is then missing).
GIVE_UP = 60.0


def _give_up(started: float) -> None:
    if time.perf_counter() - started > GIVE_UP:
        raise TimeoutError(f"not shown after {GIVE_UP:.0f} s")


async def _in_reader(positions: Path) -> tuple[float, float]:
    """``m`` → dialog and ``enter`` → shown, in milliseconds."""
    from tui.app import create_app
    from tui.screens.code import CodeQuoteScreen

    session = DocumentSession(positions)
    assert isinstance(session.open_linked(), Ready)
    app = create_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = app.reader
        await pilot.press("a")
        span = _passage(reader.document.article.text)
        reader.article.set_passage(span)
        await pilot.pause()
        started = time.perf_counter()
        await pilot.press("m")
        while not isinstance(app.screen, CodeQuoteScreen) or not app.screen.is_mounted:
            _give_up(started)
            await pilot.pause(0.001)
        dialog_ms = (time.perf_counter() - started) * 1000
        dialog = app.screen
        dialog.field("party").value = "Bench party"
        dialog.field("topic").value = "Bench topic"
        await pilot.pause()  # (what follows from party and topic is filled in first)
        dialog.field("stance").value = "s"
        dialog.field("summary").value = "Timed."
        await pilot.pause()
        started = time.perf_counter()
        await pilot.press("enter")
        while True:
            ref = reader.selection.highlighted
            back: object = app.screen
            if back is reader and ref is not None and ref.quote.spans[0] == span:
                break
            _give_up(started)
            await pilot.pause(0.001)
        shown_ms = (time.perf_counter() - started) * 1000
    return dialog_ms, shown_ms


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures of each case."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one run (after the warm-up)")
    parser.add_argument("--case", choices=["seed", "large"], action="append",
                        help="only this case (repeatable; default: both)")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    targets = {"seed": 100.0, "large": 300.0}
    if args.case:
        targets = {case: targets[case] for case in args.case}
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-coding-") as tmp:
        for case, target in targets.items():
            figures: dict[str, list[float]] = {"m → dialog": [], "enter → shown": []}
            for run in range(runs + 1):
                folder = Path(tmp) / f"{case}-{run}"
                dialog_ms, shown_ms = asyncio.run(_in_reader(_case_files(case, folder / "ui")))
                if run == 0:
                    continue  # the warm-up
                figures["m → dialog"].append(dialog_ms)
                figures["enter → shown"].append(shown_ms)
            for name, values in figures.items():
                median = statistics.median(values)
                verdict = "PASS" if median <= target else "FAIL"
                rows.append((case, name, f"{median:,.0f} ms", f"{target:,.0f} ms", verdict))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
