"""Keys that show another party's pane on a file with long panes (issue 15): ``n``/``N``
from the article, ``1``..``4`` and ``tab``, tabbed (one pane shown) and side by side.

Tabbed, a hidden pane's entries are measured ahead (``measure_hidden``, as the reader does
once a version is shown) so that showing it measures nothing: whether or not that has
happened, the pane shown must be the quote's party's, with the quote selected and on
screen.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers.screen import region_lines
from test_tui_coding import until

from positions.session import DocumentSession, Ready
from tui.app import ReaderApp, create_app
from tui.prompts import Prompt
from tui.selection import Cursor
from tui.widgets.pane_scroll import measure_hidden
from tui.widgets.party_pane import PartyPane

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate import generate

TABBED, WIDE = (120, 40), (220, 50)  # 4 parties: tabbed at 120 columns, side by side at 220
_REF = re.compile(r"ref\d{6}")


@pytest.fixture(scope="module")
def positions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """4 parties x 10 topics x 50 quotes (every pane ~550 entries long) in 2,000 paragraphs."""
    return generate(tmp_path_factory.mktemp("long-panes"), paragraphs=2_000)[1]


def open_app(positions: Path) -> ReaderApp:
    session = DocumentSession(positions)
    assert isinstance(session.open_linked(), Ready)
    return create_app(session)


def shown_panes(app: ReaderApp) -> list[int]:
    """The parties whose panes are on screen."""
    return [p.party_index for p in app.reader.panes if p.display and p.region.area > 0]


def pane_refs(app: ReaderApp, pane: PartyPane) -> set[str]:
    """The quotes' ``ref`` words the pane shows on screen."""
    return set(_REF.findall("\n".join(region_lines(app, pane))))


def selected(app: ReaderApp) -> tuple[int, Cursor, str]:
    """The highlighted quote: its party, where it is in its pane, its ``ref`` word."""
    ref = app.reader.selection.highlighted
    assert ref is not None
    (word,) = _REF.findall(ref.quote.text)
    return ref.party_index, Cursor(ref.topic_index, ref.quote_index), word


async def prepared(pilot: Any, app: ReaderApp, ahead: bool) -> None:
    """Let the first frame be drawn; with ``ahead``, measure the hidden panes as the reader
    does once a version is shown, and wait until they are."""
    await pilot.pause()
    if ahead:
        measure_hidden(app.reader.panes)
        hidden = [pane for pane in app.reader.panes if not pane.display]
        await until(
            pilot,
            lambda: all(
                option.prompt.made
                for pane in hidden
                for option in pane.quote_list.options
                if isinstance(option.prompt, Prompt)
            ),
            "the hidden panes measured",
        )


def assert_shown(app: ReaderApp, party: int, cursor: Cursor, word: str) -> None:
    """``party``'s pane is on screen (the only one when tabbed) with its cursor on the quote
    whose ``ref`` word is ``word``, and that quote is on screen in it."""
    pane = app.reader.panes[party]
    if app.reader.has_class("-wide"):
        assert shown_panes(app) == [0, 1, 2, 3]
    else:
        assert shown_panes(app) == [party]
    assert pane.cursor == cursor
    assert word in pane_refs(app, pane), (word, region_lines(app, pane))


@pytest.mark.parametrize(
    ("size", "ahead"),
    [(TABBED, True), (TABBED, False), (WIDE, False)],
    ids=["tabbed-measured-ahead", "tabbed", "wide"],
)
async def test_n_and_N_from_the_article_show_the_quote_in_its_party_pane(
    positions: Path, size: tuple[int, int], ahead: bool
) -> None:
    """``N`` (wraps to the last quote in the article) and ``n`` (back to the first) each
    land in another party's pane far down its list: that pane is shown with the quote
    selected and in view, and the article shows the quote."""
    app = open_app(positions)
    async with app.run_test(size=size) as pilot:
        await prepared(pilot, app, ahead)
        await pilot.press("a")
        parties = []
        for key in ("N", "n", "N"):
            await pilot.press(key)
            await pilot.pause()
            party, cursor, word = selected(app)
            parties.append(party)
            assert_shown(app, party, cursor, word)
            assert word in "\n".join(region_lines(app, app.reader.article))
        assert parties[0] != parties[1]  # (the case's first and last quotes: two parties)
        assert parties[2] == parties[0]


@pytest.mark.parametrize("ahead", [True, False], ids=["measured-ahead", "not-measured"])
async def test_party_keys_show_each_pane_at_its_cursor(positions: Path, ahead: bool) -> None:
    """Tabbed: a pane whose cursor is far down its list, shown again with its number or
    with ``tab``, shows the cursor's quote; each key shows only its party's pane, focused."""
    app = open_app(positions)
    async with app.run_test(size=TABBED) as pilot:
        await prepared(pilot, app, ahead)
        await pilot.press("a", "N")  # the last quote: far down its party's pane
        await pilot.pause()
        party, cursor, word = selected(app)
        other = (party + 2) % 4
        # Another party, this one back, and this one by ``tab`` from the pane before it
        # (the article comes before the first party's).
        before = "a" if party == 0 else str(party)
        for keys, shown in (((str(other + 1),), other), ((str(party + 1),), party),
                            ((str(other + 1), before, "tab"), party)):
            await pilot.press(*keys)
            await pilot.pause()
            assert shown_panes(app) == [shown]
            assert app.focused is app.reader.panes[shown].quote_list
            if shown == party:
                assert_shown(app, party, cursor, word)



async def test_a_pane_shown_by_a_party_key_looks_as_after_a_full_restyle(positions: Path) -> None:
    """Tabbed, showing another party's pane restyles only the panes shown and hidden (only
    their ``display`` depends on ``-current``), not what is in them: whether the key
    focuses the pane (``2``, ``tab``) or leaves the focus in the article (``n``/``N``),
    the screen looks exactly as it does once the whole screen is restyled (colours,
    borders, the cursor's highlight)."""
    app = open_app(positions)
    async with app.run_test(size=TABBED) as pilot:
        await prepared(pilot, app, ahead=True)
        for key in ("2", "3", "tab", "1", "a", "N", "n", "N", "4"):
            await pilot.press(key)
            await pilot.pause()
            shown = app.export_screenshot()
            app.update_styles(app.screen)
            await pilot.pause()
            assert app.export_screenshot() == shown, key
        assert shown_panes(app) == [3]
        assert app.focused is app.reader.panes[3].quote_list
