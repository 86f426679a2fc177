"""How a selection's and a quote's ends step (positions.steps), on the bundled seed where
QA found them wrong: a word or sentence step ran on into the next paragraph, a sentence
step from inside a quotation took its closing mark, and a quote's end took a word of the
paragraph before or counted a quotation mark as a word."""

from __future__ import annotations

import pytest

from positions.loader import load_document
from positions.model import Document, Quote, QuoteKind, Span
from positions.quote_text import AuthoringError, moved_quote_text
from positions.steps import moved_ends
from seeds import SEED_POSITIONS
from tui.code_form import default_kind
from tui.passage import Passage


@pytest.fixture(scope="module")
def seed() -> Document:
    return load_document(SEED_POSITIONS).document


def passage_on(document: Document, passage: str, end: str | None = None) -> Passage:
    """The seed's article with ``passage`` selected (as ``v`` takes a search match), or
    from it to the end of ``end`` (as a mouse drag selects)."""
    text = document.article.text
    selection = Passage(text, document.article)
    start = text.index(passage)
    stop = start + len(passage) if end is None else text.index(end, start) + len(end)
    selection.set(Span(start, stop))
    return selection


def move(document: Document, quote: str, key: str, after: str = "") -> str:
    """The text of the quote ``quote`` (the seed's first passage of that text after
    ``after``) after one of the party pane's keys."""
    edge, unit, way = {
        "[": ("start", "word", "out"), "]": ("end", "word", "out"),
        "{": ("start", "char", "out"), "}": ("end", "char", "out"),
        ";": ("start", "word", "in"), "'": ("end", "word", "in"),
    }[key]  # fmt: skip
    text = document.article.text
    at = text.index(quote, text.index(after))
    start, end = moved_ends(text, document.article.block_starts, at, at + len(quote),
                            edge=edge, unit=unit, way=way)  # fmt: skip
    return text[start:end]


# ------------------------------------------------------ 1. never into the next paragraph


def test_a_word_step_stops_at_the_end_of_its_paragraph(seed: Document) -> None:
    passage = passage_on(seed, "James")  # a v from the top: the byline
    for _ in range(3):
        passage.extend_word()
    assert passage.selected_text == "James Landale"  # not "... Reporting fromKyiv,"
    passage = passage_on(seed, "Who polices")
    passage.extend_word()
    assert passage.selected_text == "Who polices it?"
    passage.extend_word()  # the paragraph's last word: the next paragraph's "Is" is not taken
    assert passage.selected_text == "Who polices it?"


def test_a_sentence_step_stops_at_the_end_of_its_paragraph(seed: Document) -> None:
    passage = passage_on(seed, "James Landale")
    passage.extend_sentence()  # the byline has no full stop: its end, not paragraph 3's
    assert passage.selected_text == "James Landale"
    passage = passage_on(seed, "Reporting")
    passage.extend_sentence()
    assert passage.selected_text == "Reporting fromKyiv, Ukraine"
    passage = passage_on(seed, "Russian President Vladimir")
    passage.extend_sentence()
    assert passage.selected_text.endswith("a number of tough conditions.")
    passage.extend_sentence()  # its paragraph's last sentence: nothing more
    assert passage.selected_text.endswith("a number of tough conditions.")
    # ( stops at the paragraphs' ends too, as ) does (a drag over three paragraphs).
    passage = passage_on(seed, "James", end="tough conditions.")
    passage.shrink_sentence()
    assert passage.selected_text == "James Landale\n\nReporting fromKyiv, Ukraine"
    passage.shrink_sentence()
    assert passage.selected_text == "James Landale"


# --------------------------------------------- 2. a quotation's closing mark stays out


def test_a_sentence_step_inside_a_quotation_stops_before_its_closing_mark(
    seed: Document,
) -> None:
    text = seed.article.text
    passage = passage_on(seed, "We are in favour")  # / We are in favour, enter, v
    passage.extend_sentence()
    assert passage.selected_text == "We are in favour of it, but there are nuances."
    assert passage.span is not None
    assert default_kind(text, passage.span) is QuoteKind.DIRECT  # what m prefills
    passage.extend_sentence()  # only the closing mark is left: not taken alone
    assert passage.selected_text == "We are in favour of it, but there are nuances."
    # From the opening mark, the closing one is the selection's: the marks stay paired.
    passage = passage_on(seed, '"We are in favour')
    passage.extend_sentence()
    assert passage.selected_text == '"We are in favour of it, but there are nuances."'


def test_sentence_steps_stop_at_the_quotations_end_then_go_on(seed: Document) -> None:
    passage = passage_on(seed, "We need to negotiate")
    passage.extend_sentence()  # no full stop in the quotation: its end
    assert passage.selected_text.endswith("colleagues and partners,")
    passage.extend_sentence()  # at its end: on past the closing mark
    assert passage.selected_text.endswith('partners," he said.')
    passage.extend_sentence()
    assert passage.selected_text.endswith('he said. "Maybe I\'ll have a call with Donald Trump."')
    passage.shrink_sentence()
    assert passage.selected_text.endswith('partners," he said.')
    passage.shrink_sentence()  # back to the quotation's end, as ) stopped there
    assert passage.selected_text.endswith("colleagues and partners,")


# ------------------------------- 3. a quote's ends: one paragraph, marks are not words


def test_a_quote_end_never_moves_into_another_paragraph(seed: Document) -> None:
    quote = "Meanwhile, the US placed further sanctions on Russian oil, gas and banking sectors."
    assert move(seed, quote, "[") == quote  # not "Russia. Meanwhile, ..."
    assert move(seed, quote, "{") == quote
    assert move(seed, quote, "]") == quote
    assert move(seed, quote, "}") == quote
    assert move(seed, "the US placed", "[") == "Meanwhile, the US placed"
    assert move(seed, "banking", "]") == "banking sectors."


def test_a_quotation_mark_is_not_a_word(seed: Document) -> None:
    # Trump "hoped Russia would "do the right thing" and agree", in the paragraph after
    # the caption that ends with the same words.
    def trump(quote: str, key: str) -> str:
        return move(seed, quote, key, after="hoped Russia would")

    assert trump("do the right thing", "]") == 'do the right thing" and'  # not '... thing"'
    assert trump("do the right thing", "[") == 'would "do the right thing'  # not '"do ...'
    # The other way, the keys undo those steps: the marks are left out again.
    assert trump('do the right thing" and', "'") == "do the right thing"
    assert trump('would "do the right thing', ";") == "do the right thing"
    # Inside the quotation, a word step stops at its marks before it goes past them.
    assert trump("the right thing", "[") == "do the right thing"
    assert trump("do the right", "]") == "do the right thing"
    # At a paragraph's end (the caption), the closing mark alone is no word to take.
    assert move(seed, 'will "do the right', "]") == 'will "do the right thing"'
    assert move(seed, 'will "do the right thing"', "]") == 'will "do the right thing"'


def test_moving_a_quote_into_another_paragraph_is_refused(seed: Document) -> None:
    text = seed.article.text
    at = text.index("Meanwhile, the US placed")
    end = text.index("sectors.", at) + len("sectors.")
    quote = Quote(text[at:end], (Span(at, end),))
    earlier = text.rindex("Russia.", 0, at)
    with pytest.raises(AuthoringError, match="another paragraph"):
        moved_quote_text(seed, quote, Span(earlier, end))
    later = text.index("Speaking", end) + len("Speaking")
    with pytest.raises(AuthoringError, match="another paragraph"):
        moved_quote_text(seed, quote, Span(at, later))
    # Within the paragraph it moves; a quote over two paragraphs may leave one (shorter).
    assert moved_quote_text(seed, quote, Span(at + len("Meanwhile, "), end))[0].startswith("the")
    both = Quote(text[earlier:end], (Span(earlier, end),))
    assert moved_quote_text(seed, both, Span(at, end))[0] == text[at:end]
