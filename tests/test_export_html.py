"""The HTML export: links both ways, well-formed highlights, self-contained, and rendered.

The last tests open the page in headless Chromium: they are skipped when ``chromium`` is not
installed, except under CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers.browser import decode_png, run_chromium

from positions.cli import main
from positions.export.as_html import entries
from positions.export.colors import party_style
from positions.export.common import quote_fragments
from positions.loader import SEED_POSITIONS, load_document
from positions.model import Document

FOUR = Path(__file__).parent / "fixtures" / "four_parties" / "positions.yaml"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip

OVERLAPS = """\
version: 1
article: {file: article.md, title: Overlaps}
topics:
  bridge: {title: Bridge}
parties:
  a:
    name: A
    color: "#1f77b4"
    positions:
      bridge: {stance: supports, summary: S, quotes: [{text: open the bridge at dawn}]}
  b:
    name: B
    color: "#d62728"
    positions:
      bridge: {stance: opposes, summary: S, quotes: [{text: "the bridge at dawn, but only"}]}
  c:
    name: C
    color: "#2ca02c"
    positions:
      bridge:
        stance: undecided
        summary: S
        quotes: [{text: bridge at}, {text: open the bridge at dawn}]
"""


# --- a small DOM ---------------------------------------------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def text(self, skip: Callable[[Node], bool] = lambda n: False) -> str:
        return "".join(
            c if isinstance(c, str) else c.text(skip)
            for c in self.children
            if isinstance(c, str) or not skip(c)
        )


class Page(HTMLParser):
    """Parses a page into :class:`Node`s; records every tag that closes out of order."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]
        self.errors: list[str] = []
        self.feed(source)
        self.close()
        if len(self.stack) != 1:
            self.errors.append(f"unclosed: {[n.tag for n in self.stack[1:]]}")
        self.nodes = list(self.root.walk())[1:]
        self.by_id: dict[str, Node] = {}
        for node in self.nodes:
            if "id" in node.attrs:
                assert node.attrs["id"] not in self.by_id, f"duplicate id {node.attrs['id']}"
                self.by_id[node.attrs["id"]] = node

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.stack[-1].tag != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1].tag}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def find(self, tag: str, cls: str | None = None) -> list[Node]:
        return [n for n in self.nodes if n.tag == tag and (cls is None or cls in n.classes)]


def not_article_text(node: Node) -> bool:
    """What the page adds inside article blocks: back-links, bullets, image labels."""
    return "back" in node.classes or "bullet" in node.classes or "label" in node.classes


def export_html(path: Path) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main(["export", str(path), "-f", "html"], out=out, err=err) == 0, err.getvalue()
    return out.getvalue()


@pytest.fixture(scope="module")
def overlaps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("overlaps")
    shutil.copy(FOUR.parent / "article.md", folder / "article.md")
    (folder / "positions.yaml").write_text(OVERLAPS, encoding="utf-8")
    return folder / "positions.yaml"


@pytest.fixture(params=["seed", "four_parties", "overlaps"])
def case(request: pytest.FixtureRequest, overlaps: Path) -> tuple[Document, str]:
    path = {"seed": SEED_POSITIONS, "four_parties": FOUR, "overlaps": overlaps}[request.param]
    return load_document(path).document, export_html(path)


# --- structure ----------------------------------------------------------------------------


def test_page_is_well_formed(case: tuple[Document, str]) -> None:
    _, source = case
    page = Page(source)
    assert page.errors == []
    assert source.startswith("<!DOCTYPE html>\n")


def test_every_link_resolves_and_quotes_link_both_ways(case: tuple[Document, str]) -> None:
    document, source = case
    page = Page(source)
    links = page.find("a")
    assert links
    for link in links:
        href = link.attrs["href"]
        assert href.startswith("#") and href[1:] in page.by_id, href
    quote_links = page.find("a", "quote")
    back_links = page.find("a", "back")
    assert len(quote_links) == len(back_links) == len(document.all_quotes())
    for link in quote_links:  # summary -> highlight -> back to the same summary entry
        mark = page.by_id[link.attrs["href"][1:]]
        assert mark.tag == "mark"
        key = mark.attrs["id"].removeprefix("q-")
        entry = page.by_id[f"s-{key}"]
        assert entry.tag == "li" and link in entry.walk()
        (back,) = [b for b in back_links if b.attrs["href"] == f"#s-{key}"]
        assert back.attrs["title"].endswith("back to the summary")


def test_each_highlight_holds_exactly_its_quote(case: tuple[Document, str]) -> None:
    document, source = case
    page = Page(source)
    marks = [m for m in page.find("mark", "hl") if "sample" not in m.classes]
    for entry in entries(document):
        covered = [m.text() for m in marks if entry.key in m.attrs["data-quotes"].split()]
        assert "".join(covered) == "".join(quote_fragments(document, entry.quote))
        assert f"p{entry.party_index}" in page.by_id[f"q-{entry.key}"].classes or any(
            f"p{entry.party_index}" in m.classes for m in marks if m.attrs.get("id")
        )


def test_the_article_is_whole_and_in_order(case: tuple[Document, str]) -> None:
    document, source = case
    page = Page(source)
    text = document.article.text
    for n, block in enumerate(document.article.blocks, 1):
        shown = page.by_id[f"p-{n}"].text(not_article_text)
        assert shown == text[block.start : block.end], n
        assert page.by_id[f"p-{n}"].attrs["data-n"] == str(n)


def test_overlapping_quotes_are_split_into_segments(overlaps: Path) -> None:
    page = Page(export_html(overlaps))
    assert page.errors == []
    marks = {m.text(): m for m in page.find("mark", "hl") if "sample" not in m.classes}
    assert list(marks) == ["open ", "the ", "bridge at", " dawn", ", but only"]
    assert marks["bridge at"].classes == ["hl", "p0", "p1", "p2", "multi"]
    assert marks["the "].classes == ["hl", "p0", "p1", "p2", "multi"]
    assert marks["open "].classes == ["hl", "p0", "p2", "multi"]  # A and C quote the same
    assert marks[", but only"].classes == ["hl", "p1"]
    assert marks["bridge at"].attrs["data-quotes"] == "1-1-1 2-1-1 3-1-1 3-1-2"
    style = marks["bridge at"].attrs["style"]
    assert re.fullmatch(r"background:linear-gradient\((var\(--t\d\) [\d.]+% [\d.]+%,?)+\)", style)
    # C's second quote starts where A's does: its anchor is a mark of its own
    assert page.by_id["q-3-1-2"].tag == "mark" and page.by_id["q-1-1-1"].tag == "mark"


# --- self-contained -----------------------------------------------------------------------


def test_page_makes_no_request_and_runs_no_script(case: tuple[Document, str]) -> None:
    _, source = case
    page = Page(source)
    lower = source.lower()
    assert "<script" not in lower and "javascript:" not in lower
    assert not page.find("link") and not page.find("img") and not page.find("iframe")
    for node in page.nodes:
        assert "src" not in node.attrs and "srcset" not in node.attrs
        assert not any(k.startswith("on") for k in node.attrs), node.attrs
        for value in node.attrs.values():
            assert not re.search(r"https?://|//[a-z]", value, re.I) or node.tag == "meta"
    css = "".join(n.text() for n in page.find("style")) + "".join(
        n.attrs.get("style", "") for n in page.nodes
    )
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    (csp,) = [m for m in page.find("meta") if m.attrs.get("http-equiv")]
    assert csp.attrs["content"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert "@media print" in css and "prefers-color-scheme:dark" in css


def test_party_colours_and_non_colour_cues(case: tuple[Document, str]) -> None:
    document, source = case
    style = "".join(n.text() for n in Page(source).find("style"))
    for index, party in enumerate(document.parties):
        colours = party_style(party, index)
        assert f"--t{index}:{colours.light_tint}" in style
        assert f"--t{index}:{colours.dark_tint}" in style
        assert re.search(rf"\.p{index}\{{[^}}]*--u:(solid|double|dashed|dotted|wavy)", style)


# --- in a browser -------------------------------------------------------------------------


def test_png_decoder_reads_what_zlib_wrote() -> None:
    """The decoder itself, on a 2x2 RGB image using the Sub and Up filters."""
    rows = [b"\x01" + bytes([10, 20, 30, 5, 5, 5]), b"\x02" + bytes([1, 1, 1, 250, 250, 250])]
    ihdr = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(body))

    png = (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
    )
    image = decode_png(png + chunk(b"IEND", b""))
    assert list(image.pixels()) == [(10, 20, 30), (15, 25, 35), (11, 21, 31), (9, 19, 29)]


def near(a: tuple[int, int, int], b: tuple[int, int, int], tolerance: int = 6) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize("path", [SEED_POSITIONS, FOUR], ids=["seed", "four_parties"])
def test_chromium_renders_the_article_with_every_partys_highlights(
    tmp_path: Path, path: Path
) -> None:
    document = load_document(path).document
    page = tmp_path / "report.html"
    page.write_text(export_html(path), encoding="utf-8")
    shot = tmp_path / "report.png"
    result = run_chromium(f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri())
    assert shot.exists(), result.stderr.decode(errors="replace")[-2000:]
    image = decode_png(shot.read_bytes())
    assert (image.width, image.height) == (1200, 1600)
    counts = Counter(image.pixels())
    white = sum(n for colour, n in counts.items() if min(colour) >= 250)
    assert white < 0.97 * image.width * image.height, "the page is blank"
    assert len(counts) > 50, "the page has almost no colours: nothing rendered"
    for index, party in enumerate(document.parties):
        tint = party_style(party, index).light_tint
        want = (int(tint[1:3], 16), int(tint[3:5], 16), int(tint[5:7], 16))
        found = sum(n for colour, n in counts.items() if near(colour, want))
        assert found > 300, f"{party.name}: no highlight in {tint} on the page ({found} px)"


def test_chromium_dom_holds_the_article_and_its_highlights(tmp_path: Path) -> None:
    document = load_document(SEED_POSITIONS).document
    page = tmp_path / "report.html"
    page.write_text(export_html(SEED_POSITIONS), encoding="utf-8")
    result = run_chromium("--dump-dom", page.as_uri())
    dom = Page(result.stdout.decode("utf-8"))
    assert "p-1" in dom.by_id, result.stderr.decode(errors="replace")[-2000:]
    for n, block in enumerate(document.article.blocks, 1):
        shown = dom.by_id[f"p-{n}"].text(not_article_text)
        assert shown == document.article.text[block.start : block.end]
    marks = [m for m in dom.find("mark") if m.attrs.get("id", "").startswith("q-")]
    assert len(marks) >= len(document.all_quotes())


def test_the_legend_shows_every_party_whole_on_its_own_line(case: tuple[Document, str]) -> None:
    """Each party's name and underline sample is a line of its own that may wrap: nothing
    in the legend is kept from wrapping, so the article column never clips it (it cut
    the fourth party to "(dotted und")."""
    document, source = case
    page = Page(source)
    (legend,) = [n for n in page.nodes if "legend" in n.classes]
    items = [n for n in legend.walk() if n.tag == "li"]
    assert len(items) == len(document.parties)
    for index, (item, party) in enumerate(zip(items, document.parties, strict=True)):
        underline = re.search(rf"\.p{index}\{{[^}}]*--u:(\w+)", source)
        assert underline is not None
        assert f"{party.name} ({underline.group(1)} underline)" in item.text()
    style = "".join(n.text() for n in page.find("style"))
    for rule in re.findall(r"[^{}]*\{[^{}]*\}", style):
        if "legend" in rule.split("{")[0]:
            assert "nowrap" not in rule, rule
