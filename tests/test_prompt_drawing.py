"""A party pane's entries drawn without Content (``Prompt.draw_plainly``, issue 15): the
lines their Content draws, the same characters in the same styles, at every width, on
text made to hit every branch of the wrap (spaces in a row, words longer than the width,
wide and zero-width characters, empty lines, styles changing mid-word)."""

from __future__ import annotations

import random

import pytest
from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Spacing
from textual.strip import Strip
from textual.style import Style
from textual.visual import Padding, RenderOptions, Visual

from tui.prompts import Prompt

_PIECES = ["word", "a", "longerword", "x" * 23, " ", "  ", "\n", "\n\n", "naïve", "世界",
           "e\u0301", "—", "“quoted”", "🙂", "ok.", "end ", " · ", "\u00a0"]  # fmt: skip

#: Style names as entries use them (theme variables given fixed colours here).
_STYLES = {
    "": None,
    "bold": Style.parse("bold"),
    "$text-muted": Style.parse("#8a8a8a"),
    "italic $text-muted": Style.parse("italic #8a8a8a"),
    "bold $text-success on $success-muted": Style.parse("bold #6fcf6f on #1d3b1d"),
}


def _get_style(name: str | Style) -> Style:
    return name if isinstance(name, Style) else (_STYLES[name] or Style())


def _segments(chance: random.Random) -> list[tuple[str, str]]:
    return [
        ("".join(chance.choice(_PIECES) for _ in range(chance.randint(0, 6))),
         chance.choice(list(_STYLES)))
        for _ in range(chance.randint(1, 7))
    ]  # fmt: skip


def _cells(strips: list[Strip]) -> list[tuple[int, list[tuple[str, RichStyle | None]]]]:
    """Each line's cell length and characters with their styles, the offset a style
    carries for text selection left out (an option list has none)."""
    return [
        (
            strip.cell_length,
            [
                (character, None if s.style is None else s.style.clear_meta_and_links())
                for s in strip
                for character in s.text
            ],
        )
        for strip in strips
    ]


def _as_content_draws(segments: list[tuple[str, str]], indent: int, width: int,
                      base: Style) -> list[Strip]:  # fmt: skip
    content = Content.assemble(*((t, s) if s else Content(t) for t, s in segments))
    visual: Visual = Padding(content, Spacing(0, 0, 0, indent)) if indent else content
    return visual.render_strips(width, None, base, RenderOptions(_get_style, {}))


@pytest.mark.parametrize("width", [3, 4, 7, 12, 24, 40, 80])
@pytest.mark.parametrize("indent", [0, 2])
def test_an_entry_draws_as_its_content(width: int, indent: int) -> None:
    chance = random.Random(width * 10 + indent)
    bases = [Style(), Style.parse("#e0e0e0 on #202030"), Style.parse("bold on #303050")]
    plain, narrow = 0, width - indent < 2
    for _ in range(300):
        segments = _segments(chance)
        base = chance.choice(bases)
        prompt = Prompt(segments, indent)
        drawn = prompt.draw_plainly(width, base, RenderOptions(_get_style, {}))
        if drawn is None:  # too narrow for a wide character, or a line ending in spaces
            lines = "".join(text for text, _ in segments).split("\n")  # Content may crop
            assert narrow or any(line != line.rstrip() for line in lines), segments
            continue
        plain += 1
        assert _cells(drawn) == _cells(_as_content_draws(segments, indent, width, base)), (
            segments
        )
        # And through render_strips, as many lines as the prompt measured.
        rules = {"text_wrap": "wrap", "text_overflow": "fold"}
        height = prompt.get_height(rules, width)  # type: ignore[arg-type]
        assert len(drawn) == height, segments
    assert narrow or plain > 150, "most entries drawn without Content"


@pytest.mark.parametrize(
    "text", ["tab\there", "bell\x07", "escape \x1b[31m red", "carriage\rreturn"]
)
def test_text_content_changes_is_left_to_content(text: str) -> None:
    """Tabs and control characters: Content expands or drops them, so it draws them."""
    prompt = Prompt([(text, "bold")])
    assert prompt.draw_plainly(20, Style(), RenderOptions(_get_style, {})) is None
    assert prompt.render_strips(20, None, Style(), RenderOptions(_get_style, {}))


def test_a_selection_alignment_or_other_wrap_is_left_to_content() -> None:
    prompt = Prompt([("some words here", "")])
    for rules in ({"text_align": "center"}, {"text_wrap": "nowrap"},
                  {"text_overflow": "ellipsis"}, {"line_pad": 1}):  # fmt: skip
        options = RenderOptions(_get_style, rules)  # type: ignore[arg-type]
        assert prompt.draw_plainly(20, Style(), options) is None, rules
