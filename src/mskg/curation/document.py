"""A curation file as one model, and the JSON Schema it gives curators' editors.

:class:`CurationFile` says once which sections a curation file has (``entities:``, ``claims:``, ``studies:``) and
what each holds (the models of :mod:`~mskg.curation.models`); the reader takes its sections from it, and
:func:`json_schema` is pydantic's own export of it, written to ``data/curation.schema.json`` by
``python scripts/write_curation_schema.py``. An editor with a YAML language server (VS Code's YAML extension,
for one) then checks each file as it is typed: unknown fields, misspelt words, wrong types. The schema cannot
say what spans files (references, unique ids, quotes at their offsets); ``mskg check`` does.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict

from mskg.curation.models import Claim, Entity, Study

__all__ = ["SCHEMA_ID", "SECTIONS", "CurationFile", "json_schema", "json_schema_text"]

#: Where the schema is published beside the ontology.
SCHEMA_ID = "https://w3id.org/mskg/curation.schema.json"


class CurationFile(BaseModel):
    """One file of ``data/curation/``: any of its three sections, each a list."""

    model_config = ConfigDict(extra="forbid", title="mskg curation file")

    entities: list[Entity] = []
    claims: list[Claim] = []
    studies: list[Study] = []


#: The sections a curation file may have, in the order the reader takes them.
SECTIONS: tuple[str, ...] = tuple(CurationFile.model_fields)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a curation file, as pydantic exports it from the models."""
    schema = CurationFile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def json_schema_text() -> str:
    """The schema as the text of ``data/curation.schema.json``."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
