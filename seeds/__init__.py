"""The bundled seed article and its positions file (package data)."""

from pathlib import Path

SEED_DIR = Path(__file__).parent
"""The folder holding the seed files."""
SEED_POSITIONS = SEED_DIR / "putin-ceasefire-conditions.yaml"
"""The bundled positions file, opened when ``ceasefire-tui`` is given none."""
