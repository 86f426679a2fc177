"""Command palette (``ctrl+p``): find any party, topic or quote by typing part of it.

It also offers the reader's commands that have no place on screen: export, and copying
the Markdown summary.

Matching is by words: every word typed must occur in the candidate (case-insensitive), so
typing a fragment of a quote finds it.  Candidates are shown as literal Content (never
parsed as markup) with the matched words highlighted.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from positions.text import in_quotation_marks
from tui.safe import highlight_offsets, one_line, truncate

if TYPE_CHECKING:
    from tui.screens.reader import ReaderScreen

__all__ = ["ReaderCommands", "match_words"]

_QUOTE_CHARS = 90


def match_words(query: str, candidate: str) -> tuple[float, list[int]]:
    """Score ``candidate`` for ``query``: every word must occur (case-insensitive).

    Returns ``(score, offsets of matched characters)``; score 0 means no match.  Earlier
    and longer matches score higher.
    """
    words = query.lower().split()
    if not words:
        return 0.0, []
    folded = candidate.lower()
    if len(folded) != len(candidate):
        folded = candidate  # case folding changed lengths: match case-sensitively
    offsets: list[int] = []
    first = len(candidate)
    for word in words:
        at = folded.find(word)
        if at < 0:
            return 0.0, []
        first = min(first, at)
        offsets.extend(range(at, at + len(word)))
    coverage = len(set(offsets)) / max(1, len(candidate))
    score = 0.5 + 0.3 * coverage + 0.2 * (1 - first / max(1, len(candidate)))
    return min(score, 1.0), offsets


class ReaderCommands(Provider):
    """Parties, topics and quotes of the open document."""

    def _reader(self) -> ReaderScreen | None:
        """The reader screen the palette was opened on (``None``: another screen)."""
        from tui.screens.reader import ReaderScreen

        screen = self.screen
        return screen if isinstance(screen, ReaderScreen) else None

    def _candidates(self, reader: ReaderScreen) -> list[tuple[str, str, Callable[[], object]]]:
        """``(kind, text, command)`` for the commands, every party, topic and quote."""
        document = reader.document
        items: list[tuple[str, str, Callable[[], object]]] = [
            ("command", "Export… (Markdown, HTML, JSON, CSV, SVG)", reader.action_export),
            ("command", "Copy Markdown summary", reader.action_copy_summary),
            ("command", "Balance: each party's quotes, words and evidence basis",
             reader.action_balance),
            ("command", "Messages: everything the reader said", reader.action_messages),
        ]
        for index, party in enumerate(document.parties):
            speakers = ", ".join(one_line(s) for s in party.speakers)
            text = f"{index + 1} {one_line(party.name)}" + (f" ({speakers})" if speakers else "")
            items.append(("party", text, partial(reader.focus_party, index)))
        for index, topic in enumerate(document.topics):
            text = one_line(topic.title)
            if topic.question:
                text += f" ({one_line(topic.question)})"
            items.append(("topic", text, partial(reader.open_topic, index)))
        for ref in reader.index.in_article_order:
            speaker = one_line(ref.quote.speaker) or "unattributed"
            words = in_quotation_marks(one_line(ref.quote.text))
            text = f"{words} {speaker}, {one_line(ref.party.name)}"
            items.append(("quote", text, partial(reader.select_quote, ref, focus_pane=True)))
        return items

    async def discover(self) -> Hits:
        """Parties and topics, before anything is typed."""
        reader = self._reader()
        if reader is None:
            return
        for kind, text, command in self._candidates(reader):
            if kind == "quote":
                continue
            display = Content.assemble((f"{kind}: ", "$text-muted"), truncate(text, _QUOTE_CHARS))
            yield DiscoveryHit(display, command, text=f"{kind}: {text}")

    async def search(self, query: str) -> Hits:
        """Every party, topic and quote containing all the words typed."""
        reader = self._reader()
        if reader is None:
            return
        style = "bold underline $text-accent"
        for kind, text, command in self._candidates(reader):
            score, offsets = match_words(query, text)
            if not score:
                continue
            shown = text
            if len(text) > _QUOTE_CHARS and offsets:
                start = max(0, min(offsets) - 20)
                shown = ("…" if start else "") + text[start:start + _QUOTE_CHARS]
                shift = start - (1 if start else 0)
                offsets = [o - shift for o in offsets if 0 <= o - shift < len(shown)]
            display = Content.assemble(
                (f"{kind}: ", "$text-muted"), highlight_offsets(shown, offsets, style)
            )
            yield Hit(score, display, command, text=f"{kind}: {text}")
