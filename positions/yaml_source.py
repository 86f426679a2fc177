"""Reading a positions file: bounded, UTF-8, composed into YAML nodes with their marks.

The YAML is composed with the safe (C) loader into a node tree that keeps every node's line
and column (as an editor counts them: see :class:`LineMap`), so that each later diagnostic
points at what the user wrote.  Aliases are
refused before anything could expand them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from positions.diagnostics import Diagnostic, LoadError, Severity
from positions.fsutil import MAX_POSITIONS_BYTES, ReadError, looks_like_utf16_or_32, read_bounded

if TYPE_CHECKING:
    from yaml._yaml import Mark as _CMark  # the C parser's marks

__all__ = ["MAX_POSITIONS_BYTES", "LineMap", "compose", "error_at", "read_yaml_text"]


def read_yaml_text(path: Path) -> str:
    """The positions file's text; ``LoadError`` with one diagnostic when it can't be read.

    Read with :func:`~positions.fsutil.read_bounded` (a regular file of at most
    :data:`MAX_POSITIONS_BYTES`), then decoded as UTF-8 (a BOM is fine).
    """

    def fail(message: str) -> LoadError:
        return error_at(path, 1, 1, message)

    try:
        data = read_bounded(path, MAX_POSITIONS_BYTES, what="positions file")
    except ReadError as exc:
        raise fail(exc.message) from None
    encoding = looks_like_utf16_or_32(data)
    if encoding is not None:
        raise fail(f"not UTF-8: looks like {encoding}; save the file as UTF-8")
    if b"\0" in data:
        raise fail("this is a binary file, not a YAML positions file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error_at(
            path,
            line,
            col,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8",
        ) from None
    return text


def error_at(path: Path, line: int, col: int, message: str) -> LoadError:
    """A :class:`LoadError` holding one error at ``line``:``col`` of ``path``."""
    return LoadError([Diagnostic(path, line, col, Severity.ERROR, message)])


#: Line breaks to PyYAML that no editor counts as such (NEL, LINE and PARAGRAPH SEPARATOR).
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")
#: What editors count as a line break: LF, CRLF, a lone CR.
_EDITOR_BREAK = re.compile(r"\r\n?|\n")


class LineMap:
    """Turns a PyYAML mark into the line and column an editor shows for it.

    PyYAML counts U+0085, U+2028 and U+2029 as line breaks; editors do not, so after one
    of them PyYAML's line numbers run ahead of the editor's.  A mark's ``index`` (its
    character offset, in both the C and the Python loader) is mapped to editor lines
    instead; a text without those characters keeps PyYAML's own line and column.
    """

    def __init__(self, text: str) -> None:
        self.exact = not any(c in text for c in _YAML_ONLY_BREAKS)
        self._starts = [] if self.exact else [0, *(m.end() for m in _EDITOR_BREAK.finditer(text))]

    def position(self, mark: yaml.Mark | _CMark | None) -> tuple[int, int]:
        """1-based editor line and column of ``mark`` (1, 1 when there is none)."""
        if mark is None:
            return (1, 1)
        if self.exact:
            return (mark.line + 1, mark.column + 1)
        line = bisect_right(self._starts, mark.index)
        return (line, mark.index - self._starts[line - 1] + 1)

    def remark(self, root: Node) -> None:
        """Give every node of ``root`` a start mark with the editor's line and column."""
        if self.exact:
            return
        seen: set[int] = set()
        stack = [root]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            mark = node.start_mark
            line, col = self.position(mark)
            node.start_mark = yaml.Mark(mark.name, mark.index, line - 1, col - 1, None, 0)
            if isinstance(node, MappingNode):
                stack.extend(n for pair in node.value for n in pair)
            elif isinstance(node, SequenceNode):
                stack.extend(node.value)


#: The last text composed and its tree (nothing changes a composed tree): the file loaded
#: is composed again to write a change to it, and a change written to make the version
#: shown (see :mod:`positions.in_memory`), again to write the next.
_LAST: list[tuple[Path, str, Node]] = []


def compose(
    path: Path,
    text: str,
    refuse: Callable[[Path, str, LineMap], None] | None = None,
    *,
    keep: bool = True,
) -> Node:
    """Parse YAML text into a node tree with the safe (C) loader, or raise ``LoadError``.

    ``refuse(path, text, lines)``, when given, runs first: it may raise ``LoadError`` to
    refuse the file before it is composed (too many topics or parties).  The tree is
    shared with the caller that composed the same text last (unless ``keep`` is false:
    a tree its caller will change): never change it.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    lines = LineMap(text)
    _position = lines.position
    if refuse is not None:
        refuse(path, text, lines)
    last = _LAST[0] if _LAST and keep else None
    if last is not None and last[0] == path and (last[1] is text or last[1] == text):
        return last[2]
    try:
        if "*" in text:
            # Aliases are refused where they stand, before anything could expand them.
            for event in yaml.parse(text, Loader=loader):
                if isinstance(event, yaml.AliasEvent):
                    line, col = _position(event.start_mark)
                    raise error_at(
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
            row = _EDITOR_BREAK.split(text)[line - 1 : line]
            if row and "\t" in row[0][:col]:
                context += "; YAML indents with spaces, not tabs"
        raise error_at(path, line, col, f"YAML syntax: {problem}{context}") from None
    except yaml.YAMLError as exc:
        raise error_at(path, 1, 1, f"YAML: {exc}") from None
    if root is None:
        raise error_at(path, 1, 1, "the positions file is empty")
    lines.remark(root)
    if keep:
        _LAST[:] = [(path, text, root)]
    return root
