"""Pydantic's validation errors as a curator reads them: what is wrong, and how to fix it.

A raw pydantic message names a type or a regular expression; these name the field, say in words what it takes
("write the PMID as digits only") and suggest the closest known name for a misspelt one ("did you mean ...").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from mskg.base.namespaces import ENTITY_ID
from mskg.curation.models import CLAIM_ID, CURIE, MAX_TEXT, NON_BLANK, REGISTRY_ID, STUDY_ID
from mskg.curation.pico import ID_HINTS

_FIELD_HINTS: dict[str, str] = {
    ENTITY_ID: "write entity ids as kind/slug in lower case with hyphens, such as therapy/cd19-car-t",
    CLAIM_ID: "write claim ids in lower case with hyphens, such as ahsct-reduces-inflammatory-activity",
    CURIE: "write a CURIE as PREFIX:identifier, such as MONDO:0005301 or HGNC:1633",
    r"^\d+$": 'write the PMID as digits only, in quotes, such as "41997827"',
    STUDY_ID: "write study ids as study/slug in lower case with hyphens, such as study/mist",
    NON_BLANK: "write the text; a value of only spaces says nothing",
    REGISTRY_ID: (
        "write a registration as NCT or ISRCTN and 8 digits, a EudraCT number (2010-024081-21) or a PROSPERO CRD number"
    ),
    r"^10\.\d{4,9}/\S+$": "write the DOI without https://doi.org/, such as 10.1016/j.neurol.2026.03.012",
    **ID_HINTS,
}


def _message(detail: Any, value: Any) -> str:
    field_name = detail["loc"][-1] if detail["loc"] else ""
    if detail["type"] == "missing":
        return f"the required field '{field_name}' is missing"
    if detail["type"] == "extra_forbidden":
        return f"unknown field '{field_name}'"
    if detail["type"] == "string_pattern_mismatch":
        return f"{detail['input']!r} is not well formed"
    if detail["type"] in ("enum", "literal_error"):
        return f"{detail['input']!r} is not one of the allowed values"
    message: str = detail["msg"]
    return message.removeprefix("Value error, ")


#: Fields the curation once had and no longer takes, with what to do instead.
_RETIRED_FIELDS = {
    "rating": "remove `rating:`; a study's rating is computed from its design, arms, masking and size "
    '(README, "How evidence is graded")',
}


def _hint(model: type[BaseModel], detail: Any, kind: str) -> str:
    field_name = str(detail["loc"][-1]) if detail["loc"] else ""
    if detail["type"] == "missing":
        owner = _owner_model(model, detail["loc"])
        where = kind if owner is None or owner is model else re.sub(r"(?<!^)(?=[A-Z])", " ", owner.__name__).lower()
        return f"add `{field_name}:` to this {where}"
    if detail["type"] == "extra_forbidden" and field_name in _RETIRED_FIELDS:
        return _RETIRED_FIELDS[field_name]
    if detail["type"] == "extra_forbidden":
        owner = _owner_model(model, detail["loc"])
        allowed = sorted(owner.model_fields) if owner else []
        return (
            f"remove '{field_name}' or correct its spelling"
            + _did_you_mean(field_name, allowed)
            + (f"; the fields are: {', '.join(allowed)}" if allowed else "")
        )
    if detail["type"] == "string_pattern_mismatch":
        pattern = detail["ctx"]["pattern"]
        return _FIELD_HINTS.get(pattern, f"the value must match {pattern}")
    if detail["type"] in ("enum", "literal_error"):
        return f"use one of: {detail['ctx']['expected']}"
    if detail["type"].startswith("int"):
        return "write a whole number"
    if detail["type"] == "string_too_long":
        return f"shorten it: a curated text holds at most {MAX_TEXT:,} characters"
    if detail["type"] in ("string_type", "string_too_short"):
        return "write non-empty text; put it in quotes if YAML reads it as a number, date or yes/no"
    if detail["type"] in ("list_type",):
        return "write a list: each value on its own line starting with `- `"
    if detail["type"] in ("model_type", "dict_type"):
        return "write a block of `field: value` lines, indented under this key"
    return "correct the value as the message says"


def _owner_model(model: type[BaseModel], loc: Iterable[Any]) -> type[BaseModel] | None:
    """The model that owns the last field of ``loc`` (for nested items such as a quote or a mapping)."""
    current: type[BaseModel] = model
    for part in list(loc)[:-1]:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation if part in current.model_fields else None
        nested = _find_model(annotation)
        if nested is None:
            return None
        current = nested
    return current


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _find_model(argument)
        if found is not None:
            return found
    return None


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
