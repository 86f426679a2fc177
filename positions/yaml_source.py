"""Reading a positions file: bounded, UTF-8, composed into YAML nodes with their marks.

The YAML is composed with the safe (C) loader into a node tree that keeps every node's line
and column, so that each later diagnostic points at what the user wrote.  Aliases are
refused before anything could expand them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from yaml.nodes import Node

from positions.diagnostics import Diagnostic, LoadError, Severity
from positions.fsutil import ReadError, looks_like_utf16_or_32, read_bounded

if TYPE_CHECKING:
    from yaml._yaml import Mark as _CMark  # the C parser's marks

__all__ = ["MAX_POSITIONS_BYTES", "compose", "error_at", "read_yaml_text"]

#: Positions files larger than this are refused before parsing.
MAX_POSITIONS_BYTES = 8 * 1024 * 1024


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


def _position(mark: yaml.Mark | _CMark | None) -> tuple[int, int]:
    """1-based line and column of a YAML mark (1, 1 when there is none)."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def compose(path: Path, text: str) -> Node:
    """Parse YAML text into a node tree with the safe (C) loader, or raise ``LoadError``."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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
            row = text.splitlines()[line - 1 : line]
            if row and "\t" in row[0][:col]:
                context += "; YAML indents with spaces, not tabs"
        raise error_at(path, line, col, f"YAML syntax: {problem}{context}") from None
    except yaml.YAMLError as exc:
        raise error_at(path, 1, 1, f"YAML: {exc}") from None
    if root is None:
        raise error_at(path, 1, 1, "the positions file is empty")
    return root
