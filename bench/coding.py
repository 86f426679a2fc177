"""Time coding a quote in the reader, on the seed and on the large case (issue 14).

    .venv/bin/python bench/coding.py [--runs N] [--quick]

A measuring instrument, not a test: each figure is the median of N runs (default 3,
``--quick`` 1) after one discarded warm-up run, against the issue's targets (100 ms on the
seed, 300 ms on the 3.7 MB case), and a slow figure never makes it exit non-zero.  Each
case is coded twice: to an existing party and topic it has a position on (a quote more:
the common case) and to a new party and topic (a pane more: on the seed at 120 columns
the fourth party switches the reader to party tabs).  The reader runs headless
(Textual's ``run_test``, 120x40) on a copy of the files in a temporary folder, a passage
selected in the article (untimed); measured:

* ``m`` → dialog: from the key until the frame that shows the "code quote" dialog as it
  stays, its fields filled;
* ``enter`` → shown: the party and topic typed (untimed), from ``enter`` until the frame
  that shows the reader back with the new quote selected in its pane and highlighted in
  the article, as it stays (the file written meanwhile).

"As it stays": the first frame after the key from which every frame drawn shows the
screen the reader settles on (Textual's screenshot of each frame compared with the one
taken once nothing moves, the text cursor not blinking: see ``_Frames.install``; the
time the screenshots take is left out).  The reader then
shows the whole effect of the key; what Textual still does afterwards (messages, timers)
shows nothing more.  The time until the app is idle after ``m`` (when ``Pilot.press``
returns) and until the new quote is selected after ``enter`` (its state, drawn or not)
are printed too: they were this instrument's figures until 2026-11-30.
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
from typing import Any

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


class _Frames:
    """Each frame's time and what it shows (Textual's screenshot), while recording; the
    time the screenshots take is kept apart so it can be left out."""

    def __init__(self) -> None:
        self.recording = False
        self.started = 0.0
        self.shown: list[tuple[float, str]] = []
        self._shots = 0.0  # seconds spent taking screenshots since the start

    def install(self) -> None:
        """Record the frames of any app from now on (``App._display``: each frame)."""
        import textual.app

        display = textual.app.App._display
        frames = self

        def recording_display(app: Any, screen: Any, renderable: Any) -> None:
            display(app, screen, renderable)
            if frames.recording and renderable is not None:
                before = time.perf_counter()
                frames.shown.append((before - frames._shots, app.export_screenshot()))
                frames._shots += time.perf_counter() - before

        textual.app.App._display = recording_display  # type: ignore[method-assign,assignment]
        # The text cursor's blink (every 0.5 s, the dialog's focused field) is not the
        # key's effect: with it, "as it stays" was the blink's last toggle before the
        # settled screenshot (750-860 ms for m on a loaded machine, main and branch
        # alike).  The cursor stays shown, as the blink's first half shows it.
        from textual.widgets import Input

        Input._toggle_cursor = lambda self: None  # type: ignore[method-assign]

    def start(self) -> float:
        """Start recording; the start time."""
        self.recording, self.shown, self._shots = True, [], 0.0
        self.started = time.perf_counter()
        return self.started

    def elapsed_ms(self) -> float:
        """Milliseconds since the start, less the time the screenshots took."""
        return (time.perf_counter() - self._shots - self.started) * 1000

    def stop(self, settled: str) -> float | None:
        """Stop; ms from the start to the first frame from which every frame shows
        ``settled`` (``None`` if the last frame does not)."""
        self.recording = False
        first = None
        for at, shot in reversed(self.shown):
            if shot != settled:
                break
            first = at
        return None if first is None else (first - self.started) * 1000


FRAMES = _Frames()


async def _in_reader(
    positions: Path, coded_to: tuple[str, str] | None
) -> dict[str, float | None]:
    """``m`` → dialog and ``enter`` → shown (as the frames show them, and the former
    figures), in milliseconds; the quote coded to ``coded_to`` (an existing party and
    topic it has a position on, by name), else to a new party and topic."""
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
        started = FRAMES.start()
        await pilot.press("m")
        while not isinstance(app.screen, CodeQuoteScreen) or not app.screen.is_mounted:
            _give_up(started)
            await pilot.pause(0.001)
        dialog_idle = FRAMES.elapsed_ms()
        await pilot.pause(SETTLE)
        dialog_ms = FRAMES.stop(app.export_screenshot())
        dialog = app.screen
        if coded_to is None:  # a new party and topic: a new position, its stance and summary
            dialog.field("party").value = "Bench party"
            dialog.field("topic").value = "Bench topic"
            await pilot.pause()  # (what follows from party and topic is filled in first)
            dialog.field("stance").value = "s"
            dialog.field("summary").value = "Timed."
        else:  # a quote more for a position there is: its stance and basis as prefilled
            dialog.field("party").value, dialog.field("topic").value = coded_to
        await pilot.pause()
        started = FRAMES.start()
        await pilot.press("enter")
        while True:
            ref = reader.selection.highlighted
            back: object = app.screen
            if back is reader and ref is not None and ref.quote.spans[0] == span:
                break
            _give_up(started)
            await pilot.pause(0.001)
        selected = FRAMES.elapsed_ms()
        await pilot.pause(SETTLE)
        shown_ms = FRAMES.stop(app.export_screenshot())
    return {"m → dialog": dialog_ms, "enter → shown": shown_ms,
            "m → idle (before)": dialog_idle, "enter → selected (before)": selected}


#: Each case's party and topic with a position (coding to them: the common case), and
#: ``None``: a new party and topic (one pane more; on the seed at 120 columns, the reader
#: then shows its parties as tabs).
CODED_TO: dict[str, dict[str, tuple[str, str] | None]] = {
    "seed": {"existing party": ("Russia", "Kursk"), "new party": None},
    "large": {"existing party": ("Southland", "Topic 1"), "new party": None},
}

#: Seconds to wait after a key's effect for the reader to settle (nothing moves after).
SETTLE = 0.6


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures of each case."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one run (after the warm-up)")
    parser.add_argument("--case", choices=["seed", "large"], action="append",
                        help="only this case (repeatable; default: both)")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    FRAMES.install()
    targets = {"seed": 100.0, "large": 300.0}
    if args.case:
        targets = {case: targets[case] for case in args.case}
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-coding-") as tmp:
        for case, target in targets.items():
            figures: dict[tuple[str, str], list[float | None]] = {}
            for run in range(runs + 1):
                for variant, coded_to in CODED_TO[case].items():  # interleaved
                    folder = Path(tmp) / f"{case}-{run}-{variant.replace(' ', '-')}"
                    files = _case_files(case, folder / "ui")
                    measured = asyncio.run(_in_reader(files, coded_to))
                    if run == 0:
                        continue  # the warm-up
                    for name, value in measured.items():
                        figures.setdefault((variant, name), []).append(value)
            for (variant, name), values in figures.items():
                found = [value for value in values if value is not None]
                if len(found) < len(values):  # never settled within SETTLE: no figure
                    rows.append((case, variant, name, "not settled", f"{target:,.0f} ms",
                                 "FAIL"))  # fmt: skip
                    continue
                median = statistics.median(found)
                if "(before)" in name:
                    rows.append((case, variant, name, f"{median:,.0f} ms", "", ""))
                    continue
                verdict = "PASS" if median <= target else "FAIL"
                rows.append((case, variant, name, f"{median:,.0f} ms", f"{target:,.0f} ms",
                             verdict))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
