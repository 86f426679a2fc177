"""Shrinking a coded quote from its party pane (issue 14: ``[`` / ``]`` only lengthen).

``;`` / ``'`` move the quote's start a word later / its end a word earlier, ``:`` / ``"``
by a character (the keys below ``[`` / ``]`` and their shifted forms).  After each key the
file written loads with strict checking (``check --strict``), its quote is the text the
pane shows, and a quote of one word (or character) is never made empty.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers.screen import screen_text
from test_tui_coding import ONE, code, open_app, quotes, search, strict, until, write_files

from tui.app import ReaderApp


async def _moved(pilot: Any, app: ReaderApp, key: str, expected: str, path: Path) -> None:
    """Press ``key`` in the pane; the quote becomes ``expected`` in the reader, the file
    (loaded strictly) and on screen."""
    reader = app.reader
    await pilot.press(key)
    await until(pilot, lambda: quotes(reader.document)[0][2] == expected, f"{key}: {expected}")
    assert quotes(strict(path)) == [("russia", "truce", expected)]
    await until(pilot, lambda: f"“{expected}”" in screen_text(app), f"“{expected}” shown")


async def test_the_start_moves_later_and_the_end_earlier_by_words_and_characters(
    tmp_path: Path,
) -> None:
    path = write_files(tmp_path, ONE)
    app = open_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        await pilot.press("a")
        await search(pilot, "the proposals")
        await pilot.press("v", "w", "w", "w")
        assert reader.article.passage.selected_text == "the proposals to cease hostilities."
        await code(pilot, app, "", "", "s", "", "", "", "Yes.")
        await until(pilot, lambda: quotes(reader.document), "coded")
        assert reader.focused is reader.panes[0].quote_list  # the new quote, selected
        await _moved(pilot, app, "semicolon", "proposals to cease hostilities.", path)
        await _moved(pilot, app, "quotation_mark", "proposals to cease hostilities", path)
        await _moved(pilot, app, "apostrophe", "proposals to cease", path)
        await _moved(pilot, app, "semicolon", "to cease", path)
        await _moved(pilot, app, "apostrophe", "to", path)
        # One word: neither key makes it shorter; the file is left as it is.
        written = path.read_text(encoding="utf-8")
        await pilot.press("semicolon")
        await until(pilot, lambda: any("cannot be shorter" in str(m.message)
                                       for m in app.messages), "said why")  # fmt: skip
        await pilot.press("apostrophe")
        await pilot.pause()
        assert path.read_text(encoding="utf-8") == written
        assert quotes(reader.document)[0][2] == "to"
        # Lengthened again with ] and undone with u: the keys mix with the others.
        await _moved(pilot, app, "right_square_bracket", "to cease", path)
        await pilot.press("u")
        await until(pilot, lambda: quotes(reader.document)[0][2] == "to", "undone")
        assert quotes(strict(path)) == [("russia", "truce", "to")]


async def test_the_start_moves_a_character_later_past_a_quotation_mark(tmp_path: Path) -> None:
    path = write_files(tmp_path, ONE)
    app = open_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        await pilot.press("a")
        await search(pilot, '"We')
        await pilot.press("v", "w")  # from the opening quotation mark
        assert reader.article.passage.selected_text == '"We agree'
        await code(pilot, app, "", "", "s", "", "", "", "Yes.")
        await until(pilot, lambda: quotes(reader.document), "coded")
        assert quotes(strict(path))[0][2] == '"We agree'
        await _moved(pilot, app, "colon", "We agree", path)
