"""Shared by every test: the user's own cache folder is left alone; for the snapshot
tests, notifications that stay until the picture is taken."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def _cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """``XDG_CACHE_HOME`` in a temporary folder: the console scripts the tests start (and
    their children) write their compiled-code cache (:mod:`tui.code_cache`) there."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache-home"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    """Each test starts with the garbage collector on and as CPython sets it: a test that
    fails while the reader holds the collector (a save's pause, a key's hold) must not
    leave it off for the tests after it, whose own checks on it would all fail."""
    yield
    import gc

    from tui import heap

    if not gc.isenabled():
        heap.let_go()
        gc.enable()


@pytest.fixture
def notifications_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every notification stays up (an hour) instead of its few seconds: a snapshot that
    shows one (the four-party file's warning, 10 s) must not depend on how long a busy
    machine takes to reach the picture (it was gone from it under a load of 3)."""
    from textual.app import App, SeverityLevel

    notify = App.notify

    def staying(
        self: App[object],
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        notify(self, message, title=title, severity=severity, timeout=3600, markup=markup)

    monkeypatch.setattr(App, "notify", staying)
