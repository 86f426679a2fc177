"""Pilot tests of the export dialog (``e``) and of copying the Markdown summary (``y``)."""

from __future__ import annotations

import dataclasses
import io
import shutil
from pathlib import Path

import pytest
from helpers.screen import screen_text
from test_tui_fixtures import HOSTILE, hostile_document
from textual.widgets import Button, Input, Static

from positions.cli import main
from positions.export import to_markdown
from positions.loader import load_document
from tui.app import ReaderApp, create_app
from tui.screens.export import EXPORT_FORMATS, ConfirmOverwriteScreen, ExportScreen
from tui.svg import render_comparison_svg

FOUR = Path(__file__).parent / "fixtures" / "four_parties"
KEYS = [f.key for f in EXPORT_FORMATS]


@pytest.fixture
def positions(tmp_path: Path) -> Path:
    """A copy of the four-party fixture (positions file and article) in a fresh folder."""
    for name in ("positions.yaml", "article.md"):
        shutil.copy(FOUR / name, tmp_path / name)
    return tmp_path / "positions.yaml"


def reader(path: Path) -> ReaderApp:
    return create_app(load_document(path).document)


def cli_bytes(path: Path, key: str) -> bytes:
    """What ``ceasefire-tui export PATH --format KEY`` writes."""
    out = io.StringIO()
    status = main(
        ["export", str(path), "--format", key],
        renderers={"svg": render_comparison_svg},
        out=out,
        err=io.StringIO(),
    )
    assert status == 0
    return out.getvalue().encode("utf-8")


def messages(app: ReaderApp) -> list[str]:
    return [n.message for n in app.messages]




def dialog(app: ReaderApp) -> ExportScreen:
    assert isinstance(app.screen, ExportScreen)
    return app.screen


async def set_path(app: ReaderApp, text: str) -> None:
    path_input = dialog(app).query_one("#export-path", Input)
    path_input.value = text
    await app.workers.wait_for_complete()


async def finish(app: ReaderApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the writing worker and the screen changes run."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_e_opens_the_dialog_with_the_default_path(positions: Path) -> None:
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        screen = dialog(app)
        assert screen.path_input.value == "positions.md"
        assert screen.selected_format.key == "md"
        text = screen_text(app)
        assert "Markdown summary" in text and "SVG picture" in text
        assert str(positions.parent)[:40] in text  # "relative to <folder>"
        assert "Talks on the river crossing" in text  # the article title


@pytest.mark.parametrize("index", range(len(KEYS)), ids=KEYS)
async def test_each_format_writes_what_the_command_line_writes(positions: Path, index: int) -> None:
    key = KEYS[index]
    before = sorted(p.name for p in positions.parent.iterdir())
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*["down"] * index)  # the arrows choose the format
        await pilot.pause()
        assert dialog(app).selected_format.key == key
        assert dialog(app).path_input.value == f"positions.{key}"
        await pilot.press("enter")
        await finish(app, pilot)
        assert not isinstance(app.screen, ExportScreen)
        target = positions.parent / f"positions.{key}"
        assert any(
            m == f"Exported {EXPORT_FORMATS[index].name} to {target}" for m in messages(app)
        ), messages(app)
    written = target.read_bytes()
    assert written == cli_bytes(positions, key)
    if key == "svg":
        text = written.decode("utf-8").replace("&#160;", " ")
        assert text.startswith("<svg")
        assert "Northtown" in text and "Opening the bridge" in text
    after = sorted(p.name for p in positions.parent.iterdir())
    assert after == sorted([*before, f"positions.{key}"])  # no temporary file left


async def test_an_existing_file_is_replaced_only_after_yes(positions: Path) -> None:
    target = positions.parent / "positions.md"
    target.write_bytes(b"old notes\n")
    app = reader(positions)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmOverwriteScreen)
        assert str(app.screen.query_one("#ask-what", Static).render()) == str(target)
        await pilot.press("enter")  # the focused button is "Keep"
        await finish(app, pilot)
        assert target.read_bytes() == b"old notes\n"
        dialog(app)  # still open
        await pilot.press("enter")  # on the path field now: export again
        await pilot.pause()
        assert isinstance(app.screen, ConfirmOverwriteScreen)
        await pilot.press("n")
        await finish(app, pilot)
        assert target.read_bytes() == b"old notes\n"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await finish(app, pilot)
        assert not isinstance(app.screen, (ExportScreen, ConfirmOverwriteScreen))
    assert target.read_bytes() == cli_bytes(positions, "md")


@pytest.mark.parametrize("name", ["positions.yaml", "article.md", "ABSOLUTE", "./x/../article.md"])
async def test_the_positions_file_and_article_are_refused(positions: Path, name: str) -> None:
    (positions.parent / "x").mkdir()
    inputs = {p: p.read_bytes() for p in positions.parent.iterdir() if p.is_file()}
    text = str(positions) if name == "ABSOLUTE" else name
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await set_path(app, text)
        await pilot.press("enter")
        await finish(app, pilot)
        dialog(app)  # no confirmation offered, the dialog stays open
        assert any("refusing to overwrite" in m for m in messages(app)), messages(app)
        assert "refusing to overwrite" in screen_text(app)
    assert {p: p.read_bytes() for p in inputs} == inputs
    assert sorted(p.name for p in positions.parent.iterdir()) == [
        "article.md",
        "positions.yaml",
        "x",
    ]


async def test_escape_cancels_and_writes_nothing(positions: Path) -> None:
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("down", "escape")
        await finish(app, pilot)
        assert app.screen is app.screen_stack[0]
        assert not any(m.startswith("Exported") for m in messages(app))
    assert sorted(p.name for p in positions.parent.iterdir()) == ["article.md", "positions.yaml"]


async def test_a_path_typed_by_the_user_is_kept_when_the_format_changes(positions: Path) -> None:
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("down")  # HTML
        await pilot.pause()
        assert dialog(app).path_input.value == "positions.html"
        await pilot.press("tab", "end", *"x")  # the path field: edit it
        await pilot.pause()
        assert dialog(app).path_input.value == "positions.htmlx"
        await pilot.press("shift+tab", "down")  # back to the formats: JSON
        await pilot.pause()
        assert dialog(app).selected_format.key == "json"
        assert dialog(app).path_input.value == "positions.htmlx"


async def test_relative_and_home_paths(positions: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = positions.parent / "home"
    (home / "out").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    (positions.parent / "sub").mkdir()
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        for typed, expected in (
            ("sub/a.md", positions.parent / "sub" / "a.md"),
            ("~/out/b.md", home / "out" / "b.md"),
        ):
            await pilot.press("e")
            await pilot.pause()
            await set_path(app, typed)
            await pilot.press("enter")
            await finish(app, pilot)
            assert expected.read_bytes() == cli_bytes(positions, "md"), typed
            assert f"Exported Markdown to {expected}" in messages(app)


async def test_a_missing_folder_is_an_error_and_the_dialog_stays(positions: Path) -> None:
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await set_path(app, "nowhere/out.md")
        await pilot.press("enter")
        await finish(app, pilot)
        dialog(app)
        assert any("does not exist" in m for m in messages(app))
        await set_path(app, "")
        await pilot.press("enter")
        await finish(app, pilot)
        dialog(app)
        assert any("Type a file name" in m for m in messages(app))
        assert app.is_running


async def test_a_write_error_is_shown_and_the_dialog_stays(
    positions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("positions.fsutil.os.replace", refuse)  # as a read-only folder would
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await finish(app, pilot)
        dialog(app)  # still open, ready to try again
        assert any("cannot write: Permission denied" in m for m in messages(app))
        assert "Permission denied" in screen_text(app)
        assert not dialog(app).query_one("#export", Button).disabled
    assert sorted(p.name for p in positions.parent.iterdir()) == ["article.md", "positions.yaml"]


async def test_y_copies_the_markdown_summary(positions: Path) -> None:
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("y")
        await pilot.pause()
        summary = to_markdown(app.document)
        assert app.clipboard == summary
        lines = len(summary.splitlines())
        assert any(f"Markdown summary copied ({lines} lines)" in m for m in messages(app))
        assert any("OSC 52" in m for m in messages(app))


async def test_palette_commands_export_and_copy(positions: Path) -> None:
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"copy markdown")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.clipboard == to_markdown(app.document)
        await pilot.press("ctrl+p", *"export")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)


async def test_palette_screenshot_is_saved_in_the_current_directory(
    positions: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``~/Downloads`` (Textual's default folder) the screenshot still saves."""
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    monkeypatch.chdir(work)
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"screenshot")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        for _ in range(100):  # the command waits for the palette to close
            if any("creenshot" in m for m in messages(app)):
                break
            await pilot.pause(0.05)
        (saved,) = work.glob("*.svg")
        assert saved.read_text(encoding="utf-8").startswith("<svg")
        assert any(f"Screenshot saved to {saved}" in m for m in messages(app)), messages(app)
        assert not list(home.rglob("*.svg"))


async def test_hostile_titles_and_paths_are_shown_literally(tmp_path: Path) -> None:
    name = "[@click=app.quit]x[b]"
    base = hostile_document()
    document = dataclasses.replace(
        base,
        path=tmp_path / f"{name}.yaml",
        article=dataclasses.replace(base.article, path=tmp_path / "a.md"),
    )
    app = create_app(document)
    async with app.run_test(size=(160, 48)) as pilot:
        for index, export_format in enumerate(EXPORT_FORMATS):
            await pilot.press("e")
            await pilot.pause()
            offered = EXPORT_FORMATS[max(0, index - 1)].key  # the format last exported
            assert dialog(app).path_input.value == f"{name}.{offered}"
            text = screen_text(app)
            assert "Doc [@click=app.quit]x[/]" in text  # the title, literally
            await pilot.press(*["down"] * min(index, 1), "enter")
            await finish(app, pilot)
            target = tmp_path / f"{name}.{export_format.key}"
            assert target.exists(), messages(app)
            assert f"Exported {export_format.name} to {target}" in messages(app)
        assert app.is_running
    svg = (tmp_path / f"{name}.svg").read_text("utf-8").replace("&#160;", " ")
    assert HOSTILE.split()[0] in svg


async def test_the_dialog_quotes_a_headline_but_not_what_stands_for_none(
    positions: Path,
) -> None:
    """The article's headline is shown in quotation marks; without one, ``No headline ·
    author · …`` names the article instead, and is not quoted as if it were its headline
    (QA: “No headline · James Landale · BBC News · …” on the seed)."""
    from positions.loader import SEED_POSITIONS

    titled = load_document(positions).document
    assert titled.headline
    untitled = load_document(SEED_POSITIONS).document
    assert untitled.headline is None
    quoted = f"\u201c{titled.headline}\u201d"
    for document, shown in ((titled, quoted), (untitled, "No headline · ")):
        app = create_app(document)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("e")
            await pilot.pause()
            title = str(dialog(app).query_one("#export-title", Static).render())
            assert title.startswith(shown), title
            assert not title.startswith("\u201cNo headline")


async def test_q_closes_the_dialog_but_types_a_q_in_the_file_name(positions: Path) -> None:
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "end", "q")
        await pilot.pause()
        assert dialog(app).path_input.value == "positions.mdq"
        await pilot.press("shift+tab", "q")
        await pilot.pause()
        assert app.is_running
        assert app.screen is app.screen_stack[0]


def test_exports_default_to_the_current_folder_when_the_positions_folder_is_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundled seed lives inside the installed package, which may not be writable."""
    import os

    from tui.screens.export import default_path, export_folder

    doc = load_document(Path(__file__).parent / "fixtures" / "four_parties" / "positions.yaml")
    folder = doc.document.path.absolute().parent
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert export_folder(doc.document) == folder
    real_access = os.access
    monkeypatch.setattr(
        "tui.screens.export.os.access",
        lambda path, mode: False if Path(path) == folder else real_access(path, mode),
    )
    assert export_folder(doc.document) == work
    assert default_path(doc.document, "md") == "positions.md"


def test_exports_of_the_bundled_seed_default_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seed ships inside the installed package: its exports are proposed where the
    user works, not in the package's folder (writable or not)."""
    from positions.loader import SEED_POSITIONS
    from tui.screens.export import default_path, export_folder

    monkeypatch.chdir(tmp_path)
    seed = load_document(SEED_POSITIONS).document
    assert export_folder(seed) == tmp_path
    assert default_path(seed, "html") == "putin-ceasefire-conditions.html"


def test_a_positions_file_inside_site_packages_exports_to_the_current_folder(
    positions: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sysconfig

    from tui.screens.export import export_folder

    document = load_document(positions).document
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert export_folder(document) == positions.parent  # the user's own folder
    paths = {**sysconfig.get_paths(), "purelib": str(positions.parent.parent)}
    monkeypatch.setattr(sysconfig, "get_paths", lambda: paths)
    assert export_folder(document) == work


async def test_the_chosen_format_reads_without_colour(positions: Path) -> None:
    """Under NO_COLOR the radio buttons differ by glyph: ● chosen, ○ not."""
    from tui.screens.export import FormatButton

    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        buttons = list(app.screen.query(FormatButton))
        glyphs = [str(b.render()).split(" ", 1)[0] for b in buttons]
        assert [("●" in g) for g in glyphs] == [False, True, False, False, False], glyphs
        assert all(("○" in g) != ("●" in g) for g in glyphs), glyphs


async def test_the_dialog_offers_the_format_last_exported(positions: Path) -> None:
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("down", "down", "down")  # CSV
        await pilot.pause()
        assert dialog(app).selected_format.key == KEYS[3]
        await pilot.press("enter")
        await finish(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert dialog(app).selected_format.key == KEYS[3]
        assert dialog(app).path_input.value == f"positions.{KEYS[3]}"
        await pilot.press("escape")  # cancelled: it does not change what is remembered
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("down")  # the arrows move on from the format offered
        await pilot.pause()
        assert dialog(app).selected_format.key == KEYS[4]


async def test_an_export_dialog_open_during_a_reload_exports_the_new_version(
    positions: Path,
) -> None:
    app = reader(positions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        text = positions.read_text(encoding="utf-8")
        old = "Will open the bridge, but only once the shelling stops."
        assert old in text
        positions.write_text(text.replace(old, "Wants the bridge open tomorrow."), "utf-8")
        assert app.check_files_now()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("enter")
        await finish(app, pilot)
    written = (positions.parent / "positions.md").read_text(encoding="utf-8")
    assert "Wants the bridge open tomorrow." in written and old not in written
