"""Loading an article: read safely, repair, parse Markdown or plain text into blocks.

The article text a reader sees (``Article.text``) is the visible text of the blocks joined
by one blank line.  Repairs (mojibake, control sequences, bidi controls, NFC) are applied
to the raw text *before* parsing, so every offset refers to the final text.
"""

from __future__ import annotations

import codecs
import re
import stat
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from positions.model import Article, Block, BlockKind, Repair
from positions.text import C1_SEQUENCE, strip_bidi, strip_controls

if TYPE_CHECKING:  # imported when first needed: most articles never need ftfy
    import ftfy
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = [
    "MARKDOWN_SUFFIXES",
    "MAX_ARTICLE_BYTES",
    "TEXT_SUFFIXES",
    "ArticleError",
    "load_article",
    "parse_article",
    "read_article",
]

#: The largest article accepted, in bytes.
MAX_ARTICLE_BYTES = 16 * 1024 * 1024

MARKDOWN_SUFFIXES = (".md", ".markdown")
TEXT_SUFFIXES = (".txt",)

_MIB = 1024 * 1024


class ArticleError(Exception):
    """The article cannot be loaded; ``message`` says why, for a human."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- loading


def load_article(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """Read, check, repair and parse the article at ``path``.

    Raises :class:`ArticleError` when the file is missing, not a regular file, unreadable,
    too large, binary, not UTF-8 (a UTF-8 BOM is allowed), empty, or not ``.md``,
    ``.markdown`` or ``.txt`` (see :func:`read_article`), or has no readable text.
    """
    path = Path(path)
    return parse_article(read_article(path, max_bytes), path)


def read_article(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> str:
    """The decoded text of the article at ``path``, after the cheap checks only.

    The checks are those of :func:`load_article` that need no parsing: the file exists,
    is a regular file, readable, of a supported type, within ``max_bytes``, not binary,
    valid UTF-8 and not empty (:class:`ArticleError` otherwise).  Pass the text to
    :func:`parse_article`.
    """
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ArticleError("file not found") from None
    except PermissionError:
        raise ArticleError("cannot read the file: permission denied") from None
    except OSError as exc:
        raise ArticleError(f"cannot read the file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ArticleError("is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise ArticleError("is not a regular file")
    _check_suffix(path)
    if st.st_size > max_bytes:
        raise ArticleError(_too_large(st.st_size, max_bytes))
    try:
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except PermissionError:
        raise ArticleError("cannot read the file: permission denied") from None
    except OSError as exc:
        raise ArticleError(f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # it grew after stat
        raise ArticleError(_too_large(len(data), max_bytes))
    return _decode(data)


def _check_suffix(path: Path) -> bool:
    """True for Markdown, False for plain text; ``ArticleError`` for anything else."""
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return True
    if suffix in TEXT_SUFFIXES:
        return False
    shown = f'"{path.suffix}"' if path.suffix else "no suffix"
    raise ArticleError(f"unsupported article type ({shown}): use a .md, .markdown or .txt file")


def _fmt_size(n: int) -> str:
    if n >= _MIB:
        return f"{n / _MIB:.1f}".removesuffix(".0") + " MB"
    if n >= 1024:
        return f"{n / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{n} bytes"


def _too_large(size: int, limit: int) -> str:
    shown, shown_limit = _fmt_size(size), _fmt_size(limit)
    if shown == shown_limit:  # 16 MB + 1 byte must not read "16 MB; the limit is 16 MB"
        shown, shown_limit = f"{size:,} bytes", f"{limit:,} bytes"
    return f"article is {shown}; the limit is {shown_limit}"


def _decode(data: bytes) -> str:
    """Decode UTF-8 (dropping a BOM); reject binary data and empty text."""
    nul = data.find(b"\0")
    if nul >= 0:
        raise ArticleError(
            f"looks like a binary file (NUL byte at byte offset {nul}), not a text article"
        )
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        raw = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        line = data.count(b"\n", 0, offset) + 1
        raise ArticleError(
            f"is not valid UTF-8: byte 0x{data[offset]:02x} at byte offset {offset} "
            f"(line {line}) cannot be decoded; save the article as UTF-8"
        ) from None
    if not raw:
        raise ArticleError("the article is empty")
    if raw.isspace():
        raise ArticleError("the article holds only whitespace")
    return raw


# --------------------------------------------------------------------------- repairs


@cache
def _ftfy_config() -> ftfy.TextFixerConfig:
    """ftfy's settings for the mojibake repair (ftfy is imported on first use)."""
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,  # strip_controls does that, and counts it
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=False,  # a lone C1 character is a control to strip, not "â€" residue
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


def _mojibake_hint() -> re.Pattern[str]:
    """A cheap necessary condition for ftfy's badness heuristic, as one character class.

    With the config above, ftfy changes a line only when ``ftfy.badness.is_bad`` finds
    a suspicious sequence in it, and that heuristic is a slow regular expression.  Every
    one of its alternatives holds at least one character of the classes below (or one
    of the two-character Cyrillic/Greek forms), so lines without a match are skipped.
    ``tests/test_article.py`` checks the implication on random text.

    This imports ftfy; the module uses the same pattern written out
    (:data:`_MOJIBAKE_HINT_PATTERN`, checked equal by the tests), so that reading an
    article imports ftfy only when a line may hold mojibake.
    """
    from ftfy.badness import MOJIBAKE_CATEGORIES

    m = MOJIBAKE_CATEGORIES
    single = "".join(
        m[k]
        for k in (
            "c1",
            "bad",
            "law",
            "currency",
            "numeric",
            "upper_accented",
            "lower_accented",
            "box",
        )
    )
    pair = m["start_punctuation"] + m["end_punctuation"]
    return re.compile(f"[{single}ŒœרÙàÂÃÎÐ√≈Ђ]|[ВГРСΒΓΞΟ][{pair}°µ]")


# _mojibake_hint().pattern, written out (ftfy 6.3).
_MOJIBAKE_HINT_PATTERN = (
    "[\x80-\x9f\xa6\xa4\xa8\xac\xaf\xb8\u0192\u02c6\u02c7\u02d8\u02db\u02dc"
    "\u2020\u2021\u2030\u2310\u25ca\ufffd\xaa\xba\xb6\xa7\xa2\xa3\xa5\u20a7"
    "\u20ac\xb2\xb3\xb9\xb1\xbc\xbd\xbe\xd7\xb5\xf7\u2044\u2202\u2206\u220f"
    "\u2211\u221a\u221e\u2229\u222b\u2248\u2260\u2261\u2264\u2265\u2116\xc0-\xd1"
    "\xd8\xdc\xdd\u0102\u0100\u0104\u0106\u010c\u010e\u0110\u0118\u011a\u0112"
    "\u0116\u011e\u0122\u0130\u012a\u0136\u0139\u013d\u0141\u013b\u0143\u0147"
    "\u0145\u0152\u0158\u015a\u015e\u0160\u0162\u0164\u016e\u0170\u0178\u0179"
    "\u017b\u017d\u0490\xdf\xe0-\xf1\u0103\u0105\u0101\u0107\u010d\u010f\u0111"
    "\u0119\u011b\u0113\u0117\u011f\u0123\u012f\u012b\u0137\u013a\u013e\u0142"
    "\u013c\u0153\u0155\u015b\u015f\u0161\u0165\xfc\u017a\u017c\u017e\u0491"
    "\ufb01\ufb02\u2502\u250c\u2510\u2518\u251c\u2524\u252c\u253c\u2550-\u256c"
    "\u2580\u2584\u2588\u258c\u2590\u2591\u2592\u2593\u0152\u0153\u05e8\xd9\xe0"
    "\xc2\xc3\xce\xd0\u221a\u2248\u0402]|[\u0412\u0413\u0420\u0421\u0392\u0393"
    "\u039e\u039f][\xa1\xab\xbf\xa9\u0384\u0385\u2018\u201a\u201c\u201e\u2022"
    "\u2039\uf8ff\xae\xbb\u02dd\u201d\u203a\u2122\xb0\xb5]"
)
_MOJIBAKE_HINT = re.compile(_MOJIBAKE_HINT_PATTERN)


def _count_changes(before: str, after: str) -> int:
    """How many separate places differ between two lines (cheap; at least 1)."""
    n = min(len(before), len(after))
    lo = 0
    while lo < n and before[lo] == after[lo]:
        lo += 1
    hi = 0
    while hi < n - lo and before[-1 - hi] == after[-1 - hi]:
        hi += 1
    a, b = before[lo : len(before) - hi], after[lo : len(after) - hi]
    if len(a) + len(b) > 4000:
        return 1
    from difflib import SequenceMatcher

    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return max(1, sum(1 for op in ops if op[0] != "equal"))


# UTF-8 read as Latin-1 or sloppy Windows-1252 leaves C1 characters only right after
# another character of the mojibake (a lead byte such as Ã or â, or a continuation byte
# such as €): "â€\x9d" for ”.  A C1 control after anything else (ASCII, a space, the
# start of a line) is a terminal control, not mojibake, and ftfy must not turn it into a
# printable character ("\x9b31m" would become "›31m"); such sequences go first.
_CP1252_SPECIALS = bytes(range(0x80, 0xA0)).decode("windows-1252", errors="ignore")
_LONE_C1 = re.compile(f"(?<![\x80-\xff{_CP1252_SPECIALS}])(?:{C1_SEQUENCE})")


def _fix_encoding(text: str) -> tuple[str, int, int]:
    """Remove lone C1 control sequences, then fix mojibake with ftfy.

    Returns the text, the number of mojibake places fixed and of C1 sequences removed.
    """
    if text.isascii() or not _MOJIBAKE_HINT.search(text):
        return text, 0, 0
    text, controls = _LONE_C1.subn("", text)
    text, fixed = _fix_mojibake(text)
    return text, fixed, controls


def _fix_text(line: str) -> str:
    """``ftfy.fix_text`` with :func:`_ftfy_config`."""
    import ftfy

    fixed: str = ftfy.fix_text(line, _ftfy_config())
    return fixed


def _fix_mojibake(text: str) -> tuple[str, int]:
    """Fix mojibake with ftfy, line by line, on the lines that can hold any.

    Returns the text and the number of places fixed.  The result equals
    ``ftfy.fix_text(text, _ftfy_config())``, which also works line by line.
    """
    if text.isascii():
        return text, 0
    pieces: list[str] = []
    count = 0
    done = 0  # text[:done] is copied to pieces
    pos = 0  # text[:pos] is checked
    while (m := _MOJIBAKE_HINT.search(text, pos)) is not None:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.start())
        if end < 0:
            end = len(text)
        line = text[start:end]
        fixed = _fix_text(line)
        if fixed != line:
            count += _count_changes(line, fixed)
            pieces.append(text[done:start])
            pieces.append(fixed)
            done = end
        pos = end
    if not count:
        return text, 0
    pieces.append(text[done:])
    return "".join(pieces), count


def _normalize_nfc(text: str) -> tuple[str, int]:
    """Unicode NFC; returns the text and how many places changed."""
    if unicodedata.is_normalized("NFC", text):
        return text, 0
    after = unicodedata.normalize("NFC", text)
    before_lines, after_lines = text.split("\n"), after.split("\n")
    if len(before_lines) != len(after_lines):
        return after, 1
    count = sum(
        _count_changes(b, a) for b, a in zip(before_lines, after_lines, strict=True) if b != a
    )
    return after, max(1, count)


@dataclass
class _Repairs:
    mojibake: int = 0
    control: int = 0
    bidi: int = 0
    normalization: int = 0

    def as_tuple(self) -> tuple[Repair, ...]:
        out = []
        if self.mojibake:
            out.append(
                Repair(
                    "mojibake",
                    self.mojibake,
                    f"fixed {_plural(self.mojibake, 'garbled character sequence')} "
                    "(text once decoded with the wrong encoding, such as â€“ for –)",
                )
            )
        if self.control:
            out.append(
                Repair(
                    "control",
                    self.control,
                    f"removed {_plural(self.control, 'terminal control sequence or character')}",
                )
            )
        if self.bidi:
            out.append(
                Repair(
                    "bidi",
                    self.bidi,
                    f"removed {_plural(self.bidi, 'bidirectional override or isolate control')}",
                )
            )
        if self.normalization:
            out.append(
                Repair(
                    "normalization",
                    self.normalization,
                    f"normalised {_plural(self.normalization, 'passage')} to Unicode NFC",
                )
            )
        return tuple(out)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# --------------------------------------------------------------------------- parsing


def parse_article(raw: str, path: Path) -> Article:
    """Repair and parse decoded article text; ``path``'s suffix picks Markdown or plain.

    Raises :class:`ArticleError` for an unsupported suffix or when no text is left.
    """
    path = Path(path)
    markdown = _check_suffix(path)
    repairs = _Repairs()
    raw = raw.removeprefix("\ufeff")
    raw, repairs.mojibake, c1_controls = _fix_encoding(raw)
    raw, repairs.control = strip_controls(raw, keep_tabs=markdown)
    repairs.control += c1_controls
    raw, repairs.bidi = strip_bidi(raw)
    raw, repairs.normalization = _normalize_nfc(raw)
    items = _parse_markdown(raw) if markdown else _parse_plain(raw)
    text, blocks = _assemble(items, repairs)
    if not text:
        raise ArticleError("the article has no readable text")
    return Article(path=path, text=text, blocks=blocks, repairs=repairs.as_tuple())


@dataclass(frozen=True)
class _Item:
    """A block before assembly: its kind, level and text."""

    kind: BlockKind
    level: int
    text: str
    code: bool = False  # literal text: keep leading spaces and inner line breaks
    trusted: bool = field(default=False, compare=False)  # only already-sanitised raw text


def _assemble(items: Sequence[_Item], repairs: _Repairs) -> tuple[str, tuple[Block, ...]]:
    """Sanitise what the parser decoded, drop empty blocks, join with blank lines."""
    texts: list[str] = []
    kinds: list[tuple[BlockKind, int]] = []
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
            kinds.append((item.kind, item.level))
    text = "\n\n".join(texts)
    if not unicodedata.is_normalized("NFC", text):  # parsing can decode a combining mark
        for i, t in enumerate(texts):
            if not unicodedata.is_normalized("NFC", t):
                texts[i], n = _normalize_nfc(t)
                repairs.normalization += n
        text = "\n\n".join(texts)
    blocks: list[Block] = []
    pos = 0
    for t, (kind, level) in zip(texts, kinds, strict=True):
        blocks.append(Block(kind=kind, start=pos, end=pos + len(t), level=level))
        pos += len(t) + 2
    return text, tuple(blocks)


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

    return _TextMarkdown("commonmark")


# Constructs that can run across blank lines (fenced code, HTML blocks of kinds 1-5) or
# act at a distance (link reference definitions).  When none occurs anywhere, every blank
# line followed by a line starting in column 0 closes every open block, so the document
# can be parsed piece by piece and the plain-paragraph pieces need no parser at all.
_UNSPLITTABLE = re.compile(r"```|~~~|\]:|<(?:[!?]|script|pre|style|textarea)", re.IGNORECASE)
_CUT = re.compile(r"\n(?:[ \t]*\n)+(?=[^ \t\n])")

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
_INLINE_SPECIAL = re.compile(r"[\\`*_\[<&]")
# Inside a paragraph: two or more spaces before a line break make a hard break.
_PARAGRAPH_BREAK = re.compile(r"( *)\n[ \t]*")


def _paragraph_break(m: re.Match[str]) -> str:
    return "\n" if len(m.group(1)) >= 2 else " "


def _plain_paragraph(piece: str) -> str | None:
    """The text of a piece that is one plain paragraph (what markdown-it would give)."""
    if not _PARAGRAPH_LINES.fullmatch(piece):
        return None
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


def _parse_markdown(raw: str, *, fast: bool = True) -> list[_Item]:
    """CommonMark blocks as items; plain paragraphs and headings skip markdown-it when that
    is safe.

    ``fast=False`` parses the whole document with markdown-it (the reference result).
    """
    raw = raw.rstrip()
    if not fast or _UNSPLITTABLE.search(raw):
        return _walk_tokens(_markdown().parse(raw))
    # Split at cut points into pieces; each piece is either a plain paragraph (handled
    # here) or parsed with markdown-it, all of the latter together in one parse.
    bounds = [0]
    for m in _CUT.finditer(raw):
        bounds.extend((m.start(), m.end()))
    bounds.append(len(raw))
    slots: list[_Item | None] = []
    parsed_pieces: list[str] = []
    parsed_slots: list[int] = []  # slot index of each parsed piece
    parsed_lines: list[int] = []  # first line of each parsed piece in the joined source
    line = 0
    for i in range(0, len(bounds), 2):
        piece = raw[bounds[i] : bounds[i + 1]]
        text = _plain_paragraph(piece)
        heading = _plain_heading(piece) if text is None and piece[:1] == "#" else None
        if text is not None:
            slots.append(_Item(BlockKind.PARAGRAPH, 0, text, trusted=True))
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
    for src_line, item in _walk_tokens_with_lines(_markdown().parse("\n\n".join(parsed_pieces))):
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
