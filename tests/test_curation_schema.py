"""The curation's JSON Schema: made from the models, shipped in sync, and what an editor would check with it."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
import yaml

from mskg.base import paths
from mskg.curation.document import SECTIONS, json_schema, json_schema_text

SHIPPED = paths.CURATION_DIR.parent / "curation.schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema())


def test_the_shipped_schema_is_the_one_the_models_give() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == json_schema_text(), "run python scripts/write_curation_schema.py"
    jsonschema.Draft202012Validator.check_schema(json.loads(SHIPPED.read_text(encoding="utf-8")))


@pytest.mark.parametrize("file", sorted(p.name for p in paths.CURATION_DIR.glob("*.yaml")))
def test_every_curation_file_is_valid_by_the_schema(file: str, validator: jsonschema.Draft202012Validator) -> None:
    document = yaml.safe_load((paths.CURATION_DIR / file).read_text(encoding="utf-8"))
    assert [error.message for error in validator.iter_errors(document)] == []


def _claim(**changes: Any) -> dict[str, list[dict[str, Any]]]:
    claim = {
        "id": "x-targets-y",
        "subject": "therapy/x",
        "relation": "targets",
        "object": "target/y",
        "direction": "supports",
        "certainty": "established",
        "source": "pubmed-1",
    }
    return {"claims": [{**claim, **changes}]}


@pytest.mark.parametrize(
    ("document", "said"),
    [
        (_claim(direction="maybe"), "'maybe' is not one of"),
        (_claim(certainity="established"), "Additional properties are not allowed ('certainity' was unexpected)"),
        ({"claim": []}, "Additional properties are not allowed ('claim' was unexpected)"),
    ],
)
def test_the_schema_catches_what_an_editor_should(
    document: dict[str, Any], said: str, validator: jsonschema.Draft202012Validator
) -> None:
    assert validator.is_valid(_claim())
    assert any(said in error.message for error in validator.iter_errors(document))


def test_the_reader_takes_its_sections_from_the_model() -> None:
    assert SECTIONS == ("entities", "claims", "studies")
    assert set(json_schema()["properties"]) == set(SECTIONS)
