"""The party pane's option prompts (tui/widgets/party_pane.py): measured without being built.

An option list measures every prompt before it draws any, so ``Prompt`` counts its height
from the plain lines instead of wrapping Content; that count must be Content's, or the
list would leave gaps or cut lines.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.css.styles import Styles
from textual.style import Style
from textual.visual import RenderOptions

from positions.model import Position, Quote, QuoteKind, Stance
from tui.prompts import Prompt, position_prompt, quote_prompt

#: One of each kind of word that wraps differently: short, curly-quoted, longer than most
#: widths (folded), wide (2 cells a character), accented, markup-like (must stay text), a
#: control character Content drops, a long hyphenated word, a dash, a tab.
WORDS = [
    "a", "ceasefire", "“quoted”", "x" * 45, "世界", "naïve", "[b]no[/b]", "\x07bell",
    "supercalifragilistic-expialidocious", "—", "tab\there",
]  # fmt: skip
#: Narrower than the quote indent, a little wider, a pane, and wide.
WIDTHS = (3, 9, 20, 33, 61)


def assert_measured_as_content(prompt: Prompt, width: int) -> None:
    styles = Styles()
    exact = prompt._visual(width).get_height(styles, width)
    assert prompt.get_height(styles, width) == exact, (str(prompt), width)
    options = RenderOptions(lambda _style: Style(), styles)
    assert len(prompt.render_strips(width, None, Style(), options)) == exact


def prompts(text: str, speaker: str | None, kind: QuoteKind, stance: Stance, summary: str,
            with_quote: bool) -> list[Prompt]:  # fmt: skip
    """A quote's prompt, a position's (with or without quotes) and a silent topic's."""
    quote = Quote(text, (), speaker, kind)
    position = Position("p", "t", stance, summary, (quote,) if with_quote else ())
    return [quote_prompt(quote), position_prompt(text, position), position_prompt(text, None)]


def test_each_kind_of_word_is_measured_as_content_at_each_width() -> None:
    """Every word class, alone and filling several lines, at every width (330 cases)."""
    for word in WORDS:
        for text in (word, " ".join([word] * 25)):
            for prompt in prompts(text, "世界 " * 3, QuoteKind.DIRECT, Stance.OPPOSES,
                                  text[:90], with_quote=False):  # fmt: skip
                for width in WIDTHS:
                    assert_measured_as_content(prompt, width)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=25),
    speaker=st.one_of(
        st.none(), st.just("The mayor"), st.integers(1, 5).map(lambda n: "世界 " * n)
    ),
    kind=st.sampled_from(QuoteKind),
    stance=st.sampled_from(Stance),
    cut=st.integers(0, 90),
    with_quote=st.booleans(),
    width=st.integers(3, 72),  # (at 1-2 columns, under the indent, the count differs)
)
def test_any_mix_of_words_is_measured_as_content(
    words: list[str],
    speaker: str | None,
    kind: QuoteKind,
    stance: Stance,
    cut: int,
    with_quote: bool,
    width: int,
) -> None:
    text = " ".join(words)
    for prompt in prompts(text, speaker, kind, stance, text[:cut], with_quote):
        assert_measured_as_content(prompt, width)
