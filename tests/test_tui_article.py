"""The article pane's wrapping and layout: offsets map to lines, big articles whole."""

from __future__ import annotations

import re
import string
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest
from helpers.big_inputs import repeated
from rich.cells import cell_len
from test_tui_fixtures import four_party_document

from positions.index import DocumentIndex
from positions.model import Article, Block, BlockKind
from tui.app import create_app
from tui.article_layout import build_layout
from tui.article_search import _CASE_FOLDS, ArticleSearch, find_matches, fold_case
from tui.commands import match_words
from tui.wrap import wrap_range


def test_wrap_fits_the_width_and_keeps_every_word() -> None:
    text = "The idea is right - and we support it - but there are questions. " * 5
    for width in (1, 5, 12, 40, 200):
        lines = wrap_range(text, 0, len(text), width)
        assert all(cell_len(text[s:e]) <= width for s, e in lines)
        joined = "".join(text[s:e] for s, e in lines)
        assert joined.replace(" ", "") == text.replace(" ", "")  # nothing lost
        if width >= 12:  # longer than any word: words are never cut
            assert " ".join(text[s:e] for s, e in lines).split() == text.split()


def test_wrap_measures_wide_characters_in_cells() -> None:
    text = "日本語のテキスト と English words"
    lines = wrap_range(text, 0, len(text), 8)
    assert all(cell_len(text[s:e]) <= 8 for s, e in lines)
    assert "".join(text[s:e] for s, e in lines).replace(" ", "") == text.replace(" ", "")


def test_wrap_breaks_at_newlines_and_keeps_empty_lines() -> None:
    text = "one\n\ntwo"
    assert [text[s:e] for s, e in wrap_range(text, 0, len(text), 10)] == ["one", "", "two"]
    assert wrap_range("", 0, 0, 10) == [(0, 0)]


def test_layout_maps_every_offset_to_the_line_showing_it() -> None:
    document = four_party_document()
    text = document.article.text
    layout = build_layout(document, 30)
    for offset, char in enumerate(text):
        if char in " \n":
            continue
        line = layout.line_of(offset)
        assert layout.starts[line] <= offset < layout.ends[line], offset


def test_layout_marks_block_kinds() -> None:
    document = four_party_document()
    layout = build_layout(document, 60)
    text = document.article.text
    prefixes = {layout.prefixes[layout.line_of(b.start)]: b.kind for b in document.article.blocks}
    assert prefixes["• "] is BlockKind.LIST_ITEM
    assert prefixes["▌ "] is BlockKind.BLOCKQUOTE
    assert prefixes["[image] "] is BlockKind.IMAGE
    assert layout.header[0] == document.title
    assert document.title not in text  # the header is not part of the text


# How long wrapping and searching a big article take are figures of bench/micro.py.


def test_a_big_article_wraps_every_copy_of_its_text_alike() -> None:
    small = four_party_document()
    document, copies = repeated(small, 3.6)
    assert len(document.article.text) > 3_500_000
    layout = build_layout(document, 76)
    assert len(layout) > 40_000
    step = len(small.article.text) + 2  # from one copy to the next
    first = layout.line_of(small.article.blocks[0].start)
    lines = layout.line_of(step + small.article.blocks[0].start) - first  # per copy
    last = first + (copies - 1) * lines
    assert lines > 0 and layout.line_of((copies - 1) * step) == last
    assert len(layout) == last + lines - 1  # no blank line after the last copy
    for line in range(first, first + lines - 1):  # the last copy wrapped as the first was
        assert layout.starts[last + line - first] == layout.starts[line] + (copies - 1) * step
        assert layout.ends[last + line - first] == layout.ends[line] + (copies - 1) * step


async def test_a_big_article_scrolls_to_its_last_match() -> None:
    document, _ = repeated(four_party_document(), 1.0)
    app = create_app(document)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        article = app.reader.article
        text = document.article.text
        article.search("Who polices it?")
        article.step_match(-1)  # the last copy, at the end of the article
        await pilot.pause()
        assert article.match_count > 100
        assert article.is_offset_visible(text.rfind("Who polices it?"))


def test_index_orders_quotes_by_article_position() -> None:
    index = DocumentIndex(four_party_document())
    starts = [r.quote.start for r in index.in_article_order]
    assert starts == sorted(starts)
    first, wrapped = index.step_in_article(None, 0, 1)
    assert first is index.in_article_order[0] and not wrapped
    last, wrapped = index.step_in_article(first, 0, -1)
    assert last is index.in_article_order[-1] and wrapped


def test_palette_matching_needs_every_word() -> None:
    score, offsets = match_words("surrender kursk", "Ukrainians in Kursk - surrender or die")
    assert score > 0
    assert len(offsets) == len("surrender") + len("kursk")
    assert match_words("surrender paris", "Ukrainians in Kursk - surrender")[0] == 0



async def test_search_ignores_case_and_points_at_the_words_found() -> None:
    # "İ" lowers to two characters, so that article is searched the other way (re.I).
    for prefix in ("", "İstanbul talks. "):
        text = prefix + "Talks in\nKursk. KURSK talks; kursk-region. Kurs k."
        base = four_party_document()
        article = Article(Path("a.md"), text, (Block(BlockKind.PARAGRAPH, 0, len(text)),))
        document = replace(base, article=article, parties=())
        app = create_app(document)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            view = app.reader.article
            assert view.search("kURSK") == 3
            assert [text[s:e] for s, e in view.matches] == ["Kursk", "KURSK", "kursk"]
            assert view.search("in   kursk") == 1  # any whitespace matches any run of it
            assert [text[s:e] for s, e in view.matches] == ["in\nKursk"]
            found = [text[s:e] for s, e in (view.search("talks") and view.matches)]
            assert found == ["talks"] * (prefix != "") + ["Talks", "talks"]


def test_case_folds_list_every_character_that_folds_to_another() -> None:
    folds = {}
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        lower = chr(code).lower()
        if len(lower) == 1 and len(lower.upper()) == 1:
            again = lower.upper().lower()
            if len(again) == 1 and again != lower:
                folds[lower] = again
    assert folds == _CASE_FOLDS


def test_fold_case_matches_what_re_ignorecase_matches() -> None:
    """Searching the case-folded article finds what re.I finds in the article."""
    chars = sorted(
        set(string.ascii_letters + "ßẞKÅåΣσςµμΜϐβΒθϑΘÀàÉéÖöЖжЯяᲀв")
        | set(_CASE_FOLDS) | set(_CASE_FOLDS.values())
    )
    for a in chars:
        for b in chars:
            fa, fb = fold_case(a), fold_case(b)
            assert fa is not None and fb is not None
            assert (fa == fb) == bool(re.fullmatch(re.escape(a), b, re.I)), (a, b)
    assert fold_case("İstanbul") is None  # lowers to 9 characters: searched with re.I


def test_article_search_finds_steps_and_wraps_without_a_widget() -> None:
    text = "Talks in\nKursk. KURSK talks; kursk-region."
    search = ArticleSearch(text)
    assert search.find("  kursk ") == 3
    assert search.term == "kursk"
    assert [text[s:e] for s, e in search.matches] == ["Kursk", "KURSK", "kursk"]
    assert search.current is None  # none current until one is chosen
    search.index = search.first_from(text.index("KURSK"))
    assert search.current == (text.index("KURSK"), text.index("KURSK") + 5)
    search.index = search.stepped(1)
    search.index = search.stepped(1)  # past the last: back to the first
    assert search.index == 0
    assert search.between(0, text.index("Kursk") + 1) == [0]
    assert search.first_from(len(text)) == 0  # after the last match: wraps around
    search.set_text("no such word here")  # a reload: same term, new text
    assert (search.term, len(search), search.index) == ("kursk", 0, -1)
    assert search.find("") == 0 and search.term == ""


@pytest.mark.parametrize("fold", [True, False], ids=["folded", "re.I"])
def test_search_folds_quotation_marks_and_dashes_as_anchoring_does(fold: bool) -> None:
    """``doesn’t`` finds ``doesn't``, ``a - b`` finds ``a – b``, case still ignored, and
    the spans are the original text's.  ``İ`` (which lowers to two characters) sends the
    search down the ``re.I`` path, which must fold the same way."""
    text = "He doesn't say.\nThen a question – how?  «Never» — long‑term ‘DOESN’T SAY’"
    text = text if fold else "İ " + text
    search = ArticleSearch(text)
    expected = {
        "doesn’t say": ["doesn't say", "DOESN’T SAY"],
        "DOESN'T say": ["doesn't say", "DOESN’T SAY"],
        "then a question - how": ["Then a question – how"],
        "question — how?": ["question – how?"],
        '"never" - long-term': ["«Never» — long‑term"],
        "‘doesn": ["‘DOESN"],
    }
    for term, found in expected.items():
        search.find(term)
        assert [text[s:e] for s, e in search.matches] == found, term


def test_search_still_tells_letters_apart_from_marks() -> None:
    search = ArticleSearch("don't dont don–t")
    assert search.find("don't") == 1
    assert search.find("don-t") == 1
    assert search.find("dont") == 1


def test_a_long_word_is_found_by_find_as_the_regex_engine_finds_it() -> None:
    """A word of six letters or more is looked for with ``str.find`` (faster for a long
    word), its first 256 matches, the rest by the regex engine: the same matches as the
    regex engine alone gives (the ``re.I`` path), one after the other, case and marks
    folded, from one match to 257 and more, and runs of a repeated letter."""
    from tui.article_search import fold_text

    cases = {
        "Kursk-region, kursk‑REGION": ["kursk-region"],
        "Ushakov said. USHAKOV said.": ["ushakov"],
        "aaaaaaaaaaaaaa": ["aaaaaa", "aaaaaaa"],
        "Witkoff" * 600 + " witkoffs": ["witkoff", "witkoffs"],
        "don’tdon't " * 300: ["don'tdon't"],
    }
    for text, terms in cases.items():
        for term in terms:
            found = find_matches(text, term, fold_text(text))
            assert found == find_matches(text, term), term
            assert found and all(b <= c for (_, b), (c, _) in pairwise(found))


def test_search_folded_ahead_in_a_thread_finds_the_same_matches() -> None:
    """``/`` folds the article in a thread while the term is typed; a find meanwhile
    waits for it, and a new text is never searched through the old one's fold."""
    import threading

    text = "It doesn’t – he said “no”. " * 2000
    search = ArticleSearch(text)
    folding = threading.Thread(target=search.prepare)
    folding.start()
    assert search.find("doesn't - he") == 2000
    folding.join()
    search.prepare()
    search.set_text("Another text: DOESN'T — HE said.")
    assert [search.matches] == [[(14, 26)]]


def test_an_article_without_a_headline_shows_its_byline_and_first_words_not_a_headline(
) -> None:
    from positions.loader import SEED_POSITIONS, load_document
    from tui.article_layout import K_META, K_TITLE

    document = load_document(SEED_POSITIONS).document
    assert document.headline is None  # the seed's article has none: none is invented
    layout = build_layout(document, 200)
    assert layout.header[0] == (
        "No headline · James Landale · BBC News · 2025-03-13 · "
        "“Russian President Vladimir Putin said he agreed with…”"
    )
    assert K_TITLE not in layout.kinds[: len(layout.header)]  # nothing styled as a headline
    assert layout.kinds[0] == K_META
    titled = replace(document, meta=replace(document.meta, title="Putin sets conditions"))
    layout = build_layout(titled, 200)
    assert layout.header[:2] == ["Putin sets conditions", "James Landale · BBC News · 2025-03-13"]
    assert layout.kinds[:2] == [K_TITLE, K_META]


async def test_the_article_lines_keep_through_focus_and_follow_their_styles() -> None:
    # Lines are kept while the styles they are drawn with hold (focusing the article
    # restyles only its border); a style of their own that changes draws them again.
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        article = app.reader.article

        def styles() -> list[object]:
            return [segment.style for y in range(6) for segment in article.render_line(y)]

        before = styles()
        await pilot.press("a")
        await pilot.pause()
        assert app.focused is article
        assert styles() == before
        app.stylesheet.add_source(
            "ArticleView.-test > .article-view--title { color: red; }", read_from=("test", "")
        )
        app.stylesheet.parse()
        article.add_class("-test")
        await pilot.pause()
        assert styles() != before  # the title line in red
