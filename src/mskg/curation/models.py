"""The pydantic models of the curated YAML: sources, entities, claims and studies, and the id patterns they use.

Each model says what one item of a curation file (or one source record) may hold, so that validation alone
rejects a malformed item; what spans items and files is checked in :mod:`mskg.curation.checks`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import Field, StrictInt, StringConstraints, model_validator

from mskg.base.items import Item
from mskg.base.namespaces import ENTITY_ID
from mskg.base.vocabulary import (
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
from mskg.curation.pico import Arm, Eligibility, Harm, MeasureId, Result

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
