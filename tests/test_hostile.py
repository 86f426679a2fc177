"""Hostile and broken input: the corpus in tests/fixtures/hostile, each case with the exact
errors a user must see; hostile text that must load but stay inert; property tests."""

from __future__ import annotations

import io
import json
import os
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from positions.article import MAX_ARTICLE_BYTES
from positions.cli import main
from positions.diagnostics import LoadError
from positions.loader import load_document
from positions.yaml_source import _EDITOR_BREAK  # the line breaks an editor counts

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = sorted(p for p in (FIXTURES / "hostile").iterdir() if p.is_dir())
HOSTILE_TEXT = FIXTURES / "hostile_text" / "positions.yaml"
CONTROL = {chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]} - {"\n"}
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def run(argv: list[str], launch=None) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, launch=launch, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("case", CORPUS, ids=[p.name for p in CORPUS])
def test_corpus_case_gives_its_expected_errors(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    if (case / "strict").exists():
        # Warnings only: plain `check` passes and prints them; `--strict` gives expected.txt.
        status, _, err = run(["check", "positions.yaml"])
        assert status == 0
        warnings = expected.replace(": error: ", ": warning: ").rsplit("\n", 2)[0] + "\n"
        assert err == warnings
        status, out, err = run(["check", "--strict", "positions.yaml"])
        assert (status, out, err) == (1, "", expected)
        return
    for argv in (["check", "positions.yaml"], ["export", "positions.yaml"], ["positions.yaml"]):
        status, out, err = run(argv, launch=lambda loaded: pytest.fail("launched"))
        assert status == 1, argv
        assert out == "", argv
        assert err == expected, argv


def test_every_corpus_error_names_file_line_and_column() -> None:
    for case in CORPUS:
        lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
        *errors, total = lines
        assert errors, case.name
        for line in errors:
            name, row, col, rest = line.split(":", 3)
            assert name == "positions.yaml" and int(row) >= 1 and int(col) >= 1, line
            assert rest.startswith(" error: "), line
            assert not (CONTROL | BIDI) & set(line), repr(line)  # nothing drives the terminal
        assert total.startswith("positions.yaml: ") and " error" in total


def write_case(tmp_path: Path, article: bytes) -> Path:
    (tmp_path / "article.md").write_bytes(article)
    yaml_text = (FIXTURES / "hostile" / "article-empty" / "positions.yaml").read_text("utf-8")
    path = tmp_path / "positions.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    return path


def test_article_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = write_case(tmp_path, b"The idea is right. " * (MAX_ARTICLE_BYTES // 19 + 10))
    status, _, err = run(["check", str(path)])
    assert status == 1
    assert "the limit is 16" in err
    assert err.startswith(f"{path}:3:9: error: article article.md: ")


def test_one_line_five_megabyte_article_loads(tmp_path: Path) -> None:
    line = ("The idea is right " + "x" * 100 + " ") * (5 * 1024 * 1024 // 119)
    path = write_case(tmp_path, line.encode())
    doc = load_document(path).document
    assert len(doc.article.text) > 5_000_000
    assert len(doc.article.blocks) == 1


def test_unreadable_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_case(tmp_path, b"The idea is right.\n")
    if os.geteuid() == 0:  # root reads files whatever their mode: make the open fail instead
        real_open = os.open

        def deny(path, *args, **kwargs):  # type: ignore[no-untyped-def]
            if os.path.basename(path) == "article.md":
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", deny)
    else:
        (tmp_path / "article.md").chmod(0)
    status, _, err = run(["check", str(path)])
    assert status == 1
    assert err.startswith(f"{path}:3:9: error: article article.md: ")
    assert "permission" in err.lower()


def strings_of(value: object) -> list[str]:
    """Every string inside a loaded document (dataclasses, tuples, enums)."""
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif hasattr(item, "__dataclass_fields__"):
            stack.extend(getattr(item, name) for name in item.__dataclass_fields__)
    return found


def test_hostile_text_loads_with_markup_literal_and_no_controls() -> None:
    doc = load_document(HOSTILE_TEXT).document
    texts = strings_of(doc)
    for text in texts:
        assert not CONTROL & set(text), repr(text)
        assert not BIDI & set(text), repr(text)
    # Markup is text like any other: kept literally, not interpreted or escaped.
    assert doc.meta.title == "[@click=app.quit]Quit[/] [bold]title"
    assert doc.parties[0].name == "[@click=app.quit]Evil[/]"
    assert "[link=file:///etc/passwd]the files[/link]" in doc.article.text
    assert doc.meta.author == "Author"


def test_hostile_text_export_has_no_control_sequences() -> None:
    status, out, _ = run(["export", str(HOSTILE_TEXT), "--format", "json"])
    assert status == 0
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    data = json.loads(out)
    assert not (CONTROL | BIDI) & set(data["article"]["text"]) - {"\n"}


# -- properties -----------------------------------------------------------------------------

yaml_chars = st.sampled_from(list(string.printable + "\u201c\u201d\u2013é停\x1b\x00&*!|>-:[]{}#"))


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(yaml_chars, max_size=300))
def test_arbitrary_yaml_gives_a_model_or_clean_errors(tmp_path: Path, text: str) -> None:
    (tmp_path / "article.md").write_text("The idea is right.\n", encoding="utf-8")
    path = tmp_path / "positions.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_document(path)
    except LoadError as exc:
        assert exc.errors
        for d in exc.diagnostics:
            assert d.line >= 1 and d.col >= 1 and d.message
            assert not CONTROL & set(d.format())


@st.composite
def mutated_valid_files(draw: st.DrawFn) -> str:
    """A valid positions file with one line dropped, duplicated or changed."""
    base = (FIXTURES / "four_parties" / "positions.yaml").read_text(encoding="utf-8")
    lines = base.splitlines()
    i = draw(st.integers(0, len(lines) - 1))
    action = draw(st.sampled_from(["drop", "dup", "edit", "indent"]))
    if action == "drop":
        del lines[i]
    elif action == "dup":
        lines.insert(i, lines[i])
    elif action == "indent":
        lines[i] = " " + lines[i]
    else:
        lines[i] = lines[i] + draw(st.text(yaml_chars, max_size=8))
    return "\n".join(lines) + "\n"


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=mutated_valid_files())
def test_broken_edits_of_a_valid_file_give_a_model_or_clean_errors(
    tmp_path: Path, text: str
) -> None:
    article = FIXTURES / "four_parties" / "article.md"
    (tmp_path / "article.md").write_bytes(article.read_bytes())
    path = tmp_path / "positions.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        doc = load_document(path).document
    except LoadError as exc:
        assert exc.errors
        # Lines as an editor counts them: a lone "\r" breaks one (positions.yaml_source).
        lines = len(_EDITOR_BREAK.split(text))
        assert all(d.line <= lines for d in exc.diagnostics)
        return
    from positions.anchor import normalize

    for _, _, quote in doc.all_quotes():
        for span in quote.spans:
            passage = doc.article.text[span.start : span.end]
            assert normalize(passage) in normalize(quote.text)


def quote_grid(tmp_path: Path, quotes: int, *, flow: bool) -> Path:
    """A valid file with ``quotes`` quotes, 64 parties x 2,000 topics at most: block style,
    or (``flow``) one flow mapping over many lines, which no prefix cut at a line end
    composes on its own, so the walker's own count must refuse it."""
    (tmp_path / "article.md").write_text("The idea is right, said the minister.\n", "utf-8")
    lines = ["version: 1", "article: {file: article.md}", "topics:"]
    lines += [f"  t{i}: {{title: T{i}}}" for i in range(2_000)]
    per_party = -(-quotes // 64)
    parties = []
    for p in range(64):
        count = min(per_party, quotes - p * per_party)
        positions = ",\n    ".join(
            f"t{k}: {{stance: supports, summary: S, quotes: [{{text: The idea is right}}]}}"
            for k in range(max(count, 0))
        )
        parties.append(f"p{p}: {{name: P{p}, positions: {{{positions}}}}}")
    if flow:
        lines.append("parties: {" + ",\n  ".join(parties) + "}")
    else:
        lines.append("parties:")
        lines += [f"  {party}".replace("\n    ", " ") for party in parties]
    path = tmp_path / "positions.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("flow", [False, True], ids=["block", "flow"])
def test_a_file_with_more_than_ten_thousand_quotes_is_refused_at_the_first_past_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flow: bool
) -> None:
    # Loading costs about half a millisecond a quote; the limit keeps `check` of the
    # largest accepted file to a few seconds (README: limits, bench/hostile.py).
    quote_grid(tmp_path, 10_050, flow=flow)
    monkeypatch.chdir(tmp_path)
    status, out, err = run(["check", "positions.yaml"])
    assert status == 1 and out == ""
    first, total = err.splitlines()
    name, line, col, message = first.split(":", 3)
    assert name == "positions.yaml"
    assert message == " error: quotes: more than 10,000 quotes; at most 10,000 are supported"
    text = (tmp_path / "positions.yaml").read_text("utf-8")
    # The error points at the 10,001st quote: the 10,001st "{text:" of the file.
    offsets = [i for i in range(len(text)) if text.startswith("{text:", i)]
    assert len(offsets) == 10_050
    before = text[: offsets[10_000]]
    assert (int(line), int(col)) == (before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1)
    assert total == "positions.yaml: 1 error, 0 warnings"


def test_a_file_with_exactly_ten_thousand_quotes_loads(tmp_path: Path) -> None:
    loaded = load_document(quote_grid(tmp_path, 10_000, flow=False))
    assert len(loaded.document.all_quotes()) == 10_000
