"""A quote selected where its pane's list is about to change size is scrolled into view
for the size the list will have, so the first frame shows it and nothing scrolls a frame
later: a change that gives a party's speakers one line more (coding a quote with a new
speaker), and a pane shown in the tabbed layout (``N`` to another party's quote)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_tui_coding import until
from textual.app import App, ComposeResult
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from positions.index import DocumentIndex
from positions.loader import SEED_POSITIONS, load_document
from tui.app import create_app
from tui.prompts import Prompt
from tui.widgets.pane_scroll import scroll_ahead
from tui.widgets.party_pane import PartyPane


async def test_a_quote_selected_as_the_speakers_grow_is_in_view_at_once() -> None:
    loaded = load_document(SEED_POSITIONS)
    app = create_app(loaded.document, warnings=loaded.warnings)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        reader = app.reader
        pane = reader.panes[1]  # Russia: two lines of speakers at this width
        quotes = reader.index
        quote_list = pane.quote_list
        # The first quote whose entry reaches past the bottom: selected from the top, the
        # list scrolls just enough to show its last line on the list's last row.
        party = reader.document.parties[1]
        refs = [quotes.quote(1, t, q) for t, topic in enumerate(reader.document.topics)
                if (p := party.position_on(topic.id)) is not None
                for q in range(len(p.quotes))]  # fmt: skip
        for ref in refs:
            assert ref is not None
            reader.select_quote(ref)
            await pilot.pause()
            if quote_list.scroll_y > 0:
                break
        else:
            raise AssertionError("no quote of Russia's reaches past the pane's bottom")
        speakers_lines = pane.query_one(".party-pane--speakers").size.height
        list_height = quote_list.scrollable_content_region.height

        grown = replace(party, speakers=(*party.speakers, "Volodymyr Zelensky"))
        document = replace(reader.document, parties=(reader.document.parties[0], grown,
                                                     *reader.document.parties[2:]))  # fmt: skip
        index = DocumentIndex(document)
        with app.batch_update():  # as a change written is shown: one update
            await reader.show_document(document, index, reader.file_warnings)
            ref = index.quote(1, ref.topic_index, ref.quote_index)
            assert ref is not None
            reader.select_quote(ref, focus_pane=True)
        decided = quote_list.scroll_y  # before any layout at the new height

        await until(pilot, lambda: quote_list.scrollable_content_region.height != list_height,
                    "the list laid out at its new height")  # fmt: skip
        await pilot.pause()
        assert pane.query_one(".party-pane--speakers").size.height == speakers_lines + 1
        assert quote_list.highlighted is not None
        assert quote_list.scroll_y == decided  # nothing scrolled after the layout
        quote_list.scroll_to_highlight()
        assert quote_list.scroll_y == decided  # and the quote is in view, whole


@pytest.mark.parametrize("party_index", [1, 2])
async def test_a_quote_selected_in_a_hidden_pane_is_in_view_when_shown(party_index: int) -> None:
    """Tabbed panes (80 columns): a quote selected in a pane not shown (``N`` to the
    last quote, a click in the matrix) scrolls that pane's list before it is shown, at the
    size it will have, so the frame that shows the pane shows the quote; scrolled when
    shown, the pane was drawn first at its old scroll, the quote out of view.  (Russia's
    speakers take a line more than Ukraine's at this width, so its list is a line shorter
    than the one shown before it; the United States' take as many.)"""
    loaded = load_document(SEED_POSITIONS)
    app = create_app(loaded.document, warnings=loaded.warnings)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("a")
        reader = app.reader
        assert [pane.display for pane in reader.panes] == [True, False, False]
        await until(pilot, lambda: reader.panes[0].quote_list.size.height, "the first pane")
        pane = reader.panes[party_index]
        quote_list = pane.quote_list
        party = reader.document.parties[party_index]
        last = max(t for t, topic in enumerate(reader.document.topics)
                   if (p := party.position_on(topic.id)) is not None and p.quotes)  # fmt: skip
        position = party.position_on(reader.document.topics[last].id)
        assert position is not None
        ref = reader.index.quote(party_index, last, len(position.quotes) - 1)
        assert ref is not None
        with app.batch_update():
            reader.select_quote(ref)
        decided = quote_list.scroll_y
        assert decided > 0  # its last quote is further down than one pane

        await until(pilot, lambda: quote_list.size.height, "the pane shown")
        await pilot.pause()
        assert quote_list.scroll_y == decided  # nothing scrolled once it was shown
        quote_list.scroll_to_highlight()
        assert quote_list.scroll_y == decided  # and the quote is in view


def blank_room(pane: PartyPane) -> int:
    """The lines of blank room after a pane's last topic (its list's last entry)."""
    quote_list = pane.quote_list
    spacer = quote_list.get_option_at_index(quote_list.option_count - 1).prompt
    return str(spacer).count("\n")


async def test_a_new_partys_pane_has_its_blank_room_as_it_is_shown() -> None:
    """A fourth party (a quote coded to a new one) turns the seed's panes into tabs at
    120 columns, its new pane shown in place of the current one: the blank room after
    its last topic is made for the height its list will have as the change is shown, so
    the list overflows in the first frame (its scrollbar thumb drawn).  Made when the
    pane first heard of its size, it came a frame late, and without it the list did not
    overflow: the first frame showed no thumb."""
    loaded = load_document(SEED_POSITIONS)
    app = create_app(loaded.document, warnings=loaded.warnings)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        reader = app.reader
        await until(pilot, lambda: reader.panes[0].quote_list.size.height, "the panes")
        document = reader.document
        new = replace(document.parties[0], id="new", name="New party", speakers=("Someone",))
        document = replace(document, parties=(*document.parties, new))
        index = DocumentIndex(document)
        with app.batch_update():  # as a change written is shown: one update
            await reader.show_document(document, index, reader.file_warnings)
            ref = index.quote(3, 0, 0)
            assert ref is not None
            reader.select_quote(ref, focus_pane=True)
        pane = reader.panes[3]
        decided = blank_room(pane)

        await until(pilot, lambda: pane.quote_list.size.height, "the new pane shown")
        await pilot.pause()
        assert [p.display for p in reader.panes] == [False, False, False, True]
        assert blank_room(pane) == decided == pane.quote_list.size.height - 2


class TwoLists(App[None]):
    """Two lists of the same entries, one shown and one hidden, as tabbed panes are."""

    CSS = "OptionList { height: 12; scrollbar-gutter: stable; overflow-y: scroll; }"

    def __init__(self) -> None:
        super().__init__()
        self.ends: set[int] = set()  # the entries a rule follows

    def compose(self) -> ComposeResult:
        for list_id in ("shown", "hidden"):
            options: list[Option | None] = []
            entries = 0
            for topic in range(8):
                options.append(Option(Prompt([(f"Topic {topic} " * 6, "bold")])))
                for quote in range(topic % 3):  # a tall entry now and then
                    options.append(Option(Prompt([(f"quote {quote} " * (4 + 8 * quote), "")],
                                                 indent=2)))  # fmt: skip
                entries += 1 + topic % 3
                options.append(None)  # a rule after each topic
                self.ends.add(entries - 1)
            option_list = OptionList(*options, id=list_id)
            option_list.display = list_id == "shown"
            yield option_list


@pytest.mark.parametrize("top", [False, True])
async def test_scrolled_ahead_as_textual_scrolls_once_shown(top: bool) -> None:
    """``scroll_ahead`` works out an entry's lines as ``OptionList`` measures them (rules
    after topics, entries of several lines): scrolled ahead to each entry, the list once
    shown is where Textual's own ``scroll_to_highlight`` puts it."""
    app = TwoLists()
    async with app.run_test(size=(50, 16)) as pilot:
        shown, hidden = app.query_one("#shown", OptionList), app.query_one("#hidden", OptionList)
        await until(pilot, lambda: shown.virtual_size.height, "the shown list measured")
        ends = app.ends
        for row in (3, len(hidden.options) - 1, 1):
            hidden.display, shown.display = False, True
            await until(pilot, lambda: shown.size.height, "the shown list laid out")
            hidden.highlighted = row
            height = shown.scrollable_content_region.height
            assert scroll_ahead(hidden, shown, ends, height, top=top)
            decided = hidden.scroll_y
            hidden.display, shown.display = True, False
            await until(pilot, lambda: hidden.size.height, "the hidden list shown")
            await pilot.pause()
            assert hidden.scroll_y == decided, row
            hidden.scroll_to_highlight(top=top)
            assert hidden.scroll_y == decided, row  # where Textual puts it
