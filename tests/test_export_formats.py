"""What each export holds, the --topics/--parties filters, determinism and atomic writes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from positions import fsutil
from positions.cli import main
from positions.export import FORMATS, SelectionError, select
from positions.export.as_csv import HEADER
from positions.export.common import ELISION
from positions.loader import SEED_POSITIONS, load_document
from positions.model import Document

FOUR = Path(__file__).parent / "fixtures" / "four_parties" / "positions.yaml"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def export(path: Path, fmt: str, *extra: str) -> str:
    status, out, err = run("export", str(path), "--format", fmt, *extra)
    assert status == 0, err
    return out


@pytest.fixture(scope="module")
def seed() -> Document:
    return load_document(SEED_POSITIONS).document


@pytest.fixture(scope="module")
def four() -> Document:
    return load_document(FOUR).document


def export_schema() -> dict[str, Any]:
    text = resources.files("positions").joinpath("export.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


# --- JSON ---------------------------------------------------------------------------------


def test_export_schema_is_valid_draft_2020_12() -> None:
    schema = export_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", [SEED_POSITIONS, FOUR], ids=["seed", "four_parties"])
def test_json_export_validates_against_the_shipped_schema(path: Path) -> None:
    data = json.loads(export(path, "json"))
    jsonschema.Draft202012Validator(export_schema()).validate(data)


def test_the_schema_rejects_what_it_should() -> None:
    data = json.loads(export(FOUR, "json"))
    validator = jsonschema.Draft202012Validator(export_schema())
    quote = data["positions"][0]["quotes"][0]
    del quote["selectors"][0][0]["prefix"]
    assert not validator.is_valid(data)


@pytest.mark.parametrize("path", [SEED_POSITIONS, FOUR], ids=["seed", "four_parties"])
def test_json_selectors_re_anchor_every_span(path: Path) -> None:
    data = json.loads(export(path, "json"))
    text = data["article"]["text"]
    quotes = [q for p in data["positions"] for q in p["quotes"]]
    assert quotes
    for quote in quotes:
        assert len(quote["selectors"]) == len(quote["spans"])
        for (start, end), (by_quote, by_position) in zip(
            quote["spans"], quote["selectors"], strict=True
        ):
            assert by_position == {"type": "TextPositionSelector", "start": start, "end": end}
            assert by_quote == {
                "type": "TextQuoteSelector",
                "exact": text[start:end],
                "prefix": text[max(0, start - 32) : start],
                "suffix": text[end : end + 32],
            }
            # the selector finds the passage on its own, as an annotation tool would
            found = text.find(by_quote["prefix"] + by_quote["exact"] + by_quote["suffix"])
            assert found + len(by_quote["prefix"]) == start


def test_json_prefix_and_suffix_are_32_characters_away_from_the_edges(four: Document) -> None:
    data = json.loads(export(FOUR, "json"))
    by_text = {q["text"]: q for p in data["positions"] for q in p["quotes"]}
    mayor = by_text["We will open the bridge at dawn, but only if the shelling stops first."]
    tq = mayor["selectors"][0][0]
    assert len(tq["prefix"]) == len(tq["suffix"]) == 32
    assert tq["prefix"] == "e mayor of Northtown said on Monday: “"[-32:]
    barges = by_text["Both sides agree that the river must stay open to grain barges."]
    assert barges["selectors"][0][0]["suffix"] == ""  # the article's last words


# --- CSV ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [SEED_POSITIONS, FOUR], ids=["seed", "four_parties"])
def test_csv_has_one_row_per_quote_that_re_anchors(path: Path) -> None:
    document = load_document(path).document
    raw = export(path, "csv")
    assert raw.endswith("\r\n") and raw.count("\n") == raw.count("\r\n")
    assert raw.startswith("\ufeffparty,")  # a BOM: Excel reads the file as UTF-8
    rows = list(csv.reader(io.StringIO(raw.removeprefix("\ufeff"), newline="")))
    assert tuple(rows[0]) == HEADER
    quotes = document.all_quotes()
    assert len(rows) == len(quotes) + 1
    text = document.article.text
    for row, (party, position, quote) in zip(rows[1:], quotes, strict=True):
        record = dict(zip(HEADER, row, strict=True))
        assert record["party"] == party.id and record["topic"] == position.topic_id
        assert record["stance"] == position.stance.value
        assert record["basis"] == position.basis.value
        assert record["kind"] == quote.kind.value
        assert record["speaker"] == (quote.speaker or "")
        start, end = int(record["start"]), int(record["end"])
        assert (start, end) == (quote.spans[0].start, quote.spans[-1].end)
        fragments = record["quote"].removeprefix("'").split(ELISION)
        assert len(fragments) == len(quote.spans)
        assert text[start:end].startswith(fragments[0]) and text[start:end].endswith(fragments[-1])
        assert int(record["paragraph"]) == document.article.paragraph_number(start)


def test_csv_file_starts_with_a_utf8_byte_order_mark(tmp_path: Path) -> None:
    """Excel on Windows reads a CSV without a BOM in the local code page (â€œ for “)."""
    out = tmp_path / "quotes.csv"
    export(FOUR, "csv", "-o", str(out))
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfparty,") and data.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == HEADER
    assert any("“" in cell or "’" in cell for row in rows for cell in row)


def test_csv_elided_quote_spans_from_first_start_to_last_end(four: Document) -> None:
    raw = export(FOUR, "csv").removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    (elided,) = [r for r in rows if r["topic"] == "monitors"]
    assert elided["quote"] == "He proposed an observer mission […] and said"
    assert (elided["start"], elided["end"], elided["paragraph"]) == ("533", "589", "6")
    assert four.article.text[533:589] == "He proposed an observer mission of 200 monitors and said"


# --- Markdown -----------------------------------------------------------------------------


def test_markdown_holds_the_whole_comparison(seed: Document) -> None:
    md = export(SEED_POSITIONS, "md")
    # the seed's article has no headline: the title says so rather than invent one
    assert md.startswith(
        "# No headline · James Landale · BBC News · 2025-03-13 · “Russian President Vladimir "
        "Putin said he agreed with…”\n"
    )
    assert "**Source:** BBC News · **Author:** James Landale · **Date:** 2025-03-13" in md
    matrix = [line for line in md.split("## Topics")[0].splitlines() if line.startswith("| ")]
    assert matrix[0] == "| Topic | Ukraine | Russia | United States | Agreement |"
    assert "| Kursk | · no stated position | ✔ supports ○ | · no stated position | 1 Only " in md
    assert len(matrix) == 2 + len(seed.topics)  # header, separator, one row per topic
    # every quote, verbatim from the article, with its speaker and paragraph
    assert "- “We are in favour of it, but there are nuances.” — Vladimir Putin, paragraph 11" in md
    assert "- “which Ukraine agreed to earlier this week after talks with the US” — reported" in md
    assert md.count("\n- “") == len(seed.all_quotes())
    assert "- **≠ Split:** The 30-day ceasefire; Conditions and monitoring; Quick truce" in md
    assert "- **1 Only one party spoke:** Kursk (Russia); Territory (United States)" in md
    assert "- **Ukraine:** Kursk; NATO; Territory; Direct Russia-US talks" in md
    assert "- **Russia:** Sanctions on Russia; Territory" in md
    assert "- **United States:** Conditions and monitoring; Quick truce first or one single " in md


# --- basis and balance --------------------------------------------------------------------


def test_every_export_says_how_each_stance_is_known(seed: Document) -> None:
    """The word beside every stance in the topics, the mark in the matrix (with a legend),
    a CSV column, and positions[].basis in JSON."""
    md = export(SEED_POSITIONS, "md")
    assert "#### Russia: ✘ opposes · ◇ reported" in md  # NATO: only the BBC's analysis
    assert "#### United States: ✘ opposes · ○ implied" in md
    assert "#### United States: ✔ supports · ▲ action" in md
    assert "| NATO | · no stated position | ✘ opposes ◇ | ✘ opposes ○ | = Agree |" in md
    assert "● stated: the party's own words answer the question" in md
    assert md.count("#### ") == sum(len(p.positions) for p in seed.parties)
    assert md.count(" · ● stated\n") == 5  # stated only where the party's words answer
    page = export(SEED_POSITIONS, "html")
    assert '<span class="stance">✘ opposes · ◇ reported</span>' in page
    assert 'title="implied: the editor&#x27;s reading of what the party said"' in page
    assert "<li>▲ action: inferred from what the party did</li>" in page
    rows = list(csv.DictReader(io.StringIO(export(SEED_POSITIONS, "csv").removeprefix("\ufeff"))))
    assert {(r["party"], r["topic"]): r["basis"] for r in rows}[("russia", "kursk")] == "implied"
    data = json.loads(export(SEED_POSITIONS, "json"))
    bases = {(p["party"], p["topic"]): p["basis"] for p in data["positions"]}
    assert bases == {
        (p.party_id, p.topic_id): p.basis.value for party in seed.parties for p in party.positions
    }
    assert bases[("united-states", "sanctions")] == "action"


def test_json_balance_is_one_object_per_party_in_file_order() -> None:
    data = json.loads(export(SEED_POSITIONS, "json"))
    assert [b["party"] for b in data["balance"]] == ["ukraine", "russia", "united-states"]
    assert data["balance"][0] == {
        "party": "ukraine",
        "positions": 4,
        "silences": 4,
        "quotes": {"direct": 5, "reported": 4},
        "words": 89,
        "basis": {"stated": 0, "implied": 1, "action": 1, "reported": 2},
    }
    keys = ["party", "positions", "silences", "quotes", "words", "basis"]
    assert list(data["balance"][1]) == keys
    # the figures agree with the positions and silences the export lists
    for row in data["balance"]:
        mine = [p for p in data["positions"] if p["party"] == row["party"]]
        assert row["positions"] == len(mine) == sum(row["basis"].values())
        assert row["silences"] == sum(s["party"] == row["party"] for s in data["silences"])
        quotes = [q for p in mine for q in p["quotes"]]
        assert row["quotes"]["direct"] + row["quotes"]["reported"] == len(quotes)


def test_json_balance_follows_the_filters() -> None:
    data = json.loads(export(SEED_POSITIONS, "json", "--parties", "russia", "--topics", "nato"))
    assert data["balance"] == [
        {
            "party": "russia",
            "positions": 1,
            "silences": 0,
            "quotes": {"direct": 0, "reported": 1},
            "words": 19,  # "Russia, equally, believes ... sovereignty."
            "basis": {"stated": 0, "implied": 0, "action": 0, "reported": 1},
        }
    ]


def test_markdown_and_html_balance_read_without_colour() -> None:
    md = export(SEED_POSITIONS, "md")
    balance = md[md.index("## Balance") :]
    assert "| Russia | 6 | 2 | 11 | 4 | 225 | █████░░░░░ 51% |" in balance
    assert "| Ukraine | 0 | 1 | 1 | 2 |" in balance  # by basis: no stance in its own words
    assert "**Only one party has a position:** Kursk (Russia); Territory (United States)" in md
    page = export(SEED_POSITIONS, "html")
    section = page[page.index('<section id="balance">') :]
    assert '<td class="bar">█████░░░░░ 51%</td>' in section
    assert '<a href="#t-4">Kursk</a> (Russia); <a href="#t-7">Territory</a> (United States)' in (
        section
    )


def test_share_bar_rounds_cells_and_percent() -> None:
    from positions.balance import share_bar

    assert share_bar(0.0) == "░░░░░░░░░░ 0%"
    assert share_bar(0.52) == "█████░░░░░ 52%"
    assert share_bar(0.56) == "██████░░░░ 56%"
    assert share_bar(1.0) == "██████████ 100%"
    assert share_bar(0.5, cells=4) == "██░░ 50%"


# --- filters ------------------------------------------------------------------------------


def test_filters_keep_only_the_given_ids_in_file_order() -> None:
    data = json.loads(
        export(SEED_POSITIONS, "json", "--topics", "nato, kursk", "--parties", "russia,ukraine")
    )
    assert [t["id"] for t in data["topics"]] == ["kursk", "nato"]
    assert [p["id"] for p in data["parties"]] == ["ukraine", "russia"]
    assert {(p["party"], p["topic"]) for p in data["positions"]} == {
        ("russia", "kursk"),
        ("russia", "nato"),
    }
    assert data["silences"] == [
        {"party": "ukraine", "topic": "kursk"},
        {"party": "ukraine", "topic": "nato"},
    ]


@pytest.mark.parametrize("fmt", ["md", "csv", "html"])
def test_filters_apply_to_every_format(fmt: str) -> None:
    out = export(SEED_POSITIONS, fmt, "--topics", "territory", "--parties", "united-states")
    summary = out.split('<section id="article">')[0]
    assert "Territory" in summary or "territory" in summary
    for absent in ("Kursk", "Ukraine:", "Russia:", "russia", "manipulative"):
        assert absent not in summary
    if fmt == "html":  # the whole article, but only the selected quotes highlighted
        assert out.count('<mark id="q-') == 2 and "Sudzha" in out


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--topics", "kursks", 'unknown topic "kursks"; did you mean "kursk"?'),
        ("--parties", "Russia", 'unknown party "Russia"; did you mean "russia"?'),
        ("--parties", "nobody", 'unknown party "nobody" (known: ukraine, russia, united-states)'),
        ("--topics", " , ", "no topic id given"),
    ],
)
def test_unknown_filter_id_is_an_error_with_a_hint(
    tmp_path: Path, option: str, value: str, expected: str
) -> None:
    target = tmp_path / "out.md"
    status, out, err = run("export", str(SEED_POSITIONS), "-f", "md", option, value)
    assert status == 1 and out == ""
    assert err.startswith("ceasefire-tui: error: ") and expected in err
    assert "Traceback" not in err
    status, _, err = run("export", str(SEED_POSITIONS), option, value, "-o", str(target))
    assert status == 1 and not target.exists()


def test_select_reports_every_unknown_id(seed: Document) -> None:
    with pytest.raises(SelectionError) as caught:
        select(seed, ["truce", "kursks"], ["russa", "ukraine", "usa"])
    assert len(caught.value.problems) == 3


# --- determinism and writes ---------------------------------------------------------------


def test_every_format_is_byte_identical_across_processes(tmp_path: Path) -> None:
    """Two fresh interpreters with different hash seeds write the same bytes (no set or
    dict order, time or path leaks into an export)."""
    code = (
        "import sys\nfrom positions.cli import main\n"
        "for fmt in ('md', 'html', 'json', 'csv'):\n"
        "    for path in sys.argv[2:]:\n"
        "        name = path.replace('/', '_')\n"
        "        main(['export', path, '-f', fmt, '-o', f'{sys.argv[1]}/{name}.{fmt}'])\n"
    )
    outputs = []
    for seed_value in ("1", "2"):
        folder = tmp_path / seed_value
        folder.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed_value}
        subprocess.run(
            [sys.executable, "-c", code, str(folder), str(SEED_POSITIONS), str(FOUR)],
            check=True,
            env=env,
            capture_output=True,
            timeout=120,
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(folder.iterdir())})
    assert len(outputs[0]) == 8
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_to_file_equals_stdout_and_repeats_exactly(tmp_path: Path, fmt: str) -> None:
    one, two = tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}"
    assert run("export", str(FOUR), "-f", fmt, "-o", str(one))[0] == 0
    assert run("export", str(FOUR), "-f", fmt, "-o", str(two))[0] == 0
    assert one.read_bytes() == two.read_bytes() == export(FOUR, fmt).encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([one.name, two.name])


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_failed_write_leaves_the_old_file_whole(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.out"
    target.write_bytes(b"the previous report\n")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsutil.os, "replace", refuse)
    status, _, err = run("export", str(FOUR), "-f", fmt, "-o", str(target))
    assert status == 1
    assert "cannot write: No space left on device" in err and "Traceback" not in err
    assert target.read_bytes() == b"the previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.out"]  # no temporary file left


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_format_overwrites_the_positions_file_or_article(tmp_path: Path, fmt: str) -> None:
    positions = tmp_path / "positions.yaml"
    article = tmp_path / "article.md"
    positions.write_bytes(FOUR.read_bytes())
    article.write_bytes((FOUR.parent / "article.md").read_bytes())
    before = positions.read_bytes(), article.read_bytes()
    for target in (positions, article, tmp_path / "." / "article.md"):
        status, _, err = run("export", str(positions), "-f", fmt, "-o", str(target))
        assert status == 1 and "refusing to overwrite an input file" in err
    assert (positions.read_bytes(), article.read_bytes()) == before


def test_export_help_text(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["export", "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    assert "{csv,html,json,md}" in text and "--topics" in text and "--parties" in text


HOSTILE_TEXT = Path(__file__).parent / "fixtures" / "hostile_text" / "positions.yaml"


@pytest.mark.parametrize("path", [SEED_POSITIONS, FOUR, HOSTILE_TEXT], ids=lambda p: p.parent.name)
def test_json_export_is_byte_for_byte_what_the_standard_encoder_writes(path: Path) -> None:
    # The export is encoded by orjson for speed; a user diffing exports across versions
    # must see no change from it: same escapes, same indentation, same key order.
    from positions.export.as_json import document_dict

    document = load_document(path).document
    expected = json.dumps(document_dict(document), ensure_ascii=False, indent=2) + "\n"
    assert FORMATS["json"](document) == expected


_JSON_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | _JSON_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_JSON_TEXT, inner, max_size=4),
    max_leaves=20,
)


@given(_JSON_VALUES)
@settings(max_examples=300, deadline=None)
def test_the_json_encoder_matches_the_standard_one_on_any_text(value: Any) -> None:
    import orjson

    assert orjson.dumps(value, option=orjson.OPT_INDENT_2).decode() == json.dumps(
        value, ensure_ascii=False, indent=2
    )
