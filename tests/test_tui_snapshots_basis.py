"""Snapshots of how a stance is known (issue 13): the matrix with each of the four basis
marks, and the balance view, on ``tests/fixtures/basis``.

Regenerate with ``pytest tests/test_tui_snapshots_basis.py --snapshot-update`` and look at
the SVGs in ``tests/__snapshots__/test_tui_snapshots_basis/`` before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from positions.loader import load_document
from tui.app import ReaderApp, create_app

#: Notifications shown in a picture stay until it is taken (see ``conftest.py``).
pytestmark = pytest.mark.usefixtures("notifications_stay")

BASIS = Path(__file__).parent / "fixtures" / "basis" / "positions.yaml"


def basis_app() -> ReaderApp:
    """The reader on the fixture with a position of each basis."""
    loaded = load_document(BASIS)
    return create_app(loaded.document, warnings=loaded.warnings)


def test_basis_reader_120x40(snap_compare: Any) -> None:
    """Party panes: each stance with its basis word, stated bold, the others italic."""
    assert snap_compare(basis_app(), terminal_size=(120, 40))


def test_basis_comparison_120x40(snap_compare: Any) -> None:
    """The matrix: ● ○ ▲ ◇ beside the stances, and the legend saying what they mean."""
    assert snap_compare(basis_app(), terminal_size=(120, 40), press=["c"])


def test_basis_balance_120x40(snap_compare: Any) -> None:
    """The balance view: a row per party, share bars, the topic only one party spoke on."""
    assert snap_compare(basis_app(), terminal_size=(120, 40), press=["b"])


def test_basis_balance_80x24(snap_compare: Any) -> None:
    """Too narrow for a row a party: a column a party, every figure in view."""
    assert snap_compare(basis_app(), terminal_size=(80, 24), press=["b"])
