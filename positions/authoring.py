"""Changes to a positions file made from the reader: code a passage, remove, edit, move.

:func:`apply_change` turns the file's text and a :class:`Change` into the file's new text,
touching only the lines the change is about (see :mod:`positions.yaml_edit`); nothing
here reads or writes a file (:class:`positions.session.DocumentSession` does).

Rules the written file keeps, so that it always loads (``check --strict``) and anchors
every new quote to the passage the user selected:

* a quote's text is the article's text of the span (whitespace runs as one space), and
  ``occurrence:`` is written when that text occurs more than once, counted as the
  anchorer counts it;
* a new party's or topic's id is made from its name: lower case ASCII letters, digits and
  ``-``, unique among the file's ids;
* a position needs at least one quote: removing its last quote removes the position (and
  the party's ``positions:`` key when that was its last position).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from positions.coverage import (
    inside_quotation,
    speaking_party,
    suggest_speaker,
    unclaimed_quotations,
)
from positions.model import Basis, Document, Position, QuoteKind, Span, Stance
from positions.quote_text import AuthoringError, make_id, moved_quote_text, one_line, quote_text

if TYPE_CHECKING:
    from yaml.nodes import Node

    from positions.yaml_edit import Layout, Value, YamlText

# The YAML editor (and yaml, the loader) load when a change is applied: the reader imports
# this module before its first frame for the change types alone.

__all__ = [
    "AddQuote",
    "AuthoringError",
    "Change",
    "EditPosition",
    "MoveQuote",
    "RemoveQuote",
    "added_to",
    "apply_change",
    "describe",
    "edit_change",
    "inside_quotation",
    "make_id",
    "quote_text",
    "relocated",
    "speaking_party",
    "suggest_speaker",
    "unclaimed_quotations",
]


@dataclass(frozen=True)
class AddQuote:
    """Code a selected passage as a quote of a party on a topic."""

    span: Span
    """Offsets into ``Document.article.text``: what the user selected."""
    party: str
    """An existing party's id (or name), or a new party's name (its id is made from it)."""
    topic: str
    """An existing topic's id (or title), or a new topic's title (its id is made from it)."""
    stance: Stance | None
    """``None``: keep the existing position's stance (required for a new position)."""
    basis: Basis | None
    """``None``: keep the existing position's basis, or leave the default."""
    kind: QuoteKind
    speaker: str | None
    """A name not among the party's ``speakers`` joins them."""
    summary: str | None = None
    """For a new position (without one, ``summary: ""`` is written and ``check`` warns)."""
    text: str | None = None
    """The passage's text as it was selected; when the article changed on disk since,
    the quote goes where that text is now (see :func:`relocated`)."""


@dataclass(frozen=True)
class RemoveQuote:
    """Remove quote ``index`` (in ``Position.quotes``) of a position; its last quote
    removes the position."""

    party_id: str
    topic_id: str
    index: int


@dataclass(frozen=True)
class EditPosition:
    """Set a position's stance, basis (``None``: no ``basis:`` key, the default) and
    summary."""

    party_id: str
    topic_id: str
    stance: Stance
    basis: Basis | None
    summary: str


@dataclass(frozen=True)
class MoveQuote:
    """Anchor quote ``index`` of a position to a new span (its text follows)."""

    party_id: str
    topic_id: str
    index: int
    span: Span


#: Any change :func:`apply_change` makes.
Change = AddQuote | RemoveQuote | EditPosition | MoveQuote


def _layout(doc: YamlText) -> Layout:
    """The indentation the file uses (defaults: two spaces, dashes indented)."""
    from positions.yaml_edit import Layout

    step = 0
    for key in ("topics", "parties", "article"):
        found = doc.get(doc.root, key)
        if found is not None and doc.is_block(found[1]) and not step:
            step = doc.column(int(doc.entries(found[1])[0][0].start_mark.index))
    step = step or 2
    parties = doc.get(doc.root, "parties")
    for _, party in doc.entries(parties[1]) if parties else []:
        positions = doc.get(party, "positions")
        for _, position in doc.entries(positions[1]) if positions else []:
            quotes = doc.get(position, "quotes")
            if quotes is None or not doc.is_block(quotes[1]):
                continue
            seq = quotes[1]
            dash = doc.column(int(seq.start_mark.index)) - doc.column(
                int(quotes[0].start_mark.index)
            )
            gap = doc.column(int(seq.value[0].start_mark.index)) - doc.column(
                int(seq.start_mark.index)
            )
            if dash >= 0 and gap >= 2:
                return Layout(step, dash, gap)
    return Layout(step, step, 2)


def _key_column(doc: YamlText, node: Node) -> int:
    return doc.column(int(node.start_mark.index))


def _resolve(given: str, ids: list[str], names: dict[str, str]) -> str | None:
    """An existing id for ``given`` (an id, or a name compared without case)."""
    if given in ids:
        return given
    folded = given.casefold().strip()
    for ident, name in names.items():
        if name.casefold().strip() == folded:
            return ident
    return None


# ---------------------------------------------------------------------------- changes


def relocated(change: Change, document: Document) -> Change:
    """``change`` made on ``document`` (the version on disk now): a passage selected in an
    earlier version of the article (an editor saved it while the dialog was open) is
    taken where its text is now, when it is there once, and the change is refused
    otherwise (raises :class:`AuthoringError`), never made on whatever text moved under
    the old offsets."""
    if not isinstance(change, AddQuote) or change.text is None:
        return change
    article = document.article.text
    span = change.span
    if article[span.start : span.end] == change.text:
        return change
    first = article.find(change.text) if change.text else -1
    if first < 0:
        raise AuthoringError("the passage selected is no longer in the article; select it again")
    if article.find(change.text, first + 1) >= 0:
        raise AuthoringError("the passage selected is now in the article more than once;"
                             " select it again")  # fmt: skip
    return replace(change, span=Span(first, first + len(change.text)))


def apply_change(yaml_text: str, document: Document, change: Change) -> str:
    """The positions file's new text after ``change``: only the lines it is about differ,
    every other byte stays as it was.  ``document`` is ``yaml_text`` loaded (its offsets
    are the spans').  Raises :class:`AuthoringError` when it cannot apply."""
    return edit_change(yaml_text, document, change).result()


def edit_change(yaml_text: str, document: Document, change: Change) -> YamlText:
    """``yaml_text`` composed, with the splices that make ``change`` (its ``result()`` is
    :func:`apply_change`'s text).  Raises :class:`AuthoringError` when it cannot apply."""
    from positions.yaml_edit import YamlEditError, YamlText

    try:
        doc = YamlText(yaml_text, document.path)
        if isinstance(change, AddQuote):
            _add_quote(doc, document, change)
        elif isinstance(change, RemoveQuote):
            _remove_quote(doc, document, change)
        elif isinstance(change, EditPosition):
            _edit_position(doc, document, change)
        else:
            _move_quote(doc, document, change)
        doc.result()  # overlapping splices raise here, as an AuthoringError
        return doc
    except YamlEditError as exc:
        raise AuthoringError(exc.message) from None


def _quote_value(
    text: str, speaker: str | None, kind: QuoteKind, occurrence: int | None
) -> dict[str, Value]:
    value: dict[str, Value] = {"text": text}
    if speaker:
        value["speaker"] = speaker
    value["kind"] = kind.value
    if occurrence is not None:
        value["occurrence"] = occurrence
    return value


def _target(change: AddQuote, document: Document) -> tuple[str, bool, str, bool]:
    """The party id, whether it is new, the topic id, whether it is new."""
    party_ids = [p.id for p in document.parties]
    party_id = _resolve(change.party, party_ids, {p.id: p.name for p in document.parties})
    topic_ids = [t.id for t in document.topics]
    topic_id = _resolve(change.topic, topic_ids, {t.id: t.title for t in document.topics})
    if party_id is None and not one_line(change.party):
        raise AuthoringError("a party is needed")
    if topic_id is None and not one_line(change.topic):
        raise AuthoringError("a topic is needed")
    return (
        party_id or make_id(one_line(change.party), set(party_ids), "party"),
        party_id is None,
        topic_id or make_id(one_line(change.topic), set(topic_ids), "topic"),
        topic_id is None,
    )


def added_to(change: AddQuote, document: Document) -> tuple[str, str]:
    """The ids of the party and topic ``change`` adds its quote to (a new one's id as it
    will be made): after :func:`apply_change`, the quote is the last of that position."""
    party_id, _, topic_id, _ = _target(change, document)
    return party_id, topic_id


def _add_quote(doc: YamlText, document: Document, change: AddQuote) -> None:
    layout = _layout(doc)
    text, _, occurrence = quote_text(document, change.span)
    speaker = one_line(change.speaker or "") or None
    quote = _quote_value(text, speaker, change.kind, occurrence)
    topics = doc.need(doc.root, "topics", "topics")
    parties = doc.need(doc.root, "parties", "parties")

    party_id, new_party, topic_id, new_topic = _target(change, document)
    if new_topic:
        title = one_line(change.topic)
        doc.add_entry(topics, topic_id, {"title": title}, layout, parent_indent=0)
    position = None if new_party else document.party(party_id).position_on(topic_id)
    if position is None:
        if change.stance is None:
            raise AuthoringError("a new position needs a stance")
        new_position: dict[str, Value] = {"stance": change.stance.value}
        if change.basis is not None and change.basis is not default_basis_of(change.kind):
            new_position["basis"] = change.basis.value
        new_position["summary"] = one_line(change.summary or "")
        new_position["quotes"] = [quote]
    if new_party:
        party_value: dict[str, Value] = {"name": one_line(change.party)}
        if speaker:
            party_value["speakers"] = [speaker]
        party_value["positions"] = {topic_id: new_position}
        doc.add_entry(parties, party_id, party_value, layout, parent_indent=0)
        return
    party_node = doc.need(parties, party_id, f'party "{party_id}"')
    party_indent = _key_column(doc, doc.entries(parties)[0][0]) if doc.entries(parties) else 0
    party = document.party(party_id)
    if speaker and speaker not in party.speakers:
        found = doc.get(party_node, "speakers")
        if found is None:
            doc.add_entry(
                party_node,
                "speakers",
                [speaker],
                layout,
                parent_indent=party_indent,
                before="positions",
            )
        else:
            doc.add_item(found[1], speaker, layout, parent_indent=_key_column(doc, found[0]))
    positions = doc.get(party_node, "positions")
    if position is None:
        if positions is None:
            doc.add_entry(
                party_node,
                "positions",
                {topic_id: new_position},
                layout,
                parent_indent=party_indent,
            )
        else:
            doc.add_entry(
                positions[1],
                topic_id,
                new_position,
                layout,
                parent_indent=_key_column(doc, positions[0]),
            )
        return
    assert positions is not None
    _, position_node = _position_node(doc, positions[1], party_id, topic_id)
    quotes = doc.get(position_node, "quotes")
    if quotes is None:
        raise AuthoringError(f'the position of "{party_id}" on "{topic_id}" has no quotes')
    doc.add_item(quotes[1], quote, layout, parent_indent=_key_column(doc, quotes[0]))
    kinds = [q.kind for q in position.quotes] + [change.kind]
    _set_stance_basis(
        doc,
        position_node,
        position,
        change.stance,
        change.basis,
        layout,
        implied=Basis.STATED if QuoteKind.DIRECT in kinds else Basis.REPORTED,
        keep_basis=change.basis is None,
    )


def default_basis_of(kind: QuoteKind) -> Basis:
    """The basis the loader gives a position whose only quote is of ``kind``."""
    return Basis.STATED if kind is QuoteKind.DIRECT else Basis.REPORTED


def _position_node(
    doc: YamlText, positions: Node, party_id: str, topic_id: str
) -> tuple[Node, Node]:
    found = doc.get(positions, topic_id)
    if found is None:
        raise AuthoringError(f'the position of "{party_id}" on "{topic_id}" is not in the file')
    return found


def _set_stance_basis(
    doc: YamlText,
    node: Node,
    position: Position,
    stance: Stance | None,
    basis: Basis | None,
    layout: Layout,
    *,
    implied: Basis,
    keep_basis: bool = False,
) -> None:
    """Write ``stance`` and ``basis`` into the position ``node`` where they differ from
    what the file gives; ``implied``: the basis the file gives after the change when it
    has no ``basis:`` key (``basis`` ``None``: remove the key; ``keep_basis``: leave it)."""
    if stance is not None and stance is not position.stance:
        doc.replace(doc.need(node, "stance", "the stance"), stance.value)
    found = doc.get(node, "basis")
    if keep_basis:
        return
    if basis is None:
        if found is not None:
            doc.remove_entry(node, "basis")
    elif found is not None:
        if getattr(found[1], "value", None) != basis.value:
            doc.replace(found[1], basis.value)
    elif basis is not implied:
        doc.add_entry(node, "basis", basis.value, layout, parent_indent=0, after="stance")


def _locate(doc: YamlText, party_id: str, topic_id: str) -> tuple[Node, Node, Node]:
    """The ``positions`` mapping, the position and its ``quotes`` of a party on a topic."""
    parties = doc.need(doc.root, "parties", "parties")
    party = doc.need(parties, party_id, f'party "{party_id}"')
    positions = doc.need(party, "positions", f'the positions of "{party_id}"')
    _, position = _position_node(doc, positions, party_id, topic_id)
    quotes = doc.need(position, "quotes", f'the quotes of "{party_id}" on "{topic_id}"')
    return positions, position, quotes


def _position(document: Document, party_id: str, topic_id: str) -> Position:
    try:
        position = document.party(party_id).position_on(topic_id)
    except KeyError:
        position = None
    if position is None:
        raise AuthoringError(f'"{party_id}" has no position on "{topic_id}"')
    return position


def _remove_quote(doc: YamlText, document: Document, change: RemoveQuote) -> None:
    position = _position(document, change.party_id, change.topic_id)
    if not 0 <= change.index < len(position.quotes):
        raise AuthoringError(f"there is no quote {change.index + 1} in that position")
    positions, _, quotes = _locate(doc, change.party_id, change.topic_id)
    if len(position.quotes) > 1:
        doc.remove_item(quotes, change.index)
        return
    party = doc.need(doc.need(doc.root, "parties", "parties"), change.party_id, "the party")
    if len(doc.entries(positions)) == 1:
        doc.remove_entry(party, "positions")
    else:
        doc.remove_entry(positions, change.topic_id)


def _edit_position(doc: YamlText, document: Document, change: EditPosition) -> None:
    from positions.loader import default_basis

    position = _position(document, change.party_id, change.topic_id)
    _, node, _ = _locate(doc, change.party_id, change.topic_id)
    layout = _layout(doc)
    _set_stance_basis(
        doc,
        node,
        position,
        change.stance,
        change.basis,
        layout,
        implied=default_basis(position.quotes),
    )
    summary = one_line(change.summary)
    if summary != position.summary:
        doc.replace(doc.need(node, "summary", "the summary"), _render(summary))


def _render(value: str) -> str:
    from positions.yaml_edit import render_scalar

    return render_scalar(value)


def _move_quote(doc: YamlText, document: Document, change: MoveQuote) -> None:
    position = _position(document, change.party_id, change.topic_id)
    if not 0 <= change.index < len(position.quotes):
        raise AuthoringError(f"there is no quote {change.index + 1} in that position")
    _, _, quotes = _locate(doc, change.party_id, change.topic_id)
    item = quotes.value[change.index]
    text, occurrence = moved_quote_text(document, position.quotes[change.index], change.span)
    doc.replace(doc.need(item, "text", "the quote's text"), _render(text))
    found = doc.get(item, "occurrence")
    if occurrence is None and found is not None:
        doc.remove_entry(item, "occurrence")
    elif occurrence is not None and found is not None:
        doc.replace(found[1], str(occurrence))
    elif occurrence is not None:
        doc.add_entry(item, "occurrence", occurrence, _layout(doc), parent_indent=0)


# ---------------------------------------------------------------------------- describing


def _names(document: Document, party: str, topic: str) -> str:
    try:
        party_name = document.party(party).name
    except KeyError:
        party_name = party
    try:
        topic_title = document.topic(topic).title
    except KeyError:
        topic_title = topic
    return f"{party_name} / {topic_title}"


def describe(change: Change, document: Document) -> str:
    """What ``change`` does, in a few words: ``"added a quote to Russia / The truce"``."""
    if isinstance(change, AddQuote):
        return f"added a quote to {_names(document, change.party, change.topic)}"
    if isinstance(change, RemoveQuote):
        return f"removed a quote from {_names(document, change.party_id, change.topic_id)}"
    if isinstance(change, EditPosition):
        return f"edited the position {_names(document, change.party_id, change.topic_id)}"
    return f"moved a quote of {_names(document, change.party_id, change.topic_id)}"
