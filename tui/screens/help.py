"""The help screen: every key (from the bindings, so it cannot drift) and every symbol."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widget import Widget

from positions.compare import Agreement
from positions.model import SILENCE_GLYPH, SILENCE_LABEL, Basis, Stance
from tui.widgets.article_select import PassageKeys
from tui.widgets.party_pane import QuoteList

__all__ = ["HelpScreen", "HelpTable", "help_lines", "help_rows"]

_KEY_NAMES = {"question_mark": "?", "slash": "/", "ctrl+r": "ctrl+r"}

#: A section title, or a (key, description) row.
HelpRow = str | tuple[str, str]


def _key_label(keys: str) -> str:
    """``"up,k"`` -> ``"up / k"``, with symbolic key names shown as typed."""
    return " / ".join(_KEY_NAMES.get(key, key) for key in keys.split(","))


def _binding_rows(bindings: list[BindingType]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for item in bindings:
        if not isinstance(item, Binding) or item.id in seen:
            continue
        if item.id and item.id.startswith("party_") and item.id != "party_1":
            continue  # 1..9 share one row
        seen.add(item.id or item.key)
        rows.append((item.key_display or _key_label(item.key), item.tooltip or item.description))
    return rows


def help_rows(app_bindings: list[BindingType]) -> list[HelpRow]:
    """The help: keys by context, then the symbols used on screen."""
    step_quote = [r for r in _binding_rows(list(QuoteList.BINDINGS)) if r[0] in ("n", "N")]
    rows: list[HelpRow] = ["Everywhere"]
    rows += _binding_rows(app_bindings)
    rows += [
        ("ctrl+p", "Command palette: find a party, topic or quote by typing part of it"),
        "In a party pane",
        ("up / down / j / k", "Move between topics and quotes"),
        ("enter / click", "Show the quote in the article (on a position: its first quote)"),
        *step_quote,
        "In the article",
        ("up / down / j / k", "Scroll (also pageup / pagedown / space, home / end)"),
        ("n / N", "Next / previous quote in article order; it is selected in its party's "
                  "pane. While searching: next / previous match"),
        ("enter", "Next search match"),
        ("escape", "Cancel the selected passage, else clear the search"),
        ("click", "Select the quote under the mouse"),
        ("drag", "Select a passage (the same selection as v)"),
        *_binding_rows(list(PassageKeys.BINDINGS)),
        "In the comparison view",
        ("arrows / h j k l", "Move between cells"),
        ("enter / click", "Open that party's position on that topic in the reader"),
        ("escape / c", "Back to the reader"),
        "In the balance view",
        ("j / k", "Next / previous party: up / down, or left / right where the screen is "
                  "too narrow for a row each and each party is a column"),
        ("escape / b", "Back to the reader"),
        "Symbols",
        *[(stance.glyph, stance.value) for stance in Stance],
        *[(basis.mark, f"{basis.value}: {basis.meaning} (beside a stance)")
          for basis in Basis],
        ("bold / italic", "A stated stance is bold; one implied, inferred from an action "
                          "or reported is italic"),
        ("█████░░░░░ 52%", "Share of voice: the words quoted for a party, of all quoted"),
        (SILENCE_GLYPH, f"{SILENCE_LABEL}: the party said nothing on this topic"),
        *[(a.glyph, f"comparison row: {a.value}") for a in Agreement],
        ("underline", "An anchored quote in the article; the number in the gutter is its "
                      "party's number (2+: party 2 and others quote this line)"),
        ("▐ reverse", "The selected quote (every fragment of an elided quote)"),
        ("heavy border", "The pane that has the keyboard"),
    ]
    return rows


#: The key column's width; the description starts one column after it.
_KEY_WIDTH = 19


def help_lines(rows: Sequence[HelpRow], width: int) -> list[Content]:
    """The help drawn in ``width`` cells: each section title after a blank line, across
    the width; each key in bold in its column, beside its description wrapped to the rest
    (the lines after the first indented under it)."""
    text_width = max(1, width - _KEY_WIDTH - 1)
    indent = Content(" " * (_KEY_WIDTH + 1))
    lines: list[Content] = []
    for row in rows:
        if isinstance(row, str):
            lines.append(Content(""))
            lines.append(Content.styled(row, "bold underline").truncate(width, ellipsis=True))
            continue
        key, text = row
        key_cell = Content.styled(key, "bold").truncate(_KEY_WIDTH, ellipsis=True, pad=True)
        for number, part in enumerate(Content(text).wrap(text_width)):
            lines.append((key_cell + " " if number == 0 else indent) + part.rstrip())
    return lines


class HelpTable(Widget):
    """The help's rows, wrapped once per width (:func:`help_lines`).

    One widget, drawn from lines of ``Content``: a Rich ``Table`` (as before) measured
    every row twice on the way to the first frame (once for its height, once to draw),
    most of the time ``?`` took to show.
    """

    DEFAULT_CSS = """
    HelpTable { height: auto; text-wrap: nowrap; }
    """

    def __init__(self, rows: Sequence[HelpRow], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows = tuple(rows)
        self._lines: tuple[int, list[Content]] | None = None  # (width, its lines)

    def lines(self, width: int) -> list[Content]:
        """The lines at ``width`` (kept for the last width asked for)."""
        if self._lines is None or self._lines[0] != width:
            self._lines = (width, help_lines(self._rows, width))
        return self._lines[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the rows take at ``width``."""
        return len(self.lines(width))

    def render(self) -> Content:
        """The lines at the widget's width."""
        return Content("\n").join(self.lines(self.size.width))


class HelpScreen(ModalScreen[None]):
    """Keys and symbols; any of ``escape``, ``?``, ``q`` closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        background: $background;  /* opaque: the reader under it is not drawn again */
        & > VerticalScroll {
            width: 90%;
            max-width: 100;
            height: 90%;
            border: round $accent;
            border-title-align: center;
            background: $surface;
            padding: 0 1;
        }
        & #help-table { height: auto; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", tooltip="Close the help"),
    ]

    def __init__(self, bindings: Sequence[BindingType]) -> None:
        super().__init__()
        self._app_bindings = list(bindings)

    def compose(self) -> ComposeResult:
        """The keys in one widget, two columns in a scrollable box: one widget to lay out
        and draw, not one per cell (the screen then opens at once)."""
        with VerticalScroll(id="help-text") as scroll:
            scroll.border_title = Content("Help · ceasefire-tui")
            scroll.border_subtitle = Content("escape / ? to close")
            yield HelpTable(help_rows(self._app_bindings), id="help-table")

    @property
    def text(self) -> str:
        """Everything the help says, as plain text (keys and descriptions)."""
        rows = help_rows(self._app_bindings)
        return "\n".join(row if isinstance(row, str) else f"{row[0]}  {row[1]}" for row in rows)

    def on_screen_resume(self) -> None:
        """Shown (again: the app keeps it): from the top."""
        self.query_one("#help-text", VerticalScroll).scroll_home(animate=False)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
