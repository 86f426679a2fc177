"""Checked access to a YAML node tree: every problem a diagnostic at the offending node.

:class:`NodeReader` is the generic part of validating a positions file: mappings without
duplicate or unknown keys, lists, texts, whole numbers, no aliases and no tags beyond plain
YAML values.  The positions format itself is :mod:`positions.walker`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from positions.diagnostics import Diagnostic, Severity
from positions.text import clean_text

__all__ = ["Invalid", "NodeReader", "did_you_mean", "is_blank"]

YAML_TAG = "tag:yaml.org,2002:"
TAG_STR, TAG_INT, TAG_BOOL, TAG_NULL = (YAML_TAG + t for t in ("str", "int", "bool", "null"))
TAG_FLOAT, TAG_TIMESTAMP = YAML_TAG + "float", YAML_TAG + "timestamp"
TAG_SEQ, TAG_MAP = YAML_TAG + "seq", YAML_TAG + "map"
ALLOWED_TAGS = {TAG_STR, TAG_INT, TAG_BOOL, TAG_NULL, TAG_FLOAT, TAG_TIMESTAMP, TAG_SEQ, TAG_MAP}
TYPE_NAMES = {
    TAG_STR: "text",
    TAG_INT: "a number",
    TAG_FLOAT: "a number",
    TAG_BOOL: "true/false",
    TAG_NULL: "nothing (null)",
    TAG_TIMESTAMP: "a date",
    TAG_SEQ: "a list",
    TAG_MAP: "a mapping",
}

T = TypeVar("T")

_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
#: Characters that show nothing: a text of only these (and whitespace) is empty.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def is_blank(value: str) -> bool:
    """Whether ``value`` holds only whitespace and invisible characters (U+200B, ...)."""
    return not value.strip(_INVISIBLE + " \t\n\r\f\v\u00a0\u3000")


class Invalid(Exception):
    """Raised inside the walker to abandon one node after its error was recorded."""


def did_you_mean(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """``'; did you mean "x"?'`` for the closest of ``choices``, or ``""``."""
    import difflib  # only for errors

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""


class NodeReader:
    """Typed, checked access to a composed YAML node tree, recording diagnostics as it goes.

    Every method that meets a node it cannot use records an error at that node and raises
    :class:`Invalid`; :meth:`guarded` turns that into ``None`` so only that part is dropped.
    """

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
            raise Invalid
        self._seen.add(id(node))
        if node.tag not in ALLOWED_TAGS:
            tag = node.tag.replace(YAML_TAG, "!!")
            self.error(node, f"{what}: the tag {tag} is not allowed (plain YAML values only)")
            raise Invalid

    def _type_name(self, node: Node) -> str:
        return TYPE_NAMES.get(node.tag, node.tag)

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
            raise Invalid
        entries: list[tuple[str, ScalarNode, Node]] = []
        seen: dict[str, ScalarNode] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in (TAG_STR, TAG_INT):
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
                    f'{what}: unknown key "{key}"{did_you_mean(key, allowed)}'
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
            raise Invalid
        return list(node.value)

    def text(self, node: Node, what: str, *, required: bool = True) -> str:
        """A text scalar, cleaned of control characters; empty text is an error if required."""
        self._check_node(node, what)
        if not isinstance(node, ScalarNode) or node.tag != TAG_STR:
            quotable = isinstance(node, ScalarNode) and node.tag in (
                TAG_INT,
                TAG_FLOAT,
                TAG_BOOL,
                TAG_TIMESTAMP,
            )
            hint = " (put it in quotes)" if quotable else ""
            self.error(node, f"{what} must be text, not {self._type_name(node)}{hint}")
            raise Invalid
        value = clean_text(node.value).strip()
        if is_blank(value) and required:
            hint = " (it holds only invisible characters such as U+200B)" if value else ""
            self.error(node, f"{what} must not be empty{hint}")
            raise Invalid
        return value

    def integer(self, node: Node, what: str) -> int:
        """A whole number written plainly in decimal (``1``, ``-2``).

        YAML also reads ``0x1``, ``+1``, ``1_`` and ``0o1`` as integers, and ``01`` as an
        octal one; a positions file holds counts, so each of them is refused with the same
        message, and so is ``1.0``.
        """
        self._check_node(node, what)
        if isinstance(node, ScalarNode) and node.tag in (TAG_INT, TAG_FLOAT):
            if node.tag == TAG_INT and _PLAIN_INT.fullmatch(node.value):
                return int(node.value)
            self.error(
                node,
                f'{what} must be a whole number written plainly, such as 1, not "{node.value}"',
            )
            raise Invalid
        self.error(node, f"{what} must be a whole number, not {self._type_name(node)}")
        raise Invalid

    def guarded(self, fn: Callable[[], T]) -> T | None:
        """Run ``fn``; an error it recorded abandons only that part (returns ``None``)."""
        try:
            return fn()
        except Invalid:
            return None

    def optional_text(self, found: dict[str, Node], key: str, what: str) -> str | None:
        """``found[key]`` as text, or ``None`` when it is absent or invalid (error recorded)."""
        if key not in found:
            return None
        try:
            return self.text(found[key], what)
        except Invalid:
            return None

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
