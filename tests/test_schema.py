"""The JSON Schema shipped for the positions format agrees with the loader."""

from __future__ import annotations

import datetime
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from positions.loader import SEED_POSITIONS

FOUR = Path(__file__).parent / "fixtures" / "four_parties" / "positions.yaml"


def schema() -> dict[str, Any]:
    text = resources.files("positions").joinpath("positions.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def as_json_data(path: Path) -> Any:
    """The YAML file as JSON data (dates as ISO text, as editors' YAML servers see them)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    date = data.get("article", {}).get("date")
    if isinstance(date, datetime.date):
        data["article"]["date"] = date.isoformat()
    return data


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())


@pytest.mark.parametrize("path", [SEED_POSITIONS, FOUR], ids=["seed", "four-parties"])
def test_shipped_files_validate(path: Path) -> None:
    jsonschema.Draft202012Validator(schema()).validate(as_json_data(path))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.pop("topics"),
        lambda d: d["article"].update(colour="red"),
        lambda d: d["parties"]["ukraine"]["positions"]["truce"].update(stance="maybe"),
        lambda d: d["parties"]["ukraine"]["positions"]["truce"].update(quotes=[]),
        lambda d: d.update(version=2),
        lambda d: d["parties"]["ukraine"]["positions"]["truce"].update(basis="rumoured"),
    ],
    ids=["no-topics", "unknown-key", "bad-stance", "no-quotes", "version", "bad-basis"],
)
def test_schema_rejects_what_the_loader_rejects(mutate: Any) -> None:
    data = as_json_data(SEED_POSITIONS)
    mutate(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema()).validate(data)


def test_schema_gives_basis_its_four_words_and_the_default() -> None:
    position = schema()["$defs"]["position"]
    assert "basis" not in position["required"]  # optional: version 1 files stay valid
    basis = position["properties"]["basis"]
    assert basis["enum"] == ["stated", "implied", "action", "reported"]
    assert "Default: stated if a quote is direct, else reported" in basis["description"]
