"""The domain package never imports Textual (or Rich): it must stay UI-free."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import positions


def test_positions_never_imports_textual_or_rich() -> None:
    modules = [f"positions.{m.name}" for m in pkgutil.iter_modules(positions.__path__)]
    assert "positions.loader" in modules and "positions.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui'))\n"
        "print(bad)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
