"""Typed models of the curated YAML (sources, entities, claims), read with file:line errors.

:func:`read_curation` reads every source record in ``data/sources/`` and every curation file in
``data/curation/``, validates each item against its model, and checks what spans files: ids are unique and
every reference names an entity that exists. All problems are gathered and raised together as one
:class:`~mskg.problems.CurationError`, so a curator fixes them in one pass.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, Field, StrictInt, StringConstraints, ValidationError, model_validator

from mskg import paths
from mskg.items import Item
from mskg.namespaces import ENTITY_ID
from mskg.pico import ID_HINTS, Arm, Eligibility, Harm, MeasureId, Result, arm_problems
from mskg.problems import CurationError, Problem
from mskg.quotes import locate, mismatch
from mskg.vocabulary import (
    ENTITY_RELATIONS,
    ENTITY_TYPES,
    Agent,
    Certainty,
    Direction,
    Effect,
    EvidenceLevel,
    EvidenceRole,
    Limitation,
    Masking,
    QuoteRole,
    StudyDesign,
    TrialStatus,
)
from mskg.yamlfile import LocatedDocument, dotted, read_yaml

__all__ = [
    "Claim",
    "Curation",
    "Entity",
    "Mapping",
    "NoMatch",
    "Quote",
    "Source",
    "SourceRecord",
    "Study",
    "StudyLink",
    "Unverified",
    "UnverifiedValue",
    "read_curation",
    "read_sources",
]

STUDY_ID = r"^study/[a-z0-9][a-z0-9-]*$"
StudyId = Annotated[str, StringConstraints(pattern=STUDY_ID)]
REGISTRY_ID = r"^(NCT\d{8}|ISRCTN\d{8}|\d{4}-\d{6}-\d{2}|CRD\d{11,12})$"
CLAIM_ID = r"^[a-z0-9][a-z0-9-]*$"
CURIE = r"^[A-Za-z][A-Za-z0-9_.]*:\S+$"

EntityId = Annotated[str, StringConstraints(pattern=ENTITY_ID)]
#: Text with at least one character that is not a space (a label of spaces says nothing).
NON_BLANK = r"\S"
#: The longest curated text: far above any label, definition or quote (the review's abstract is 1,915 characters),
#: far below the 16 MB a single literal may reach in the store.
MAX_TEXT = 100_000
#: The largest stored source text (an abstract or a section, kept whole in one literal).
MAX_SOURCE_TEXT = 4 * 1024**2
Text = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1, max_length=MAX_TEXT, pattern=NON_BLANK)]

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


class Mapping(Item):
    """A link from an entity to a term of an external ontology, with the label that ontology gives it."""

    curie: Annotated[str, StringConstraints(pattern=CURIE)]
    predicate: Literal["exact", "close", "broad", "narrow", "related"]
    label: Text


class NoMatch(Item):
    """A statement that an external ontology has no fitting term for an entity, and why."""

    ontology: Text
    reason: Text


class Unverified(Item):
    """A term an ontology probably has for the entity but that could not be checked in its own files yet."""

    ontology: Text
    candidate: Annotated[str, StringConstraints(pattern=CURIE)] | None = None
    reason: Text


class Entity(Item):
    """A therapy, target, cell type, compartment, mechanism, disease form, outcome, route ... of the graph."""

    id: EntityId
    type: str
    label: Text
    definition: Text
    synonyms: list[Text] = Field(default_factory=list)
    subtype_of: list[EntityId] = Field(default_factory=list)
    concerns: list[EntityId] = Field(default_factory=list)
    refractory_to: list[EntityId] = Field(default_factory=list)
    #: For an outcome measure: the outcome or adverse event it measures (EDSS progression measures disability).
    measures: list[EntityId] = Field(default_factory=list)
    calls_for: list[StudyDesign] = Field(default_factory=list)
    mappings: list[Mapping] = Field(default_factory=list)
    no_match: list[NoMatch] = Field(default_factory=list)
    unverified: list[Unverified] = Field(default_factory=list)
    note: Text | None = None

    def references(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Each (field path, entity id) this entity refers to."""
        for name in ("subtype_of", "concerns", "refractory_to", "measures"):
            for index, target in enumerate(getattr(self, name)):
                yield (name, index), target


class Quote(Item):
    """Verbatim text of a source and its character offsets there: ``text == source[start:end]``."""

    text: Text
    start: Annotated[StrictInt, Field(ge=0)]
    end: Annotated[StrictInt, Field(gt=0)]
    #: Where in its source's argument the quote stands: a background statement is not a result.
    role: QuoteRole

    @model_validator(mode="after")
    def _ordered(self) -> Quote:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        return self


class StudyLink(Item):
    """A primary study a claim rests on, and whether it supports, refutes or only gives context to it."""

    study: StudyId
    role: EvidenceRole = EvidenceRole.SUPPORTS


StudyField = Literal[
    "title",
    "phase",
    "size",
    "population",
    "populations",
    "design",
    "intervention",
    "comparator",
    "primary_outcome",
    "result",
    "year",
    "journal",
    "pmid",
    "pmcid",
    "doi",
    "registry",
    "status",
    "masking",
    "n_analysed",
    "follow_up",
    "eligibility",
    "arms",
    "primary_measure",
    "results",
    "harms",
    "pools",
    "cites",
]
IDENTIFIER_FIELDS: tuple[str, ...] = ("pmid", "pmcid", "doi", "registry")
#: Fields that hold one value, so a value is either verified (in the field) or not (a candidate), never both;
#: a result, description or registry list may be partly verified.
_SINGLE_VALUED = frozenset(
    {"title", "phase", "size", "year", "journal", "pmid", "pmcid", "doi", "status", "masking", "n_analysed"}
)


class UnverifiedValue(Item):
    """A study field that could not be checked against a public record: the value seen elsewhere, and why."""

    field: StudyField
    candidate: Text | None = None
    reason: Text
    #: The curated entities the candidate speaks of (the adverse events a harms candidate names, say), so that a
    #: question about an event finds the unchecked report too, marked unverified, instead of finding nothing.
    about: list[EntityId] = Field(default_factory=list)


class Study(Item):
    """A primary study: design, population, intervention, outcome and result, year and identifiers.

    Every identifier and number is checked against a public record (PubMed, PMC, the publisher, a trial
    registry). One that could not be is left out of its field and listed under ``unverified`` instead, with the
    value seen elsewhere as its ``candidate``; a study is verified when that list is empty.
    """

    id: StudyId
    label: Text
    short_name: Text | None = None
    title: Text | None = None
    design: StudyDesign
    phase: Text | None = None
    size: Annotated[int, Field(ge=1)] | None = None
    population: Text | None = None
    #: The disease courses and selection terms of the population, as entities (RRMS, active despite DMT ...).
    populations: list[EntityId] = Field(default_factory=list)
    intervention: Text | None = None
    therapy: EntityId | None = None
    comparator: Text | None = None
    primary_outcome: Text | None = None
    result: Text | None = None
    year: Annotated[int, Field(ge=1950, le=2100)] | None = None
    journal: Text | None = None
    pmid: Annotated[str, StringConstraints(pattern=r"^\d+$")] | None = None
    pmcid: Annotated[str, StringConstraints(pattern=r"^PMC\d+$")] | None = None
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    registry: list[Annotated[str, StringConstraints(pattern=REGISTRY_ID)]] = Field(default_factory=list)
    status: TrialStatus = TrialStatus.COMPLETED
    masking: Masking | None = None
    #: Patients in the primary analysis, when the record gives it apart from ``size`` (those enrolled).
    n_analysed: Annotated[int, Field(ge=1)] | None = None
    follow_up: Text | None = None
    eligibility: Eligibility | None = None
    arms: list[Arm] = Field(default_factory=list)
    primary_measure: MeasureId | None = None
    results: list[Result] = Field(default_factory=list)
    harms: list[Harm] = Field(default_factory=list)
    #: For a meta-analysis: the curated studies among those it pools, from its own table of included studies, so
    #: that grading never counts a pooled patient twice; and the designs it pools, as its record states them.
    pools: list[StudyId] = Field(default_factory=list)
    pooled_designs: list[StudyDesign] = Field(default_factory=list)
    #: For a consensus recommendation or review: the curated studies it cites, from its own reference list.
    cites: list[StudyId] = Field(default_factory=list)
    checked_against: Text | None = None
    unverified: list[UnverifiedValue] = Field(default_factory=list)
    note: Text | None = None

    @model_validator(mode="after")
    def _complete(self) -> Study:
        pending = {value.field for value in self.unverified}
        if not (self.pmid or self.pmcid or self.doi or self.registry or pending & set(IDENTIFIER_FIELDS)):
            raise ValueError(
                "a study needs at least one of pmid, pmcid, doi or registry, "
                "or an `unverified:` entry saying which identifier could not be checked"
            )
        for name in ("title", "year"):
            if getattr(self, name) is None and name not in pending:
                raise ValueError(f"a study needs a {name}, or an `unverified:` entry for field {name}")
        for value in self.unverified:
            if value.field in _SINGLE_VALUED and getattr(self, value.field) is not None:
                raise ValueError(
                    f"field {value.field} is filled in and also listed as unverified; "
                    "keep an unverified value out of its field and give it as the candidate"
                )
        if (self.pools or self.pooled_designs) and self.design is not StudyDesign.META_ANALYSIS:
            raise ValueError(
                f"only a meta-analysis pools studies, and this study's design is {self.design.value}; "
                "remove `pools:` and `pooled_designs:`, or correct the design"
            )
        if self.cites and not self.design.restates:
            raise ValueError(
                f"`cites:` lists what a consensus recommendation or expert statement rests on, and this study's "
                f"design is {self.design.value}; remove `cites:`, or correct the design"
            )
        if self.id in {*self.pools, *self.cites}:
            raise ValueError("a study cannot pool or cite itself; remove its own id from `pools:` or `cites:`")
        return self

    @property
    def verified(self) -> bool:
        """True when every identifier and number was checked against a public record."""
        return not self.unverified

    def references(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Each (field path, entity id) this study refers to."""
        for index, target in enumerate(self.populations):
            yield ("populations", index), target
        if self.therapy is not None:
            yield ("therapy",), self.therapy
        if self.primary_measure is not None:
            yield ("primary_measure",), self.primary_measure
        for index, arm in enumerate(self.arms):
            yield ("arms", index, "therapy"), arm.therapy
            for option_index, option in enumerate(arm.options):
                yield ("arms", index, "options", option_index), option
            for drug_index, drug in enumerate(arm.regimen):
                yield ("arms", index, "regimen", drug_index), drug
            for name in ("route", "cell_source"):
                target = getattr(arm, name)
                if target is not None:
                    yield ("arms", index, name), target
        for index, result in enumerate(self.results):
            yield ("results", index, "measure"), result.measure
        for index, harm in enumerate(self.harms):
            yield ("harms", index, "event"), harm.event
        for index, pending in enumerate(self.unverified):
            for about_index, target in enumerate(pending.about):
                yield ("unverified", index, "about", about_index), target


class Claim(Item):
    """A statement read from a source: subject, relation, object, qualifiers, evidence and quote.

    A claim that names the primary studies it rests on (``studies``) takes its evidence level and study design from
    them (the strongest supporting study); a study's own finding (``source: study/...``) takes them from that study;
    any other claim states them itself, and says with ``own_statement: true`` when its source cites no study for it.
    """

    id: Annotated[str, StringConstraints(pattern=CLAIM_ID)]
    subject: EntityId
    relation: str
    object: EntityId
    population: EntityId | None = None
    outcome: EntityId | None = None
    route: EntityId | None = None
    comparator: EntityId | None = None
    comparator_route: EntityId | None = None
    setting: Text | None = None
    effect: Effect | None = None
    direction: Direction
    certainty: Certainty
    evidence_level: EvidenceLevel | None = None
    study_design: StudyDesign | None = None
    limitations: list[Limitation] = Field(default_factory=list)
    source: Text
    quote: Quote | None = None
    studies: list[StudyLink] = Field(default_factory=list)
    own_statement: bool = False
    agent: Agent = Agent.MANUAL_CURATION
    note: Text | None = None

    def references(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Each (field path, entity id) this claim refers to."""
        for name in ("subject", "object", "population", "outcome", "route", "comparator", "comparator_route"):
            target = getattr(self, name)
            if target is not None:
                yield (name,), target


class SourceRecord(Item):
    """A document claims are taken from: its bibliographic record and, where stored, its text."""

    title: Text
    authors: list[Text] = Field(default_factory=list)
    year: int | None = None
    journal: Text | None = None
    pmid: Annotated[str, StringConstraints(pattern=r"^\d+$")] | None = None
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    text: Text | None = None
    related: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _identified(self) -> SourceRecord:
        if not (self.pmid or self.doi or self.url):
            raise ValueError("a source needs at least one of pmid, doi or url")
        return self


@dataclass(frozen=True)
class Source:
    """A source record with its id (the record's file name) and its stored text, if any."""

    id: str
    record: SourceRecord
    text: str | None


@dataclass
class Curation:
    """Everything curated: sources by id, entities by id, claims in file order, and studies by id."""

    sources: dict[str, Source] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    studies: dict[str, Study] = field(default_factory=dict)
    #: Ids of entities and studies that failed validation: already reported, so references to them are not.
    invalid: set[str] = field(default_factory=set)


def read_curation(curation_dir: Path | None = None, sources_dir: Path | None = None) -> Curation:
    """Read and validate all sources and curation files; raise :class:`CurationError` listing every problem."""
    curation_dir = curation_dir or paths.CURATION_DIR
    sources_dir = sources_dir or paths.SOURCES_DIR
    problems: list[Problem] = []
    curation = Curation(sources=_read_sources(sources_dir, problems))
    for file in _yaml_files(curation_dir, problems):
        _read_curation_file(file, curation, problems)
    _check_references(curation, problems)
    _check_quotes(curation, problems)
    if problems:
        raise CurationError(problems)
    return curation


def _check_quotes(curation: Curation, problems: list[Problem]) -> None:
    """Every quote of a stored text is that text at its offsets; listed with the other problems, all at once."""
    for claim in curation.claims:
        source = curation.sources.get(claim.source)
        if claim.quote is None or source is None or source.text is None:
            continue
        reason = mismatch(claim.quote.text, claim.quote.start, claim.quote.end, source.text)
        if reason is not None:
            problems.append(
                claim.problem(
                    f"claim '{claim.id}': {reason}",
                    "copy the quote verbatim from the source and set start/end to its "
                    'offsets (`mskg locate "..."` prints them)',
                    "quote",
                    _wrong_quote_field(claim.quote, source.text),
                )
            )


def _wrong_quote_field(quote: Quote, text: str) -> str:
    """The field of a quote to fix, so that the error names its line.

    ``end`` when the start is right (or the end runs past the text), ``start`` when the quote is elsewhere,
    ``text`` when it is nowhere.
    """
    if quote.end > len(text):
        return "end"
    places = locate(quote.text, text)
    if not places:
        return "text"
    return "end" if any(start == quote.start for start, _end in places) else "start"


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
        if key not in ("entities", "claims", "studies"):
            problems.append(
                Problem(
                    file,
                    document.line_of((key,)),
                    key,
                    f"unknown section '{key}'",
                    "a curation file has only `entities:`, `claims:` and `studies:` sections"
                    + _did_you_mean(key, ("entities", "claims", "studies")),
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


def _check_entity(entity: Entity, problems: list[Problem]) -> None:
    kind = ENTITY_TYPES.get(entity.type)
    if kind is None:
        problems.append(
            entity.problem(
                f"unknown entity type '{entity.type}'",
                "use one of: " + ", ".join(ENTITY_TYPES) + _did_you_mean(entity.type, ENTITY_TYPES),
                "type",
            )
        )
    elif entity.id.split("/", 1)[0] != kind.id_prefix:
        article = "an" if entity.type[0] in "AEIOU" else "a"
        problems.append(
            entity.problem(
                f"{article} {entity.type} id must start with '{kind.id_prefix}/'",
                f"rename it to {kind.id_prefix}/{entity.id.split('/', 1)[1]}",
                "id",
            )
        )
    seen: set[str] = set()
    for mapping in entity.mappings:
        if mapping.curie in seen:
            problems.append(mapping.problem(f"{mapping.curie} is mapped twice", "keep one mapping per term", "curie"))
        seen.add(mapping.curie)


def _check_claim(claim: Claim, curation: Curation, problems: list[Problem]) -> None:
    if claim.relation not in ENTITY_RELATIONS:
        problems.append(
            claim.problem(
                f"unknown relation '{claim.relation}'",
                "use one of: " + ", ".join(ENTITY_RELATIONS) + _did_you_mean(claim.relation, ENTITY_RELATIONS),
                "relation",
            )
        )


def _check_claim_sources(curation: Curation, problems: list[Problem]) -> None:
    """Each claim's source (a source record or a study), its quote, its studies, and its evidence when it has none."""
    for claim in curation.claims:
        source = curation.sources.get(claim.source)
        study = curation.studies.get(claim.source)
        if source is None and study is None and claim.source in curation.invalid:
            pass  # the study itself is already reported
        elif source is None and study is None:
            known = [*curation.sources, *curation.studies]
            problems.append(
                claim.problem(
                    f"unknown source '{claim.source}'",
                    "name a source record (its file name in data/sources without .yaml) or a study (study/...)"
                    + _did_you_mean(claim.source, known),
                    "source",
                )
            )
        elif source is not None and source.text is not None and claim.quote is None:
            problems.append(
                claim.problem(
                    "the claim has no quote, but its source's text is stored",
                    "add `quote:` with the verbatim `text:`, `start:` and `end:` "
                    '(`mskg locate "..."` prints the offsets)',
                    "quote",
                )
            )
        elif (source is None or (source.text is None and source.record.text is None)) and claim.quote is not None:
            problems.append(
                claim.problem(
                    f"the source '{claim.source}' stores no text, so the quote cannot be checked",
                    "remove the quote, or add the source's text to data/sources",
                    "quote",
                )
            )
        if study is not None and study.status is TrialStatus.ONGOING:
            problems.append(
                claim.problem(
                    f"the study '{claim.source}' is ongoing and has reported no findings to derive a claim from",
                    "derive the claim from a completed study, or mark the study `status: completed` once it reports",
                    "source",
                )
            )
        _check_claim_studies(claim, curation, problems)
        _check_claim_grade_fields(claim, study is not None or claim.source in curation.invalid, problems)


def _check_claim_studies(claim: Claim, curation: Curation, problems: list[Problem]) -> None:
    """The studies a claim lists exist, appear once, and an ongoing one only gives context."""
    seen: set[str] = set()
    for index, link in enumerate(claim.studies):
        study = curation.studies.get(link.study)
        if study is None and link.study in curation.invalid:
            continue  # the study itself is already reported
        if study is None:
            problems.append(
                claim.problem(
                    f"unknown study '{link.study}'",
                    "define it under `studies:` or correct the id" + _did_you_mean(link.study, curation.studies),
                    "studies",
                    index,
                    "study",
                )
            )
        elif link.study in seen:
            problems.append(
                claim.problem(f"the study '{link.study}' is listed twice", "list each study once", "studies", index)
            )
        elif study.status is TrialStatus.ONGOING and link.role is not EvidenceRole.CONTEXT:
            problems.append(
                claim.problem(
                    f"the study '{link.study}' is ongoing and has no results, so it cannot "
                    f"{link.role.value.removesuffix('s')} a claim",
                    "give it `role: context`, or mark the study `status: completed` once it has reported",
                    "studies",
                    index,
                    "role",
                )
            )
        seen.add(link.study)
    if claim.own_statement and claim.studies:
        problems.append(
            claim.problem(
                "the claim is marked as the source's own statement but also lists studies",
                "remove `own_statement: true`, or remove the studies",
                "own_statement",
            )
        )


def _check_claim_grade_fields(claim: Claim, from_study: bool, problems: list[Problem]) -> None:
    """A claim states its evidence level and design unless a study gives them; a study's finding must not."""
    supported = any(link.role is EvidenceRole.SUPPORTS for link in claim.studies)
    for name in ("evidence_level", "study_design"):
        stated = getattr(claim, name) is not None
        if from_study and stated:
            problems.append(
                claim.problem(
                    f"a study's own finding takes its {name} from the study",
                    f"remove `{name}:`; it follows from the design of {claim.source}",
                    name,
                )
            )
        elif not stated and not supported and not from_study:
            problems.append(
                claim.problem(
                    f"the claim has no {name} and no supporting study to take it from",
                    f"add `{name}:`, or list under `studies:` a study that supports the claim",
                    name,
                )
            )
    if claim.evidence_level is EvidenceLevel.A and not supported:
        problems.append(
            claim.problem(
                "level A means validated by clinical evidence, and the claim lists no study that supports it",
                "list under `studies:` the trials that support the claim (a consensus recommendation validates "
                "them), or state the level the source's own evidence has (B for clinical studies, C for case "
                "reports, E for a statement without a cited study)",
                "evidence_level",
            )
        )
    if from_study and claim.own_statement:
        problems.append(
            claim.problem(
                "a study's own finding cannot be marked as a source's own statement",
                "remove `own_statement: true`",
                "own_statement",
            )
        )


def _check_references(curation: Curation, problems: list[Problem]) -> None:
    _check_claim_sources(curation, problems)
    items: list[Entity | Claim | Study] = [*curation.entities.values(), *curation.claims, *curation.studies.values()]
    for item in items:
        for path, target in item.references():
            if target not in curation.entities and target not in curation.invalid:
                problems.append(
                    item.problem(
                        f"unknown entity '{target}'",
                        "define it under `entities:` or correct the id" + _did_you_mean(target, curation.entities),
                        *path,
                    )
                )
    for study in curation.studies.values():
        for name in ("pools", "cites"):
            for index, target in enumerate(getattr(study, name)):
                if target not in curation.studies and target not in curation.invalid:
                    problems.append(
                        study.problem(
                            f"unknown study '{target}'",
                            "list only curated studies (study/...)" + _did_you_mean(target, curation.studies),
                            name,
                            index,
                        )
                    )
    problems.extend(_subtype_cycles(curation))


def _subtype_cycles(curation: Curation) -> Iterator[Problem]:
    """One problem per entity whose ``subtype_of`` chain leads back to itself."""
    reported: set[str] = set()
    for start in curation.entities:
        stack: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
        while stack:
            node, trail = stack.pop()
            entity = curation.entities.get(node)
            for parent in entity.subtype_of if entity else []:
                if parent == start and start not in reported:
                    reported.update(trail)
                    cycle = " → ".join((*trail, start))
                    yield curation.entities[start].problem(
                        f"subtype_of makes a cycle: {cycle}",
                        "remove one link so that no entity is its own subtype",
                        "subtype_of",
                    )
                elif parent not in trail:
                    stack.append((parent, (*trail, parent)))
