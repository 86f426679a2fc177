"""The dialogs' text field: an ``Input`` styled once, as it is mounted, not also as made.

``Input.__init__`` sets its value, whose watcher validates it and sets the ``-valid`` and
``-invalid`` classes, each change restyling the field and its four component classes
against the whole stylesheet, before the field is in the DOM (where mounting styles it
again, with those classes): on the way to the code dialog's first frame (``m``), 70 of
123 ``Stylesheet.apply`` calls were these, for its seven fields.  :class:`Field` skips a
restyle asked for while it is not attached; once attached it restyles as ``Input`` does.
"""

from __future__ import annotations

from textual.widgets import Input

__all__ = ["Field"]


class Field(Input):
    """An ``Input`` that is not styled before it is attached to the app's DOM."""

    def update_node_styles(self, animate: bool = True) -> None:
        """As ``DOMNode.update_node_styles``, once attached (mounting styles it first)."""
        if self.is_attached:
            super().update_node_styles(animate=animate)
