"""Quotation marks around a quote: added only where the quote's own text has none.

A quote copied with its marks (“We are ready…,”) must not show as ““We are ready…,””
in the party pane, the palette, the Markdown or the HTML.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList

from positions.export.as_html import to_html
from positions.export.as_markdown import to_markdown
from positions.loader import load_document
from positions.text import has_own_quotation_marks, in_quotation_marks
from tui.app import create_app

OWN = "“We are ready to stop the cranes for ninety days,”"
PLAIN = "the harbour stays shut"

ARTICLE = f"""# Port talks

The union said: {OWN} and the owners answered that {PLAIN} until the strike ends.
"""

POSITIONS = f"""version: 1
article:
  file: article.md
  title: Port talks
topics:
  cranes:
    title: The cranes
parties:
  union:
    name: Union
    positions:
      cranes:
        stance: conditional
        summary: Ready to stop.
        quotes:
          - text: '{OWN}'
  owners:
    name: Owners
    positions:
      cranes:
        stance: opposes
        summary: Shut.
        quotes:
          - text: {PLAIN}
"""


@pytest.fixture
def positions(tmp_path: Path) -> Path:
    (tmp_path / "article.md").write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "positions.yaml"
    path.write_text(POSITIONS, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "own"),
    [
        (OWN, True),
        ("'single'", True),
        ("«guillemets»", True),
        ('"straight"', True),
        ("  “spaced”  ", True),
        (PLAIN, False),
        ("“only opening", False),
        ("only closing”", False),
        ("“", False),
        ("", False),
    ],
)
def test_marks_are_added_only_where_the_text_has_none(text: str, own: bool) -> None:
    assert has_own_quotation_marks(text) is own
    assert in_quotation_marks(text) == (text if own else f"“{text}”")


def test_an_escaped_form_is_wrapped_by_what_the_text_carries() -> None:
    assert in_quotation_marks("“a & b”", "“a &amp; b”") == "“a &amp; b”"
    assert in_quotation_marks("a & b", "a &amp; b") == "“a &amp; b”"


def test_markdown_and_html_show_each_quote_in_one_pair_of_marks(positions: Path) -> None:
    document = load_document(positions).document
    for text in (to_markdown(document), to_html(document)):
        assert "““" not in text and "””" not in text
        assert OWN in text
        assert f"“{PLAIN}”" in text


async def test_the_party_pane_and_the_palette_show_one_pair_of_marks(positions: Path) -> None:
    app = create_app(load_document(positions).document)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = [str(o.prompt) for o in app.reader.panes[0].quote_list.options]
        assert any(s.startswith(OWN) for s in shown), shown
        assert not any("““" in s for s in shown), shown
        shown = [str(o.prompt) for o in app.reader.panes[1].quote_list.options]
        assert any(s.startswith(f"“{PLAIN}”") for s in shown), shown
        await pilot.press("ctrl+p", *"cranes for ninety")
        await app.workers.wait_for_complete()
        await pilot.pause()
        hits = [str(o.prompt) for o in app.screen.query_one(CommandList).options]
        assert any(OWN in hit for hit in hits), hits
        assert not any("““" in hit for hit in hits), hits
