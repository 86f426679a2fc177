"""The party palette shared by the reader and the exports (a module of its own, so that the
reader gets it without importing the exporters)."""

from __future__ import annotations

__all__ = ["PALETTE"]

#: Colours for parties without a usable colour, in party order (the reader's palette).
PALETTE: tuple[str, ...] = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
