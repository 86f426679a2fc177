"""Making the party panes show another version of the document (a change coded, undone,
or the file reloaded), redrawing as little as that version changed.

A change to the positions file touches one position, or adds a party or a topic: the
panes whose party and topics are the same keep everything; a pane whose party changed is
refilled in place (:meth:`~tui.widgets.party_pane.PartyPane.refill`); only a new party's
pane is mounted.  When the parties were reordered or replaced, every pane is made again.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import Widget

from positions.index import DocumentIndex
from positions.model import Document
from tui.place import pane_signature
from tui.widgets.party_pane import PartyPane

__all__ = ["update_panes"]


async def update_panes(
    area: Widget,
    old: Document,
    document: Document,
    index: DocumentIndex,
    new_pane: Callable[[int], PartyPane],
) -> tuple[list[PartyPane], list[PartyPane]]:
    """Make the panes in ``area`` (showing ``old``) show ``document``; the panes mounted
    for it (``new_pane(i)`` makes party ``i``'s) and the panes refilled.  Parties that
    only grew or shrank at the end keep their panes; otherwise every pane is made again."""
    panes = list(area.query_children(PartyPane))
    old_ids = [party.id for party in old.parties]
    new_ids = [party.id for party in document.parties]
    kept = min(len(old_ids), len(new_ids))
    if len(panes) != len(old_ids) or old_ids[:kept] != new_ids[:kept]:
        await area.remove_children()
        mounted = [new_pane(i) for i in range(len(new_ids))]
        await area.mount_all(mounted)
        return mounted, []
    refilled = []
    for pane in panes[:kept]:
        same = pane_signature(document, pane.party_index) == pane_signature(
            old, pane.party_index
        )
        if same:
            pane.set_document(document, index)
        else:
            pane.refill(document, index)
            refilled.append(pane)
    if len(panes) > kept:
        await area.remove_children(panes[kept:])
    mounted = [new_pane(i) for i in range(kept, len(new_ids))]
    if mounted:
        await area.mount_all(mounted)
    return mounted, refilled
