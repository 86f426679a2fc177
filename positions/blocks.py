"""Parsing an article's repaired text into blocks: CommonMark (markdown-it, skipped for the
plain paragraphs and headings where that is safe) or plain text split on blank lines.

The article text is the blocks' visible text joined by one blank line (:func:`_assemble`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, repeat
from operator import add
from typing import TYPE_CHECKING, Any

from positions.model import Block, BlockKind
from positions.repair import Repairs, _normalize_nfc
from positions.text import strip_bidi, strip_controls

if TYPE_CHECKING:  # imported when first needed
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

__all__ = ["parse_blocks"]


def parse_blocks(raw: str, *, markdown: bool, repairs: Repairs) -> tuple[str, tuple[Block, ...]]:
    """The article text and its blocks from repaired raw text (Markdown or plain); controls
    that parsing decodes (entities, escapes) are removed and counted in ``repairs``."""
    items = _parse_markdown(raw, plain_lines=repairs.plain_lines) if markdown else _parse_plain(raw)
    return _assemble(items, repairs)


@dataclass(slots=True)
class _Item:
    """A block before assembly: its kind, level and text (one per paragraph: not frozen,
    which would cost a slow ``object.__setattr__`` per field, nor with a ``__dict__``)."""

    kind: BlockKind
    level: int
    text: str
    code: bool = False  # literal text: keep leading spaces and inner line breaks
    trusted: bool = field(default=False, compare=False)  # only already-sanitised raw text


def _assemble(items: Sequence[_Item], repairs: Repairs) -> tuple[str, tuple[Block, ...]]:
    """Sanitise what the parser decoded, drop empty blocks, join with blank lines."""
    texts: list[str] = []
    kinds: list[BlockKind] = []
    levels: list[int] = []
    for item in items:
        t = item.text
        if not item.trusted:
            # Entities and escapes can decode to controls the raw text did not show.
            t, n = strip_controls(t)
            repairs.control += n
            t, n = strip_bidi(t)
            repairs.bidi += n
        elif "\t" in t:
            t = t.replace("\t", " ")
        t = t.strip("\n").rstrip() if item.code else t.strip()
        if t:
            texts.append(t)
            kinds.append(item.kind)
            levels.append(item.level)
    text = "\n\n".join(texts)
    if not unicodedata.is_normalized("NFC", text):  # parsing can decode a combining mark
        for i, t in enumerate(texts):
            if not unicodedata.is_normalized("NFC", t):
                texts[i], n = _normalize_nfc(t)
                repairs.normalization += n
        text = "\n\n".join(texts)
    # Each block starts after the previous one and a blank line (offsets summed in C).
    lengths = list(map(len, texts))
    starts = list(accumulate(map(add, lengths, repeat(2)), initial=0))
    starts.pop()  # where a next block would start
    return text, tuple(map(Block, kinds, starts, map(add, starts, lengths), levels))


# ---- plain text

_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")
_LINE_BREAK = re.compile(r"[^\S\n]*\n[^\S\n]*")


def _parse_plain(raw: str) -> list[_Item]:
    """Paragraphs split on blank lines; line breaks inside one become single spaces."""
    items = []
    for para in _BLANK_LINES.split(raw):
        para = para.strip()
        if para:
            items.append(_Item(BlockKind.PARAGRAPH, 0, _LINE_BREAK.sub(" ", para), trusted=True))
    return items


# ---- Markdown


@cache
def _markdown() -> MarkdownIt:
    """The CommonMark parser (markdown-it is imported on first use)."""
    from markdown_it import MarkdownIt

    class _TextMarkdown(MarkdownIt):
        """CommonMark for text extraction: link destinations are dropped, never checked.

        markdown-it refuses ``javascript:`` links and punycode-normalises URLs for safe
        HTML; we never render HTML and drop every URL, so both are skipped (the link text
        is kept whatever the destination, as CommonMark itself specifies).
        """

        def validateLink(self, url: str) -> bool:
            return True

        def normalizeLink(self, url: str) -> str:
            return url

        def normalizeLinkText(self, link: str) -> str:
            return link

    md = _TextMarkdown("commonmark")
    md.core.ruler.at("inline", _guarded_inline)
    return md


#: The budget of inline parsing.  markdown-it's inline parser can take time quadratic in
#: a block's delimiters (each "[" or "![" may scan to the end of its block for a "]";
#: "*a" repeated, "[a][" ...), so each block's cost is estimated as its delimiter
#: characters times its length.  A block with more than :data:`INLINE_DELIMITERS_PER_BLOCK`
#: delimiters, or with over :data:`INLINE_DELIMITERS_ALWAYS` once the whole article has
#: spent :data:`INLINE_COST_BUDGET`, is read as plain text (its soft line breaks as
#: spaces), with a warning; so parsing stays near-linear whatever the article holds.  A
#: real paragraph holds a few dozen delimiters and costs a few thousand.
INLINE_DELIMITERS_PER_BLOCK = 1_000
INLINE_DELIMITERS_ALWAYS = 16
INLINE_COST_BUDGET = 20_000_000
_DELIMITERS = re.compile(r"[*_\[\]!`<]")


def _read_as_plain(content: str, env: MutableMapping[str, Any]) -> bool:
    """Whether a block's inline text must be read as plain text (and charge its cost)."""
    if len(content) <= INLINE_DELIMITERS_ALWAYS:
        return False
    delimiters = len(_DELIMITERS.findall(content)) if _DELIMITERS.search(content) else 0
    if delimiters <= INLINE_DELIMITERS_ALWAYS:
        return False
    cost = delimiters * len(content)
    spent = env.get("inline_cost", 0)
    if delimiters > INLINE_DELIMITERS_PER_BLOCK or spent + cost > INLINE_COST_BUDGET:
        return True
    env["inline_cost"] = spent + cost
    return False


def _guarded_inline(state: StateCore) -> None:
    """markdown-it's ``inline`` core rule, but a block over the budget (see
    :data:`INLINE_COST_BUDGET`) gets one text token, and its first line (0-based) is
    noted in ``env["plain_lines"]``."""
    from markdown_it.token import Token

    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        if _read_as_plain(token.content, state.env):
            text = _PLAIN_LINE_BREAK.sub(" ", token.content)
            token.children.append(Token("text", "", 0, content=text))
            state.env.setdefault("plain_lines", []).append(token.map[0] if token.map else 0)
        else:
            state.md.inline.parse(token.content, state.md, state.env, token.children)


_PLAIN_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


# Constructs that can run across blank lines (fenced code, HTML blocks of kinds 1-5) or
# act at a distance (link reference definitions).  When none occurs anywhere, every blank
# line followed by a line starting in column 0 closes every open block, so the document
# can be parsed piece by piece and the plain-paragraph pieces need no parser at all.
_UNSPLITTABLE = ("```", "~~~", "]:")  # searched with str: the alternation is 2-3x slower
_UNSPLITTABLE_TAG = re.compile(r"<(?:[!?]|script|pre|style|textarea)", re.IGNORECASE)


def _unsplittable(raw: str) -> bool:
    """Whether ``raw`` holds a construct that can run across blank lines or act at a
    distance (see above)."""
    return any(s in raw for s in _UNSPLITTABLE) or _UNSPLITTABLE_TAG.search(raw) is not None


_CUT = re.compile(r"\n(?:[ \t]*\n)+(?=[^ \t\n])")
_CUT_KEEP = re.compile(rf"({_CUT.pattern})")  # the same, the cuts kept by split()

# A paragraph as far as blocks go: no line starts a block or interrupts a paragraph (no
# heading, quote, list, rule, fence, HTML block or setext underline).  A line may start
# with "[" because, without "]:" anywhere, it cannot start a link reference definition.
_SAFE_LINE_START = r"(?![0-9]{1,9}[.)](?:[ \t]|$))[^\s#>\-*+_=~`<\\&]"
_PARAGRAPH_LINES = re.compile(
    rf"{_SAFE_LINE_START}[^\n]*(?:\n[ \t]*{_SAFE_LINE_START}[^\n]*)*", re.MULTILINE
)
# An inline link with plain text and a plain destination (no title, no angle brackets, no
# parentheses, no escapes): its text is kept, its destination dropped.
_SIMPLE_LINK = re.compile(r"(?<!!)\[([^\\`*_\[\]<&]*)\]\([^\s()<>\\\[\]]*\)")
# Emphasis or strong emphasis whose delimiters can only pair with each other: the opener
# follows a space or an opening bracket or quote and precedes a letter or digit, the
# closer follows a letter or digit and precedes a space or punctuation (not * or _), and
# what lies between holds no inline syntax.
_SIMPLE_EMPHASIS = re.compile(
    r"(?<![^\s(\"'‘“])(\*\*|\*|__|_)([^\W_](?:[^\\`*_\[\]<&]*[^\W_])?)\1"
    r"(?=$|[\s.,;:!?)\"'’”])"
)
# Characters that can start an inline construct (escape, code span, emphasis, link,
# image, HTML, autolink, entity); once simple links are replaced, none may be left.
_INLINE_CHARS = "\\`*_[<&"
_INLINE_SPECIAL = re.compile(f"[{re.escape(_INLINE_CHARS)}]")
# Inside a paragraph: two or more spaces before a line break make a hard break.
_PARAGRAPH_BREAK = re.compile(r"( *)\n[ \t]*")


def _inline_syntax(raw: str, parts: list[str]) -> Iterable[object]:
    """For each piece of ``parts`` (pieces and the cuts between them, as split from
    ``raw``): whether it holds a character that can start inline syntax (truthy or not).

    The regex's character class costs about as much as the text is long (60 ms for 3.7
    MB).  So a character absent from ``raw`` is ruled out with one fast scan, and when
    those present are fewer than the pieces, each is placed in its piece by its offset.
    """
    pieces = parts[0::2]
    present = [c for c in _INLINE_CHARS if c in raw]
    if not present:
        return repeat(None, len(pieces))
    if sum(raw.count(c) for c in present) > len(pieces):
        return map(_INLINE_SPECIAL.search, pieces)
    starts = list(accumulate(map(len, parts), initial=0))[0::2]  # each piece's offset
    holds: list[object] = [None] * len(pieces)
    for c in present:
        at = raw.find(c)
        while at >= 0:
            holds[bisect_right(starts, at) - 1] = True
            at = raw.find(c, at + 1)
    return holds


def _paragraph_break(m: re.Match[str]) -> str:
    return "\n" if len(m.group(1)) >= 2 else " "


def _plain_paragraph(piece: str) -> str | None:
    """The text of a piece that is one plain paragraph (what markdown-it would give)."""
    if not _PARAGRAPH_LINES.fullmatch(piece):
        return None
    return _paragraph_text(piece)


def _paragraph_text(piece: str) -> str | None:
    """:func:`_plain_paragraph` for a piece whose lines are known to be paragraph lines."""
    text = piece.strip()
    if "[" in text:
        text = _SIMPLE_LINK.sub(r"\1", text)
    if "*" in text or "_" in text:
        text = _SIMPLE_EMPHASIS.sub(r"\2", text)
    if _INLINE_SPECIAL.search(text):
        return None
    if "\n" in text:
        text = _PARAGRAPH_BREAK.sub(_paragraph_break, text)
    return text


# An ATX heading on a line of its own, its text holding no inline syntax and not ending in
# "#" (a closing sequence): "## Session 2".
_PLAIN_HEADING = re.compile(r"(#{1,6})[ \t]+([^\n]*[^\s#])[ \t]*")


def _plain_heading(piece: str) -> _Item | None:
    """The heading a piece is, if it is one simple heading (what markdown-it would give)."""
    m = _PLAIN_HEADING.fullmatch(piece)
    if m is None or _INLINE_SPECIAL.search(m.group(2)):
        return None
    return _Item(BlockKind.HEADING, len(m.group(1)), m.group(2).strip(" \t"), trusted=True)


def _parse_markdown(
    raw: str, *, fast: bool = True, plain_lines: list[int] | None = None
) -> list[_Item]:
    """CommonMark blocks as items; plain paragraphs and headings skip markdown-it when that
    is safe.

    ``fast=False`` parses the whole document with markdown-it (the reference result).
    The 1-based line of every block read as plain text (over
    :data:`INLINE_DELIMITER_BUDGET`) is appended to ``plain_lines``.
    """
    raw = raw.rstrip()
    env: dict[str, Any] = {}
    if not fast or _unsplittable(raw):
        whole = _walk_tokens(_markdown().parse(raw, env))
        if plain_lines is not None:
            plain_lines.extend(line + 1 for line in env.get("plain_lines", ()))
        return whole
    # Split at cut points into pieces; each piece is either a plain paragraph (handled
    # here) or parsed with markdown-it, all of the latter together in one parse.  The
    # regular expressions are mapped over the pieces (no Python call per piece); most
    # pieces are one plain paragraph without inline syntax, read with str methods alone.
    parts = _CUT_KEEP.split(raw)  # piece, cut, piece, ..., piece
    pieces = parts[0::2]
    slots: list[_Item | None] = []
    parsed_pieces: list[str] = []
    parsed_slots: list[int] = []  # slot index of each parsed piece
    parsed_lines: list[int] = []  # first line of each parsed piece in the joined source
    line = 0
    paragraph = BlockKind.PARAGRAPH
    fits = map(_PARAGRAPH_LINES.fullmatch, pieces)
    specials = _inline_syntax(raw, parts)
    for piece, fit, special in zip(pieces, fits, specials, strict=True):
        if fit is None:
            text = None
        elif special is None:
            text = piece.strip()
            if "\n" in text:
                text = _PARAGRAPH_BREAK.sub(_paragraph_break, text)
        else:
            text = _paragraph_text(piece)
        heading = _plain_heading(piece) if text is None and piece[:1] == "#" else None
        if text is not None:
            slots.append(_Item(paragraph, 0, text, False, True))
        elif heading is not None:
            slots.append(heading)
        else:
            parsed_slots.append(len(slots))
            parsed_lines.append(line)
            parsed_pieces.append(piece)
            line += piece.count("\n") + 2
            slots.append(None)
    if not parsed_pieces:
        return [s for s in slots if s is not None]
    per_slot: dict[int, list[_Item]] = {}
    parsed = _markdown().parse("\n\n".join(parsed_pieces), env)
    if plain_lines is not None and env.get("plain_lines"):
        bounds = [0]  # every piece's start and end in raw
        for m in _CUT.finditer(raw):
            bounds.extend((m.start(), m.end()))
        counted = lines_before = 0  # raw[:counted] holds lines_before line breaks
        for src_line in sorted(env["plain_lines"]):
            k = bisect_right(parsed_lines, src_line) - 1
            start = bounds[2 * parsed_slots[k]]
            lines_before += raw.count("\n", counted, start)
            counted = start
            plain_lines.append(lines_before + src_line - parsed_lines[k] + 1)
    for src_line, item in _walk_tokens_with_lines(parsed):
        slot = parsed_slots[bisect_right(parsed_lines, src_line) - 1]
        per_slot.setdefault(slot, []).append(item)
    items: list[_Item] = []
    for i, s in enumerate(slots):
        if s is not None:
            items.append(s)
        else:
            items.extend(per_slot.get(i, ()))
    return items


def _walk_tokens(tokens: Sequence[Token]) -> list[_Item]:
    return [item for _, item in _walk_tokens_with_lines(tokens)]


def _walk_tokens_with_lines(tokens: Sequence[Token]) -> list[tuple[int, _Item]]:
    """The blocks of a markdown-it token stream, each with its first source line."""
    out: list[tuple[int, _Item]] = []
    containers: list[str] = []  # "item" / "quote", innermost last
    list_depth = quote_depth = 0
    heading = 0  # level of the heading being read, 0 when in a paragraph
    opener_line = 0
    for tok in tokens:
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif t in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif t == "list_item_open":
            containers.append("item")
        elif t == "blockquote_open":
            containers.append("quote")
            quote_depth += 1
        elif t in ("list_item_close", "blockquote_close"):
            if containers.pop() == "quote":
                quote_depth -= 1
        elif t == "heading_open":
            heading = int(tok.tag[1:])
            opener_line = tok.map[0] if tok.map else opener_line
        elif t == "paragraph_open":
            heading = 0
            opener_line = tok.map[0] if tok.map else opener_line
        elif t == "inline":
            children = tok.children or []
            if heading:
                item = _Item(BlockKind.HEADING, heading, _render_inline(children))
                out.append((opener_line, item))
            else:
                if containers and containers[-1] == "item":
                    kind, level = BlockKind.LIST_ITEM, list_depth
                elif containers:
                    kind, level = BlockKind.BLOCKQUOTE, quote_depth
                else:
                    kind, level = BlockKind.PARAGRAPH, 0
                for item in _paragraph_items(children, kind, level):
                    out.append((opener_line, item))
        elif t in ("fence", "code_block"):
            line = tok.map[0] if tok.map else opener_line
            out.append((line, _Item(BlockKind.PARAGRAPH, 0, tok.content, code=True)))
        elif t == "html_block":
            line = tok.map[0] if tok.map else opener_line
            out.append((line, _Item(BlockKind.PARAGRAPH, 0, tok.content)))
    return out


def _render_inline(tokens: Sequence[Token]) -> str:
    """Visible text: link text without URL, alt text for images, no emphasis markers."""
    parts: list[str] = []
    for tok in tokens:
        t = tok.type
        if t in ("text", "text_special", "code_inline", "html_inline"):
            parts.append(tok.content)
        elif t == "softbreak":
            parts.append(" ")
        elif t == "hardbreak":
            parts.append("\n")
        elif t == "image":
            parts.append(_render_inline(tok.children or []))
    return "".join(parts)


def _is_image_line(tokens: Sequence[Token]) -> bool:
    """A line of a paragraph holding one image and nothing else (maybe inside a link)."""
    images = 0
    for tok in tokens:
        if tok.type == "image":
            images += 1
        elif not (
            tok.type in ("link_open", "link_close")
            or (tok.type == "text" and not tok.content.strip())
        ):
            return False
    return images == 1


def _paragraph_items(children: Sequence[Token], kind: BlockKind, level: int) -> list[_Item]:
    """A paragraph's blocks: an image on a line of its own becomes an IMAGE block."""
    if not any(tok.type == "image" for tok in children):
        return [_Item(kind, level, _render_inline(children))]
    lines: list[list[Token]] = [[]]
    breaks: list[Token] = []
    for tok in children:
        if tok.type in ("softbreak", "hardbreak"):
            breaks.append(tok)
            lines.append([])
        else:
            lines[-1].append(tok)
    if not any(_is_image_line(line) for line in lines):
        return [_Item(kind, level, _render_inline(children))]
    items: list[_Item] = []
    run: list[Token] = []
    for i, line in enumerate(lines):
        if _is_image_line(line):
            if run:
                items.append(_Item(kind, level, _render_inline(run[:-1])))  # drop the break
                run = []
            items.append(_Item(BlockKind.IMAGE, 0, _render_inline(line)))
        else:
            run.extend(line)
            if i < len(breaks):
                run.append(breaks[i])
    if run:
        if run[-1].type in ("softbreak", "hardbreak"):
            run.pop()
        items.append(_Item(kind, level, _render_inline(run)))
    return items
