"""QA's key presses on the bundled seed: ``w`` and ``)`` stop at a paragraph's end, and
``)`` from inside a quotation stops before its closing mark (so ``m`` prefills the kind
``direct`` and no stray mark would be written).  The steps themselves: tests/test_steps.py.
"""

from __future__ import annotations

from pathlib import Path

from helpers.screen import screen_text
from test_tui_coding import open_app, search, until

from seeds import SEED_POSITIONS
from tui.screens.code import CodeQuoteScreen


async def test_word_and_sentence_keys_stop_at_the_paragraph_and_the_quotation(
    tmp_path: Path,
) -> None:
    for name in (SEED_POSITIONS.name, "putin-ceasefire-conditions.md"):
        (tmp_path / name).write_bytes((SEED_POSITIONS.parent / name).read_bytes())
    path = tmp_path / SEED_POSITIONS.name
    written = path.read_text(encoding="utf-8")
    app = open_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        article = app.reader.article
        # 1. a v w w w ): the byline, not the byline, the dateline and paragraph 3.
        await pilot.press("a", "v", "w", "w", "w", "right_parenthesis")
        assert article.passage.selected_text == "James Landale"
        await until(pilot, lambda: "Selected 13 characters" in screen_text(app), "the status")
        # v w w from "Who polices": the paragraph's last word, not the next paragraph's.
        await search(pilot, "Who polices")
        await pilot.press("v", "w", "w")
        assert article.passage.selected_text == "Who polices it?"
        await until(pilot, lambda: any("end of its paragraph" in str(m.message)
                                       for m in app.messages), "said why")  # fmt: skip
        # 2. / We are in favour, enter, v, ), m: Putin's sentence without the closing mark.
        await search(pilot, "We are in favour")
        await pilot.press("v", "right_parenthesis")
        assert article.passage.selected_text == "We are in favour of it, but there are nuances."
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, CodeQuoteScreen), "the dialog open")
        dialog = app.screen
        assert isinstance(dialog, CodeQuoteScreen)
        await until(pilot, lambda: dialog.field("kind").value == "direct", "kind: direct")
        assert "“We are in favour of it, but there are nuances.”" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.reader, "the dialog closed")
    assert path.read_text(encoding="utf-8") == written
