"""Large deterministic inputs: the tests check results on them, ``bench/micro.py`` times them."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from itertools import accumulate
from pathlib import Path

from positions.model import Article, Block, Document


def big_text(paragraphs: int = 20_000) -> str:
    """About 3.6 MB of Zipf-distributed words, with curly quotes, dashes and apostrophes."""
    rnd = random.Random(11)
    vocab = [
        "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(2, 11)))
        for _ in range(30_000)
    ]
    cumulative = list(accumulate(1.0 / (rank + 1) for rank in range(len(vocab))))  # Zipf
    out = []
    for _ in range(paragraphs):
        words = rnd.choices(vocab, cum_weights=cumulative, k=rnd.randint(22, 34))
        words[3] = f"\u201c{words[3]}"
        words[7] = f"{words[7]}\u201d"
        words[10] = "\u2013"
        words[14] += "\u2019s"
        out.append(" ".join(words) + ".")
    return "\n\n".join(out)


def quotes_from(text: str, count: int = 2000) -> list[str]:
    """``count`` passages of 5-30 words of ``text``, typed with straight ' and - ."""
    rnd = random.Random(5)
    starts = [m.start() for m in re.finditer(r"(?<!\S)\S", text)]
    quotes = []
    for _ in range(count):
        i = rnd.randrange(len(starts) - 40)
        quote = text[starts[i] : starts[i + rnd.randint(5, 30)]].strip()
        quotes.append(quote.replace("\u2019", "'").replace("\u2013", "-"))
    return quotes


def big_markdown(paragraphs: int) -> str:
    """Markdown paragraphs with quotes and dashes, a link every 10th, emphasis every 30th."""
    rnd = random.Random(3)
    vocab = ["".join(rnd.choice("abcdefghijklmnop") for _ in range(rnd.randint(2, 10)))
             for _ in range(5000)]  # fmt: skip
    out = []
    for i in range(paragraphs):
        words = rnd.choices(vocab, k=28)
        words[3] = f"“{words[3]}”"
        words[9] = "–"
        if i % 10 == 0:
            words[12] = f"[{words[12]}](https://example.com/{i})"
        if i % 30 == 0:
            words[20] = f"*{words[20]}*"
        out.append(" ".join(words) + ".")
    return "\n\n".join(out)


def dirty_text(megabytes: int = 4) -> tuple[str, str]:
    """Text full of escape sequences, CRs and bidi overrides; and the chunk it repeats."""
    chunk = "Plain text with “quotes” – and a \x1b[31mcolour\x1b[0m\r\n\u202e here.\n"
    return chunk * (megabytes * 1024 * 1024 // len(chunk)), chunk


def repeated(document: Document, megabytes: float) -> tuple[Document, int]:
    """``document`` with its article repeated to ``megabytes`` (quotes anchored in the first
    copy); and the number of copies."""
    text = document.article.text
    copies = int(megabytes * 1_000_000 / (len(text) + 2)) + 1
    big = "\n\n".join([text] * copies)
    blocks: list[Block] = []
    for copy in range(copies):
        shift = copy * (len(text) + 2)
        blocks.extend(
            replace(b, start=b.start + shift, end=b.end + shift) for b in document.article.blocks
        )
    article = Article(Path("big.md"), big, tuple(blocks))
    return replace(document, article=article), copies
