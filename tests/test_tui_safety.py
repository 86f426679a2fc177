"""Untrusted text (article and YAML) is shown literally: markup never runs, never crashes."""

from __future__ import annotations

from pathlib import Path

from helpers.screen import screen_text
from test_tui_fixtures import HOSTILE, hostile_document

from positions.diagnostics import Diagnostic, Severity
from tui.app import create_app
from tui.screens.compare import CompareScreen


async def test_markup_in_every_string_is_shown_literally_and_never_runs() -> None:
    warning = Diagnostic(Path("x.yaml"), 1, 1, Severity.WARNING, HOSTILE)
    app = create_app(hostile_document(), warnings=[warning])
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert f"Party {HOSTILE}" in text  # pane title
        assert f"Topic {HOSTILE}" in text  # topic row
        assert f"Summary {HOSTILE}" in text  # summary
        assert f"Doc {HOSTILE}" in text  # article title
        assert f"Said: {HOSTILE} end." in text  # article text
        assert f"“{HOSTILE}”" in text  # the quote
        assert f"Speakers: {HOSTILE}" in text
        # Choose the quote: status line, article subtitle and highlight.
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.reader.article.highlighted_spans
        text = screen_text(app)
        assert f"— {HOSTILE} · direct" in text
        assert HOSTILE in str(app.reader.status_line.render())
        # Click on the hostile text in the article: it is text, not an action.
        await pilot.press("a", "n", "N")
        await pilot.click(app.reader.article, offset=(12, 8))
        await pilot.pause()
        # Comparison view, search, palette and help with hostile text around.
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert "Party [@click=app.quit]" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("slash", *"[/]", "enter")
        await pilot.pause()
        assert app.reader.article.match_count == app.document.article.text.count("[/]") == 4
        await pilot.press("slash", *"[@click=app.quit]zz", "enter")  # no match: notified
        await pilot.pause()
        await pilot.press("ctrl+p", *"click")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "[@click=app.quit]" in screen_text(app)
        await pilot.press("escape", "question_mark", "escape", "2", "tab")
        await pilot.pause()
        assert app.is_running
        # What the app said carries the hostile text as it is (never read as markup).
        assert any(HOSTILE in said.message for said in app.messages)
    assert app.return_code is None or app.return_code == 0
