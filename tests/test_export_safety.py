"""Texts from the files are untrusted: every export must keep them inert.

A hostile positions file and article (script tags, Markdown links, pipes, formula cells,
terminal escapes, a colour that tries to close the style sheet) go through every format.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from positions.cli import main
from positions.export import FORMATS
from positions.export.as_csv import neutralise
from positions.export.as_markdown import escape
from positions.export.colors import NAMED_COLORS, PALETTE, parse_color, party_style
from positions.model import Party

EVIL = "# <script>alert(1)</script> [link](javascript:alert(1)) | *star* `tick` \x1b[2J"
BAD_COLOR = "red;}</style><script>alert(1)</script>"

ARTICLE = (
    "# Head \x1b[2J line\n\n"
    'The mayor said: "=1+1 we will open \x1b[31mthe bridge" and "@SUM(A1) now" and - '
    "surrender.\n\n"
    "Another | pipe *star* `tick` <script>alert(1)</script> paragraph.\n\n"
    "Last: +33 1 23 45 67 is the number, and  \t=2+2 hides after a tab.\n"
)

POSITIONS = f"""\
version: 1
article:
  file: article.md
  title: "# Evil \\x1b[2J <script>alert(1)</script> title"
  source: "[link](javascript:alert(1))"
  author: "*bold* `code`"
topics:
  bridge:
    title: "Bridge | \\x1b[2J *pipe*"
    question: "`code` <b>bold</b>?"
  river:
    title: "- River"
parties:
  a:
    name: "A|<i>x</i>\\x1b]0;t\\x07"
    color: "{BAD_COLOR}"
    speakers: ["=cmd|' /C calc'!A0"]
    positions:
      bridge:
        stance: supports
        summary: "{EVIL.replace(chr(27), chr(92) + "x1b")}"
        quotes:
          - text: "=1+1 we will open the bridge"
            speaker: "=cmd|' /C calc'!A0 \\x1b[2J"
          - text: "@SUM(A1) now"
          - text: "+33 1 23 45 67"
  b:
    name: B
    color: "#ABC"
    positions:
      bridge:
        stance: opposes
        summary: "1. Fine & dandy &amp; ~~struck~~ $x$"
        quotes:
          - text: "- surrender"
            kind: reported
          - text: "<script>alert(1)</script>"
          - text: "=2+2 hides"
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "article.md").write_text(ARTICLE, encoding="utf-8")
    (folder / "positions.yaml").write_text(POSITIONS, encoding="utf-8")
    return folder / "positions.yaml"


def export(path: Path, fmt: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main(["export", str(path), "-f", fmt], out=out, err=err) == 0, err.getvalue()
    return out.getvalue()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_terminal_escape_reaches_any_export(hostile: Path, fmt: str) -> None:
    assert "\x1b[2J" in POSITIONS.encode().decode("unicode_escape")  # the file holds escapes
    text = export(hostile, fmt)
    assert "\x1b" not in text and "\x07" not in text
    assert "2J" not in text  # the whole sequence went, not only its ESC
    assert "we will open the bridge" in text


# --- Markdown -----------------------------------------------------------------------------


def render_markdown(text: str) -> str:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


def test_markdown_escape_keeps_every_character_literal() -> None:
    for raw in (EVIL.replace("\x1b", ""), "a|b", "*x* _y_ ~~z~~", "AT&T &amp; &#60;", "$1 $2"):
        rendered = render_markdown(f"| h |\n| --- |\n| {escape(raw)} |\n")
        cell = re.search(r"<td>(.*)</td>", rendered, re.S)
        assert cell is not None, rendered
        assert html_text(cell.group(1)) == " ".join(raw.split())


@pytest.mark.parametrize("line", ["# heading", "- item", "+ item", "1. item", "2) item", "---"])
def test_markdown_escape_stops_text_opening_a_block(line: str) -> None:
    rendered = render_markdown(f"intro\n\n{escape(line, line_start=True)}\n")
    assert rendered == f"<p>intro</p>\n<p>{line}</p>\n"


def test_hostile_markdown_renders_as_literal_text(hostile: Path) -> None:
    md = export(hostile, "md")
    rendered = render_markdown(md)
    assert "<script" not in rendered and "<b>" not in rendered and "<i>" not in rendered
    assert "<a " not in rendered  # no link at all: [link](javascript:...) stays text
    assert "<code>" not in rendered and "<del>" not in rendered
    assert rendered.count("<h1>") == 1 and rendered.count("<hr />") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [link](javascript:alert(1)) | *star* `tick`" in (
        rendered
    )
    # the stance matrix keeps one cell per column despite the pipes in names and titles
    matrix = rendered[: rendered.index("<h2>Topics</h2>")]
    header, *rows = re.findall(r"<tr>(.*?)</tr>", matrix, re.S)
    assert header.count("<th>") == 4
    assert all(row.count("<td>") == 4 for row in rows) and len(rows) == 2
    assert "<p>1. Fine &amp; dandy &amp;amp; ~~struck~~ $x$</p>" in rendered


def html_text(fragment: str) -> str:
    """The text of an HTML fragment, entities decoded."""
    parts: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = parts.append  # type: ignore[method-assign]
    parser.feed(fragment)
    parser.close()
    return "".join(parts)


# --- HTML ---------------------------------------------------------------------------------


def test_hostile_html_is_escaped_and_keeps_the_style_sheet_closed(hostile: Path) -> None:
    page = export(hostile, "html")
    assert "<script" not in page.lower()
    assert page.count("<style>") == page.count("</style>") == 1
    assert "alert(1)</style>" not in page and "red;}" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "javascript:" not in re.sub(r">[^<]*<", "><", page)  # only ever as text
    assert "<i>x</i>" not in page and "A|&lt;i&gt;x&lt;/i&gt;" in page
    style = page[page.index("<style>") : page.index("</style>")]
    # party colours: the palette fallback for the hostile one, the normalised #ABC
    assert f"--c0:{party_style(Party('a', 'A', BAD_COLOR), 0).light_ink}" in style
    assert party_style(Party("a", "A", BAD_COLOR), 0).color == PALETTE[0]
    assert party_style(Party("b", "B", "#ABC"), 1).color == "#aabbcc"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("#3b82f6", "#3b82f6"),
        ("#3B82F6", "#3b82f6"),
        ("#abc", "#aabbcc"),
        (" green ", "#008000"),
        ("RebeccaPurple", "#663399"),
        ("crimson", "#dc143c"),
        ("rgb(1,2,3)", "#010203"),
        ("hsl(240, 100%, 50%)", "#0000ff"),
    ],
)
def test_colour_accepts_hex_and_css_names(given: str, expected: str) -> None:
    assert parse_color(given) == expected


@pytest.mark.parametrize(
    "given",
    [
        BAD_COLOR,
        "red;",
        "red }",
        "#abcd",
        "#12345g",
        "#1234567",
        "rgb(1,2",
        "rgb(1%,2,3)",
        "url(http://example.org/x.png)",
        "var(--x)",
        "ansi_red",
        "transparent",
        "expression(alert(1))",
        "",
        "#",
        "gr\neen",
    ],
)
def test_colour_rejects_anything_else(given: str) -> None:
    assert parse_color(given) is None
    style = party_style(Party("p", "P", given), 3)
    assert style.color == PALETTE[3] and not style.from_file
    for value in (style.light_ink, style.dark_ink, style.light_tint, style.dark_tint):
        assert re.fullmatch(r"#[0-9a-f]{6}", value)


def test_named_colours_are_the_css_list() -> None:
    import webcolors  # the reference list (CSS3's 147 names; CSS Color 4 adds rebeccapurple)

    css3 = {name: webcolors.name_to_hex(name) for name in webcolors.names(webcolors.CSS3)}
    assert {**css3, "rebeccapurple": "#663399"} == NAMED_COLORS
    assert len(NAMED_COLORS) == 148
    assert all(
        re.fullmatch(r"[a-z]+", n) and re.fullmatch(r"#[0-9a-f]{6}", v)
        for n, v in NAMED_COLORS.items()
    )


# --- CSV ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),
        (" \n -1", "' \n -1"),
        ("\u00a0@x", "'\u00a0@x"),
        ("a=1", "a=1"),
        ("plain", "plain"),
        ("", ""),
        ("'quoted", "'quoted"),
        # Look-alikes a spreadsheet may fold to a formula character (issue 12, item 14).
        ("\uff1dSUM(A1)", "'\uff1dSUM(A1)"),
        ("\uff0b33", "'\uff0b33"),
        ("\uff0d2", "'\uff0d2"),
        ("\uff20x", "'\uff20x"),
        ("\ufe66 1", "'\ufe66 1"),
        ("\u207a1", "'\u207a1"),
        ("\u2212 2", "'\u2212 2"),
        (" \uff1d1", "' \uff1d1"),
        ("\u3000\uff1d1", "'\u3000\uff1d1"),
        ("a\uff1d1", "a\uff1d1"),
        ("\u2013 a dash", "\u2013 a dash"),
    ],
)
def test_csv_cells_are_neutralised_against_formulas(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


def test_hostile_csv_has_no_cell_a_spreadsheet_would_run(hostile: Path) -> None:
    raw = export(hostile, "csv")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        assert not cell.lstrip().startswith(("=", "+", "-", "@", "\t", "\r")), cell
    quote, speaker = rows[0].index("quote"), rows[0].index("speaker")
    quotes = [row[quote] for row in rows[1:]]
    assert quotes == [
        "'=1+1 we will open the bridge",
        "'@SUM(A1) now",
        "'+33 1 23 45 67",
        "'- surrender",
        "<script>alert(1)</script>",
        "'=2+2 hides",
    ]
    assert rows[1][speaker] == "'=cmd|' /C calc'!A0"  # the speaker cell too


def test_markdown_links_only_plain_http_urls() -> None:
    from positions.export.as_markdown import _url

    assert _url("https://example.org/a_b?x=1&y=2") == "<https://example.org/a_b?x=1&y=2>"
    assert _url("javascript:alert(1)") == "javascript:alert(1)"
    assert _url("https://example.org/<script>") == "https://example.org/\\<script\\>"
    rendered = render_markdown(_url("https://example.org/x> [a](javascript:b)"))
    assert "<a " not in rendered
