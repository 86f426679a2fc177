"""The status line: what is selected (party, topic, speaker, which quote of how many)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from positions.model import SILENCE_GLYPH, SILENCE_LABEL, Party, Position, Topic
from tui.safe import literal, one_line
from tui.state import Cursor

__all__ = ["StatusLine", "describe_selection", "linking_progress"]

_SEP = (" › ", "$text-muted")


def describe_selection(
    party_number: int,
    party: Party,
    color: str,
    topic: Topic | None,
    position: Position | None,
    cursor: Cursor,
    *,
    sync: bool,
    search: tuple[str, int, int] | None = None,
) -> Content:
    """The status line for a party's cursor.

    ``search`` is ``(term, current index, count)`` when a search is active.
    """
    parts: list[Content | str | tuple[str, str]] = [
        (f"{party_number} ", "bold"),
        Content.styled(one_line(party.name), f"bold {color}"),
    ]
    if topic is not None:
        parts += [_SEP, literal(one_line(topic.title))]
        if position is None:
            parts += [_SEP, (f"{SILENCE_GLYPH} {SILENCE_LABEL}", "italic")]
        elif cursor.quote_index is None or not position.quotes:
            count = len(position.quotes)
            parts += [
                _SEP,
                (position.stance.label, "bold"),
                (f" · {count} quote{'' if count == 1 else 's'}", "$text-muted"),
            ]
        else:
            quote = position.quotes[cursor.quote_index]
            parts += [
                _SEP,
                literal(one_line(quote.speaker) or "unattributed"),
                _SEP,
                (f"quote {cursor.quote_index + 1} of {len(position.quotes)}", "bold"),
                (f" ({quote.kind.value})", "$text-muted"),
            ]
    parts.append(("   sync topics: " + ("on" if sync else "off"), "$text-muted"))
    if search is not None:
        term, current, count = search
        where = f"{current + 1}/{count}" if count else "no matches"
        parts += [("   search “", "$text-muted"), literal(one_line(term)), ("” ", "$text-muted"),
                  (where, "bold")]
    return Content.assemble(*parts)


def linking_progress(done: int, total: int, *, reloading: bool = False, width: int = 16) -> Content:
    """``⟳ linking quotes 800/2000 ━━━━━━╺━━━━━━━━━``: shown while quotes are being linked."""
    filled = width * done // total if total else 0
    bar = "━" * filled + ("╺" if filled < width else "") + "━" * max(0, width - filled - 1)
    verb = "reloading: linking quotes" if reloading else "linking quotes"
    return Content.assemble(
        (f"⟳ {verb} {done}/{total} ", "bold $text-accent"),
        (bar[:filled], "$accent"),
        (bar[filled:], "$text-muted"),
        "   ",
    )


class StatusLine(Static):
    """One line docked at the bottom naming the selection."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """
