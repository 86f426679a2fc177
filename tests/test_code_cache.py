"""Dataclasses made from the compiled-code cache (issue 15, first paint): the same classes
as Python makes, from the second start on without compiling, and a damaged or unwritable
cache never in the way.  Each start is a new interpreter (the cache lives across them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from positions.loader import SEED_POSITIONS as SEED

#: Makes a few dataclasses (frozen, ordered, defaults, a factory, a forward annotation)
#: with or without the cache, and prints what a user of them sees, with the cache's state.
_PROBE = r"""
import dataclasses, json, sys
from tui import code_cache
if sys.argv[1] == "no home":  # no $HOME, no passwd entry: Path.home() cannot answer
    import pathlib
    def _no_home(cls):
        raise RuntimeError("Could not determine home directory.")
    pathlib.Path.home = classmethod(_no_home)
if sys.argv[1] in ("cache", "no home"):
    code_cache.install()
from dataclasses import dataclass, field

@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int = 0

@dataclass
class Holder:
    name: "str"
    items: list[int] = field(default_factory=list)

a, b = Span(1, 2), Span(1, 3)
try:
    a.start = 5
    frozen = False
except dataclasses.FrozenInstanceError:
    frozen = True
h = Holder("x")
h.items.append(1)
seen = {
    "repr": [repr(a), repr(h), repr(Holder("y"))],
    "eq": [a == Span(1, 2), a == b, hash(a) == hash(Span(1, 2))],
    "order": sorted([b, a]) == [a, b],
    "frozen": frozen,
    "annotations": {k: str(v) for k, v in Span.__init__.__annotations__.items()},
    "holder annotations": {k: str(v) for k, v in Holder.__init__.__annotations__.items()},
    "state": code_cache.state,
    "compiled": code_cache.compiled(),
    "saved": code_cache.save() if sys.argv[1] != "plain" else None,
}
print(json.dumps(seen))
"""


def _start(mode: str, cache_home: Path | None) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"}
    if cache_home is not None:
        env["XDG_CACHE_HOME"] = str(cache_home)
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, mode],
        capture_output=True, text=True, timeout=60, check=False, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    seen: dict[str, object] = json.loads(result.stdout)
    return seen


def _as_python_makes_them(seen: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in seen.items() if k not in ("state", "compiled", "saved")}


def test_classes_from_the_cache_are_the_classes_python_makes(tmp_path: Path) -> None:
    plain = _start("plain", tmp_path)
    first = _start("cache", tmp_path)
    second = _start("cache", tmp_path)
    assert plain["frozen"] is True and plain["order"] is True  # (the probe checks something)
    assert _as_python_makes_them(first) == _as_python_makes_them(plain)
    assert _as_python_makes_them(second) == _as_python_makes_them(plain)
    # First start: nothing cached, every method compiled and the file written.
    assert first["state"] == "empty" and first["compiled"] and first["saved"] is True
    # Second start: every method from the file, nothing compiled, nothing to write.
    assert second["state"] == "read" and second["compiled"] == 0 and second["saved"] is False


def _cache_file(cache_home: Path) -> Path:
    (path,) = (cache_home / "ceasefire-tui").glob("dataclass-code.*.marshal")
    return path


def test_a_damaged_cache_is_compiled_again_and_rewritten(tmp_path: Path) -> None:
    plain = _start("plain", tmp_path)
    _start("cache", tmp_path)
    path = _cache_file(tmp_path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # cut short
    damaged = _start("cache", tmp_path)
    assert damaged["state"] == "damaged"
    assert _as_python_makes_them(damaged) == _as_python_makes_them(plain)
    assert damaged["saved"] is True
    assert _start("cache", tmp_path)["compiled"] == 0  # whole again


def test_a_cache_changed_on_disk_is_not_used(tmp_path: Path) -> None:
    """A byte of the compiled code changed (the file still reads): the digest refuses it
    before ``marshal`` sees it, and the classes are compiled as Python does."""
    plain = _start("plain", tmp_path)
    _start("cache", tmp_path)
    path = _cache_file(tmp_path)
    data = bytearray(path.read_bytes())
    data[-40] ^= 0x01
    path.write_bytes(bytes(data))
    changed = _start("cache", tmp_path)
    assert changed["state"] == "damaged" and changed["compiled"]
    assert _as_python_makes_them(changed) == _as_python_makes_them(plain)


def test_no_home_folder_only_means_no_cache() -> None:
    """Where no home folder is known (no $HOME, no passwd entry), the command runs as
    without the cache instead of failing."""
    plain = _start("plain", None)
    seen = _start("no home", None)
    assert str(seen["state"]).startswith("no cache folder")
    assert seen["saved"] is False
    assert _as_python_makes_them(seen) == _as_python_makes_them(plain)


def test_a_cache_that_cannot_be_written_is_only_not_written(tmp_path: Path) -> None:
    (tmp_path / "ceasefire-tui").write_text("a file where the folder would be\n")
    plain = _start("plain", tmp_path)
    blocked = _start("cache", tmp_path)
    assert blocked["saved"] is False
    assert _as_python_makes_them(blocked) == _as_python_makes_them(plain)
    assert (tmp_path / "ceasefire-tui").read_text() == "a file where the folder would be\n"


def test_the_reader_console_script_uses_the_cache(tmp_path: Path) -> None:
    """``ceasefire-tui check`` twice: the second run compiles no dataclass method."""
    code = (
        "import sys, tui.cli\n"
        "from tui import code_cache\n"
        f"sys.argv = ['ceasefire-tui', 'check', {str(SEED)!r}]\n"
        "try:\n"
        "    tui.cli.main()\n"
        "except SystemExit:\n"
        "    print(code_cache.state, code_cache.compiled(), file=sys.stderr)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=120, check=False, env=env)
        for _ in range(2)
    ]  # fmt: skip
    first, second = (run.stderr.strip().splitlines()[-1].split() for run in runs)
    assert first[0] == "empty" and int(first[1]) > 20
    assert second == ["read", "0"]
