"""Time writing one coded quote (issue 14): ``apply_change`` (the splice), the atomic write,
and ``DocumentSession.apply`` in all (splice, write, and loading the written file again).

``python bench/authoring.py [FILE.yaml ...]`` (default: the seed, then the large generated
case, made with ``bench/generate.py`` in a temporary folder).  Files are copied first: the
originals are never written.  Targets (issue 14): 100 ms on the seed, 300 ms on the large
case, for the write.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from positions.authoring import AddQuote, apply_change  # noqa: E402
from positions.history import FileText, write_text  # noqa: E402
from positions.model import QuoteKind, Span  # noqa: E402
from positions.session import DocumentSession, Ready  # noqa: E402


def time_add_quote(positions: Path) -> dict[str, float]:
    """Milliseconds to code one quote into a copy of ``positions`` (and its article)."""
    with tempfile.TemporaryDirectory() as tmp:
        session = DocumentSession(positions)
        first = session.open_linked()
        assert isinstance(first, Ready), first
        article = session.document.article.path
        copy = Path(tmp) / positions.name
        shutil.copy(positions, copy)
        shutil.copy(article, Path(tmp) / session.document.meta.file)
        session = DocumentSession(copy)
        assert isinstance(session.open_linked(), Ready)
        document = session.document
        text = document.article.text
        block = document.article.blocks[len(document.article.blocks) // 2]
        words = text[block.start : block.end].split(" ")[:6]
        span = Span(block.start, block.start + len(" ".join(words)))
        party = document.parties[0]
        topic = document.topics[0].id
        change = AddQuote(span, party.id, topic, None, None, QuoteKind.REPORTED, None)
        base = copy.read_text(encoding="utf-8")
        t0 = time.perf_counter()
        new = apply_change(base, document, change)
        t1 = time.perf_counter()
        write_text(copy, FileText(new), protected=(article,))
        t2 = time.perf_counter()
        write_text(copy, FileText(base), protected=(article,))
        session = DocumentSession(copy)
        assert isinstance(session.open_linked(), Ready)
        t3 = time.perf_counter()
        event = session.apply(change)
        t4 = time.perf_counter()
        assert isinstance(event, Ready), event
        return {
            "splice_ms": (t1 - t0) * 1000,
            "write_ms": (t2 - t1) * 1000,
            "splice_and_write_ms": (t2 - t0) * 1000,
            "apply_with_reload_ms": (t4 - t3) * 1000,
        }


def main(argv: list[str]) -> int:
    """Print the timings for each file given (default: seed and large case)."""
    paths = [Path(a) for a in argv]
    tmp = None
    if not paths:
        from seeds import SEED_POSITIONS

        tmp = tempfile.mkdtemp()
        import subprocess

        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), tmp], check=True,
            stdout=subprocess.DEVNULL,
        )
        paths = [SEED_POSITIONS, Path(tmp) / "positions.yaml"]
    try:
        for path in paths:
            timings = time_add_quote(path)
            shown = ", ".join(f"{k} {v:.1f}" for k, v in timings.items())
            print(f"{path.name}: {shown}")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
