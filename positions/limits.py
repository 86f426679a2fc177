"""The declared size limits of a positions file, and their refusal before it is composed.

Composing a large YAML file is the slow part of loading, so a file over a limit is
refused after composing only the text up to its first entry past the limit
(:func:`refuse_too_many`); :class:`~positions.walker.Walker` enforces the same limits on
whatever this quick look leaves to it (flow style, counts a prefix does not confirm).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from positions.yaml_source import LineMap, error_at

__all__ = ["MAX_PARTIES", "MAX_QUOTES", "MAX_TOPICS", "refuse_too_many", "too_many_message"]

#: At most this many parties and topics: a file with more is refused before either list
#: is read, so every view and export of an accepted file stays quick (README: limits).
MAX_PARTIES = 64
MAX_TOPICS = 2_000

#: At most this many quotes in one file.  Loading costs about half a millisecond a quote
#: (composing the YAML and checking every node), so this bounds ``check`` of the largest
#: accepted file to a few seconds; a file with more is refused at its first quote past the
#: limit, counted before the whole file is composed.
MAX_QUOTES = 10_000


def too_many_message(what: str, limit: int, count: int | None = None) -> str:
    """The error for a ``topics`` or ``parties`` mapping, or a file's quotes, over ``limit``."""
    listed = f"{count:,}" if count is not None else f"more than {limit:,}"
    return f"{what}: {listed} {what}; at most {limit:,} are supported"


def refuse_too_many(path: Path, text: str, lines: LineMap) -> None:
    """Refuse a file with too many topics, parties or quotes before composing all of it.

    Composing a large YAML file is the slow part of loading, so when a block-style
    ``topics:`` or ``parties:`` mapping seems to hold more entries than the limit (lines
    at its entries' indentation that look like keys), only the text up to that entry is
    composed; if that prefix confirms it, :class:`LoadError` is raised at the first entry
    past the limit.  Quotes are counted the same way, by their ``text:`` keys (a prefix
    ending at the line of the first one past the limit is composed and its quotes counted).
    Anything else (a count the prefix does not confirm, a prefix that is not YAML on its
    own) is left to :meth:`Walker.walk`, on the whole file.
    """
    cuts: list[tuple[int, str, int]] = []
    for what, limit in (("topics", MAX_TOPICS), ("parties", MAX_PARTIES)):
        section = re.search(rf"^{what}:[ \t]*(?:#[^\n]*)?\n", text, re.MULTILINE)
        if section is None:
            continue
        first = _ENTRY.search(text, section.end())
        if first is None or not first.group(1):
            continue
        indent = first.group(1)
        entry = re.compile(rf"^{indent}[^\s#\-?]", re.MULTILINE)
        end = _TOP_LEVEL.search(text, section.end())
        stop = end.start() if end else len(text)
        for count, match in enumerate(entry.finditer(text, section.end(), stop), start=1):
            if count > limit:
                cuts.append((match.start(), what, limit))
                break
    for count, match in enumerate(_TEXT_KEY.finditer(text), start=1):
        if count > MAX_QUOTES:
            cuts.append((match.start(), "quotes", MAX_QUOTES))
            break
    if not cuts:
        return
    cut, what, limit = min(cuts)
    line_end = text.find("\n", cut)
    prefix = text[: line_end if line_end >= 0 else len(text)]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(prefix, Loader=loader)
    except yaml.YAMLError:
        return  # not what it seemed: the whole file is composed and walked
    if what == "quotes":
        past = next((q for i, q in enumerate(_quotes(root)) if i == limit), None)
        if past is None:
            return
        line, col = lines.position(past.start_mark)
        raise error_at(path, line, col, too_many_message(what, limit))
    mapping = _entry_value(root, what)
    if mapping is None or len(mapping.value) <= limit:
        return
    line, col = lines.position(mapping.value[limit][0].start_mark)
    raise error_at(path, line, col, too_many_message(what, limit))


_ENTRY = re.compile(r"^([ \t]*)[^\s#]", re.MULTILINE)
_TOP_LEVEL = re.compile(r"^[^\s#]", re.MULTILINE)
#: Where a quote's ``text`` key may stand: every quote has exactly one, so this counts at
#: least as many as there are quotes (a summary that says "text:" only costs a look).
_TEXT_KEY = re.compile(r"""(?:^|[\s{,\[-])["']?text["']?[ \t]*:(?=[\s]|$)""", re.MULTILINE)


def _quotes(root: Node | None) -> Iterator[Node]:
    """The quote nodes of a composed (prefix of a) positions file, in file order."""
    parties = _entry_value(root, "parties")
    for _, party in parties.value if parties is not None else []:
        positions = _entry_value(party, "positions")
        for _, position in positions.value if positions is not None else []:
            if not isinstance(position, MappingNode):
                continue
            for key, quotes in position.value:
                if isinstance(key, ScalarNode) and key.value == "quotes" and isinstance(
                    quotes, SequenceNode
                ):
                    yield from quotes.value


def _entry_value(root: Node | None, key: str) -> MappingNode | None:
    if not isinstance(root, MappingNode):
        return None
    for key_node, value in root.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return value if isinstance(value, MappingNode) else None
    return None
