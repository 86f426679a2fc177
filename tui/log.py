"""Messages shown to the user, kept: notifications fade, the log does not.

The app says everything through :meth:`MessageLog.say` (never as markup), so what the
user was told can be read again (the palette's "Messages") and tested without reading
notifications that expire.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App
from textual.notifications import SeverityLevel

__all__ = ["MessageLog", "Said", "note", "say"]


@dataclass(frozen=True)
class Said:
    """A message the app showed the user (a notification), kept after it fades."""

    message: str
    title: str
    severity: SeverityLevel


class MessageLog:
    """Mixed into the App: :meth:`say` shows a message and keeps it in :attr:`messages`."""

    messages: list[Said]
    """Every message shown, oldest first."""

    def say(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float = 5,
    ) -> None:
        """Show ``message`` (plain text, never markup) and keep it in :attr:`messages`."""
        self.messages.append(Said(message, title, severity))
        assert isinstance(self, App), "MessageLog is mixed into an App"
        self.notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def note(self, message: str) -> None:
        """A passing report (plain text): kept in :attr:`messages` like any other, shown by
        :meth:`show_note` (a notification, unless the app has a better place for it)."""
        self.messages.append(Said(message, "", "information"))
        self.show_note(message)

    def show_note(self, message: str) -> None:
        """Show a :meth:`note` (here: as a notification for a few seconds)."""
        assert isinstance(self, App), "MessageLog is mixed into an App"
        self.notify(message, timeout=3, markup=False)


def say(
    app: App[object],
    message: str,
    *,
    title: str = "",
    severity: SeverityLevel = "information",
    timeout: float = 5,
) -> None:
    """Say ``message`` through ``app``'s log when it keeps one, else only notify."""
    if isinstance(app, MessageLog):
        app.say(message, title=title, severity=severity, timeout=timeout)
    else:
        app.notify(message, title=title, severity=severity, timeout=timeout, markup=False)


def note(app: App[object], message: str) -> None:
    """A passing report (plain text) through ``app``'s log when it keeps one (the reader
    shows it on its status line: :meth:`MessageLog.show_note`), else a short
    notification."""
    if isinstance(app, MessageLog):
        app.note(message)
    else:
        app.notify(message, timeout=3, markup=False)
