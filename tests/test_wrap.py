"""The article's word wrap (``tui.wrap``): the fast one gives exactly the lines the
reference gives, on text made to hit every branch (spaces in a row, words longer than the
width, newlines, wide and zero-width characters, empty ranges)."""

from __future__ import annotations

import random

import pytest
from wrap_reference import wrap_range as reference_wrap  # the previous implementation

from tui.wrap import wrap_into, wrap_range

_PIECES = ["word", "a", "longerword", "x" * 23, " ", "  ", "\n", "\n\n", "naïve", "世界",
           "e\u0301", "—", "“quoted”", "tab\t", "🙂", "", "ok."]  # fmt: skip


def _texts() -> list[str]:
    chance = random.Random(20261130)
    texts = ["", " ", "\n", "a", "abc ", " abc", "a  b", "x" * 50, "世界" * 20]
    for _ in range(400):
        texts.append("".join(chance.choice(_PIECES) for _ in range(chance.randint(1, 40))))
    return texts


@pytest.mark.parametrize("width", [1, 2, 3, 5, 8, 13, 40, 120])
def test_the_fast_wrap_gives_the_reference_lines(width: int) -> None:
    for text in _texts():
        for start, end in ((0, len(text)), (len(text) // 3, len(text) - len(text) // 4)):
            expected = reference_wrap(text, start, end, width)
            assert wrap_range(text, start, end, width) == expected, (text, start, end)
            starts, ends = [7], [7]  # appended after what the lists held
            count = wrap_into(text, start, end, width, starts, ends)
            assert count == len(expected) >= 1
            assert list(zip(starts[1:], ends[1:], strict=True)) == expected
