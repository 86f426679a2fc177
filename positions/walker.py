"""The positions format (version 1): a composed YAML tree to topics and raw parties.

:class:`Walker` checks every key and value of the format and gathers the parties with
their positions and quotes, not anchored yet (:class:`RawParty`); anchoring them in the
article is :mod:`positions.loader`'s part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import partial

from yaml.nodes import MappingNode, Node, ScalarNode

from positions.colors import normalize_color
from positions.limits import (
    MAX_PARTIES,
    MAX_QUOTES,
    MAX_TOPICS,
    refuse_too_many,
    too_many_message,
)
from positions.model import ArticleMeta, Basis, QuoteKind, Stance, Topic
from positions.nodes import (
    TAG_STR,
    TAG_TIMESTAMP,
    Invalid,
    NodeReader,
    did_you_mean,
    is_blank,
)
from positions.text import clean_text

__all__ = [
    "FORMAT_VERSION",
    "MAX_PARTIES",
    "MAX_QUOTES",
    "MAX_TOPICS",
    "TOP_KEYS",
    "RawParty",
    "RawPosition",
    "RawQuote",
    "Walker",
    "refuse_too_many",
]

#: The only format version this release reads.
FORMAT_VERSION = 1

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

#: The keys of a positions file itself.
TOP_KEYS = ("version", "article", "topics", "parties")
_ARTICLE_KEYS = ("file", "title", "source", "author", "date", "url")
_TOPIC_KEYS = ("title", "question")
_PARTY_KEYS = ("name", "color", "speakers", "positions")
_POSITION_KEYS = ("stance", "summary", "quotes")
_POSITION_OPTIONAL = ("basis",)
_QUOTE_KEYS = ("text", "speaker", "kind", "occurrence")


class Walker(NodeReader):
    """Turns a composed YAML node tree into topics and raw parties, recording diagnostics."""

    quotes_read = 0
    """Quotes met so far (each walker reads one file)."""

    def walk(self, root: Node) -> tuple[ArticleMeta, Node, list[Topic], list[RawParty]] | None:
        """Validate the whole file; ``None`` when its skeleton is unusable."""
        entries = self.mapping(root, "the positions file", TOP_KEYS)
        found = self.required(root, entries, TOP_KEYS, "the positions file")
        if "version" in found:
            version = self.guarded(lambda: self.integer(found["version"], "version"))
            if version is not None and version != FORMAT_VERSION:
                self.error(
                    found["version"],
                    f"version {version} is not supported (this release reads version "
                    f"{FORMAT_VERSION})",
                )
        meta = (
            self.guarded(lambda: self.article_meta(found["article"]))
            if "article" in found
            else None
        )
        too_many = [
            self.too_many(found[key], key, limit)
            for key, limit in (("topics", MAX_TOPICS), ("parties", MAX_PARTIES))
            if key in found
        ]
        if any(too_many):
            return None  # refused before reading either list
        topics = self.guarded(lambda: self.topics(found["topics"])) if "topics" in found else None
        # Every topic id given, even of a topic that has errors, so that positions on it are
        # still checked rather than reported as unknown; its value is the topic's row.
        topics_node = found.get("topics")
        topic_ids: dict[str, int] = {}
        for k, _ in topics_node.value if isinstance(topics_node, MappingNode) else []:
            if isinstance(k, ScalarNode):
                topic_ids.setdefault(k.value, len(topic_ids))
        parties = (
            self.guarded(
                lambda: self.parties(
                    found["parties"], topic_ids if isinstance(topics_node, MappingNode) else None
                )
            )
            if "parties" in found
            else None
        )
        if meta is None or topics is None or parties is None:
            return None
        return meta, found["article"], topics, parties

    def too_many(self, node: Node, what: str, limit: int) -> bool:
        """Whether the ``what`` mapping holds over ``limit`` entries (an error at the
        first one past the limit): checked before any entry is read."""
        if not isinstance(node, MappingNode) or len(node.value) <= limit:
            return False
        self.error(node.value[limit][0], too_many_message(what, limit, len(node.value)))
        return True

    def too_many_quotes(self, node: Node) -> bool:
        """Count one more quote; past :data:`MAX_QUOTES` it is an error (at the first one
        past the limit) and no further quote is read."""
        self.quotes_read += 1
        if self.quotes_read == MAX_QUOTES + 1:
            self.error(node, too_many_message("quotes", MAX_QUOTES))
        return self.quotes_read > MAX_QUOTES

    def article_meta(self, node: Node) -> ArticleMeta:
        """The ``article:`` mapping."""
        entries = self.mapping(node, "article", _ARTICLE_KEYS)
        found = self.required(node, entries, ("file",), "article")
        values: dict[str, str | None] = {}
        for key in _ARTICLE_KEYS:
            if key not in found:
                values[key] = None
            elif key == "date":
                values[key] = self.guarded(lambda: self.date(found["date"]))
            else:
                values[key] = self.optional_text(found, key, f"article {key}")
        if values["file"] is None:
            raise Invalid
        return ArticleMeta(
            file=values["file"],
            title=values["title"],
            source=values["source"],
            author=values["author"],
            date=values["date"],
            url=values["url"],
        )

    def date(self, node: Node) -> str:
        """An ISO date (``2025-03-13``), given bare or quoted."""
        self._check_node(node, "article date")
        value = node.value if isinstance(node, ScalarNode) else None
        if not isinstance(value, str) or node.tag not in (TAG_STR, TAG_TIMESTAMP):
            self.error(
                node,
                f"article date must be an ISO date such as 2025-03-13, not {self._type_name(node)}",
            )
            raise Invalid
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            self.error(
                node, f'article date "{clean_text(value)}" is not an ISO date such as 2025-03-13'
            )
            raise Invalid from None

    def ident(self, key: str, key_node: ScalarNode, what: str) -> str:
        """A topic or party id: letters, digits, ``-``, ``_`` and ``.``."""
        foreign = next((c for c in key if not c.isascii()), None)
        if foreign is not None and foreign.isalnum():
            self.error(
                key_node,
                f'{what} id "{clean_text(key)}" holds "{clean_text(foreign)}", which is not '
                "ASCII; ids hold ASCII letters, digits, '-', '_' and '.'",
            )
            raise Invalid
        if not _ID_RE.fullmatch(key):
            self.error(
                key_node,
                f'{what} id "{clean_text(key)}" must start with a letter or digit and hold only '
                "letters, digits, '-', '_' and '.'",
            )
            raise Invalid
        return key

    def topics(self, node: Node) -> list[Topic]:
        """The ``topics:`` mapping, in file order."""
        entries = self.mapping(node, "topics")  # none yet is fine: a new file (``new``)
        found = (self.guarded(partial(self.topic, k, kn, v)) for k, kn, v in entries)
        return [topic for topic in found if topic is not None]

    def topic(self, key: str, key_node: ScalarNode, node: Node) -> Topic:
        """One topic."""
        topic_id = self.ident(key, key_node, "topic")
        what = f'topic "{topic_id}"'
        entries = self.mapping(node, what, _TOPIC_KEYS)
        found = self.required(node, entries, ("title",), what)
        title = self.optional_text(found, "title", f"{what} title")
        question = self.optional_text(found, "question", f"{what} question")
        if title is None:
            raise Invalid
        return Topic(id=topic_id, title=title, question=question)

    def parties(self, node: Node, topic_ids: dict[str, int] | None) -> list[RawParty]:
        """The ``parties:`` mapping, in file order."""
        entries = self.mapping(node, "parties")  # none yet is fine: ``check`` notes it
        found = (self.guarded(partial(self.party, k, kn, v, topic_ids)) for k, kn, v in entries)
        return [party for party in found if party is not None]

    def party(
        self, key: str, key_node: ScalarNode, node: Node, topic_ids: dict[str, int] | None
    ) -> RawParty:
        """One party with its positions (quotes not yet anchored).

        ``topic_ids`` maps each topic id to its row; it is ``None`` when the topics could
        not be read: then references to topics are not checked (that would only repeat the
        topics' error).  Linear in the party's positions (no per-party work per topic).
        """
        topics_known = topic_ids is not None
        topic_ids = topic_ids or {}
        party_id = self.ident(key, key_node, "party")
        what = f'party "{party_id}"'
        entries = self.mapping(node, what, _PARTY_KEYS)
        found = self.required(node, entries, ("name",), what)
        name = self.optional_text(found, "name", f"{what} name")
        color = self.color(found["color"], what) if "color" in found else None
        speakers: list[str] = []
        speaker_nodes: list[Node] = []
        if "speakers" in found:
            items = self.guarded(lambda: self.sequence(found["speakers"], f"{what} speakers")) or []
            for index, item in enumerate(items):
                speaker = self.optional_text({"s": item}, "s", f"{what} speaker {index + 1}")
                if speaker is not None:
                    speakers.append(speaker)
                    speaker_nodes.append(item)
        positions: list[RawPosition] = []
        if "positions" in found:
            pos_entries = (
                self.guarded(lambda: self.mapping(found["positions"], f"{what} positions")) or []
            )
            for topic_id, topic_key, value in pos_entries:
                if topics_known and topic_id not in topic_ids:
                    self.error(
                        topic_key,
                        f'{what}: unknown topic "{clean_text(topic_id)}"'
                        f"{did_you_mean(topic_id, list(topic_ids))}",
                    )
                    continue
                position = self.guarded(partial(self.position, party_id, topic_id, value))
                if position is not None:
                    positions.append(position)
        last = len(topic_ids)  # a topic not among the topics (they had errors) sorts last
        positions.sort(key=lambda p: topic_ids.get(p.topic_id, last))
        return RawParty(
            party_id, name, color, tuple(speakers), positions, node, tuple(speaker_nodes)
        )

    def color(self, node: Node, what: str) -> str | None:
        """A party colour as ``#rrggbb``; one that is not a colour is a warning, and the
        party gets none (the palette's), so its text never reaches the model."""
        given = self.guarded(lambda: self.text(node, f"{what} color"))
        if given is None:
            return None
        normal = normalize_color(given)
        if normal is None:
            shown = given if len(given) <= 40 else given[:39] + "…"
            self.warning(
                node,
                f'{what} color "{shown}" is not a colour (use #rrggbb, #rgb, a CSS colour '
                "name, rgb(...) or hsl(...)); the palette colour is used",
            )
        return normal

    def position(self, party_id: str, topic_id: str, node: Node) -> RawPosition:
        """One party's position on one topic."""
        what = f'position of "{party_id}" on "{topic_id}"'
        entries = self.mapping(node, what, _POSITION_KEYS + _POSITION_OPTIONAL)
        found = self.required(node, entries, _POSITION_KEYS, what)
        stance = (
            self.guarded(lambda: self.stance(found["stance"], what)) if "stance" in found else None
        )
        basis = (
            self.guarded(lambda: self.basis(found["basis"], what)) if "basis" in found else None
        )
        summary = (
            self.guarded(lambda: self.text(found["summary"], f"{what}: summary", required=False))
            if "summary" in found
            else None
        )
        if summary is not None and is_blank(summary):
            # Coding a quote in the reader may leave it for later: a warning, not an error.
            self.warning(found["summary"], f"{what}: summary is empty; say what the party holds")
            summary = ""
        quotes: list[RawQuote] = []
        if "quotes" in found:
            items = self.guarded(lambda: self.sequence(found["quotes"], f"{what}: quotes"))
            if items is not None and not items:
                self.error(found["quotes"], f"{what}: quotes must hold at least one quote")
            for index, item in enumerate(items or [], start=1):
                if self.too_many_quotes(item):
                    break
                quote = self.guarded(partial(self.quote, item, f"{what}, quote {index}"))
                if quote is not None:
                    quotes.append(quote)
        # An invalid position is kept (its errors are recorded) so its quotes are still
        # anchored and every error is reported in one run.
        return RawPosition(
            party_id, topic_id, stance, summary, quotes, basis, found.get("basis"), node
        )

    def basis(self, node: Node, what: str) -> Basis:
        """An evidence basis word from the vocabulary."""
        value = self.text(node, f"{what}: basis")
        choices = tuple(b.value for b in Basis)
        try:
            return Basis(value)
        except ValueError:
            self.error(
                node,
                f'{what}: basis "{value}" is not one of {", ".join(choices)}'
                f"{did_you_mean(value, choices)}",
            )
            raise Invalid from None

    def stance(self, node: Node, what: str) -> Stance:
        """A stance word from the vocabulary."""
        value = self.text(node, f"{what}: stance")
        choices = tuple(s.value for s in Stance)
        try:
            return Stance(value)
        except ValueError:
            self.error(
                node,
                f'{what}: stance "{value}" is not one of {", ".join(choices)}'
                f"{did_you_mean(value, choices)}",
            )
            raise Invalid from None

    def quote(self, node: Node, what: str) -> RawQuote:
        """One quote (not yet anchored)."""
        entries = self.mapping(node, what, _QUOTE_KEYS)
        found = self.required(node, entries, ("text",), what)
        text = self.optional_text(found, "text", f"{what}: text")
        speaker = self.optional_text(found, "speaker", f"{what}: speaker")
        kind = QuoteKind.DIRECT
        if "kind" in found:
            kind_text = self.optional_text(found, "kind", f"{what}: kind")
            choices = tuple(k.value for k in QuoteKind)
            if kind_text is not None and kind_text not in choices:
                self.error(
                    found["kind"],
                    f'{what}: kind "{kind_text}" is not one of {", ".join(choices)}'
                    f"{did_you_mean(kind_text, choices)}",
                )
            elif kind_text is not None:
                kind = QuoteKind(kind_text)
        occurrence = None
        if "occurrence" in found:
            occurrence = self.guarded(
                lambda: self.integer(found["occurrence"], f"{what}: occurrence")
            )
            if occurrence is not None and occurrence < 1:
                self.error(
                    found["occurrence"],
                    f"{what}: occurrence must be 1 or more (1 is the first match), "
                    f"not {occurrence}",
                )
                occurrence = None
        if text is None:
            raise Invalid
        text_node = found["text"]
        return RawQuote(text, speaker, kind, occurrence, found.get("occurrence"), text_node)


@dataclass
class RawQuote:
    """A quote as written, not anchored yet."""

    text: str
    speaker: str | None
    kind: QuoteKind
    occurrence: int | None
    occurrence_node: Node | None
    node: Node


@dataclass
class RawPosition:
    """A position as written; ``None`` fields had errors (recorded)."""

    party_id: str
    topic_id: str
    stance: Stance | None
    summary: str | None
    quotes: list[RawQuote]
    basis: Basis | None = None
    """As written; ``None`` when left out (the loader supplies the default)."""
    basis_node: Node | None = None
    node: Node | None = None


@dataclass
class RawParty:
    """A party as written, with its positions; ``None`` fields had errors (recorded)."""

    id: str
    name: str | None
    color: str | None
    speakers: tuple[str, ...]
    positions: list[RawPosition]
    node: Node
    speaker_nodes: tuple[Node, ...] = ()
    """The node of each of ``speakers``, in the same order (for warnings about one)."""
