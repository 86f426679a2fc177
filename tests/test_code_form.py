"""The "code quote" dialog's fields turned into changes, without a screen (issue 14)."""

from __future__ import annotations

from pathlib import Path

from positions.authoring import AddQuote, EditPosition
from positions.loader import load_document
from positions.model import Basis, Document, QuoteKind, Span, Stance
from tui.code_form import (
    FormValues,
    build_add,
    build_edit,
    default_kind,
    match_name,
    parse_choice,
    resolve_party,
    resolve_topic,
)

SEED = Path(__file__).parent.parent / "seeds" / "putin-ceasefire-conditions.yaml"


def seed() -> Document:
    return load_document(SEED).document


def test_names_match_by_id_name_prefix_or_letters_in_order() -> None:
    choices = [("ukraine", "Ukraine"), ("russia", "Russia"), ("us", "United States")]
    assert match_name("RUSSIA", choices) == "russia"
    assert match_name("us", choices) == "us"  # the id, exactly
    assert match_name("ukr", choices) == "ukraine"
    assert match_name("untd stts", choices) == "us"
    assert match_name("u", choices) is None  # several start so: a new one, not a guess
    assert match_name("Belarus", choices) is None
    assert match_name("  ", choices) is None


def test_party_and_topic_resolve_to_an_id_or_a_new_name() -> None:
    document = seed()
    assert resolve_party(document, "russ") == ("russia", False)
    assert resolve_party(document, "  European   Union ") == ("European Union", True)
    assert resolve_topic(document, "kursk") == ("kursk", False)
    assert resolve_topic(document, "Prisoner swaps") == ("Prisoner swaps", True)


def test_choices_take_the_word_or_its_first_letter() -> None:
    assert parse_choice("c", Stance) is Stance.CONDITIONAL
    assert parse_choice(" Opposes ", Stance) is Stance.OPPOSES
    assert parse_choice("a", Basis) is Basis.ACTION
    assert parse_choice("d", QuoteKind) is QuoteKind.DIRECT
    assert parse_choice("x", Stance) is None
    assert parse_choice("", Basis) is None


def test_kind_is_direct_inside_quotation_marks_else_reported() -> None:
    text = 'He said "we will not stop" and left.'
    inside = text.index("we will")
    assert default_kind(text, Span(inside, inside + 7)) is QuoteKind.DIRECT
    assert default_kind(text, Span(0, 7)) is QuoteKind.REPORTED


def test_a_new_position_needs_a_stance_an_existing_one_keeps_its_own() -> None:
    document = seed()
    span = Span(0, 10)
    new = build_add(FormValues(party="Russia", topic="New topic", kind="r"), document, span)
    assert isinstance(new, str) and new.startswith("Stance:")
    kept = build_add(FormValues(party="russia", topic="kursk", kind="r"), document, span)
    selected = document.article.text[:10]  # (the passage's text: found again if it moves)
    assert kept == AddQuote(
        span, "russia", "kursk", None, None, QuoteKind.REPORTED, None, text=selected
    )
    full = build_add(
        FormValues("EU", "New topic", "s", "i", "d", " Ursula  von der Leyen ", "Backs it."),
        document,
        span,
    )
    assert full == AddQuote(
        span, "EU", "New topic", Stance.SUPPORTS, Basis.IMPLIED, QuoteKind.DIRECT,
        "Ursula von der Leyen", "Backs it.", selected,
    )  # fmt: skip


def test_bad_fields_say_what_they_accept() -> None:
    document = seed()
    span = Span(0, 10)
    assert build_add(FormValues(topic="kursk"), document, span) == (
        "Party: type a party's name (an existing one, or a new one)."
    )
    problem = build_add(FormValues("russia", "kursk", stance="maybe"), document, span)
    assert (
        problem == "Stance: one of supports, opposes, conditional, undecided (or its first letter)."
    )
    problem = build_add(FormValues("russia", "kursk", kind="quoted"), document, span)
    assert isinstance(problem, str) and problem.startswith("Kind:")


def test_an_edit_needs_a_stance_and_keeps_the_summary_typed() -> None:
    document = seed()
    edit = build_edit(
        FormValues(stance="o", basis="", summary=" No. "), document, "russia", "kursk"
    )
    assert edit == EditPosition("russia", "kursk", Stance.OPPOSES, None, "No.")
    assert isinstance(build_edit(FormValues(stance=""), document, "russia", "kursk"), str)
