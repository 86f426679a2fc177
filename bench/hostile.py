"""Benchmark of hostile input (issue 12, round two): generates each case, times it, prints
the figures with their targets and PASS/FAIL.  A script, not a test: no test may fail
because the machine is busy.

    .venv/bin/python bench/hostile.py [--quick] [--only NAME ...]

Cases (written to ``bench/out/hostile/``):

* ``grid-10000x10000``: 10,000 topics and 10,000 parties (one position each): over the
  limits, refused by ``check`` at once.  Target: ends within 5 s.
* ``largest``: 64 parties x 2,000 topics, each party with a position on 156 topics
  (9,984 quotes, 0.8 MB: the densest file under the 10,000-quote limit).  ``check``;
  the same grid with 900 positions each (57,600 quotes, 4.5 MB), which ``check`` must
  refuse at once; the exports; the comparison
  matrix drawn in the reader (``c``); ``export --format svg``, which is refused (over
  100 x 16), and the largest SVG allowed, 100 topics x 16 parties, every cell filled.
  Targets: check within 5 s; exports, SVG within 20 s; matrix within 5 s; all under
  500 MB.
* pathological Markdown articles of 2 MB: ``"*a" * N``, runs of ``![``, of ``[a][``, of
  ``_a``, ``**`` / backticks / ``<`` runs, nested ``>`` and lists, and 2 MB of mojibake
  lines.  Target: ``check`` within 5 s and 500 MB each.

Times are wall clock of the command in a new process; memory is the child's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "hostile"
PYTHON = sys.executable

ARTICLE = "The idea is right, said the minister. We want peace.\n"
MB = 1024 * 1024


def _write(case: Path, positions: str, article: str | bytes) -> Path:
    case.mkdir(parents=True, exist_ok=True)
    data = article.encode("utf-8") if isinstance(article, str) else article
    (case / "article.md").write_bytes(data)
    path = case / "positions.yaml"
    path.write_text(positions, encoding="utf-8")
    return path


def grid(topics: int, parties: int, per_party: int, case: Path) -> Path:
    """``topics`` x ``parties``, each party with positions on ``per_party`` topics."""
    lines = ["version: 1", "article: {file: article.md}", "topics:"]
    lines += [f"  t{i}: {{title: T{i}}}" for i in range(topics)]
    lines.append("parties:")
    for p in range(parties):
        lines.append(f"  p{p}:")
        lines.append(f"    name: P{p}")
        lines.append("    positions:")
        for k in range(per_party):
            t = (p + k * 7) % topics
            stance = ("supports", "opposes", "conditional", "undecided")[(p + t) % 4]
            quotes = "[{text: The idea is right}]"
            lines.append(f"      t{t}: {{stance: {stance}, summary: S, quotes: {quotes}}}")
    return _write(case, "\n".join(lines) + "\n", ARTICLE)


def markdown_case(name: str, body: str) -> Path:
    positions = (
        "version: 1\narticle: {file: article.md}\ntopics:\n  t: {title: T}\nparties:\n"
        "  p:\n    name: P\n    positions:\n      t:\n        stance: supports\n"
        "        summary: S\n        quotes: [{text: The idea is right}]\n"
    )
    return _write(OUT / name, positions, ARTICLE + "\n" + body + "\n")


def pathological_articles(size: int) -> dict[str, Path]:
    def fill(unit: str) -> str:
        return unit * (size // len(unit.encode("utf-8")))

    def lines(unit: str, width: int = 60) -> str:
        line = (unit * (width // len(unit) + 1))[:width] + "\n"
        return fill(line)

    cases = {
        "md-star-a": fill("*a"),
        "md-underscore-a": fill("_a"),
        "md-image-open": fill("!["),
        "md-ref-open": fill("[a]["),
        "md-link-open-lines": lines("[a]("),
        "md-backticks": fill("`a``"),
        "md-angle": fill("<a"),
        "md-star-runs": fill("***a**"),
        "md-nested-quotes": fill("> " * 50 + "a\n"),
        "md-nested-lists": "".join(f"{'  ' * (i % 100)}- a\n" for i in range(size // 120)),
        "md-mojibake-lines": "".join(
            f"{i} â€œquoteâ€\x9d Ã© said â€” the minister Ã  la cafÃ©\n"
            for i in range(size // 64)
        ),
        # Just under the inline budget, block after block: parsed, so the parser's own cost.
        "md-under-budget-star": fill("*a" * 499 + "\n\n"),
        "md-under-budget-image": fill("![" * 499 + "\n\n"),
        "md-under-budget-ref": fill("[a][" * 249 + "\n\n"),
    }
    return {name: markdown_case(name, body) for name, body in cases.items()}


# The command, then its own peak RSS (kB) on stderr's last line.
_MEASURED = """
import resource, sys
from tui.cli import main
try:
    main()
finally:
    sys.stderr.write("\\nMAXRSS %d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run(argv: list[str], timeout: float = 300) -> tuple[float, float, int, str]:
    """Wall time (s), the child's peak RSS (MB), exit status and stderr's last line."""
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [PYTHON, "-c", _MEASURED, *argv],
            capture_output=True,
            timeout=timeout,
            check=False,
            cwd=ROOT,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
    except subprocess.TimeoutExpired:
        return timeout, float("nan"), -1, f"timed out after {timeout:.0f} s"
    wall = time.perf_counter() - start
    err = [line for line in done.stderr.decode("utf-8", "replace").splitlines() if line]
    mb = float("nan")
    if err and err[-1].startswith("MAXRSS "):
        mb = int(err.pop().split()[1]) / 1024
    return wall, mb, done.returncode, (err[-1] if err else "")[:110]


def matrix_time(path: Path) -> tuple[float, float]:
    """Seconds to open the comparison matrix of ``path`` in the reader (headless, in a
    child process), and the child's peak RSS (MB)."""
    code = f"""
import asyncio, resource, sys, time
from pathlib import Path
from positions.loader import load_document
from tui.screens.compare import CompareScreen
from textual.app import App
from textual.color import Color
document = load_document(Path({str(path)!r})).document
class A(App[None]):
    def on_mount(self) -> None:
        self.push_screen(CompareScreen(document, [Color(200, 0, 0)] * len(document.parties)))
async def go() -> float:
    app = A()
    start = time.perf_counter()  # the matrix is filled when its screen mounts
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        await pilot.press("down", "right", "end")
        await pilot.pause()
        return time.perf_counter() - start
print(asyncio.run(go()), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
    done = subprocess.run(
        [PYTHON, "-c", code], capture_output=True, timeout=600, check=False, cwd=ROOT
    )
    if done.returncode != 0:
        print(done.stderr.decode()[-2000:])
        return float("nan"), float("nan")
    seconds, mb = done.stdout.split()
    return float(seconds), float(mb)


Row = tuple[str, str, str, str, str]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run per figure (default 3)")
    parser.add_argument("--only", nargs="*", help="case names (prefixes) to run")
    parser.add_argument("--size-mb", type=float, default=2.0, help="article size (MB)")
    parser.add_argument("--per-party", type=int, default=156, help="largest: positions each")
    args = parser.parse_args()
    runs = 1 if args.quick else 3
    wanted: Callable[[str], bool] = lambda name: not args.only or any(  # noqa: E731
        name.startswith(o) for o in args.only
    )
    rows: list[Row] = []

    def timed(name: str, argv: list[str], limit_s: float, limit_mb: float, status: int) -> None:
        results = [run(argv) for _ in range(runs)]
        wall = sorted(r[0] for r in results)[len(results) // 2]
        mb = max(r[1] for r in results)
        ok = wall <= limit_s and not mb > limit_mb and all(r[2] == status for r in results)
        target = f"≤{limit_s:g} s, <{limit_mb:g} MB, exit {status}"
        rows.append((name, f"{wall:.2f} s", f"{mb:.0f} MB", target, verdict(ok)))
        print(f"  {name}: {wall:.2f} s, {mb:.0f} MB, exit {results[0][2]}: {results[0][3]}")

    if wanted("grid"):
        path = grid(10_000, 10_000, 1, OUT / "grid-10000x10000")
        size = path.stat().st_size / MB
        timed(f"grid-10000x10000 check ({size:.1f} MB)", ["check", str(path)], 5, 500, 1)
    if wanted("largest"):
        path = grid(2_000, 64, args.per_party, OUT / "largest")
        size = path.stat().st_size / MB
        quotes = 64 * args.per_party
        timed(
            f"largest 64x2000, {quotes:,} quotes: check ({size:.1f} MB)",
            ["check", str(path)],
            5,
            500,
            0,
        )
        dense = grid(2_000, 64, 900, OUT / "densest")
        timed(
            f"densest 64x2000, 57,600 quotes: check refused ({dense.stat().st_size / MB:.1f} MB)",
            ["check", str(dense)],
            5,
            500,
            1,
        )
        svg = OUT / "largest" / "out.svg"
        timed(
            "largest export --format svg (refused)",
            ["export", str(path), "--format", "svg", "-o", str(svg)],
            5,
            500,
            1,
        )
        for fmt in ("html", "csv", "md"):
            timed(
                f"largest export --format {fmt}",
                ["export", str(path), "--format", fmt, "-o", str(svg.with_suffix("." + fmt))],
                20,
                500,
                0,
            )
        svg_path = grid(100, 16, 100, OUT / "largest-svg")
        timed(
            "largest SVG allowed, 100x16 full",
            ["export", str(svg_path), "--format", "svg", "-o", str(svg)],
            20,
            500,
            0,
        )
        seconds, mb = matrix_time(path)
        ok = seconds <= 5 and mb < 500
        rows.append(("largest matrix (c, keys)", f"{seconds:.2f} s", f"{mb:.0f} MB",
                     "≤5 s, <500 MB", verdict(ok)))
        print(f"  matrix: {seconds:.2f} s, {mb:.0f} MB")
    size = int(args.size_mb * MB)
    any_md = not args.only or any(o.startswith("md") for o in args.only)
    for name, path in pathological_articles(size).items() if any_md else []:
        if wanted(name):
            timed(f"{name} check ({args.size_mb:g} MB)", ["check", str(path)], 5, 500, 0)

    print()
    widths = [max(len(r[i]) for r in [("case", "time", "peak", "target", "result"), *rows])
              for i in range(5)]
    for row in [("case", "time", "peak", "target", "result"), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(f"\n{sum(r[4] == 'PASS' for r in rows)} of {len(rows)} targets pass")


if __name__ == "__main__":
    main()
