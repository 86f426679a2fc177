"""The export dialog is built once (while the reader is idle after its first frame) and
shown again by each ``e``: every opening shows what a new dialog would, never what the
last one was left with."""

from __future__ import annotations

from pathlib import Path

import test_tui_export
from helpers.screen import screen_text
from test_tui_export import dialog, finish, reader
from textual.pilot import Pilot
from textual.widgets import Button

from tui.app import ReaderApp
from tui.screens.export import FormatButton, FormatChoice

positions = test_tui_export.positions  # the fixture: a copy of the four-party files


def chosen_glyphs(app: ReaderApp) -> list[bool]:
    """For each format's button, whether it is drawn as the chosen one (●)."""
    return ["●" in str(button.render()) for button in dialog(app).query(FormatButton)]


def assert_fresh(app: ReaderApp, key: str = "md") -> None:
    """What a new dialog shows: ``key`` chosen (and only it), its default file, no
    message, the buttons enabled, the formats focused."""
    screen = dialog(app)
    index = [f.key for f in screen.formats].index(key)
    assert screen.selected_format.key == key
    assert chosen_glyphs(app) == [i == index for i in range(len(screen.formats))]
    assert screen.path_input.value == f"positions.{key}"
    assert isinstance(app.focused, FormatChoice)
    assert not any(button.disabled for button in screen.query(Button))
    assert "Type a file name" not in screen_text(app)


async def reopen(pilot: Pilot[object]) -> None:
    await pilot.press("escape")
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()


async def test_reopened_after_cancel_it_shows_fresh_defaults_not_what_was_typed(
    positions: Path,
) -> None:
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        first = dialog(app)
        await pilot.press("down", "down", "tab")  # JSON, then the file field
        await pilot.press(*"mine.txt")
        await pilot.pause()
        assert first.selected_format.key == "json"
        assert first.path_input.value == "mine.txt"
        await reopen(pilot)
        assert_fresh(app)
        assert "mine.txt" not in screen_text(app)
        await pilot.press("down")  # the arrows go on from the format shown
        await pilot.pause()
        assert dialog(app).selected_format.key == "html"
        assert dialog(app).path_input.value == "positions.html"


async def test_reopened_after_a_problem_it_shows_no_message(positions: Path) -> None:
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        dialog(app).path_input.value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert "Type a file name to export to." in screen_text(app)
        await reopen(pilot)
        assert_fresh(app)


async def test_reopened_after_an_export_it_offers_that_format_and_writes_again(
    positions: Path,
) -> None:
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # CSV
        await finish(app, pilot)
        assert (positions.parent / "positions.csv").exists()
        await pilot.press("e")
        await pilot.pause()
        assert_fresh(app, "csv")
        await pilot.press("up", "enter")  # JSON, a new file
        await finish(app, pilot)
        assert app.screen is app.reader
    assert (positions.parent / "positions.json").exists()


async def test_reopened_after_a_reload_it_shows_and_exports_the_new_version(
    positions: Path,
) -> None:
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        text = positions.read_text(encoding="utf-8")
        old = "Talks on the river crossing"
        positions.write_text(text.replace(old, "Talks at the dam"), "utf-8")
        assert app.check_files_now()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert "Talks at the dam" in screen_text(app) and old not in screen_text(app)
        assert_fresh(app)
        await pilot.press("enter")
        await finish(app, pilot)
    assert "Talks at the dam" in (positions.parent / "positions.md").read_text("utf-8")


async def test_the_dialog_is_built_while_idle_and_e_shows_that_one(positions: Path) -> None:
    """After the first frame the reader builds the dialog hidden; ``e`` shows it (not a
    new one), as a new one would be, every time."""
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(400):  # built once the dialogs' modules are loaded (a thread)
            if app.is_screen_installed("export"):
                break
            await pilot.pause(0.01)
        built = app.get_screen("export")
        assert built is not app.screen  # built, not shown
        assert "Talks on the river crossing" not in screen_text(app).split("\n")[0]
        for _ in range(2):
            await pilot.press("e")
            await pilot.pause()
            assert app.screen is built
            assert_fresh(app)
            assert "Talks on the river crossing" in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.reader
