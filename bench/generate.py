"""Generate the benchmark's large case: a deterministic article with quotes planted in it.

``python bench/generate.py OUT_DIR [--paragraphs N]`` writes ``OUT_DIR/article.md`` (about
3.6 MB at the default 20,000 paragraphs, a heading every 500) and ``OUT_DIR/positions.yaml``
(4 parties x 10 topics x 50 quotes = 2,000 quotes, each verbatim from one paragraph).
The same arguments always give byte-identical files.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

_WORD_TEXT = (
    "ceasefire truce talks delegation envoy minister president spokesman border region "
    "withdrawal sanctions monitoring observers guarantee proposal agreement negotiation "
    "territory security corridor humanitarian prisoners exchange sovereignty alliance "
    "frontline offensive reconstruction energy grain ports shelling civilians mediator "
    "deadline verification conditions sequence framework principle statement reporters "
    "said added warned insisted rejected welcomed demanded offered signalled suggested "
    "the a of to and in on for with that this over under after before between against"
)
WORDS = _WORD_TEXT.split()

PARTIES = [
    ("north", "Northland", "#3b82f6"),
    ("south", "Southland", "#dc2626"),
    ("east", "Eastmark", "#16a34a"),
    ("west", "Westmark", "#a855f7"),
]
STANCES = ["supports", "opposes", "conditional", "undecided"]


def paragraph(rng: random.Random, number: int) -> str:
    """One paragraph of about 180 characters, with a unique reference word."""
    words = [rng.choice(WORDS) for _ in range(21)]
    words.insert(rng.randrange(4, 18), f"ref{number:06d}")
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def generate(
    out: Path,
    paragraphs: int = 20_000,
    heading_every: int = 500,
    topics: int = 10,
    quotes_per_position: int = 50,
) -> tuple[Path, Path]:
    """Write the article and positions file into ``out``; return their paths."""
    rng = random.Random(20250313)
    out.mkdir(parents=True, exist_ok=True)
    blocks = ["# A very long hearing on the ceasefire"]
    texts: list[str] = []
    for number in range(paragraphs):
        if number and number % heading_every == 0:
            blocks.append(f"## Session {number // heading_every + 1}")
        text = paragraph(rng, number)
        texts.append(text)
        blocks.append(text)
    article = out / "article.md"
    article.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")

    total = len(PARTIES) * topics * quotes_per_position
    chosen = sorted(rng.sample(range(paragraphs), total))
    rng.shuffle(chosen)
    lines = [
        "version: 1",
        "article:",
        "  file: article.md",
        "  title: A very long hearing on the ceasefire",
        "  source: Benchmark generator",
        "topics:",
    ]
    for t in range(topics):
        lines += [
            f"  topic{t:02d}:",
            f"    title: Topic {t + 1}",
            f"    question: Question {t + 1}?",
        ]
    lines.append("parties:")
    k = 0
    for party_id, name, color in PARTIES:
        lines += [f"  {party_id}:", f"    name: {name}", f'    color: "{color}"', "    positions:"]
        for t in range(topics):
            lines += [
                f"      topic{t:02d}:",
                f"        stance: {STANCES[(t + k) % 4]}",
                f"        summary: {name} on topic {t + 1}.",
                "        quotes:",
            ]
            for _ in range(quotes_per_position):
                words = texts[chosen[k]].rstrip(".").split(" ")
                ref = next(i for i, w in enumerate(words) if w.startswith("ref"))
                start = max(0, ref - rng.randrange(2, 8))
                quote = " ".join(words[start : ref + rng.randrange(2, 8)])
                lines.append(f"          - text: {quote}")
                k += 1
    positions = out / "positions.yaml"
    positions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return article, positions


def main() -> None:
    """Command line: ``generate.py OUT_DIR [--paragraphs N]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--paragraphs", type=int, default=20_000)
    args = parser.parse_args()
    article, positions = generate(args.out, args.paragraphs)
    print(f"{article} ({article.stat().st_size / 1e6:.2f} MB), {positions}")


if __name__ == "__main__":
    main()
