"""A coded quote applied to the version loaded, in memory: the written file is not read,
composed, walked and anchored again as a whole.

:class:`~positions.authoring.AddQuote` (the reader's most frequent change) touches one
party (or adds one) and maybe adds a topic; the rest of the file only moves down by the
lines inserted before it; a quote removed or moved, or a position edited, touches one
party's lines and moves the rest by the lines it inserted or removed (a change reaching
other lines is loaded).  :func:`added_in_memory` makes the version a fresh load of the
written file would give (:func:`positions.loader.load_document`: the same topics,
parties, positions, quotes, spans, source locations and warnings) from:

* the changed (or new) party, walked and anchored again by the loader's own code from the
  written text (composed once);
* every other party and every warning not about that party, moved by the lines the
  change inserted before them (the splices :class:`~positions.yaml_edit.YamlText` made);
* the whole-document checks (:func:`positions.lint.lint`) made again.

It answers ``None`` wherever it cannot vouch for that (a file whose line breaks YAML and
editors count apart, flow-style or empty ``parties:`` / ``topics:``, a count limit near,
an error): the session then loads the written file as before.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from positions.authoring import AddQuote, Change, added_to
from positions.diagnostics import Diagnostic, LoadError
from positions.limits import MAX_PARTIES, MAX_QUOTES, MAX_TOPICS
from positions.lint import lint
from positions.loader import _anchor_quotes
from positions.model import Document, Loaded, Party, Position, Quote, SourceLoc
from positions.walker import Walker
from positions.yaml_edit import Splice, YamlText
from positions.yaml_source import compose

__all__ = ["added_in_memory"]

_NEWLINE = re.compile("\n")

def _line_starts(text: str) -> list[int] | None:
    """Where each line starts, when YAML and editors count the lines alike (no lone CR,
    NEL, LINE or PARAGRAPH SEPARATOR), else ``None``."""
    if any(c in text for c in ("\x85", "\u2028", "\u2029")) or text.count("\r") != text.count(
        "\r\n"
    ):
        return None
    return [0, *(m.end() for m in _NEWLINE.finditer(text))]


class _Shift:
    """Where a line and column of the old text are in the new one (splices made)."""

    def __init__(self, old: list[int], new: list[int], splices: Sequence[Splice]) -> None:
        self.old, self.new = old, new
        self.splices = sorted(splices, key=lambda s: (s.start, s.end))
        # Whole lines inserted at line starts (what a coded quote makes, as a rule): a
        # place past them only moves down by the lines inserted before it, in its column.
        starts = set(old)
        self._lines_before: list[tuple[int, int]] | None = None
        if all(
            s.start == s.end and s.start in starts and s.new.endswith("\n")
            for s in self.splices
        ):
            self._lines_before = [(s.start, s.new.count("\n")) for s in self.splices]

    def offset(self, line: int, col: int) -> int:
        """The old text's offset of a 1-based line and column."""
        return self.old[min(line, len(self.old)) - 1] + col - 1

    def moved(self, at: int, *, before: bool = False) -> int:
        """Where offset ``at`` of the old text is in the new (inside a replaced range: at
        the start of what replaced it; an insertion at ``at`` goes before it, or with
        ``before`` after it)."""
        delta = 0
        for splice in self.splices:
            if splice.start == splice.end:
                if splice.start > at or (before and splice.start == at):
                    break
                delta += len(splice.new)
            elif splice.end <= at:
                delta += len(splice.new) - (splice.end - splice.start)
            elif splice.start <= at:
                return splice.start + delta
            else:
                break
        return at + delta

    def line_col(self, line: int, col: int) -> tuple[int, int]:
        """The new line and column of an old line and column."""
        if self._lines_before is not None:
            at = self.offset(line, col)
            return line + sum(n for start, n in self._lines_before if start <= at), col
        at = self.moved(self.offset(line, col))
        new_line = bisect_right(self.new, at)
        return new_line, at - self.new[new_line - 1] + 1

    def loc(self, loc: SourceLoc | None) -> SourceLoc | None:
        """``loc`` moved (``None`` stays ``None``)."""
        return None if loc is None else SourceLoc(*self.line_col(loc.line, loc.col))


def _moved_party(party: Party, shift: _Shift) -> Party:
    """``party`` with every source location moved (itself when none moves: it stands
    before every splice)."""
    first = shift.splices[0].start if shift.splices else 0
    locs = [
        loc
        for position in party.positions
        for loc in (position.loc, position.basis_loc, *(q.loc for q in position.quotes))
        if loc is not None
    ]
    if all(shift.offset(loc.line, loc.col) < first for loc in (*locs, *party.speaker_locs)):
        return party
    # (Made directly: ``dataclasses.replace`` costs three times as much, for 2,000 quotes.)
    positions = tuple(
        Position(
            p.party_id, p.topic_id, p.stance, p.summary,
            tuple(
                Quote(q.text, q.spans, q.speaker, q.kind, q.occurrence, shift.loc(q.loc))
                for q in p.quotes
            ),
            p.basis, shift.loc(p.loc), shift.loc(p.basis_loc),
        )
        for p in party.positions
    )  # fmt: skip
    speakers = tuple(SourceLoc(*shift.line_col(loc.line, loc.col)) for loc in party.speaker_locs)
    return replace(party, positions=positions, speaker_locs=speakers)


def _entry(mapping: Node | None, key: str) -> tuple[ScalarNode, Node] | None:
    """The entry ``key`` of ``mapping`` (``None`` when it has none, or is no mapping)."""
    for k, v in mapping.value if isinstance(mapping, MappingNode) else []:
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def _fragment(path: Path, text: str, at: int, lines: list[int]) -> Node | None:
    """``text`` (whole lines of the new file, from offset ``at``) composed alone, each
    node's marks where it stands in the new file; ``None`` if it is not YAML alone."""
    line = bisect_right(lines, at) - 1
    if lines[line] != at and not text.startswith(("\n", "\r\n")):
        return None  # (an insertion at the end of a file without a last line break)
    try:
        root = compose(path, text, keep=False)
    except LoadError:
        return None
    stack = [root]
    while stack:
        node = stack.pop()
        for name in ("start_mark", "end_mark"):
            mark = getattr(node, name)
            moved = yaml.Mark(mark.name, mark.index + at, mark.line + line, mark.column, None, 0)
            setattr(node, name, moved)
        if isinstance(node, MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return root


def _inserted(shift: _Shift, node: Node) -> Splice | None:
    """The one insertion made in the text of mapping ``node`` (of the old file)."""
    start, end = int(node.start_mark.index), int(node.end_mark.index)
    found = [s for s in shift.splices if s.start == s.end and start <= s.start <= end]
    return found[0] if len(found) == 1 else None


def _block_mapping(node: Node | None) -> bool:
    """A mapping written in block style with at least one entry."""
    return isinstance(node, MappingNode) and not node.flow_style and bool(node.value)


def added_in_memory(
    edited: YamlText, new_text: str, loaded: Loaded, change: Change
) -> Loaded | None:
    """What loading ``new_text`` (``edited``'s result: ``change`` applied to the text of
    ``loaded``) gives, made from ``loaded``; ``None`` when it cannot be vouched for (see
    the module doc).  A change other than :class:`~positions.authoring.AddQuote` touches
    one existing party's lines only (else ``None``)."""
    document, path = loaded.document, loaded.document.path
    old_lines, new_lines = _line_starts(edited.text), _line_starts(new_text)
    if old_lines is None or new_lines is None:
        return None
    party_ids = [party.id for party in document.parties]
    if isinstance(change, AddQuote):
        party_id, topic_id = added_to(change, document)
        new_party = party_id not in party_ids
        new_topic = topic_id not in {topic.id for topic in document.topics}
    else:
        party_id, new_party, new_topic = change.party_id, False, False
        if party_id not in party_ids:
            return None
    old_parties = _entry(edited.root, "parties")
    old_topics = _entry(edited.root, "topics")
    if old_parties is None or not _block_mapping(old_parties[1]):
        return None
    if new_topic and (old_topics is None or not _block_mapping(old_topics[1])):
        return None
    quotes = sum(len(position.quotes) for party in document.parties for position in party.positions)
    if (
        quotes + 1 > MAX_QUOTES
        or len(party_ids) + new_party > MAX_PARTIES
        or len(document.topics) + new_topic > MAX_TOPICS
    ):
        return None
    shift = _Shift(old_lines, new_lines, edited.splices)
    topics = document.topics
    if new_topic:
        assert old_topics is not None
        splice = _inserted(shift, old_topics[1])
        fragment = None
        if splice is not None:
            at = shift.moved(splice.start, before=True)
            fragment = _fragment(path, splice.new, at, new_lines)
        found_topic = _entry(fragment, topic_id)
        if found_topic is None:
            return None
        reader = Walker(path)
        topic = reader.guarded(lambda: reader.topic(topic_id, found_topic[0], found_topic[1]))
        if topic is None or reader.diagnostics:
            return None
        topics = (*topics, topic)
    # The changed party's lines, composed alone: the new ones, or its own moved.
    region = (0, 0)  # the changed party's text in the old file: its warnings are made anew
    if new_party:
        splice = _inserted(shift, old_parties[1])
        if splice is None:
            return None
        at = shift.moved(splice.start, before=True)
        fragment = _fragment(path, splice.new, at, new_lines)
    else:
        old_entry = _entry(old_parties[1], party_id)
        if old_entry is None:
            return None
        key_at = int(old_entry[0].start_mark.index)
        region = (key_at, int(old_entry[1].end_mark.index))
        line_at = old_lines[bisect_right(old_lines, key_at) - 1]
        if any(s.start < line_at or s.end > region[1] for s in shift.splices):
            return None  # (a change to lines outside the party's: not composed here)
        at, end = shift.moved(line_at, before=True), shift.moved(region[1])
        fragment = _fragment(path, new_text[at:end], at, new_lines)
    found = _entry(fragment, party_id)
    if found is None:
        return None
    walker = Walker(path)
    walker.quotes_read = quotes - (
        0 if new_party else sum(len(p.quotes) for p in document.party(party_id).positions)
    )
    topic_ids = {topic.id: row for row, topic in enumerate(topics)}
    raw = walker.guarded(lambda: walker.party(party_id, found[0], found[1], topic_ids))
    if raw is None or walker.failed:
        return None
    changed = list(_anchor_quotes(walker, document.article, [raw]))
    if walker.failed or len(changed) != 1:
        return None
    lints = Counter(lint(document))  # (kept by lint from the load, or the last change)
    kept: list[Diagnostic] = []
    for diagnostic in loaded.warnings:
        if lints[diagnostic] > 0:
            lints[diagnostic] -= 1
            continue
        if region[0] <= shift.offset(diagnostic.line, diagnostic.col) < region[1]:
            continue
        line, col = shift.line_col(diagnostic.line, diagnostic.col)
        kept.append(replace(diagnostic, line=line, col=col))
    parties = [
        changed[0] if party.id == party_id else _moved_party(party, shift)
        for party in document.parties
    ]
    if new_party:
        parties.append(changed[0])
    made = Document(
        path=path, meta=document.meta, article=document.article, topics=topics,
        parties=tuple(parties),
    )  # fmt: skip
    made_lint = lint(made)
    warnings = kept + walker.diagnostics + made_lint
    return Loaded(made, sorted(warnings, key=lambda d: (d.line, d.col)))

