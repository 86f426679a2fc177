"""The reader's selection as plain data: no screen, no Pilot (issue 10)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

from positions.index import DocumentIndex
from positions.loader import load_document
from positions.model import Document
from tui.selection import Cursor, Selection

FOUR = Path(__file__).parent / "fixtures" / "four_parties" / "positions.yaml"


def four() -> DocumentIndex:
    return DocumentIndex(load_document(FOUR).document)


def first_quote(index: DocumentIndex, party: int):  # type: ignore[no-untyped-def]
    return next(r for r in index.in_article_order if r.party_index == party)


def test_the_selection_module_needs_no_textual() -> None:
    code = "import sys, tui.selection; print([m for m in sys.modules if m.startswith('textual')])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_new_selection_is_on_the_first_topic_of_every_party() -> None:
    index = four()
    selection = Selection(index)
    assert selection.party_count == 4
    assert selection.cursors == [Cursor()] * 4
    assert selection.current_party == 0
    assert selection.sync_topics
    assert selection.highlighted is None


def test_selecting_a_quote_moves_its_party_highlights_it_and_syncs_the_others() -> None:
    index = four()
    selection = Selection(index)
    ref = next(r for r in index.in_article_order if r.topic_index > 0)
    followers = selection.select_quote(ref)
    assert selection.current_party == ref.party_index
    assert selection.cursor == Cursor(ref.topic_index, ref.quote_index)
    assert selection.highlighted == ref
    assert followers == [i for i in range(4) if i != ref.party_index]
    assert all(selection.cursors[i].topic_index == ref.topic_index for i in followers)
    assert all(selection.cursors[i].quote_index is None for i in followers)


def test_without_sync_the_other_parties_stay() -> None:
    index = four()
    selection = Selection(index)
    assert selection.toggle_sync() == []
    assert not selection.sync_topics
    ref = next(r for r in index.in_article_order if r.topic_index > 0)
    assert selection.select_quote(ref) == []
    others = [c for i, c in enumerate(selection.cursors) if i != ref.party_index]
    assert others == [Cursor()] * 3
    # Turned on again: every pane follows the current party's topic.
    moved = selection.toggle_sync()
    assert selection.sync_topics and len(moved) == 3
    assert {c.topic_index for c in selection.cursors} == {ref.topic_index}


def test_a_quote_not_linked_is_never_highlighted() -> None:
    index = four()
    ref = first_quote(index, 1)
    unlinked = dataclasses.replace(ref, quote=dataclasses.replace(ref.quote, spans=()))
    selection = Selection(index)
    selection.select_quote(unlinked)
    assert selection.cursor == Cursor(ref.topic_index, ref.quote_index)
    assert selection.highlighted is None


def test_opening_a_position_highlights_its_first_quote() -> None:
    index = four()
    selection = Selection(index)
    ref = first_quote(index, 3)
    selection.open_position(3, ref.topic_index)
    assert selection.current_party == 3
    assert selection.cursor == Cursor(ref.topic_index, None)
    first = index.quote(3, ref.topic_index, 0)
    assert selection.highlighted == first


def test_opening_a_silence_highlights_nothing_not_the_quote_highlighted_before() -> None:
    index = four()
    selection = Selection(index)
    selection.select_quote(first_quote(index, 1))
    assert selection.highlighted is not None
    party, topic = next(
        (p, t) for p in range(4) for t in range(len(index.document.topics))
        if index.position(p, t) is None
    )
    selection.open_position(party, topic)
    assert selection.cursor == Cursor(topic, None)
    assert selection.position() is None
    assert selection.highlighted is None


def test_following_a_reload_keeps_cursors_and_highlight_by_id() -> None:
    index = four()
    selection = Selection(index)
    ref = first_quote(index, 2)
    selection.select_quote(ref)
    document = index.document
    # The new version: the parties in another order, one of them dropped.
    reordered = dataclasses.replace(document, parties=(document.parties[2], document.parties[1]))
    new = selection.follow(DocumentIndex(reordered))
    assert new.party_count == 2
    assert new.current_party == 0  # the same party, at its new place
    assert new.cursor == Cursor(ref.topic_index, ref.quote_index)
    assert new.highlighted is not None
    assert new.highlighted.party.id == ref.party.id
    assert new.highlighted.quote.text == ref.quote.text


def test_following_a_reload_that_drops_the_quote_keeps_the_topic_only() -> None:
    index = four()
    selection = Selection(index)
    ref = first_quote(index, 0)
    selection.select_quote(ref)
    document: Document = index.document
    party = document.parties[0]
    emptied = dataclasses.replace(
        party,
        positions=tuple(
            p for p in party.positions if p.topic_id != document.topics[ref.topic_index].id
        ),
    )
    new = selection.follow(
        DocumentIndex(dataclasses.replace(document, parties=(emptied, *document.parties[1:])))
    )
    assert new.cursors[0] == Cursor(ref.topic_index, None)
    assert new.highlighted is None
    assert new.position() is None  # now a silence
