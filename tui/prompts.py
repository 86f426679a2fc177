"""What a party pane lists: each topic's and each quote's entry, built and measured.

An option list measures every option before it draws any, so the entries here are
:class:`Prompt` visuals that count their height from their plain text and build their
Content only when drawn (a large file has thousands of quotes).  No widget here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.css.styles import RulesMap
from textual.css.types import TextOverflow, TextWrap
from textual.geometry import Spacing
from textual.strip import Strip
from textual.style import Style
from textual.visual import Padding, RenderOptions, Visual

from positions.model import (
    SILENCE_GLYPH,
    SILENCE_LABEL,
    Basis,
    Position,
    Quote,
    QuoteKind,
    Stance,
)
from positions.text import has_own_quotation_marks
from tui.safe import one_line
from tui.workarounds.drawing import wrap_offsets, wrapped_line_count

__all__ = [
    "STANCE_STYLES",
    "Prompt",
    "basis_style",
    "forget_quote_prompts",
    "position_prompt",
    "quote_prompt",
    "stance_badge",
    "stance_style",
]

#: Theme-aware styles for stance badges: a chip with its own background, so the badge
#: stays readable on the highlighted row too (the glyph and word carry the meaning).
STANCE_STYLES: dict[Stance, str] = {
    Stance.SUPPORTS: "bold $text-success on $success-muted",
    Stance.OPPOSES: "bold $text-error on $error-muted",
    Stance.CONDITIONAL: "bold $text-warning on $warning-muted",
    Stance.UNDECIDED: "bold $text-secondary on $secondary-muted",
}


def stance_style(stance: Stance, basis: Basis = Basis.STATED) -> str:
    """The badge style of ``stance`` known by ``basis``: bold when ``stated`` (the
    strongest evidence), italic and not bold otherwise, so that only a stated stance
    looks strong, with or without colour."""
    style = STANCE_STYLES[stance]
    return style if basis is Basis.STATED else style.replace("bold ", "italic ", 1)


def basis_style(basis: Basis) -> str:
    """The style of a basis's mark and word: bold for ``stated``, muted italic otherwise."""
    return "bold" if basis is Basis.STATED else "italic $text-muted"


def stance_badge(stance: Stance | None, basis: Basis = Basis.STATED) -> Content:
    """``✔ supports``-style badge: glyph and word, readable without colour (italic, not
    bold, when the stance is not ``stated``)."""
    if stance is None:
        return Content.styled(f"{SILENCE_GLYPH} {SILENCE_LABEL}", "italic")
    return Content.styled(f" {stance.label} ", stance_style(stance, basis))


#: The control characters ``Content`` drops from text (so a prompt's plain lines match).
_CONTENT_DROPS = dict.fromkeys((7, 8, 11, 12, 13))
_HAS_CONTENT_DROPS = re.compile("[\x07\x08\x0b\x0c\x0d]").search


class Prompt(Visual):
    """An option's prompt: built as Content only when first drawn, measured without it.

    An option list measures *every* option (its height at the list's width) before it
    draws any, and again after each resize; measuring Content means wrapping it, which
    costs a few hundred milliseconds for the thousands of quotes of a large file.  The
    height here is counted from the plain lines with the function Content wraps with
    (:func:`tui.workarounds.wrapped_line_count`), cached per width, so measuring is cheap
    and only the options on screen are ever built.  ``segments`` are ``(text, style)`` pairs (style
    ``""`` for none) whose texts make the plain text; ``indent`` cells go on the left.
    ``short``: the prompt drawn instead below ``short_below`` cells (a narrow pane shows
    marks where a wide one has words).
    """

    def __init__(
        self,
        segments: Sequence[tuple[str, str]],
        indent: int = 0,
        *,
        short: Prompt | None = None,
        short_below: int = 0,
    ) -> None:
        self._segments: tuple[tuple[str, str], ...] | None = tuple(segments)
        self._build: Callable[[], Sequence[tuple[str, str]]] | None = None
        self._indent = indent
        self._short = short
        self._short_below = short_below
        self._lines: list[str] | None = None
        self._content: Content | None = None
        self._heights: dict[tuple[int, TextWrap, TextOverflow], int] = {}

    @classmethod
    def deferred(cls, build: Callable[[], Sequence[tuple[str, str]]], indent: int = 0) -> Prompt:
        """A prompt whose ``segments`` are made by ``build()`` when it is first measured or
        drawn: a pane not shown yet (the tabbed layout shows one) never measures its
        options, so a large file's quotes in the other panes cost nothing before the first
        frame."""
        prompt = cls((), indent)
        prompt._segments = None
        prompt._build = build
        return prompt

    @property
    def made(self) -> bool:
        """Whether the segments are made (a :meth:`deferred` prompt not measured or drawn
        yet: not)."""
        return self._segments is not None

    @property
    def segments(self) -> tuple[tuple[str, str], ...]:
        """``(text, style)`` pairs whose texts make the prompt's plain text."""
        if self._segments is None:
            assert self._build is not None
            self._segments = tuple(self._build())
            self._build = None
        return self._segments

    @property
    def lines(self) -> list[str]:
        """The prompt's lines as shown (before wrapping)."""
        if self._lines is None:
            plain = "".join(text for text, _ in self.segments)
            if _HAS_CONTENT_DROPS(plain):  # seldom: translate is slow, and runs per quote
                plain = plain.translate(_CONTENT_DROPS)
            self._lines = plain.split("\n")
        return self._lines

    @property
    def content(self) -> Content:
        """The prompt as Content (without the indent), built on first use."""
        if self._content is None:
            self._content = Content.assemble(
                *((text, style) if style else Content(text) for text, style in self.segments)
            )
        return self._content

    def __str__(self) -> str:
        return "\n".join(self.lines)

    def _pick(self, width: int) -> Prompt:
        """The prompt drawn at ``width``: this one, or its short form below its width."""
        if self._short is not None and width < self._short_below:
            return self._short
        return self

    def _visual(self, width: int | None = None) -> Visual:
        if width is not None and self._pick(width) is not self:
            return self._pick(width)._visual(width)
        content = self.content
        return Padding(content, Spacing(0, 0, 0, self._indent)) if self._indent else content

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """The width of the prompt's Content (built for it)."""
        return self._visual().get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        """Lines at ``width``: counted from the plain lines (cached per width) in the
        common case (wrap, fold, no line padding), else measured on the Content."""
        if self._pick(width) is not self:
            return self._pick(width).get_height(rules, width)
        wrap: TextWrap = rules.get("text_wrap", "wrap")
        overflow: TextOverflow = rules.get("text_overflow", "fold")
        if wrap != "wrap" or overflow != "fold" or rules.get("line_pad", 0):
            return self._visual(width).get_height(rules, width)  # not the common case: exact
        key = (width, wrap, overflow)
        height = self._heights.get(key)
        if height is None:
            inner = max(1, width - self._indent)
            height = 0
            for line in self.lines:
                if len(line) <= inner and (line.isascii() or cell_len(line) <= inner):
                    height += 1  # fits (an ASCII line has as many cells as characters)
                else:
                    height += wrapped_line_count(line, inner)
            self._heights[key] = height
        return height

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """The prompt drawn as its Content draws, exactly as many lines as
        :meth:`get_height` measured (see :meth:`draw_plainly`)."""
        if self._pick(width) is not self:
            return self._pick(width).render_strips(width, height, style, options)
        strips = self.draw_plainly(width, style, options)
        if strips is None:
            strips = self._visual().render_strips(width, height, style, options)
        elif height is not None:
            strips = strips[:height]
        # Exactly as many lines as measured, whatever happens: the list indexes them.
        measured = self._heights.get((width, "wrap", "fold"))
        if measured is not None and len(strips) != measured:
            blank = Strip.blank(width, style.rich_style)
            strips = [*strips[:measured], *[blank] * (measured - len(strips))]
        return strips

    def draw_plainly(
        self, width: int, style: Style, options: RenderOptions
    ) -> list[Strip] | None:
        """The lines :meth:`render_strips` draws, drawn from the segments without building
        Content, in the common case (left-aligned text that wraps and folds, no
        selection, no tab or control character): ``None`` otherwise.

        The same lines, broken where Content breaks them (:func:`wrap_offsets`), in the
        same styles, without the offset Content sets in each segment's style for text
        selection (an option list has none): building, wrapping and drawing the Content
        was half the time a party pane took to draw its first frame, and a style made
        for each segment made every later step on it miss its cache.
        """
        get_rule = options.rules.get
        inner = width - self._indent
        if (
            inner < 2  # (a wide character may not fit: Content crops it)
            or options.selection is not None
            or options.post_style is not None
            or get_rule("text_wrap", "wrap") != "wrap"
            or get_rule("text_overflow", "fold") != "fold"
            or get_rule("text_align", "left") not in ("left", "start")
            or get_rule("line_pad", 0)
        ):
            return None
        segments = self.segments
        if any(_NOT_PLAIN(text) for text, _ in segments):
            return None
        styles: dict[str, RichStyle] = {}
        lines: list[list[tuple[str, RichStyle]]] = [[]]
        for text, name in segments:
            rich_style = styles.get(name)
            if rich_style is None:
                # As Content draws a span: its style over the base, over the base again.
                spans = [style, options.get_style(name)] if name else [style]
                rich_style = styles[name] = (style + Style.combine(spans)).rich_style
            for number, part in enumerate(text.split("\n")):
                if number:
                    lines.append([])
                if part:
                    lines[-1].append((part, rich_style))
        strips: list[Strip] = []
        pad, indent = style.rich_style, self._indent
        for runs in lines:
            line = "".join(text for text, _ in runs)
            starts = [0, *wrap_offsets(line, inner)]
            for number, start in enumerate(starts):
                last = number == len(starts) - 1
                end = len(line) if last else starts[number + 1]
                piece = line[start:end] if last else line[start:end].rstrip()
                cells = cell_len(piece)
                if cells > inner or (len(piece) > inner and piece[-1:].isspace()):
                    return None  # cropped by Content (not seen from a wrap that folds)
                strip = Strip(_cut(runs, start, start + len(piece)), cells)
                # (Padded as Textual's Padding pads: only when indented.)
                strips.append(strip.crop_pad(inner, indent, 0, pad) if indent else strip)
        return strips


#: Text Content does not draw as it is: control characters (dropped or shown as
#: escapes) and tabs (expanded); a newline only breaks the line.
_NOT_PLAIN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]").search


def _cut(runs: list[tuple[str, RichStyle]], start: int, end: int) -> list[Segment]:
    """The segments of the characters ``start:end`` of a line made of ``runs``."""
    segments: list[Segment] = []
    offset = 0
    for text, rich_style in runs:
        after = offset + len(text)
        if after > start and offset < end:
            segments.append(Segment(text[max(0, start - offset) : end - offset], rich_style))
        offset = after
        if offset >= end:
            break
    return segments


#: Topic entries built, by what they show (see :func:`position_prompt`): as
#: :data:`_QUOTE_PROMPTS`, so that a pane shown again for another version draws an entry
#: unchanged from its drawing kept (``MeasuredOptionList.set_options``).
_POSITION_PROMPTS: dict[tuple[object, ...], Prompt] = {}


def position_prompt(title: str, position: Position | None) -> Prompt:
    """A topic's entry: its title, the stance badge and basis (or the silence) and the
    summary.  The basis is a mark and a word (``✔ supports  ○ implied``); where the pane
    is too narrow for that line, the mark alone (``✔ supports ○``).  The same entry for
    the same title, stance, basis, summary and whether it has quotes."""
    key: tuple[object, ...] = (title,) if position is None else (
        title, position.stance, position.basis, position.summary, bool(position.quotes)
    )
    return _kept(_POSITION_PROMPTS, key, lambda: _position_prompt(title, position))


def _position_prompt(title: str, position: Position | None) -> Prompt:
    if position is None:
        return Prompt([(one_line(title), "bold"), ("\n", ""),
                       (f"{SILENCE_GLYPH} {SILENCE_LABEL}", "italic")])

    def prompt(basis_text: str, short: Prompt | None = None, short_below: int = 0) -> Prompt:
        stance, basis = position.stance, position.basis
        segments = [
            (one_line(title), "bold"), ("\n", ""),
            (f" {stance.label} ", stance_style(stance, basis)),
            (" ", ""), (basis_text, basis_style(basis)),
        ]
        if not position.quotes:
            segments.append((" · no quotes", "$text-muted"))
        if position.summary:
            segments += [("\n", ""), (one_line(position.summary), "")]
        return Prompt(segments, short=short, short_below=short_below)

    basis = position.basis
    badge_line = f" {position.stance.label}  {basis.label}"
    if not position.quotes:
        badge_line += " · no quotes"
    return prompt(basis.label, prompt(basis.mark), cell_len(badge_line))


#: Quote entries built, by what they show (text, speaker, kind): the panes built again
#: after a change to the file reuse them, measured heights and all, instead of building
#: (and measuring) thousands again.  Emptied when it holds :data:`_MOST_KEPT`.
_QUOTE_PROMPTS: dict[tuple[str, str | None, QuoteKind], Prompt] = {}
_MOST_KEPT = 20_000
_Key = TypeVar("_Key")


def _kept(kept: dict[_Key, Prompt], key: _Key, make: Callable[[], Prompt]) -> Prompt:
    """The entry kept under ``key``, else ``make()``'s, kept (all emptied first when
    :data:`_MOST_KEPT` are kept)."""
    found = kept.get(key)
    if found is None:
        if len(kept) >= _MOST_KEPT:
            kept.clear()
        found = kept[key] = make()
    return found


def forget_quote_prompts() -> None:
    """Empty the kept quote and topic entries (they outlive a reader: another reader in
    the same process, as in the tests, gets the entries the last one made and measured)."""
    _QUOTE_PROMPTS.clear()
    _POSITION_PROMPTS.clear()


def quote_prompt(quote: Quote) -> Prompt:
    """A quote's entry, indented: “the words”, then who said them and how (the same
    entry for the same text, speaker and kind: a :class:`Prompt` never changes; made when
    the entry is first measured or drawn: see :meth:`Prompt.deferred`)."""
    key = (quote.text, quote.speaker, quote.kind)
    return _kept(
        _QUOTE_PROMPTS, key, lambda: Prompt.deferred(lambda: _quote_segments(quote), indent=2)
    )


def _quote_segments(quote: Quote) -> list[tuple[str, str]]:
    text = one_line(quote.text)
    if has_own_quotation_marks(text):  # the quote carries its own: none added
        words: list[tuple[str, str]] = [(text, "")]
    else:
        words = [("“", "$text-muted"), (text, ""), ("”", "$text-muted")]
    return [
        *words,
        ("\n", ""),
        ("— ", "$text-muted"),
        (one_line(quote.speaker) or "unattributed", ""),
        (f" · {quote.kind.value}", "$text-muted"),
    ]
