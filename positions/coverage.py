"""The article's quoted passages, which of them no quote covers yet, and who said them.

A quotation is the text between a pair of quotation marks within one block of the article:
curly double marks (“…”), straight double marks ("…", paired in order), guillemets («…»),
low-high marks („…“) and curly single marks (‘…’ when the first opens a word and the last
closes one, so apostrophes are not taken for marks).  A straight double mark left without
a partner in its block (a quotation running on into the next paragraph) is ignored.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from positions.diagnostics import Diagnostic, Severity
from positions.model import Article, Document, Span

__all__ = [
    "coverage_notes",
    "inside_quotation",
    "quotation_at",
    "quotation_spans",
    "speaking_party",
    "suggest_speaker",
    "unclaimed_quotations",
]

_DOUBLE = re.compile(r"“([^“”\n]+)”|«([^«»\n]+)»|„([^„“”\n]+)[“”]")
_STRAIGHT = re.compile(r'"([^"\n]+)"')
_SINGLE = re.compile(r"(?<!\w)‘([^‘’\n]+?)’(?!\w)")


def _inner(start: int, end: int, text: str) -> Span | None:
    """``[start, end)`` without surrounding whitespace; ``None`` when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None


def _quotations(text: str) -> list[Span]:
    spans: set[Span] = set()
    for pattern in (_DOUBLE, _STRAIGHT, _SINGLE):
        for match in pattern.finditer(text):
            group = next(g for g in range(1, (pattern.groups or 0) + 1) if match.group(g))
            span = _inner(match.start(group), match.end(group), text)
            if span is not None:
                spans.add(span)
    # Keep the outermost: a single-marked quotation inside a double-marked one is part of it.
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


@lru_cache(maxsize=4)
def _cached(text: str) -> tuple[Span, ...]:
    return tuple(_quotations(text))


def quotation_spans(article: Article) -> tuple[Span, ...]:
    """Every quotation of ``article`` (the text between the marks, trimmed), in order."""
    return _cached(article.text)


def _quotation_on_line(text: str, offset: int, *, marks: bool) -> Span | None:
    """The quotation of ``offset``'s line that holds ``offset``: on its text only, or
    with ``marks`` also on either quotation mark (or just past the closing one)."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end < 0 else line_end
    at = offset - line_start
    for span in _quotations(text[line_start:line_end]):
        if (span.start - 1 <= at <= span.end) if marks else (span.start <= at < span.end):
            return Span(span.start + line_start, span.end + line_start)
    return None


def inside_quotation(text: str, offset: int) -> Span | None:
    """The text between the quotation marks around ``offset`` (without the marks, trimmed),
    or ``None`` when ``offset`` is in no quotation.  Also from a mark itself: the
    selection may start on the opening mark."""
    return _quotation_on_line(text, offset, marks=True)


def quotation_at(text: str, offset: int) -> Span | None:
    """The quotation whose text holds the character at ``offset`` (from its first
    character to its last: not on either mark), or ``None``."""
    if not 0 <= offset < len(text):
        return None
    return _quotation_on_line(text, offset, marks=False)


def unclaimed_quotations(document: Document) -> list[Span]:
    """The quotations no quote of ``document`` overlaps, in article order."""
    covered = sorted(
        (span.start, span.end) for _, _, quote in document.all_quotes() for span in quote.spans
    )
    starts = [s for s, _ in covered]
    ends_max: list[int] = []  # the furthest end among the first i spans
    furthest = -1
    for _, end in covered:
        furthest = max(furthest, end)
        ends_max.append(furthest)
    unclaimed: list[Span] = []
    for span in quotation_spans(document.article):
        i = bisect_left(starts, span.end)  # spans starting before the quotation's end
        if i and ends_max[i - 1] > span.start:
            continue
        unclaimed.append(span)
    return unclaimed


_NAME = r"((?:[A-Z][\w'’-]+)(?: (?:[A-Z][\w'’-]+|de|van|von|al|bin))*)"
_VERB = (
    r"(?:said|says|told|added|adds|warned|insisted|argued|claimed|stated|wrote|declared"
    r"|asked|replied|responded|noted|stressed|explained|described|urged|announced)"
)


@lru_cache(maxsize=1)
def _attribution_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The attributions (``Name said``, ``said Name``) and a place's preposition before a
    name: compiled when a speaker is first suggested (3 ms, not on the way to the reader's
    first frame)."""
    return (
        re.compile(_NAME + r",? (?:also |then |later )?" + _VERB + r"\b"),
        re.compile(r"\b" + _VERB + r" " + _NAME),
        re.compile(r"\b(?:in|of|from|at|to|near)\s+$"),
    )


_TITLES = ("Mr ", "Mrs ", "Ms ", "Dr ", "President ", "Prime Minister ", "Minister ")
_NOT_NAMES = {"He", "She", "They", "It", "We", "I", "The", "This", "That", "But", "And"}

#: A paragraph opening with one of these is direct speech (it may go on from the last).
_OPENING_MARKS = frozenset("\"'\u201c\u2018\u00ab\u201e")

#: How far before an attribution's name a party's speaker is looked for ("the mayor of ").
_SPEAKER_BEFORE = 60


def _attributions(text: str, lo: int, hi: int) -> list[tuple[int, str, bool]]:
    """Each attribution's place in ``text``, the name caught, and whether that name is a
    place (a preposition before it)."""
    found: list[tuple[int, str, bool]] = []
    before, after, place_before = _attribution_patterns()
    for pattern in (before, after):
        for match in pattern.finditer(text, lo, hi):
            name = match.group(1)
            for title in _TITLES:
                if name.startswith(title):
                    name = name[len(title) :]
            if name.split(" ")[0] in _NOT_NAMES or not name:
                continue
            # "speaking in Geneva, said", "the mayor of Northtown said": a place
            place = bool(place_before.search(text, max(0, match.start(1) - 8), match.start(1)))
            found.append((match.start(1), name, place))
    return found


def _near_attributions(document: Document, span: Span) -> list[tuple[int, str, bool]]:
    """The attributions that may say who said the passage at ``span``, nearest first
    (see :func:`suggest_speaker`)."""
    text = document.article.text
    article = document.article
    at_block = article.block_index_at(span.start)
    block = article.blocks[at_block]

    def distance(at: int) -> int:
        if span.start <= at < span.end:
            return 0
        return span.start - at if at < span.start else at - span.end

    found = sorted(
        _attributions(text, min(block.start, span.start), max(block.end, span.end)),
        key=lambda p: distance(p[0]),
    )
    speech = text[block.start : block.start + 1] in _OPENING_MARKS  # a quotation goes on
    if not found and at_block and speech:  # the paragraph before: its last is nearest
        before_block = article.blocks[at_block - 1]
        found = sorted(_attributions(text, before_block.start, before_block.end), reverse=True)
    return found


def speaking_party(document: Document, span: Span) -> str | None:
    """The party (id) one of whose speakers the nearest attribution names (see
    :func:`suggest_speaker`): the party a passage is most likely coded to; ``None`` when
    it names none, or a name several parties list."""
    for _, name, place in _near_attributions(document, span):
        if place:
            continue
        last = name.split()[-1]
        found = {
            party.id for party in document.parties
            for speaker in party.speakers if speaker.split() and speaker.split()[-1] == last
        }
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def suggest_speaker(document: Document, party_id: str | None, span: Span) -> str | None:
    """Who probably said the passage at ``span``, from the attributions ("Putin said",
    "said Zelensky") in its own paragraph, else, for a paragraph that opens with a
    quotation mark, in the paragraph before it (a quotation that goes on after "Putin
    added:"), never in the paragraphs after it: the party's
    speaker named in the nearest, else the nearest name that is no other party's
    speaker; ``None`` when the attributions name only other parties' speakers (the words
    are not put in this party's mouth).  With no attribution at all, the party's only
    speaker, if it has one."""
    text = document.article.text
    speakers: tuple[str, ...] = ()
    others: set[str] = set()  # the last words of the other parties' speakers
    for party in document.parties:
        if party.id == party_id:
            speakers = party.speakers
        else:
            others.update(speaker.split()[-1] for speaker in party.speakers if speaker.split())

    found = _near_attributions(document, span)
    for at, name, place in found:
        # "The mayor of Northtown said": the name caught is the place; the speaker is
        # the words before it.
        before = text[max(0, at - _SPEAKER_BEFORE) : at].casefold()
        for speaker in speakers:
            words = speaker.split()
            if not place and (name == speaker or (words and name.split()[-1] == words[-1])):
                return speaker
            if place and words and before.rstrip().endswith(f"{speaker.casefold()} of"):
                return speaker
    # A place, a party's name or a possessive ("Eastfield's envoy said") is no one's name.
    parties = {party.name for party in document.parties}
    names = [
        name for _, name, place in found
        if not place and name not in parties and not name.endswith(("'s", "\u2019s"))
    ]
    theirs = [name for name in names if name.split()[-1] in others]
    mine = [name for name in names if name not in theirs]
    if mine:
        return mine[0]
    if theirs:
        return None  # said by another party's speaker
    return speakers[0] if len(speakers) == 1 else None


def _first_words(text: str, words: int = 6) -> str:
    parts = text.split()
    shown = " ".join(parts[:words])
    return shown + ("..." if len(parts) > words else "")


def coverage_notes(document: Document, raw: str) -> list[Diagnostic]:
    """``ARTICLE:LINE:COL: note: unclaimed quotation "first words..."`` for each quotation
    no quote covers; ``raw`` is the article file's text, where LINE and COL are counted
    (the passage is found there as quotes are anchored; line 1 when it cannot be)."""
    from positions.anchor import Anchorer

    spans = unclaimed_quotations(document)
    if not spans:
        return []
    text = document.article.text
    shown, source = Anchorer(text), Anchorer(raw)
    line_starts = [0, *(m.end() for m in re.finditer(r"\r\n?|\n", raw))]
    notes: list[Diagnostic] = []
    for span in spans:
        passage = " ".join(text[span.start : span.end].split())
        at = None
        for probe in (passage, _first_words(passage, 3).removesuffix("...")):
            occurrence = shown.occurrence_at(probe, span.start)
            found = source.find(probe, occurrence)
            if found.spans is None and occurrence is not None:
                found = source.find(probe)
            if found.spans is not None:
                at = found.spans[0].start
                break
        line = bisect_left(line_starts, (at or 0) + 1)
        col = (at or 0) - line_starts[line - 1] + 1
        notes.append(
            Diagnostic(
                document.article.path,
                line,
                col,
                Severity.NOTE,
                f'unclaimed quotation "{_first_words(passage)}"',
            )
        )
    return notes
