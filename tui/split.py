"""How the reader's width is split between the article and the party panes.

Pure arithmetic (no Textual): :func:`article_columns` gives the article's width for the
screen's width, the number of parties and the user's share (set with ``<`` / ``>``), or
``None`` where the stylesheet decides (the stacked layout, or no share chosen in the
tabbed one).
"""

from __future__ import annotations

__all__ = ["MAX_SHARE", "MIN_SHARE", "SHARE_STEP", "article_columns", "step_share"]

#: The article's share of the width moves by this much per ``<`` / ``>`` (percent).
SHARE_STEP = 5
#: The narrowest and widest the article can be made (percent of the width).
MIN_SHARE, MAX_SHARE = 20, 80
#: Side by side with no share chosen, the article gives up columns until each party pane
#: has this many (but keeps ``_MIN_ARTICLE`` and never takes more than 40 %).
_COMFORTABLE_PANE = 32
_MIN_ARTICLE = 40


def article_columns(
    width: int, parties: int, share: int | None, *, wide: bool, stacked: bool
) -> int | None:
    """The article's width in columns, or ``None`` to leave it to the stylesheet."""
    if stacked or width <= 0:
        return None
    if share is not None:
        return max(10, min(width - 10, width * share // 100))
    if not wide:
        return None
    default = min(100, width * 40 // 100)
    yielded = width - max(1, parties) * _COMFORTABLE_PANE
    return max(min(_MIN_ARTICLE, default), min(default, yielded))


def step_share(current: int | None, width: int, columns: int, direction: int) -> int:
    """The share after one ``<`` (``direction`` -1) or ``>`` (+1) from an article now
    ``columns`` wide (``current``: the share chosen before, if any)."""
    start = current if current is not None else round(100 * columns / max(1, width))
    start = SHARE_STEP * round(start / SHARE_STEP)
    return max(MIN_SHARE, min(MAX_SHARE, start + direction * SHARE_STEP))
