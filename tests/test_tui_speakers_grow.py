"""A change that gives a party's speakers one line more (coding a quote with a new
speaker) selects the quote in the same update: its pane scrolls for the height the list
will have, so the first frame shows the quote whole and nothing scrolls a frame later."""

from __future__ import annotations

from dataclasses import replace

from positions.index import DocumentIndex
from positions.loader import SEED_POSITIONS, load_document
from tui.app import create_app


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

        while quote_list.scrollable_content_region.height == list_height:
            await pilot.pause()
        await pilot.pause()
        assert pane.query_one(".party-pane--speakers").size.height == speakers_lines + 1
        assert quote_list.highlighted is not None
        assert quote_list.scroll_y == decided  # nothing scrolled after the layout
        quote_list.scroll_to_highlight()
        assert quote_list.scroll_y == decided  # and the quote is in view, whole
