"""Hand-built Documents for the TUI tests (no loader needed), and checks on them.

``four_party_document()`` is a small article with four parties (one silent on two
topics), an elided quote (two spans), a reported quote, a heading, a list item, a block
quote and an image.  ``hostile_document()`` puts markup and actions in every string the
app shows.  Spans are computed with ``str.find`` so they always match the text.
"""

from __future__ import annotations

from pathlib import Path

from positions.model import (
    Article,
    ArticleMeta,
    Block,
    BlockKind,
    Document,
    Party,
    Position,
    Quote,
    QuoteKind,
    Span,
    Stance,
    Topic,
)

BLOCKS: list[tuple[BlockKind, str, int]] = [
    (BlockKind.PARAGRAPH, "Kyiv and Moscow traded conditions on Thursday as a US plan for "
     "a 30-day ceasefire met a cautious answer from the Kremlin.", 0),
    (BlockKind.PARAGRAPH, "Speaking in Moscow, Vladimir Putin said: \"The idea is right - "
     "and we support it - but there are questions that we need to discuss.\" He added that "
     "a truce must \"remove the root causes of this crisis\".", 0),
    (BlockKind.HEADING, "Kursk", 2),
    (BlockKind.PARAGRAPH, "Putin claimed Russia was fully back in control of Kursk. \"There "
     "are two options for Ukrainians in Kursk - surrender or die,\" he said.", 0),
    (BlockKind.PARAGRAPH, "Volodymyr Zelensky called the answer \"manipulative\" and said "
     "Putin was \"preparing a rejection\" while avoiding telling Washington so directly.", 0),
    (BlockKind.LIST_ITEM, "The US Treasury announced further sanctions on Russian oil, gas "
     "and banking.", 1),
    (BlockKind.BLOCKQUOTE, "\"We are ready to accept the ceasefire for 30 days,\" Ukraine's "
     "foreign minister Andrii Sybiha said, \"if Russia stops firing too.\"", 1),
    (BlockKind.IMAGE, "Map of the front line near Kursk", 0),
    (BlockKind.PARAGRAPH, "In Washington, Marco Rubio said the ball was now in Russia's "
     "court. \"We will know very soon whether they are serious about peace,\" he said, "
     "adding that monitoring would be \"the hardest part\".", 0),
    (BlockKind.PARAGRAPH, "The European Commission said the EU would keep sanctions in place "
     "until a just peace was reached. Ursula von der Leyen said \"pressure works\" and "
     "that Europe \"will not lift a single sanction\" for a pause.", 0),
    (BlockKind.PARAGRAPH, "Asked who would police a truce over 2,000km of front, Putin "
     "said: \"Who will give the order to end the fighting? Who polices it?\"", 0),
]


def article_text() -> tuple[str, tuple[Block, ...]]:
    """The fixture article's text and blocks."""
    parts: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for kind, text, level in BLOCKS:
        if parts:
            parts.append("\n\n")
            offset += 2
        blocks.append(Block(kind, offset, offset + len(text), level))
        parts.append(text)
        offset += len(text)
    return "".join(parts), tuple(blocks)


def quote(text: str, fragments: list[str], speaker: str | None,
          kind: QuoteKind = QuoteKind.DIRECT) -> Quote:
    """A quote whose spans are the first occurrences of ``fragments`` in ``text``."""
    spans = []
    for fragment in fragments:
        start = text.find(fragment)
        assert start >= 0, fragment
        spans.append(Span(start, start + len(fragment)))
    return Quote(text=" … ".join(fragments), spans=tuple(spans), speaker=speaker, kind=kind)


TOPICS = (
    Topic("ceasefire", "30-day ceasefire", "Should a 30-day ceasefire start now?"),
    Topic("kursk", "Kursk region", "Who controls Kursk and what happens to troops there?"),
    Topic("sanctions", "Sanctions", "Should sanctions on Russia stay or grow?"),
    Topic("monitoring", "Monitoring a truce", "Who would monitor a ceasefire?"),
)


def four_party_document(colors: tuple[str | None, ...] = (
    "#0057B7", "#D52B1E", "#3C3B6E", "#FFCC00",
)) -> Document:
    """Ukraine, Russia, the US and the EU on four topics (the EU silent on two)."""
    text, blocks = article_text()
    q = lambda *a, **k: quote(text, *a, **k)  # noqa: E731
    ukraine = Party("ukraine", "Ukraine", colors[0], ("Volodymyr Zelensky", "Andrii Sybiha"), (
        Position("ukraine", "ceasefire", Stance.SUPPORTS,
                 "Accepts a 30-day ceasefire if Russia stops firing too.",
                 (q(["We are ready to accept the ceasefire for 30 days",
                     "if Russia stops firing too."], "Andrii Sybiha"),)),
        Position("ukraine", "kursk", Stance.UNDECIDED,
                 "Calls Putin's answer manipulative; says nothing on Kursk itself.",
                 (q(["manipulative"], "Volodymyr Zelensky"),
                  q(["preparing a rejection"], "Volodymyr Zelensky"))),
    ))
    russia = Party("russia", "Russia", colors[1], ("Vladimir Putin",), (
        Position("russia", "ceasefire", Stance.CONDITIONAL,
                 "Supports the idea but wants its questions answered first.",
                 (q(["The idea is right - and we support it - but there are questions that "
                     "we need to discuss."], "Vladimir Putin"),
                  q(["remove the root causes of this crisis"], "Vladimir Putin"))),
        Position("russia", "kursk", Stance.OPPOSES,
                 "Says Russia controls Kursk; Ukrainian troops must surrender.",
                 (q(["There are two options for Ukrainians in Kursk - surrender or die,"],
                    "Vladimir Putin"),
                  q(["Putin claimed Russia was fully back in control of Kursk."],
                    "Vladimir Putin", QuoteKind.REPORTED))),
        Position("russia", "monitoring", Stance.UNDECIDED,
                 "Asks who would give the order and who would police a truce.",
                 (q(["Who will give the order to end the fighting? Who polices it?"],
                    "Vladimir Putin"),)),
    ))
    usa = Party("usa", "United States", colors[2], ("Marco Rubio",), (
        Position("usa", "ceasefire", Stance.SUPPORTS,
                 "Proposed the 30-day ceasefire; the ball is in Russia's court.",
                 (q(["We will know very soon whether they are serious about peace,"],
                    "Marco Rubio"),)),
        Position("usa", "sanctions", Stance.SUPPORTS,
                 "Announced further sanctions on Russian oil, gas and banking.",
                 (q(["The US Treasury announced further sanctions on Russian oil, gas and "
                     "banking."], None, QuoteKind.REPORTED),)),
        Position("usa", "monitoring", Stance.CONDITIONAL,
                 "Monitoring will be the hardest part.",
                 (q(["the hardest part"], "Marco Rubio"),)),
    ))
    eu = Party("eu", "European Union", colors[3], ("Ursula von der Leyen",), (
        Position("eu", "sanctions", Stance.SUPPORTS,
                 "Keeps sanctions until a just peace; pressure works.",
                 (q(["pressure works"], "Ursula von der Leyen"),
                  q(["will not lift a single sanction"], "Ursula von der Leyen"))),
        Position("eu", "ceasefire", Stance.CONDITIONAL,
                 "A pause alone will not lift sanctions.",
                 ()),
    ))
    # Positions in topic order, as the loader guarantees.
    order = {t.id: i for i, t in enumerate(TOPICS)}
    parties = tuple(
        Party(p.id, p.name, p.color, p.speakers,
              tuple(sorted(p.positions, key=lambda pos: order[pos.topic_id])))
        for p in (ukraine, russia, usa, eu)
    )
    return Document(
        path=Path("tests/fixtures/four_parties/positions.yaml"),
        meta=ArticleMeta(
            file="article.md",
            title="Putin sets out conditions for a ceasefire",
            source="Fixture News",
            author="A. Reporter",
            date="2025-03-14",
            url="https://example.org/ceasefire",
        ),
        article=Article(Path("tests/fixtures/four_parties/article.md"), text, blocks),
        topics=TOPICS,
        parties=parties,
    )


HOSTILE = "[@click=app.quit]x[/] [bold]b[/bold] [/]"


def hostile_document() -> Document:
    """Markup and actions in the title, party, speaker, topic, summary, quote and article."""
    text = f"Title line {HOSTILE}\n\nSaid: {HOSTILE} end."
    blocks = (Block(BlockKind.PARAGRAPH, 0, 10 + 1 + len(HOSTILE)),
              Block(BlockKind.PARAGRAPH, 12 + 1 + len(HOSTILE), len(text)))
    start = text.rfind(HOSTILE)
    hostile_quote = Quote(HOSTILE, (Span(start, start + len(HOSTILE)),), speaker=HOSTILE)
    topic = Topic("t", f"Topic {HOSTILE}", HOSTILE)
    party = Party("p", f"Party {HOSTILE}", "[/]", (HOSTILE,), (
        Position("p", "t", Stance.OPPOSES, f"Summary {HOSTILE}", (hostile_quote,)),
    ))
    other = Party("o", HOSTILE, None, (), ())
    return Document(
        path=Path("hostile.yaml"),
        meta=ArticleMeta(file="a.md", title=f"Doc {HOSTILE}", source=HOSTILE, author=HOSTILE,
                         date=HOSTILE, url=HOSTILE),
        article=Article(Path("a.md"), text, blocks),
        topics=(topic,),
        parties=(party, other),
    )


def test_fixture_spans_match_quote_text() -> None:
    """Every fixture quote's spans cover its fragments in the article text."""
    document = four_party_document()
    text = document.article.text
    for _party, _position, q in document.all_quotes():
        fragments = q.text.split(" … ")
        assert [text[s.start:s.end] for s in q.spans] == fragments
    assert any(len(q.spans) > 1 for _, _, q in document.all_quotes())


def test_fixture_blocks_cover_text() -> None:
    """Blocks are in order and inside the text."""
    text, blocks = article_text()
    assert all(0 <= b.start <= b.end <= len(text) for b in blocks)
    assert [b.start for b in blocks] == sorted(b.start for b in blocks)
