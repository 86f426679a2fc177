"""Golden files: every export format of the seed and the four-party fixture, byte for byte.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 .venv/bin/pytest
tests/test_export_golden.py``, then read the changed files (``git diff tests/golden``) as a
user would before committing them.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from positions.cli import main
from positions.loader import SEED_POSITIONS

GOLDEN = Path(__file__).parent / "golden"
FOUR = Path(__file__).parent / "fixtures" / "four_parties" / "positions.yaml"
DOCUMENTS = {"seed": SEED_POSITIONS, "four_parties": FOUR}
FORMATS = ("md", "html", "json", "csv")
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def export(path: Path, fmt: str) -> bytes:
    out, err = io.StringIO(), io.StringIO()
    assert main(["export", str(path), "--format", fmt], out=out, err=err) == 0, err.getvalue()
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_export_matches_golden_file(name: str, fmt: str) -> None:
    got = export(DOCUMENTS[name], fmt)
    golden = GOLDEN / f"{name}.{fmt}"
    if UPDATE:
        golden.write_bytes(got)
    assert golden.exists(), f"{golden} is missing: run with UPDATE_GOLDEN=1"
    want = golden.read_bytes()
    assert got == want, (
        f"{fmt} export of {name} differs from {golden.name}; if the change is intended, "
        "regenerate with UPDATE_GOLDEN=1 and review the diff"
    )


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_golden_files_name_files_not_machine_paths(name: str, fmt: str) -> None:
    text = (GOLDEN / f"{name}.{fmt}").read_text(encoding="utf-8")
    for folder in {DOCUMENTS[name].parent.resolve(), Path.cwd().resolve(), Path.home()}:
        assert str(folder) not in text
    assert "/work/" not in text and "\\Users\\" not in text


def test_golden_files_keep_their_line_endings() -> None:
    """CSV rows end in CR LF (RFC 4180); every other format in LF only."""
    for name in DOCUMENTS:
        csv_bytes = (GOLDEN / f"{name}.csv").read_bytes()
        assert csv_bytes.count(b"\n") == csv_bytes.count(b"\r\n") > 1
        for fmt in ("md", "html", "json"):
            assert b"\r" not in (GOLDEN / f"{name}.{fmt}").read_bytes()
