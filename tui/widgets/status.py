"""The status line: what is selected (party, topic, speaker, which quote of how many)."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from positions.index import QuoteRef
from positions.model import SILENCE_LABEL, Basis, Party, Position, Topic
from tui.prompts import basis_style
from tui.safe import literal, one_line, short_name, truncate
from tui.selection import Cursor

__all__ = [
    "NOTICE_SECONDS",
    "StatusLine",
    "describe_article",
    "describe_passage",
    "describe_selection",
    "linking_progress",
    "quote_source",
    "search_title",
    "sync_tail",
]

_SEP = (" › ", "$text-muted")

#: Seconds a passing notice stays on the status line (:meth:`StatusLine.show_notice`).
NOTICE_SECONDS = 3.0


def describe_selection(
    party_number: int,
    party: Party,
    color: str,
    topic: Topic | None,
    position: Position | None,
    cursor: Cursor,
    *,
    search: tuple[str, int, int] | None = None,
) -> Content:
    """The status line for a party's cursor (the sync mode after it: :func:`sync_tail`).

    ``search`` is ``(term, current index, count)`` when a search is active.
    """
    parts: list[Content | str | tuple[str, str]] = [
        (f"{party_number} ", "bold"),
        Content.styled(one_line(party.name), f"bold {color}"),
    ]
    if topic is not None:
        parts += [_SEP, literal(one_line(topic.title))]
        if position is None:
            # Not "› · no stated position": the glyph marks silences in lists, not here.
            parts += [_SEP, (SILENCE_LABEL, "italic")]
        elif cursor.quote_index is None or not position.quotes:
            count = len(position.quotes)
            stated = position.basis is Basis.STATED
            parts += [
                _SEP,
                (position.stance.label, "bold" if stated else "italic"),
                (" · ", "$text-muted"),
                (position.basis.label, basis_style(position.basis)),
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
    return Content.assemble(*_search_parts(search), *parts)


def sync_tail(sync: bool) -> tuple[Content, Content]:
    """``   sync topics: on``, and ``   sync: on`` for a line with less room: the end of a
    party's status line, kept whole when the line is too long for the terminal (the
    selection's words are cut instead; see :class:`StatusLine`)."""
    state = "on" if sync else "off"
    return (
        Content.styled(f"   sync topics: {state}", "$text-muted"),
        Content.styled(f"   sync: {state}", "$text-muted"),
    )


def describe_article(
    ref: QuoteRef | None,
    color: str,
    *,
    search: tuple[str, int, int] | None = None,
    unclaimed: int | None = None,
) -> Content:
    """The status line while the article is focused: the quote highlighted in it (and,
    given ``unclaimed``, how many quotations are not coded yet)."""
    parts: list[Content | str | tuple[str, str]] = [("Article", "bold")]
    if ref is None:
        parts += [_SEP, ("no quote selected", "italic"), ("  (n / N: next / previous quote)",
                                                          "$text-muted")]
    else:
        parts += [
            _SEP,
            (f"{ref.party_index + 1} ", "bold"),
            Content.styled(one_line(ref.party.name), f"bold {color}"),
            _SEP,
            literal(one_line(ref.topic.title)),
            _SEP,
            literal(one_line(ref.quote.speaker) or "unattributed"),
            _SEP,
            (f"quote {ref.quote_index + 1} of {len(ref.position.quotes)}", "bold"),
            (f" ({ref.quote.kind.value})", "$text-muted"),
        ]
    return Content.assemble(*_search_parts(search), *parts, *_unclaimed_parts(unclaimed))


def _unclaimed_parts(unclaimed: int | None) -> list[tuple[str, str]]:
    if not unclaimed:
        return []
    plural = "quotation" if unclaimed == 1 else "quotations"
    return [("  │  ", "$text-muted"), (f"{unclaimed} {plural} not yet coded", "bold"),
            (" (} / {)", "$text-muted")]


#: The first characters of a selected passage the status line shows.
PASSAGE_SHOWN = 48


def describe_passage(
    text: str | None, unclaimed: int | None, *, search: tuple[str, int, int] | None = None
) -> Content:
    """The status line while a passage is selected in the article: its length and first
    words, and what to do with it; ``None``: nothing coded yet, how to code the first."""
    if text is None:
        parts: list[Content | tuple[str, str]] = [
            ("No quotes yet: ", "bold"),
            # What to do first, first: at 80 columns the line is cut after ~80 cells.
            ("v selects a passage, m codes it · w ) \" extend it", "$text-muted"),
        ]
    else:
        parts = [
            ("Selected ", "bold"),
            (f"{len(text)} characters", "bold"),
            (" “", "$text-muted"),
            literal(truncate(one_line(text), PASSAGE_SHOWN)),
            ("”  m: code it · escape: cancel", "$text-muted"),
        ]
    return Content.assemble(*_search_parts(search), *parts, *_unclaimed_parts(unclaimed))


#: The longest search term shown whole in the status line and the article's title.
SEARCH_TERM_WIDTH = 24


def _search_parts(search: tuple[str, int, int] | None) -> list[Content | tuple[str, str]]:
    """``search 2/5 “term” │ ``: first on the line and the count before the term, so that
    neither a long term nor a narrow terminal cuts the count off."""
    if search is None:
        return []
    term, current, count = search
    where = f"{current + 1}/{count}" if count else "no matches"
    return [("search ", "$text-muted"), (where, "bold"), (" “", "$text-muted"),
            literal(truncate(one_line(term), SEARCH_TERM_WIDTH)), ("”  │  ", "$text-muted")]


def quote_source(ref: QuoteRef, color: str) -> Content:
    """``▐ 2 Russia · quote 1/3 · Vladimir Putin``: whose the highlighted quote is (the
    article's bottom border).  The speaker comes last, so a narrow border cuts the
    speaker's name, never the quote's number."""
    return Content.assemble(
        ("▐ ", "bold"),
        (f"{ref.party_index + 1} ", "bold"),
        Content.styled(short_name(ref.party.name), f"bold {color}"),
        f" · quote {ref.quote_index + 1}/{len(ref.position.quotes)} · ",
        literal(one_line(ref.quote.speaker) or "unattributed"),
    )


def search_title(term: str, match_index: int, match_count: int) -> Content:
    """The article's title: ``Article``, or ``Article · search 2/5 “term”`` while searching
    (the count first: a long term is cut, the count never)."""
    if not term:
        return Content("Article")
    where = f"{match_index + 1}/{match_count}" if match_count else "no matches"
    return Content.assemble(
        f"Article · search {where} “", literal(truncate(one_line(term), SEARCH_TERM_WIDTH)), "”"
    )


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
    """One line docked at the bottom naming the selection; its tail (the sync mode) is
    kept whole at the end: the first of its forms that fits after the whole line, else
    the shortest, the line cut with an ellipsis to leave it room (at 80 columns a quote's
    speaker and topic took the line, and the mode was cut off)."""

    tails: tuple[Content, ...] = ()
    """What always ends the line, longest form first (see :meth:`show`)."""

    notice: Content | None = None
    """A passing notice shown before the line (see :meth:`show_notice`), or ``None``."""

    _notice_timer: Timer | None = None

    def show_notice(self, notice: str, seconds: float = NOTICE_SECONDS) -> None:
        """Show ``notice`` (plain text) before the line for ``seconds``: a short report
        (a file reloaded) that needs no toast.  A toast is a widget mounted and laid out
        over the screen (its first one's styles parsed too): 25-30 ms of the interface's
        time, in the middle of the keys typed meanwhile on a large file."""
        self.notice = Content.assemble((one_line(notice), "bold $text-success"), "  ")
        if self._notice_timer is not None:
            self._notice_timer.stop()
        self._notice_timer = self.set_timer(seconds, self._end_notice)
        self.refresh()

    def _end_notice(self) -> None:
        self.notice, self._notice_timer = None, None
        self.refresh()

    def show(self, line: Content, tails: tuple[Content, ...] = ()) -> None:
        """Show ``line``, then the first of ``tails`` that fits (kept whole), without
        laying the screen out again (the line is one row whatever it says)."""
        self.tails = tails
        self.update(line, layout=False)

    def render(self) -> RenderResult:
        """The line and its tail, the line cut to leave the tail room."""
        line = self.visual
        if self.notice is not None and isinstance(line, Content):
            line = self.notice + line
        if not self.tails or not isinstance(line, Content):
            return line
        width = self.content_region.width
        for tail in self.tails:
            if line.cell_length + tail.cell_length <= width:
                return line + tail
        tail = self.tails[-1]
        room = width - tail.cell_length
        return (line.truncate(room, ellipsis=True) if room > 0 else line) + tail

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
