"""Writing changes to a positions file (issue 14): only the changed lines differ, every
written file loads with ``--strict`` (but for the test content's own evidence-filing
warnings, see :func:`load_written`), and a new quote anchors to the passage selected;
the session's undo, redo and outside-edit rule; ``new`` and ``check --coverage``."""

from __future__ import annotations

import difflib
import io
import os
from dataclasses import replace
from pathlib import Path

import pytest

from positions.authoring import (
    AddQuote,
    AuthoringError,
    EditPosition,
    MoveQuote,
    RemoveQuote,
    added_to,
    apply_change,
    describe,
    inside_quotation,
    make_id,
    speaking_party,
    suggest_speaker,
    unclaimed_quotations,
)
from positions.cli import main
from positions.lint import lint
from positions.loader import load_document
from positions.model import Basis, Document, Loaded, QuoteKind, Span, Stance
from positions.session import DocumentSession, Ready, Refused

ARTICLE = (
    'The envoy said the plan was "a fair start for everyone" on Monday.\n\n'
    "Kyiv agreed to the plan. Moscow said the plan needs conditions.\n\n"
    '"We will not retreat," said Zelensky. Putin said "the plan must wait".\n'
)

# Odd but valid: comments everywhere, blank lines, a flow list, quoted keys, four-space
# indentation in one place, an indentless quote list, a folded summary, CRLF-free.
ODD = """\
# The parties' positions  (hand-written)
version: 1    # format version

article:
  file: "article.txt"   # the article
  title: 'A test: with colon'

topics:    # the questions
    truce:            # four spaces here
        title: The truce
        question: "Stop now?"

    "conditions":
        title: Conditions

parties:
  # Kyiv first
  kyiv:
    name: Kyiv
    speakers: [ Zelensky ]   # flow, spaced
    positions:
      truce:
        stance: supports     # as of Monday
        summary: >
          Agreed to
          the plan.
        quotes:
        - text: Kyiv agreed to the plan   # indentless
          kind: reported

  moscow:
    name: Moscow
    positions: {conditions: {stance: conditional, summary: Wants conditions, quotes: [
        {text: needs conditions, kind: reported}]}}
# trailing comment
"""


def write(tmp_path: Path, text: str = ODD) -> Path:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "positions.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load_written(path: Path) -> Loaded:
    """Load a file the authoring code wrote: strictly but for the warnings about how the
    test's own content files its evidence (``positions.lint``: an unnamed speaker, a
    direct quote without one, a passage two parties quote), which are the test's choices,
    not the writer's; any other warning fails as ``--strict`` would."""
    loaded = load_document(path)
    editorial = {d.format() for d in lint(loaded.document)}
    assert [w.format() for w in loaded.warnings if w.format() not in editorial] == []
    return loaded


def span_of(document: Document, passage: str, nth: int = 1) -> Span:
    text = document.article.text
    at = -1
    for _ in range(nth):
        at = text.index(passage, at + 1)
    return Span(at, at + len(passage))


def save(path: Path, before: str, change: object) -> tuple[str, Document]:
    """Apply ``change`` to the file at ``path``, write it, load it strictly."""
    document = load_document(path).document
    after = apply_change(before, document, change)  # type: ignore[arg-type]
    path.write_text(after, encoding="utf-8")
    return after, load_written(path).document


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines removed and the lines added (difflib)."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def test_add_quote_to_an_existing_position_adds_only_its_lines(tmp_path: Path) -> None:
    path = write(tmp_path)
    document = load_document(path).document
    span = span_of(document, "We will not retreat")
    change = AddQuote(span, "kyiv", "truce", None, None, QuoteKind.DIRECT, "Zelensky")
    after, loaded = save(path, ODD, change)
    removed, added = changed_lines(ODD, after)
    assert removed == []
    # The file's own indentless layout is followed.
    assert added == [
        "        - text: We will not retreat",
        "          speaker: Zelensky",
        "          kind: direct",
    ]
    quote = loaded.party("kyiv").position_on("truce").quotes[-1]  # type: ignore[union-attr]
    assert quote.spans == (span,)
    assert added_to(change, document) == ("kyiv", "truce")
    assert describe(change, document) == "added a quote to Kyiv / The truce"


def test_add_quote_for_a_new_party_and_topic(tmp_path: Path) -> None:
    path = write(tmp_path)
    document = load_document(path).document
    span = span_of(document, "the plan must wait")
    change = AddQuote(
        span,
        "Russian Federation",
        "Talks: when?",
        Stance.OPPOSES,
        Basis.IMPLIED,
        QuoteKind.DIRECT,
        "Putin",
        "Wants to wait.",
    )
    assert added_to(change, document) == ("russian-federation", "talks-when")
    after, loaded = save(path, ODD, change)
    removed, added = changed_lines(ODD, after)
    assert removed == []
    assert added[:2] == ["    talks-when:", "        title: 'Talks: when?'"]
    assert "  russian-federation:" in added
    party = loaded.party("russian-federation")
    assert party.speakers == ("Putin",)
    position = party.position_on("talks-when")
    assert position is not None and position.basis is Basis.IMPLIED
    assert position.quotes[0].spans == (span,)


def test_add_quote_to_a_flow_style_party(tmp_path: Path) -> None:
    path = write(tmp_path)
    document = load_document(path).document
    span = span_of(document, "the plan needs conditions")
    change = AddQuote(
        span, "Moscow", "truce", Stance.OPPOSES, None, QuoteKind.REPORTED, None, "Not yet."
    )
    after, loaded = save(path, ODD, change)
    removed, added = changed_lines(ODD, after)
    assert len(removed) == len(added) == 1  # the one flow line
    assert loaded.party("moscow").position_on("truce") is not None


def test_repeated_passage_gets_the_occurrence_that_anchors_back(tmp_path: Path) -> None:
    path = write(tmp_path)
    document = load_document(path).document
    for nth in (1, 2, 3, 4):
        span = span_of(document, "the plan", nth)
        change = AddQuote(span, "kyiv", "truce", None, None, QuoteKind.REPORTED, None)
        after = apply_change(ODD, document, change)
        assert ("occurrence: " + str(nth)) in after
        path.write_text(after, encoding="utf-8")
        quote = load_document(path).document.party("kyiv").position_on("truce").quotes[-1]  # type: ignore[union-attr]
        assert quote.spans == (span,)
    path.write_text(ODD, encoding="utf-8")


def test_speaker_new_to_the_party_joins_its_flow_list(tmp_path: Path) -> None:
    path = write(tmp_path)
    document = load_document(path).document
    span = span_of(document, "We will not retreat")
    change = AddQuote(span, "kyiv", "truce", None, None, QuoteKind.DIRECT, "Andriy Yermak")
    after, loaded = save(path, ODD, change)
    assert "    speakers: [ Zelensky, Andriy Yermak ]   # flow, spaced" in after
    assert loaded.party("kyiv").speakers == ("Zelensky", "Andriy Yermak")


def test_remove_a_quote_then_the_last_removes_the_position(tmp_path: Path) -> None:
    path = write(tmp_path)
    document = load_document(path).document
    span = span_of(document, "We will not retreat")
    text, _ = save(path, ODD, AddQuote(span, "kyiv", "truce", None, None, QuoteKind.DIRECT, None))
    text, loaded = save(path, text, RemoveQuote("kyiv", "truce", 0))
    assert [q.text for q in loaded.party("kyiv").position_on("truce").quotes] == [  # type: ignore[union-attr]
        "We will not retreat"
    ]
    _, added = changed_lines(ODD, text)
    assert added == [
        "        - text: We will not retreat",
        "          kind: direct",
    ]
    # A position needs a quote: removing its last one removes it (and the empty
    # positions key with it).
    text, loaded = save(path, text, RemoveQuote("kyiv", "truce", 0))
    assert loaded.party("kyiv").positions == ()
    assert "positions:" not in text.split("moscow:")[0]
    text, loaded = save(path, text, RemoveQuote("moscow", "conditions", 0))
    assert loaded.party("moscow").positions == ()
    assert "# trailing comment" in text and "# Kyiv first" in text


def test_edit_position_replaces_only_its_values(tmp_path: Path) -> None:
    path = write(tmp_path)
    change = EditPosition("kyiv", "truce", Stance.CONDITIONAL, Basis.ACTION, "Agreed: on terms")
    after, loaded = save(path, ODD, change)
    removed, added = changed_lines(ODD, after)
    assert removed == [
        "        stance: supports     # as of Monday",
        "        summary: >",
        "          Agreed to",
        "          the plan.",
    ]
    assert added == [
        "        stance: conditional     # as of Monday",
        "        basis: action",
        "        summary: 'Agreed: on terms'",
    ]
    position = loaded.party("kyiv").position_on("truce")
    assert position is not None and position.basis is Basis.ACTION
    # basis None: back to the default (the key goes).
    after2, loaded = save(path, after, EditPosition("kyiv", "truce", Stance.CONDITIONAL, None, "x"))
    assert "basis:" not in after2
    assert loaded.party("kyiv").position_on("truce").basis is Basis.REPORTED  # type: ignore[union-attr]


def test_move_quote_changes_its_text_and_anchor(tmp_path: Path) -> None:
    path = write(tmp_path)
    document = load_document(path).document
    span = span_of(document, "Kyiv agreed to the plan.")
    after, loaded = save(path, ODD, MoveQuote("kyiv", "truce", 0, span))
    _, added = changed_lines(ODD, after)
    assert added == ["        - text: Kyiv agreed to the plan.   # indentless"]
    assert loaded.party("kyiv").position_on("truce").quotes[0].spans == (span,)  # type: ignore[union-attr]


def test_changes_that_cannot_apply_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path)
    document = load_document(path).document
    with pytest.raises(AuthoringError, match="stance"):
        apply_change(
            ODD,
            document,
            AddQuote(Span(0, 3), "kyiv", "conditions", None, None, QuoteKind.DIRECT, None),
        )
    with pytest.raises(AuthoringError, match="no text"):
        apply_change(
            ODD, document, AddQuote(Span(3, 4), "kyiv", "truce", None, None, QuoteKind.DIRECT, None)
        )
    with pytest.raises(AuthoringError, match="no quote 5"):
        apply_change(ODD, document, RemoveQuote("kyiv", "truce", 4))


def test_make_id_is_valid_unique_and_text() -> None:
    assert make_id("Volodymyr Zelensky", set(), "party") == "volodymyr-zelensky"
    assert make_id("Ukraine", {"ukraine"}, "party") == "ukraine-2"
    assert make_id("Yes", set(), "party") == "party-yes"  # YAML would read yes as true
    assert make_id("Ελλάδα", set(), "party") == "party"
    assert make_id("2025", set(), "topic") == "topic-2025"


def test_quotations_and_speakers(tmp_path: Path) -> None:
    document = load_document(write(tmp_path)).document
    text = document.article.text
    at = text.index("fair start")
    inner = inside_quotation(text, at)
    assert inner is not None and text[inner.start : inner.end] == "a fair start for everyone"
    assert inside_quotation(text, text.index("Kyiv agreed")) is None
    speech = span_of(document, "We will not retreat")
    assert suggest_speaker(document, "kyiv", speech) == "Zelensky"
    assert suggest_speaker(document, None, span_of(document, "the plan must wait")) == "Putin"
    unclaimed = [text[s.start : s.end] for s in unclaimed_quotations(document)]
    assert unclaimed == ["a fair start for everyone", "We will not retreat,", "the plan must wait"]


def test_the_speaker_suggested_is_never_a_place_or_a_party() -> None:
    """"The mayor of Northtown said": the mayor, not Northtown (a place, and a party's
    name); nor "Geneva" of "speaking in Geneva, said"."""
    from positions.model import Span

    four = Path(__file__).parent / "fixtures" / "four_parties" / "positions.yaml"
    document = load_document(four).document
    text = document.article.text
    at = text.index("bridge at dawn")
    passage = Span(at, at + len("bridge at dawn"))
    assert suggest_speaker(document, "northtown", passage) == "The mayor"
    # a new party: nobody near is named as a speaker ("Northtown" is a party and a place,
    # "Geneva" in "speaking in Geneva, said" a place), so nothing is suggested
    assert suggest_speaker(document, None, passage) is None


def test_the_speaker_suggested_is_named_near_the_passage_and_of_its_party() -> None:
    """The seed: a passage is never put in the mouth of another party's speaker, nor of
    someone named only in a paragraph after it (the byline named nobody, but the next
    paragraph's "Russian President Vladimir Putin said" was suggested for Ukraine); a
    quotation that goes on from "Putin added:" in the paragraph before is Putin's."""
    from positions.loader import SEED_POSITIONS

    document = load_document(SEED_POSITIONS).document
    text = document.article.text

    def passage(words: str) -> Span:
        at = text.index(words)
        return Span(at, at + len(words))

    putin = passage("questions")  # in "Russian President Vladimir Putin said he agreed"
    assert suggest_speaker(document, "russia", putin) == "Vladimir Putin"  # (the title off)
    for party in ("ukraine", "united-states", None):  # Putin said it: nobody of theirs
        assert suggest_speaker(document, party, putin) is None
    assert suggest_speaker(document, None, passage("James")) is None  # the byline
    sanctions = passage("further sanctions on")  # nobody named near it
    assert suggest_speaker(document, "russia", sanctions) is None  # two speakers: no guess
    assert suggest_speaker(document, "united-states", sanctions) == "Donald Trump"  # its only
    nuances = passage("We are in favour of it")  # its paragraph follows "Putin added:"
    assert suggest_speaker(document, "russia", nuances) == "Vladimir Putin"
    assert suggest_speaker(document, "ukraine", nuances) is None
    assert speaking_party(document, nuances) == "russia"  # the dialog's party
    assert speaking_party(document, sanctions) is None
    who = passage("Who will give the order")  # goes on from "Putin asked:"
    assert suggest_speaker(document, "russia", who) == "Vladimir Putin"
    assert suggest_speaker(document, "ukraine", who) is None
    manipulative = passage("manipulative")  # "Volodymyr Zelensky described Putin's response"
    assert suggest_speaker(document, "ukraine", manipulative) == "Volodymyr Zelensky"
    assert suggest_speaker(document, "russia", manipulative) is None


# ---------------------------------------------------------------- the session, new, check


def session_on(tmp_path: Path) -> tuple[DocumentSession, Path]:
    path = write(tmp_path)
    os.chmod(path, 0o640)
    session = DocumentSession(path)
    assert isinstance(session.open_linked(), Ready)
    return session, path


def test_apply_writes_keeps_the_mode_and_is_not_an_outside_edit(tmp_path: Path) -> None:
    session, path = session_on(tmp_path)
    article = (tmp_path / "article.txt").read_bytes()
    span = span_of(session.document, "We will not retreat")
    event = session.apply(AddQuote(span, "kyiv", "truce", None, None, QuoteKind.DIRECT, None))
    assert isinstance(event, Ready)
    quote = event.document.party("kyiv").position_on("truce").quotes[-1]  # type: ignore[union-attr]
    assert quote.spans == (span,)
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert (tmp_path / "article.txt").read_bytes() == article  # never written
    assert not session.changed_now() and not session.due()  # our own save
    load_written(path)
    assert session.can_undo and not session.can_redo


def test_undo_and_redo_sixty_steps_of_every_kind(tmp_path: Path) -> None:
    session, path = session_on(tmp_path)
    texts = [path.read_text(encoding="utf-8")]
    span = span_of(session.document, "We will not retreat")
    for step in range(60):
        if step % 3 == 0:
            change: object = AddQuote(span, "kyiv", "truce", None, None, QuoteKind.DIRECT, None)
        elif step % 3 == 1:
            stance = Stance.OPPOSES if step % 2 else Stance.SUPPORTS
            change = EditPosition("kyiv", "truce", stance, Basis.STATED, f"Summary {step}")
        else:
            change = RemoveQuote("kyiv", "truce", 1)
        assert isinstance(session.apply(change), Ready), step  # type: ignore[arg-type]
        texts.append(path.read_text(encoding="utf-8"))
    for expected in reversed(texts[:-1]):
        assert isinstance(session.undo(), Ready)
        assert path.read_text(encoding="utf-8") == expected
        load_written(path)
    assert session.undo() is None and path.read_text(encoding="utf-8") == ODD
    for expected in texts[1:]:
        assert isinstance(session.redo(), Ready)
        assert path.read_text(encoding="utf-8") == expected
    assert session.redo() is None


def test_an_outside_edit_is_reloaded_and_the_change_reapplied(tmp_path: Path) -> None:
    session, path = session_on(tmp_path)
    span = span_of(session.document, "We will not retreat")
    # An editor saves the file while the dialog is open: a comment and a new topic.
    edited = ODD.replace("topics:    # the questions", "# edited\ntopics:    # the questions")
    path.write_text(edited, encoding="utf-8")
    event = session.apply(AddQuote(span, "kyiv", "truce", None, None, QuoteKind.DIRECT, None))
    assert isinstance(event, Ready)
    text = path.read_text(encoding="utf-8")
    assert "# edited" in text and "- text: We will not retreat" in text
    assert not session.due()


def test_an_outside_edit_that_removes_the_target_refuses_and_keeps_the_change(
    tmp_path: Path,
) -> None:
    session, path = session_on(tmp_path)
    assert isinstance(
        session.apply(EditPosition("kyiv", "truce", Stance.OPPOSES, None, "x")), Ready
    )
    edited = path.read_text(encoding="utf-8").replace("  kyiv:", "  ukraine:")
    path.write_text(edited, encoding="utf-8")
    change = RemoveQuote("kyiv", "truce", 0)
    event = session.apply(change)
    assert isinstance(event, Refused) and event.change == change
    assert "changed on disk" in event.reason
    assert path.read_text(encoding="utf-8") == edited  # never overwritten
    assert session.document.party("ukraine")  # the reloaded version is shown
    assert not session.can_undo  # undoing would overwrite the outside edit


def test_a_passage_selected_before_the_article_changed_is_coded_where_it_is_now(
    tmp_path: Path,
) -> None:
    """An editor saves the article while the dialog is open: the quote is the text the
    user selected, found where it is now, not whatever moved under the old offsets; a
    passage no longer there (or there twice now) is refused, the file left as it was."""
    session, path = session_on(tmp_path)
    article = tmp_path / "article.txt"
    had = [q.text for _, _, q in session.document.all_quotes()]
    span = span_of(session.document, "We will not retreat")
    selected = ARTICLE[span.start : span.end]
    change = AddQuote(span, "kyiv", "truce", None, None, QuoteKind.DIRECT, None, text=selected)
    for note, reload in (("Editor's note: updated.", True), ("Updated again.", False)):
        article.write_text(f"{note}\n\n{ARTICLE}", encoding="utf-8")
        if reload:  # the reader reloaded the new article before the dialog saved
            assert isinstance(session.reload(), Ready)
        assert isinstance(session.apply(change), Ready)
        assert session.document.article.text.startswith(note)  # shown on the new version
        document = load_written(path).document
        assert sorted(q.text for _, _, q in document.all_quotes()) == sorted([*had, selected])
        assert session.undo() is not None
    assert article.read_text(encoding="utf-8").startswith("Updated again.")  # never written

    before = path.read_text(encoding="utf-8")
    gone = span_of(session.document, "the plan must wait")
    change = replace(change, span=gone, text="the plan must wait")
    article.write_text(ARTICLE.replace("the plan must wait", "the plan can wait"), encoding="utf-8")
    event = session.apply(change)
    assert isinstance(event, Refused) and "no longer in the article" in event.reason
    twice = ARTICLE.replace("Kyiv agreed", "The plan must wait. Kyiv agreed")
    article.write_text(twice.replace("the plan can wait", "the plan must wait"), encoding="utf-8")
    event = session.apply(replace(change, text="plan must wait", span=Span(0, 14)))
    assert isinstance(event, Refused) and "more than once" in event.reason
    assert path.read_text(encoding="utf-8") == before


def test_new_writes_a_valid_empty_file_and_refuses_to_overwrite(tmp_path: Path) -> None:
    article = tmp_path / "talks.md"
    article.write_text('# Talks resume\n\nThe envoy said "we are ready".\n', encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["new", str(article), "--no-open"], out=out, err=err) == 0
    made = tmp_path / "talks.positions.yaml"
    assert f"wrote {made}" in err.getvalue()
    document = load_written(made).document
    assert document.parties == () and document.topics == ()
    assert document.meta.title == "Talks resume"
    err = io.StringIO()
    assert main(["check", "--strict", "--coverage", str(made)], out=out, err=err) == 0
    assert f"{made}:8:1: note: no parties yet" in err.getvalue()
    assert f'{article}:3:17: note: unclaimed quotation "we are ready"' in err.getvalue()
    before = made.read_bytes()
    err = io.StringIO()
    assert main(["new", str(article), "--no-open"], out=out, err=err) == 1
    assert "exists already; refusing to overwrite it" in err.getvalue()
    assert made.read_bytes() == before
    # Code the first quote into it: the empty {} become block mappings.
    session = DocumentSession(made)
    session.open_linked()
    span = span_of(session.document, "we are ready")
    change = AddQuote(
        span, "Envoy", "Talks", Stance.SUPPORTS, None, QuoteKind.DIRECT, "Envoy", "Ready."
    )
    assert isinstance(session.apply(change), Ready)
    load_written(made)
    err = io.StringIO()
    assert main(["check", "--coverage", str(made)], out=out, err=err) == 0
    assert "unclaimed" not in err.getvalue() and "no parties" not in err.getvalue()


@pytest.mark.parametrize(
    ("name", "text", "title"),
    [
        ("talks.md", "# Ceasefire talks resume\n\nThe envoy spoke.\n", "Ceasefire talks resume"),
        ("pic.md", "![Envoy](envoy.jpg)\n\n# Talks resume\n\nThe envoy spoke.\n", "Talks resume"),
        # No headline: none is made up (the file name was written as one: "title: art").
        ("art.md", "The envoy spoke in Geneva.\n\nTalks go on.\n", None),
        ("t.txt", "Talks resume\n\nThe envoy spoke in Geneva.\n", None),  # plain: no heading
        ("later.md", "The envoy spoke.\n\n## Background\n\nTalks began in May.\n", None),
        ("blank.md", "# \u200b\n\nThe envoy spoke.\n", None),  # invisible: the loader's empty
    ],
)
def test_new_titles_the_file_with_the_articles_headline_or_with_nothing(
    tmp_path: Path, name: str, text: str, title: str | None
) -> None:
    article = tmp_path / name
    article.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["new", str(article), "--no-open"], out=out, err=err) == 0
    made = tmp_path / f"{article.stem}.positions.yaml"
    written = made.read_text(encoding="utf-8")
    if title is None:
        assert "title:" not in written
    else:
        assert f"\n  title: {title}\n" in written
    document = load_written(made).document
    assert document.headline == title
    if title is None:  # every view and export says there is none
        assert document.title.startswith("No headline · ")
    assert main(["check", "--strict", str(made)], out=out, err=io.StringIO()) == 0


def test_new_launches_the_reader_on_the_written_file(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Some text.\n", encoding="utf-8")
    opened: list[Path] = []

    def launch(session: DocumentSession) -> int:
        opened.append(session.path)
        return 0

    out = tmp_path / "mine.yaml"
    assert main(["new", str(article), "-o", str(out)], launch=launch, err=io.StringIO()) == 0
    assert opened == [out]
    assert Span(0, 1)  # (the reader then codes into it)


def test_crlf_and_bom_are_kept(tmp_path: Path) -> None:
    path = write(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + ODD.replace("\n", "\r\n").encode("utf-8"))
    session = DocumentSession(path)
    assert isinstance(session.open_linked(), Ready)
    span = span_of(session.document, "We will not retreat")
    change = AddQuote(span, "Other", "New topic", Stance.SUPPORTS, None, QuoteKind.DIRECT, "X", "s")
    assert isinstance(session.apply(change), Ready)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n")
    load_written(path)


def test_passages_of_the_seed_anchor_back_where_selected(tmp_path: Path) -> None:
    # The seed's article is repaired on load (mojibake) and has repeated words: whatever
    # is selected, the quote written anchors to that very span.
    from seeds import SEED_POSITIONS

    for name in (SEED_POSITIONS.name, "putin-ceasefire-conditions.md"):
        (tmp_path / name).write_bytes((SEED_POSITIONS.parent / name).read_bytes())
    path = tmp_path / SEED_POSITIONS.name
    document = load_document(path).document
    text = document.article.text
    blocks = document.article.blocks
    for number, block in enumerate(blocks[1::3]):
        words = text[block.start : block.end].split(" ")
        for start_word, count in ((0, 4), (2, 1)):
            if len(words) <= start_word + count:
                continue
            start = block.start + len(" ".join(words[:start_word])) + (1 if start_word else 0)
            passage = " ".join(words[start_word : start_word + count]).rstrip(".,;:\"'")
            if sum(c.isalnum() for c in passage) < 2:
                continue
            span = Span(start, start + len(passage))
            party = document.parties[number % len(document.parties)].id
            change = AddQuote(span, party, "truce", Stance.SUPPORTS, None, QuoteKind.REPORTED, None)
            before = path.read_text(encoding="utf-8")
            path.write_text(apply_change(before, document, change), encoding="utf-8")
            loaded = load_document(path)
            quote = loaded.document.party(party).position_on("truce").quotes[-1]  # type: ignore[union-attr]
            assert quote.spans == (span,), passage
            path.write_text(before, encoding="utf-8")


def test_moving_an_elided_quote_keeps_its_elision(tmp_path: Path) -> None:
    from seeds import SEED_POSITIONS

    for name in (SEED_POSITIONS.name, "putin-ceasefire-conditions.md"):
        (tmp_path / name).write_bytes((SEED_POSITIONS.parent / name).read_bytes())
    path = tmp_path / SEED_POSITIONS.name
    # The seed files Zelensky's two halves as two quotes (issue 13); elide them into one.
    halves = (
        "          - text: doesn't say no directly\n"
        "            speaker: Volodymyr Zelensky\n"
        "            kind: direct\n"
        "          - text: in practice, he's preparing a rejection\n"
    )
    seed = path.read_text(encoding="utf-8")
    assert halves in seed
    elided = (
        "          - text: \"doesn't say no directly [...] in practice, he's preparing a "
        'rejection"\n'
    )
    path.write_text(seed.replace(halves, elided), encoding="utf-8")
    document = load_document(path).document
    position = document.party("ukraine").position_on("conditions")
    assert position is not None
    index, quote = next((i, q) for i, q in enumerate(position.quotes) if len(q.spans) == 2)
    first, last = quote.spans
    moved = Span(first.start + len("doesn't "), last.end)
    before = path.read_text(encoding="utf-8")
    after, loaded = save(path, before, MoveQuote("ukraine", "conditions", index, moved))
    assert "- text: say no directly [...] in practice, he's preparing a rejection" in after
    again = loaded.party("ukraine").position_on("conditions").quotes[index]  # type: ignore[union-attr]
    assert again.spans == (Span(moved.start, first.end), last)
    with pytest.raises(AuthoringError, match="cannot move past"):
        apply_change(
            after, loaded, MoveQuote("ukraine", "conditions", index, Span(last.start + 3, last.end))
        )


def test_a_file_all_in_flow_style_stays_in_flow_style(tmp_path: Path) -> None:
    flow = (
        "version: 1\narticle: {file: article.txt}\n"
        "topics: {truce: {title: The truce}}   # flow topics\n"
        "parties: {kyiv: {name: Kyiv, positions: {}}}\n"
    )
    path = write(tmp_path, flow)
    document = load_document(path).document
    span = span_of(document, "We will not retreat")
    text, _ = save(
        path,
        flow,
        AddQuote(span, "kyiv", "truce", Stance.SUPPORTS, None, QuoteKind.DIRECT, "Z", "s"),
    )
    text, _ = save(
        path,
        text,
        AddQuote(span, "Moscow", "Talks", Stance.OPPOSES, None, QuoteKind.DIRECT, None, "s"),
    )
    assert text.splitlines()[:2] == flow.splitlines()[:2]
    assert len(text.splitlines()) == 4  # every change made inside the flow lines
    text, loaded = save(path, text, RemoveQuote("kyiv", "truce", 0))
    assert loaded.party("kyiv").positions == ()
    assert "parties: {kyiv: {name: Kyiv, speakers: [Z]}, moscow: {" in text
