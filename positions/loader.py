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
import shlex
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, Node

import seeds
from positions.anchor import anchorer_for
from positions.article import (
    MARKDOWN_SUFFIXES,
    TEXT_SUFFIXES,
    ArticleError,
    parse_article,
    parse_article_again,
    read_article,
)
from positions.diagnostics import Diagnostic, LoadError, Severity
from positions.lint import lint
from positions.model import (
    Article,
    ArticleMeta,
    Basis,
    Document,
    Loaded,
    Party,
    Position,
    Quote,
    QuoteKind,
    SourceLoc,
    Span,
    Topic,
)
from positions.nodes import NodeReader, did_you_mean
from positions.text import printable
from positions.walker import FORMAT_VERSION, TOP_KEYS, RawParty, RawQuote, Walker, refuse_too_many
from positions.yaml_source import MAX_POSITIONS_BYTES, compose, error_at, read_yaml_text

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

#: How much of the article (characters) :meth:`Pending.preview` parses.
PREVIEW_CHARS = 64 * 1024

#: :meth:`Pending.link` reports progress after every this many quotes.
PROGRESS_EVERY = 100

#: A progress callback: ``(quotes anchored so far, quotes in all)``.
Progress = Callable[[int, int], None]

#: Makes the model's quote from a raw one, or ``None`` when it cannot (error recorded).
_QuoteMaker = Callable[[RawParty, RawQuote], Quote | None]


def _loc(node: Node) -> SourceLoc:
    return SourceLoc(node.start_mark.line + 1, node.start_mark.column + 1)


def _count_quotes(parties: Iterable[RawParty]) -> int:
    return sum(len(rp.quotes) for raw in parties for rp in raw.positions)


def _build_parties(parties: Iterable[RawParty], make_quote: _QuoteMaker) -> Iterator[Party]:
    """The model's parties from the raw ones: the one assembly for linking and preview.

    A position with an error (no stance, no summary, or no usable quote) and a party
    without a name are left out; their errors are recorded, so a document holding them is
    only ever a preview.
    """
    for raw in parties:
        positions = []
        for raw_position in raw.positions:
            quotes = [q for q in (make_quote(raw, rq) for rq in raw_position.quotes) if q]
            if raw_position.stance is None or raw_position.summary is None or not quotes:
                continue  # its errors are recorded; the document will not be built
            positions.append(
                Position(
                    party_id=raw.id,
                    topic_id=raw_position.topic_id,
                    stance=raw_position.stance,
                    summary=raw_position.summary,
                    quotes=tuple(quotes),
                    basis=raw_position.basis or default_basis(quotes),
                    loc=_loc(raw_position.node) if raw_position.node is not None else None,
                    basis_loc=(
                        _loc(raw_position.basis_node)
                        if raw_position.basis_node is not None
                        else None
                    ),
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
            speaker_locs=tuple(_loc(node) for node in raw.speaker_nodes),
        )


def default_basis(quotes: Iterable[Quote]) -> Basis:
    """The basis of a position whose file leaves it out: ``stated`` if any of its quotes
    is direct (the party's own words), else ``reported``."""
    if any(quote.kind is QuoteKind.DIRECT for quote in quotes):
        return Basis.STATED
    return Basis.REPORTED


def _unanchored(raw: RawParty, rq: RawQuote) -> Quote:
    """A quote as written, linked to nothing (``spans`` empty): for the preview."""
    return Quote(
        text=rq.text,
        spans=(),
        speaker=rq.speaker,
        kind=rq.kind,
        occurrence=rq.occurrence,
        loc=_loc(rq.node),
    )


def _anchor_quotes(
    reader: NodeReader,
    article: Article,
    parties: Iterable[RawParty],
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
    anchorer = anchorer_for(article.text)
    anchorer.prepare(rq.text for raw in parties for rp in raw.positions for rq in rp.quotes)

    def anchored(raw: RawParty, rq: RawQuote) -> Quote | None:
        nonlocal done
        done += 1
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
        result = anchorer.find(rq.text, rq.occurrence)
        if result.spans is None:
            node = rq.occurrence_node if result.matches and rq.occurrence_node else rq.node
            reader.error(node, result.error or "quote not found in the article")
            return None
        if result.matches > 1 and rq.occurrence is None:
            reader.warning(
                rq.node,
                f"quote appears {result.matches} times in the article; linked to the "
                "first (add occurrence: N to choose another)",
            )
        partial_word = _partial_word(article.text, result.spans, rq.text)
        if partial_word:
            reader.warning(rq.node, f"a quote should be whole words: {partial_word}")
        if rq.speaker and raw.speakers and rq.speaker not in raw.speakers:
            reader.warning(
                rq.node,
                f'speaker "{rq.speaker}" is not among party "{raw.id}" speakers'
                f"{did_you_mean(rq.speaker, raw.speakers)}",
            )
        return Quote(
            text=rq.text,
            spans=result.spans,
            speaker=rq.speaker,
            kind=rq.kind,
            occurrence=rq.occurrence,
            loc=_loc(rq.node),
        )

    return _build_parties(parties, anchored)


def _word_at(text: str, index: int) -> str:
    """The word of ``text`` around ``index`` (at most 40 characters each side)."""
    start = index
    while start > 0 and index - start < 40 and text[start - 1].isalnum():
        start -= 1
    end = index
    while end < len(text) and end - index < 40 and text[end].isalnum():
        end += 1
    return printable(text[start:end])


def _two_alnum(text: str) -> bool:
    """Whether ``text`` has at least two letters or digits (stops at the second: this runs
    for every quote on every load, and quotes are long)."""
    seen = False
    for char in text:
        if char.isalnum():
            if seen:
                return True
            seen = True
    return False


def _partial_word(text: str, spans: Sequence[Span], quote: str) -> str | None:
    """Why an anchored quote is not whole words, or ``None`` when it is.

    A quote of one letter or digit, or a span of it that starts or ends inside a word of
    the article ("upport i" in "support it"), proves little: it is a warning.
    """
    if not _two_alnum(quote):
        return "one character is not evidence"
    for span in spans:
        if 0 < span.start < len(text) and text[span.start - 1].isalnum() and text[
            span.start
        ].isalnum():
            return f'it starts inside the word "{_word_at(text, span.start)}"'
        if 0 < span.end < len(text) and text[span.end - 1].isalnum() and text[span.end].isalnum():
            return f'it ends inside the word "{_word_at(text, span.end)}"'
    return None


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
    _parties: tuple[RawParty, ...] = field(default=(), repr=False)
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
        parties = tuple(_build_parties(self._parties, _unanchored))
        return Document(
            path=self.path,
            meta=self.meta,
            article=_preview_article(self.article_raw, self.article_path, max_chars),
            topics=self.topics,
            parties=parties,
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
        walker = NodeReader(self.path)
        walker.diagnostics = list(self._diagnostics)
        try:
            article = parse_article_again(self.article_raw, self.article_path)
        except ArticleError as exc:
            walker.error(self._file_node, f"article {self.meta.file}: {exc}")
            raise LoadError(walker.diagnostics) from None
        if article.plain_lines:
            lines = article.plain_lines
            shown = ", ".join(str(n) for n in lines[:3]) + (", ..." if len(lines) > 3 else "")
            where = f"line {shown}" if len(lines) == 1 else f"lines {shown}"
            count = "1 block" if len(lines) == 1 else f"{len(lines):,} blocks"
            walker.warning(
                self._file_node,
                f"article {self.meta.file}: {count} ({where}) read as plain text: too many "
                "emphasis, link or code marks to parse as Markdown in time",
            )
        if article.mojibake_stopped is not None:
            walker.warning(
                self._file_node,
                f"article {self.meta.file}: garbled text (mojibake) left unrepaired from line "
                f"{article.mojibake_stopped:,} on: too much of it to repair in time",
            )
        parties = tuple(_anchor_quotes(walker, article, self._parties, progress))
        document = Document(
            path=self.path,
            meta=self.meta,
            article=article,
            topics=self.topics,
            parties=parties,
        )
        if not walker.failed:  # a document with errors is incomplete: lint what is whole
            walker.diagnostics += lint(document)
        if self.strict:
            walker.diagnostics = [
                Diagnostic(d.path, d.line, d.col, Severity.ERROR, d.message)
                for d in walker.diagnostics
            ]
        if walker.failed:
            raise LoadError(sorted(walker.diagnostics, key=lambda d: (d.line, d.col)))
        return Loaded(document, sorted(walker.diagnostics, key=lambda d: (d.line, d.col)))


def _outside(path: Path, article: Path) -> bool:
    """Whether ``article`` (symbolic links followed) lies outside ``path``'s folder."""
    try:
        folder = path.parent.resolve()
        target = article.resolve()
    except (OSError, RuntimeError):  # a loop: reading it fails with its own message
        return False
    return not target.is_relative_to(folder)


def _refuse_an_article(path: Path, text: str, root: Node | None) -> None:
    """Raise one clear error when ``path`` is an article given where a positions file
    belongs (``ceasefire-tui a.md``), not what YAML makes of its text (``mapping values
    are not allowed``).  Only for a file named as an article (``.md``, ``.markdown``,
    ``.txt``) with none of a positions file's keys: neither in ``root`` (a mapping) nor,
    when it did not compose (``root`` is ``None``), at the start of any line.  Every
    other file, whatever its name, keeps its own errors."""
    if path.suffix.lower() not in MARKDOWN_SUFFIXES + TEXT_SUFFIXES or not text.strip():
        return
    if root is None:
        if re.search(rf"^(?:{'|'.join(TOP_KEYS)})[ \t]*:", text, re.MULTILINE):
            return
    elif isinstance(root, MappingNode) and any(
        getattr(key, "value", None) in TOP_KEYS for key, _ in root.value
    ):
        return
    raise error_at(
        path,
        1,
        1,
        "this looks like an article, not a positions file; start one with: "
        f"ceasefire-tui new {shlex.quote(str(path))}",
    )


def open_positions(
    path: Path, *, strict: bool = False, allow_outside: bool = False
) -> Pending:
    """Read and validate the positions file at ``path`` and read its article's file.

    Everything is checked that needs no parsing of the article: the YAML and the format,
    and that the article file exists and is readable, a supported type, within the size
    limit, UTF-8 text and not empty.  Raises :class:`LoadError` holding every error found
    (when the file itself has errors, the quotes are anchored too, so that the error list
    is as complete as :func:`load_document`'s).  With ``strict``, warnings count as errors
    (when linking).  The article must lie in the positions file's folder or below it (a
    file someone sends you must not pull your other files into an export you share),
    unless ``allow_outside``.
    """
    path = Path(path)
    text = read_yaml_text(path)
    try:
        root = compose(path, text, refuse_too_many)
    except LoadError:
        _refuse_an_article(path, text, None)
        raise
    _refuse_an_article(path, text, root)
    walker = Walker(path)
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
        if not allow_outside and _outside(path, path.parent / meta.file):
            how = "links to a file" if (path.parent / meta.file).is_symlink() else "is"
            walker.error(
                file_node,
                f"article {meta.file}: {how} outside the positions file's folder; only "
                "files in it or below it are read (--allow-outside reads it anyway)",
            )
        else:
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


def load_document(path: Path, *, strict: bool = False, allow_outside: bool = False) -> Loaded:
    """Load, validate and anchor the positions file at ``path`` and its article.

    Raises :class:`LoadError` holding every error found (and the warnings met on the way).
    With ``strict``, warnings count as errors.  The same as ``open_positions`` then
    ``Pending.link``.
    """
    return open_positions(path, strict=strict, allow_outside=allow_outside).link()
