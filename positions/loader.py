"""Loading a positions file: YAML (safe, with line numbers), validation, article, anchoring.

Every problem becomes a :class:`~positions.diagnostics.Diagnostic` that points at the
offending YAML node; loading goes on after an error wherever it can, so that one run reports
every error, not only the first.

Loading runs in two stages, so that a reader can show a large file before its quotes are
anchored:

* :func:`open_positions` reads and validates the YAML and reads the article file (every
  check that needs no parsing of the article) and returns a :class:`Pending`;
* :meth:`Pending.link` parses the article and anchors every quote (the slow part on a large
  article, reporting progress) and returns a :class:`Loaded`.

:func:`load_document` does both.  :meth:`Pending.preview` builds, in a few milliseconds, a
Document of the top of the article with no quote anchored, to show while linking runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

import seeds
from positions.anchor import Anchorer
from positions.article import ArticleError, parse_article, read_article
from positions.diagnostics import Diagnostic, LoadError, Severity
from positions.model import (
    Article,
    ArticleMeta,
    Document,
    Loaded,
    Party,
    Position,
    Quote,
    QuoteKind,
    SourceLoc,
    Stance,
    Topic,
)
from positions.text import clean_text

__all__ = [
    "FORMAT_VERSION",
    "MAX_POSITIONS_BYTES",
    "PREVIEW_CHARS",
    "PROGRESS_EVERY",
    "SEED_DIR",
    "SEED_POSITIONS",
    "LoadError",
    "Loaded",
    "Pending",
    "Progress",
    "load_document",
    "open_positions",
]

#: The bundled seed: the default positions file, opened like any other.  (A plain package
#: directory: ``importlib.resources`` would cost more to import than the seed to load.)
SEED_DIR = seeds.SEED_DIR
SEED_POSITIONS = seeds.SEED_POSITIONS

#: The only format version this release reads.
FORMAT_VERSION = 1

#: Positions files larger than this are refused before parsing.
MAX_POSITIONS_BYTES = 8 * 1024 * 1024

#: How much of the article (characters) :meth:`Pending.preview` parses.
PREVIEW_CHARS = 64 * 1024

#: :meth:`Pending.link` reports progress after every this many quotes.
PROGRESS_EVERY = 100

#: A progress callback: ``(quotes anchored so far, quotes in all)``.
Progress = Callable[[int, int], None]

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_YAML_TAG = "tag:yaml.org,2002:"
_STR, _INT, _BOOL, _NULL = (_YAML_TAG + t for t in ("str", "int", "bool", "null"))
_FLOAT, _TIMESTAMP = _YAML_TAG + "float", _YAML_TAG + "timestamp"
_SEQ, _MAP = _YAML_TAG + "seq", _YAML_TAG + "map"
_ALLOWED_TAGS = {_STR, _INT, _BOOL, _NULL, _FLOAT, _TIMESTAMP, _SEQ, _MAP}
_TYPE_NAMES = {
    _STR: "text",
    _INT: "a number",
    _FLOAT: "a number",
    _BOOL: "true/false",
    _NULL: "nothing (null)",
    _TIMESTAMP: "a date",
    _SEQ: "a list",
    _MAP: "a mapping",
}

_TOP_KEYS = ("version", "article", "topics", "parties")
_ARTICLE_KEYS = ("file", "title", "source", "author", "date", "url")
_TOPIC_KEYS = ("title", "question")
_PARTY_KEYS = ("name", "color", "speakers", "positions")
_POSITION_KEYS = ("stance", "summary", "quotes")
_QUOTE_KEYS = ("text", "speaker", "kind", "occurrence")

if TYPE_CHECKING:
    from yaml._yaml import Mark as _CMark  # the C parser's marks

T = TypeVar("T")


class _Invalid(Exception):
    """Raised inside the walker to abandon one node after its error was recorded."""


def _did_you_mean(word: str, choices: tuple[str, ...] | list[str]) -> str:
    import difflib  # only for errors

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""


class _Walker:
    """Turns a composed YAML node tree into a Document, recording diagnostics as it goes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self._seen: set[int] = set()

    # -- diagnostics --------------------------------------------------------------------

    def _add(self, node: Node | None, severity: Severity, message: str) -> None:
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        self.diagnostics.append(Diagnostic(self.path, line, col, severity, message))

    def error(self, node: Node | None, message: str) -> None:
        """Record an error at ``node``."""
        self._add(node, Severity.ERROR, message)

    def warning(self, node: Node | None, message: str) -> None:
        """Record a warning at ``node``."""
        self._add(node, Severity.WARNING, message)

    @property
    def failed(self) -> bool:
        """Whether any error has been recorded."""
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    # -- typed access -------------------------------------------------------------------

    def _check_node(self, node: Node, what: str) -> None:
        if id(node) in self._seen:
            # The composer shares one node between an anchor and its aliases.
            self.error(node, f"{what}: YAML aliases (*name) are not supported in positions files")
            raise _Invalid
        self._seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            tag = node.tag.replace(_YAML_TAG, "!!")
            self.error(node, f"{what}: the tag {tag} is not allowed (plain YAML values only)")
            raise _Invalid

    def _type_name(self, node: Node) -> str:
        return _TYPE_NAMES.get(node.tag, node.tag)

    def mapping(
        self, node: Node, what: str, allowed: tuple[str, ...] | None = None
    ) -> list[tuple[str, ScalarNode, Node]]:
        """The entries of a mapping node, in order, after checking keys.

        Duplicate keys are errors (PyYAML would silently keep the last one); so are keys that
        are not text, and, when ``allowed`` is given, keys not in it.
        """
        self._check_node(node, what)
        if not isinstance(node, MappingNode):
            self.error(
                node, f"{what} must be a mapping (key: value lines), not {self._type_name(node)}"
            )
            raise _Invalid
        entries: list[tuple[str, ScalarNode, Node]] = []
        seen: dict[str, ScalarNode] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in (_STR, _INT):
                self.error(key_node, f"{what}: keys must be plain names")
                continue
            key = key_node.value
            if key in seen:
                first = seen[key].start_mark.line + 1
                self.error(key_node, f'{what}: duplicate key "{key}" (first given on line {first})')
                continue
            seen[key] = key_node
            if allowed is not None and key not in allowed:
                expected = ", ".join(allowed)
                self.error(
                    key_node,
                    f'{what}: unknown key "{key}"{_did_you_mean(key, allowed)}'
                    f" (expected: {expected})",
                )
                continue
            entries.append((key, key_node, value_node))
        return entries

    def sequence(self, node: Node, what: str) -> list[Node]:
        """The items of a sequence node."""
        self._check_node(node, what)
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} must be a list, not {self._type_name(node)}")
            raise _Invalid
        return list(node.value)

    def text(self, node: Node, what: str, *, required: bool = True) -> str:
        """A text scalar, cleaned of control characters; empty text is an error if required."""
        self._check_node(node, what)
        if not isinstance(node, ScalarNode) or node.tag != _STR:
            quotable = isinstance(node, ScalarNode) and node.tag in (
                _INT,
                _FLOAT,
                _BOOL,
                _TIMESTAMP,
            )
            hint = " (put it in quotes)" if quotable else ""
            self.error(node, f"{what} must be text, not {self._type_name(node)}{hint}")
            raise _Invalid
        value = clean_text(node.value).strip()
        if not value and required:
            self.error(node, f"{what} must not be empty")
            raise _Invalid
        return value

    def integer(self, node: Node, what: str) -> int:
        """A whole-number scalar."""
        self._check_node(node, what)
        if not isinstance(node, ScalarNode) or node.tag != _INT:
            self.error(node, f"{what} must be a whole number, not {self._type_name(node)}")
            raise _Invalid
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:
            self.error(node, f"{what} must be a whole number")
            raise _Invalid from None

    def guarded(self, fn: Callable[[], T]) -> T | None:
        """Run ``fn``; an error it recorded abandons only that part (returns ``None``)."""
        try:
            return fn()
        except _Invalid:
            return None

    def optional_text(self, found: dict[str, Node], key: str, what: str) -> str | None:
        """``found[key]`` as text, or ``None`` when it is absent or invalid (error recorded)."""
        if key not in found:
            return None
        try:
            return self.text(found[key], what)
        except _Invalid:
            return None

    # -- the format ---------------------------------------------------------------------

    def required(
        self,
        parent: Node,
        entries: list[tuple[str, ScalarNode, Node]],
        keys: tuple[str, ...],
        what: str,
    ) -> dict[str, Node]:
        """Entries as a dict; every key in ``keys`` that is missing is an error at ``parent``."""
        found = {key: value for key, _, value in entries}
        for key in keys:
            if key not in found:
                self.error(parent, f'{what}: missing required key "{key}"')
        return found

    def walk(self, root: Node) -> tuple[ArticleMeta, Node, list[Topic], list[_RawParty]] | None:
        """Validate the whole file; ``None`` when its skeleton is unusable."""
        entries = self.mapping(root, "the positions file", _TOP_KEYS)
        found = self.required(root, entries, _TOP_KEYS, "the positions file")
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
        topics = self.guarded(lambda: self.topics(found["topics"])) if "topics" in found else None
        # Every topic id given, even of a topic that has errors, so that positions on it are
        # still checked rather than reported as unknown.
        topics_node = found.get("topics")
        topic_ids = [
            k.value
            for k, _ in (topics_node.value if isinstance(topics_node, MappingNode) else [])
            if isinstance(k, ScalarNode)
        ]
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
            raise _Invalid
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
        if not isinstance(value, str) or node.tag not in (_STR, _TIMESTAMP):
            self.error(
                node,
                f"article date must be an ISO date such as 2025-03-13, not {self._type_name(node)}",
            )
            raise _Invalid
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            self.error(
                node, f'article date "{clean_text(value)}" is not an ISO date such as 2025-03-13'
            )
            raise _Invalid from None

    def ident(self, key: str, key_node: ScalarNode, what: str) -> str:
        """A topic or party id: letters, digits, ``-``, ``_`` and ``.``."""
        if not _ID_RE.match(key):
            self.error(
                key_node,
                f'{what} id "{clean_text(key)}" must start with a letter or digit and hold only '
                "letters, digits, '-', '_' and '.'",
            )
            raise _Invalid
        return key

    def topics(self, node: Node) -> list[Topic]:
        """The ``topics:`` mapping, in file order."""
        entries = self.mapping(node, "topics")
        if not entries:
            self.error(node, "topics must list at least one topic")
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
            raise _Invalid
        return Topic(id=topic_id, title=title, question=question)

    def parties(self, node: Node, topic_ids: list[str] | None) -> list[_RawParty]:
        """The ``parties:`` mapping, in file order."""
        entries = self.mapping(node, "parties")
        if not entries:
            self.error(node, "parties must list at least one party")
        found = (self.guarded(partial(self.party, k, kn, v, topic_ids)) for k, kn, v in entries)
        return [party for party in found if party is not None]

    def party(
        self, key: str, key_node: ScalarNode, node: Node, topic_ids: list[str] | None
    ) -> _RawParty:
        """One party with its positions (quotes not yet anchored).

        ``topic_ids`` is ``None`` when the topics could not be read: then references to
        topics are not checked (that would only repeat the topics' error).
        """
        topics_known = topic_ids is not None
        topic_ids = topic_ids or []
        party_id = self.ident(key, key_node, "party")
        what = f'party "{party_id}"'
        entries = self.mapping(node, what, _PARTY_KEYS)
        found = self.required(node, entries, ("name",), what)
        name = self.optional_text(found, "name", f"{what} name")
        color = self.optional_text(found, "color", f"{what} color")
        speakers: list[str] = []
        if "speakers" in found:
            items = self.guarded(lambda: self.sequence(found["speakers"], f"{what} speakers")) or []
            for index, item in enumerate(items):
                speaker = self.optional_text({"s": item}, "s", f"{what} speaker {index + 1}")
                if speaker is not None:
                    speakers.append(speaker)
        positions: list[_RawPosition] = []
        if "positions" in found:
            pos_entries = (
                self.guarded(lambda: self.mapping(found["positions"], f"{what} positions")) or []
            )
            for topic_id, topic_key, value in pos_entries:
                if topics_known and topic_id not in topic_ids:
                    self.error(
                        topic_key,
                        f'{what}: unknown topic "{clean_text(topic_id)}"'
                        f"{_did_you_mean(topic_id, topic_ids)}",
                    )
                    continue
                position = self.guarded(partial(self.position, party_id, topic_id, value))
                if position is not None:
                    positions.append(position)
        order = {t: i for i, t in enumerate(topic_ids)}
        order.update({p.topic_id: len(order) for p in positions if p.topic_id not in order})
        positions.sort(key=lambda p: order[p.topic_id])
        return _RawParty(party_id, name, color, tuple(speakers), positions, node)

    def position(self, party_id: str, topic_id: str, node: Node) -> _RawPosition:
        """One party's position on one topic."""
        what = f'position of "{party_id}" on "{topic_id}"'
        entries = self.mapping(node, what, _POSITION_KEYS)
        found = self.required(node, entries, _POSITION_KEYS, what)
        stance = (
            self.guarded(lambda: self.stance(found["stance"], what)) if "stance" in found else None
        )
        summary = self.optional_text(found, "summary", f"{what}: summary")
        quotes: list[_RawQuote] = []
        if "quotes" in found:
            items = self.guarded(lambda: self.sequence(found["quotes"], f"{what}: quotes"))
            if items is not None and not items:
                self.error(found["quotes"], f"{what}: quotes must hold at least one quote")
            for index, item in enumerate(items or [], start=1):
                quote = self.guarded(partial(self.quote, item, f"{what}, quote {index}"))
                if quote is not None:
                    quotes.append(quote)
        # An invalid position is kept (its errors are recorded) so its quotes are still
        # anchored and every error is reported in one run.
        return _RawPosition(party_id, topic_id, stance, summary, quotes)

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
                f"{_did_you_mean(value, choices)}",
            )
            raise _Invalid from None

    def quote(self, node: Node, what: str) -> _RawQuote:
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
                    f"{_did_you_mean(kind_text, choices)}",
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
            raise _Invalid
        text_node = found["text"]
        return _RawQuote(text, speaker, kind, occurrence, found.get("occurrence"), text_node)


@dataclass
class _RawQuote:
    text: str
    speaker: str | None
    kind: QuoteKind
    occurrence: int | None
    occurrence_node: Node | None
    node: Node


@dataclass
class _RawPosition:
    party_id: str
    topic_id: str
    stance: Stance | None
    summary: str | None
    quotes: list[_RawQuote]


@dataclass
class _RawParty:
    id: str
    name: str | None
    color: str | None
    speakers: tuple[str, ...]
    positions: list[_RawPosition]
    node: Node


def _read_yaml_text(path: Path) -> str:
    """The positions file's text; ``LoadError`` with one diagnostic when it can't be read."""

    def fail(message: str) -> LoadError:
        return _error_at(path, 1, 1, message)

    try:
        if path.is_dir():
            raise fail("is a directory, not a positions file")
        size = path.stat().st_size
        if size > MAX_POSITIONS_BYTES:
            raise fail(
                f"positions file is {size / 1e6:.1f} MB; the limit is "
                f"{MAX_POSITIONS_BYTES // (1024 * 1024)} MB"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("permission denied: cannot read the positions file") from None
    except OSError as exc:
        raise fail(f"cannot read the positions file: {exc.strerror or exc}") from None
    if b"\0" in data:
        raise fail("this is a binary file, not a YAML positions file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _error_at(
            path,
            line,
            col,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8",
        ) from None
    return text


def _error_at(path: Path, line: int, col: int, message: str) -> LoadError:
    """A :class:`LoadError` holding one error at ``line``:``col`` of ``path``."""
    return LoadError([Diagnostic(path, line, col, Severity.ERROR, message)])


def _position(mark: yaml.Mark | _CMark | None) -> tuple[int, int]:
    """1-based line and column of a YAML mark (1, 1 when there is none)."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _compose(path: Path, text: str) -> Node:
    """Parse YAML text into a node tree with the safe (C) loader, or raise ``LoadError``."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        if "*" in text:
            # Aliases are refused where they stand, before anything could expand them.
            for event in yaml.parse(text, Loader=loader):
                if isinstance(event, yaml.AliasEvent):
                    line, col = _position(event.start_mark)
                    raise _error_at(
                        path,
                        line,
                        col,
                        "YAML aliases (*name) are not supported in positions files; "
                        "write the value out",
                    )
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        line, col = _position(exc.problem_mark or exc.context_mark)
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        if problem.startswith("but found another document"):
            problem, context = "the file holds more than one YAML document ('---')", ""
        else:
            row = text.splitlines()[line - 1 : line]
            if row and "\t" in row[0][:col]:
                context += "; YAML indents with spaces, not tabs"
        raise _error_at(path, line, col, f"YAML syntax: {problem}{context}") from None
    except yaml.YAMLError as exc:
        raise _error_at(path, 1, 1, f"YAML: {exc}") from None
    if root is None:
        raise _error_at(path, 1, 1, "the positions file is empty")
    return root


def _loc(node: Node) -> SourceLoc:
    return SourceLoc(node.start_mark.line + 1, node.start_mark.column + 1)


def _count_quotes(parties: Iterable[_RawParty]) -> int:
    return sum(len(rp.quotes) for raw in parties for rp in raw.positions)


def _anchor_quotes(
    walker: _Walker,
    article: Article,
    parties: Iterable[_RawParty],
    progress: Progress | None = None,
) -> Iterator[Party]:
    """Anchor every quote in the article; unanchored quotes are errors at their text.

    ``progress(done, total)`` is called before the first quote, after every
    :data:`PROGRESS_EVERY` quotes and after the last.
    """
    parties = list(parties)
    total = _count_quotes(parties)
    done = 0
    if progress is not None:
        progress(0, total)
    anchorer = Anchorer(article.text)
    for raw in parties:
        positions = []
        for raw_position in raw.positions:
            quotes = []
            for rq in raw_position.quotes:
                done += 1
                if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                    progress(done, total)
                result = anchorer.find(rq.text, rq.occurrence)
                if result.spans is None:
                    node = rq.occurrence_node if result.matches and rq.occurrence_node else rq.node
                    walker.error(node, result.error or "quote not found in the article")
                    continue
                if result.matches > 1 and rq.occurrence is None:
                    walker.warning(
                        rq.node,
                        f"quote appears {result.matches} times in the article; linked to the "
                        "first (add occurrence: N to choose another)",
                    )
                if rq.speaker and raw.speakers and rq.speaker not in raw.speakers:
                    walker.warning(
                        rq.node,
                        f'speaker "{rq.speaker}" is not among party "{raw.id}" speakers'
                        f"{_did_you_mean(rq.speaker, raw.speakers)}",
                    )
                quotes.append(
                    Quote(
                        text=rq.text,
                        spans=result.spans,
                        speaker=rq.speaker,
                        kind=rq.kind,
                        occurrence=rq.occurrence,
                        loc=_loc(rq.node),
                    )
                )
            if raw_position.stance is None or raw_position.summary is None or not quotes:
                continue  # its errors are recorded; the document will not be built
            positions.append(
                Position(
                    party_id=raw.id,
                    topic_id=raw_position.topic_id,
                    stance=raw_position.stance,
                    summary=raw_position.summary,
                    quotes=tuple(quotes),
                )
            )
        if raw.name is None:
            continue
        yield Party(
            id=raw.id,
            name=raw.name,
            color=raw.color,
            speakers=raw.speakers,
            positions=tuple(positions),
        )


def _preview_article(raw: str, path: Path, max_chars: int) -> Article:
    """The top of the article: its first ``max_chars`` characters, cut at a blank line."""
    prefix = raw
    if len(raw) > max_chars:
        cut = raw.rfind("\n\n", 0, max_chars)
        if cut <= 0:
            cut = raw.rfind("\n", 0, max_chars)
        prefix = raw[: cut if cut > 0 else max_chars]
    try:
        return parse_article(prefix, path)
    except ArticleError:  # nothing readable at the top: linking will say so
        return Article(path=path, text="", blocks=())


@dataclass(frozen=True)
class Pending:
    """A positions file read and validated, with its article read: only linking is left.

    Made by :func:`open_positions`, which has already reported every error it could find
    without parsing the article.  :meth:`link` parses the article and anchors the quotes;
    :meth:`preview` shows the top of the article meanwhile.  Immutable: ``link`` may be
    called from a worker thread, and more than once.
    """

    path: Path
    """The positions file."""
    meta: ArticleMeta
    topics: tuple[Topic, ...]
    article_path: Path
    """The article file (``meta.file`` relative to the positions file)."""
    article_raw: str = field(repr=False)
    """The article as decoded from its file, before repairs and parsing."""
    strict: bool = False
    """Warnings count as errors (``check --strict``)."""
    _parties: tuple[_RawParty, ...] = field(default=(), repr=False)
    _file_node: Node | None = field(default=None, repr=False)
    _diagnostics: tuple[Diagnostic, ...] = field(default=(), repr=False)

    @property
    def article_chars(self) -> int:
        """Length of the article text as read (characters)."""
        return len(self.article_raw)

    @property
    def quote_count(self) -> int:
        """How many quotes :meth:`link` will anchor."""
        return _count_quotes(self._parties)

    def preview(self, max_chars: int = PREVIEW_CHARS) -> Document:
        """A Document to show before linking: ``Document.linked`` is false.

        Its article is the top ``max_chars`` characters of the article (cut at a blank
        line, parsed like the whole); parties, topics, stances, summaries and quote texts
        are all there, but no quote is anchored (every ``Quote.spans`` is empty).
        """
        parties = []
        for raw in self._parties:
            positions = tuple(
                Position(
                    party_id=raw.id,
                    topic_id=rp.topic_id,
                    stance=rp.stance,
                    summary=rp.summary,
                    quotes=tuple(
                        Quote(
                            text=rq.text,
                            spans=(),
                            speaker=rq.speaker,
                            kind=rq.kind,
                            occurrence=rq.occurrence,
                            loc=_loc(rq.node),
                        )
                        for rq in rp.quotes
                    ),
                )
                for rp in raw.positions
                if rp.stance is not None and rp.summary is not None and rp.quotes
            )
            if raw.name is not None:
                parties.append(Party(raw.id, raw.name, raw.color, raw.speakers, positions))
        return Document(
            path=self.path,
            meta=self.meta,
            article=_preview_article(self.article_raw, self.article_path, max_chars),
            topics=self.topics,
            parties=tuple(parties),
            linked=False,
        )

    def close(self) -> None:
        """Nothing to stop: linking runs in the caller's thread (see ``Linker``)."""

    def link(self, progress: Progress | None = None) -> Loaded:
        """Parse the article and anchor every quote: the loaded Document and its warnings.

        ``progress(done, total)`` is called with the number of quotes anchored so far:
        once the article is parsed (``done`` 0), after every :data:`PROGRESS_EVERY`
        quotes, and after the last.  Raises :class:`LoadError` holding every error (and
        the warnings met on the way), as :func:`load_document` does.
        """
        walker = _Walker(self.path)
        walker.diagnostics = list(self._diagnostics)
        try:
            article = parse_article(self.article_raw, self.article_path)
        except ArticleError as exc:
            walker.error(self._file_node, f"article {self.meta.file}: {exc}")
            raise LoadError(walker.diagnostics) from None
        parties = tuple(_anchor_quotes(walker, article, self._parties, progress))
        if self.strict:
            walker.diagnostics = [
                Diagnostic(d.path, d.line, d.col, Severity.ERROR, d.message)
                for d in walker.diagnostics
            ]
        if walker.failed:
            raise LoadError(sorted(walker.diagnostics, key=lambda d: (d.line, d.col)))
        document = Document(
            path=self.path,
            meta=self.meta,
            article=article,
            topics=self.topics,
            parties=parties,
        )
        return Loaded(document, sorted(walker.diagnostics, key=lambda d: (d.line, d.col)))


def open_positions(path: Path, *, strict: bool = False) -> Pending:
    """Read and validate the positions file at ``path`` and read its article's file.

    Everything is checked that needs no parsing of the article: the YAML and the format,
    and that the article file exists and is readable, a supported type, within the size
    limit, UTF-8 text and not empty.  Raises :class:`LoadError` holding every error found
    (when the file itself has errors, the quotes are anchored too, so that the error list
    is as complete as :func:`load_document`'s).  With ``strict``, warnings count as errors
    (when linking).
    """
    path = Path(path)
    root = _compose(path, _read_yaml_text(path))
    walker = _Walker(path)
    walked = walker.guarded(lambda: walker.walk(root))
    raw_text: str | None = None
    file_node: Node | None = None
    if walked is not None:
        meta, article_node, _, _ = walked
        file_node = next(
            (
                v
                for k, v in getattr(article_node, "value", [])
                if getattr(k, "value", None) == "file"
            ),
            article_node,
        )
        try:
            raw_text = read_article(path.parent / meta.file)
        except ArticleError as exc:
            walker.error(file_node, f"article {meta.file}: {exc}")
    if walked is None or raw_text is None:
        raise LoadError(walker.diagnostics)
    meta, _, topics, raw_parties = walked
    pending = Pending(
        path=path,
        meta=meta,
        topics=tuple(topics),
        article_path=path.parent / meta.file,
        article_raw=raw_text,
        strict=strict,
        _parties=tuple(raw_parties),
        _file_node=file_node,
        _diagnostics=tuple(walker.diagnostics),
    )
    if walker.failed:
        # Report every error in one run: the quotes' errors too.
        pending.link()
        raise LoadError(walker.diagnostics)  # not reached: link() raised  # pragma: no cover
    return pending


def load_document(path: Path, *, strict: bool = False) -> Loaded:
    """Load, validate and anchor the positions file at ``path`` and its article.

    Raises :class:`LoadError` holding every error found (and the warnings met on the way).
    With ``strict``, warnings count as errors.  The same as ``open_positions`` then
    ``Pending.link``.
    """
    return open_positions(path, strict=strict).link()
