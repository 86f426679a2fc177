"""A party pane's entries are drawn once, not again for each version or scroll (issue 14:
the frame that shows a coded quote; issue 15: every key that redraws a list).

* A list keeps the drawings of its entries across a new version (a quote coded, a
  reload): an entry whose prompt is unchanged is not drawn again, wherever it now is in
  the list (``MeasuredOptionList.set_options``).
* A shown pane draws ahead, while the user reads, what it shows at each topic's top: the
  place synced panes scroll to when a quote is selected or coded elsewhere
  (``DrawAhead._turn_shown``).
* A list works out once a frame what every line shares (``MeasuredOptionList.render_line``).

What the user relies on: the screen is exactly what Textual's own drawing shows, and a
click on an entry still selects that entry once entries moved (each drawn line carries
the index of its entry, for the mouse).  Drawings are counted on the pane's entries
(``Prompt.render_strips``, as in ``test_tui_draw_ahead``).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from test_tui_coding import code, until
from test_tui_draw_ahead import Drawn
from textual.widgets import OptionList

from positions.loader import SEED_POSITIONS
from positions.model import Span
from tui.app import ReaderApp, create_app
from tui.widgets import pane_scroll
from tui.widgets.party_pane import PartyPane
from tui.workarounds import MeasuredOptionList

SIZE = (120, 40)


def seed_copy(folder: Path) -> Path:
    for source in SEED_POSITIONS.parent.glob("putin-ceasefire-conditions.*"):
        shutil.copy(source, folder / source.name)
    return folder / SEED_POSITIONS.name


def open_seed(folder: Path) -> ReaderApp:
    from positions.session import DocumentSession, Ready

    session = DocumentSession(seed_copy(folder))
    assert isinstance(session.open_linked(), Ready)
    return create_app(session)


def pane_named(app: ReaderApp, name: str) -> PartyPane:
    return next(pane for pane in app.reader.panes if pane.party.name == name)


async def drawn_ahead(pilot: Any, app: ReaderApp) -> None:
    """Wait until every shown pane has drawn ahead all it will."""
    await until(
        pilot,
        lambda: all(pane.ahead.ready for pane in app.reader.panes if pane.display),
        "shown panes drawn ahead",
    )


def cold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing drawn ahead, nothing kept across versions, every line drawn by Textual's
    own ``OptionList.render_line``."""
    monkeypatch.setattr(pane_scroll.DrawAhead, "turn", lambda self, shown=None: None)
    monkeypatch.setattr(MeasuredOptionList, "_take_kept", lambda self, *args: False)
    monkeypatch.setattr(MeasuredOptionList, "render_line", OptionList.render_line)


async def code_one(
    folder: Path, monkeypatch: pytest.MonkeyPatch, *, warm: bool
) -> tuple[str, int, list[int | None]]:
    """On a copy of the seed: the first words of a paragraph past the article's middle
    coded to Russia's position on Kursk (a quote more in the middle of Russia's pane).
    The screen then, how many entries that frame drew (every pane's), and the entry each
    row of Russia's list selects when clicked, top to bottom, at its end."""
    if not warm:
        cold(monkeypatch)
    drawn = Drawn(monkeypatch)
    app = open_seed(folder)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reader
        await pilot.press("a")
        if warm:
            await drawn_ahead(pilot, app)
        text = reader.document.article.text
        start = text.index("\n\n", len(text) // 2) + 2
        end = start
        for _ in range(5):
            end = text.index(" ", end + 1)
        reader.article.set_passage(Span(start, end))
        await pilot.pause()
        # What the frame that shows the quote draws, not what is drawn ahead after it.
        monkeypatch.setattr(pane_scroll.DrawAhead, "turn", lambda self, shown=None: None)
        drawn.prompts.clear()
        await code(pilot, app, "Russia", "Kursk")
        russia = pane_named(app, "Russia")
        await until(pilot, lambda: russia.quote_list.has_focus, "the coded quote selected")
        await pilot.pause()
        screen = app.export_screenshot()
        count = sum(drawn.of(pane) for pane in app.reader.panes)
        chosen: list[int | None] = []
        await pilot.press("end")  # to the last topics: entries that moved down one
        await pilot.pause()
        for row in range(0, russia.quote_list.size.height, 2):
            await pilot.click(russia.quote_list, offset=(6, row))
            await pilot.pause()
            chosen.append(russia.quote_list.highlighted)
        return screen, count, chosen


async def test_a_coded_quote_is_shown_as_textual_draws_it_and_clicks_select_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same screen with the drawings kept, drawn ahead and drawn a frame at a time as
    without any of it; a click on each row of the pane selects the same entry (the
    entries below the new quote moved down one: their drawings carry their new index);
    and the frame that shows the quote draws two entries anew (the new quote, and the
    one before it, which loses the rule after the topic's last quote) where it drew
    every entry that came into view in all three panes (they follow to Kursk)."""
    (tmp_path / "cold").mkdir()
    (tmp_path / "warm").mkdir()
    with monkeypatch.context() as patch:
        expected, drawn_cold, chosen_cold = await code_one(tmp_path / "cold", patch, warm=False)
    with monkeypatch.context() as patch:
        screen, drawn_warm, chosen_warm = await code_one(tmp_path / "warm", patch, warm=True)
    assert screen == expected
    assert chosen_warm == chosen_cold
    assert len(set(chosen_cold)) >= 2  # (the clicks reached more than one entry)
    assert drawn_warm <= 2 < drawn_cold, (drawn_warm, drawn_cold)


async def screens_through_states(folder: Path, monkeypatch: pytest.MonkeyPatch, *,
                                 warm: bool) -> list[str]:  # fmt: skip
    """The seed's screen after each of: opening, ``end`` (party 1's blank room after its
    last topic), the mouse over an entry of party 2's list, ``3`` then ``down`` twice,
    ``a`` (no list focused)."""
    if not warm:
        cold(monkeypatch)
    app = open_seed(folder)
    screens = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if warm:
            await drawn_ahead(pilot, app)
        screens.append(app.export_screenshot())
        await pilot.press("end")
        await pilot.pause()
        screens.append(app.export_screenshot())
        await pilot.hover(app.reader.panes[1].quote_list, offset=(4, 8))
        await pilot.pause()
        screens.append(app.export_screenshot())
        await pilot.press("3", "down", "down")
        await pilot.pause()
        screens.append(app.export_screenshot())
        await pilot.press("a")
        await pilot.pause()
        screens.append(app.export_screenshot())
    return screens


async def test_lists_drawn_a_frame_at_a_time_show_what_textual_draws(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries as the cursor, under the mouse, disabled (the blank room), focused or not,
    and rows past the last entry: each screen as Textual's own ``render_line`` draws it."""
    (tmp_path / "cold").mkdir()
    (tmp_path / "warm").mkdir()
    with monkeypatch.context() as patch:
        expected = await screens_through_states(tmp_path / "cold", patch, warm=False)
    with monkeypatch.context() as patch:
        screens = await screens_through_states(tmp_path / "warm", patch, warm=True)
    for step, (screen, cold_screen) in enumerate(zip(screens, expected, strict=True)):
        assert screen == cold_screen, step
    assert len(set(expected)) == len(expected)  # (each step changed what is shown)
