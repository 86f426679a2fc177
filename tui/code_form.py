"""What the "code quote" dialog's fields mean, as plain data: no Textual, testable alone.

The dialog (:mod:`tui.screens.code`) shows text fields; this turns their text into a
:class:`~positions.authoring.AddQuote` or :class:`~positions.authoring.EditPosition`, or
into the problem to show: party and topic match an existing one by id or name (exactly,
then by prefix, then by the letters in order: "fuzzy"), else name a new one; stance,
basis and kind take their word or its first letter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from positions.authoring import AddQuote, EditPosition, MoveQuote, RemoveQuote, inside_quotation
from positions.model import Basis, Document, QuoteKind, Span, Stance

__all__ = [
    "FormValues",
    "build_add",
    "build_edit",
    "change_title",
    "default_kind",
    "has_position",
    "match_name",
    "parse_choice",
    "resolve_party",
    "resolve_topic",
]

E = TypeVar("E", bound=StrEnum)


def change_title(change: object) -> str:
    """The title of what is said about ``change`` (why it was not saved): the name of
    the dialog or key it came from."""
    if isinstance(change, EditPosition):
        return "Edit position"
    if isinstance(change, RemoveQuote):
        return "Remove quote"
    if isinstance(change, MoveQuote):
        return "Move quote"
    return "Code quote" if isinstance(change, AddQuote) else "Undo"


@dataclass(frozen=True)
class FormValues:
    """The dialog's fields as typed."""

    party: str = ""
    topic: str = ""
    stance: str = ""
    basis: str = ""
    kind: str = ""
    speaker: str = ""
    summary: str = ""


def _subsequence(needle: str, haystack: str) -> bool:
    letters = iter(haystack)
    return all(char in letters for char in needle)


def match_name(typed: str, choices: Sequence[tuple[str, str]]) -> str | None:
    """The id of the one choice (``(id, name)``) that ``typed`` names: its id or name
    exactly (ignoring case), else the only one it starts, else the only one whose letters
    it has in order; ``None``: none or several (a new one, then)."""
    key = " ".join(typed.split()).casefold()
    if not key:
        return None
    for id_, name in choices:
        if key in (id_.casefold(), " ".join(name.split()).casefold()):
            return id_
    starts = {
        id_
        for id_, name in choices
        if name.casefold().startswith(key) or id_.casefold().startswith(key)
    }
    if len(starts) == 1:
        return starts.pop()
    fuzzy = {id_ for id_, name in choices if _subsequence(key, name.casefold())}
    if len(fuzzy) == 1:
        return fuzzy.pop()
    return None


def resolve_party(document: Document, typed: str) -> tuple[str, bool]:
    """``(party id or new name, is new)`` for the party field's text."""
    found = match_name(typed, [(p.id, p.name) for p in document.parties])
    return (found, False) if found is not None else (" ".join(typed.split()), True)


def resolve_topic(document: Document, typed: str) -> tuple[str, bool]:
    """``(topic id or new title, is new)`` for the topic field's text."""
    found = match_name(typed, [(t.id, t.title) for t in document.topics])
    return (found, False) if found is not None else (" ".join(typed.split()), True)


def parse_choice(typed: str, kind: type[E]) -> E | None:
    """The member of ``kind`` whose word or first letter ``typed`` is (``None``: none)."""
    key = typed.strip().casefold()
    if not key:
        return None
    for member in kind:
        if key == member.value or (len(key) == 1 and member.value.startswith(key)):
            return member
    return None


def default_kind(text: str, span: Span) -> QuoteKind:
    """``direct`` when the passage lies inside quotation marks, else ``reported``."""
    inside = inside_quotation(text, span.start)
    if inside is not None and inside.start <= span.start and span.end <= inside.end:
        return QuoteKind.DIRECT
    return QuoteKind.REPORTED


def _words(kind: type[StrEnum]) -> str:
    return ", ".join(m.value for m in kind)


def _stance_basis(values: FormValues) -> tuple[Stance | None, Basis | None, str | None]:
    stance = parse_choice(values.stance, Stance)
    if values.stance.strip() and stance is None:
        return None, None, f"Stance: one of {_words(Stance)} (or its first letter)."
    basis = parse_choice(values.basis, Basis)
    if values.basis.strip() and basis is None:
        return None, None, f"Basis: one of {_words(Basis)} (or its first letter)."
    return stance, basis, None


def build_add(values: FormValues, document: Document, span: Span) -> AddQuote | str:
    """The quote to add, or what is wrong with the fields."""
    if not values.party.strip():
        return "Party: type a party's name (an existing one, or a new one)."
    if not values.topic.strip():
        return "Topic: type a topic's title (an existing one, or a new one)."
    party, _ = resolve_party(document, values.party)
    topic, _ = resolve_topic(document, values.topic)
    stance, basis, problem = _stance_basis(values)
    if problem is not None:
        return problem
    kind = parse_choice(values.kind, QuoteKind) or default_kind(document.article.text, span)
    if values.kind.strip() and parse_choice(values.kind, QuoteKind) is None:
        return f"Kind: one of {_words(QuoteKind)} (or its first letter)."
    if stance is None and not has_position(document, party, topic):
        return f"Stance: a new position needs one: {_words(Stance)} (or its first letter)."
    speaker = " ".join(values.speaker.split()) or None
    summary = values.summary.strip() or None
    selected = document.article.text[span.start : span.end]  # (found again if it moves)
    return AddQuote(span, party, topic, stance, basis, kind, speaker, summary, selected)


def build_edit(
    values: FormValues, document: Document, party_id: str, topic_id: str
) -> EditPosition | str:
    """The position's new stance, basis and summary, or what is wrong with the fields."""
    stance, basis, problem = _stance_basis(values)
    if problem is not None:
        return problem
    if stance is None:
        return f"Stance: one of {_words(Stance)} (or its first letter)."
    return EditPosition(party_id, topic_id, stance, basis, values.summary.strip())


def has_position(document: Document, party: str, topic: str) -> bool:
    """Whether the party (id) has a position on the topic (id) already."""
    for each in document.parties:
        if each.id == party:
            return each.position_on(topic) is not None
    return False
