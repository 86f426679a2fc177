"""The export dialog in a browser (``ceasefire-tui serve``): each format becomes a download
with the bytes the command line writes, named as typed, and nothing is written beside the
positions file.  (Headless, ``deliver_text`` saves into the folder the dialog is given; the
browser download itself is tested end to end in tests/test_serve.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers.screen import screen_text
from test_tui_export import FOUR, KEYS, cli_bytes, finish, messages, reader
from textual.widgets import Input

from tui.screens.download import MIME_TYPES, DownloadScreen


@pytest.fixture
def positions(tmp_path: Path) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    for name in ("positions.yaml", "article.md"):
        shutil.copy(FOUR / name, folder / name)
    return folder / "positions.yaml"


def test_every_format_has_a_media_type() -> None:
    assert set(MIME_TYPES) == set(KEYS)


@pytest.mark.parametrize("index", range(len(KEYS)), ids=KEYS)
async def test_each_format_is_delivered_as_the_command_line_writes_it(
    positions: Path, tmp_path: Path, index: int
) -> None:
    key = KEYS[index]
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    before = sorted(p.name for p in positions.parent.iterdir())
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = DownloadScreen(app.reader.document, save_directory=downloads)
        app.push_screen(dialog)
        await pilot.pause()
        assert "your browser downloads it" in screen_text(app)
        await pilot.press(*["down"] * index)
        await pilot.pause()
        assert dialog.selected_format.key == key
        await pilot.press("enter")
        await finish(app, pilot)
        assert app.screen is not dialog
    name = f"positions.{key}"
    assert (downloads / name).read_bytes() == cli_bytes(positions, key)
    assert sorted(p.name for p in positions.parent.iterdir()) == before


async def test_a_download_is_named_without_any_folder(positions: Path, tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = DownloadScreen(app.reader.document, save_directory=downloads)
        app.push_screen(dialog)
        await pilot.pause()
        dialog.query_one("#export-path", Input).value = "../../elsewhere/report.md"
        await pilot.press("enter")
        await finish(app, pilot)
        assert app.screen is not dialog
    assert [p.name for p in downloads.iterdir()] == ["report.md"]
    assert not (tmp_path / "elsewhere").exists()


async def test_an_empty_name_keeps_the_dialog_open(positions: Path, tmp_path: Path) -> None:
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = DownloadScreen(app.reader.document, save_directory=tmp_path)
        app.push_screen(dialog)
        await pilot.pause()
        dialog.query_one("#export-path", Input).value = "  "
        await pilot.press("enter")
        await finish(app, pilot)
        assert app.screen is dialog
        assert "Type a file name for the download." in messages(app)
