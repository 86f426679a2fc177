"""Time the in-process operations whose speed the tests used to assert, against targets.

    .venv/bin/python bench/micro.py [--runs N] [--quick] [--only NAME ...]

A measuring instrument, not a test: each figure is the median of N runs (default 5,
``--quick`` 2) after one discarded warm-up run, printed with its target and PASS/FAIL, and
a slow figure never makes it exit non-zero.  ``bench/bench.py`` runs it after its own
figures (in a new interpreter, on the same sources).

The inputs are the tests' own (``tests/helpers/big_inputs.py``): the tests check what these
operations produce on them; this script says how long they take.  Where a test carried a
stated target (a comment "the target is ...") that is the target here; otherwise the bound
the test asserted is, marked "*":

* anchor: ``Anchorer(text)`` + 2,000 ``find`` on a 3.6 MB text (tests/test_anchor.py);
* anchor miss: one quote not in that text, with its closest passage;
* article: ``load_article`` of 3 MB of Markdown, 20,000 paragraphs (tests/test_article.py);
* clean_text: 4 MB full of escape sequences and bidi overrides (tests/test_text.py);
* wrap: ``build_layout`` of a 3.6 MB article at 76 columns (tests/test_tui_article.py);
* search + jump: in the reader (headless, 120x40) on a 1 MB article, from ``search`` until
  the last match is drawn (tests/test_tui_article.py);
* first search: ``ArticleSearch.find`` on a new 3.6 MB text (folding it: case, quotation
  marks, dashes; then matching a term typed with straight quotes and hyphens), the
  benchmark's search target of 100 ms key → match;
* close while linking: ``RemoteLink.close()`` while the child process links, and
* quit while linking: ``q`` in the reader until it has ended, the child still linking
  (both tests/test_background.py, Linux only: elsewhere there is no child).
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TESTS = ROOT / "tests"
sys.path.insert(0, str(TESTS))  # helpers.big_inputs and the fixtures' document

OPENING = TESTS / "helpers" / "opening.py"

#: A function that runs the operation once and returns its time in ms (``None``: n/a).
Measure = Callable[[], float | None]


@dataclass
class Figure:
    name: str
    what: str
    target_ms: float
    target_note: str
    """``""``: the target the test stated; ``"*"``: the bound the test asserted."""
    setup: Callable[[], Measure]
    """Builds the input (untimed) and returns the timed operation."""


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def anchor_finds() -> Measure:
    from helpers.big_inputs import big_text, quotes_from

    from positions.anchor import Anchorer

    text = big_text()
    quotes = quotes_from(text)

    def run() -> float:
        t0 = time.perf_counter()
        anchorer = Anchorer(text)
        for quote in quotes:
            anchorer.find(quote)
        return _ms(t0)

    return run


def anchor_miss() -> Measure:
    from helpers.big_inputs import big_text, quotes_from

    from positions.anchor import Anchorer

    text = big_text()
    anchorer = Anchorer(text)
    missing = quotes_from(text, 1)[0].replace("e", "o") + " zzq"

    def run() -> float:
        t0 = time.perf_counter()
        result = anchorer.find(missing)
        ms = _ms(t0)
        assert result.spans is None and result.closest
        return ms

    return run


def article_load() -> Measure:
    from helpers.big_inputs import big_markdown

    from positions.article import load_article

    folder = Path(tempfile.mkdtemp(prefix="cfmicro-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "big.md"
    path.write_text(big_markdown(20_000), encoding="utf-8")

    def run() -> float:
        t0 = time.perf_counter()
        load_article(path)
        return _ms(t0)

    return run


def clean() -> Measure:
    from helpers.big_inputs import dirty_text

    from positions.text import clean_text

    big, _ = dirty_text(4)

    def run() -> float:
        t0 = time.perf_counter()
        clean_text(big)
        return _ms(t0)

    return run


def wrap() -> Measure:
    from helpers.big_inputs import repeated
    from test_tui_fixtures import four_party_document

    from tui.widgets.article_view import build_layout

    document, _ = repeated(four_party_document(), 3.6)

    def run() -> float:
        t0 = time.perf_counter()
        build_layout(document, 76)
        return _ms(t0)

    return run


def search_jump() -> Measure:
    from helpers.big_inputs import repeated
    from test_tui_fixtures import four_party_document

    from tui.app import create_app

    document, _ = repeated(four_party_document(), 1.0)
    text = document.article.text

    async def once() -> float:
        app = create_app(document)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            article = app.reader.article
            t0 = time.perf_counter()
            article.search("Who polices it?")
            article.step_match(-1)  # the last copy, at the end of the article
            await pilot.pause()
            ms = _ms(t0)
            assert article.is_offset_visible(text.rfind("Who polices it?"))
        return ms

    return lambda: asyncio.run(once())


def search_fold(prepared: bool = False) -> Measure:
    """The first search on a new 3.6 MB text; ``prepared``: its fold made beforehand (as
    the reader makes it while the term is typed), so only the find is timed."""
    from helpers.big_inputs import big_text

    from tui.article_search import ArticleSearch

    text = big_text()  # 3.6 MB, with curly quotes, en dashes and apostrophes
    start = len(text) - 400
    term = text[text.index(" ", start) + 1 : text.index(" ", start + 60)]

    def run() -> float:
        search = ArticleSearch(text)
        if prepared:
            search.prepare()
        t0 = time.perf_counter()
        found = search.find(term.replace("\u2019", "'").replace("\u2013", "-"))
        ms = _ms(t0)
        assert found >= 1, term
        return ms

    return run


def _scenario_seconds(scenario: str) -> Measure:
    """The ``seconds`` a scenario of tests/helpers/opening.py reports, as ms."""
    from positions.loader import SEED_POSITIONS

    def run() -> float | None:
        done = subprocess.run(
            [sys.executable, str(OPENING), scenario, str(SEED_POSITIONS)],
            capture_output=True, text=True, timeout=300, cwd=ROOT,
        )  # fmt: skip
        if done.returncode != 0:
            print(f"micro: {scenario}: {done.stderr.strip()[-300:]}", file=sys.stderr)
            return None
        return float(json.loads(done.stdout.strip().splitlines()[-1])["seconds"]) * 1000

    return run


def _forks() -> bool:
    return sys.platform.startswith("linux")


FIGURES = [
    Figure("anchor", "anchor: build + 2,000 finds, 3.6 MB text", 1000.0,
           "", anchor_finds),
    Figure("anchor-miss", "anchor: a quote not found → closest passage", 2000.0,
           "*", anchor_miss),
    Figure("article", "load_article: 3 MB Markdown, 20,000 paragraphs", 500.0,
           "", article_load),
    Figure("clean", "clean_text: 4 MB with escapes and bidi controls", 2000.0,
           "*", clean),
    Figure("wrap", "build_layout: 3.6 MB article at 76 columns", 1500.0,
           "*", wrap),
    Figure("search", "search + jump to the last match, 1 MB, drawn", 1000.0,
           "*", search_jump),
    Figure("search-fold", "first search (fold + find), 3.6 MB, quotes and dashes", 100.0,
           "", search_fold),
    Figure("search-find", "search, the fold made while typing, 3.6 MB", 100.0,
           "", lambda: search_fold(prepared=True)),
    Figure("close", "RemoteLink.close() while the child links", 5000.0,
           "*", lambda: _scenario_seconds("close-while-linking")),
    Figure("quit", "q while the child links → reader ended", 20000.0,
           "*", lambda: _scenario_seconds("quit-while-linking")),
]
NEEDS_FORK = {"close", "quit"}


def measure(figure: Figure, runs: int) -> tuple[list[float], str]:
    """``runs`` timings (after one warm-up), and why there are none if so."""
    if figure.name in NEEDS_FORK and not _forks():
        return [], "n/a: no child process on this platform"
    try:
        run = figure.setup()
        run()  # warm-up, discarded
        values = [run() for _ in range(runs)]
    except Exception as exc:  # the sources may be mid-edit: measure what still works
        return [], f"error: {exc!r}"[:60]
    got = [v for v in values if v is not None]
    return got, "" if got else "not measured"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=None, help="runs per figure (default 5)")
    parser.add_argument("--quick", action="store_true", help="2 runs per figure")
    parser.add_argument("--only", nargs="*", choices=[f.name for f in FIGURES], default=None,
                        help="measure only these figures")
    args = parser.parse_args(argv)
    runs = args.runs or (2 if args.quick else 5)
    figures = [f for f in FIGURES if args.only is None or f.name in args.only]

    print(f"in-process figures (median of {runs} runs after 1 discarded warm-up, ms):",
          flush=True)
    rows = []
    passes = fails = 0
    for figure in figures:
        values, why = measure(figure, runs)
        if values:
            median = statistics.median(values)
            ok = median <= figure.target_ms
            passes, fails = passes + ok, fails + (not ok)
            cell = f"{median:.0f} ms" if median >= 10 else f"{median:.1f} ms"
            spread = f"{min(values):.0f}–{max(values):.0f}"
            result = "PASS" if ok else "FAIL"
        else:
            cell, spread = why, "—"
            result = "n/a" if why.startswith("n/a") else "FAIL"
            fails += result == "FAIL"
        rows.append((figure.what, cell, spread,
                     f"≤{figure.target_ms:.0f} ms{figure.target_note}", result))
    table(["figure", "median", "spread", "target", "result"], rows)
    print("* no target was stated: the bound the test asserted (generous, for a busy machine)")
    print(f"in-process targets: {passes} PASS, {fails} FAIL")
    return 0


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    sys.exit(main())
