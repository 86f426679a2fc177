"""Snapshots of what a user sees: the seed and the four-party fixture, reader and matrix.

Regenerate with ``pytest tests/test_tui_snapshots.py --snapshot-update`` and look at the
SVGs in ``tests/__snapshots__/test_tui_snapshots/`` before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from positions.loader import SEED_POSITIONS, load_document
from tui.app import ReaderApp, create_app

#: Notifications shown in a picture stay until it is taken (see ``conftest.py``).
pytestmark = pytest.mark.usefixtures("notifications_stay")

ROOT = Path(__file__).parent.parent
#: Relative to ROOT: the fixture's deliberate warning (a passage quoted for two parties)
#: shows its file name, which must not depend on where the repository is checked out.
FOUR_PARTIES = Path("tests") / "fixtures" / "four_parties" / "positions.yaml"


def seed_app() -> ReaderApp:
    """The reader on the bundled seed, as the CLI opens it."""
    loaded = load_document(SEED_POSITIONS)
    return create_app(loaded.document, warnings=loaded.warnings)


def four_party_app(monkeypatch: pytest.MonkeyPatch) -> ReaderApp:
    """The reader on the four-party fixture, opened from the repository's root."""
    monkeypatch.chdir(ROOT)
    loaded = load_document(FOUR_PARTIES)
    return create_app(loaded.document, warnings=loaded.warnings)


async def choose_russia_kursk_quote(pilot: Pilot[Any]) -> None:
    """Russia's pane, down to its first Kursk quote, enter."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    await pilot.press("2")
    kursk = app.reader.index.topic_ids["kursk"]
    while app.reader.selection.cursors[1] != type(app.reader.selection.cursors[1])(kursk, 0):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


def test_seed_reader_80x24(snap_compare: Any) -> None:
    assert snap_compare(seed_app(), terminal_size=(80, 24))


def test_seed_reader_160x48(snap_compare: Any) -> None:
    assert snap_compare(seed_app(), terminal_size=(160, 48))


def test_seed_quote_selected_160x48(snap_compare: Any) -> None:
    assert snap_compare(seed_app(), terminal_size=(160, 48), run_before=choose_russia_kursk_quote)


def test_seed_quote_selected_80x24(snap_compare: Any) -> None:
    assert snap_compare(seed_app(), terminal_size=(80, 24), run_before=choose_russia_kursk_quote)


def test_seed_comparison_80x24(snap_compare: Any) -> None:
    assert snap_compare(seed_app(), terminal_size=(80, 24), press=["c"])


def test_seed_comparison_160x48(snap_compare: Any) -> None:
    assert snap_compare(seed_app(), terminal_size=(160, 48), press=["c"])


def test_four_parties_160x48(snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    assert snap_compare(four_party_app(monkeypatch), terminal_size=(160, 48))


def test_four_parties_120x40_tabs(snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    assert snap_compare(four_party_app(monkeypatch), terminal_size=(120, 40), press=["3"])


def test_four_parties_comparison_160x48(snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    assert snap_compare(four_party_app(monkeypatch), terminal_size=(160, 48), press=["c"])


async def light_theme(pilot: Pilot[Any]) -> None:
    """Switch to Textual's light theme."""
    pilot.app.theme = "textual-light"
    await pilot.pause()


def test_seed_light_theme_120x40(snap_compare: Any) -> None:
    assert snap_compare(seed_app(), terminal_size=(120, 40), run_before=light_theme)


def test_seed_topics_synced_160x48(snap_compare: Any) -> None:
    # Ukraine: down past its two ceasefire quotes to the next topic; every pane follows.
    assert snap_compare(seed_app(), terminal_size=(160, 48), press=["down", "down", "down"])


async def code_a_passage(pilot: Pilot[Any]) -> None:
    """The article, a search, ``v`` and ``"`` (the quotation), ``m``: the code dialog."""
    await pilot.press("a", "slash", *"in favour", "enter", "v", "quotation_mark", "m")
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False  # the cursor shown, not wherever its blink had got to
    await pilot.pause()


def test_seed_code_quote_dialog_120x40(snap_compare: Any) -> None:
    assert snap_compare(seed_app(), terminal_size=(120, 40), run_before=code_a_passage)
