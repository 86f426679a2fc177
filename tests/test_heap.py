"""Keys on a large file do not pay for the garbage collector or for a screen layout they
do not need (issue 15): the reader's caches free what they drop at once, a reload frees
the last version's wrapped article without a collection, a quote chosen in the current
party lays nothing out, and a party switch still shows the new party's tab."""

from __future__ import annotations

import gc
import shutil
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.screen import screen_text
from test_tui_coding import until
from textual.content import Content
from textual.widget import Widget

from positions.loader import load_document
from tui import prompts
from tui.app import create_app
from tui.lru import Lru
from tui.widgets.party_pane import PartyPane
from tui.widgets.party_tabs import PartyTabs

FOUR = Path(__file__).parent / "fixtures" / "four_parties"


class Box:
    """A value a weak reference can follow."""


@pytest.fixture
def no_automatic_gc() -> Iterator[None]:
    """Only reference counting frees objects during the test."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def test_the_least_recently_used_entry_goes_first() -> None:
    cache: Lru[int, str] = Lru(2)
    cache[1] = "one"
    cache[2] = "two"
    assert cache.get(1) == "one"  # now 2 is the least recently used
    cache[3] = "three"
    assert (cache.get(1), cache.get(2), cache.get(3)) == ("one", None, "three")
    assert len(cache) == 2


def test_what_the_cache_drops_is_freed_at_once(no_automatic_gc: None) -> None:
    cache: Lru[int, Box] = Lru(1)
    first, second = Box(), Box()
    cache[1] = first
    cache[2] = second  # evicts the first
    evicted, cleared = weakref.ref(first), weakref.ref(second)
    del first, second
    assert evicted() is None
    cache.clear()
    assert cleared() is None


async def test_a_reload_frees_the_last_versions_wrapped_article_without_a_collection(
    tmp_path: Path, no_automatic_gc: None
) -> None:
    folder = tmp_path / "four"
    shutil.copytree(FOUR, folder)
    yaml = folder / "positions.yaml"
    loaded = load_document(yaml)
    app = create_app(loaded.document, warnings=loaded.warnings)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        layout = app.reader.article.text_layout
        assert layout is not None
        old = weakref.ref(layout)
        del layout
        article = folder / "article.md"
        article.write_text(article.read_text(encoding="utf-8") + "\nA new paragraph.\n")
        await _reloaded(app, pilot)
        assert app.reader.article.text_layout is not None
        assert old() is None  # (in a reference cycle it would wait for a collection)


async def test_a_reload_that_leaves_the_article_as_it_was_keeps_its_wrapped_lines(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "four"
    shutil.copytree(FOUR, folder)
    yaml = folder / "positions.yaml"
    loaded = load_document(yaml)
    app = create_app(loaded.document, warnings=loaded.warnings)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        layout = app.reader.article.text_layout
        assert layout is not None
        yaml.write_text(yaml.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        await _reloaded(app, pilot)
        assert app.reader.article.text_layout is layout  # not wrapped again
        article = folder / "article.md"
        article.write_text(article.read_text(encoding="utf-8") + "\nA new paragraph.\n")
        await _reloaded(app, pilot)
        new = app.reader.article.text_layout
        assert new is not None and new is not layout
        assert new.starts[-1] > layout.starts[-1]  # the new paragraph's line


async def _reloaded(app: Any, pilot: Any) -> None:
    """Reload the files now and wait until the new version is shown."""
    shown = app.document
    assert app.check_files_now()
    await app.workers.wait_for_complete()
    while app.document is shown:
        await pilot.pause()
    await pilot.pause()


def _layouts_asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The widgets that ask for the screen to be laid out again, from now on."""
    asked: list[str] = []
    refresh = Widget.refresh

    def spy(self: Widget, *regions: Any, **options: Any) -> Any:
        if options.get("layout"):
            asked.append(type(self).__name__)
        return refresh(self, *regions, **options)

    monkeypatch.setattr(Widget, "refresh", spy)
    return asked


def _current_tab(app: Any) -> str:
    """The text of the tab drawn in reverse (the current party's)."""
    row = app.reader.query_one(PartyTabs).content
    assert isinstance(row, Content)
    return "".join(
        row.plain[span.start : span.end] for span in row.spans if "reverse" in str(span.style)
    )


async def test_a_quote_of_the_current_party_is_shown_without_a_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loaded = load_document(FOUR / "positions.yaml")
    app = create_app(loaded.document, warnings=loaded.warnings)
    async with app.run_test(size=(120, 40)) as pilot:  # 4 parties: tabbed panes
        await pilot.press("2")
        await pilot.pause()
        assert "Southbank" in _current_tab(app)
        await pilot.press("down")
        await pilot.pause()
        asked = _layouts_asked(monkeypatch)
        await pilot.press("enter")
        await pilot.pause()
        ref = app.reader.selection.highlighted
        assert ref is not None and ref.party_index == 1
        assert app.reader.article.highlighted_spans == ref.quote.spans
        assert asked == []
        await pilot.press("3")  # another party: its pane is shown (a layout), its tab current
        await pilot.pause()
        assert "Eastfield" in _current_tab(app)
        assert "PartyPane" in asked


def _measured(pane: Any) -> bool:
    """Whether every entry of ``pane`` is made (measuring an entry makes it)."""
    found = [option.prompt for option in pane.quote_list.options]
    return all(prompt.made for prompt in found if isinstance(prompt, prompts.Prompt))


async def test_hidden_panes_are_measured_before_they_are_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "four"
    shutil.copytree(FOUR, folder)
    yaml = folder / "positions.yaml"
    loaded = load_document(yaml)
    app = create_app(loaded.document, warnings=loaded.warnings)
    wraps: list[int] = []
    count = prompts.wrapped_line_count

    def spy(line: str, width: int) -> int:
        wraps.append(width)
        return count(line, width)

    monkeypatch.setattr(prompts, "wrapped_line_count", spy)
    measured: list[str] = []  # the panes measured ahead, by the reader's own timers
    measure_like = PartyPane.measure_like

    def measuring(pane: PartyPane, shown: Any) -> None:
        measure_like(pane, shown)
        measured.append(pane.party.id)

    monkeypatch.setattr(PartyPane, "measure_like", measuring)
    async with app.run_test(size=(100, 40)) as pilot:  # 4 parties: tabbed panes
        await pilot.pause()
        await pilot.press("2")  # shown for the first time: its long entries measured now
        await pilot.pause()
        assert wraps
        yaml.write_text(yaml.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        measured.clear()
        await _reloaded(app, pilot)  # a version shown: the hidden panes measured meanwhile
        hidden = [pane for pane in app.reader.panes if not pane.display]
        # Each measured by its timer (its entries may be made already: the entry cache
        # outlives a version, so "made" alone does not say the timers have run).
        await until(
            pilot,
            lambda: all(pane.party.id in measured and _measured(pane) for pane in hidden),
            "panes measured",
        )
        wraps.clear()
        await pilot.press("4")  # (party 3's entries all fit on their lines at this width)
        await pilot.pause()
        assert app.reader.selection.current_party == 3
        assert "Westmarch" in screen_text(app)
        assert wraps == []


async def test_measuring_ahead_by_a_pane_not_styled_yet_waits_for_the_pane_to_be_shown() -> None:
    """The measuring timers fire on a busy machine when the pane to measure by has just
    been mounted again (a reload, a new party) and has no styles yet: nothing is measured
    then (the pane measures itself when shown), and nothing fails."""
    from tui.widgets.party_pane import QuoteList

    loaded = load_document(FOUR / "positions.yaml")
    app = create_app(loaded.document, warnings=loaded.warnings)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        hidden = next(pane for pane in app.reader.panes if not pane.display)
        hidden.measure_like(QuoteList())  # not mounted: no styles to measure by
        await pilot.press("2")
        await pilot.pause()
        assert "Southbank" in screen_text(app)
