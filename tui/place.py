"""Keeping the reader's place when one Document is swapped for another (a reload).

The selection is kept by ids (:meth:`tui.selection.Selection.follow`); the passage at the
top of the article is found again in the new text by :func:`follow_text`; the party panes
are rebuilt only when what they show changed (:func:`pane_signature`).
"""

from __future__ import annotations

from positions.model import Document

__all__ = ["follow_text", "pane_signature"]


def pane_signature(document: Document, party_index: int | None = None) -> tuple[object, ...]:
    """What the party panes show of ``document`` (equal signatures: identical panes);
    with ``party_index``, what that party's pane shows."""
    parties = document.parties if party_index is None else document.parties[party_index:][:1]
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
                        p.basis,
                        p.summary,
                        tuple((q.text, q.speaker, q.kind) for q in p.quotes),
                    )
                    for p in party.positions
                ),
            )
            for party in parties
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
