"""Editing a positions file's YAML text in place: everything not changed stays byte-identical.

A change is made as a few splices of the text (:class:`Splice`) at the places the YAML
composer marks (the same safe C composer the loader reads the file with, so both agree on
where every node is): a new entry is inserted after the last line of its mapping or
sequence, at the indentation the file already uses there; a value is replaced where it
stands; a removed entry takes its own lines with it.  Comments, blank lines, quoting,
flow or block style and key order of every other line are never rewritten.

A whole-document round-trip dumper (``ruamel.yaml``) was measured and refused for this:
it re-indents sequences and respaces flow collections even on the seed, and takes over a
second to compose the benchmark's 190 KB file, where this takes about 50 ms.

New scalars are rendered by PyYAML's emitter, so their quoting is what the loader (YAML
1.1: ``yes``, ``no``, ``1.0``, dates) reads back as the same text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from positions.diagnostics import LoadError
from positions.yaml_source import compose

__all__ = ["Layout", "Splice", "YamlEditError", "YamlText", "render_scalar"]

#: A value new nodes are made of: text, a number, a list of them or a mapping.
Value = str | int | Sequence["Value"] | Mapping[str, "Value"]


class YamlEditError(Exception):
    """The text cannot be edited as asked; ``message`` says why, for a human."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Splice:
    """Replace ``text[start:end]`` with ``new`` (``start == end``: an insertion)."""

    start: int
    end: int
    new: str


@dataclass(frozen=True)
class Layout:
    """How the file indents: a mapping's entries ``step`` deeper than its key; a sequence's
    dash ``dash`` deeper than its key, and the item's keys ``gap`` past the dash."""

    step: int = 2
    dash: int = 2
    gap: int = 2


_TAG_NULL = "tag:yaml.org,2002:null"


def render_scalar(value: str | int, *, flow: bool = False) -> str:
    """``value`` as one YAML scalar on one line, quoted only when it must be (as the
    loader reads it back as the same text); ``flow``: valid inside ``[...]``/``{...}``."""
    if isinstance(value, int):
        return str(value)
    dumped = yaml.safe_dump(
        [value] if flow else {"k": value},
        allow_unicode=True,
        width=2**30,
        default_flow_style=flow,
        sort_keys=False,
    )
    if flow:
        return dumped.strip()[1:-1]
    return dumped[len("k: ") :].rstrip("\n")


class YamlText:
    """One positions file's text, composed, with the splices that edit it."""

    def __init__(self, text: str, path: Path) -> None:
        self.text = text
        """The text being edited (as decoded: without a BOM)."""
        self.path = path
        try:
            self.root = compose(path, text)
        except LoadError as exc:
            raise YamlEditError(
                f"the file is not valid YAML: {exc.diagnostics[0].message}"
            ) from None
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.splices: list[Splice] = []

    # ------------------------------------------------------------------ finding nodes

    @staticmethod
    def entries(node: Node) -> list[tuple[ScalarNode, Node]]:
        """A mapping's (key, value) pairs with scalar keys (``[]`` for anything else)."""
        if not isinstance(node, MappingNode):
            return []
        return [(k, v) for k, v in node.value if isinstance(k, ScalarNode)]

    def get(self, node: Node, key: str) -> tuple[ScalarNode, Node] | None:
        """The entry ``key`` of mapping ``node``, or ``None``."""
        for k, v in self.entries(node):
            if k.value == key:
                return k, v
        return None

    def need(self, node: Node, key: str, what: str) -> Node:
        """The value of ``key`` in ``node``; :class:`YamlEditError` naming ``what`` if none."""
        found = self.get(node, key)
        if found is None:
            raise YamlEditError(f"{what} is not in the file")
        return found[1]

    # ------------------------------------------------------------------ positions in text

    def column(self, index: int) -> int:
        """0-based column of ``index``."""
        return index - self.line_start(index)

    def line_start(self, index: int) -> int:
        """Where the line holding ``index`` starts."""
        return max(self.text.rfind("\n", 0, index), self.text.rfind("\r", 0, index)) + 1

    def after_line(self, index: int) -> int:
        """Where the line after the one holding ``index - 1`` starts (``index`` itself when
        it is at a line start already); the end of the text on the last line."""
        if index > 0 and self.text[index - 1] in "\n\r":
            return index
        match = re.compile(r"\r\n?|\n").search(self.text, index)
        return match.end() if match else len(self.text)

    def only_space_before(self, index: int) -> bool:
        """Whether ``index`` is the first non-blank character of its line."""
        return not self.text[self.line_start(index) : index].strip(" ")

    def content_end(self, node: Node) -> int:
        """Where ``node``'s own text ends (a block collection: where its last value does)."""
        if isinstance(node, MappingNode) and not node.flow_style and node.value:
            return self.content_end(node.value[-1][1])
        if isinstance(node, SequenceNode) and not node.flow_style and node.value:
            return self.content_end(node.value[-1])
        return int(node.end_mark.index)

    @staticmethod
    def is_block(node: Node) -> bool:
        """A non-empty block mapping or sequence."""
        return (
            isinstance(node, MappingNode | SequenceNode)
            and not node.flow_style
            and bool(node.value)
        )

    @staticmethod
    def is_empty(node: Node) -> bool:
        """``{}``, ``[]``, or no value at all (``key:`` with nothing after it)."""
        if isinstance(node, MappingNode | SequenceNode):
            return not node.value
        return (
            isinstance(node, ScalarNode)
            and node.tag == _TAG_NULL
            and node.value in ("", "~", "null")
        )

    # ------------------------------------------------------------------ rendering

    def block_lines(self, value: Mapping[str, Value], indent: int, layout: Layout) -> list[str]:
        """``value`` as block-style lines at ``indent`` (no line breaks)."""
        lines: list[str] = []
        pad = " " * indent
        for key, item in value.items():
            if isinstance(item, Mapping):
                lines.append(f"{pad}{render_scalar(key)}:")
                lines.extend(self.block_lines(item, indent + layout.step, layout))
            elif isinstance(item, str | int):
                lines.append(f"{pad}{render_scalar(key)}: {render_scalar(item)}")
            elif all(isinstance(x, str | int) for x in item):
                lines.append(f"{pad}{render_scalar(key)}: {self.flow(item)}")
            else:
                lines.append(f"{pad}{render_scalar(key)}:")
                lines.extend(self.item_lines(item, indent + layout.dash, layout))
        return lines

    def item_lines(self, items: Sequence[Value], dash: int, layout: Layout) -> list[str]:
        """Sequence items (mappings) as block lines, their dash at column ``dash``."""
        lines: list[str] = []
        for item in items:
            if not isinstance(item, Mapping):
                lines.append(f"{' ' * dash}- {self.flow(item)}")
                continue
            inner = self.block_lines(item, dash + layout.gap, layout)
            first = inner[0][dash + layout.gap :]
            lines.append(f"{' ' * dash}-{' ' * (layout.gap - 1)}{first}")
            lines.extend(inner[1:])
        return lines

    def flow(self, value: Value) -> str:
        """``value`` in flow style on one line."""
        if isinstance(value, str | int):
            return render_scalar(value, flow=True)
        if isinstance(value, Mapping):
            inner = ", ".join(
                f"{render_scalar(k, flow=True)}: {self.flow(v)}" for k, v in value.items()
            )
            return "{" + inner + "}"
        return "[" + ", ".join(self.flow(v) for v in value) + "]"

    def _lines_text(self, lines: list[str]) -> str:
        return "".join(line + self.newline for line in lines)

    def _insert_lines(self, at: int, lines: list[str]) -> None:
        """Insert whole lines at ``at`` (a line start, or the end of the text)."""
        text = self._lines_text(lines)
        if at == len(self.text) and self.text and self.text[-1] not in "\n\r":
            text = self.newline + text
        self.splices.append(Splice(at, at, text))

    # ------------------------------------------------------------------ edits

    def add_entry(
        self,
        mapping: Node,
        key: str,
        value: Value,
        layout: Layout,
        *,
        parent_indent: int,
        before: str | None = None,
        after: str | None = None,
    ) -> None:
        """Add ``key: value`` to ``mapping`` (at its end, or right before the entry
        ``before`` / after the entry ``after`` when it is on lines of its own).
        ``parent_indent``: the column of the key ``mapping`` is the value of (for an empty
        one, whose entries go ``layout.step`` deeper)."""
        if isinstance(mapping, MappingNode) and mapping.flow_style and mapping.value:
            last = int(mapping.value[-1][1].end_mark.index)
            self.splices.append(
                Splice(last, last, f", {render_scalar(key, flow=True)}: {self.flow(value)}")
            )
            return
        if self.is_empty(mapping):
            lines = self.block_lines({key: value}, parent_indent + layout.step, layout)
            self._replace_empty(mapping, lines, self.flow({key: value}))
            return
        if not isinstance(mapping, MappingNode):
            raise YamlEditError("expected a mapping")
        indent = self.column(int(mapping.value[0][0].start_mark.index))
        lines = self.block_lines({key: value}, indent, layout)
        if before is not None:
            found = self.get(mapping, before)
            if found is not None and self.only_space_before(int(found[0].start_mark.index)):
                self._insert_lines(self.line_start(int(found[0].start_mark.index)), lines)
                return
        if after is not None:
            found = self.get(mapping, after)
            if found is not None:
                self._insert_lines(self.after_line(self.content_end(found[1])), lines)
                return
        self._insert_lines(self.after_line(self.content_end(mapping)), lines)

    def add_item(self, sequence: Node, item: Value, layout: Layout, *, parent_indent: int) -> None:
        """Append ``item`` to ``sequence`` (flow or block), following its layout."""
        if isinstance(sequence, SequenceNode) and sequence.flow_style and sequence.value:
            last = int(sequence.value[-1].end_mark.index)
            self.splices.append(Splice(last, last, f", {self.flow(item)}"))
            return
        if self.is_empty(sequence):
            if isinstance(item, Mapping):
                lines = self.item_lines([item], parent_indent + layout.dash, layout)
                self._replace_empty(sequence, lines, self.flow([item]))
            else:
                self.replace(sequence, f"[{self.flow(item)}]")
            return
        if not isinstance(sequence, SequenceNode):
            raise YamlEditError("expected a list")
        dash = self.column(int(sequence.start_mark.index))
        first = sequence.value[0]
        gap = self.column(int(first.start_mark.index)) - dash
        if self.text[int(sequence.start_mark.index)] != "-" or gap < 2:
            gap = layout.gap
        self._insert_lines(
            self.after_line(self.content_end(sequence)),
            self.item_lines([item], dash, Layout(layout.step, layout.dash, gap)),
        )

    def in_flow(self, node: Node) -> bool:
        """Whether ``node`` lies inside a flow collection (``{...}`` or ``[...]``)."""
        at = int(node.start_mark.index)
        stack = [self.root]
        while stack:
            here = stack.pop()
            if here is node:
                continue
            if isinstance(here, MappingNode | SequenceNode) and here.flow_style:
                if int(here.start_mark.index) < at < int(here.end_mark.index):
                    return True
                continue
            if isinstance(here, MappingNode):
                stack.extend(v for _, v in here.value)
            elif isinstance(here, SequenceNode):
                stack.extend(here.value)
        return False

    def _replace_empty(self, node: Node, lines: list[str], flow: str) -> None:
        """Replace an empty value (``{}``, ``[]`` or nothing) with block ``lines``, or
        with ``flow`` inside a flow collection."""
        if self.in_flow(node):
            self.replace(node, flow)
            return
        start, end = int(node.start_mark.index), int(node.end_mark.index)
        # Drop the space between the key's colon and the value ("topics: {}" -> "topics:").
        while start > 0 and self.text[start - 1] == " ":
            start -= 1
        body = self.newline + self.newline.join(lines)
        if end < len(self.text) and self.text[end] not in "\r\n":
            body += self.newline  # something (a comment) followed the value on its line
        elif end >= len(self.text):
            body += self.newline
        self.splices.append(Splice(start, end, body))

    def replace(self, node: Node, new: str) -> None:
        """Replace a scalar's (or flow collection's) text with ``new``."""
        start, end = int(node.start_mark.index), int(node.end_mark.index)
        old = self.text[start:end]
        # A block scalar ("|" or ">") ends after its line break(s): keep one.
        tail = old[len(old.rstrip("\r\n")) :]
        if tail and isinstance(node, ScalarNode) and node.style in ("|", ">"):
            new += self.newline
        self.splices.append(Splice(start, end, new))

    def remove_entry(self, mapping: Node, key: str) -> None:
        """Remove the entry ``key`` of ``mapping`` with its value's lines."""
        if not isinstance(mapping, MappingNode):
            raise YamlEditError("expected a mapping")
        pairs = self.entries(mapping)
        index = next((i for i, (k, _) in enumerate(pairs) if k.value == key), None)
        if index is None:
            raise YamlEditError(f'"{key}" is not in the file')
        key_node, value = pairs[index]
        if mapping.flow_style:
            self._remove_flow(
                [(int(k.start_mark.index), int(v.end_mark.index)) for k, v in pairs], index
            )
            return
        self._remove_lines(int(key_node.start_mark.index), self.content_end(value))

    def remove_item(self, sequence: Node, index: int) -> None:
        """Remove item ``index`` of ``sequence`` with its lines."""
        if not isinstance(sequence, SequenceNode) or not 0 <= index < len(sequence.value):
            raise YamlEditError(f"there is no item {index + 1} in the list")
        items = sequence.value
        if sequence.flow_style:
            self._remove_flow(
                [(int(n.start_mark.index), int(n.end_mark.index)) for n in items], index
            )
            return
        item = items[index]
        dash = self.text.rfind("-", 0, int(item.start_mark.index))
        self._remove_lines(dash, self.content_end(item))

    def _remove_lines(self, start: int, end: int) -> None:
        if not self.only_space_before(start):
            raise YamlEditError("the entry shares its line with another; edit it by hand")
        self.splices.append(Splice(self.line_start(start), self.after_line(end), ""))

    def _remove_flow(self, ranges: list[tuple[int, int]], index: int) -> None:
        start, end = ranges[index]
        if index + 1 < len(ranges):
            end = ranges[index + 1][0]
        elif index > 0:
            start = ranges[index - 1][1]
        self.splices.append(Splice(start, end, ""))

    # ------------------------------------------------------------------ result

    def result(self) -> str:
        """The text with every splice made (they must not overlap)."""
        ordered = sorted(enumerate(self.splices), key=lambda p: (p[1].start, p[1].end, p[0]))
        out: list[str] = []
        pos = 0
        for _, splice in ordered:
            if splice.start < pos:
                raise YamlEditError("internal: overlapping edits")
            out.append(self.text[pos : splice.start])
            out.append(splice.new)
            pos = splice.end
        out.append(self.text[pos:])
        return "".join(out)
