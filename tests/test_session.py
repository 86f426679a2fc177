"""The document session: every open, link and reload goes through it (issue 10)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from positions.diagnostics import LoadError
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


def test_a_reload_of_a_large_article_links_in_another_process(
    four: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Linking a large file in the reader's own worker thread holds the interpreter lock
    # its keys need; a reload of one is linked in a new process (issue 15).
    session = DocumentSession(four)
    assert isinstance(session.open(), Ready)
    session.reload_elsewhere_chars = 0  # every article counts as large here
    text = four.read_text("utf-8")
    four.write_text(text.replace("stance: supports", "stance: opposes", 1))

    def not_here(*args: object, **kwargs: object) -> None:
        raise AssertionError("linked in the reader's process")

    monkeypatch.setattr("positions.loader.open_positions", not_here)
    progress: list[tuple[int, int]] = []
    again = session.reload(lambda done, total: progress.append((done, total)))
    assert isinstance(again, Ready)
    assert progress and progress[-1][0] == progress[-1][1] == len(again.document.all_quotes())
    # A file with errors fails there with the same diagnostics as here.
    four.write_text(text.replace("stance: supports", "stance: maybe", 1))
    failed = session.reload()
    assert isinstance(failed, Failed)
    assert session.ready is again
    monkeypatch.undo()
    with pytest.raises(LoadError) as here:
        load_document(four)
    assert list(failed.diagnostics) == list(here.value.diagnostics)
    four.write_text(text.replace("stance: supports", "stance: opposes", 1))
    assert again.document == load_document(four).document  # the file as it was changed


def test_a_reload_where_no_process_can_be_made_links_here(
    four: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = DocumentSession(four)
    assert isinstance(session.open(), Ready)
    session.reload_elsewhere_chars = 0
    monkeypatch.setattr("positions.background.start_reloading", lambda *a, **k: None)
    four.write_text(four.read_text("utf-8") + "\n# touched\n")
    assert isinstance(session.reload(), Ready)


def _children() -> set[int]:
    """This process's child processes (Linux)."""
    found: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        found |= {int(pid) for pid in (task / "children").read_text().split()}
    return found


def test_closing_the_session_stops_a_reload_linking_in_another_process(four: Path) -> None:
    # The reader quitting must not wait for (or leave behind) a reload's process.
    import threading

    session = DocumentSession(four)
    assert isinstance(session.open(), Ready)
    session.reload_elsewhere_chars = 0
    four.write_text(four.read_text("utf-8") + "\n# touched\n")
    before = _children()
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(session.reload()))
    worker.start()
    while not (_children() - before) and worker.is_alive():
        worker.join(0.002)  # until the reload's process is there (it takes a while to start)
    assert _children() - before, "the reload made no process"
    session.close()
    worker.join(30)
    assert not worker.is_alive()
    assert _children() == before  # stopped and reaped
    assert isinstance(outcome[0], Failed)
    assert "stopped" in outcome[0].diagnostics[0].message


def test_a_reload_sends_the_article_only_when_it_changed(four: Path) -> None:
    # Unpickling a large article in the reader's worker holds the interpreter lock its keys
    # need (issue 15): an edit of the positions file alone brings back only the rest, and
    # the reload shows the article the reader has.  Either way: what ``check`` loads.
    session = DocumentSession(four)
    assert isinstance(session.open(), Ready)
    session.reload_elsewhere_chars = 0
    text = four.read_text("utf-8")
    four.write_text(text + "\n# touched\n")
    first = session.reload()
    assert isinstance(first, Ready)
    assert first.document == load_document(four).document
    four.write_text(text.replace("stance: supports", "stance: opposes", 1))
    second = session.reload()
    assert isinstance(second, Ready)
    assert second.document.article is first.document.article  # not sent again
    assert second.document == load_document(four).document
    article = four.parent / "article.md"
    article.write_text(article.read_text("utf-8") + "\nOne more paragraph.\n", "utf-8")
    third = session.reload()
    assert isinstance(third, Ready)
    assert third.document.article is not first.document.article
    assert third.document == load_document(four).document
    assert third.document.article.text.endswith("One more paragraph.")


def test_a_reload_process_runs_below_the_readers_priority_and_sends_no_preview(
    four: Path,
) -> None:
    # On a busy machine the reader's keys, not the reload's link, get a shared core first;
    # and it makes no preview (the reader shows the last version meanwhile).
    from positions.background import RELOAD_NICE, RemoteLink, start_reloading

    opening = start_reloading(four)
    if opening is None:
        pytest.skip("no process can be made here")
    pid = opening.pid
    try:
        answer = opening.result()  # the process is linking: its priority is set by then
        assert isinstance(answer, RemoteLink)
        with pytest.raises(LookupError):
            answer.preview()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        assert int(fields[16]) == min(19, os.nice(0) + RELOAD_NICE)  # field 19: nice
    finally:
        opening.close()


def test_a_reload_process_runs_the_readers_code_whatever_the_working_directory(
    four: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ``python -m`` looks in the working directory first: a folder of the user's named
    # ``positions`` (or another checkout) must not stand in for the reader's own module.
    impostor = tmp_path / "cwd" / "positions"
    impostor.mkdir(parents=True)
    (impostor / "__init__.py").write_text("")
    (impostor / "background.py").write_text("raise SystemExit(3)\n")
    monkeypatch.chdir(impostor.parent)
    session = DocumentSession(four)
    assert isinstance(session.open(), Ready)
    session.reload_elsewhere_chars = 0
    four.write_text(four.read_text("utf-8") + "\n# touched\n")

    def not_here(*args: object, **kwargs: object) -> None:
        raise AssertionError("linked in the reader's process")

    monkeypatch.setattr("positions.loader.open_positions", not_here)
    assert isinstance(session.reload(), Ready)


@pytest.mark.parametrize("elsewhere", [True, False], ids=["in-a-process", "here"])
def test_a_reload_waits_for_its_pace_before_each_step_that_holds_the_interpreter(
    four: Path, monkeypatch: pytest.MonkeyPatch, elsewhere: bool
) -> None:
    """The reader passes a ``pace`` that waits for a pause in its keys: the document taken
    in from the reload's process (unpickled) and its index built each wait for it; the
    reload goes on only when it returns, and then loads as without one."""
    import threading

    from positions import index

    session = DocumentSession(four)
    assert isinstance(session.open(), Ready)
    if elsewhere:
        session.reload_elsewhere_chars = 0
    steps: list[str] = []
    built = index.DocumentIndex.__init__

    def indexed(self: index.DocumentIndex, *args: object) -> None:
        steps.append("index built")
        built(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(index.DocumentIndex, "__init__", indexed)
    go_on = threading.Event()

    def pace() -> None:
        steps.append("paced")
        assert go_on.wait(10)

    four.write_text(four.read_text("utf-8") + "\n# touched\n")
    outcome: list[object] = []
    reloading = threading.Thread(target=lambda: outcome.append(session.reload(None, pace)))
    reloading.start()
    deadline = 100
    while "paced" not in steps and deadline:  # (the first step reached)
        reloading.join(0.05)
        deadline -= 1
    assert steps == ["paced"] and not outcome  # held there
    go_on.set()
    reloading.join(30)
    assert steps == ["paced", "paced", "index built"] if elsewhere else ["paced", "index built"]
    (again,) = outcome
    assert isinstance(again, Ready)
    assert again.document == load_document(four).document
