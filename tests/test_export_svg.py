"""``export --format svg``: the comparison view drawn headless, deterministic, filterable."""

from __future__ import annotations

import html
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_tui_fixtures import HOSTILE, four_party_document, hostile_document

from positions.cli import main
from positions.loader import load_document
from tui.svg import render_comparison_svg

FOUR = Path(__file__).parent / "fixtures" / "four_parties" / "positions.yaml"
RENDERERS = {"svg": render_comparison_svg}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), renderers=RENDERERS, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def shown(svg: str) -> str:
    """The text an SVG shows (entities decoded, non-breaking spaces as spaces)."""
    return html.unescape(svg).replace("\xa0", " ")


def cli(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """``ceasefire-tui ARGV`` in a new process (its own hash seed)."""
    return subprocess.run(
        [sys.executable, "-c", "from tui.cli import main; main()", *argv],
        capture_output=True,
        timeout=120,
        check=False,
        env=env,
    )


def test_svg_to_stdout_shows_the_matrix_titled_with_the_article() -> None:
    document = load_document(FOUR).document
    status, out, err = run("export", str(FOUR), "--format", "svg")
    assert status == 0, err
    assert out.startswith("<svg")
    assert out.rstrip().endswith("</svg>")
    text = shown(out)
    for party in document.parties:
        assert party.name in text
    for topic in document.topics:
        assert topic.title[:20] in text
    assert document.title in text  # the SVG's title bar
    assert "no stated position" in text  # the legend
    assert "enter: open" not in text  # no key hints in a picture


def test_svg_to_a_file_is_the_same_as_stdout(tmp_path: Path) -> None:
    target = tmp_path / "comparison.svg"
    status, out, err = run("export", str(FOUR), "-f", "svg", "-o", str(target))
    assert status == 0, err
    assert out == ""
    assert target.read_text("utf-8") == run("export", str(FOUR), "-f", "svg")[1]
    assert not list(tmp_path.glob(".*.tmp"))


def test_svg_is_byte_identical_across_processes(tmp_path: Path) -> None:
    first = cli("export", str(FOUR), "-f", "svg")
    second = cli("export", str(FOUR), "-f", "svg", "-o", str(tmp_path / "c.svg"))
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert first.stdout.startswith(b"<svg")
    assert (tmp_path / "c.svg").read_bytes() == first.stdout
    # NO_COLOR (a colour filter in Textual) does not change the picture either.
    no_color = cli("export", str(FOUR), "-f", "svg", env={**os.environ, "NO_COLOR": "1"})
    assert no_color.stdout == first.stdout


def test_topics_and_parties_filters_apply_to_svg() -> None:
    document = load_document(FOUR).document
    keep_party, drop_party = document.parties[0], document.parties[1]
    keep_topic, drop_topic = document.topics[0], document.topics[1]
    status, out, err = run(
        "export", str(FOUR), "-f", "svg", "--parties", keep_party.id, "--topics", keep_topic.id
    )
    assert status == 0, err
    text = shown(out)
    assert keep_party.name in text and keep_topic.title in text
    assert drop_party.name not in text and drop_topic.title not in text
    status, out, err = run("export", str(FOUR), "-f", "svg", "--parties", "nobody")
    assert status == 1 and out == ""
    assert 'unknown party "nobody"' in err


def test_svg_is_a_choice_only_when_the_reader_offers_it(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", str(FOUR), "-f", "svg"])
    assert "invalid choice: 'svg'" in capsys.readouterr().err
    out = io.StringIO()
    with pytest.raises(SystemExit):
        main(["export", "--help"], renderers=RENDERERS, out=out)
    assert "svg" in capsys.readouterr().out


def test_the_domain_cli_stays_free_of_textual_with_svg_wired_in() -> None:
    code = (
        "import sys, tui.cli\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


def test_hostile_text_is_drawn_literally() -> None:
    svg = render_comparison_svg(hostile_document())
    text = shown(svg)
    assert f"Doc {HOSTILE}" in text  # the title, escaped in the SVG source
    assert "[@click=app.quit]" in text


def test_same_document_same_svg_in_one_process() -> None:
    assert render_comparison_svg(four_party_document()) == render_comparison_svg(
        four_party_document()
    )


def test_svg_over_its_size_limit_is_refused_at_once(tmp_path: Path) -> None:
    # Issue 12, item 9: a 400 x 400 comparison took a minute to draw.
    from tui.svg import MAX_SVG_PARTIES, MAX_SVG_TOPICS

    # each party quotes its own sentence: no warning comes before the error
    article = " ".join(f"Party {i} agrees." for i in range(MAX_SVG_PARTIES + 1))
    (tmp_path / "article.md").write_text(article + "\n", encoding="utf-8")
    topics = "".join(f"  t{i}: {{title: T{i}}}\n" for i in range(MAX_SVG_TOPICS + 1))
    parties = "".join(
        f"  p{i}:\n    name: P{i}\n    positions:\n      t0: {{stance: supports, summary: S, "
        f"quotes: [{{text: Party {i} agrees.}}]}}\n"
        for i in range(MAX_SVG_PARTIES + 1)
    )
    path = tmp_path / "positions.yaml"
    path.write_text(
        f"version: 1\narticle: {{file: article.md}}\ntopics:\n{topics}parties:\n{parties}",
        encoding="utf-8",
    )
    status, out, err = run("export", str(path), "--format", "svg")
    assert (status, out) == (1, "")
    assert err == (
        f"ceasefire-tui: error: the SVG picture shows at most {MAX_SVG_TOPICS} topics and "
        f"{MAX_SVG_PARTIES} parties, and this comparison has {MAX_SVG_TOPICS + 1} topics and "
        f"{MAX_SVG_PARTIES + 1} parties; choose some with --topics and --parties (or export "
        "html, md, csv or json)\n"
    )
    chosen = ",".join(f"t{i}" for i in range(3))
    status, out, _ = run(
        "export", str(path), "--format", "svg", "--topics", chosen, "--parties", "p0,p1"
    )
    assert status == 0 and out.startswith("<svg")
