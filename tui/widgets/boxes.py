"""Layout boxes: containers that only hold other widgets and draw nothing of their own."""

from __future__ import annotations

from typing import ClassVar

from textual.containers import Horizontal, Vertical

__all__ = ["Column", "Row"]


class Row(Horizontal):
    """A ``Horizontal`` with no border and no content of its own: drawn as its background
    alone (Textual's ``BLANK``), not line by line through the styles cache.  The reader's
    boxes are hidden behind their children anyway; drawing each of their lines in full cost
    about a millisecond a box in every frame that draws the whole screen (issue 15)."""

    BLANK: ClassVar[bool] = True


class Column(Vertical):
    """A ``Vertical`` drawn as its background alone: see :class:`Row`."""

    BLANK: ClassVar[bool] = True
