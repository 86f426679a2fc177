"""What the reader has selected, as plain data: no Textual, testable without a screen.

The :class:`Selection` holds each party pane's :class:`Cursor`, the current party (the one
the status line describes), whether topics are synced, and the quote highlighted in the
article.  The reader screen changes it through its methods, which return what the widgets
must follow (the parties whose panes moved), and renders it; widgets never own it.

A reload swaps the document: :meth:`Selection.follow` makes the selection of the new
version, keeping every cursor and the highlight by ids (party, topic, quote number), which
survive a reload where indexes may not.
"""

from __future__ import annotations

from dataclasses import dataclass

from positions.index import DocumentIndex, QuoteRef
from positions.model import Position

__all__ = ["Cursor", "Selection"]


@dataclass(frozen=True)
class Cursor:
    """Where a party pane's cursor is: a topic, and a quote in it or the position itself."""

    topic_index: int = 0
    quote_index: int | None = None
    """``None`` when the cursor is on the position (or silence), not on a quote."""


class Selection:
    """The reader's selection over one version of the document (see the module doc)."""

    def __init__(self, index: DocumentIndex, *, sync_topics: bool = True) -> None:
        self.index = index
        """The document version selected in."""
        self.cursors: list[Cursor] = [Cursor() for _ in index.document.parties]
        """Each party pane's cursor, in party order."""
        self.current_party = 0
        """Index of the selected party (the one the status line describes)."""
        self.sync_topics = sync_topics
        """Moving to a topic in one pane moves every pane to it."""
        self.highlighted: QuoteRef | None = None
        """The quote highlighted in the article (always a linked one)."""

    @property
    def party_count(self) -> int:
        """How many parties the document has."""
        return len(self.cursors)

    @property
    def cursor(self) -> Cursor:
        """The current party's cursor (a default one when there are no parties)."""
        return self.cursors[self.current_party] if self.cursors else Cursor()

    def position(self) -> Position | None:
        """The current party's position on its cursor's topic (``None``: a silence)."""
        if not self.cursors:
            return None
        return self.index.position(self.current_party, self.cursor.topic_index)

    def set_current(self, party_index: int) -> None:
        """Make a party current (an index outside the parties is ignored)."""
        if 0 <= party_index < self.party_count:
            self.current_party = party_index

    def move(self, party_index: int, cursor: Cursor) -> None:
        """The user moved a party's cursor: it becomes the current party."""
        self.cursors[party_index] = cursor
        self.set_current(party_index)

    def sync_to_topic(self, topic_index: int, *, source: int | None) -> list[int]:
        """Bring every party except ``source`` to ``topic_index`` when syncing; the parties
        whose panes must show that topic (every other one: a pane may be scrolled away)."""
        if not self.sync_topics:
            return []
        followers = [i for i in range(self.party_count) if i != source]
        for i in followers:
            if self.cursors[i].topic_index != topic_index:
                self.cursors[i] = Cursor(topic_index, None)
        return followers

    def toggle_sync(self) -> list[int]:
        """Turn syncing on or off; turned on, every pane follows the current party's topic
        (returns the parties moved, as :meth:`sync_to_topic`)."""
        self.sync_topics = not self.sync_topics
        if not self.sync_topics or not self.cursors:
            return []
        return self.sync_to_topic(self.cursor.topic_index, source=self.current_party)

    def highlight(self, ref: QuoteRef | None) -> QuoteRef | None:
        """Highlight ``ref`` in the article (a quote not linked yet cannot be: nothing is
        highlighted then); returns what is highlighted."""
        self.highlighted = ref if ref is not None and ref.quote.linked else None
        return self.highlighted

    def select_quote(self, ref: QuoteRef) -> list[int]:
        """Select a quote everywhere: its party's cursor and the highlight; returns the
        other parties moved to its topic (when syncing)."""
        self.move(ref.party_index, Cursor(ref.topic_index, ref.quote_index))
        self.highlight(ref)
        return self.sync_to_topic(ref.topic_index, source=ref.party_index)

    def open_position(self, party_index: int, topic_index: int) -> list[int]:
        """Put a party's cursor on a topic (it becomes current) and highlight the
        position's first quote if it is linked, else nothing (a silence, or a quote not
        linked yet: the quote highlighted before belongs to another position, so it
        is no longer highlighted); returns the other parties moved."""
        self.move(party_index, Cursor(topic_index, None))
        self.highlight(self.index.quote(party_index, topic_index, 0))
        return self.sync_to_topic(topic_index, source=party_index)

    def follow(self, index: DocumentIndex) -> Selection:
        """This selection in another version of the document (a reload), by ids: each
        party keeps its topic and quote number where they still exist, the current party
        stays current (or the one at its place), the highlight stays if its quote does."""
        old = self.index.document
        new = Selection(index, sync_topics=self.sync_topics)
        topics = old.topics
        for party, cursor in zip(old.parties, self.cursors, strict=False):
            at = index.party_ids.get(party.id)
            if at is None:
                continue
            topic_id = topics[cursor.topic_index].id if cursor.topic_index < len(topics) else ""
            topic_index = index.topic_ids.get(topic_id, 0)
            quote_index = cursor.quote_index
            if quote_index is None or index.quote(at, topic_index, quote_index) is None:
                quote_index = None
            new.cursors[at] = Cursor(topic_index, quote_index)
        if new.cursors:
            current_id = (
                old.parties[self.current_party].id if self.current_party < len(old.parties) else ""
            )
            fallback = min(self.current_party, new.party_count - 1)
            new.current_party = index.party_ids.get(current_id, fallback)
        ref = self.highlighted
        if ref is not None and ref.party.id in index.party_ids and ref.topic.id in index.topic_ids:
            new.highlight(
                index.quote(index.party_ids[ref.party.id], index.topic_ids[ref.topic.id],
                            ref.quote_index)
            )
        return new
