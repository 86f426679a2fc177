"""Loading in two stages (issue 6): ``open_positions`` does every cheap check, ``Pending.link``
parses the article and anchors the quotes (with progress); ``Pending.preview`` shows the top
of the article before that.  And the command line's size rule: a small file is linked before
the reader opens, a large one is handed over to the reader still pending."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from positions.cli import main
from positions.diagnostics import LoadError
from positions.loader import (
    PREVIEW_CHARS,
    PROGRESS_EVERY,
    SEED_POSITIONS,
    Loaded,
    Pending,
    load_document,
    open_positions,
)
from positions.session import LINK_BEFORE_READER_CHARS, DocumentSession, Failed

FIXTURES = Path(__file__).parent / "fixtures"
FOUR = FIXTURES / "four_parties" / "positions.yaml"
CORPUS = sorted(
    p
    for p in (FIXTURES / "hostile").iterdir()
    if p.is_dir() and not (p / "strict").exists()  # warnings only: tests/test_hostile.py
)


def paragraph(number: int) -> str:
    """A paragraph of about 100 characters holding a unique word."""
    return (
        f"Paragraph {number}: the delegates met again and ref{number:06d} said the talks "
        "would go on next week."
    )


def write_case(
    folder: Path,
    *,
    paragraphs: int = 4000,
    quotes: int = 250,
    broken: str | None = None,
    bad_stance: bool = False,
) -> Path:
    """A positions file with a Markdown article of ``paragraphs`` paragraphs (about 100
    characters each) and ``quotes`` quotes split between two parties; ``broken`` adds a
    quote that is not in the article, ``bad_stance`` an error in the YAML itself."""
    folder.mkdir(parents=True, exist_ok=True)
    blocks = ["# A long hearing", *(paragraph(n) for n in range(paragraphs))]
    (folder / "article.md").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    step = max(1, paragraphs // max(1, quotes))
    texts = [f"ref{n * step:06d} said the talks" for n in range(quotes)]
    if broken is not None:
        texts.append(broken)
    halves = {"north": texts[::2], "south": texts[1::2]}
    lines = [
        "version: 1",
        "article:",
        "  file: article.md",
        "  title: A long hearing",
        "topics:",
        "  talks:",
        "    title: Talks",
        "parties:",
    ]
    for party, party_texts in halves.items():
        lines += [
            f"  {party}:",
            f"    name: {party.title()}land",
            "    positions:",
            "      talks:",
            f"        stance: {'maybe' if bad_stance and party == 'north' else 'supports'}",
            "        summary: Wants talks.",
            "        quotes:",
            *(f'          - text: "{text}"' for text in party_texts),
        ]
    path = folder / "positions.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*argv: str, launch=None) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), launch=launch, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


# --------------------------------------------------------------------------- the stages


@pytest.mark.parametrize("path", [SEED_POSITIONS, FOUR], ids=["seed", "four_parties"])
def test_open_then_link_is_load_document(path: Path) -> None:
    pending = open_positions(path)
    assert isinstance(pending, Pending)
    loaded = pending.link()
    assert isinstance(loaded, Loaded)
    assert loaded == load_document(path)
    assert loaded.document.linked
    # Pending is immutable: linking again gives the same result.
    assert pending.link() == loaded


@pytest.mark.parametrize("case", CORPUS, ids=[p.name for p in CORPUS])
def test_every_error_comes_from_one_stage_as_from_load_document(case: Path) -> None:
    with pytest.raises(LoadError) as whole:
        load_document(case / "positions.yaml")
    try:
        pending = open_positions(case / "positions.yaml")
    except LoadError as exc:
        staged = exc
    else:
        # Only linking can find these (quote anchoring, an article with no text).
        with pytest.raises(LoadError) as linking:
            pending.link()
        staged = linking.value
    assert staged.diagnostics == whole.value.diagnostics


def test_open_finds_the_cheap_errors(tmp_path: Path) -> None:
    path = write_case(tmp_path)
    (tmp_path / "article.md").write_bytes(b"caf\xe9 not utf-8")
    with pytest.raises(LoadError) as opened:
        open_positions(path)
    assert "not valid UTF-8" in str(opened.value)
    (tmp_path / "article.md").unlink()
    with pytest.raises(LoadError) as missing:
        open_positions(path)
    assert missing.value.diagnostics == load_document_errors(path)


def load_document_errors(path: Path) -> list[object]:
    with pytest.raises(LoadError) as exc:
        load_document(path)
    return list(exc.value.diagnostics)


def test_a_file_with_errors_of_its_own_reports_the_quote_errors_too(tmp_path: Path) -> None:
    # The YAML is wrong and a quote is missing: opening reports both, as check does.
    path = write_case(tmp_path, paragraphs=4000, broken="words nowhere in it", bad_stance=True)
    with pytest.raises(LoadError) as exc:
        open_positions(path)
    messages = [d.message for d in exc.value.errors]
    assert any("stance" in m for m in messages)
    assert any("quote not found" in m for m in messages)
    assert exc.value.diagnostics == load_document_errors(path)


def test_link_reports_progress_every_hundred_quotes(tmp_path: Path) -> None:
    pending = open_positions(write_case(tmp_path, quotes=250))
    assert pending.quote_count == 250
    calls: list[tuple[int, int]] = []
    loaded = pending.link(lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 250)
    assert calls[-1] == (250, 250)
    assert [done for done, _ in calls[1:-1]] == [100, 200]
    assert PROGRESS_EVERY == 100
    assert len(loaded.document.all_quotes()) == 250


def test_link_errors_are_those_of_load_document(tmp_path: Path) -> None:
    path = write_case(tmp_path, broken="words nowhere in the article")
    pending = open_positions(path)  # the YAML is fine: opening succeeds
    with pytest.raises(LoadError) as exc:
        pending.link()
    assert exc.value.diagnostics == load_document_errors(path)
    assert "quote not found" in exc.value.errors[0].message


def test_preview_is_the_top_of_the_article_with_no_quote_linked(tmp_path: Path) -> None:
    pending = open_positions(write_case(tmp_path, paragraphs=4000, quotes=250))
    assert pending.article_chars > LINK_BEFORE_READER_CHARS
    preview = pending.preview()
    loaded = pending.link().document
    assert not preview.linked and loaded.linked
    text = preview.article.text
    assert 0 < len(text) <= PREVIEW_CHARS
    assert loaded.article.text.startswith(text)  # cut at a blank line: the same blocks
    assert preview.article.blocks == loaded.article.blocks[: len(preview.article.blocks)]
    assert (preview.title, preview.meta, preview.topics) == (
        loaded.title,
        loaded.meta,
        loaded.topics,
    )
    assert [p.id for p in preview.parties] == [p.id for p in loaded.parties]
    quotes = preview.all_quotes()
    assert [q.text for _, _, q in quotes] == [q.text for _, _, q in loaded.all_quotes()]
    assert all(q.spans == () and not q.linked for _, _, q in quotes)
    assert [(p.stance, p.summary) for p in preview.parties[0].positions] == [
        (p.stance, p.summary) for p in loaded.parties[0].positions
    ]


def test_preview_of_a_small_article_is_all_of_it() -> None:
    pending = open_positions(FOUR)
    preview = pending.preview()
    assert preview.article.text == pending.link().document.article.text
    assert not preview.linked


def test_loading_needs_rapidfuzz_only_for_a_quote_not_found() -> None:
    # rapidfuzz finds the closest passage for an error message: not imported otherwise.
    code = (
        "import sys\n"
        "from positions.loader import SEED_POSITIONS, load_document\n"
        "load_document(SEED_POSITIONS)\n"
        "print(sorted(m for m in ('rapidfuzz',) if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# ------------------------------------------------------------------ the size rule (cli)


def test_a_small_file_is_linked_before_the_reader_opens() -> None:
    seen: list[object] = []
    status, _, err = run(str(FOUR), launch=lambda session: seen.append(session) or 0)
    assert status == 0, err
    (session,) = seen
    assert isinstance(session, DocumentSession)
    assert session.ready is not None and not session.linking  # linked already


def test_a_small_file_with_a_quote_error_never_opens_the_reader(tmp_path: Path) -> None:
    path = write_case(tmp_path, paragraphs=100, quotes=20, broken="words nowhere in it")
    status, out, err = run(str(path), launch=lambda opened: pytest.fail("launched"))
    assert status == 1 and out == ""
    assert "quote not found in the article" in err
    assert err.splitlines()[-1] == f"{path}: 1 error, 0 warnings"


def test_a_large_file_opens_at_once_and_is_linked_in_the_reader(tmp_path: Path) -> None:
    path = write_case(tmp_path, paragraphs=4000, broken="words nowhere in it")
    seen: list[object] = []
    status, out, err = run(str(path), launch=lambda opened: seen.append(opened) or 5)
    assert status == 5
    assert (out, err) == ("", "")  # the quote error is the reader's to show
    (session,) = seen
    assert isinstance(session, DocumentSession)
    assert session.linking and session.ready is None
    assert not session.document.linked  # the preview
    outcome = session.link()
    assert isinstance(outcome, Failed)
    assert any("quote not found" in d.message for d in outcome.errors)


def test_a_large_file_with_errors_of_its_own_never_opens_the_reader(tmp_path: Path) -> None:
    path = write_case(tmp_path, paragraphs=4000, broken="words nowhere in it", bad_stance=True)
    status, _, err = run(str(path), launch=lambda opened: pytest.fail("launched"))
    assert status == 1
    # Every error, the quote's included, before any screen: as check prints them.
    check_status, _, check_err = run("check", str(path))
    assert (status, err) == (check_status, check_err)
