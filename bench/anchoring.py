"""Anchoring on adversarial articles: ``check`` time and peak memory per case (issues 12, 15).

``python bench/anchoring.py [--scale F] [--runs N] [--case NAME ...] [--source DIR]``

Generates each case of :data:`generate.CASES` (and the benchmark's own 3.68 MB case,
``generate.py --paragraphs 20000``) into ``bench/out/anchoring/``, then runs
``ceasefire-tui check`` on each, ``--runs`` times (default 3), the cases interleaved so
that a busy machine weighs on all of them alike.  Each run is a child process: its wall
time, its CPU time (user + system: less sensitive to a busy machine) and its peak resident
memory (``ru_maxrss`` from ``wait4``).  Prints, per case, the median times, the largest
peak, the target, PASS/FAIL, and the ratio of the median to the benchmark case's median in
the same run (the "independent of vocabulary" target: the
40-word case at most 1.3x).  ``--source DIR`` runs the sources in DIR instead of the
installed ones (e.g. ``git archive COMMIT positions tui seeds``, as for ``bench.py``);
``--timeout S`` stops a run after S seconds (reported as ``>S``).  ``--scale 0.05 --runs 1``
is a quick look, not a measurement.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # this directory's script, not a package

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "anchoring"
BENCH = "benchmark (3.68 MB)"
CHECK = "import sys; from tui.cli import main; sys.argv[0] = 'ceasefire-tui'; main()"
RATIO_TARGET = {"forty-words": 1.3}


@dataclass
class Figures:
    seconds: list[float]
    cpu: list[float]
    peak_mb: float = 0.0
    exit: int | None = None
    timed_out: bool = False


def run_check(
    positions: Path, source: Path | None, timeout: float
) -> tuple[float, float, int, bool]:
    """One ``check`` in a child: (seconds, peak MB, exit status, timed out)."""
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CHECK, "check", str(positions)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=positions.parent,  # not the checkout: "-c" puts the working directory first
    )
    timed_out = False
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            os.kill(child.pid, signal.SIGKILL)
            _, status, usage = os.wait4(child.pid, 0)
            timed_out = True
            break
        time.sleep(0.005)
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss / 1024, child.returncode, timed_out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--case", action="append", choices=list(generate.CASES_BY_NAME))
    parser.add_argument("--source", type=Path)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    names = args.case or list(generate.CASES_BY_NAME)
    scale_dir = args.out / f"scale-{args.scale:g}"
    paths: dict[str, Path] = {}
    sizes: dict[str, float] = {}
    quotes: dict[str, int] = {}
    _, paths[BENCH] = generate.generate(
        scale_dir / "benchmark", max(2000, round(20_000 * args.scale))
    )
    for name in names:
        _, paths[name] = generate.generate_case(name, scale_dir / name, args.scale)
    for name, positions in paths.items():
        sizes[name] = (positions.parent / "article.md").stat().st_size / 1e6
        quotes[name] = positions.read_text(encoding="utf-8").count("- text: ")

    figures = {name: Figures([], []) for name in paths}
    for _ in range(args.runs):
        for name, positions in paths.items():
            seconds, cpu, peak, status, timed_out = run_check(positions, args.source, args.timeout)
            f = figures[name]
            f.seconds.append(seconds)
            f.cpu.append(cpu)
            f.peak_mb = max(f.peak_mb, peak)
            f.exit = status
            f.timed_out = f.timed_out or timed_out

    load = os.getloadavg()[0]
    print(
        f"check per case, median of {args.runs} run(s), scale {args.scale:g}, "
        f"source {args.source or 'installed'}, 1-minute load {load:.1f}\n"
    )
    bench_median = statistics.median(figures[BENCH].seconds)
    header = ("case", "MB", "quotes", "exit", "check", "cpu", "peak", "target", "ratio", "result")
    rows = [header]
    for name, f in figures.items():
        median = statistics.median(f.seconds)
        case = generate.CASES_BY_NAME.get(name)
        seconds_target = case.seconds if case else 3.0
        mb_target = case.megabytes if case else 500.0
        ratio = median / bench_median
        ok = not f.timed_out and median <= seconds_target and f.peak_mb <= mb_target
        target = f"≤{seconds_target:g} s, ≤{mb_target:g} MB"
        if name in RATIO_TARGET:
            ok = ok and ratio <= RATIO_TARGET[name]
            target += f", ≤{RATIO_TARGET[name]:g}x bench"
        shown = f">{args.timeout:g} s" if f.timed_out else f"{median:.2f} s"
        rows.append(
            (
                name,
                f"{sizes[name]:.2f}",
                str(quotes[name]),
                str(f.exit),
                shown,
                f"{statistics.median(f.cpu):.2f} s",
                f"{f.peak_mb:.0f} MB",
                target,
                f"{ratio:.2f}x",
                "PASS" if ok else "FAIL",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for k, row in enumerate(rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if k == 0:
            print("  ".join("-" * w for w in widths))


if __name__ == "__main__":
    main()
