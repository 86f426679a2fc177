"""Lint warnings on how evidence is filed: each at the line and column to change, each
absent when the file is right, and each an error under ``--strict``."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from positions.diagnostics import LoadError, Severity
from positions.loader import load_document

ARTICLE = (
    "The minister said: \u201cWe want peace now.\u201d The envoy met the minister in the capital. "
    "Talks went on late.\n"
)


def write(tmp_path: Path, yaml_text: str) -> Path:
    """A positions file and its article in ``tmp_path``."""
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "positions.yaml"
    path.write_text(textwrap.dedent(yaml_text), encoding="utf-8")
    return path


def warnings_of(path: Path) -> list[str]:
    """Every warning loading ``path`` gives, formatted as ``check`` prints it."""
    loaded = load_document(path)
    assert all(w.severity is Severity.WARNING for w in loaded.warnings)
    return [w.format() for w in loaded.warnings]


HEAD = """\
version: 1
article:
  file: article.txt
topics:
  peace:
    title: Peace
  talks:
    title: Talks
parties:
"""


def test_stated_basis_without_a_direct_quote_is_a_warning_at_the_basis(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + """\
  east:
    name: East
    positions:
      talks:
        stance: supports
        summary: Met the minister.
        basis: stated
        quotes:
          - text: The envoy met the minister in the capital.
            kind: reported
""",
    )
    assert warnings_of(path) == [
        f'{path}:16:16: warning: position of "east" on "talks": basis is "stated" but no '
        "quote is direct (the party's own words); use implied, action or reported"
    ]


@pytest.mark.parametrize("basis", ["action", "reported", "implied"])
def test_other_bases_need_no_direct_quote(tmp_path: Path, basis: str) -> None:
    path = write(
        tmp_path,
        HEAD
        + f"""\
  east:
    name: East
    positions:
      talks:
        stance: supports
        summary: Met the minister.
        basis: {basis}
        quotes:
          - text: The envoy met the minister in the capital.
            kind: reported
""",
    )
    assert warnings_of(path) == []


def test_stated_basis_with_a_direct_quote_and_the_default_are_quiet(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + """\
  east:
    name: East
    positions:
      peace:
        stance: supports
        summary: Wants peace.
        basis: stated
        quotes:
          - text: We want peace now.
      talks:
        stance: supports
        summary: Met the minister.
        quotes:
          - text: The envoy met the minister in the capital.
            kind: reported
""",
    )
    assert warnings_of(path) == []


SPEAKERS = (
    HEAD
    + """\
  east:
    name: East
    speakers: [The minister, The envoy]
    positions:
      peace:
        stance: supports
        summary: Wants peace.
        quotes:
          - text: We want peace now.
            {speaker}
      talks:
        stance: supports
        summary: Met the minister.
        basis: action
        quotes:
          - text: The envoy met the minister in the capital.
            kind: reported
            speaker: The envoy
"""
)


def test_a_direct_quote_without_a_speaker_is_a_warning_when_the_party_lists_some(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, SPEAKERS.format(speaker="kind: direct"))
    assert warnings_of(path) == [
        f'{path}:12:16: warning: party "east" speaker "The minister" is named by no quote '
        "(give a quote speaker: The minister, or leave the speaker out)",
        f'{path}:18:19: warning: position of "east" on "peace", quote 1: a direct quote '
        'with no speaker, but party "east" lists speakers (The minister, The envoy); add '
        "speaker: NAME",
    ]


def test_every_speaker_named_and_every_direct_quote_attributed_is_quiet(tmp_path: Path) -> None:
    path = write(tmp_path, SPEAKERS.format(speaker="speaker: The minister"))
    assert warnings_of(path) == []


def test_a_direct_quote_without_a_speaker_is_fine_when_the_party_lists_none(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        HEAD
        + """\
  east:
    name: East
    positions:
      peace:
        stance: supports
        summary: Wants peace.
        quotes:
          - text: We want peace now.
""",
    )
    assert warnings_of(path) == []


def test_a_speaker_named_only_by_a_reported_quote_counts_as_named(tmp_path: Path) -> None:
    text = SPEAKERS.format(speaker="speaker: The minister")
    assert "kind: reported\n            speaker: The envoy" in text
    assert warnings_of(write(tmp_path, text)) == []


def test_a_speaker_in_a_block_list_is_warned_at_its_own_line(tmp_path: Path) -> None:
    text = SPEAKERS.format(speaker="speaker: The minister").replace(
        "speakers: [The minister, The envoy]",
        "speakers:\n      - The minister\n      - The envoy\n      - The spokesman",
    )
    path = write(tmp_path, text)
    assert warnings_of(path) == [
        f'{path}:15:9: warning: party "east" speaker "The spokesman" is named by no quote '
        "(give a quote speaker: The spokesman, or leave the speaker out)"
    ]


TWO_PARTIES = (
    HEAD
    + """\
  east:
    name: East
    positions:
      talks:
        stance: supports
        summary: Its envoy went.
        basis: action
        quotes:
          - text: {east}
            kind: reported
  west:
    name: West
    positions:
      talks:
        stance: supports
        summary: Its minister received the envoy.
        basis: action
        quotes:
          - text: {west}
            kind: reported
"""
)


def test_the_same_passage_for_two_parties_is_one_warning_at_the_later_quote(
    tmp_path: Path,
) -> None:
    same = "The envoy met the minister in the capital."
    path = write(tmp_path, TWO_PARTIES.format(east=same, west=same))
    assert warnings_of(path) == [
        f'{path}:28:19: warning: position of "west" on "talks", quote 1: the same passage '
        'is quoted for party "east" on "talks" (line 18); fine when deliberate, else file it '
        "once"
    ]


def test_partly_overlapping_passages_of_two_parties_warn_too(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        TWO_PARTIES.format(east="The envoy met the minister", west="the minister in the capital"),
    )
    (warning,) = warnings_of(path)
    assert warning.startswith(f'{path}:28:19: warning: position of "west" on "talks", quote 1')


def test_neighbouring_passages_of_two_parties_are_quiet(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        TWO_PARTIES.format(east="The envoy met the minister", west="in the capital."),
    )
    assert warnings_of(path) == []


def test_one_party_quoting_a_passage_twice_is_not_this_warning(tmp_path: Path) -> None:
    text = TWO_PARTIES.format(east="The envoy met the minister", west="Talks went on late.")
    text = text.replace(
        "          - text: The envoy met the minister\n            kind: reported\n",
        "          - text: The envoy met the minister\n            kind: reported\n"
        "          - text: met the minister in the capital\n            kind: reported\n",
    )
    assert warnings_of(write(tmp_path, text)) == []


def test_strict_turns_each_lint_warning_into_an_error(tmp_path: Path) -> None:
    same = "The envoy met the minister in the capital."
    path = write(tmp_path, TWO_PARTIES.format(east=same, west=same))
    with pytest.raises(LoadError) as info:
        load_document(path, strict=True)
    assert [d.format() for d in info.value.errors] == [
        f'{path}:28:19: error: position of "west" on "talks", quote 1: the same passage '
        'is quoted for party "east" on "talks" (line 18); fine when deliberate, else file it '
        "once"
    ]


def test_many_parties_quoting_one_passage_warn_once_per_later_quote(tmp_path: Path) -> None:
    parties = "".join(
        f"""\
  p{n}:
    name: P{n}
    positions:
      talks:
        stance: supports
        summary: Was there.
        basis: action
        quotes:
          - text: The envoy met the minister in the capital.
            kind: reported
"""
        for n in range(4)
    )
    path = write(tmp_path, HEAD + parties)
    found = [w.removeprefix(f"{path}:") for w in warnings_of(path)]
    assert found == [
        f'{line}:19: warning: position of "p{n}" on "talks", quote 1: the same passage is '
        'quoted for party "p0" on "talks" (line 18); fine when deliberate, else file it once'
        for n, line in [(1, 28), (2, 38), (3, 48)]
    ]


def test_a_quote_overlapping_two_parties_names_the_one_earlier_in_the_file(
    tmp_path: Path,
) -> None:
    text = TWO_PARTIES.format(east="The envoy met the minister", west="Talks went on late.")
    text += """\
  north:
    name: North
    positions:
      talks:
        stance: supports
        summary: Was there.
        basis: action
        quotes:
          - text: met the minister in the capital. Talks went on
            kind: reported
"""
    path = write(tmp_path, text)
    assert warnings_of(path) == [
        f'{path}:38:19: warning: position of "north" on "talks", quote 1: the same passage '
        'is quoted for party "east" on "talks" (line 18); fine when deliberate, else file it '
        "once"
    ]


def test_shared_passages_past_the_limit_are_counted_not_listed(tmp_path: Path) -> None:
    from positions.lint import MAX_SHARED_LISTED

    topics = "".join(f"  t{n}:\n    title: T{n}\n" for n in range(MAX_SHARED_LISTED + 5))
    positions = "".join(
        f"      t{n}: {{stance: supports, summary: S, basis: action, quotes: "
        "[{text: The envoy met the minister, kind: reported}]}\n"
        for n in range(MAX_SHARED_LISTED + 5)
    )
    text = (
        "version: 1\narticle:\n  file: article.txt\ntopics:\n" + topics + "parties:\n"
        "  east:\n    name: East\n    positions:\n" + positions
        + "  west:\n    name: West\n    positions:\n" + positions
    )
    path = write(tmp_path, text)
    found = warnings_of(path)
    assert len(found) == MAX_SHARED_LISTED + 1
    (summary,) = [w for w in found if "more quotes share" in w]
    assert summary.endswith(
        f"warning: 5 more quotes share a passage with a quote of another party (only the "
        f"first {MAX_SHARED_LISTED} are listed)"
    )
    listed = [w for w in found if "the same passage is quoted" in w]
    assert len(listed) == MAX_SHARED_LISTED
    # said where the list stops: at the last quote listed
    assert summary.split(": warning:")[0] == listed[-1].split(": warning:")[0]
