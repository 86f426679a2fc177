"""``export --format svg``: the comparison view drawn headless, deterministic, filterable."""

from __future__ import annotations

import html
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_tui_fixtures import HOSTILE, four_party_document, hostile_document

from positions.cli import main
from positions.loader import load_document
from tui.svg import render_comparison_svg

FOUR = Path(__file__).parent / "fixtures" / "four_parties" / "positions.yaml"
#: 30 topics (one title over 100 characters, one unbroken word) and 5 long party names.
MANY = Path(__file__).parent / "fixtures" / "many_topics" / "positions.yaml"
SEED = Path(__file__).parent.parent / "seeds" / "putin-ceasefire-conditions.yaml"
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


# Rich's SVG: a cell is 0.61 x 1.22 of the 20 px font; around the cells, 8 px of padding
# (40 px on top, for the title bar) and 1 px of margin.
_CELL_WIDTH, _LINE_HEIGHT = 20 * 0.61, 20 * 1.22
_VIEW_BOX = re.compile(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"')
_TEXT = re.compile(
    r'<text [^>]*x="([0-9.]+)"[^>]*clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>'
)


def picture_size(svg: str) -> tuple[int, int]:
    """Columns and lines of the terminal an SVG screenshot shows (from its ``viewBox``)."""
    found = _VIEW_BOX.search(svg)
    assert found is not None
    width, height = float(found[1]), float(found[2])
    return round((width - 2 - 16) / _CELL_WIDTH), round((height - 2 - 48) / _LINE_HEIGHT)


def cells(svg: str) -> dict[tuple[int, int], str]:
    """The characters an SVG screenshot draws, by (line, column) (not the line ends)."""
    from rich.cells import cell_len

    grid: dict[tuple[int, int], str] = {}
    for x, line, text in _TEXT.findall(svg):
        column = round(float(x) / _CELL_WIDTH)
        for char in shown(text).rstrip("\n"):
            grid[int(line), column] = char
            column += max(1, cell_len(char))
    return grid


def box_corners(grid: dict[tuple[int, int], str]) -> tuple[int, int, int, int]:
    """Top line, left column, bottom line, right column of the picture's rounded box,
    checking it is whole: four corners, the border on every line and column between."""
    (top, left), = [at for at, char in grid.items() if char == "╭"]
    (bottom, bottom_left), = [at for at, char in grid.items() if char == "╰"]
    right_corners = [at for at, char in grid.items() if char == "╮"]
    assert right_corners, "no top right corner: the box is cut on the right"
    (top_right, right), = right_corners
    assert (bottom_left, top_right) == (left, top)
    assert grid.get((bottom, right)) == "╯", "no bottom right corner"
    for line in range(top + 1, bottom):
        assert grid.get((line, left)) == "│", f"line {line} has no left border"
        assert grid.get((line, right)) == "│", f"line {line} has no right border"
    for column in range(left + 1, right):
        assert grid.get((bottom, column)) == "─", f"column {column} has no bottom border"
    return top, left, bottom, right


def assert_fitted(svg: str) -> None:
    """The picture shows the matrix's box whole, and little else: its columns and lines
    are those of the box (within two), and nothing is drawn outside it."""
    grid = cells(svg)
    top, left, bottom, right = box_corners(grid)
    columns, lines = picture_size(svg)
    assert 0 <= columns - (right - left + 1) <= 2, (columns, left, right)
    assert 0 <= lines - (bottom - top + 1) <= 2, (lines, top, bottom)
    outside = [at for at in grid if not (top <= at[0] <= bottom and left <= at[1] <= right)]
    assert not outside, outside


@pytest.mark.parametrize("path", [SEED, MANY], ids=["seed", "many-topics"])
def test_svg_is_fitted_to_the_whole_matrix(path: Path) -> None:
    # QA: the seed's picture was the provisional terminal (48 lines) cut at the fitted
    # width (120 columns): the matrix among blank lines, its box without a right border.
    # With many topics, the reader's 80vh limit then cut the last rows off as well.
    status, svg, err = run("export", str(path), "--format", "svg")
    assert status == 0, err
    assert_fitted(svg)
    document = load_document(path).document
    text = shown(svg)
    for party in document.parties:
        assert party.name[:6] in text
    for topic in document.topics:
        assert topic.title[:12] in text  # every row, the last ones too


def test_hostile_svg_is_fitted_to_the_whole_matrix() -> None:
    assert_fitted(render_comparison_svg(hostile_document()))
