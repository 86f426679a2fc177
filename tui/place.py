"""Keeping the reader's place when one Document is swapped for another (a reload).

The place is taken by ids (party, topic, quote), which survive a reload where indexes may
not, and by the passage at the top of the article (found again in the new text by
:func:`follow_text`).  The app takes a :class:`Place` before the swap and restores it after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.widget import Widget

from positions.model import Document
from tui.state import Cursor, QuoteRef, ReaderIndex
from tui.widgets.article_view import ArticleView
from tui.widgets.party_pane import PartyPane, QuoteList

__all__ = [
    "Place",
    "cursor_at",
    "follow_text",
    "highlight_at",
    "pane_signature",
    "take_place",
]


@dataclass(frozen=True)
class Place:
    """Where the reader is, by ids (they survive a reload): see :func:`take_place`."""

    party_id: str | None
    party_index: int
    cursors: dict[str, tuple[str | None, int | None]]
    """Each party's cursor: topic id and quote index."""
    highlight: tuple[str, str, int] | None
    """The highlighted quote: party id, topic id, quote index."""
    focus: str | None
    """``"article"``, a party id, or ``None``."""
    top: int | None
    """Text offset at the top of the article (``None``: scrolled to the very top)."""
    pane_scroll: dict[str, float]


def pane_signature(document: Document) -> tuple[object, ...]:
    """What the party panes show of ``document`` (equal signatures: identical panes)."""
    return (
        tuple((t.id, t.title) for t in document.topics),
        tuple(
            (
                party.id,
                party.name,
                party.speakers,
                tuple(
                    (
                        p.topic_id,
                        p.stance,
                        p.summary,
                        tuple((q.text, q.speaker, q.kind) for q in p.quotes),
                    )
                    for p in party.positions
                ),
            )
            for party in document.parties
        ),
    )


def follow_text(old: str, new: str, offset: int) -> int:
    """Where the passage at ``offset`` of text ``old`` is in text ``new``: the nearest
    place holding the same 64 characters, else ``offset`` itself (clipped)."""
    if old == new or offset <= 0:
        return max(0, min(offset, len(new)))
    snippet = old[offset : offset + 64]
    if not snippet.strip():
        return min(offset, len(new))
    found = [
        at
        for at in (new.find(snippet, offset), new.rfind(snippet, 0, offset + len(snippet)))
        if at >= 0
    ]
    if not found:
        return min(offset, len(new))
    return min(found, key=lambda at: abs(at - offset))


def take_place(
    document: Document,
    cursors: Sequence[Cursor],
    current_party: int,
    highlighted: QuoteRef | None,
    focused: Widget | None,
    article: ArticleView,
    panes: Sequence[PartyPane],
) -> Place:
    """Where the reader is now, by ids: the app's selection (``cursors``, ``current_party``,
    ``highlighted``), the ``focused`` widget, the ``article``'s and ``panes``' scroll."""
    topics = document.topics
    by_party: dict[str, tuple[str | None, int | None]] = {}
    for party, cursor in zip(document.parties, cursors, strict=False):
        topic = topics[cursor.topic_index].id if cursor.topic_index < len(topics) else None
        by_party[party.id] = (topic, cursor.quote_index)
    focus: str | None = None
    if isinstance(focused, ArticleView):
        focus = "article"
    elif isinstance(focused, QuoteList) and isinstance(focused.parent, PartyPane):
        focus = focused.parent.party.id
    current = current_party
    ref = highlighted
    return Place(
        party_id=document.parties[current].id if current < len(document.parties) else None,
        party_index=current,
        cursors=by_party,
        highlight=(ref.party.id, ref.topic.id, ref.quote_index) if ref else None,
        focus=focus,
        top=article.visible_offsets()[0] if article.scroll_offset.y > 0 else None,
        pane_scroll={pane.party.id: pane.quote_list.scroll_y for pane in panes},
    )


def cursor_at(place: Place, index: ReaderIndex, party_index: int) -> Cursor:
    """The cursor ``place`` gives a party of the (new) document ``index`` is built on, where
    it still fits."""
    party = index.document.parties[party_index]
    topic_id, quote_index = place.cursors.get(party.id, (None, None))
    topic_index = index.topic_ids.get(topic_id or "", 0)
    if quote_index is not None and index.quote(party_index, topic_index, quote_index):
        return Cursor(topic_index, quote_index)
    return Cursor(topic_index, None)


def highlight_at(place: Place, index: ReaderIndex) -> QuoteRef | None:
    """The quote ``place`` highlighted, in the (new) document of ``index``, if it is still
    there."""
    if place.highlight is None:
        return None
    party_id, topic_id, quote_index = place.highlight
    if party_id in index.party_ids and topic_id in index.topic_ids:
        return index.quote(index.party_ids[party_id], index.topic_ids[topic_id], quote_index)
    return None
