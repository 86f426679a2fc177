"""Turn untrusted text (article, YAML) into Content that is never parsed as markup.

Every string that comes from a positions file or an article goes through these helpers
before it reaches a widget.  ``Static``, ``OptionList``, notifications, border titles and
the command palette parse *strings* as markup, so ``[@click=app.quit]`` in a party name
would become a live action; a ``Content`` object is taken literally.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.content import Content
from textual.style import Style

__all__ = [
    "NAME_WIDTH",
    "highlight_offsets",
    "join_lines",
    "literal",
    "one_line",
    "short_name",
    "styled",
    "truncate",
]

#: The most characters of a party name shown where room is short (tabs, pane titles,
#: matrix headers, the article's border); help, status line and exports show it whole.
NAME_WIDTH = 32


def literal(text: str | None) -> Content:
    """``text`` as Content, shown exactly as written (``None`` becomes empty)."""
    return Content(text or "")


def styled(text: str | None, style: Style | str) -> Content:
    """``text`` as literal Content with one style over all of it.

    ``style`` is ours (e.g. ``"bold $success"``), never taken from the file.
    """
    return Content.styled(text or "", style)


def one_line(text: str | None) -> str:
    """``text`` with every run of whitespace (newlines included) collapsed to one space."""
    return " ".join((text or "").split())


def truncate(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` characters, ending in ``…`` when cut."""
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)] + "…"


def short_name(name: str | None, width: int = NAME_WIDTH) -> str:
    """A name on one line, cut to ``width`` characters with ``…`` (a 2,000-character party
    name must not push everything else off a tab row or a border)."""
    return truncate(one_line(name), width)


def highlight_offsets(text: str, offsets: Iterable[int], style: Style | str) -> Content:
    """Literal ``text`` with the characters at ``offsets`` styled (fuzzy-match highlights).

    A safe replacement for ``Matcher.highlight``, which parses its candidate as markup.
    """
    content = literal(text)
    for offset in offsets:
        if 0 <= offset < len(text) and not text[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content


def join_lines(lines: Sequence[Content]) -> Content:
    """Join Content lines with newlines."""
    return Content("\n").join(lines)
