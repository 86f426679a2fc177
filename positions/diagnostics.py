"""Errors and warnings about user input, printed as ``FILE:LINE:COL: severity: message``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from positions.text import printable


class Severity(StrEnum):
    """How bad a diagnostic is: errors stop loading, warnings do not (unless ``--strict``)."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"
    """Information (``check``: no parties yet, unclaimed quotations); never fails ``--strict``."""


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a positions file or its article."""

    path: Path
    line: int
    col: int
    severity: Severity
    message: str

    def format(self) -> str:
        """``FILE:LINE:COL: error: message`` (1-based line and column).

        Messages quote what the user wrote (keys, values, file names), which may hold
        terminal control sequences: they are removed, so printing a diagnostic can never
        drive the terminal.
        """
        line = f"{self.path}:{self.line}:{self.col}: {self.severity.value}: {self.message}"
        return printable(line)

    def __str__(self) -> str:
        return self.format()


class LoadError(Exception):
    """Loading failed; ``diagnostics`` holds every error (and any warnings) found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))

    @property
    def errors(self) -> list[Diagnostic]:
        """Only the errors."""
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]
