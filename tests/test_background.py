"""Opening the reader's file in a child process (positions.background), as the installed
``ceasefire-tui`` does: same document, same errors, same output as opening it in-process.

Each scenario is a function of tests/helpers/opening.py run in a fresh interpreter
(forking is only done from a process with one thread; pytest's own may have threads).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers.platforms import needs_fork

import positions.background as background
from positions.loader import SEED_POSITIONS

ROOT = Path(__file__).resolve().parent.parent
OPENING = Path(__file__).parent / "helpers" / "opening.py"
CORPUS = sorted(
    p
    for p in (Path(__file__).parent / "fixtures" / "hostile").iterdir()
    if p.is_dir() and not (p / "strict").exists()  # warnings only: tests/test_hostile.py
)
#: Generous: a scenario takes a second or two.  Only a scenario that hangs (the reader or
#: ``close()`` waiting for a child that never finishes) comes near it.
HANG = 120


def run_scenario(scenario: str, *args: str) -> Any:
    """Run ``scenario`` of tests/helpers/opening.py on the seed; its JSON observations."""
    try:
        done = subprocess.run(
            [sys.executable, str(OPENING), scenario, str(SEED_POSITIONS), *args],
            capture_output=True,
            text=True,
            timeout=HANG,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{scenario} hung (no answer in {HANG} s); stderr:\n{exc.stderr!r}")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@needs_fork
def test_small_article_comes_back_linked_as_the_parent_would_load_it() -> None:
    result = run_scenario("small")
    assert result == {"kind": "Loaded", "parent_loaded_it": False, "same": True, "linked": True}


@needs_fork
def test_large_article_opens_on_a_preview_and_links_in_the_child() -> None:
    # A threshold of 100 characters makes the seed "large".
    result = run_scenario("large")
    assert result == {
        "kind": "RemoteLink",
        "preview_linked": False,
        "preview_quotes": 0,
        "quote_count": 33,
        "first_progress": [0, 33],
        "last_progress": [33, 33],
        "same": True,
        "again_same": True,
        "reaped": True,
    }


@needs_fork
@pytest.mark.parametrize("threshold", [256 * 1024, 100], ids=["small", "large"])
def test_a_crashing_child_falls_back_to_opening_in_the_parent(threshold: int) -> None:
    # The child's link raises (a bug): the reader must still open the whole document.
    result = run_scenario("crashing-child", str(threshold))
    # A small file opens linked; a large one opens on its preview and links in the reader.
    kind = "linked" if threshold > 100 else "linking"
    assert result == {"status": 0, "kind": kind, "forks": [True], "same": True}


@needs_fork
def test_closing_stops_the_child_and_link_reports_it() -> None:
    # The child's link never ends: close() returning at all shows it did not wait for it.
    # (How long close() takes is a figure of bench/micro.py.)
    result = run_scenario("close-while-linking")
    del result["seconds"]
    assert result == {"message": "linking was stopped", "reaped": True}


@needs_fork
def test_every_hostile_case_prints_the_same_errors_through_the_child() -> None:
    """The whole corpus through the command line with ``background``: the same stderr as
    tests/test_hostile.py expects in-process, exit 1, nothing launched."""
    result = run_scenario("hostile-cases", *map(str, CORPUS))
    assert result["report"] == {case.name: [1, True, [True]] for case in CORPUS}
    assert result["forks"] == [True] * len(CORPUS)  # every case went through a child


def test_reader_start_does_not_import_the_loader_or_textual_before_forking() -> None:
    """What ``ceasefire-tui`` imports before it forks is what the parent pays for first:
    neither the YAML loader nor Textual (the child opens the file; Textual loads after)."""
    assert run_scenario("reader-imports") == {"imported": []}


@needs_fork
def test_quitting_the_reader_while_the_child_links_stops_it() -> None:
    """``q`` during linking must not wait for the link: the reader stops the child (its
    load worker waits on it, and the reader cannot end before its workers).  The child's
    link never ends, so the reader ending at all shows it.  (How long it takes to end is
    a figure of bench/micro.py.)"""
    result = run_scenario("quit-while-linking")
    del result["seconds"]
    assert result == {
        "status": 0,
        "kind": "linking",
        "linking": True,
        "reaped": True,
        "forks": [True],
    }


def test_the_pipe_takes_a_large_linked_document_in_few_reads() -> None:
    """The child's answer crosses a pipe widened to 1 MB (where the system allows it): a
    3.6 MB article's linked document in 5 reads instead of 70 of 64 KB, each of which must
    win the interpreter lock back from the reader's threads."""
    fcntl = pytest.importorskip("fcntl")
    get_size = getattr(fcntl, "F_GETPIPE_SZ", None)
    if get_size is None:
        pytest.skip("no pipe sizes on this platform")
    if int(Path("/proc/sys/fs/pipe-max-size").read_text()) < background.PIPE_BYTES:
        pytest.skip("this system caps pipes below 1 MB")
    read_fd, write_fd = background._pipe()
    try:
        assert fcntl.fcntl(read_fd, get_size) == background.PIPE_BYTES >= 1 << 20
    finally:
        os.close(read_fd)
        os.close(write_fd)
