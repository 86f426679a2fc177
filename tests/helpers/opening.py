"""Scenarios of opening the reader's file in a child process (``positions.background``),
each run in a fresh interpreter by tests/test_background.py (and timed by bench/micro.py):

    python tests/helpers/opening.py SCENARIO POSITIONS_FILE [ARG ...]

prints one JSON object, the scenario's observations.  Forking is only done from a process
with one thread, and pytest's own process may have threads: hence a new interpreter.
Every child that ``positions.background.start_opening`` makes is counted in ``FORKS``
(``True`` for a child, ``False`` where it could not fork), as ``positions.cli`` calls it.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import positions.background
from positions.background import Opening, RemoteLink, start_opening
from positions.diagnostics import LoadError
from positions.model import Loaded
from positions.session import DocumentSession

# Nothing here imports positions.loader before a scenario does: whether the parent
# imported it is an observation.

FORKS: list[bool] = []
NEVER = 3600.0  # seconds: a link that outlasts any test (the child is killed long before)


def _counting_start(
    path: Path, link_before_chars: int, *, allow_outside: bool = False
) -> Opening | None:
    opening = start_opening(path, link_before_chars, allow_outside=allow_outside)
    FORKS.append(opening is not None)
    return opening


positions.background.start_opening = _counting_start


def _reaped() -> bool:
    """Whether this process has no child left (every child it made was reaped)."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _in_the_child_only(replacement: Callable[..., Any]) -> None:
    """Make ``Pending.link`` call ``replacement`` first in a child (not in this process)."""
    from positions import loader

    parent = os.getpid()
    real_link = loader.Pending.link

    def link(self: loader.Pending, progress: loader.Progress | None = None) -> Loaded:
        if os.getpid() != parent:
            replacement()
        return real_link(self, progress)

    loader.Pending.link = link  # type: ignore[method-assign]


def small(seed: Path) -> dict[str, Any]:
    """A small article comes back linked, the loader never imported by the parent."""
    opening = start_opening(seed, 256 * 1024)
    if opening is None:
        raise SystemExit("fork not available")
    # The parent has not opened the file itself: the loader was never imported here.
    parent_loaded_it = "positions.loader" in sys.modules
    got = opening.result()
    from positions.loader import load_document

    want = load_document(seed)
    assert isinstance(got, Loaded)
    return {
        "kind": type(got).__name__,
        "parent_loaded_it": parent_loaded_it,
        "same": got == want,
        "linked": got.document.linked,
    }


def large(seed: Path) -> dict[str, Any]:
    """A large article (threshold 100 characters) opens on a preview, links in the child."""
    opening = start_opening(seed, 100)
    assert opening is not None, "fork not available"
    remote = opening.result()
    assert isinstance(remote, RemoteLink)
    preview = remote.preview()
    seen: list[list[int]] = []
    loaded = remote.link(lambda done, total: seen.append([done, total]))
    again = remote.link()
    from positions.loader import load_document

    want = load_document(seed)
    return {
        "kind": type(remote).__name__,
        "preview_linked": preview.linked,
        "preview_quotes": sum(len(q.spans) for _, _, q in preview.all_quotes()),
        "quote_count": remote.quote_count,
        "first_progress": seen[0],
        "last_progress": seen[-1],
        "same": loaded == want,
        "again_same": again is loaded,
        "reaped": _reaped(),
    }


def crashing_child(seed: Path, threshold: str) -> dict[str, Any]:
    """The child's link raises (a bug): the reader still opens the whole document."""
    import positions.cli
    import positions.session
    from positions.loader import load_document

    def crash() -> None:
        raise RuntimeError("bug in the child")

    _in_the_child_only(crash)
    positions.session.LINK_BEFORE_READER_CHARS = int(threshold)
    got: list[Any] = []

    def launch(session: DocumentSession) -> int:
        got.append("linking" if session.linking else "linked")
        if session.linking:
            session.link()
        got.append(session.ready.loaded if session.ready is not None else None)
        return 0

    status = positions.cli.main([str(seed)], launch=launch, background=True)
    return {
        "status": status,
        "kind": got[0],
        "forks": FORKS,
        "same": got[1] == load_document(seed),
    }


def close_while_linking(seed: Path) -> dict[str, Any]:
    """``close()`` while the child is still linking (it never would finish): the child is
    stopped, ``link()`` says so.  ``seconds``: how long ``close()`` took (for the bench)."""
    _in_the_child_only(lambda: time.sleep(NEVER))
    opening = start_opening(seed, 100)
    assert opening is not None, "fork not available"
    remote = opening.result()
    assert isinstance(remote, RemoteLink)
    started = time.perf_counter()
    remote.close()
    seconds = time.perf_counter() - started
    message = None
    try:
        remote.link()
    except LoadError as exc:
        message = exc.diagnostics[0].message
    return {"message": message, "reaped": _reaped(), "seconds": seconds}


def hostile_cases(seed: Path, *cases: str) -> dict[str, Any]:
    """Each hostile case through the command line with ``background``: status, whether
    stderr is ``expected.txt``, whether ``prepare`` ran (nothing may be launched)."""
    # Imported once here, every child starts with it (each would take ~0.2 s to import it:
    # 10 s for the corpus).  A child that imports it itself is what "small" and "large" see.
    import positions.loader  # noqa: F401
    from positions.cli import main

    def launch(opened: object) -> int:
        raise SystemExit("launched")

    report = {}
    for case in cases:
        os.chdir(case)
        err = io.StringIO()
        prepared: list[bool] = []
        status = main(
            ["positions.yaml"],
            err=err,
            background=True,
            launch=launch,
            prepare=lambda: prepared.append(True),  # noqa: B023 (called within the loop)
        )
        expected = Path("expected.txt").read_text(encoding="utf-8")
        report[Path(case).name] = [status, err.getvalue() == expected, prepared]
    return {"report": report, "forks": FORKS}


def reader_imports(seed: Path) -> dict[str, Any]:
    """What importing the reader's entry point imports (before it forks)."""
    import tui.cli  # noqa: F401

    heavy = ("positions.loader", "yaml", "textual", "positions.anchor", "positions.article")
    return {"imported": sorted(m for m in heavy if m in sys.modules)}


def quit_while_linking(seed: Path) -> dict[str, Any]:
    """``q`` in the reader while the child links (it never would finish): the reader ends,
    the child is stopped.  ``seconds``: from ``q`` until the reader ended (for the bench)."""
    import positions.cli as cli
    import positions.session

    _in_the_child_only(lambda: time.sleep(NEVER))
    positions.session.LINK_BEFORE_READER_CHARS = 100  # the seed opens on its preview
    from textual.pilot import Pilot
    from textual.worker import WorkerState

    from tui.app import create_app

    seen: dict[str, Any] = {}

    def launch(session: DocumentSession) -> int:
        seen["kind"] = "linking" if session.linking else "linked"
        app = create_app(session)

        async def quit_once_the_load_waits_on_the_child(pilot: Pilot[Any]) -> None:
            while not any(w.group == "load" and w.state is WorkerState.RUNNING
                          for w in app.workers):  # fmt: skip
                await pilot.pause(0.01)
            seen["linking"] = app.reader.linking is not None
            seen["started"] = time.perf_counter()
            await pilot.press("q")

        app.run(headless=True, size=(100, 30), auto_pilot=quit_once_the_load_waits_on_the_child)
        seen["seconds"] = time.perf_counter() - seen["started"]
        return 0

    status = cli.main([str(seed)], launch=launch, background=True)
    return {
        "status": status,
        "kind": seen["kind"],
        "linking": seen["linking"],
        "reaped": _reaped(),
        "forks": FORKS,
        "seconds": seen["seconds"],
    }


SCENARIOS: dict[str, Callable[..., dict[str, Any]]] = {
    "small": small,
    "large": large,
    "crashing-child": crashing_child,
    "close-while-linking": close_while_linking,
    "hostile-cases": hostile_cases,
    "reader-imports": reader_imports,
    "quit-while-linking": quit_while_linking,
}


def main(argv: list[str]) -> int:
    scenario, seed, *args = argv
    print(json.dumps(SCENARIOS[scenario](Path(seed), *args)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
