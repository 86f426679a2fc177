"""The reader app: thin.  It wires the document session to the reader screen.

The path a file takes: ``positions.session.DocumentSession`` (open, link, reload) -> the
Document and its index -> :class:`~tui.screens.reader.ReaderScreen` (its selection and
widgets) -> exports.  The app holds the session, runs its slow steps in a worker (the
first link of a large file, every reload), hands each outcome to the screen, keeps a log
of what it showed (:attr:`ReaderApp.messages`), and has the keys that work everywhere
(``?``, ``q``).  ``create_app`` is the one factory of the CLI and tests."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from positions.diagnostics import Diagnostic
from positions.model import Document, Loaded
from positions.session import DocumentSession, Failed, Linker, Ready
from tui.article_layout import ArticleLayout, layout_for
from tui.commands import ReaderCommands
from tui.heap import keep_alive_now, let_go, resume_start
from tui.key_hold import CollectAfterKeys
from tui.log import MessageLog, Said
from tui.screens import preload_dialogs
from tui.screens.reader import ReaderScreen
from tui.screenshot import with_screenshot_here
from tui.workarounds import draw_less

__all__ = ["ReaderApp", "create_app"]

#: Seconds between two checks of the files for changes, and between two progress updates.
WATCH_INTERVAL, PROGRESS_INTERVAL = 0.5, 0.1


class ReaderApp(MessageLog, CollectAfterKeys):
    """Read an article beside what each party said about each topic."""

    CSS_PATH = "app.tcss"
    TITLE = "ceasefire-tui"
    COMMANDS = App.COMMANDS | {ReaderCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help", tooltip="Keys and symbols"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit"),
    ]

    class Linked(Message):
        """From the load worker: ``done`` of ``total`` quotes linked."""

        def __init__(self, generation: int, done: int, total: int) -> None:
            self.generation, self.done, self.total = generation, done, total
            super().__init__()

    class Settled(Message):
        """From the load worker: the session's outcome, the new article wrapped to the
        width of the time (``layout``)."""

        waited = False  # (for the frame of a key typed meanwhile)

        def __init__(
            self, generation: int, outcome: Ready | Failed, layout: ArticleLayout | None
        ) -> None:
            self.generation, self.outcome, self.layout = generation, outcome, layout
            super().__init__()

    def __init__(self, session: DocumentSession, *, watch: bool = False) -> None:
        super().__init__()
        draw_less()  # strips' caches made when used, scrollbars drawn once per state
        self.session = session
        """The document session: every load and reload goes through it."""
        self.watching = watch
        """Whether the files are polled for changes (``check_files_now`` works anyway)."""
        self.messages: list[Said] = []
        """Every message shown (see :mod:`tui.log`), oldest first."""
        self._generation = 0  # of the latest load started; older results are dropped
        self._loading = False
        self._load_started = 0.0
        self._show_progress = False
        self._shown: tuple[Document, ArticleLayout | None] | None = None  # (at the load's start)

    def get_default_screen(self) -> ReaderScreen:
        """The reader, on the session's document."""
        session = self.session
        linking = (0, session.quote_count) if session.linking else None
        return ReaderScreen(session.document, session.index, warnings=session.warnings,
                            linking=linking)  # fmt: skip

    @property
    def reader(self) -> ReaderScreen:
        """The reader screen (the bottom of the screen stack)."""
        screen = self.screen_stack[0] if self.screen_stack else None
        assert isinstance(screen, ReaderScreen)
        return screen

    @property
    def document(self) -> Document:
        """The version of the document shown."""
        return self.reader.document

    def show_note(self, message: str) -> None:
        """A passing report (a file reloaded): on the status line, not in a toast."""
        self.reader.status_line.show_notice(message)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's palette commands; Screenshot saves in the current directory."""
        return with_screenshot_here(self, super().get_system_commands(screen))

    def on_mount(self) -> None:
        """Start watching the files."""
        if self.watching:
            self.set_interval(WATCH_INTERVAL, self._poll_files, name="watch files")

    def on_ready(self) -> None:
        """The first frame is on screen: now link (a worker then would slow it down), and
        import the dialogs (frozen once in: :mod:`tui.heap`), then build one; once linked
        (the worker taking in the file shares the interpreter: it took twice as long)."""
        resume_start()
        if self.session.linking:
            self._start_load(first=True)
        else:
            preload_dialogs(then=keep_alive_now, loaded=self.reader.prepare_dialogs)

    def on_unmount(self) -> None:
        """Closing: stop the child process still linking the file (its worker waits)."""
        self.session.close()
        let_go()

    def action_help(self) -> None:
        """``?``: keys and symbols; built once, then shown again (from the top)."""
        from tui.screens.help import HelpScreen

        if not self.is_screen_installed("help"):
            self.install_screen(HelpScreen([*ReaderScreen.BINDINGS, *self.BINDINGS]), "help")
        if self.get_screen("help") not in self.screen_stack:
            self.push_screen("help")

    @property
    def exit_status(self) -> int:
        """1 while the file's errors stand (it failed to link or to reload), else 0."""
        return self.session.exit_status

    async def action_quit(self) -> None:
        """``q``: quit; the exit status is 1 if the file's errors are shown."""
        self.exit(return_code=self.exit_status)

    # ------------------------------------------------------ loading, reloading

    def _poll_files(self) -> None:
        """Every ``WATCH_INTERVAL``: reload when a file changed and then held still for a
        tick (editors often write a file in several steps)."""
        if not self._loading and not self.session.linking and self.session.due():
            self._start_load(first=False)

    def check_files_now(self) -> bool:
        """Reload at once if a file changed since it was last read, without waiting for the
        timer or for the file to hold still; returns whether a reload was started."""
        if self._loading or self.session.linking or not self.session.changed_now():
            return False
        self._start_load(first=False)
        return True

    def _start_load(self, *, first: bool) -> None:
        """Link the file the session opened (``first``), or reload it, in the worker."""
        self._generation, self._loading = self._generation + 1, True
        self._load_started, self._show_progress = time.monotonic(), first  # (a reload's: if slow)
        # Not an argument: Textual takes the repr of a worker's arguments (a second here).
        self._shown = (self.reader.document, self.reader.article.text_layout)
        self._load_worker(self._generation, first, self.reader.article.text_width)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load_worker(self, generation: int, first: bool, width: int) -> None:
        """Link or reload through the session; post the outcome, with the article wrapped
        to ``width`` (what the swap needs that takes time)."""
        last_posted = [-1.0]

        def progress(done: int, total: int) -> None:
            # At most ten a second: each one wakes the UI, which slows linking down.
            now = time.monotonic()
            if now - last_posted[0] >= PROGRESS_INTERVAL:
                last_posted[0] = now
                self.post_message(self.Linked(generation, done, total))

        load = self.session.link if first else self.session.reload
        pace = self.wait_for_keys_drawn  # (each heavy step in a pause between keys)
        outcome = load(progress, pace)
        layout = None
        if isinstance(outcome, Ready) and width > 0:
            layout = layout_for(outcome.document, width, self._shown)  # kept if alike
        pace()  # (the swap: 10-15 ms of the interface's time, and a frame)
        self.post_message(self.Settled(generation, outcome, layout))

    def on_reader_app_linked(self, message: Linked) -> None:
        """Show how far linking got (a reload: only once it has taken a moment)."""
        if message.generation != self._generation or not self._loading:
            return
        if not self._show_progress and time.monotonic() - self._load_started < 0.15:
            return
        self._show_progress = True
        self.reader.show_linking((message.done, message.total))

    async def on_reader_app_settled(self, message: Settled) -> None:
        """The worker is done: show the new version, or the errors."""
        if message.generation != self._generation:
            return  # a later load was started
        if not message.waited and not self.wait_for_keys_drawn(0):  # a key typed meanwhile
            again = self.Settled(message.generation, message.outcome, message.layout)
            again.waited = True  # (goes first: the swap is 10-15 ms, and a frame of its own)
            self.after_keys_drawn(lambda: self.post_message(again))
            return
        self._loading, self._shown = False, None  # (the version shown then: not kept alive)
        reader = self.reader
        reader.show_linking(None)
        outcome = message.outcome
        if isinstance(outcome, Failed):
            reader.show_errors(outcome.diagnostics)
            return
        first = not reader.document.linked and not reader.load_errors
        document, index = outcome.document, outcome.index
        await reader.show_document(document, index, outcome.warnings, message.layout)
        reader.clear_errors()
        if first:
            preload_dialogs(then=keep_alive_now, loaded=reader.prepare_dialogs)
        else:
            self.note(f"Reloaded {self.session.watcher.reloaded_names(outcome.document.path)}.")
        reader.notify_warnings()


def create_app(
    source: DocumentSession | Document,
    *,
    warnings: Sequence[Diagnostic] = (),
    pending: Linker | None = None,
    watch: bool = False,
) -> ReaderApp:
    """The reader app on a document session; with ``watch``, it reloads the files when
    they change on disk.  For convenience (tests, embedding) ``source`` may be a Document
    already loaded, with its ``warnings``; or a preview with the ``pending`` :class:`Linker`
    that links it."""
    if isinstance(source, DocumentSession):
        session = source
    elif pending is not None:
        session = DocumentSession.of_linker(source.path, pending, preview=source)
    else:
        session = DocumentSession.of_loaded(Loaded(source, list(warnings)))
    return ReaderApp(session, watch=watch)
