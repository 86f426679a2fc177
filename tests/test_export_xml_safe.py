"""Exports hold no character XML 1.0 forbids, and the SVG makes no outside request
(issue 12, item 10)."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from positions.export import FORMATS
from positions.loader import load_document
from positions.text import xml_safe
from tui.svg import render_comparison_svg

FORBIDDEN = ["\ufffe", "\uffff", "\x01", "\ufdd0", "\U0001fffe"]

POSITIONS = """\
version: 1
article:
  file: article.md
  title: "Title \\uFFFE with \\uFFFF marks"
topics:
  truce:
    title: "Truce \\uFFFF"
parties:
  east:
    name: "East \\uFFFE"
    positions:
      truce:
        stance: supports
        summary: "Wants \\uFFFF it."
        quotes:
          - text: The idea is right
          - text: "A line with \\uFFFE and"
"""


@pytest.fixture
def marked(tmp_path: Path) -> Path:
    (tmp_path / "article.md").write_text(
        "The idea is right.\n\nA line with \ufffe and \uffff in it.\n", encoding="utf-8"
    )
    path = tmp_path / "positions.yaml"
    path.write_text(POSITIONS, encoding="utf-8")
    return path


def test_xml_safe_drops_only_what_xml_forbids() -> None:
    kept = "plain \t\n\r é – “x” \U0001f600 \ufffd"
    assert xml_safe(kept) == kept
    for char in FORBIDDEN:
        assert xml_safe(f"a{char}b") == "ab"


def test_the_document_holds_the_marks(marked: Path) -> None:
    document = load_document(marked).document
    assert "\ufffe" in document.title and "\uffff" in document.article.text


@pytest.mark.parametrize("fmt", ["html", "md", "csv"])
def test_text_exports_drop_characters_xml_forbids(marked: Path, fmt: str) -> None:
    out = FORMATS[fmt](load_document(marked).document)
    assert "\ufffe" not in out and "\uffff" not in out
    assert "A line with  and" in out
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out, newline="")))
        assert rows[2][rows[0].index("quote")] == "A line with  and"


def test_svg_is_well_formed_xml_with_forbidden_characters(marked: Path) -> None:
    svg = render_comparison_svg(load_document(marked).document)
    root = ET.fromstring(svg)  # raises on U+FFFE / U+FFFF
    assert root.tag.endswith("svg")
    assert "East" in svg


def test_svg_makes_no_outside_request(marked: Path) -> None:
    svg = render_comparison_svg(load_document(marked).document)
    # The only "http" left is the SVG namespace name, which is never fetched.
    assert re.findall(r"https?://[^\s\"'<>)]*", svg) == ["http://www.w3.org/2000/svg"]
    assert not re.search(r"url\(\s*[\"']?(?!#)", svg)  # only url(#local-id)
    assert "cdn" not in svg.lower()
