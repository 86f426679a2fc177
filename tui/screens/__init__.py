"""Screens and modal dialogs of the reader."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from textual.color import Color

from positions.model import Document

__all__ = ["FollowsDocument"]


@runtime_checkable
class FollowsDocument(Protocol):
    """A dialog that shows the document and follows it when the file is reloaded while
    it is open (the comparison matrix, the export dialog)."""

    def follow_document(
        self, document: Document, colors: Sequence[Color], party_index: int | None = None
    ) -> None:
        """Show ``document`` (the new version) with the party ``colors``; ``party_index``
        is the reader's current party in it."""
        ...
