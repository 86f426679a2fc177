"""The comparison view: topics x parties, each cell a stance, each row's agreement.

Choosing a cell (``enter``, or a click on the cell under the cursor) dismisses the screen
with ``(party_id, topic_id)``; the app opens that position in the reader.  The agreement
column comes first, so it stays in view on narrow terminals; choosing it opens the topic
for the current party.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style as RichStyle
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import Vertical
from textual.content import Content
from textual.coordinate import Coordinate
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from positions.compare import Agreement, Row, compare
from positions.model import SILENCE_GLYPH, Basis, Document, Stance
from tui.safe import one_line, short_name, truncate
from tui.widgets.column_table import ColumnScrollTable

__all__ = ["CompareScreen", "basis_legend", "legend"]

#: Theme variables used for stance colours (resolved against the running theme).
_STANCE_VARIABLES = {
    Stance.SUPPORTS: "text-success",
    Stance.OPPOSES: "text-error",
    Stance.CONDITIONAL: "text-warning",
    Stance.UNDECIDED: "text-secondary",
}

#: Topic titles are never narrower than this (they wrap instead of being cut).
_MIN_TOPIC_WIDTH = 12
#: A title wraps onto at most this many lines (the last one cut with ``…``).
_MAX_TITLE_LINES = 3
#: Columns around the matrix's cells: the box border (2), the row label's padding (2),
#: the vertical scrollbar (2).
_FRAME = 6


def topic_width(screen_width: int, columns: Sequence[int], titles: Sequence[str]) -> int:
    """The width of the topic titles' column: what the other columns (``columns``: each
    one's width, padding included) leave of ``screen_width``, no wider than the longest
    title and never narrower than ``_MIN_TOPIC_WIDTH``."""
    longest = max((len(title) for title in titles), default=0)
    room = screen_width - _FRAME - sum(columns)
    return max(_MIN_TOPIC_WIDTH, min(longest, room))


def wrap_title(title: str, width: int) -> list[str]:
    """A topic title wrapped to ``width`` (at most ``_MAX_TITLE_LINES`` lines, the last cut
    with ``…`` if the title is longer still)."""
    lines = textwrap.wrap(title, width, break_long_words=True) or [""]
    if len(lines) > _MAX_TITLE_LINES:
        rest = " ".join(lines[_MAX_TITLE_LINES - 1 :])
        lines = [*lines[: _MAX_TITLE_LINES - 1], truncate(rest, width)]
    return lines

#: The agreement column's key: not a valid party id (those start with a letter or digit),
#: so it never clashes with a party's column.
_AGREEMENT_KEY = "#agreement"

#: The most cells the matrix shows (a size guard: see ``_fill``).
MAX_MATRIX_CELLS = 20_000

#: Short agreement labels for the matrix (the legend spells them out).
_SHORT_AGREEMENT = {
    Agreement.AGREE: "agree",
    Agreement.SPLIT: "split",
    Agreement.ONE_SPOKE: "one spoke",
    Agreement.NONE_SPOKE: "none spoke",
}


#: What each basis mark beside a stance means, in a few words (the help says more).
_BASIS_SHORT = {
    Basis.STATED: "own words",
    Basis.IMPLIED: "editor's reading",
    Basis.ACTION: "what it did",
    Basis.REPORTED: "journalist's account",
}


def basis_legend() -> str:
    """What each basis mark means: ``basis: ● stated (own words)  ○ implied (…)…``."""
    return "basis: " + "  ".join(f"{b.label} ({_BASIS_SHORT[b]})" for b in Basis)


def legend() -> Content:
    """The lines explaining every glyph in the matrix: stances, the basis mark beside
    each stance, agreements."""
    stances = "  ".join(s.label for s in Stance)
    agreements = "  ".join(
        f"{a.glyph} {a.value}" for a in Agreement if a is not Agreement.NONE_SPOKE
    )
    return Content.assemble(
        (stances, ""), (f"  {SILENCE_GLYPH} no stated position", ""), "\n",
        basis_legend(), "\n",
        (agreements, ""), ("   enter: open in the reader · escape: close", "$text-muted"),
    )


class CompareScreen(ModalScreen[tuple[str, str] | None]):
    """A matrix of every topic against every party."""

    DEFAULT_CSS = """
    CompareScreen {
        align: center middle;
        background: $background;  /* opaque: the reader under it is not drawn again */
        & > #compare-box {
            width: 100%;
            height: auto;
            max-height: 100%;
            border: round $accent;
            border-title-align: center;
            background: $surface;
            & > DataTable { height: auto; max-height: 80vh; }
            & > #compare-legend { height: auto; padding: 0 1; color: $text-muted; }
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,c,q", "close", "Close", tooltip="Back to the reader"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("h", "cursor_left", "Left", show=False),
        Binding("l", "cursor_right", "Right", show=False),
    ]

    #: Fit the columns again when the terminal's width changes.  A picture of the matrix
    #: (:mod:`tui.svg`) turns this off: it fits the terminal to the columns instead.
    REFIT_ON_RESIZE: ClassVar[bool] = True

    def __init__(
        self,
        document: Document,
        colors: Sequence[Color],
        party_index: int = 0,
        topic_index: int = 0,
    ) -> None:
        super().__init__()
        self.document = document
        self.party_colors = list(colors)
        self.rows: tuple[Row, ...] = compare(document)
        self._start = Coordinate(topic_index, party_index + 1)  # column 0: agreement
        self._current_party = party_index
        self._filled_width: int | None = None  # the screen width the matrix was fitted to

    @property
    def current_party(self) -> int:
        """Index (in :attr:`document`) of the party the agreement column opens."""
        return self._current_party

    @property
    def table(self) -> DataTable[Text]:
        """The matrix."""
        return self.query_one("#matrix", DataTable)

    def compose(self) -> ComposeResult:
        """The matrix and its legend."""
        with Vertical(id="compare-box") as box:
            box.border_title = Content("Comparison: topics × parties")
            yield ColumnScrollTable[Text](id="matrix", cursor_type="cell", zebra_stripes=True)
            yield Static(legend(), id="compare-legend")

    def on_mount(self) -> None:
        """Fill the matrix and put the cursor on the current party and topic."""
        self._fill()
        self.table.focus()

    def start_at(self, party_index: int, topic_index: int) -> None:
        """Shown again (the reader keeps the matrix): the cursor on this party and topic,
        the agreement column opening this party."""
        self._current_party = max(0, min(party_index, len(self.document.parties) - 1))
        self._start = Coordinate(topic_index, self._current_party + 1)
        table = self.table
        if table.row_count:
            row = min(topic_index, table.row_count - 1)
            column = min(self._current_party + 1, len(table.columns) - 1)
            table.cursor_coordinate = Coordinate(row, column)
        table.focus()

    def follow_document(
        self, document: Document, colors: Sequence[Color], party_index: int | None = None
    ) -> None:
        """The file was reloaded: show the new version, the cursor where it was.

        The cursor's topic and party are found by id in the new version (parties and topics
        may have been added, removed or reordered); one that is gone leaves the cursor at
        the same place as far as the new matrix allows.  ``party_index``: the party the
        agreement column opens now (by default the same party as before, by id).
        """
        old_parties = self.document.parties
        old_rows = self.rows
        cursor = self.table.cursor_coordinate
        party_ids = {party.id: index for index, party in enumerate(document.parties)}
        self.document = document
        self.party_colors = list(colors)
        self.rows = compare(document)
        topic_rows = {row.topic.id: index for index, row in enumerate(self.rows)}
        row = cursor.row
        if 0 <= row < len(old_rows):
            row = topic_rows.get(old_rows[row].topic.id, row)
        column = cursor.column
        if 1 <= column <= len(old_parties):
            column = party_ids.get(old_parties[column - 1].id, column - 1) + 1
        self._start = Coordinate(row, column)
        if party_index is None:
            old = self._current_party
            same = party_ids.get(old_parties[old].id) if 0 <= old < len(old_parties) else None
            party_index = old if same is None else same
        self._current_party = max(0, min(party_index, len(document.parties) - 1))
        self.table.clear(columns=True)
        self._fill()

    def on_resize(self, event: events.Resize) -> None:
        """Fit the columns to the new width (titles take the room there is)."""
        if self.REFIT_ON_RESIZE and self._filled_width not in (None, self.app.size.width):
            self._start = self.table.cursor_coordinate
            self.table.clear(columns=True)
            self._fill()

    def _fill(self) -> None:
        variables = self.app.get_css_variables()
        stance_styles = {
            stance: RichStyle(color=variables.get(name), bold=True)
            for stance, name in _STANCE_VARIABLES.items()
        }
        # Only a stated stance is bold: the others are italic (and carry their mark).
        weak_styles = {
            stance: RichStyle(color=variables.get(name), italic=True)
            for stance, name in _STANCE_VARIABLES.items()
        }
        table = self.table
        # The agreement column stays in view however far right the cursor goes.
        table.fixed_columns = 1
        headers = [Text("Agreement", style="bold")]
        for index, party in enumerate(self.document.parties):
            color = self.party_colors[index].rich_color if index < len(self.party_colors) else None
            headers.append(Text.assemble(
                (f"{index + 1} ", "bold"),
                (short_name(party.name), RichStyle(color=color, bold=True)),
            ))
        table.add_column(headers[0], key=_AGREEMENT_KEY)
        for party, header in zip(self.document.parties, headers[1:], strict=True):
            table.add_column(header, key=party.id)
        # Size guard: a DataTable fills slowly with its cells (64 parties x 2,000 topics
        # froze the reader), so at most MAX_MATRIX_CELLS are shown, the first topics.
        shown = self.rows[: max(1, MAX_MATRIX_CELLS // (len(self.document.parties) + 1))]
        box = self.query_one("#compare-box")
        box.border_subtitle = (
            Content(f"first {len(shown):,} of {len(self.rows):,} topics (export shows all)")
            if len(shown) < len(self.rows)
            else None
        )
        rows: list[list[Text]] = []
        for row in shown:
            agreement = f"{row.agreement.glyph} {_SHORT_AGREEMENT[row.agreement]}"
            cells = [Text(agreement, style="bold")]
            for cell in row.cells:
                if cell.position is None:
                    cells.append(Text(f"{SILENCE_GLYPH} none", style="dim italic"))
                else:
                    stance, basis = cell.position.stance, cell.position.basis
                    cells.append(Text(f"{stance.label} {basis.mark}", style=(
                        stance_styles[stance] if basis is Basis.STATED
                        else weak_styles[stance]
                    )))
            rows.append(cells)
        # Every column as wide as its widest cell; the topic titles get the rest.
        padding = 2 * table.cell_padding
        widths = [
            max([headers[c].cell_len, *(r[c].cell_len for r in rows)]) + padding
            for c in range(len(headers))
        ]
        titles = [one_line(row.topic.title) for row in shown]
        self._filled_width = self.app.size.width
        width = topic_width(self.app.size.width, widths, titles)
        for row, cells, title in zip(shown, rows, titles, strict=True):
            lines = wrap_title(title, width)
            label = Text("\n".join(lines))
            table.add_row(*cells, key=row.topic.id, label=label, height=len(lines))
        table.show_row_labels = True
        if shown:
            last_row = min(self._start.row, len(shown) - 1)
            last_column = min(self._start.column, len(self.document.parties))
            table.cursor_coordinate = Coordinate(last_row, last_column)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        """``enter`` or a click on the cursor cell: open that position.

        The cell is read by its keys (topic id, party id), checked against the document
        shown now, so a cell chosen just as a reload changed the matrix never names a
        party or topic that is gone.
        """
        event.stop()
        choice = self._choice(event.cell_key.row_key.value, event.cell_key.column_key.value)
        if choice is not None:
            self.dismiss(choice)

    def _choice(self, topic_id: str | None, column_key: str | None) -> tuple[str, str] | None:
        """``(party_id, topic_id)`` for a cell, or ``None`` when the current document has
        no such topic or party (or no party at all, for the agreement column)."""
        parties = self.document.parties
        if topic_id is None or all(row.topic.id != topic_id for row in self.rows):
            return None
        if column_key == _AGREEMENT_KEY:
            if not 0 <= self._current_party < len(parties):
                return None
            return (parties[self._current_party].id, topic_id)
        if all(party.id != column_key for party in parties):
            return None
        assert column_key is not None
        return (column_key, topic_id)

    def action_close(self) -> None:
        """Back to the reader without changing anything."""
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        """``j``."""
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        """``k``."""
        self.table.action_cursor_up()

    def action_cursor_left(self) -> None:
        """``h``."""
        self.table.action_cursor_left()

    def action_cursor_right(self) -> None:
        """``l``."""
        self.table.action_cursor_right()
