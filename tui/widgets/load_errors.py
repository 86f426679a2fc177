"""The errors panel: every error of a file that failed to load, shown without blocking.

Mounted above the status line when the positions file or its article fails to load (the
quotes of a large file could not be linked, or an edit on disk broke the file) and removed
when a later version loads.  Every diagnostic is shown as literal text, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from positions.diagnostics import Diagnostic, Severity
from tui.safe import literal

__all__ = ["LoadErrors", "describe_errors"]


def describe_errors(diagnostics: Sequence[Diagnostic], *, shown: str) -> Content:
    """A heading (how many errors; ``shown`` says what the reader shows meanwhile), then
    every diagnostic as ``FILE:LINE:COL: error: message``."""
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    count = f"{errors} error{'' if errors == 1 else 's'}"
    if warnings:
        count += f", {warnings} warning{'' if warnings == 1 else 's'}"
    lines = [
        Content.assemble(
            (f"✘ {count}: ", "bold $text-error"),
            (shown, "bold"),
            (" Fix the file: the reader reloads it by itself.", "$text-muted"),
        )
    ]
    for diagnostic in diagnostics:
        style = "$text-error" if diagnostic.severity is Severity.ERROR else "$text-warning"
        lines.append(literal(diagnostic.format()).stylize(style, 0, len(str(diagnostic.path))))
    return Content("\n").join(lines)


class LoadErrors(Static, can_focus=True):
    """The errors of the last load that failed; scrolls when there are many."""

    DEFAULT_CSS = """
    LoadErrors {
        height: auto;
        max-height: 40%;
        overflow-y: auto;
        padding: 0 1;
        border-top: heavy $error;
        background: $error 10%;
    }
    LoadErrors:focus {
        background: $error 20%;
    }
    """

    def __init__(self, diagnostics: Sequence[Diagnostic], *, shown: str, id: str | None = None):
        super().__init__(describe_errors(diagnostics, shown=shown), id=id)
        self.diagnostics = tuple(diagnostics)
        """What is shown."""

    def show(self, diagnostics: Sequence[Diagnostic], *, shown: str) -> None:
        """Show other errors."""
        self.diagnostics = tuple(diagnostics)
        self.update(describe_errors(diagnostics, shown=shown))
