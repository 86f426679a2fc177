"""The footer, recomposed once per burst of binding changes.

Textual's ``Footer`` rebuilds all its keys on every change of the screen's bindings (a
focus change, the app gaining focus, ``refresh_bindings``), each time after the next
refresh; at start-up several come at once, and each rebuild costs tens of milliseconds
that the first seconds (and a large file's linking) can use better.  This one schedules
one rebuild for all the changes that come before it runs.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer

__all__ = ["ReaderFooter"]


class ReaderFooter(Footer):
    """A ``Footer`` that coalesces the rebuilds asked for before one runs."""

    _rebuild_scheduled = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """The bindings changed: rebuild once, after the next refresh."""
        if self._rebuild_scheduled:
            return
        self._rebuild_scheduled = True
        self.call_after_refresh(self._rebuild, screen)

    async def _rebuild(self, screen: Screen[Any]) -> None:
        self._rebuild_scheduled = False
        super().bindings_changed(screen)  # schedules the recompose (if still relevant)
