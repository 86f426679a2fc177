"""Generate the benchmark's large case: a deterministic article with quotes planted in it.

``python bench/generate.py OUT_DIR [--paragraphs N]`` writes ``OUT_DIR/article.md`` (about
3.6 MB at the default 20,000 paragraphs, a heading every 500) and ``OUT_DIR/positions.yaml``
(4 parties x 10 topics x 50 quotes = 2,000 quotes, each verbatim from one paragraph).
The same arguments always give byte-identical files.

``python bench/generate.py OUT_DIR --case NAME [--scale F]`` writes one of the adversarial
anchoring cases of issues 12 and 15 instead (:data:`CASES`; ``--case all`` writes each into
``OUT_DIR/NAME/``): articles whose vocabulary is tiny, quotes of common words, large
``occurrence:`` values, many elisions, long quotes not found.  ``--scale`` multiplies the
article's paragraphs and the number of quotes (``--scale 0.01`` for a quick run; the tests
use small sizes through :func:`generate_case`).
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
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


# --------------------------------------------------------------------------- adversarial cases

SEED_ARTICLE = Path(__file__).resolve().parent.parent / "seeds" / "putin-ceasefire-conditions.md"
COMMON = ["the", "a", "of", "to", "and", "in", "on", "for", "talks", "said"]
FIVE = ["the", "talks", "envoy", "said", "peace"]
FORTY = WORDS[:40]

Quote = tuple[str, int | None]  # text, occurrence


def write_case(out: Path, article: str, quotes: list[Quote], title: str) -> tuple[Path, Path]:
    """Write ``article.md`` (``article`` as is) and a positions file holding ``quotes``,
    spread over up to 4 parties x 10 topics (only the slots that get a quote)."""
    out.mkdir(parents=True, exist_ok=True)
    article_path = out / "article.md"
    article_path.write_text(article, encoding="utf-8")
    slots = max(1, min(len(PARTIES) * 10, len(quotes)))
    topics = min(10, slots)
    by_slot: list[list[Quote]] = [[] for _ in range(slots)]
    for k, quote in enumerate(quotes):
        by_slot[k % slots].append(quote)
    lines = [
        "version: 1",
        "article:",
        "  file: article.md",
        f"  title: {json.dumps(title)}",
        "  source: Benchmark generator",
        "topics:",
    ]
    for t in range(topics):
        lines += [f"  topic{t:02d}:", f"    title: Topic {t + 1}", f"    question: Q{t + 1}?"]
    lines.append("parties:")
    for p, (party_id, name, color) in enumerate(PARTIES):
        mine = [(t, by_slot[p * topics + t]) for t in range(topics) if p * topics + t < slots]
        if not mine:
            break
        lines += [f"  {party_id}:", f"    name: {name}", f'    color: "{color}"', "    positions:"]
        for t, slot in mine:
            lines += [
                f"      topic{t:02d}:",
                f"        stance: {STANCES[(t + p) % 4]}",
                f"        summary: {name} on topic {t + 1}.",
                "        quotes:",
            ]
            for text, occurrence in slot:
                lines.append(f"          - text: {json.dumps(text, ensure_ascii=False)}")
                if occurrence is not None:
                    lines.append(f"            occurrence: {occurrence}")
    positions = out / "positions.yaml"
    positions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return article_path, positions


def _paragraphs(rng: random.Random, vocab: list[str], count: int, words: int = 22) -> list[str]:
    out = []
    for _ in range(count):
        chosen = rng.choices(vocab, k=words)
        chosen[0] = chosen[0].capitalize()
        out.append(" ".join(chosen) + ".")
    return out


def _article(title: str, paragraphs: list[str]) -> str:
    return "\n\n".join([f"# {title}", *paragraphs]) + "\n"


def _runs(rng: random.Random, paragraphs: list[str], count: int, lo: int, hi: int) -> list[str]:
    """``count`` runs of ``lo``..``hi`` consecutive words from random paragraphs."""
    out = []
    for _ in range(count):
        words = rng.choice(paragraphs).rstrip(".").split(" ")
        n = min(len(words), rng.randint(lo, hi))
        start = rng.randrange(len(words) - n + 1)
        out.append(" ".join(words[start : start + n]))
    return out


def _gibberish(rng: random.Random, chars: int) -> str:
    """Words of random letters, unlike anything in an article: about ``chars`` long."""
    out: list[str] = []
    size = 0
    while size < chars:
        word = "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(rng.randint(3, 9)))
        out.append(word)
        size += len(word) + 1
    return " ".join(out)[:chars].rstrip()


def _scaled(n: int, scale: float) -> int:
    return max(1, round(n * scale))


def _five(rng: random.Random, scale: float, missing: bool) -> tuple[str, list[Quote]]:
    paragraphs = _paragraphs(rng, FIVE, _scaled(28_300, scale))
    n = _scaled(5000, scale)
    quotes = _runs(rng, paragraphs, n, 8, 12)
    if missing:  # 2 in 5 replaced by random runs of the five words, most nowhere in the article
        for k in range(0, n, 5):
            for j in (k, k + 1):
                if j < n:
                    quotes[j] = " ".join(rng.choices(FIVE, k=rng.randint(8, 12)))
    return _article("Five words", paragraphs), [(q, None) for q in quotes]


def _common_article(rng: random.Random, scale: float, paragraphs: int = 21_100) -> list[str]:
    # "the" is one word in six or so: ~65,000 matches in 3.6 MB (with "the" inside words).
    return _paragraphs(rng, [*WORDS, *["the"] * 10], _scaled(paragraphs, scale))


def _common(rng: random.Random, scale: float) -> tuple[str, list[Quote]]:
    paragraphs = _common_article(rng, scale)
    quotes = ["the" if rng.random() < 0.5 else q for q in _runs(rng, paragraphs, 5000, 1, 2)]
    quotes = [q if q[0].islower() else "the" for q in quotes][: _scaled(5000, scale)]
    return _article("Common words", paragraphs), [(q, None) for q in quotes]


def _occurrences(rng: random.Random, scale: float) -> tuple[str, list[Quote]]:
    paragraphs = _common_article(rng, scale)
    top = _scaled(50_000, scale)
    quotes: list[Quote] = [
        (rng.choice(["the", "talks"]), rng.randint(1, top)) for _ in range(_scaled(5000, scale))
    ]
    return _article("Occurrences", paragraphs), quotes


def _elisions(rng: random.Random, scale: float) -> tuple[str, list[Quote]]:
    paragraphs = _common_article(rng, scale)
    quotes = [
        " [...] ".join(rng.choice(COMMON) for _ in range(20)) for _ in range(_scaled(2000, scale))
    ]
    return _article("Elisions", paragraphs), [(q, None) for q in quotes]


def _a_article(paragraphs: int) -> str:
    return _article("Aaa", [" ".join(["a"] * 41) + "."] * paragraphs)


def _aaa(rng: random.Random, scale: float) -> tuple[str, list[Quote]]:
    quote = " [...] ".join(["a"] * 20)
    return _a_article(_scaled(43_000, scale)), [(quote, None)] * _scaled(50, scale)


def _aaa_16mb(rng: random.Random, scale: float) -> tuple[str, list[Quote]]:
    return _a_article(_scaled(190_000, scale)), [(" [...] ".join(["a"] * 20), None)]


def _unlike(rng: random.Random, scale: float) -> tuple[str, list[Quote]]:
    paragraphs = [paragraph(rng, k) for k in range(_scaled(16_300, scale))]
    quote = " ".join(_gibberish(rng, 14_000).split(" ")[: _scaled(2000, scale)])
    return _article("Unlike", paragraphs), [(quote, None)]


def _seed_1mb(rng: random.Random, scale: float) -> tuple[str, list[Quote]]:
    quote = " ".join(rng.choices(WORDS, k=_scaled(150_000, scale)))[: _scaled(1_000_000, scale)]
    return SEED_ARTICLE.read_text(encoding="utf-8"), [(quote.strip(), None)]


def _missing(
    chars: int, paragraphs: int
) -> Callable[[random.Random, float], tuple[str, list[Quote]]]:
    def make(rng: random.Random, scale: float) -> tuple[str, list[Quote]]:
        article = [paragraph(rng, k) for k in range(_scaled(paragraphs, scale))]
        length = max(40, round(chars * scale))
        quote = " ".join(rng.choices(WORDS, k=length // 5))[:length].strip()
        return _article("Missing", article), [(quote, None)]

    return make


def _the_16mb(rng: random.Random, scale: float) -> tuple[str, list[Quote]]:
    article = [paragraph(rng, k) for k in range(_scaled(86_000, scale))]
    return _article("The", article), [("the", None)] * _scaled(1000, scale)


def _forty(rng: random.Random, scale: float) -> tuple[str, list[Quote]]:
    paragraphs = _paragraphs(rng, FORTY, _scaled(15_700, scale), words=24)
    quotes = _runs(rng, paragraphs, _scaled(2000, scale), 4, 14)
    return _article("Forty words", paragraphs), [(q, None) for q in quotes]


@dataclass(frozen=True)
class Case:
    """One adversarial anchoring case: what it is and the ``check`` target for it."""

    name: str
    what: str
    make: Callable[[random.Random, float], tuple[str, list[Quote]]]
    seconds: float = 3.0
    megabytes: float = 500.0


CASES = [
    Case(
        "five-words",
        "5-word vocabulary, 3.4 MB, 5,000 quotes of 8-12 words",
        partial(_five, missing=False),
    ),
    Case(
        "five-words-missing", "the same, about 1,900 quotes not found", partial(_five, missing=True)
    ),
    Case("common-words", "5,000 quotes of 1-2 common words (the: ~65k matches)", _common),
    Case("occurrences", "5,000 x the/talks with occurrence: 1-50,000", _occurrences),
    Case("elisions", "2,000 quotes x 20 [...] fragments of common words", _elisions),
    Case("aaa", "a a a ... a. x 43,000 paragraphs (3.6 MB), 50 quotes of 20 a fragments", _aaa),
    Case("aaa-16mb", "the same at 16 MB, 1 quote", _aaa_16mb),
    Case("unlike", "1 missing 2,000-word quote unlike anything, 3 MB", _unlike),
    Case("seed-1mb-quote", "a 1 MB quote on the 5 KB seed article", _seed_1mb),
    Case("missing-8000", "an 8,000-character missing quote, 15.9 MB", _missing(8000, 86_000)),
    Case("the-16mb", "1,000 quotes the, 15.9 MB", _the_16mb),
    Case("missing-2700", "a 2,700-character missing quote, 3.6 MB", _missing(2700, 20_000), 5.0),
    Case(
        "forty-words", "~40-word vocabulary, 3.6 MB, 2,000 quotes (vs the benchmark case)", _forty
    ),
]
CASES_BY_NAME = {case.name: case for case in CASES}


def generate_case(name: str, out: Path, scale: float = 1.0) -> tuple[Path, Path]:
    """Write adversarial case ``name`` (see :data:`CASES`) into ``out``."""
    case = CASES_BY_NAME[name]
    article, quotes = case.make(random.Random(f"{name}-{scale}"), scale)
    return write_case(out, article, quotes, case.what)


def main() -> None:
    """Command line: ``generate.py OUT_DIR [--paragraphs N | --case NAME [--scale F]]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--paragraphs", type=int, default=20_000)
    parser.add_argument("--case", choices=[*CASES_BY_NAME, "all"])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    if args.case is None:
        article, positions = generate(args.out, args.paragraphs)
        print(f"{article} ({article.stat().st_size / 1e6:.2f} MB), {positions}")
        return
    for name in CASES_BY_NAME if args.case == "all" else [args.case]:
        out = args.out / name if args.case == "all" else args.out
        article, positions = generate_case(name, out, args.scale)
        print(f"{name}: {article} ({article.stat().st_size / 1e6:.2f} MB), {positions}")


if __name__ == "__main__":
    main()
