"""A hidden party pane readied while the user reads (issue 15: a party switch on a large
file): tabbed, each hidden pane's list is measured at the shown pane's width and the
entries its first frame will show are drawn ahead (``tui.widgets.pane_scroll.DrawAhead``).

What the user relies on: the pane shown looks exactly as it does when nothing was drawn
ahead (a drawing made for another width or style is never shown), and the frame that
shows it draws (almost) none of its entries anew.  Drawings are counted on the pane's own
entries (``Prompt.render_strips``: this project's class, not Textual's).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from test_tui_coding import until
from test_tui_fixtures import four_party_document
from test_tui_party_switch import TABBED, open_app

from tui.app import ReaderApp, create_app
from tui.prompts import Prompt
from tui.widgets import pane_scroll
from tui.widgets.party_pane import PartyPane

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate import generate


@pytest.fixture(scope="module")
def positions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """4 parties x 10 topics x 50 quotes (every pane ~550 entries long)."""
    return generate(tmp_path_factory.mktemp("draw-ahead"), paragraphs=2_000)[1]


def hidden(app: ReaderApp) -> list[PartyPane]:
    return [pane for pane in app.reader.panes if not pane.display]


async def readied(pilot: Any, app: ReaderApp) -> None:
    """Wait until every hidden pane's drawing ahead has nothing left to draw."""
    await until(
        pilot, lambda: all(pane.ahead.ready for pane in hidden(app)), "hidden panes readied"
    )


def calls_of(monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> list[Any]:
    """The objects ``owner.name`` is called on from now on, in order (it still runs)."""
    called: list[Any] = []
    method = getattr(owner, name)

    def spy(self: Any, *args: Any, **kwargs: Any) -> Any:
        called.append(self)
        return method(self, *args, **kwargs)

    monkeypatch.setattr(owner, name, spy)
    return called


class Drawn:
    """Counts the entries drawn (``Prompt.render_strips``) per prompt."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.prompts: list[Prompt] = []
        render = Prompt.render_strips

        def spy(prompt: Prompt, *args: Any, **kwargs: Any) -> Any:
            self.prompts.append(prompt)
            return render(prompt, *args, **kwargs)

        monkeypatch.setattr(Prompt, "render_strips", spy)

    def of(self, pane: PartyPane) -> int:
        """How many of ``pane``'s entries were drawn since the count was last cleared."""
        mine = {id(option.prompt) for option in pane.quote_list.options}
        return sum(1 for prompt in self.prompts if id(prompt) in mine)


async def show(
    positions: Path | None,
    monkeypatch: pytest.MonkeyPatch,
    *,
    ahead: bool,
    before: Sequence[str],
    key: str,
    resize: tuple[int, int] | None = None,
) -> tuple[str, int]:
    """Open the reader tabbed, press ``before``, let the hidden panes be readied (or never
    with ``ahead`` false), resize to ``resize`` if given, then press ``key``: the screen
    after it, and how many entries of the pane it shows were drawn for that frame."""
    if not ahead:
        monkeypatch.setattr(pane_scroll.DrawAhead, "turn", lambda self, shown=None: None)
    drawn = Drawn(monkeypatch)
    app = open_app(positions) if positions else create_app(four_party_document())
    async with app.run_test(size=TABBED) as pilot:
        await pilot.pause()
        for pressed in before:
            await pilot.press(pressed)
            await pilot.pause()
        if ahead:
            await readied(pilot, app)
        if resize is not None:
            await pilot.resize_terminal(*resize)
            await pilot.pause()
        drawn.prompts.clear()
        await pilot.press(key)
        await pilot.pause()
        shown = [pane for pane in app.reader.panes if pane.display]
        assert len(shown) == 1
        return app.export_screenshot(), drawn.of(shown[0])


@pytest.mark.parametrize(
    ("before", "key"),
    [
        ((), "2"),  # from the first pane, focused
        (("a",), "3"),  # from the article: the pane is shown focused all the same
        (("end",), "4"),  # the hidden cursors moved meanwhile (to the last topic)
        (("a", "N"), "3"),  # after a jump to the last quote (party 2's): far down
    ],
    ids=["from-a-pane", "from-the-article", "after-the-cursor-moved", "after-a-jump"],
)
async def test_a_pane_drawn_ahead_is_shown_as_it_is_without(
    positions: Path, monkeypatch: pytest.MonkeyPatch, before: Sequence[str], key: str
) -> None:
    """The same screen with and without drawing ahead, and the frame that shows the pane
    draws at most its cursor's entry (focused, its style is only known then) instead of
    every entry on screen."""
    with monkeypatch.context() as cold:
        expected, drawn_cold = await show(positions, cold, ahead=False, before=before, key=key)
    with monkeypatch.context() as warm:
        screen, drawn_warm = await show(positions, warm, ahead=True, before=before, key=key)
    assert screen == expected
    assert drawn_warm <= 1 < drawn_cold, (drawn_warm, drawn_cold)


async def test_a_pane_drawn_ahead_has_its_rules_as_a_focused_list_draws_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Short topics: the rules between them are on screen, and a focused list draws them
    on its own (tinted) background: drawn ahead for the focused list, a rule is drawn in
    the rule style a focused list gives (QA: the snapshot of ``3`` on the four-party file
    showed three rules on the unfocused background when the machine was busy)."""
    for key in ("3", "4"):
        with monkeypatch.context() as cold:
            expected, _ = await show(None, cold, ahead=False, before=(), key=key)
        with monkeypatch.context() as warm:
            screen, drawn = await show(None, warm, ahead=True, before=(), key=key)
        assert screen == expected, key
        assert drawn <= 1, key


async def test_a_pane_drawn_ahead_at_another_width_is_measured_again(
    positions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Readied at 120 columns, shown after the terminal narrowed: the pane is measured and
    drawn at its new width (a drawing made for the old width would wrap the entries
    wrongly), exactly as without drawing ahead."""
    resize = (104, 40)
    with monkeypatch.context() as cold:
        expected, _ = await show(
            positions, cold, ahead=False, before=(), key="2", resize=resize
        )
    with monkeypatch.context() as warm:
        screen, _ = await show(positions, warm, ahead=True, before=(), key="2", resize=resize)
    assert screen == expected


async def test_drawing_ahead_waits_while_the_cursor_moves(
    positions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hidden panes follow the cursor's topic: each move starts their drawing again
    after a pause (a held key does not draw on every step), and it ends, readied.  (The
    pause made long while the key is pressed: a busy machine can take longer than the
    real one to hand the key over, and the drawing would be over before it is looked at.)"""
    app = open_app(positions)
    async with app.run_test(size=TABBED) as pilot:
        await pilot.pause()
        await readied(pilot, app)
        monkeypatch.setattr(pane_scroll.DrawAhead, "AFTER_MOVE", 60.0)
        await pilot.press("end")  # to the last topic: the hidden panes' cursors follow
        assert all(not pane.ahead.ready and pane.ahead.pending for pane in hidden(app))
        monkeypatch.setattr(pane_scroll.DrawAhead, "AFTER_MOVE", 0.15)
        for pane in hidden(app):
            pane.ahead.later()  # (the timer set again, with the real pause)
        await readied(pilot, app)
        assert not any(pane.ahead.pending for pane in hidden(app))


async def test_tabbed_the_pane_shown_draws_nothing_ahead_at_its_topics(
    positions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Side by side, each pane draws ahead what it shows at each topic's top (where a
    synced pane goes: ``test_tui_drawn_again``).  Tabbed, the pane shown follows no other
    pane, so it draws nothing ahead: on the large case that was 80 entries in three or
    four styles after every version, turns the keys waited behind.  The hidden panes
    still draw theirs."""
    from tui.workarounds import MeasuredOptionList

    drawn = calls_of(monkeypatch, MeasuredOptionList, "draw_ahead")
    app = open_app(positions)
    async with app.run_test(size=TABBED) as pilot:
        await pilot.pause()
        await readied(pilot, app)  # (after the shown pane's turn would have come)
        shown = [pane for pane in app.reader.panes if pane.display]
        assert len(shown) == 1
        assert shown[0].quote_list not in drawn
        assert {pane.quote_list for pane in hidden(app)} <= set(drawn)


@pytest.mark.parametrize("keys", [("a", "N"), ("3",)], ids=["a-jump", "a-switch"])
async def test_a_pane_drawn_ahead_is_scrolled_to_its_cursor_from_its_measured_lines(
    positions: Path, monkeypatch: pytest.MonkeyPatch, keys: Sequence[str]
) -> None:
    """Shown by a jump or a switch, a pane measured ahead is scrolled to its cursor from
    the lines it was measured at, not by measuring its ~550 entries again in the key
    (~3 ms of the frame on the benchmark's large case); where it lands is checked above
    (the same screen as without drawing ahead)."""
    app = open_app(positions)
    async with app.run_test(size=TABBED) as pilot:
        await pilot.pause()
        await readied(pilot, app)
        measured = calls_of(monkeypatch, Prompt, "get_height")
        shown_before = [pane for pane in app.reader.panes if pane.display]
        await pilot.press(*keys)
        await pilot.pause()
        shown = [pane for pane in app.reader.panes if pane.display]
        assert shown != shown_before  # another party's pane shown
        assert len(measured) == 0, len(measured)
