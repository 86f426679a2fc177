"""A worker that shares the interpreter with the reader waits for a pause in the keys
(issue 15: keys during a reload).

A key is heard as the driver's input thread reads it (``tui.workarounds.frames.hear_keys``),
before the app takes it; ``ReaderApp.wait_for_keys_drawn`` then holds a worker until the
frame that shows the key is drawn.  Keys are sent here as the terminal's are: through the
driver, from another thread.
"""

from __future__ import annotations

import threading
from typing import Any

from test_tui_coding import until
from test_tui_fixtures import four_party_document
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Static

from tui.app import create_app
from tui.workarounds.frames import hear_keys


def typed(app: App[Any], key: str) -> None:
    """``key`` as the terminal sends it: read by the driver (as if in its input thread)."""
    driver = app._driver
    assert driver is not None
    driver.process_message(events.Key(key, key if len(key) == 1 else None))


async def test_a_key_is_heard_before_the_app_takes_it() -> None:
    heard: list[str] = []
    taken: list[str] = []

    class Typed(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("keys")

        def on_mount(self) -> None:
            hear_keys(self, lambda: heard.append(f"heard, {len(taken)} taken"))

        def on_key(self, event: events.Key) -> None:
            taken.append(event.key)

    app = Typed()
    async with app.run_test(size=(20, 3)) as pilot:
        await pilot.pause()
        reader = threading.Thread(target=typed, args=(app, "x"))
        reader.start()
        reader.join()
        await until(pilot, lambda: taken == ["x"], "the key taken")
        assert heard == ["heard, 0 taken"]
        await pilot.press("y")  # (not from the terminal: not heard, still taken)
        assert taken == ["x", "y"] and len(heard) == 1


async def test_a_worker_waits_for_the_frame_of_the_key_heard() -> None:
    """``n`` typed from the article: a worker that asks then is let go only once the frame
    that highlights the quote is drawn; with no key waiting it goes on at once."""
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert app.wait_for_keys_drawn(0)  # nothing typed: no wait
        frames: list[int] = []
        drawn = app.frame_drawn

        def counted() -> None:
            frames.append(len(frames))
            drawn()

        app.frame_drawn = counted  # type: ignore[method-assign]
        seen: list[tuple[bool, int, bool]] = []
        waiting = threading.Event()

        def worker() -> None:
            waiting.set()
            went_on = app.wait_for_keys_drawn(10)
            seen.append((went_on, len(frames), bool(app.reader.article.highlighted_spans)))

        # Typed, and a worker waiting, before the app gets to the key (nothing of the app
        # runs until this test yields to the event loop: the reader's thread is this one).
        typed(app, "n")
        thread = threading.Thread(target=worker)
        thread.start()
        assert waiting.wait(10)
        await until(pilot, lambda: bool(seen), "the worker let go")
        thread.join()
        (went_on, frames_then, highlighted) = seen[0]
        assert went_on and frames_then >= 1 and highlighted


async def test_what_waits_for_the_keys_runs_after_the_frame_that_draws_them() -> None:
    """A reload's new version is shown after the frame of a key typed meanwhile (the key
    goes first): ``after_keys_drawn`` runs its callback then, or at once with no key."""
    app = create_app(four_party_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        ran: list[bool] = []
        app.after_keys_drawn(lambda: ran.append(bool(app.reader.article.highlighted_spans)))
        assert ran == [False]  # nothing typed: at once
        typed(app, "n")  # (the app gets to it once this test yields)
        app.after_keys_drawn(lambda: ran.append(bool(app.reader.article.highlighted_spans)))
        assert ran == [False]
        await until(pilot, lambda: len(ran) == 2, "the callback run")
        assert ran == [False, True]  # after the quote was highlighted and drawn
