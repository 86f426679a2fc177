"""Lines and columns are counted as editors count them, whatever PyYAML counts as a break
(issue 12, item 11: U+2028, U+2029 and U+0085 are line breaks to PyYAML only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from positions.diagnostics import LoadError
from positions.loader import load_document

BREAKS = ["\u2028", "\u2029", "\x85"]

TEMPLATE = """\
version: 1
article:
  file: article.md
  title: "One{c}two{c}three"
topics:
  truce: {{title: "a{c}b", colour: red}}
  truce: {{title: Again}}
parties: [
"""


def errors(tmp_path: Path, text: str) -> list[tuple[int, int, str]]:
    (tmp_path / "article.md").write_text("The idea is right.\n", encoding="utf-8")
    path = tmp_path / "positions.yaml"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(LoadError) as caught:
        load_document(path)
    return [(d.line, d.col, d.message) for d in caught.value.diagnostics]


@pytest.mark.parametrize("char", BREAKS, ids=["U+2028", "U+2029", "U+0085"])
def test_validation_errors_point_where_an_editor_shows_them(tmp_path: Path, char: str) -> None:
    text = TEMPLATE.format(c=char).replace("parties: [\n", "parties: {}\n")
    found = errors(tmp_path, text)
    lines = text.split("\n")
    unknown = next(e for e in found if "unknown key" in e[2])
    assert unknown[:2] == (6, lines[5].index("colour") + 1)
    duplicate = next(e for e in found if "duplicate key" in e[2])
    assert duplicate[:2] == (7, 3)
    assert "first given on line 6" in duplicate[2]


@pytest.mark.parametrize("char", BREAKS, ids=["U+2028", "U+2029", "U+0085"])
def test_syntax_errors_point_where_an_editor_shows_them(tmp_path: Path, char: str) -> None:
    text = TEMPLATE.format(c=char)
    found = errors(tmp_path, text)
    assert [e[:2] for e in found] == [(len(text.split("\n")), 1)]  # the line after "parties: ["


def test_crlf_files_keep_their_lines(tmp_path: Path) -> None:
    text = TEMPLATE.format(c="\u2028").replace("parties: [\n", "parties: {}\n")
    text = text.replace("\n", "\r\n")
    found = errors(tmp_path, text)
    assert next(e for e in found if "unknown key" in e[2])[:2] == (6, 25)
