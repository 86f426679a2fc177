"""A bounded least-recently-used mapping that frees what it drops at once.

Textual's ``LRUCache`` links its entries in a ring of lists, so every entry dropped (by
``clear`` or by eviction) is a reference cycle: only the garbage collector's full pass
frees it.  The article keeps its wrapped layouts (3-4 MB each on a 3.6 MB article) and
drawn lines in caches cleared on every highlight, search step and reload; in such a ring
they lingered until a full collection, which then took hundreds of milliseconds in the
middle of a key, and after :func:`gc.freeze` (see :mod:`tui.heap`) they would never be
freed.  This one is an ``OrderedDict``: what it drops is freed by reference counting.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

__all__ = ["Lru"]

K = TypeVar("K")
V = TypeVar("V")


class Lru(Generic[K, V]):
    """At most ``maxsize`` entries; the least recently used goes first."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        """The most entries kept."""
        self._items: OrderedDict[K, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: K) -> V | None:
        """The value of ``key`` (now the most recently used), or ``None``."""
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def __setitem__(self, key: K, value: V) -> None:
        items = self._items
        items[key] = value
        items.move_to_end(key)
        while len(items) > self.maxsize:
            items.popitem(last=False)

    def clear(self) -> None:
        """Drop every entry."""
        self._items.clear()
