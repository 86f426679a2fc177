"""``DocumentSession.prepare_writing``: the first change after a file was linked in another
process is as quick as the later ones, and getting ready never races a change (issue 14).

A change loads the written file again from the loader's caches (only the changed quote
is anchored); a file linked in a child process left those caches empty in the reader's
process, so its first change anchored every quote (4-5 s on the 3.7 MB case).  The
anchorer's work is counted (quotes actually searched for), not timed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from positions import loader
from positions.authoring import AddQuote
from positions.loader import SEED_POSITIONS, load_document
from positions.model import QuoteKind, Span, Stance
from positions.session import DocumentSession, Ready

# Run in a new interpreter: the file is opened in a forked child, and pytest's process
# may have threads (no fork then).  Prints what it observed as JSON.
SCENARIO = """
import json, sys
from pathlib import Path
from positions import anchor
from positions.authoring import AddQuote
from positions.model import QuoteKind, Span, Stance
from positions.session import DocumentSession, Ready

searched = [0]
find = anchor.Anchorer._find
def counted(self, *args):
    searched[0] += 1
    return find(self, *args)
anchor.Anchorer._find = counted

session = DocumentSession(Path(sys.argv[1]))
opened = session.open(background=True, link_before_chars=10**9)
out = {"ready": isinstance(opened, Ready), "searched_opening": searched[0],
       "prepared_before": session.writing_prepared,
       "quotes": sum(1 for _ in session.document.all_quotes())}
searched[0] = 0
out["prepare"] = session.prepare_writing()
out["searched_preparing"] = searched[0]
out["prepared_after"] = session.writing_prepared
out["prepare_again"] = session.prepare_writing()
searched[0] = 0
text = session.document.article.text
start = text.index("incursion")
change = AddQuote(Span(start, start + len("incursion")), "Russia", "Prepared topic",
                  Stance.SUPPORTS, None, QuoteKind.REPORTED, None, "A summary.")
out["applied"] = isinstance(session.apply(change), Ready)
out["searched_writing"] = searched[0]
print(json.dumps(out))
"""


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    for source in SEED_POSITIONS.parent.glob("putin-ceasefire-conditions.*"):
        shutil.copy(source, tmp_path / source.name)
    return tmp_path / SEED_POSITIONS.name


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="opens in a forked child")
def test_after_a_child_linked_the_file_preparing_makes_the_first_change_cheap(
    seed: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCENARIO, str(seed)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    seen = json.loads(done.stdout)
    assert seen["ready"]
    assert seen["searched_opening"] == 0  # linked in the child: nothing anchored here
    assert seen["prepared_before"] is False
    assert seen["prepare"] is True and seen["prepared_after"] is True
    assert seen["searched_preparing"] >= seen["quotes"] > 1  # every quote, once
    assert seen["prepare_again"] is False  # ready already: nothing done
    assert seen["applied"]
    assert seen["searched_writing"] == 1  # only the new quote
    assert load_document(seed, strict=False).document.topic("prepared-topic")


def test_a_session_that_linked_here_is_ready_to_write(seed: Path) -> None:
    session = DocumentSession(seed)
    assert isinstance(session.open_linked(), Ready)
    assert session.writing_prepared
    assert session.prepare_writing() is False
    given = DocumentSession.of_loaded(load_document(seed))  # loaded by someone else
    assert not given.writing_prepared


def test_a_change_waits_for_the_preparation_and_never_overlaps_it(
    seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = DocumentSession.of_loaded(load_document(seed))
    loading = threading.Event()
    release = threading.Event()
    inside = [0]
    overlaps: list[str] = []
    real_open = loader.open_positions
    calls = [0]

    def held_open(*args: object, **kwargs: object) -> loader.Pending:
        calls[0] += 1
        first = calls[0] == 1
        if inside[0]:
            overlaps.append(f"load {calls[0]} began while another was loading")
        inside[0] += 1
        try:
            if first:  # the preparation: held until the change has had every chance
                loading.set()
                release.wait(30)
            return real_open(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            inside[0] -= 1

    monkeypatch.setattr(loader, "open_positions", held_open)
    preparing = threading.Thread(target=session.prepare_writing)
    preparing.start()
    assert loading.wait(30)
    text = session.document.article.text
    start = text.index("incursion")
    change = AddQuote(Span(start, start + len("incursion")), "Russia", "Prepared topic",
                      Stance.SUPPORTS, None, QuoteKind.REPORTED, None, "A summary.")  # fmt: skip
    outcome: list[object] = []
    writing = threading.Thread(target=lambda: outcome.append(session.apply(change)))
    writing.start()
    writing.join(1.0)  # unlocked, the change would be written and loaded by now
    still_waiting = writing.is_alive()
    written_meanwhile = "prepared-topic" in seed.read_text(encoding="utf-8")
    release.set()
    preparing.join(30)
    writing.join(30)
    assert still_waiting and not written_meanwhile
    assert overlaps == []
    assert len(outcome) == 1 and isinstance(outcome[0], Ready)
    assert session.writing_prepared
    assert load_document(seed, strict=False).document.topic("prepared-topic").title == (
        "Prepared topic"
    )
