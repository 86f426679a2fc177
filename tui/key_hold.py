"""The reader's keys and the garbage collector: no full pass between a key and its frame.

Apart from :mod:`tui.heap` (which the command line imports before it knows whether the
reader opens) because this needs Textual: ``check`` and ``export`` must not load it.
"""

from __future__ import annotations

from textual import events
from textual.app import App

from tui.heap import hold_for_key, release_key_hold

__all__ = ["CollectAfterKeys"]


class CollectAfterKeys(App[None]):
    """An app whose keys are not slowed down by the collector's passes.

    Each key allocates (a dialog built, lines drawn), and now and then that sets off a full
    pass of the collector between the key and the frame that shows its effect: 40-100 ms
    over the objects made since the last freeze, on one key in a few (``?``, ``c`` or
    ``2`` on the seed, most runs).  Here the automatic passes are held from a key until
    the screen on top has drawn it, or a second at most; a pass due meanwhile runs then
    (moved, not skipped).
    """

    async def on_event(self, event: events.Event) -> None:
        """A key: handled with the collector held until its frame is drawn."""
        if not isinstance(event, events.Key):
            await super().on_event(event)
            return
        hold_for_key()
        try:
            await super().on_event(event)
        finally:
            if self.is_running and self.screen_stack:
                self.screen.call_after_refresh(release_key_hold)
                self.set_timer(1.0, release_key_hold)
            else:
                release_key_hold()
