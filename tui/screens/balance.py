"""The balance view: is each party held to the same standard of evidence?

One row per party (its positions and silences, its direct and reported quotes, the words
quoted for it with a share-of-voice bar that reads without colour, and its positions
counted by basis; where those rows do not fit the screen, one column per party), then the
topics where only one party has a position.  The figures are
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
from tui.safe import NAME_WIDTH, one_line, short_name
from tui.widgets.column_table import ColumnScrollTable

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


#: The table's headers: one column each when there is a row per party.
_HEADERS = ("Party", "Share of\nvoice", "Words\nquoted", "Positions", "Silences",
            "Quotes\ndirect", "Quotes\nreported", "Positions\nby basis")


#: The widest row name where each party is a column ("Positions by basis").
_ROW_NAME_WIDTH = max(len(header.replace("\n", " ")) for header in _HEADERS[1:])


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
        self.by_party = True
        """One row per party (else one column per party, where the rows do not fit)."""

    @property
    def table(self) -> DataTable[Text]:
        """One row per party."""
        return self.query_one("#balance-table", DataTable)

    def compose(self) -> ComposeResult:
        """The table, the lone topics and the legend."""
        with Vertical(id="balance-box") as box:
            box.border_title = Content("Balance: how each party's positions are known")
            yield ColumnScrollTable[Text](
                id="balance-table", cursor_type="row", zebra_stripes=True
            )
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

    def on_resize(self) -> None:
        """Lay the table out again if the other shape now fits better (see :meth:`_fill`)."""
        if self.table.row_count and self._by_party() != self.by_party:
            self.table.clear(columns=True)
            self._fill()

    def _party_label(self, index: int, name: str | None, width: int = NAME_WIDTH) -> Text:
        color = self.party_colors[index].rich_color if index < len(self.party_colors) else None
        return Text.assemble(
            (f"{index + 1} ", "bold"), (short_name(name, width), RichStyle(color=color, bold=True))
        )

    def _cells(self) -> list[list[Text]]:
        """Each party's row: its name, share bar, counts and positions by basis."""
        total = self.figures.total_words
        rows = []
        for index, row in enumerate(self.figures.parties):
            figures = [row.words, row.positions, row.silences, row.direct, row.reported]
            rows.append([
                self._party_label(index, row.party.name),
                Text(share_bar(row.share(total))),
                *(Text(str(n), justify="right") for n in figures),
                Text(basis_counts(row.basis)),
            ])
        return rows

    def _by_party(self) -> bool:
        """Whether one row per party fits the screen; if not, one column per party (the
        measures down the side) is used, which fits three parties in 80 columns."""
        width: int = self.app.size.width
        return self._rows_width + 4 <= width  # the box's border and the scrollbar

    _rows_width = 0  # the cells a row per party needs (set with the figures, in _fill)

    def _fill(self) -> None:
        table = self.table
        cells = self._cells()
        widths = [max(map(len, header.split("\n"))) for header in _HEADERS]
        for party_cells in cells:
            widths = [max(width, cell.cell_len)
                      for width, cell in zip(widths, party_cells, strict=True)]
        self._rows_width = sum(widths) + 2 * len(widths)  # a cell's padding on each side
        self.by_party = self._by_party()
        table.fixed_columns = 1
        if self.by_party:
            # The party and its share first: on a narrow terminal the rest scrolls
            # sideways, the party's name staying in view.
            table.header_height = 2
            table.cursor_type = "row"
            for header in _HEADERS:
                table.add_column(Text(header, style="bold"))
            for row, party_cells in zip(self.figures.parties, cells, strict=True):
                table.add_row(*party_cells, key=row.party.id)
        else:
            table.header_height = 1
            table.cursor_type = "column"
            table.add_column(Text(""))
            # Names cut to share what the row names leave (but never below a share bar's
            # width, which every column has anyway): each party in view where it can be.
            parties = len(cells)
            room = (self.app.size.width - 2 - (_ROW_NAME_WIDTH + 2)) // max(parties, 1) - 2
            for index, row in enumerate(self.figures.parties):
                name_width = max(room - len(f"{index + 1} "), BAR_WIDTH + 5 - len(f"{index + 1} "))
                table.add_column(self._party_label(index, row.party.name, name_width),
                                 key=row.party.id)
            for number, header in enumerate(_HEADERS[1:], start=1):
                table.add_row(
                    Text(header.replace("\n", " "), style="bold"),
                    *(party_cells[number] for party_cells in cells),
                )
            table.move_cursor(column=1)  # party 1 (column 0 names the rows)
        self.query_one("#balance-lone", Static).update(lone_topics_text(self.figures))

    def action_close(self) -> None:
        """Back to the reader."""
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        """``j``: the next party (below, or right where each party is a column)."""
        if self.by_party:
            self.table.action_cursor_down()
        else:
            self.table.action_cursor_right()

    def action_cursor_up(self) -> None:
        """``k``: the previous party."""
        if self.by_party:
            self.table.action_cursor_up()
        elif self.table.cursor_column > 1:  # not onto the column naming the rows
            self.table.action_cursor_left()
