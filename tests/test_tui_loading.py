"""Pilot tests: a large file opens on its preview and links in a worker (issue 6); edits on
disk reload without losing the place, and a broken edit shows its errors (issue 5)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers.screen import screen_text
from test_loader_staged import write_case

import tui.app
from positions.loader import Pending, Progress, load_document, open_positions
from positions.session import DocumentSession
from tui.app import ReaderApp, create_app
from tui.place import follow_text
from tui.screens.reader import ReaderScreen
from tui.selection import Cursor
from tui.widgets.article_lines import ArticleLines
from tui.widgets.article_view import BACKGROUND_WRAP_CHARS, K_NOTE

FOUR = Path(__file__).parent / "fixtures" / "four_parties"
NORTH_SUMMARY = "Will open the bridge, but only once the shelling stops."
NEW_SUMMARY = "Now says the bridge opens the day the guns fall silent."
UKRAINE_LIKE = 1  # the second party of every file here


def status(app: ReaderApp) -> str:
    return str(app.reader.status_line.render())


def notifications(app: ReaderApp) -> list[str]:
    return [n.message for n in app.messages]




def prompt_texts(app: ReaderApp, party_index: int) -> list[str]:
    quote_list = app.reader.panes[party_index].quote_list
    return [str(option.prompt) for option in quote_list.options]


async def settle(app: ReaderApp, pilot: object) -> None:
    """Wait for the load worker and for what it posted."""
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


class Gates:
    """Hold ``Pending.link`` at its start and after its first 100 quotes."""

    def __init__(self) -> None:
        self.start = threading.Event()
        self.hundred = threading.Event()

    def open_all(self) -> None:
        self.start.set()
        self.hundred.set()


@pytest.fixture
def gates(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gates]:
    gates = Gates()
    real_link = Pending.link

    def gated_link(self: Pending, progress: Progress | None = None) -> object:
        assert gates.start.wait(20)

        def report(done: int, total: int) -> None:
            if progress is not None:
                progress(done, total)
            if done == 100:
                assert gates.hundred.wait(20)

        return real_link(self, report)

    monkeypatch.setattr(Pending, "link", gated_link)
    yield gates
    gates.open_all()  # never leave a worker thread waiting


def four_copy(tmp_path: Path) -> Path:
    """The four-party fixture copied where the test may edit it; its positions file."""
    folder = tmp_path / "four"
    shutil.copytree(FOUR, folder)
    return folder / "positions.yaml"


def reader_on(yaml: Path) -> ReaderApp:
    """The reader on the file ``yaml`` loaded (with its warnings), as the tests edit it."""
    loaded = load_document(yaml)
    return create_app(loaded.document, warnings=loaded.warnings)


def edit(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text
    path.write_text(changed, encoding="utf-8")


# ------------------------------------------------------------------ part 1: linking


async def test_a_large_file_shows_its_top_at_once_and_links_in_a_worker(
    tmp_path: Path, gates: Gates, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.app.PROGRESS_INTERVAL", 0.0)  # every report, for the test
    pending = open_positions(write_case(tmp_path, paragraphs=4000, quotes=250))
    app = create_app(pending.preview(), pending=pending)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # The title, the top of the article and the panes, before any quote is linked.
        assert not app.document.linked
        shown = screen_text(app)
        assert "A long hearing" in shown and "Paragraph 0:" in shown
        assert "Northland" in shown and "ref000000 said the talks" in shown
        assert "linking quotes 0/250" in status(app)
        layout = app.reader.article.text_layout
        assert layout is not None and layout.kinds[-1] == K_NOTE  # "the rest follows"
        # A quote cannot be shown yet: say so, do not crash.
        await pilot.press("2", "down", "enter")
        await pilot.pause()
        assert app.reader.selection.cursors[UKRAINE_LIKE] == Cursor(0, 0)
        assert any("Still linking quotes (0/250)" in m for m in notifications(app))
        assert app.reader.article.highlighted_spans == ()
        await pilot.press("a", "n")  # next quote in the article: not yet either
        await pilot.pause()
        assert app.reader.article.highlighted_spans == ()
        # Export needs every quote linked: disabled meanwhile.
        assert app.reader.check_action("export", ()) is None
        # Progress shows as it goes.
        gates.start.set()
        for _ in range(100):
            await pilot.pause(0.01)
            if "100/250" in status(app):
                break
        assert "linking quotes 100/250" in status(app)
        # Scroll the article; linking must not move it.
        app.reader.article.scroll_to(y=40, animate=False, immediate=True)
        await pilot.pause()
        top = app.reader.article.visible_offsets()[0]
        gates.hundred.set()
        await settle(app, pilot)
        assert app.document.linked
        assert "linking" not in status(app)
        assert app.reader.article.visible_offsets()[0] == top
        assert app.reader.selection.current_party == UKRAINE_LIKE
        assert app.reader.selection.cursors[UKRAINE_LIKE] == Cursor(0, 0)
        assert app.reader.panes[UKRAINE_LIKE].cursor == Cursor(0, 0)
        assert app.reader.check_action("export", ()) is True
        # Now the quote is there to jump to.
        said = len(notifications(app))
        app.reader.focus_party(UKRAINE_LIKE)
        await pilot.press("enter")
        await pilot.pause()
        quote = app.document.parties[UKRAINE_LIKE].positions[0].quotes[0]
        assert quote.linked
        assert app.reader.article.highlighted_spans == quote.spans
        assert app.reader.article.is_offset_visible(quote.start)
        assert len(notifications(app)) == said  # no "still linking" this time


async def test_nothing_is_drawn_ahead_nor_dialogs_imported_while_a_large_file_links(
    tmp_path: Path, gates: Gates, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker that takes in the linked file shares the interpreter with the UI: while
    it links, the panes put off drawing ahead (each turn comes back later) and the
    dialogs are not imported; once linked, both happen."""
    from tui.widgets.pane_scroll import DrawAhead
    from tui.workarounds import MeasuredOptionList

    turns, drawn, preloads = [0], [0], [0]
    turn, draw_ahead = DrawAhead.turn, MeasuredOptionList.draw_ahead
    preload = tui.app.preload_dialogs

    def counted_turn(self: DrawAhead, *args: object) -> None:
        turns[0] += 1
        turn(self, *args)  # type: ignore[arg-type]

    def counted_draw(self: MeasuredOptionList, *args: object) -> int:
        drawn[0] += 1
        return draw_ahead(self, *args)  # type: ignore[arg-type]

    def counted_preload(*args: object, **kwargs: object) -> object:
        preloads[0] += 1
        return preload(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(DrawAhead, "turn", counted_turn)
    monkeypatch.setattr(MeasuredOptionList, "draw_ahead", counted_draw)
    monkeypatch.setattr(tui.app, "preload_dialogs", counted_preload)
    pending = open_positions(write_case(tmp_path, paragraphs=4000, quotes=250))
    app = create_app(pending.preview(), pending=pending)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(2000):  # every pane's turn has come, some twice: all put off
            if turns[0] >= 2 * len(app.reader.panes):
                break
            await pilot.pause(0.01)
        assert turns[0] >= 2 * len(app.reader.panes)
        assert not app.document.linked
        assert (drawn[0], preloads[0]) == (0, 0)
        gates.open_all()
        await settle(app, pilot)
        assert app.document.linked
        assert preloads[0] == 1
        for _ in range(2000):  # (every pane's turn comes again after the link)
            if drawn[0]:
                break
            await pilot.pause(0.01)
        assert drawn[0] > 0


async def test_a_large_file_whose_quotes_fail_to_link_shows_every_error(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "case [b]bold[/b] [@click=app.quit]x[/]"
    path = write_case(folder, paragraphs=4000, quotes=250, broken="words nowhere in it")
    pending = open_positions(path)
    app = create_app(pending.preview(), pending=pending)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await settle(app, pilot)
        assert not app.document.linked  # still the preview
        assert "linking" not in status(app)
        (error,) = app.reader.load_errors
        assert error.message.startswith("quote not found in the article")
        panel = app.query_one("#load-errors")
        text = str(panel.render())
        assert "1 error" in text
        assert f"{path}:{error.line}:{error.col}: error: quote not found" in text  # literally
        assert app.exit_status == 1
        await pilot.press("2", "down", "enter")
        await pilot.pause()
        assert any("could not be linked" in m for m in notifications(app))
        await pilot.press("q")
    assert app.return_code == 1


def test_follow_text_finds_the_same_passage_after_an_insertion() -> None:
    old = "alpha beta gamma delta epsilon " * 3 + "the passage at the top of the view, unique."
    offset = old.index("the passage")
    new = "A new first paragraph.\n\n" + old
    assert follow_text(old, new, offset) == offset + len("A new first paragraph.\n\n")
    assert follow_text(old, old, offset) == offset
    assert follow_text(old, "short", offset) == len("short")  # gone: clipped


# ----------------------------------------------------------------- part 2: reloading


async def test_editing_a_summary_reloads_and_keeps_the_selection(tmp_path: Path) -> None:
    yaml = four_copy(tmp_path)
    app = reader_on(yaml)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("2", "down", "enter")  # Southbank's first quote
        await pilot.pause()
        before = app.reader.selection.highlighted
        assert before is not None
        edit(yaml, lambda t: t.replace(NORTH_SUMMARY, NEW_SUMMARY))
        assert app.check_files_now()
        await settle(app, pilot)
        assert any(NEW_SUMMARY in p for p in prompt_texts(app, 0))
        assert app.document.parties[0].positions[0].summary == NEW_SUMMARY
        assert app.reader.selection.current_party == 1
        assert app.reader.selection.cursors[1] == app.reader.panes[1].cursor == Cursor(0, 0)
        highlighted = app.reader.selection.highlighted
        assert highlighted is not None and highlighted.key == before.key
        assert app.reader.article.highlighted_spans == before.quote.spans
        assert "Reloaded positions.yaml." in status(app)  # on the status line
        assert "Reloaded positions.yaml." in notifications(app)  # and kept in the log
        assert not app.check_files_now()  # nothing changed since


async def test_a_broken_edit_shows_its_errors_and_keeps_the_last_good_view(
    tmp_path: Path,
) -> None:
    yaml = four_copy(tmp_path)
    article = yaml.parent / "article.md"
    inputs = {p: p.read_bytes() for p in (yaml, article)}
    app = reader_on(yaml)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("2", "down", "enter")
        await pilot.pause()
        shown = app.document
        spans = app.reader.article.highlighted_spans
        edit(yaml, lambda t: t.replace("stance: conditional", "stance: [oops"))
        assert app.check_files_now()
        await settle(app, pilot)
        assert app.document is shown  # the last good view stays
        assert app.reader.article.highlighted_spans == spans
        assert app.reader.selection.cursors[1] == Cursor(0, 0)
        (error,) = app.reader.load_errors
        text = str(app.query_one("#load-errors").render())
        assert f"{yaml}:{error.line}:{error.col}: error: YAML syntax" in text
        assert "shows the last version that loaded" in text
        assert app.exit_status == 1
        # Fixing the file brings the new view back and the errors go.
        edit(yaml, lambda t: t.replace("stance: [oops", "stance: conditional"))
        edit(yaml, lambda t: t.replace(NORTH_SUMMARY, NEW_SUMMARY))
        assert app.check_files_now()
        await settle(app, pilot)
        assert app.reader.load_errors == ()
        assert not app.query("#load-errors")
        assert app.exit_status == 0
        assert any(NEW_SUMMARY in p for p in prompt_texts(app, 0))
        assert app.reader.article.highlighted_spans == spans
        await pilot.press("q")
    assert app.return_code == 0
    # The reader only ever reads: the article was never written (the YAML only by us).
    assert article.read_bytes() == inputs[article]


async def test_editing_the_article_reanchors_and_keeps_the_highlight(tmp_path: Path) -> None:
    yaml = four_copy(tmp_path)
    article = yaml.parent / "article.md"
    app = reader_on(yaml)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("2", "down", "enter")
        await pilot.pause()
        ref = app.reader.selection.highlighted
        assert ref is not None
        old_text = app.document.article.text
        old_spans = app.reader.article.highlighted_spans
        top = app.reader.article.visible_offsets()[0]
        added = "A paragraph added at the top while the reader was open."
        edit(article, lambda t: t.replace("By A. Reporter\n", f"By A. Reporter\n\n{added}\n"))
        assert app.check_files_now()
        await settle(app, pilot)
        new_text = app.document.article.text
        shift = len(added) + 2  # the new block and the blank line after it
        assert new_text.count(added) == 1
        highlighted = app.reader.selection.highlighted
        assert highlighted is not None and highlighted.key == ref.key
        new_spans = app.reader.article.highlighted_spans
        assert new_spans == app.reader.selection.highlighted.quote.spans
        assert [(s.start - shift, s.end - shift) for s in new_spans] == [
            (s.start, s.end) for s in old_spans
        ]
        assert [new_text[s.start : s.end] for s in new_spans] == [
            old_text[s.start : s.end] for s in old_spans
        ]
        assert app.reader.article.is_offset_visible(new_spans[0].start)
        new_top = app.reader.article.visible_offsets()[0]
        assert new_text[new_top : new_top + 40] == old_text[top : top + 40]
        # It says which file it reloaded: the article, not the positions file (QA).
        assert "Reloaded article.md." in status(app)


async def test_the_watcher_waits_until_a_changed_file_holds_still(tmp_path: Path) -> None:
    yaml = four_copy(tmp_path)
    app = reader_on(yaml)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app._poll_files()  # nothing changed
        assert not app.workers
        edit(yaml, lambda t: t.replace(NORTH_SUMMARY, NEW_SUMMARY))
        app._poll_files()  # changed: wait one tick, the editor may still be writing
        assert not app.workers
        app._poll_files()  # held still: reload
        await settle(app, pilot)
        assert app.document.parties[0].positions[0].summary == NEW_SUMMARY


async def test_a_reload_that_adds_a_party_rebuilds_the_panes(tmp_path: Path) -> None:
    yaml = four_copy(tmp_path)
    app = reader_on(yaml)
    async with app.run_test(size=(200, 48)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        third = app.document.parties[2].id
        extra = (
            "  islanders:\n"
            "    name: Islanders\n"
            "    positions:\n"
            "      bridge:\n"
            "        stance: undecided\n"
            "        summary: Have not said.\n"
            "        quotes:\n"
            '          - text: "a trap"\n'
        )
        edit(yaml, lambda t: t.rstrip("\n") + "\n" + extra)
        assert app.check_files_now()
        await settle(app, pilot)
        assert len(app.reader.panes) == 5
        assert app.document.parties[-1].name == "Islanders"
        assert app.document.parties[app.reader.selection.current_party].id == third
        assert "Islanders" in screen_text(app)


# ------------------------------------------------------------- first paint, resizing


async def test_resizing_a_long_article_rewraps_in_a_worker_keeping_the_place(
    tmp_path: Path,
) -> None:
    loaded = load_document(write_case(tmp_path, paragraphs=4000, quotes=20))
    assert len(loaded.document.article.text) >= BACKGROUND_WRAP_CHARS
    app = create_app(loaded.document, warnings=loaded.warnings)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        article = app.reader.article
        article.scroll_to(y=2000, animate=False, immediate=True)
        await pilot.pause()
        top = article.visible_offsets()[0]
        before = article.text_layout
        assert before is not None and before.width == article.text_width
        await pilot.resize_terminal(100, 40)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        after = article.text_layout
        assert after is not None and after.width == article.text_width != before.width
        assert after.line_of(top) == int(article.scroll_offset.y)  # the same passage on top


async def test_the_layout_class_is_set_before_the_first_layout() -> None:
    # From the terminal's width at compose time, not on the first resize: the widgets are
    # styled and measured once, in the layout they are shown in (tabbed: one pane shown).
    seen: list[bool] = []

    class ProbeScreen(ReaderScreen):
        def on_mount(self) -> None:
            # Mounted: composed and styled, not laid out or drawn yet.
            seen.append(self.has_class("-narrow"))

    class Probe(ReaderApp):
        CSS_PATH = str(Path(tui.app.__file__).with_name("app.tcss"))

        def get_default_screen(self) -> ReaderScreen:
            session = self.session
            return ProbeScreen(session.document, session.index, warnings=session.warnings)

    app = Probe(DocumentSession.of_loaded(load_document(FOUR / "positions.yaml")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert seen == [True]
        shown = [pane for pane in app.reader.panes if pane.region.width]
        assert len(shown) == 1


async def test_resizing_while_linking_keeps_the_reader_whole(
    tmp_path: Path, gates: Gates
) -> None:
    """Issue 5: resizing during load, down to 1x1 and back, neither crashes nor loses the
    linked result; the layout follows the final size."""
    pending = open_positions(write_case(tmp_path, paragraphs=4000, quotes=250))
    app = create_app(pending.preview(), pending=pending)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.document.linked
        gates.start.set()
        for size in ((1, 1), (20, 8), (80, 24), (1, 1), (200, 60)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        gates.hundred.set()
        await settle(app, pilot)
        assert app.is_running
        assert app.document.linked
        assert "linking" not in status(app)
        assert app.reader.has_class("-wide")
        assert app.reader.article.text_layout is not None
        assert app.reader.article.text_layout.width == app.reader.article.text_width


async def test_a_one_by_one_terminal_does_not_crash() -> None:
    app = create_app(load_document(FOUR / "positions.yaml").document)
    async with app.run_test(size=(1, 1)) as pilot:
        await pilot.pause()
        for key in ("tab", "down", "enter", "a", "n", "c", "escape", "question_mark", "escape"):
            await pilot.press(key)
            await pilot.pause()
        assert app.is_running


async def test_a_comparison_open_during_a_reload_shows_the_new_version(tmp_path: Path) -> None:
    from textual.widgets import DataTable

    from tui.screens.compare import CompareScreen

    yaml = four_copy(tmp_path)
    app = reader_on(yaml)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("c", "down")  # the comparison, its cursor on the second topic
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        table = app.screen.query_one(DataTable)
        cursor = table.cursor_coordinate
        before = str(table.get_cell_at((0, 1)))
        assert "conditional" in before  # Northtown on the first topic
        edit(yaml, lambda t: t.replace("stance: conditional", "stance: opposes", 1))
        assert app.check_files_now()
        await settle(app, pilot)
        assert isinstance(app.screen, CompareScreen)  # still open, now on the new data
        assert "opposes" in str(table.get_cell_at((0, 1)))
        assert table.cursor_coordinate == cursor


async def test_a_reload_that_changes_nothing_in_the_article_draws_none_of_it_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A summary edited (the usual reload): the article's text, wrap and quote marks are
    those shown, so its lines and the highlight are kept, not drawn again (the frame that
    showed the reload redrew the whole article pane, in the way of the keys typed
    meanwhile); a change the article shows is drawn (the editing tests above)."""
    yaml = four_copy(tmp_path)
    app = reader_on(yaml)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("2", "down", "enter")
        await pilot.pause()
        spans = app.reader.article.highlighted_spans
        assert spans
        drawn: list[int] = []
        render_index = ArticleLines._render_index

        def counted(self: ArticleLines, layout: object, index: int, *args: object) -> object:
            drawn.append(index)
            return render_index(self, layout, index, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(ArticleLines, "_render_index", counted)
        edit(yaml, lambda t: t.replace(NORTH_SUMMARY, NEW_SUMMARY))
        assert app.check_files_now()
        await settle(app, pilot)
        assert app.document.parties[0].positions[0].summary == NEW_SUMMARY
        assert app.reader.article.document is app.document  # the new version, in place
        assert app.reader.article.highlighted_spans == spans
        assert drawn == []


async def test_a_passing_note_shows_on_the_status_line_and_goes(tmp_path: Path) -> None:
    """A reload is reported on the status line, not in a toast (a toast mounted over the
    screen cost 25-30 ms of the interface in the middle of the keys typed meanwhile); the
    note is plain text, stays a few seconds, and is kept in the messages."""
    app = create_app(load_document(four_copy(tmp_path)).document)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        before = status(app)
        app.reader.status_line.show_notice("Reloaded [bold]x[/bold].yaml.", seconds=0.2)
        await pilot.pause()
        assert status(app).startswith("Reloaded [bold]x[/bold].yaml.")  # not read as markup
        assert status(app).endswith(before.strip()[-20:])  # the selection still after it
        deadline = 50
        while "Reloaded" in status(app) and deadline:
            await pilot.pause(0.05)
            deadline -= 1
        assert status(app) == before
        app.note("Reloaded positions.yaml.")
        await pilot.pause()
        assert "Reloaded positions.yaml." in status(app)
        assert notifications(app)[-1] == "Reloaded positions.yaml."
