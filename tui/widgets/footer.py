"""The footer, recomposed once per burst of binding changes.

Textual's ``Footer`` rebuilds all its keys on every change of the screen's bindings (a
focus change, the app gaining focus, ``refresh_bindings``), each time after the next
refresh; at start-up several come at once, and each rebuild costs tens of milliseconds
that the first seconds (and a large file's linking) can use better.  This one schedules
one rebuild for all the changes that come before it runs.

It also drops whole keys that do not fit (from the right), rather than letting the last
one be cut mid-word; every key is still on the help screen.
"""

from __future__ import annotations

from typing import Any, cast

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

__all__ = ["ReaderFooter"]

#: What a footer key shows (see ``ReaderFooter._shown_keys``).
_Item = tuple[str, str, str, bool, str, object]


class ReaderFooter(Footer):
    """A ``Footer`` that coalesces the rebuilds asked for before one runs."""

    _rebuild_scheduled = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """The bindings changed: rebuild once, after the next refresh."""
        if self._rebuild_scheduled:
            return
        self._rebuild_scheduled = True
        self.call_after_refresh(self._rebuild, screen)

    async def show_bindings_now(self) -> None:
        """Show the screen's bindings now, in the frame being made (a caller that moved
        the focus inside ``batch_update``: the keys change with what it shows, not two
        refreshes and a layout of their own later); the rebuild the move schedules then
        finds them shown and does nothing."""
        if self.is_attached and self._bindings_ready:
            from tui.workarounds import recompose_as

            await recompose_as(self)

    async def _rebuild(self, screen: Screen[Any]) -> None:
        self._rebuild_scheduled = False
        super().bindings_changed(screen)  # schedules the recompose (if still relevant)

    _shown: tuple[object, ...] | None = None
    """What the keys showed at the last rebuild."""

    #: The actions of the keys dropped before the last rebuild.
    _dropped: frozenset[str] = frozenset()

    def _shown_keys(self) -> tuple[object, ...]:
        """What the keys would show: each shown binding's key, words, action, state."""
        return tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip, binding.group)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "app.command_palette"
        )

    async def recompose(self) -> None:
        """Rebuild the keys, then drop those that do not fit; nothing when the keys shown
        would be the same (moving focus between panes with the same keys, such as the
        party panes, then costs no rebuild: a rebuild is tens of milliseconds a key)."""
        shown = self._shown_keys()
        if shown == self._shown and self.children:
            return
        self._shown = shown
        if await self._show_only(shown):
            return
        self._composed = shown
        keys = self.query("FooterKey")
        self._dropped = frozenset(_action(key) for key in keys if not key.display)
        await super().recompose()
        self.call_after_refresh(self._drop_overflow)

    _composed: tuple[object, ...] = ()
    """What the keys showed when they were last built (a key hidden since is still there)."""

    async def _show_only(self, shown: tuple[object, ...]) -> bool:
        """When ``shown`` is the keys built last with some left out (in the same order),
        hide those and show the others again, rather than building every key anew: the
        article has fewer keys than a party pane, and ``tab`` between them rebuilt all
        the keys (two layouts, nine widgets mounted) just after every switch.  A key not
        built yet (an action none of the keys has: ``b`` Balance, hidden behind the
        article's own ``b``, the first time a pane gets the focus) is added in its place,
        not all the keys built again (nine widgets mounted and styled, when a coded quote
        moves the focus from the article to its pane)."""
        composed = self._composed
        if not self.children or not composed:
            return False
        if any(item[5] is not None for item in (*composed, *shown)):  # type: ignore[index]
            return False  # grouped keys are not one widget each
        keys = [key for key in self.query_children("FooterKey")
                if not key.has_class("-command-palette")]  # fmt: skip
        if [getattr(key, "action", None) for key in keys] != [item[2] for item in composed]:  # type: ignore[index]
            return False  # not the keys built last, in their order
        place = {item: at for at, item in enumerate(composed)}
        built = [place.get(item) for item in shown]
        kept = [at for at in built if at is not None]
        if kept != sorted(kept):
            return False  # another order
        actions = {item[2] for item in composed}  # type: ignore[index]
        new = [item for item, at in zip(shown, built, strict=True) if at is None]
        if any(item[2] in actions for item in new):  # type: ignore[index]
            return False  # a key built with another state (enabled, words)
        if new:
            await self._add_keys(shown, built, keys)
        self._show_keys()
        self.call_after_refresh(self._drop_overflow)
        return True

    async def _add_keys(
        self,
        shown: tuple[object, ...],
        built: list[int | None],
        keys: list[Widget],
    ) -> None:
        """Mount a key for each item of ``shown`` not ``built`` (its index among the
        ``keys`` built), before the next one built (else before the palette key)."""
        bindings = {
            (binding.key, binding.action): binding
            for (_, binding, _, _) in self.screen.active_bindings.values()
        }
        palette = self.query_children(".-command-palette")
        composed = list(self._composed)
        for index, (item, at) in enumerate(zip(shown, built, strict=True)):
            if at is not None:
                continue
            key, description, action, enabled, tooltip, _ = cast(_Item, item)
            following = [spot for spot in built[index + 1 :] if spot is not None]
            # A key made as ``Footer.compose`` makes it, of the class of those it made
            # (Textual does not export it).
            make: Any = type(keys[0])
            widget: Widget = make(
                key,
                self.app.get_key_display(bindings[(key, action)]),
                description,
                action,
                disabled=not enabled,
                tooltip=tooltip,
            )
            # As ``Footer.compose`` binds it (the footer's ``compact`` never changes here).
            widget.set_reactive(make.compact, self.compact)
            widget.set_class(self.compact, "-compact", update=False)
            if following:
                anchor = keys[following[0]]
                composed.insert(composed.index(self._composed[following[0]]), item)
                await self.mount(widget, before=anchor)
            elif palette:
                composed.append(item)
                await self.mount(widget, before=palette.first())
            else:
                composed.append(item)
                await self.mount(widget)
        self._composed = tuple(composed)

    def on_resize(self) -> None:
        """Another width: every key shown back, then drop those that do not fit."""
        self._show_keys()
        self.call_after_refresh(self._drop_overflow)

    def _show_keys(self) -> None:
        """Show the keys of the bindings shown now; hide the others built before (only
        those that change: setting ``display`` lays the key out and draws it again, even
        to the value it has)."""
        keep = {item[2] for item in self._shown or ()}  # type: ignore[index]
        for key in self.query("FooterKey"):
            shown = (
                not keep
                or key.has_class("-command-palette")  # always there, at the right
                or str(getattr(key, "action", "")) in keep
            )
            if key.display != shown:
                key.display = shown

    def _drop_overflow(self) -> None:
        """Hide whole keys until the rest fit beside the palette key: the reader's own
        keys from the right first, help and quit last (a new user needs those)."""
        keys = list(self.query("FooterKey"))
        palette = [key for key in keys if key.has_class("-command-palette")]
        keys = [key for key in keys if key not in palette and key.display]
        if not keys:
            return
        if not any(key.region.width for key in keys):
            # Not laid out: a dialog opened over the screen as the keys were rebuilt (and
            # the screen under it is not laid out again).  Same width, same keys dropped.
            for key in keys:
                key.display = _action(key) not in self._dropped
            return
        limit = palette[0].region.x if palette else self.region.right
        # Each key's room: up to the next key (its margin included).
        room = {
            key: (after.region.x if after is not None else key.region.right + 1) - key.region.x
            for key, after in zip(keys, [*keys[1:], None], strict=True)
        }
        used = keys[0].region.x + sum(room.values()) - 1
        def kept_last(key: Widget) -> bool:
            return _action(key) in {"help", "quit"}

        order = [key for key in reversed(keys) if not kept_last(key)]
        order += [key for key in reversed(keys) if kept_last(key)]
        for key in order:
            if used <= limit:
                break
            key.display = False
            used -= room[key]


def _action(key: Widget) -> str:
    """A footer key's action name, without its namespace (``"app.help"`` -> ``"help"``)."""
    return str(getattr(key, "action", "")).rsplit(".", 1)[-1]
