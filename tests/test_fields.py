"""The dialogs' ``Field``: an ``Input`` styled once as it is mounted, drawn as ``Input``."""

from __future__ import annotations

from helpers.screen import screen_lines
from textual.app import App, ComposeResult
from textual.validation import Length
from textual.widgets import Input

from tui.fields import Field


class Two(App[None]):
    AUTO_FOCUS = ""  # neither focused: both drawn alike

    def compose(self) -> ComposeResult:
        yield Input("positions.md", id="input", validators=[Length(minimum=3)])
        yield Field("positions.md", id="field", validators=[Length(minimum=3)])


async def test_a_field_is_drawn_and_restyled_as_an_input() -> None:
    app = Two()
    async with app.run_test(size=(30, 6)) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        assert lines[:3] == lines[3:6]  # the same box, border and text
        for name in ("input", "field"):
            assert app.query_one(f"#{name}", Input).has_class("-valid")
        field, plain = app.query_one("#field", Input), app.query_one("#input", Input)
        assert field.styles.border == plain.styles.border
        field.value = plain.value = "x"  # too short: -invalid, restyled now it is mounted
        await pilot.pause()
        assert field.has_class("-invalid") and plain.has_class("-invalid")
        assert field.styles.border == plain.styles.border
        assert screen_lines(app)[:3] == screen_lines(app)[3:6]

