"""A quote coded in the reader is applied to the loaded version in memory (issue 14's
``enter`` → shown): the version the session then holds is what loading the written file
gives, to the source line of every quote and the text of every warning, and the written
file is not loaded again for it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_authoring import ODD, span_of, write

import positions.authoring
import positions.loader
import positions.model
from positions.loader import SEED_POSITIONS, load_document
from positions.model import Basis, Document, Loaded, QuoteKind, Stance
from positions.session import DocumentSession, Ready


def _locs(document: Document) -> list[object]:
    """Every source location the document holds (they do not take part in ``==``)."""
    found: list[object] = []
    for party in document.parties:
        found.append(party.speaker_locs)
        for position in party.positions:
            found += [position.loc, position.basis_loc, *(q.loc for q in position.quotes)]
    return found


def assert_as_loaded(made: Loaded, path: Path) -> None:
    fresh = load_document(path)
    assert made.document == fresh.document
    assert _locs(made.document) == _locs(fresh.document)
    assert [w.format() for w in made.warnings] == [w.format() for w in fresh.warnings]


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files the session opens (loads) from now on."""
    opened: list[Path] = []
    real = positions.loader.open_positions

    def counting(path: Path, **kwargs: bool) -> positions.loader.Pending:
        opened.append(path)
        return real(path, **kwargs)

    monkeypatch.setattr(positions.loader, "open_positions", counting)
    return opened


def test_quotes_coded_in_memory_are_what_a_load_of_the_written_file_gives(
    tmp_path: Path, loads: list[Path]
) -> None:
    path = write(tmp_path, ODD)
    session = DocumentSession(path)
    assert isinstance(session.open_linked(), Ready)
    document, warned = session.document, session.warnings
    assert warned  # (the test's own editorial warnings: lint's)

    def add(passage: str, party: str, topic: str, nth: int = 1, **fields: object) -> None:
        values: dict[str, object] = {
            "stance": None, "basis": None, "kind": QuoteKind.DIRECT, "speaker": None,
        }  # fmt: skip
        values.update(fields)
        span = span_of(session.document, passage, nth)
        change = positions.authoring.AddQuote(span, party, topic, **values)  # type: ignore[arg-type]
        loads.clear()
        event = session.apply(change)
        assert isinstance(event, Ready), event
        assert loads == []  # made in memory, not loaded
        assert_as_loaded(event.loaded, path)

    # An existing position (an indentless list), a speaker already named.
    add("We will not retreat", "kyiv", "truce", speaker="Zelensky")
    # A new position in a flow-style party; its first speaker joins (the party had none).
    add("the plan must wait", "moscow", "truce", stance=Stance.OPPOSES, speaker="Putin")
    # A new party and a new topic, no summary: check's warning, at the new lines.
    add("a fair start for everyone", "The envoy", "Timing", stance=Stance.SUPPORTS)
    # A passage the article holds more than once (occurrence written), a basis given,
    # in the topic whose key is quoted, to the party the new topic moved down.
    add("the plan", "kyiv", "conditions", nth=3, stance=Stance.CONDITIONAL,
        basis=Basis.IMPLIED, kind=QuoteKind.REPORTED)  # fmt: skip
    # A new speaker in a flow list; then the new party again.
    add("said Zelensky", "kyiv", "truce", kind=QuoteKind.REPORTED, speaker="Andriy Yermak")
    add("on Monday", "the-envoy", "timing")
    assert len(session.document.all_quotes()) == len(document.all_quotes()) + 6
    # Warnings below the lines inserted moved with them, one at the new lines is new.
    assert len(session.warnings) > len(warned) and "summary is empty" in str(session.warnings)
    assert session.history.undo  # each change is a step to undo, as before


def test_the_seed_coded_in_memory_is_what_a_load_gives(
    tmp_path: Path, loads: list[Path]
) -> None:
    for source in SEED_POSITIONS.parent.glob("putin-ceasefire-conditions.*"):
        shutil.copy(source, tmp_path / source.name)
    path = tmp_path / SEED_POSITIONS.name
    session = DocumentSession(path)
    assert isinstance(session.open_linked(), Ready)
    text = session.document.article.text
    start = text.index("\n\n", len(text) // 2) + 2
    end = text.index(".", start)
    for party, topic in (("russia", "truce"), ("Bench party", "Bench topic"), ("ukraine", "nato")):
        change = positions.authoring.AddQuote(
            positions.model.Span(start, end), party, topic, Stance.SUPPORTS, None,
            QuoteKind.REPORTED, None, "Timed.",
        )  # fmt: skip
        loads.clear()
        event = session.apply(change)
        assert isinstance(event, Ready), event
        assert loads == []
        assert_as_loaded(event.loaded, path)
        start = text.index("\n\n", end) + 2
        end = text.index(".", start)


def test_a_file_changed_on_disk_is_loaded_and_the_change_applied_to_it(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, ODD)
    session = DocumentSession(path)
    assert isinstance(session.open_linked(), Ready)
    path.write_text(ODD.replace("The truce", "The truce, day two"), encoding="utf-8")
    span = span_of(session.document, "We will not retreat")
    change = positions.authoring.AddQuote(
        span, "kyiv", "truce", None, None, QuoteKind.DIRECT, "Zelensky"
    )
    event = session.apply(change)
    assert isinstance(event, Ready)
    assert event.document.topic("truce").title == "The truce, day two"
    assert_as_loaded(event.loaded, path)


def test_a_failure_of_the_in_memory_version_loads_the_written_file_instead(
    tmp_path: Path, loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import positions.in_memory

    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(positions.in_memory, "added_in_memory", broken)
    path = write(tmp_path, ODD)
    session = DocumentSession(path)
    assert isinstance(session.open_linked(), Ready)
    loads.clear()
    span = span_of(session.document, "We will not retreat")
    change = positions.authoring.AddQuote(
        span, "kyiv", "truce", None, None, QuoteKind.DIRECT, "Zelensky"
    )
    event = session.apply(change)
    assert isinstance(event, Ready)
    assert loads == [path]  # loaded, as before
    assert_as_loaded(event.loaded, path)
    assert session.history.undo


def test_a_save_lints_only_the_version_it_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The version loaded was linted by the load: the first save does not lint it again
    (on the 3.6 MB case, 2,000 quotes, a lint is tens of milliseconds), and what lint
    keeps is a copy: a caller adding to the list it got changes nothing kept."""
    import positions.lint

    path = write(tmp_path, ODD)
    session = DocumentSession(path)
    assert isinstance(session.open_linked(), Ready)
    linted: list[Document] = []
    real = positions.lint._filed

    def counting(document: Document) -> object:
        linted.append(document)
        return real(document)

    monkeypatch.setattr(positions.lint, "_filed", counting)
    first = positions.lint.lint(session.document)
    first.append(first[0])
    assert positions.lint.lint(session.document) == first[:-1]
    assert linted == []  # kept from the load
    span = span_of(session.document, "We will not retreat")
    change = positions.authoring.AddQuote(
        span, "kyiv", "truce", None, None, QuoteKind.DIRECT, "Zelensky"
    )
    event = session.apply(change)
    assert isinstance(event, Ready)
    assert linted == [event.document]  # the new version only
    assert_as_loaded(event.loaded, path)


def test_undo_and_redo_show_the_versions_shown_before_without_loading(
    tmp_path: Path, loads: list[Path]
) -> None:
    """An undo writes back the text before the change, a redo the text after: each is a
    version the session showed, shown again (what a load of the file gives) rather than
    the whole file loaded; after the article changed on disk, loaded as before."""
    path = write(tmp_path, ODD)
    session = DocumentSession(path)
    assert isinstance(session.open_linked(), Ready)
    original = session.ready
    assert original is not None

    def add(passage: str, party: str, topic: str) -> Ready:
        span = span_of(session.document, passage)
        change = positions.authoring.AddQuote(
            span, party, topic, Stance.SUPPORTS, None, QuoteKind.DIRECT, "Zelensky"
        )
        event = session.apply(change)
        assert isinstance(event, Ready), event
        return event

    first = add("We will not retreat", "kyiv", "truce")
    second = add("a fair start for everyone", "The envoy", "Timing")
    for step, expected in ((session.undo, first), (session.undo, original),
                           (session.redo, first), (session.redo, second)):  # fmt: skip
        loads.clear()
        event = step()
        assert isinstance(event, Ready), event
        assert loads == []
        assert event is expected  # the version shown before
        assert_as_loaded(event.loaded, path)
    # The article changed on disk and was loaded again: the versions kept hold the old one.
    article = session.document.article.path
    article.write_text(article.read_text(encoding="utf-8") + "\nA line more.\n", "utf-8")
    assert isinstance(session.reload(), Ready)
    loads.clear()
    event = session.undo()
    assert isinstance(event, Ready) and event is not first
    assert loads == [path]
    assert "A line more." in event.document.article.text
    assert_as_loaded(event.loaded, path)


@pytest.mark.parametrize("source", ["odd", "seed"])
def test_removed_moved_and_edited_quotes_in_memory_are_what_a_load_gives(
    tmp_path: Path, loads: list[Path], source: str
) -> None:
    """A quote removed (a position's last one too: the position goes), a quote's end
    moved, a position edited: one party's lines change, the version is made in memory
    and is what loading the written file gives."""
    if source == "odd":
        path = write(tmp_path, ODD)
    else:
        for found in SEED_POSITIONS.parent.glob("putin-ceasefire-conditions.*"):
            shutil.copy(found, tmp_path / found.name)
        path = tmp_path / SEED_POSITIONS.name
    session = DocumentSession(path)
    assert isinstance(session.open_linked(), Ready)

    def apply(change: object) -> None:
        loads.clear()
        event = session.apply(change)  # type: ignore[arg-type]
        assert isinstance(event, Ready), event
        assert loads == []  # made in memory, not loaded
        assert_as_loaded(event.loaded, path)

    authoring = positions.authoring
    changes = 0
    for party in session.document.parties:  # every party: first and last, flow and block
        for position in party.positions:
            quote = position.quotes[-1]
            if quote.linked and quote.end < len(session.document.article.text) - 1:
                span = positions.model.Span(quote.start, quote.end + 1)
                last = len(position.quotes) - 1
                apply(authoring.MoveQuote(party.id, position.topic_id, last, span))
                changes += 1
            apply(authoring.EditPosition(
                party.id, position.topic_id, Stance.OPPOSES, Basis.IMPLIED, "Edited."))  # fmt: skip
            changes += 1
            break
    document = session.document
    for party in document.parties:
        for position in party.positions:
            for index in reversed(range(len(position.quotes))):  # the last removes it
                apply(authoring.RemoveQuote(party.id, position.topic_id, index))
                changes += 1
            break
    assert changes >= 6
    assert len(session.history.undo) == changes
