"""Writing a change from the reader: what a save reuses, and that it leaves the reader as
it was (issue 14's speed and first-write gaps).

The keys and the files written are :mod:`test_tui_coding`'s; these tests check what the
speed work must not break: a change to the positions file keeps the article's layout (the
same lines, the same offsets) while a change to the article's header does not, after a
save the garbage collector runs again, and a session whose file was linked elsewhere is
made ready to write once a passage is selected.
"""

from __future__ import annotations

import gc
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from helpers.screen import region_lines
from test_tui_coding import ONE, code, open_app, quotes, search, strict, until, write_files

from positions.loader import load_document
from positions.session import DocumentSession
from tui.app import create_app
from tui.article_layout import build_layout, wraps_alike

#: The bundled seed (QA's file).
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_a_change_to_the_positions_file_keeps_the_articles_layout(tmp_path: Path) -> None:
    path = write_files(tmp_path, ONE)
    before = load_document(path).document
    path.write_text(ONE.replace("name: Russia", "name: Russian Federation"), encoding="utf-8")
    after = load_document(path).document
    assert wraps_alike(before, after)
    assert build_layout(before, 60) == build_layout(after, 60)
    # A headline of its own, or another article text, wraps differently.
    titled = replace(after, meta=replace(after.meta, title="Talks, day two"))
    assert not wraps_alike(before, titled)
    other = replace(after, article=replace(after.article, text=after.article.text + "x"))
    assert not wraps_alike(before, other)


async def test_the_collector_runs_again_once_a_change_is_shown(tmp_path: Path) -> None:
    path = write_files(tmp_path, ONE)
    app = open_app(path)
    assert gc.isenabled()
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        await pilot.press("a")
        await search(pilot, "proposals")
        await pilot.press("v")
        await code(pilot, app, "", "", "s", "", "", "", "Yes.")
        await until(pilot, lambda: quotes(reader.document), "coded")
        await until(pilot, gc.isenabled, "the collector running again")
        assert quotes(strict(path)) == [("russia", "truce", "proposals")]
        await pilot.press("u")  # undo: the same pause, the same resume
        await until(pilot, lambda: not quotes(reader.document), "undone")
        await until(pilot, gc.isenabled, "the collector running again after undo")
    assert gc.isenabled()


async def test_selecting_a_passage_gets_a_session_loaded_elsewhere_ready_to_write(
    tmp_path: Path,
) -> None:
    path = write_files(tmp_path, ONE)
    session = DocumentSession.of_loaded(load_document(path))  # not linked by this session
    assert not session.writing_prepared
    app = create_app(session)
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        await pilot.press("a")
        assert not session.writing_prepared  # reading alone loads nothing more
        await search(pilot, "proposals")
        await pilot.press("v")
        await until(pilot, lambda: session.writing_prepared, "ready to write")
        await code(pilot, app, "", "", "s", "", "", "", "Yes.")
        await until(pilot, lambda: quotes(reader.document), "coded")
        assert quotes(strict(path)) == [("russia", "truce", "proposals")]


#: Two parties, one topic, Russia's one quote coded.
TWO = ONE + """\
    speakers: [Putin]
    positions:
      truce:
        stance: conditional
        summary: Agrees, with nuances.
        quotes:
          - text: We agree with the proposals to cease hostilities.
            speaker: Putin
  ukraine:
    name: Ukraine
"""


async def test_a_save_redraws_the_pane_it_changed_and_mounts_only_a_new_partys(
    tmp_path: Path,
) -> None:
    """A quote coded to a party changes that party's pane in place; a new party adds its
    pane beside the others; the panes not changed are the same widgets, their place and
    measured entries kept (and undoing the new party takes its pane away again)."""
    path = write_files(tmp_path, TWO)
    app = open_app(path)
    async with app.run_test(size=(200, 48)) as pilot:
        reader = app.reader
        russia, ukraine = reader.panes
        await pilot.press("a")
        await search(pilot, "nuances")
        await pilot.press("v")
        await code(pilot, app, "Russia", "Truce", "", "", "", "", "")
        await until(pilot, lambda: len(quotes(reader.document)) == 2, "coded")
        assert reader.panes == [russia, ukraine]
        await until(pilot, lambda: "“nuances”" in "\n".join(region_lines(app, russia)),
                    "the quote in Russia's pane")  # fmt: skip
        assert reader.focused is russia.quote_list
        ref = reader.selection.highlighted
        assert ref is not None and ref.quote.text == "nuances"
        assert russia.cursor.quote_index == 1
        assert "no stated position" in "\n".join(region_lines(app, ukraine))

        await pilot.press("a")
        await search(pilot, "a chance for peace")
        await pilot.press("v")
        await code(pilot, app, "Europe", "Truce", "s", "", "", "", "Hopes.")
        await until(pilot, lambda: len(reader.panes) == 3, "a pane for the new party")
        assert reader.panes[:2] == [russia, ukraine]
        europe = reader.panes[2]
        await until(pilot, lambda: "a chance" in "\n".join(region_lines(app, europe)),
                    "the quote in the new pane")  # fmt: skip
        assert europe.party.name == "Europe" and reader.focused is europe.quote_list
        assert quotes(strict(path))[-1] == ("europe", "truce", "a chance for peace")

        await pilot.press("u")
        await until(pilot, lambda: len(reader.panes) == 2, "the new party's pane gone")
        assert reader.panes == [russia, ukraine]
        assert [p.id for p in strict(path).parties] == ["russia", "ukraine"]


async def test_a_quote_coded_to_a_party_hidden_in_the_tabbed_layout_is_shown_in_its_pane(
    tmp_path: Path,
) -> None:
    """Narrow, one pane at a time: coding to a party whose pane is hidden refills that pane
    while hidden, then shows it with the new quote under its cursor."""
    path = write_files(tmp_path, TWO)
    app = open_app(path)
    async with app.run_test(size=(80, 30)) as pilot:
        reader = app.reader
        russia, ukraine = reader.panes
        assert russia.display and not ukraine.display  # the tabbed layout
        await pilot.press("a")
        await search(pilot, "a chance for peace")
        await pilot.press("v")
        await code(pilot, app, "Ukraine", "Truce", "s", "", "", "", "Hopes.")
        await until(pilot, lambda: ukraine.display, "Ukraine's pane shown")
        assert reader.panes == [russia, ukraine]
        await until(pilot, lambda: "a chance" in "\n".join(region_lines(app, ukraine)),
                    "the quote in Ukraine's pane")  # fmt: skip
        ref = reader.selection.highlighted
        assert ref is not None and ref.quote.text == "a chance for peace"
        assert ukraine.cursor.topic_index == 0 and ukraine.cursor.quote_index == 0


async def test_the_footer_shows_the_panes_keys_in_the_frame_that_shows_the_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Coding from the article focuses the new quote's pane, whose keys differ (``b`` is
    Balance there, a selection key in the article): the footer has them by the time the
    save is shown (the end of its one frame), not two refreshes and a layout later."""
    from textual.widgets._footer import FooterKey

    from tui.screens.reader_coding import CodingReader

    path = write_files(tmp_path, TWO)
    app = open_app(path)
    shown_with: list[list[str]] = []
    real = CodingReader.on_coding_reader_applied

    async def recording(self: CodingReader, message: CodingReader.Applied) -> None:
        await real(self, message)
        keys = self.query(FooterKey)
        shown_with.append([key.description for key in keys if key.display])

    monkeypatch.setattr(CodingReader, "on_coding_reader_applied", recording)
    async with app.run_test(size=(200, 48)) as pilot:
        reader = app.reader
        await pilot.press("a")
        await search(pilot, "nuances")
        await pilot.press("v")
        await until(pilot, lambda: "Balance" not in footer_keys(app), "the article's keys")
        await code(pilot, app, "Russia", "Truce", "", "", "", "", "")
        await until(pilot, lambda: shown_with, "the save shown")
        assert reader.focused is reader.panes[0].quote_list
        assert "Balance" in shown_with[0]
        await pilot.pause()
        assert footer_keys(app) == shown_with[0]  # and nothing changed them after


def footer_keys(app: Any) -> list[str]:
    """The words of the footer keys shown."""
    from textual.widgets._footer import FooterKey

    return [key.description for key in app.reader.query(FooterKey) if key.display]


async def test_a_quote_coded_at_80_columns_leaves_only_whole_keys_in_the_footer(
    tmp_path: Path,
) -> None:
    """QA's path on the seed at 80x24: ``a v m enter`` codes a quote and focuses its pane,
    whose ``b`` Balance does not fit.  The save shows the pane's keys in its own frame
    (``show_bindings_now``), before the screen has laid out the key it shows again, so
    what fits must not be read from the keys' old regions: ``? Help`` was cut to ``? He``
    and ``q Quit`` gone, until the focus changed."""
    import shutil

    from textual.widgets._footer import FooterKey

    for source in SEEDS.glob("putin-ceasefire-conditions.*"):
        shutil.copy(source, tmp_path)
    app = open_app(tmp_path / "putin-ceasefire-conditions.yaml")
    whole = " tab Pane  1-9 Party  / Search  c Compare  e Export  ? Help  q Quit ▏^p palette"

    def footer() -> str:
        return (region_lines(app, app.reader.query_one("ReaderFooter")) or [""])[0]

    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.reader
        coded = len(quotes(reader.document))
        await until(pilot, lambda: "q Quit" in footer(), "the footer")
        assert footer() == whole  # a pane's keys: b Balance dropped, whole
        await pilot.press("a")
        await until(pilot, lambda: reader.focused is reader.article, "the article")
        await pilot.press("v")
        await code(pilot, app)  # m, then enter on the prefilled fields
        await until(pilot, lambda: len(quotes(reader.document)) == coded + 1, "coded")
        panes = [pane.quote_list for pane in reader.panes]
        await until(pilot, lambda: reader.focused in panes, "the new quote's pane")
        await pilot.pause()  # the frame after the save's
        shown = footer()
        for key in reader.query(FooterKey):
            if key.display:
                assert f"{key.key_display} {key.description}" in shown
        assert shown == whole
