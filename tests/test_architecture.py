"""The domain package never imports Textual (or Rich): it must stay UI-free."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

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


def test_no_domain_module_is_over_500_lines() -> None:
    """Issue 10: the domain is split by what it does; a module over 500 lines is a sign
    that two jobs share it."""
    root = Path(positions.__file__).parent
    sizes = {
        str(p.relative_to(root)): len(p.read_text(encoding="utf-8").splitlines())
        for p in root.rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 500} == {}


def test_every_domain_module_imports_on_its_own() -> None:
    """No import cycle: each module can be the first one imported."""
    names = [m.name for m in pkgutil.walk_packages(positions.__path__, prefix="positions.")]
    code = "import importlib, sys\nimportlib.import_module(sys.argv[1])\n"
    for name in names:
        result = subprocess.run([sys.executable, "-c", code, name], capture_output=True, text=True)
        assert result.returncode == 0, (name, result.stderr)
