"""The article's selected passage as plain data: no screen, no Pilot (issue 14)."""

from __future__ import annotations

import subprocess
import sys

from positions.model import Span
from positions.steps import (
    char_step,
    next_word_end,
    next_word_start,
    previous_word_end,
    previous_word_start,
)
from tui.passage import Passage, next_span, previous_span

TEXT = 'Putin said: "We are ready. Talks must start." Kyiv refused. It wants guarantees!'


def selected(passage: Passage) -> str:
    return passage.selected_text


def test_the_passage_module_needs_no_textual() -> None:
    code = "import sys, tui.passage; print([m for m in sys.modules if m.startswith('textual')])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_start_selects_the_word_at_or_after_the_offset() -> None:
    passage = Passage(TEXT)
    assert not passage.active
    passage.start_at(2)
    assert selected(passage) == "Putin"
    passage.start_at(5)  # the space after "Putin": the next word
    assert selected(passage) == "said:"


def test_words_extend_and_shrink_but_the_first_word_stays() -> None:
    passage = Passage(TEXT)
    passage.start_at(0)
    passage.extend_word()
    passage.extend_word()
    assert selected(passage) == 'Putin said: "We'
    passage.shrink_word()
    assert selected(passage) == "Putin said:"
    passage.shrink_word()
    passage.shrink_word()
    assert selected(passage) == "Putin"


def test_sentences_extend_to_the_next_end_and_shrink_back() -> None:
    passage = Passage(TEXT)
    passage.start_at(TEXT.index("We"))
    passage.extend_sentence()
    assert selected(passage) == "We are ready."
    passage.extend_sentence()  # the quotation's end: not its closing mark
    assert selected(passage) == "We are ready. Talks must start."
    passage.extend_sentence()
    assert selected(passage) == 'We are ready. Talks must start." Kyiv refused.'
    passage.shrink_sentence()
    assert selected(passage) == "We are ready. Talks must start."
    passage.shrink_sentence()
    passage.shrink_sentence()
    assert selected(passage) == "We"


def test_the_last_sentence_extends_to_the_end_of_the_text() -> None:
    passage = Passage(TEXT + "  ")
    passage.start_at(TEXT.index("It wants"))
    passage.extend_sentence()
    assert selected(passage) == "It wants guarantees!"
    passage.extend_sentence()
    assert selected(passage) == "It wants guarantees!"


def test_quotation_uses_the_finder_and_keeps_the_selection_without_marks() -> None:
    passage = Passage(TEXT)
    passage.start_at(TEXT.index("ready"))
    inner = Span(TEXT.index("We"), TEXT.index('start."') + len("start."))
    passage.select_quotation(lambda text, offset: inner if offset < inner.end else None)
    assert selected(passage) == "We are ready. Talks must start."
    passage.start_at(TEXT.index("Kyiv"))
    passage.select_quotation(lambda text, offset: inner if offset < inner.end else None)
    assert selected(passage) == "Kyiv"


def test_set_clips_and_an_empty_span_selects_nothing() -> None:
    passage = Passage("abc")
    assert passage.set(Span(1, 99)) == Span(1, 3)
    assert passage.set(Span(2, 2)) is None
    assert not passage.active
    passage.start_at(0)
    passage.clear()
    assert passage.selected_text == ""


def test_quote_ends_step_by_words() -> None:
    text = "one two three four"
    end = len(text)
    assert previous_word_start(text, (), text.index("three"), end) == text.index("two")
    assert next_word_start(text, text.index("two"), end) == text.index("three")
    assert previous_word_start(text, (), 0, end) == 0
    assert next_word_end(text, (), 0, text.index("two") + 3) == text.index("three") + 5
    assert previous_word_end(text, 0, text.index("three") + 5) == text.index("two") + 3


def test_unclaimed_stepping_wraps_around() -> None:
    spans = [Span(5, 9), Span(20, 30)]
    assert next_span(spans, 0) == Span(5, 9)
    assert next_span(spans, 5) == Span(20, 30)
    assert next_span(spans, 25) == Span(5, 9)
    assert previous_span(spans, 20) == Span(5, 9)
    assert previous_span(spans, 5) == Span(20, 30)
    assert next_span([], 3) is None


def test_quote_ends_step_by_a_character_over_spaces() -> None:
    text = "ab  cd"
    assert char_step(text, (), 4, -1) == 1  # over the two spaces, taking "b"
    assert char_step(text, (), 2, 1) == 5  # over the spaces, taking "c"
    assert char_step(text, (), 0, -1) == 0
    assert char_step(text, (), 6, 1) == 6
