"""Reading the curated YAML files into models, every problem located at its file, line and field.

:func:`read_curation` reads every source record in ``data/sources/`` and every curation file in
``data/curation/``, validates each item against its model, and runs the checks of :mod:`mskg.curation.checks`.
All problems are gathered and raised together as one :class:`~mskg.base.problems.CurationError`, so a curator fixes
them in one pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from mskg.base import paths
from mskg.base.items import Item
from mskg.base.problems import CurationError, Problem
from mskg.base.yamlfile import LocatedDocument, dotted, read_yaml
from mskg.curation.checks import _check_claim, _check_entity, _check_quotes, _check_references, _check_types
from mskg.curation.document import SECTIONS
from mskg.curation.hints import _did_you_mean, _hint, _message
from mskg.curation.kinds import entity_types
from mskg.curation.models import MAX_SOURCE_TEXT, Claim, Curation, Entity, Source, SourceRecord, Study
from mskg.curation.pico import arm_problems


def read_curation(
    curation_dir: Path | None = None, sources_dir: Path | None = None, ontology_file: Path | None = None
) -> Curation:
    """Read and validate all sources and curation files; raise :class:`CurationError` listing every problem.

    Entity types are checked against the kinds of entity of ``ontology_file`` (the project's ontology by default).
    """
    curation_dir = curation_dir or paths.CURATION_DIR
    sources_dir = sources_dir or paths.SOURCES_DIR
    problems: list[Problem] = []
    curation = Curation(sources=_read_sources(sources_dir, problems))
    for file in _yaml_files(curation_dir, problems):
        _read_curation_file(file, curation, problems)
    _check_types(curation, entity_types(ontology_file), problems)
    _check_references(curation, problems)
    _check_quotes(curation, problems)
    if problems:
        raise CurationError(problems)
    return curation


def read_sources(sources_dir: Path | None = None) -> dict[str, Source]:
    """Read and validate the source records (and their texts) alone, by id."""
    problems: list[Problem] = []
    sources = _read_sources(sources_dir or paths.SOURCES_DIR, problems)
    if problems:
        raise CurationError(problems)
    return sources


def _read_sources(folder: Path, problems: list[Problem]) -> dict[str, Source]:
    sources = {}
    for file in _yaml_files(folder, problems):
        source = _read_source(file, problems)
        if source is not None:
            sources[source.id] = source
    return sources


def _yaml_files(folder: Path, problems: list[Problem]) -> list[Path]:
    if not folder.is_dir():
        problems.append(
            Problem(
                folder, None, "", "the folder does not exist", "create it, or pass the folder that holds the YAML files"
            )
        )
        return []
    files = []
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        if path.is_file():
            files.append(path)
        else:
            problems.append(
                Problem(
                    path,
                    None,
                    "",
                    "named like a YAML file but not a readable file (a folder, or a link to nothing)",
                    "rename or remove it",
                )
            )
    return files


def _read_document(file: Path, problems: list[Problem]) -> LocatedDocument | None:
    try:
        document = read_yaml(file)
    except CurationError as error:
        problems.extend(error.problems)
        return None
    if document.value is None:
        problems.append(
            Problem(file, 1, "", "the file is empty", "add content, or delete the file if it is not needed")
        )
        return None
    if not isinstance(document.value, dict):
        problems.append(
            Problem(
                file,
                1,
                "",
                "the file must be a mapping of keys to values",
                "start the file with `entities:` or `claims:` (a source record with `title:`)",
            )
        )
        return None
    return document


def _read_source(file: Path, problems: list[Problem]) -> Source | None:
    document = _read_document(file, problems)
    if document is None:
        return None
    record = _validate(SourceRecord, document.value, document, (), "source", problems)
    if record is None:
        return None
    text = None
    if record.text is not None:
        text_file = file.parent / record.text
        if not text_file.resolve().is_relative_to(file.parent.resolve()):
            problems.append(
                record.problem(
                    f"the source text file '{record.text}' is outside the sources folder",
                    f"put the text in {file.parent} and name it there",
                    "text",
                )
            )
            return Source(file.stem, record, None)
        try:
            if text_file.stat().st_size > MAX_SOURCE_TEXT:
                problems.append(
                    record.problem(
                        f"the source text file '{record.text}' is larger than {MAX_SOURCE_TEXT // 1024**2} MB",
                        "store the part of the source the claims quote (an abstract, a section)",
                        "text",
                    )
                )
                return Source(file.stem, record, None)
            text = text_file.read_bytes().decode("utf-8")
        except FileNotFoundError:
            problems.append(
                record.problem(
                    f"the source text file '{record.text}' does not exist",
                    f"put the text in {text_file} or correct the file name",
                    "text",
                )
            )
        except UnicodeDecodeError:
            problems.append(
                record.problem(
                    f"the source text file '{record.text}' is not UTF-8", "save the source text as UTF-8", "text"
                )
            )
    return Source(file.stem, record, text)


def _read_curation_file(file: Path, curation: Curation, problems: list[Problem]) -> None:
    document = _read_document(file, problems)
    if document is None:
        return
    for key in document.value:
        if key not in SECTIONS:
            problems.append(
                Problem(
                    file,
                    document.line_of((key,)),
                    key,
                    f"unknown section '{key}'",
                    "a curation file has only `entities:`, `claims:` and `studies:` sections"
                    + _did_you_mean(key, SECTIONS),
                )
            )
    entities = _validate_list(Entity, document, "entities", problems, curation.invalid)
    claims = _validate_list(Claim, document, "claims", problems)
    studies = _validate_list(Study, document, "studies", problems, curation.invalid)
    _register(studies, curation.studies, "study", problems)
    for study in studies:
        problems.extend(arm_problems(study.arms, study.results, study.harms))
    for entity in entities:
        _check_entity(entity, problems)
    _register(entities, curation.entities, "entity", problems)
    seen = {claim.id: claim for claim in curation.claims}
    for claim in claims:
        _check_claim(claim, curation, problems)
        earlier = seen.get(claim.id)
        if earlier is not None:
            problems.append(
                claim.problem(
                    f"the claim id '{claim.id}' is already used at {earlier.file}:{earlier.line()}",
                    "give each claim its own id",
                    "id",
                )
            )
            continue
        seen[claim.id] = claim
        curation.claims.append(claim)


_M = TypeVar("_M", bound=Item)


_Identified = TypeVar("_Identified", Entity, Study)


def _register(items: list[_Identified], registry: dict[str, _Identified], kind: str, problems: list[Problem]) -> None:
    """Add each item under its id, or report the id as already used where it first was."""
    for item in items:
        other = registry.get(item.id)
        if other is not None:
            problems.append(
                item.problem(
                    f"the {kind} id '{item.id}' is already used at {other.file}:{other.line()}",
                    f"give each {kind} its own id",
                    "id",
                )
            )
        else:
            registry[item.id] = item


#: What one item of each section is called in a hint ("add `design:` to this study").
_SINGULAR = {"entities": "entity", "claims": "claim", "studies": "study"}


def _validate_list(
    model: type[_M], document: LocatedDocument, key: str, problems: list[Problem], invalid: set[str] | None = None
) -> list[_M]:
    """The valid items under ``key``; each invalid one adds its problems (and its id, if it has one, to ``invalid``)."""
    items = document.value.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        problems.append(
            Problem(
                document.file,
                document.line_of((key,)),
                key,
                f"`{key}` must be a list",
                f"write each item under `{key}:` on its own line starting with `- `",
            )
        )
        return []
    kind = _SINGULAR.get(key, key)
    valid = []
    for index, item in enumerate(items):
        checked = _validate(model, item, document, (key, index), kind, problems)
        if checked is not None:
            valid.append(checked)
        elif invalid is not None and isinstance(item, dict) and isinstance(item.get("id"), str):
            invalid.add(item["id"])
    return valid


def _validate(
    model: type[_M],
    value: Any,
    document: LocatedDocument,
    path: tuple[str | int, ...],
    kind: str,
    problems: list[Problem],
) -> _M | None:
    """Validate one item; on failure add one located problem per error and return None."""
    try:
        item = model.model_validate(value)
    except ValidationError as error:
        for detail in error.errors():
            loc = (*path, *detail["loc"])
            problems.append(
                Problem(
                    document.file,
                    document.line_of(loc),
                    dotted(loc),
                    _message(detail, value),
                    _hint(model, detail, kind),
                )
            )
        return None
    _locate(item, document, path)
    return item


def _locate(item: BaseModel, document: LocatedDocument, path: tuple[str | int, ...]) -> None:
    """Tell an item, and the items nested in it, where they were written."""
    if isinstance(item, Item):
        item._document = document
        item._path = path
    for name in type(item).model_fields:
        value = getattr(item, name)
        if isinstance(value, BaseModel):
            _locate(value, document, (*path, name))
        elif isinstance(value, list):
            for index, element in enumerate(value):
                if isinstance(element, BaseModel):
                    _locate(element, document, (*path, name, index))
