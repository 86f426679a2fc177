"""The balance view: is each party held to the same standard of evidence?

One row per party (its positions and silences, its direct and reported quotes, the words
quoted for it with a share-of-voice bar that reads without colour, and its positions
counted by basis), then the topics where only one party has a position.  The figures are
:func:`positions.balance.balance`'s, the ones the exports show.  ``escape`` or ``b``
closes it; it follows the file when it is reloaded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.style import Style as RichStyle
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from positions.balance import Balance, balance
from positions.balance import share_bar as domain_share_bar
from positions.model import Basis, Document
from tui.safe import one_line, short_name

__all__ = [
    "BAR_WIDTH",
    "MAX_LONE_TOPICS",
    "BalanceScreen",
    "basis_counts",
    "lone_topics_text",
    "share_bar",
]

#: Cells in a share-of-voice bar.
BAR_WIDTH = 10


def share_bar(share: float, width: int = BAR_WIDTH) -> str:
    """``█████░░░░░  52%``: a share (0.0 to 1.0) as filled and empty cells and a percentage,
    so it reads without colour."""
    return domain_share_bar(share, width, percent_width=3)


#: The most lone topics listed (the exports list them all).
MAX_LONE_TOPICS = 10


def lone_topics_text(figures: Balance) -> Content:
    """The topics where only one party has a position, one a line (at most
    :data:`MAX_LONE_TOPICS`), or a line saying there are none."""
    heading = Content.styled("Topics where only one party has a position", "bold")
    lone = figures.lone_topics
    if not lone:
        return Content.assemble(heading, "\n", ("none", "italic"))
    lines: list[Content | str | tuple[str, str]] = [heading, f" ({len(lone)})"]
    for topic, party in lone[:MAX_LONE_TOPICS]:
        lines += ["\n", "• ", Content(one_line(topic.title)), ("  only ", "$text-muted"),
                  Content(one_line(party.name))]
    if len(lone) > MAX_LONE_TOPICS:
        lines += ["\n", (f"… and {len(lone) - MAX_LONE_TOPICS:,} more (the exports list "
                          "them all)", "italic")]
    return Content.assemble(*lines)


def basis_counts(counts: Mapping[Basis, int]) -> str:
    """``●1 ○1 ▲0 ◇0``: positions counted by basis, each after its mark."""
    return " ".join(f"{basis.mark}{counts.get(basis, 0)}" for basis in Basis)


def _legend() -> Content:
    """What the columns and marks mean, and the keys."""
    marks = "  ".join(basis.label for basis in Basis)
    return Content.assemble(
        "Share of voice: the words quoted for the party, of all the words quoted.\n",
        "Positions by basis: ", marks, "\n",
        ("escape / b: close", "$text-muted"),
    )


class BalanceScreen(ModalScreen[None]):
    """Each party's evidence side by side, and the topics only one party spoke on."""

    DEFAULT_CSS = """
    BalanceScreen {
        align: center middle;
        & > #balance-box {
            width: 100%;
            height: auto;
            max-height: 100%;
            border: round $accent;
            border-title-align: center;
            background: $surface;
            & > DataTable { height: auto; max-height: 60vh; }
            & > #balance-lone { height: auto; padding: 1 1 0 1; }
            & > #balance-legend { height: auto; padding: 1 1 0 1; color: $text-muted; }
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b,q", "close", "Close", tooltip="Back to the reader"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, document: Document, colors: Sequence[Color]) -> None:
        super().__init__()
        self.document = document
        self.party_colors = list(colors)
        self.figures = balance(document)

    @property
    def table(self) -> DataTable[Text]:
        """One row per party."""
        return self.query_one("#balance-table", DataTable)

    def compose(self) -> ComposeResult:
        """The table, the lone topics and the legend."""
        with Vertical(id="balance-box") as box:
            box.border_title = Content("Balance: how each party's positions are known")
            yield DataTable[Text](id="balance-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="balance-lone")
            yield Static(_legend(), id="balance-legend")

    def on_mount(self) -> None:
        """Fill the table."""
        self._fill()
        self.table.focus()

    def follow_document(
        self, document: Document, colors: Sequence[Color], party_index: int | None = None
    ) -> None:
        """The file was reloaded: show the new version's figures."""
        self.document = document
        self.party_colors = list(colors)
        self.figures = balance(document)
        self.table.clear(columns=True)
        self._fill()

    def _fill(self) -> None:
        table = self.table
        # The party and its share first: on a narrow terminal the rest scrolls sideways,
        # the party's name staying in view.
        headers = ["Party", "Share of\nvoice", "Words\nquoted", "Positions", "Silences",
                   "Quotes\ndirect", "Quotes\nreported", "Positions\nby basis"]
        table.header_height = 2
        table.fixed_columns = 1
        for header in headers:
            table.add_column(Text(header, style="bold"))
        total = self.figures.total_words
        for index, row in enumerate(self.figures.parties):
            color = (
                self.party_colors[index].rich_color if index < len(self.party_colors) else None
            )
            party = Text.assemble(
                (f"{index + 1} ", "bold"),
                (short_name(row.party.name), RichStyle(color=color, bold=True)),
            )
            figures = [row.words, row.positions, row.silences, row.direct, row.reported]
            cells = [
                party,
                Text(share_bar(row.share(total))),
                *(Text(str(n), justify="right") for n in figures),
                Text(basis_counts(row.basis)),
            ]
            table.add_row(*cells, key=row.party.id)
        self.query_one("#balance-lone", Static).update(lone_topics_text(self.figures))

    def action_close(self) -> None:
        """Back to the reader."""
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        """``j``."""
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        """``k``."""
        self.table.action_cursor_up()
