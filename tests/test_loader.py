"""The positions file loader: the seed, the four-party fixture, and every error kind with its
line and column."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest

from positions.diagnostics import LoadError, Severity
from positions.loader import SEED_POSITIONS, load_document
from positions.model import QuoteKind, Stance

FIXTURES = Path(__file__).parent / "fixtures"
FOUR = FIXTURES / "four_parties" / "positions.yaml"

ARTICLE = "The idea is right, said the minister. \u201cWe want peace.\u201d We want peace.\n"

VALID = """\
version: 1
article:
  file: article.txt
topics:
  truce:
    title: Truce
parties:
  east:
    name: East
    positions:
      truce:
        stance: supports
        summary: Wants it.
        quotes:
          - text: The idea is right
"""


def write(tmp_path: Path, yaml_text: str, article: str = ARTICLE) -> Path:
    """A positions file (and its article) in ``tmp_path``."""
    (tmp_path / "article.txt").write_text(article, encoding="utf-8")
    path = tmp_path / "positions.yaml"
    path.write_text(textwrap.dedent(yaml_text), encoding="utf-8")
    return path


def errors_of(path: Path) -> list[str]:
    """Every formatted error loading ``path`` raises (fails the test if it loads)."""
    with pytest.raises(LoadError) as info:
        load_document(path)
    return [d.format() for d in info.value.errors]


def only_error(path: Path) -> str:
    errors = errors_of(path)
    assert len(errors) == 1, errors
    return errors[0]


# -- the seed and the fixture -------------------------------------------------------------


def test_seed_loads_with_every_quote_anchored_and_no_warnings() -> None:
    loaded = load_document(SEED_POSITIONS)
    doc = loaded.document
    assert loaded.warnings == []
    assert [p.id for p in doc.parties] == ["ukraine", "russia", "united-states"]
    assert len(doc.topics) >= 8
    text = doc.article.text
    for _, _, quote in doc.all_quotes():
        for span in quote.spans:
            assert 0 <= span.start < span.end <= len(text)
            assert not text[span.start].isspace() and not text[span.end - 1].isspace()
    # The seed's mojibake is repaired on load.
    assert "â€" not in text
    assert "Then a question \u2013 how will that be controlled?" in text


def test_seed_silences_stay_silences() -> None:
    doc = load_document(SEED_POSITIONS).document
    us = doc.party("united-states")
    assert us.position_on("kursk") is None


def test_four_party_fixture_anchors_every_rule() -> None:
    doc = load_document(FOUR).document
    text = doc.article.text
    assert [p.id for p in doc.parties] == ["northtown", "southbank", "eastfield", "westmarch"]

    def quote(party: str, topic: str, index: int = 0):  # type: ignore[no-untyped-def]
        position = doc.party(party).position_on(topic)
        assert position is not None
        return position.quotes[index]

    # Straight quotes in the YAML, curly in the article, across a soft line break.
    q = quote("northtown", "bridge")
    passage = text[q.start : q.end]
    assert passage.startswith("We will open") and passage.endswith("stops first.")
    assert "\n" not in passage  # the soft break became a space
    # Across a Markdown link: the link text is part of the article's text, its URL is not.
    q = quote("southbank", "bridge")
    assert text[q.start : q.end] == (
        "would never accept a bridge under foreign guard, and called the offer \u201ca trap\u201d"
    )
    assert "example.org" not in text
    # A repeated quote: occurrence 2 picks the second.
    q = quote("eastfield", "bridge")
    first = text.find("Nobody has asked the farmers")
    assert q.start == text.find("Nobody has asked the farmers", first + 1) > first
    # Mojibake repaired, so the quote with real en dashes matches.
    q = quote("westmarch", "bridge")
    assert "\u2013 in his words \u2013" in text[q.start : q.end]
    # An elision: two fragments, two spans, in order.
    q = quote("westmarch", "monitors")
    assert [text[s.start : s.end] for s in q.spans] == [
        "He proposed an observer mission",
        "and said",
    ]
    assert q.kind is QuoteKind.REPORTED
    assert doc.party("westmarch").position_on("monitors").stance is Stance.SUPPORTS  # type: ignore[union-attr]
    # Positions come out in topic order even when the file lists them otherwise.
    assert [p.topic_id for p in doc.party("northtown").positions] == ["bridge", "barges"]


def test_minimal_valid_file_loads(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, VALID)).document
    (quote,) = doc.parties[0].positions[0].quotes
    assert doc.article.text[quote.start : quote.end] == "The idea is right"


# -- errors, each with its line and column ------------------------------------------------


def test_yaml_syntax_error_points_at_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("    title: Truce", "    title: [Truce"))
    assert only_error(path).startswith(f"{path}:")
    assert ": error: YAML syntax:" in only_error(path)
    line = int(only_error(path).split(":")[1])
    assert 6 <= line <= 8


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("    name: East", "    name: East\n    speakrs: [A]"))
    assert only_error(path) == (
        f'{path}:10:5: error: party "east": unknown key "speakrs"; did you mean "speakers"? '
        "(expected: name, color, speakers, positions)"
    )


@pytest.mark.parametrize(
    ("original", "duplicated", "line"),
    [
        ("version: 1\n", "version: 1\nversion: 1\n", 2),
        ("    title: Truce\n", "    title: Truce\n    title: Again\n", 7),
        ("  east:\n    name: East\n", "  east:\n    name: East\n    name: West\n", 10),
        (
            "          - text: The idea is right\n",
            "          - text: The idea is right\n            text: The idea\n",
            16,
        ),
    ],
    ids=["top", "topic", "party", "quote"],
)
def test_duplicate_keys_are_errors_at_every_level(
    tmp_path: Path, original: str, duplicated: str, line: int
) -> None:
    path = write(tmp_path, VALID.replace(original, duplicated))
    error = only_error(path)
    assert error.startswith(f"{path}:{line}:")
    assert "duplicate key" in error


def test_duplicate_party_id_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "  east:\n    name: East again\n")
    assert 'duplicate key "east" (first given on line 8)' in only_error(path)


def test_missing_required_fields_each_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID.replace("    title: Truce\n", "    question: Truce?\n").replace(
            "        summary: Wants it.\n", ""
        ),
    )
    errors = errors_of(path)
    assert any('topic "truce": missing required key "title"' in e for e in errors)
    assert any('missing required key "summary"' in e for e in errors)
    assert len(errors) == 2


def test_number_where_text_belongs(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("    title: Truce", "    title: 2025"))
    assert only_error(path) == (
        f'{path}:6:12: error: topic "truce" title must be text, not a number (put it in quotes)'
    )


def test_list_where_mapping_belongs(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID.replace("    name: East\n", "    name: East\n    positions: [truce]\n", 1).replace(
            "    positions:\n      truce:", "    extra:\n      truce:"
        ),
    )
    errors = errors_of(path)
    assert any("positions must be a mapping (key: value lines), not a list" in e for e in errors)


def test_empty_string_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("title: Truce", 'title: "  "'))
    assert "title must not be empty" in only_error(path)


def test_empty_summary_is_a_warning(tmp_path: Path) -> None:
    # A quote coded in the reader may leave the summary for later (issue 14).
    path = write(tmp_path, VALID.replace("summary: Wants it.", 'summary: ""'))
    loaded = load_document(path)
    assert [w.message for w in loaded.warnings] == [
        'position of "east" on "truce": summary is empty; say what the party holds'
    ]
    with pytest.raises(LoadError):
        load_document(path, strict=True)


def test_stance_outside_vocabulary(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("stance: supports", "stance: suports"))
    assert only_error(path) == (
        f'{path}:12:17: error: position of "east" on "truce": stance "suports" is not one of '
        'supports, opposes, conditional, undecided; did you mean "supports"?'
    )


def test_unknown_topic_id(tmp_path: Path) -> None:
    path = write(
        tmp_path, VALID.replace("      truce:\n        stance", "      truse:\n        stance")
    )
    assert (
        only_error(path)
        == f'{path}:11:7: error: party "east": unknown topic "truse"; did you mean "truce"?'
    )


@pytest.mark.parametrize(
    ("occurrence", "message"),
    [
        ("0", "occurrence must be 1 or more (1 is the first match), not 0"),
        ("-2", "occurrence must be 1 or more (1 is the first match), not -2"),
        ("3", "occurrence 3"),
        ("two", "occurrence must be a whole number, not text"),
    ],
)
def test_bad_occurrence(tmp_path: Path, occurrence: str, message: str) -> None:
    text = VALID.replace(
        "- text: The idea is right", f"- text: We want peace.\n            occurrence: {occurrence}"
    )
    error = only_error(write(tmp_path, text))
    assert message in error
    assert ":16:25: error:" in error


def test_quote_not_found_names_the_closest_passage(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("The idea is right", "The idea is rigth"))
    error = only_error(path)
    assert error.startswith(f"{path}:15:19: error: ")
    assert "not found" in error and "The idea is right" in error


def test_case_matters_in_quotes(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("The idea is right", "the idea is right"))
    assert "not found" in only_error(path)


def test_repeated_quote_warns_and_links_the_first(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("The idea is right", "We want peace."))
    loaded = load_document(path)
    (warning,) = loaded.warnings
    assert warning.severity is Severity.WARNING
    assert warning.format().startswith(f"{path}:15:19: warning: quote appears 2 times")
    (quote,) = loaded.document.parties[0].positions[0].quotes
    assert quote.start == loaded.document.article.text.find("We want peace")
    with pytest.raises(LoadError):
        load_document(path, strict=True)


def test_every_error_is_reported_not_only_the_first(tmp_path: Path) -> None:
    text = (
        VALID.replace("stance: supports", "stance: maybe")
        .replace("The idea is right", "Not in the article")
        .replace("    name: East", "    name: East\n    colour: red")
    )
    errors = errors_of(write(tmp_path, text))
    assert len(errors) == 3
    lines = [int(e.split(":")[1]) for e in errors]
    assert lines == sorted(lines)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the positions file is empty"),
        ("# only a comment\n", "the positions file is empty"),
        ("- a\n- b\n", "the positions file must be a mapping (key: value lines), not a list"),
        ("version: 2\n" + VALID.split("\n", 1)[1], "version 2 is not supported"),
    ],
    ids=["empty", "comment-only", "top-level-list", "version"],
)
def test_bad_top_level(tmp_path: Path, content: str, message: str) -> None:
    assert message in only_error(write(tmp_path, content))


def test_aliases_are_refused_where_they_stand(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    error = only_error(write(tmp_path, bomb + VALID))
    assert ":2:8: error: YAML aliases (*name) are not supported" in error


def test_python_tags_are_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID.replace("    title: Truce", "    title: !!python/object/apply:os.system [echo hi]"),
    )
    assert "the tag !!python/object/apply:os.system is not allowed" in only_error(path)


def test_missing_article_is_an_error_at_the_file_key(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("file: article.txt", "file: missing.md"))
    error = only_error(path)
    assert error.startswith(f"{path}:3:9: error: article missing.md: ")


def test_not_utf8_positions_file(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    path.write_bytes(VALID.replace("Wants it.", "Wants it \xe9.").encode("latin-1"))
    assert "not valid UTF-8" in only_error(path)
    assert only_error(path).startswith(f"{path}:13:")


def test_missing_positions_file(tmp_path: Path) -> None:
    assert (
        only_error(tmp_path / "nope.yaml") == f"{tmp_path / 'nope.yaml'}:1:1: error: file not found"
    )


def test_control_characters_in_yaml_text_are_stripped(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("summary: Wants it.", 'summary: "Wants\\x1b[2J it\\x07."'))
    summary = load_document(path).document.parties[0].positions[0].summary
    assert "\x1b" not in summary and "\x07" not in summary
    assert summary.startswith("Wants") and summary.endswith("it.")


def test_a_stance_reads_as_glyph_and_word() -> None:
    assert [s.label for s in Stance] == [
        "✔ supports",
        "✘ opposes",
        "◐ conditional",
        "? undecided",
    ]


# -- party colours ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ('"#C8102E"', "#c8102e"),
        ('"#abc"', "#aabbcc"),
        ("Crimson", "#dc143c"),
        ("rebeccapurple", "#663399"),
        ('"rgb(200, 16, 46)"', "#c8102e"),
        ('"rgb(100% 0% 0%)"', "#ff0000"),
        ('"hsl(120, 100%, 25%)"', "#008000"),
    ],
)
def test_party_colour_is_normalised_once_at_load(tmp_path: Path, given: str, expected: str) -> None:
    path = write(
        tmp_path, VALID.replace("    name: East\n", f"    name: East\n    color: {given}\n")
    )
    loaded = load_document(path)
    assert loaded.document.parties[0].color == expected
    assert loaded.warnings == []


@pytest.mark.parametrize("given", ['"#zzzzzz"', '"red;background:url(x)"', "ansi_red"])
def test_a_colour_that_is_not_one_warns_at_its_place_and_never_reaches_an_export(
    tmp_path: Path, given: str
) -> None:
    from positions.cli import main

    path = write(
        tmp_path, VALID.replace("    name: East\n", f"    name: East\n    color: {given}\n")
    )
    loaded = load_document(path)
    raw = given.strip('"')
    assert [w.format() for w in loaded.warnings] == [
        f'{path}:10:12: warning: party "east" color "{raw}" is not a colour (use #rrggbb, '
        "#rgb, a CSS colour name, rgb(...) or hsl(...)); the palette colour is used"
    ]
    assert loaded.document.parties[0].color is None
    for fmt in ("json", "html", "md", "csv"):
        out, err = io.StringIO(), io.StringIO()
        assert main(["export", str(path), "-f", fmt], out=out, err=err) == 0
        assert raw not in out.getvalue(), fmt
        assert "is not a colour" in err.getvalue()
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", "--strict", str(path)], out=out, err=err) == 1
    assert f'{path}:10:12: error: party "east" color' in err.getvalue()


def test_title_is_the_headline_verbatim_else_says_there_is_none(tmp_path: Path) -> None:
    titled = VALID.replace("  file: article.txt\n", "  file: article.txt\n  title: Talks [on]\n")
    document = load_document(write(tmp_path, titled)).document
    assert (document.headline, document.title) == ("Talks [on]", "Talks [on]")
    document = load_document(write(tmp_path, VALID)).document
    assert document.headline is None
    assert document.title == "No headline · “The idea is right, said the minister. “We…”"
    byline = VALID.replace(
        "  file: article.txt\n", "  file: article.txt\n  author: A. Reporter\n  date: 2025-03-13\n"
    )
    document = load_document(write(tmp_path, byline, article="The idea is right.\n")).document
    assert document.title == "No headline · A. Reporter · 2025-03-13 · “The idea is right.”"


def test_the_untitled_name_quotes_the_prose_not_the_byline_lines_above_it(tmp_path: Path) -> None:
    byline = "A. Reporter\n\nReporting from Kyiv, Ukraine\n\n"
    prose = "The idea is right, said the minister.\n"
    document = load_document(write(tmp_path, VALID, article=byline + prose)).document
    assert document.opening == "“The idea is right, said the minister.”"
    # a short line that ends a sentence, or a Markdown heading, is the article's own text
    for first in ("Talks resume.", "# Talks resume"):
        article = f"{first}\n\n{prose}"
        document = load_document(write(tmp_path, VALID, article=article)).document
        assert document.opening.startswith(f"“{first} The idea"), first
    # nothing but short lines: they are all there is to name it by
    empty = "version: 1\narticle:\n  file: article.txt\ntopics: {}\nparties: {}\n"
    document = load_document(write(tmp_path, empty, article="Kyiv\n\nUkraine\n")).document
    assert document.opening == "“Kyiv Ukraine”"


def test_a_long_run_without_spaces_is_cut_in_the_untitled_name(tmp_path: Path) -> None:
    article = "x" * 500 + " The idea is right\n"
    document = load_document(write(tmp_path, VALID, article=article)).document
    assert document.title == "No headline · “" + "x" * 60 + "…”"
