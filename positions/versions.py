"""The versions a session showed on either side of its last changes, by the file's text.

An undo or redo writes back a text the session wrote or read before; the version that text
loaded as is shown again rather than loading the whole file (seconds on a large one).  A
version is what loading its text gives while the article is the one it was made with: the
positions file's text is the rest of what a load reads.
"""

from __future__ import annotations

from positions.session_events import Ready

__all__ = ["KnownVersions"]


class KnownVersions:
    """A few versions by the positions file's text (the last step's two, and one more)."""

    KEPT = 3
    """How many versions are kept (the oldest goes first)."""

    def __init__(self) -> None:
        self._by_text: dict[str, Ready] = {}

    def remember(self, text: str, version: Ready) -> None:
        """Keep ``version`` as what the file's ``text`` loads as."""
        self._by_text.pop(text, None)
        self._by_text[text] = version
        while len(self._by_text) > self.KEPT:
            del self._by_text[next(iter(self._by_text))]

    def get(self, text: str, shown: Ready | None) -> Ready | None:
        """The version ``text`` loaded as, when it was made with the article of ``shown``
        (the version shown now; another article: a reload read it since), else ``None``."""
        version = self._by_text.get(text)
        if version is None or shown is None:
            return None
        if version.document.article is not shown.document.article:
            return None
        return version
