"""The document session: every open, link and reload goes through it (issue 10)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from positions.loader import load_document
from positions.session import DocumentSession, Failed, Linking, Opened, Ready

FOUR = Path(__file__).parent / "fixtures" / "four_parties"


@pytest.fixture
def four(tmp_path: Path) -> Path:
    shutil.copytree(FOUR, tmp_path / "four")
    return tmp_path / "four" / "positions.yaml"


def test_open_linked_is_what_check_loads(four: Path) -> None:
    session = DocumentSession(four)
    outcome = session.open_linked()
    assert isinstance(outcome, Ready)
    expected = load_document(four)
    assert outcome.document == expected.document
    assert list(outcome.warnings) == expected.warnings
    assert outcome.index.document is outcome.document
    assert session.ready is outcome and session.document is outcome.document
    assert session.exit_status == 0


def test_a_small_file_opens_linked_and_a_large_one_on_its_preview(four: Path) -> None:
    assert isinstance(DocumentSession(four).open(), Ready)
    session = DocumentSession(four)
    opened = session.open(link_before_chars=10)
    assert isinstance(opened, Opened)
    assert not opened.document.linked and session.linking
    assert session.document is opened.document
    seen: list[Linking] = []
    outcome = session.link(lambda done, total: seen.append(Linking(done, total)))
    assert isinstance(outcome, Ready) and outcome.document.linked
    assert seen and seen[-1].done == seen[-1].total == opened.quote_count
    assert not session.linking and session.opened is None


def test_errors_fail_with_every_diagnostic(four: Path) -> None:
    four.write_text(four.read_text("utf-8").replace("stance: supports", "stance: maybe", 1))
    session = DocumentSession(four)
    outcome = session.open()
    assert isinstance(outcome, Failed)
    assert outcome.errors and "maybe" in outcome.errors[0].message
    assert session.exit_status == 1


def test_a_reload_that_fails_keeps_the_last_good_version(four: Path) -> None:
    session = DocumentSession(four)
    good = session.open()
    assert isinstance(good, Ready)
    assert not session.changed_now()  # nothing changed yet
    text = four.read_text("utf-8")
    four.write_text(text.replace("stance: supports", "stance: maybe", 1))
    assert session.changed_now()
    failed = session.reload()
    assert isinstance(failed, Failed)
    assert session.ready is good and session.document is good.document
    assert session.errors == failed.diagnostics and session.exit_status == 1
    assert not session.changed_now()  # the broken version counts as read
    four.write_text(text + "\n# fixed\n")
    assert session.changed_now()
    again = session.reload()
    assert isinstance(again, Ready)
    assert session.ready is again and session.errors == () and session.exit_status == 0


def test_a_change_is_due_once_it_has_held_still_for_a_poll(four: Path) -> None:
    session = DocumentSession(four)
    session.open()
    assert not session.due()
    four.write_text(four.read_text("utf-8") + "\n# an edit\n")
    assert not session.due()  # maybe still being written
    assert session.due()  # held still: reload
    assert isinstance(session.reload(), Ready)
    assert not session.due()
