"""Sanitising untrusted text: terminal control sequences, bidi controls, NFC."""

from __future__ import annotations

import unicodedata

import pytest
from helpers.big_inputs import dirty_text
from hypothesis import given
from hypothesis import strategies as st

from positions.text import clean_text, strip_bidi, strip_controls

ESC = "\x1b"


@pytest.mark.parametrize(
    ("dirty", "clean", "removed"),
    [
        # CSI: clear screen, colours, cursor moves; removed whole, not just the ESC.
        (f"a{ESC}[2Jb", "ab", 1),
        (f"{ESC}[1;31mred{ESC}[0m", "red", 2),
        (f"x{ESC}[?25ly", "xy", 1),
        # OSC 52 (clipboard write) terminated by BEL: the payload must not survive.
        (f"x{ESC}]52;c;ZXZpbA==\x07y", "xy", 1),
        # OSC 8 hyperlink, terminated by ST (ESC \): the link text stays, the URL goes.
        (f"{ESC}]8;;https://evil.example{ESC}\\click{ESC}]8;;{ESC}\\", "click", 2),
        # OSC title with BEL inside the text run.
        (f"t{ESC}]0;pwned\x07itle", "title", 1),
        # 8-bit C1 CSI and OSC.
        ("a\x9b31mred", "ared", 1),
        ("a\x9d0;title\x9cb", "ab", 1),
        # DCS, APC, PM, SOS strings.
        (f"a{ESC}Pq#0;2;0;0;0{ESC}\\b", "ab", 1),
        (f"a{ESC}_payload{ESC}\\b", "ab", 1),
        (f"a{ESC}^privacy{ESC}\\b", "ab", 1),
        (f"a{ESC}Xsos{ESC}\\b", "ab", 1),
        # Two-character escapes and charset designations.
        (f"a{ESC}7b{ESC}8c", "abc", 2),
        (f"a{ESC}(Bb", "ab", 1),
        (f"a{ESC}cb", "ab", 1),
        # A lone ESC, BEL, backspace, DEL, other C0 and C1 controls.
        (f"end{ESC}", "end", 1),
        ("a\x07b\x08c\x7fd", "abcd", 3),
        ("a\x00b\x0bc\x0cd", "abcd", 3),
        ("a\x85b\x80c", "abc", 2),
        # An 8-bit APC introducer starts a control string: its payload goes too.
        ("a\x9fpayload\x9cb", "ab", 1),
        # An unterminated OSC loses its payload up to the line break, not the next line.
        (f"a{ESC}]0;title\nnext line", "a\nnext line", 1),
    ],
)
def test_strip_controls_removes_sequences_whole(dirty: str, clean: str, removed: int) -> None:
    assert strip_controls(dirty) == (clean, removed)


def test_strip_controls_line_breaks_and_tabs() -> None:
    assert strip_controls("a\r\nb\rc\nd") == ("a\nb\nc\nd", 0)
    assert strip_controls("a\tb") == ("a b", 0)
    assert strip_controls("a\tb", keep_tabs=True) == ("a\tb", 0)


def test_strip_controls_leaves_printable_text_alone() -> None:
    text = "“Curly” ‘quotes’ – dashes — and ünïcödé, Ελληνικά, 日本語 [brackets] \\ ~"
    assert strip_controls(text) == (text, 0)


def test_strip_bidi_removes_overrides_and_isolates_but_keeps_marks() -> None:
    spoof = "access = \u202e\u2066user\u2069\u2066 // admin"
    assert strip_bidi(spoof) == ("access = user // admin", 4)
    every = "".join(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
    assert strip_bidi(f"a{every}b") == ("ab", 9)
    marks = "a\u200eb\u200fc\u061cd"  # LRM, RLM, ALM
    assert strip_bidi(marks) == (marks, 0)


def test_clean_text_strips_controls_and_bidi_and_composes() -> None:
    decomposed = "Zelenskyy e\u0301te\u0301"
    assert not unicodedata.is_normalized("NFC", decomposed)
    cleaned = clean_text(f"{ESC}[31m\u202e{decomposed}\t!\r\n")
    assert cleaned == "Zelenskyy été !\n"
    assert unicodedata.is_normalized("NFC", cleaned)


@given(st.text())
def test_clean_text_output_is_safe(s: str) -> None:
    out = clean_text(s)
    assert not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in out), repr(out)
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in out)
    assert unicodedata.is_normalized("NFC", out)
    assert clean_text(out) == out  # idempotent


def test_sanitising_a_large_input_cleans_every_part_of_it() -> None:
    # How long this takes is a figure of bench/micro.py, not a test.
    big, chunk = dirty_text(4)
    out = clean_text(big)
    assert ESC not in out and "\u202e" not in out and "\r" not in out
    assert out == clean_text(chunk) * (len(big) // len(chunk))  # no part left uncleaned


def test_fold_marks_folds_exactly_what_anchoring_folds() -> None:
    """Search (fold_marks) and anchoring (normalize) put the same characters in one class."""
    from positions.anchor import normalize
    from positions.text import DASHES, QUOTATION_MARKS, fold_marks

    for char in map(chr, range(0x20, 0x3000)):
        if char.isspace() or unicodedata.normalize("NFC", char) != char:
            continue
        folded = fold_marks(char)
        assert len(folded) == 1
        assert (folded != char) == (normalize(char) != char), hex(ord(char))
        assert normalize(folded) == normalize(char), hex(ord(char))
    marks, dashes = len(QUOTATION_MARKS), len(DASHES)
    assert fold_marks("a" + QUOTATION_MARKS + DASHES) == "a" + '"' * marks + "-" * dashes
