"""Loading an article: file checks, repairs, Markdown and plain-text blocks with offsets."""

from __future__ import annotations

import codecs
import contextlib
import os
import subprocess
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

import ftfy
import pytest
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES
from helpers.big_inputs import big_markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from positions.article import MAX_ARTICLE_BYTES, ArticleError, load_article, parse_article
from positions.blocks import _assemble, _parse_markdown
from positions.model import Article, BlockKind
from positions.repair import _MOJIBAKE_HINT, _fix_mojibake, _ftfy_config, _mojibake_hint
from positions.repair import Repairs as _Repairs

SEED = Path(__file__).resolve().parent.parent / "seeds" / "putin-ceasefire-conditions.md"


def blocks(article: Article) -> list[tuple[BlockKind, int, str]]:
    """Every block as (kind, level, text), read through its offsets."""
    return [(b.kind, b.level, article.text[b.start : b.end]) for b in article.blocks]


def check_layout(article: Article) -> None:
    """Blocks tile the text: in order, one blank line apart, no outer whitespace."""
    pos = 0
    for b in article.blocks:
        assert b.start == pos, (b, article.text[pos : b.start])
        piece = article.text[b.start : b.end]
        assert piece and piece == piece.strip(), repr(piece)
        pos = b.end + 2
    assert pos - 2 == len(article.text)
    assert "\n\n".join(t for _, _, t in blocks(article)) == article.text


def md(tmp_path: Path, source: str, name: str = "a.md") -> Article:
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    article = load_article(path)
    check_layout(article)
    return article


# --------------------------------------------------------------------------- the seed


def test_seed_text_blocks_and_repair() -> None:
    article = load_article(SEED)
    check_layout(article)
    text = article.text
    assert text.startswith("James Landale\n\nReporting fromKyiv, Ukraine\n\n")
    assert "responding to a plan for a 30-day ceasefire, which Ukraine agreed" in text
    assert "https://" not in text and "](" not in text
    assert "Then a question – how will that be controlled?" in text
    assert "â€" not in text
    assert unicodedata.is_normalized("NFC", text)
    got = blocks(article)
    assert (
        BlockKind.LIST_ITEM,
        1,
        "Is Putin ready for a ceasefire or playing for time?",
    ) in got
    images = [t for kind, _, t in got if kind is BlockKind.IMAGE]
    assert images == [
        "Getty Images President Trump wears a blue suit and red tie as he gestures while sat "
        "on a chair in the Oval Office at the White House"
    ]
    # The credit line under the image is its own paragraph, right after it.
    i = next(i for i, (kind, _, _) in enumerate(got) if kind is BlockKind.IMAGE)
    assert got[i + 1] == (BlockKind.PARAGRAPH, 0, "Getty Images")
    assert [(r.kind, r.count) for r in article.repairs] == [("mojibake", 1)]


def test_seed_fast_path_matches_markdown_it() -> None:
    raw = SEED.read_text(encoding="utf-8")
    fast = _parse_markdown(raw)
    assert sum(item.trusted for item in fast) > 30  # most paragraphs skip markdown-it
    assert fast == _parse_markdown(raw, fast=False)


# --------------------------------------------------------------------------- repairs


def test_mojibake_fixed_and_curly_quotes_untouched(tmp_path: Path) -> None:
    source = (
        "He said “no” and ‘maybe’ – then — “it’s fine”.\n\n"
        "Then a question â€“ how? â€œQuotedâ€\x9d and cafÃ© society.\n"
    )
    article = md(tmp_path, source)
    assert blocks(article)[0][2] == "He said “no” and ‘maybe’ – then — “it’s fine”."
    assert blocks(article)[1][2] == "Then a question – how? “Quoted” and café society."
    (repair,) = article.repairs
    assert repair.kind == "mojibake"
    assert repair.count == 4  # â€“, â€œ, â€\x9d, Ã©


def test_mojibake_fix_leaves_everything_else_alone() -> None:
    keep = "ﬁne ligature, ｗｉｄｅ, &amp; entity, “curly”, e\u0301, line\u2028break"
    assert _fix_mojibake(keep) == (keep, 0)


_MOJIBAKE_ALPHABET = "".join(
    sorted(
        {
            c
            for chars in MOJIBAKE_CATEGORIES.values()
            for c in chars
            if c != "-"  # ranges are written with "-"
        }
        | set("abcXYZ .,;!?\n€ÂÃÎÐŒœרÙà√≈ЂВГРСΒΓΞΟвβā°µ")
        | {chr(c) for c in range(0x80, 0xA0)}
        | {chr(c) for c in range(0xC0, 0x100)}
    )
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_MOJIBAKE_ALPHABET, max_size=12))
def test_mojibake_hint_is_necessary_for_ftfy_badness(s: str) -> None:
    # The line filter may only skip lines ftfy would leave alone.
    if BADNESS_RE.search(s):
        assert _MOJIBAKE_HINT.search(s), repr(s)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_MOJIBAKE_ALPHABET, max_size=30))
def test_mojibake_fix_equals_ftfy_on_whole_text(s: str) -> None:
    assert _fix_mojibake(s)[0] == ftfy.fix_text(s, _ftfy_config())


def test_written_out_mojibake_hint_matches_ftfy() -> None:
    # The module writes the pattern out so that ftfy is imported only when needed.
    assert _MOJIBAKE_HINT.pattern == _mojibake_hint().pattern


def test_plain_ascii_article_imports_neither_ftfy_nor_rapidfuzz() -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from positions.article import parse_article\n"
        "parse_article('Plain words.\\n\\nMore words.', Path('a.md'))\n"
        "print(sorted(m for m in ('ftfy', 'markdown_it', 'rapidfuzz') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_controls_and_bidi_removed_and_recorded(tmp_path: Path) -> None:
    source = (
        "Safe \x1b[2Jtext \x1b]52;c;ZXZpbA==\x07here\x9b31m.\n\n"
        "Link \x1b]8;;https://x.example\x1b\\text\x1b]8;;\x1b\\ and \u202eevil\u202c end.\n"
    )
    article = md(tmp_path, source)
    assert article.text == "Safe text here.\n\nLink text and evil end."
    assert [(r.kind, r.count) for r in article.repairs] == [("control", 5), ("bidi", 2)]


def test_entities_that_decode_to_bidi_controls_are_removed(tmp_path: Path) -> None:
    article = md(tmp_path, "a &#x202E;b&#8238;c\n")
    assert article.text == "a bc"
    assert [(r.kind, r.count) for r in article.repairs] == [("bidi", 2)]


def test_text_is_nfc(tmp_path: Path) -> None:
    article = md(tmp_path, "Cafe\u0301 and Zelens\u030ckyi\n\n*e*\u0301 mark\n")
    assert unicodedata.is_normalized("NFC", article.text)
    assert blocks(article)[0][2] == "Café and Zelenškyi"
    # Two in the source, one where parsing put a combining mark after a letter.
    assert [(r.kind, r.count) for r in article.repairs] == [("normalization", 3)]


def test_crlf_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"First line\r\nsame paragraph.\r\n\r\nSecond.\r\n")
    article = load_article(path)
    assert article.text == "First line same paragraph.\n\nSecond."
    assert article.repairs == ()


# --------------------------------------------------------------------------- Markdown


def test_markdown_inline_rules(tmp_path: Path) -> None:
    article = md(
        tmp_path,
        'Intro to [a plan\nfor a ceasefire](https://example.com/x "title") and *more*,\n'
        "**bold** _under_ `code span` <b>html</b> &amp; text.  \n"
        "After a hard break. Escaped \\*star\\*.\n",
    )
    assert article.text == (
        "Intro to a plan for a ceasefire and more, bold under code span <b>html</b> & text.\n"
        "After a hard break. Escaped *star*."
    )


def test_markdown_headings(tmp_path: Path) -> None:
    article = md(tmp_path, "# One\n\n### Three *em*\n\nSetext two\n----------\n\nBody.\n")
    assert blocks(article) == [
        (BlockKind.HEADING, 1, "One"),
        (BlockKind.HEADING, 3, "Three em"),
        (BlockKind.HEADING, 2, "Setext two"),
        (BlockKind.PARAGRAPH, 0, "Body."),
    ]


def test_markdown_lists_and_quotes(tmp_path: Path) -> None:
    article = md(
        tmp_path,
        "- [Is Putin ready?](https://x.example)\n"
        "- second\n"
        "  - nested\n"
        "    1. deep\n\n"
        "> Quoted one\n> still one.\n>\n> Quoted two.\n"
        "> > inner\n",
    )
    assert blocks(article) == [
        (BlockKind.LIST_ITEM, 1, "Is Putin ready?"),
        (BlockKind.LIST_ITEM, 1, "second"),
        (BlockKind.LIST_ITEM, 2, "nested"),
        (BlockKind.LIST_ITEM, 3, "deep"),
        (BlockKind.BLOCKQUOTE, 1, "Quoted one still one."),
        (BlockKind.BLOCKQUOTE, 1, "Quoted two."),
        (BlockKind.BLOCKQUOTE, 2, "inner"),
    ]


def test_markdown_images(tmp_path: Path) -> None:
    article = md(
        tmp_path,
        "![Alone *alt*](a.png)\n\n"
        "Text with ![inline alt](b.png) inside.\n\n"
        "[![Linked alt](c.png)](https://x.example)\n"
        "Photo credit\n",
    )
    assert blocks(article) == [
        (BlockKind.IMAGE, 0, "Alone alt"),
        (BlockKind.PARAGRAPH, 0, "Text with inline alt inside."),
        (BlockKind.IMAGE, 0, "Linked alt"),
        (BlockKind.PARAGRAPH, 0, "Photo credit"),
    ]


def test_markdown_code_and_html_are_literal(tmp_path: Path) -> None:
    article = md(
        tmp_path,
        "```\nfenced *not em*\n  indented\n```\n\n    code block\n    line two\n\n"
        "<div>\n<script>alert(1)</script>\n</div>\n",
    )
    assert blocks(article) == [
        (BlockKind.PARAGRAPH, 0, "fenced *not em*\n  indented"),
        (BlockKind.PARAGRAPH, 0, "code block\nline two"),
        (BlockKind.PARAGRAPH, 0, "<div>\n<script>alert(1)</script>\n</div>"),
    ]


def test_markdown_link_destinations_never_reach_the_text(tmp_path: Path) -> None:
    article = md(tmp_path, "[click](javascript:alert(1)) and <https://auto.example/x>\n")
    assert article.text == "click and https://auto.example/x"


_MD_ATOMS = [
    "word", "Word", "two words", " ", "  ", "\t", "\n", "\n\n", "\n\n\n", "  \n",
    "- ", "* ", "+ ", "1. ", "2) ", "# ", "## ", "> ", "    ", "  ", "---", "===", "***",
    "*", "**", "_", "__", "`", "``", "[", "]", "(", ")", "!", "<", ">", "&", "&amp;",
    "\\", "[a](b)", "[a b](http://x.y/z_w*q)", "![i](j)", "*em*", "**st**", "_u_",
    "<div>", "<b>", "<!--", "-->", "```", "~~~", "[r]: /u", "[r]", "1990. ", "2.5",
    "“", "”", "’", "–", "é", "\u00a0", "a_b_c", "x*y*z", "(*p*)", "*q*.",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_MD_ATOMS), max_size=40))
def test_markdown_fast_path_equals_markdown_it(atoms: list[str]) -> None:
    raw = "".join(atoms)
    fast = _assemble(_parse_markdown(raw), _Repairs())
    assert fast == _assemble(_parse_markdown(raw, fast=False), _Repairs()), repr(raw)


@pytest.mark.parametrize("every", [0, 37, 1], ids=["no-inline-syntax", "some", "every"])
def test_paragraphs_with_inline_syntax_among_many_equal_markdown_it(every: int) -> None:
    """Which pieces hold inline syntax is found in one of three ways (none in the text, a
    few placed by offset, many searched piece by piece); each gives markdown-it's blocks."""
    marks = ["*em* here", "a [link](http://x.y/z) too", "AT&amp;T", "<b>bold</b>", "x\\*y"]
    paragraphs = [
        f"Paragraph {k} {marks[k % len(marks)] if every and k % every == 0 else 'plain'} words."
        for k in range(300)
    ]
    raw = "# Title\n\n" + "\n\n\n".join(paragraphs) + "\n  \nLast line\nand more.\n"
    fast = _assemble(_parse_markdown(raw), _Repairs())
    assert fast == _assemble(_parse_markdown(raw, fast=False), _Repairs())
    assert len(fast[1]) == 302


# --------------------------------------------------------------------------- plain text


def test_plain_text_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "  First line\n  same paragraph *not markdown*  \n \t \nSecond\tparagraph\n\n\n"
        "# not a heading\n",
        encoding="utf-8",
    )
    article = load_article(path)
    check_layout(article)
    assert blocks(article) == [
        (BlockKind.PARAGRAPH, 0, "First line same paragraph *not markdown*"),
        (BlockKind.PARAGRAPH, 0, "Second paragraph"),
        (BlockKind.PARAGRAPH, 0, "# not a heading"),
    ]


def test_parse_article_picks_the_format_by_suffix() -> None:
    source = "# Title\n\n[link](u)"
    assert parse_article(source, Path("x.markdown")).text == "Title\n\nlink"
    assert parse_article(source, Path("x.MD")).text == "Title\n\nlink"
    assert parse_article(source, Path("x.txt")).text == "# Title\n\n[link](u)"


# --------------------------------------------------------------------------- file errors


def error_of(path: Path, **kwargs: int) -> str:
    with pytest.raises(ArticleError) as info:
        load_article(path, **kwargs)
    return str(info.value)


def test_bom_is_accepted_and_dropped(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(codecs.BOM_UTF8 + "Hello “world”.\n".encode())
    article = load_article(path)
    assert article.text == "Hello “world”."


def test_latin1_file_is_rejected_with_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("First line\nThe café\n".encode("latin-1"))
    message = error_of(path)
    assert "not valid UTF-8" in message
    assert "byte 0xe9 at byte offset 18 (line 2)" in message


def test_offset_counts_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(codecs.BOM_UTF8 + b"ab\xff")
    assert "byte 0xff at byte offset 5 (line 1)" in error_of(path)


def test_binary_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    message = error_of(path)
    assert "binary" in message and "byte offset 4" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"", "empty"), (codecs.BOM_UTF8, "empty"), (b" \n\t\r\n ", "only whitespace")],
)
def test_empty_article_is_rejected(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(content)
    assert expected in error_of(path)


def test_article_with_no_visible_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\n\n***\n", encoding="utf-8")
    assert "no readable text" in error_of(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert error_of(tmp_path / "missing.md") == "file not found"
    folder = tmp_path / "folder.md"
    folder.mkdir()
    assert error_of(folder) == "is a directory, not a file"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.md"
    path.write_text("text", encoding="utf-8")

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", deny)  # as an unreadable file would, even for root
    assert error_of(path) == "cannot read the file: permission denied"


def test_wrong_suffix(tmp_path: Path) -> None:
    for name in ("a.pdf", "a.html", "noext"):
        path = tmp_path / name
        path.write_text("text", encoding="utf-8")
        message = error_of(path)
        assert "unsupported article type" in message and ".md, .markdown or .txt" in message


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    with path.open("wb") as f:
        f.truncate(17 * 1024 * 1024)  # sparse: the size is checked before reading
    assert MAX_ARTICLE_BYTES == 16 * 1024 * 1024
    assert error_of(path) == "article is 17 MB; the limit is 16 MB"
    small = tmp_path / "small.md"
    small.write_text("x" * 2048, encoding="utf-8")
    assert error_of(small, max_bytes=1024) == "article is 2 KB; the limit is 1 KB"
    small.write_text("x" * 1025, encoding="utf-8")
    assert error_of(small, max_bytes=1024) == "article is 1,025 bytes; the limit is 1,024 bytes"


# --------------------------------------------------------------------------- speed


def test_a_large_article_loads_every_paragraph(tmp_path: Path) -> None:
    # How long this takes is a figure of bench/micro.py, not a test.
    path = tmp_path / "big.md"
    path.write_text(big_markdown(20_000), encoding="utf-8")
    assert path.stat().st_size > 3_000_000
    article = load_article(path)
    assert len(article.blocks) == 20_000
    assert all(b.kind is BlockKind.PARAGRAPH for b in article.blocks)
    text = article.text
    assert not any(c in text for c in "[]*")  # links and emphasis became their text
    for block in article.blocks[::997]:
        assert len(text[block.start : block.end].split(" ")) == 28


@pytest.mark.parametrize("collecting", [True, False])
@pytest.mark.parametrize("fails", [False, True], ids=["parsed", "parser-fails"])
def test_parsing_leaves_the_garbage_collector_as_it_found_it(
    collecting: bool, fails: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing holds the collector's passes (see parse_article); the reader, which pauses
    and freezes it on its own terms, must get it back as it was, even after an error."""
    import gc

    import positions.article
    import positions.blocks

    seen: list[bool] = []
    real = positions.blocks.parse_blocks

    def parse_blocks(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        if fails:
            raise RuntimeError("a bug")
        return real(*args, **kwargs)

    monkeypatch.setattr(positions.article, "parse_blocks", parse_blocks)
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        with pytest.raises(RuntimeError) if fails else contextlib.nullcontext():
            article = parse_article("A paragraph.\n\n# A heading\n", Path("a.md"))
            assert len(article.blocks) == 2
        assert seen == [False]  # held while parsing
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()


_HEADING_ATOMS = [
    "#", "##", "######", "#######", " ", "\t", "  ", "word", "Word two", "C#", "#tag", " #",
    " ##", "*", "_", "[a](b)", "&amp;", "\\", "`", "é", "世界", "\n", "\n\n", "x",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_HEADING_ATOMS), max_size=12))
def test_markdown_fast_headings_equal_markdown_it(atoms: list[str]) -> None:
    raw = "# " + "".join(atoms) + "\n\nA paragraph."
    fast = _assemble(_parse_markdown(raw), _Repairs())
    assert fast == _assemble(_parse_markdown(raw, fast=False), _Repairs()), repr(raw)


def test_headings_and_paragraphs_need_no_markdown_it() -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from positions.article import parse_article\n"
        "parse_article('# Title\\n\\nWords.\\n\\n## Part 2\\n\\nMore.', Path('a.md'))\n"
        "print('markdown_it' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_mojibake_count_is_every_garbled_sequence_however_long_the_line() -> None:
    # Issue 12: a line of thousands of garbled sequences was reported as "fixed 1".
    from positions.repair import repair_text

    line = "x \u00e2\u20ac\u201c y " * 3000  # "â€“" for "–", 3,000 times on one line
    text, repairs = repair_text(line + "\n" + "caf\u00c3\u00a9\n" * 5, keep_tabs=False)
    assert text.count("\u2013") == 3000 and text.count("café") == 5
    assert repairs.mojibake == 3005


def _article(text: str) -> Article:
    return parse_article(text, Path("a.md"))


@pytest.mark.parametrize("tail", ["", "\n\n[ref]: http://example.org\n"])
def test_a_block_with_too_many_delimiters_is_read_as_plain_text(tail: str) -> None:
    # Issue 12, item 7: "*a" repeated cost time quadratic in its length.  Both parse paths
    # (piecewise, and whole, which a reference definition forces) give the same result.
    from positions.blocks import INLINE_DELIMITERS_PER_BLOCK

    run = "*a" * (INLINE_DELIMITERS_PER_BLOCK + 1)
    article = _article(f"Intro *kept* here.\n\nSecond\n{run}\n\n![{run}\n{tail}")
    assert article.plain_lines == (3, 6)
    assert "Intro kept here." in article.text  # a normal block is still parsed
    assert f"Second {run}" in article.text  # as written, the line break a space
    assert f"![{run}" in article.text


def test_once_the_inline_budget_is_spent_busy_blocks_are_plain(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import positions.blocks as blocks

    monkeypatch.setattr(blocks, "INLINE_COST_BUDGET", 2_000)
    busy = "[a] *b* " * 5  # 25 delimiters in 40 characters: 1,000 each
    article = _article("\n\n".join([busy, busy, busy, "*only* two"]))
    assert article.plain_lines == (5,)
    texts = article.text.split("\n\n")
    assert texts[:2] == ["[a] b " * 4 + "[a] b"] * 2
    assert texts[2] == busy.strip()
    assert texts[3] == "only two"  # few delimiters: always parsed


def test_the_plain_text_warning_names_the_article_line(tmp_path: Path) -> None:
    from positions.loader import load_document

    (tmp_path / "article.md").write_text(
        "The idea is right.\n\n" + "[a][" * 400 + "\n", encoding="utf-8"
    )
    (tmp_path / "p.yaml").write_text(
        "version: 1\narticle: {file: article.md}\ntopics: {t: {title: T}}\nparties:\n"
        "  p: {name: P, positions: {t: {stance: supports, summary: S, quotes: "
        "[{text: The idea is right}]}}}\n",
        encoding="utf-8",
    )
    warnings = [d.format() for d in load_document(tmp_path / "p.yaml").warnings]
    assert warnings == [
        f"{tmp_path / 'p.yaml'}:2:17: warning: article article.md: 1 block (line 3) read as "
        "plain text: too many emphasis, link or code marks to parse as Markdown in time"
    ]


def test_mojibake_repairs_stop_past_their_budget_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 12, item 7: 15.9 MB of mojibake lines took 70 s to repair.
    import positions.repair as repair
    from positions.loader import load_document

    monkeypatch.setattr(repair, "MOJIBAKE_BUDGET", 100)
    line = "The caf\u00c3\u00a9 is open, said the minister."  # "café" garbled
    (tmp_path / "article.md").write_text(
        "The idea is right.\n\n" + "\n\n".join([line] * 5) + "\n", encoding="utf-8"
    )
    (tmp_path / "p.yaml").write_text(
        "version: 1\narticle: {file: article.md}\ntopics: {t: {title: T}}\nparties:\n"
        "  p: {name: P, positions: {t: {stance: supports, summary: S, quotes: "
        "[{text: The idea is right}]}}}\n",
        encoding="utf-8",
    )
    loaded = load_document(tmp_path / "p.yaml")
    assert loaded.document.article.text.count("café") == 2  # 2 x 40 characters fit in 100
    assert loaded.document.article.mojibake_stopped == 7
    assert [d.message for d in loaded.warnings] == [
        "article article.md: garbled text (mojibake) left unrepaired from line 7 on: too "
        "much of it to repair in time"
    ]


# --------------------------------------------------------------------------- pickling


def test_an_article_pickles_whole() -> None:
    """The linking child sends the parsed article to the reader as a pickle (with its
    blocks packed, see Article.__reduce__): every block, kind, level and field comes back."""
    import pickle

    raw = SEED.read_text(encoding="utf-8") + (
        "\n\n## Level two\n\n> quoted\n> > nested\n\n- item\n  - inner\n\n![alt](x.png)\n"
    )
    article = parse_article(raw, Path("a.md"))
    kinds = {(b.kind, b.level) for b in article.blocks}
    assert {(BlockKind.HEADING, 2), (BlockKind.BLOCKQUOTE, 2), (BlockKind.LIST_ITEM, 2)} <= kinds
    assert {kind for kind, _ in kinds} == set(BlockKind)
    assert article.repairs  # the seed's mojibake
    article.block_starts  # noqa: B018 - a cached value is not sent, but made again
    back = pickle.loads(pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == article
    assert all(type(b.kind) is BlockKind for b in back.blocks)
    assert back.block_starts == article.block_starts
    odd = replace(article, plain_lines=(3, 7), mojibake_stopped=12)
    assert pickle.loads(pickle.dumps(odd)) == odd
