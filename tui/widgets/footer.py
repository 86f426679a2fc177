"""The footer, recomposed once per burst of binding changes.

Textual's ``Footer`` rebuilds all its keys on every change of the screen's bindings (a
focus change, the app gaining focus, ``refresh_bindings``), each time after the next
refresh; at start-up several come at once, and each rebuild costs tens of milliseconds
that the first seconds (and a large file's linking) can use better.  This one schedules
one rebuild for all the changes that come before it runs.

It also drops whole keys that do not fit (from the right), rather than letting the last
one be cut mid-word; every key is still on the help screen.  What fits is measured from the
keys themselves (their words and styles), not from where the screen last laid them out: a
key just shown or built is laid out only once the screen hears of it, from the key's own
message queue, which can be after the refresh that a ``call_after_refresh`` waits for (a
save shown in ``batch_update`` showed ``b`` Balance and cut ``? Help`` in half).
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any, cast

from textual.geometry import Size
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
        await super().recompose()
        self._fit_keys()  # in this frame: none too many shown first

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
        self._fit_keys()
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
        """Another width: the keys that fit it."""
        self._fit_keys()

    def _fit_keys(self) -> None:
        """Show the keys of the bindings shown now that fit beside the palette key, hide
        the others (built before, or that do not fit: the reader's own keys from the right
        first, help and quit last, as a new user needs those).

        Measured, not read from the keys' regions: those are where the screen last laid
        the keys out, and a key just shown or built is not there yet (it has no region, or
        the others are where they were without it) until the screen handles the layout the
        key asks for, which can come after the next refresh.  A key's ``display`` is set
        only when it changes: setting it lays the key out and draws it again, even to the
        value it has."""
        keep = {item[2] for item in self._shown or ()}  # type: ignore[index]
        keys = set(self.query_children("FooterKey"))
        palette = set(self.query_children(".-command-palette"))
        shown = {
            item: item not in keys  # a group of keys, or its label
            or not keep
            or str(getattr(item, "action", "")) in keep
            for item in self.children
            if item not in palette
        }
        if self.size.width:  # else not laid out yet: its first resize fits the keys
            in_row = [item for item, display in shown.items() if display]
            for key in self._overflow(in_row, [key for key in in_row if key in keys]):
                shown[key] = False
        shown.update(dict.fromkeys(palette, True))  # always there, at the right
        for item, display in shown.items():
            if item.display != display:
                item.display = display

    def _overflow(self, row: list[Widget], keys: list[Widget]) -> list[Widget]:
        """The ``keys`` (of those in ``row``, shown left to right) to hide for the rest
        to fit beside the palette key."""
        room = self.size.width - sum(map(self._width, self.query_children(".-command-palette")))
        widths = {item: self._width(item) for item in row}

        def used(row: list[Widget]) -> int:
            """The cells ``row`` takes, laid out as ``layout: horizontal`` does (between
            two items the larger of their margins)."""
            if not row:
                return 0
            gaps = [
                max(left.styles.margin.right, right.styles.margin.left)
                for left, right in pairwise(row)
            ]
            return row[0].styles.margin.left + sum(widths[item] for item in row) + sum(gaps)

        def kept_last(key: Widget) -> bool:
            return _action(key) in {"help", "quit"}

        order = [key for key in reversed(keys) if not kept_last(key)]
        order += [key for key in reversed(keys) if kept_last(key)]
        hidden: list[Widget] = []
        for key in order:
            if used([item for item in row if item not in hidden]) <= room:
                break
            hidden.append(key)
        return hidden

    _widths: dict[tuple[object, ...], int] | None = None  # a key's width, by what it shows

    def _width(self, item: Widget) -> int:
        """The cells ``item`` (of ``width: auto``, as the footer's keys are) takes in the
        footer, its padding and border included, its margin not (as ``Widget`` measures
        it for the layout).  A key's is measured once for what it shows (measuring draws
        its label: the nine keys took a tenth of the work of showing a coded quote)."""
        container = Size(max(self.size.width - item.styles.margin.width, 0), 1)
        shows = getattr(item, "key_display", None), getattr(item, "description", None)
        if None in shows:  # not a key: measured each time
            return item.get_content_width(container, self.app.size) + item.styles.gutter.width
        key = (type(item), *shows, item.classes, container.width, self.app.theme)
        if self._widths is None or len(self._widths) > 200:
            self._widths = {}
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = item.get_content_width(container, self.app.size)
        return width + item.styles.gutter.width


def _action(key: Widget) -> str:
    """A footer key's action name, without its namespace (``"app.help"`` -> ``"help"``)."""
    return str(getattr(key, "action", "")).rsplit(".", 1)[-1]
