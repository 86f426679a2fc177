"""The loaded, anchored positions document: plain immutable data, no I/O, no UI.

Offsets (``Span``) are Python string indices into ``Article.text``: the text a reader sees
after the article is parsed and repaired (see :mod:`positions.article`).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import Any

from positions.diagnostics import Diagnostic


class Stance(StrEnum):
    """What a party says about a topic's question."""

    SUPPORTS = "supports"
    OPPOSES = "opposes"
    CONDITIONAL = "conditional"
    UNDECIDED = "undecided"

    @property
    def glyph(self) -> str:
        """A glyph that tells the stance apart without colour."""
        return _STANCE_GLYPHS[self]

    @property
    def label(self) -> str:
        """Glyph and word, as every view shows a stance: ``"✔ supports"``."""
        return f"{self.glyph} {self.value}"


_STANCE_GLYPHS = {
    Stance.SUPPORTS: "✔",
    Stance.OPPOSES: "✘",
    Stance.CONDITIONAL: "◐",
    Stance.UNDECIDED: "?",
}

#: How many words of the article name it when the positions file gives no headline.
OPENING_WORDS = 8
#: ... and at most this many characters of them (a run without spaces is cut).
OPENING_CHARS = 60

#: A paragraph this short that does not end a sentence, at the top of an article, is a
#: byline or dateline ("James Landale", "Reporting from Kyiv, Ukraine"), not its prose.
BYLINE_WORDS = 8
#: How many such paragraphs :attr:`Document.opening` skips at most.
BYLINE_PARAGRAPHS = 3


def _prose_start(text: str) -> str:
    """``text`` from its first paragraph of prose: at most :data:`BYLINE_PARAGRAPHS`
    leading paragraphs shorter than :data:`BYLINE_WORDS` words that do not end with
    ``.``, ``!``, ``?`` or a closing quotation mark are skipped (never a Markdown
    heading); when nothing but such paragraphs is there, the text as it is."""
    rest = text.lstrip()
    for _ in range(BYLINE_PARAGRAPHS + 1):
        head, _blank, tail = rest.partition("\n\n")
        line = head.strip()
        if line.startswith("#") or len(line.split()) >= BYLINE_WORDS or line.endswith(
            (".", "!", "?", '"', "\u201d")
        ):
            return rest
        rest = tail.lstrip()
        if not rest:
            break
    return text


#: What :attr:`Document.title` starts with when the article has no headline.
NO_HEADLINE = "No headline"

#: The glyph and word shown where a party has no position on a topic.
SILENCE_GLYPH = "·"
SILENCE_LABEL = "no stated position"


class QuoteKind(StrEnum):
    """Whose words a quote is: the party's own (direct) or the journalist's (reported)."""

    DIRECT = "direct"
    REPORTED = "reported"


class Basis(StrEnum):
    """How a position is known: the strength of the evidence behind its stance.

    ``stated`` is the strongest (the party's own words answer the topic's question); the
    others are readings, of what the party said (``implied``), of what it did (``action``),
    or of the journalist's account of its view (``reported``).
    """

    STATED = "stated"
    IMPLIED = "implied"
    ACTION = "action"
    REPORTED = "reported"

    @property
    def mark(self) -> str:
        """A one-cell mark that tells the basis apart without colour (``stated`` is solid)."""
        return _BASIS_MARKS[self]

    @property
    def label(self) -> str:
        """Mark and word, as every view shows a basis: ``"● stated"``."""
        return f"{self.mark} {self.value}"

    @property
    def meaning(self) -> str:
        """One line for legends and help: what the basis says about the evidence."""
        return _BASIS_MEANINGS[self]


_BASIS_MARKS = {
    Basis.STATED: "●",
    Basis.IMPLIED: "○",
    Basis.ACTION: "▲",
    Basis.REPORTED: "◇",
}

_BASIS_MEANINGS = {
    Basis.STATED: "the party's own words answer the question",
    Basis.IMPLIED: "the editor's reading of what the party said",
    Basis.ACTION: "inferred from what the party did",
    Basis.REPORTED: "only the journalist's account of the party's view",
}


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of ``Article.text``."""

    start: int
    end: int


@dataclass(frozen=True)
class SourceLoc:
    """Where a node stands in the positions file (1-based line and column)."""

    line: int
    col: int


class BlockKind(StrEnum):
    """The kind of a block of article text."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    BLOCKQUOTE = "blockquote"
    IMAGE = "image"


@dataclass(frozen=True)
class Block:
    """One block of the article: ``Article.text[start:end]`` is its text."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0
    """Heading level (1-6) for headings; nesting depth for list items and block quotes."""


@dataclass(frozen=True)
class Repair:
    """One change made to the article text on load, for the ``check`` summary."""

    kind: str
    """``mojibake``, ``control``, ``bidi`` or ``normalization``."""
    count: int
    detail: str


@dataclass(frozen=True)
class Article:
    """The article as a reader sees it: text, blocks in order, and what was repaired."""

    path: Path
    text: str
    blocks: tuple[Block, ...]
    repairs: tuple[Repair, ...] = ()
    plain_lines: tuple[int, ...] = ()
    """Lines (1-based) of the Markdown blocks read as plain text (too much inline syntax
    to parse in time); the loader warns about them."""
    mojibake_stopped: int | None = None
    """The line (1-based) from which mojibake was left unrepaired (too much to repair in
    time), or ``None``; the loader warns about it."""

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its blocks packed into bytes, not as an object each: the linking
        child sends the article to the reader (:mod:`positions.background`), and the
        3.7 MB benchmark article's 20,000 blocks took 0.12 s to pickle and 0.08 s to
        unpickle one by one (the rest of the document, its text included, 0.04 s)."""
        fields = (self.repairs, self.plain_lines, self.mojibake_stopped)
        return (_unpickle_article, (self.path, self.text, *_pack_blocks(self.blocks), *fields))

    @cached_property
    def block_starts(self) -> list[int]:
        """Start offset of every block, in order (for bisecting)."""
        return [b.start for b in self.blocks]

    def block_index_at(self, offset: int) -> int:
        """Index of the block containing ``offset`` (or the nearest block before it)."""
        return max(0, bisect_right(self.block_starts, offset) - 1)

    def paragraph_number(self, offset: int) -> int:
        """1-based block number of ``offset``: the paragraph number cited in exports."""
        return self.block_index_at(offset) + 1


_BLOCK_KINDS = tuple(BlockKind)
_BLOCK_KIND_CODES = {kind: code for code, kind in enumerate(_BLOCK_KINDS)}


def _pack_blocks(blocks: tuple[Block, ...]) -> tuple[bytes, bytes]:
    """Blocks as bytes: a kind code a block, and their starts, ends and levels."""
    kinds = bytes(_BLOCK_KIND_CODES[b.kind] for b in blocks)
    numbers = array("q", chain.from_iterable((b.start, b.end, b.level) for b in blocks))
    return kinds, numbers.tobytes()


def _unpickle_article(
    path: Path,
    text: str,
    kinds: bytes,
    numbers: bytes,
    repairs: tuple[Repair, ...],
    plain_lines: tuple[int, ...],
    mojibake_stopped: int | None,
) -> Article:
    """The :class:`Article` that :meth:`Article.__reduce__` packed."""
    values = array("q")
    values.frombytes(numbers)
    block_kinds = map(_BLOCK_KINDS.__getitem__, kinds)
    blocks = tuple(map(Block, block_kinds, values[0::3], values[1::3], values[2::3]))
    return Article(path, text, blocks, repairs, plain_lines, mojibake_stopped)


@dataclass(frozen=True)
class ArticleMeta:
    """Metadata about the article, from the positions file."""

    file: str
    title: str | None = None
    source: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Topic:
    """A question the parties take positions on; file order is row order everywhere."""

    id: str
    title: str
    question: str | None = None


@dataclass(frozen=True)
class Quote:
    """A verbatim quote, anchored to one or more spans (several when elided).

    In a preview Document (``Document.linked`` false) no quote is anchored yet and
    ``spans`` is empty: check :attr:`linked` before using :attr:`start` or :attr:`end`.
    """

    text: str
    spans: tuple[Span, ...]
    speaker: str | None = None
    kind: QuoteKind = QuoteKind.DIRECT
    occurrence: int | None = None
    loc: SourceLoc | None = field(default=None, compare=False)

    @property
    def linked(self) -> bool:
        """Whether the quote is anchored (false only in a preview Document)."""
        return bool(self.spans)

    @property
    def start(self) -> int:
        """Start of the first span."""
        return self.spans[0].start

    @property
    def end(self) -> int:
        """End of the last span."""
        return self.spans[-1].end


@dataclass(frozen=True)
class Position:
    """One party's stated position on one topic."""

    party_id: str
    topic_id: str
    stance: Stance
    summary: str
    quotes: tuple[Quote, ...]
    basis: Basis = Basis.STATED
    """How the stance is known; the loader fills it in when the file leaves it out
    (``stated`` if the position has a direct quote, else ``reported``)."""
    loc: SourceLoc | None = field(default=None, compare=False)
    """Where the position's mapping starts in the positions file."""
    basis_loc: SourceLoc | None = field(default=None, compare=False)
    """Where the file gives ``basis:`` (its value), or ``None`` when it leaves it out."""


@dataclass(frozen=True)
class Party:
    """A party to the conflict; file order is pane order everywhere."""

    id: str
    name: str
    color: str | None = None
    speakers: tuple[str, ...] = ()
    positions: tuple[Position, ...] = ()
    """This party's positions, in topic order (silences are absent)."""
    speaker_locs: tuple[SourceLoc, ...] = field(default=(), compare=False)
    """Where each of ``speakers`` is given in the positions file (empty when unknown)."""

    def position_on(self, topic_id: str) -> Position | None:
        """This party's position on ``topic_id``, or ``None`` for a silence."""
        return self._by_topic.get(topic_id)

    @cached_property
    def _by_topic(self) -> dict[str, Position]:
        """Positions by topic id, built on first use (a look-up per cell stays O(1))."""
        return {position.topic_id: position for position in self.positions}


@dataclass(frozen=True)
class Document:
    """A loaded positions file with its article: everything the app and exports need."""

    path: Path
    meta: ArticleMeta
    article: Article
    topics: tuple[Topic, ...]
    parties: tuple[Party, ...]
    linked: bool = True
    """False for a preview (:meth:`positions.loader.Pending.preview`), shown while a large
    file is linked: its article is only the top of the text, and no quote is anchored
    (every ``Quote.spans`` is empty).  Exports and ``check`` only ever see linked ones."""

    def topic(self, topic_id: str) -> Topic:
        """The topic with ``topic_id`` (``KeyError`` if there is none)."""
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)

    def party(self, party_id: str) -> Party:
        """The party with ``party_id`` (``KeyError`` if there is none)."""
        for party in self.parties:
            if party.id == party_id:
                return party
        raise KeyError(party_id)

    @property
    def headline(self) -> str | None:
        """The article's own headline, verbatim from the positions file, or ``None``."""
        return self.meta.title

    @property
    def byline(self) -> str:
        """``author · source · date``, the parts the positions file gives (may be empty)."""
        meta = self.meta
        return " · ".join(part for part in (meta.author, meta.source, meta.date) if part)

    @property
    def opening(self) -> str:
        """The first words of the article's prose in quotation marks (``“…”``), cut with
        ``…``: the byline and dateline lines a report starts with are skipped (they repeat
        what :attr:`byline` says); empty when the article has no text (or, in a preview,
        none parsed yet)."""
        words = _prose_start(self.article.text[: OPENING_WORDS * 400]).split()
        if not words:
            return ""
        shown = " ".join(words[:OPENING_WORDS])
        more = len(words) > OPENING_WORDS or len(shown) > OPENING_CHARS
        shown = shown[:OPENING_CHARS].rstrip()
        return f"\u201c{shown}{'…' if more else ''}\u201d"

    @property
    def title(self) -> str:
        """What names the article in every view and export: its headline when the file
        gives one; else ``No headline · author · source · date · “first words…”``, which
        says itself that it is not the article's headline (the file name when there is
        nothing else)."""
        if self.meta.title:
            return self.meta.title
        parts = [part for part in (self.byline, self.opening) if part]
        return " · ".join([NO_HEADLINE, *parts]) if parts else self.article.path.name

    def all_quotes(self) -> list[tuple[Party, Position, Quote]]:
        """Every quote with its party and position, in party, topic, file order."""
        return [
            (party, position, quote)
            for party in self.parties
            for position in party.positions
            for quote in position.quotes
        ]


@dataclass(frozen=True)
class Loaded:
    """A successfully loaded positions file and the warnings it raised."""

    document: Document
    warnings: list[Diagnostic]
