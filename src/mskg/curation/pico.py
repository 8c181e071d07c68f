"""A study as clinicians read it: whom it admitted, what each arm was given, what it found and at what cost.

These are the typed parts of a :class:`~mskg.curation.Study` (population, intervention, comparator, outcomes,
harms), each value as the study's own record gives it and each result naming the record it was read in:

- :class:`Eligibility`: age, EDSS and disease-duration ranges, and the required activity and prior therapy;
- :class:`Arm`: the therapy, cell product or comparator an arm was given, with its regimen drugs, dose, route,
  cell source and origin, and its size;
- :class:`Result`: one reported number for one outcome measure (a hazard ratio with its confidence interval and
  p value, a count of how many, a proportion ...), for one arm or one arm against another;
- :class:`Harm`: one adverse event in one arm, as a count of how many or a share, with its grade.

Each model checks what it can alone (a confidence interval holds its value, a count is not larger than its
denominator, a comparison names the arm it compares with); :func:`arm_problems` checks what spans the study (every
arm a result or harm names is one of its arms).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, StringConstraints, model_validator

from mskg.base.items import Item
from mskg.base.problems import Problem
from mskg.base.vocabulary import ArmRole, CellOrigin, Favours, RegimenKind, Statistic

__all__ = [
    "ID_HINTS",
    "OFFICIAL_RECORD_HOSTS",
    "Arm",
    "Eligibility",
    "Harm",
    "Range",
    "Result",
    "arm_problems",
    "is_official_record",
]

Text = Annotated[str, StringConstraints(min_length=1, max_length=100_000, pattern=r"\S")]  # not blank, bounded


def _id_of(*kinds: str) -> str:
    return rf"^({'|'.join(kinds)})/[a-z0-9][a-z0-9-]*$"


#: Each pattern a typed study value must match, and the hint a curator reads when it does not.
ID_HINTS: dict[str, str] = {
    (ARM_THERAPY := _id_of("therapy", "product", "comparator")): (
        "an arm is given a therapy/..., product/... or comparator/... entity, "
        "such as therapy/ahsct or comparator/placebo"
    ),
    (DRUG := _id_of("drug")): "a regimen lists drug/... entities, such as drug/cyclophosphamide",
    (ROUTE := _id_of("route")): "a route is a route/... entity, such as route/intrathecal",
    (MEASURE := _id_of("measure")): "a measure is a measure/... entity, such as measure/edss",
    (EVENT := _id_of("adverse-event")): "an event is an adverse-event/... entity, such as adverse-event/infection",
    (
        COMPARTMENT := _id_of("compartment")
    ): "a cell source is a compartment/... entity, such as compartment/bone-marrow",
    (RECORD := r"^https://\S+$"): "give the https:// address of the official record the value was read in",
    (P_VALUE := r"^(<|>|<=|>=)?\s?(0?\.\d+|1(\.0+)?|0)$"): (
        'write a p value as the study gives it, in quotes, such as "0.78" or "<0.001"'
    ),
}
ArmTherapyId = Annotated[str, StringConstraints(pattern=ARM_THERAPY)]
DrugId = Annotated[str, StringConstraints(pattern=DRUG)]
RouteId = Annotated[str, StringConstraints(pattern=ROUTE)]
MeasureId = Annotated[str, StringConstraints(pattern=MEASURE)]
EventId = Annotated[str, StringConstraints(pattern=EVENT)]
CompartmentId = Annotated[str, StringConstraints(pattern=COMPARTMENT)]
RecordUrl = Annotated[str, StringConstraints(pattern=RECORD)]
PValue = Annotated[str, StringConstraints(pattern=P_VALUE)]

#: The hosts of the records a study value may be read in: PubMed and PMC (and Europe PMC, their official
#: mirror), DOI links, trial registries and publishers. A value read anywhere else stays under ``unverified``.
OFFICIAL_RECORD_HOSTS: frozenset[str] = frozenset(
    {
        "pubmed.ncbi.nlm.nih.gov",
        "pubmed.gov",
        "www.ncbi.nlm.nih.gov",
        "pmc.ncbi.nlm.nih.gov",
        "europepmc.org",
        "doi.org",
        "clinicaltrials.gov",
        "trialsearch.who.int",
        "www.isrctn.com",
        "www.clinicaltrialsregister.eu",
        "euclinicaltrials.eu",
        "www.crd.york.ac.uk",
        "jamanetwork.com",
        "www.thelancet.com",
        "www.cell.com",
        "www.nature.com",
        "academic.oup.com",
        "www.bmj.com",
        "jnnp.bmj.com",
        "n.neurology.org",
        "nn.neurology.org",
        "www.sciencedirect.com",
        "www.mdpi.com",
        "link.springer.com",
        "stemcellres.biomedcentral.com",
        "journals.sagepub.com",
        "onlinelibrary.wiley.com",
        "www.nejm.org",
        "ashpublications.org",
        "www.pnas.org",
        "www.frontiersin.org",
        "www.astctjournal.org",
        "www.jci.org",
    }
)


_BARE_HOSTS = frozenset(host.removeprefix("www.") for host in OFFICIAL_RECORD_HOSTS)


def is_official_record(url: str) -> bool:
    """True when ``url`` is on a host of an official record (with or without ``www.``)."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.") in _BARE_HOSTS


class Range(Item):
    """An inclusive range of a number (age in years, EDSS score, disease duration in years); either end may be open."""

    min: float | None = None
    max: float | None = None
    #: The record's words where the range differs between groups ("relapsing MS 18 to 60; progressive MS 18 to 65").
    note: Text | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min is None and self.max is None:
            raise ValueError("a range needs min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self


class Eligibility(Item):
    """Whom a study admitted, as its record gives it; the ranges are typed, the rest in the record's words."""

    age: Range | None = None
    edss: Range | None = None
    disease_duration_years: Range | None = None
    activity: Text | None = None
    prior_therapy: Text | None = None


class Arm(Item):
    """A group of a study's patients and what it was given."""

    name: Text
    role: ArmRole
    therapy: ArmTherapyId
    #: For an arm whose patients each get one of several therapies (the treating neurologist's choice): the
    #: therapies the record names, so that "alemtuzumab, cladribine or ocrelizumab" are entities, not words.
    options: list[ArmTherapyId] = Field(default_factory=list)
    n: Annotated[int, Field(ge=0)] | None = None
    regimen: list[DrugId] = Field(default_factory=list)
    regimen_kind: RegimenKind | None = None
    dose: Text | None = None
    doses: Annotated[int, Field(ge=1)] | None = None
    route: RouteId | None = None
    cell_source: CompartmentId | None = None
    origin: CellOrigin | None = None

    @model_validator(mode="after")
    def _regimen_kind(self) -> Arm:
        if self.regimen and self.regimen_kind is None:
            raise ValueError(
                "an arm with regimen drugs needs `regimen_kind:` (conditioning, mobilization, lymphodepletion)"
            )
        if len(self.options) == 1:
            raise ValueError(
                "an arm with one option gives that therapy: write it as the arm's `therapy:` and remove `options:`"
            )
        return self


class Result(Item):
    """One number a study reports for one outcome measure, with the record it was read in."""

    measure: MeasureId
    statistic: Statistic
    value: float
    ci: Annotated[list[float], Field(min_length=2, max_length=2)] | None = None
    ci_level: Annotated[float, Field(gt=0, lt=100)] = 95
    p: PValue | None = None
    of: Annotated[int, Field(ge=1)] | None = None
    arm: Text | None = None
    versus: Text | None = None
    time_point: Text | None = None
    primary: bool = False
    favours: Favours | None = None
    record: RecordUrl
    note: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Result:
        if self.ci is not None and not self.ci[0] <= self.value <= self.ci[1]:
            raise ValueError(f"the confidence interval {self.ci} does not contain the value {self.value}")
        if self.statistic.comparative and (self.arm is None or self.versus is None):
            raise ValueError(f"a {self.statistic.value} compares two arms: name them in `arm:` and `versus:`")
        if not self.statistic.comparative and self.versus is not None and self.favours is None:
            raise ValueError(
                f"a {self.statistic.value} is a value of one arm: remove `versus:`, or say with `favours:` what the "
                "study found comparing it with that arm"
            )
        if self.favours is not None and self.versus is None:
            raise ValueError("`favours:` says which arm a comparison favours; give the arm compared with in `versus:`")
        if self.statistic is Statistic.PROPORTION and not 0 <= self.value <= 1:
            raise ValueError(f"a proportion is between 0 and 1, not {self.value}; write 46% as 0.46")
        if self.statistic is Statistic.COUNT:
            if self.value != int(self.value) or self.value < 0:
                raise ValueError(f"a count is a whole number of patients, not {self.value}")
            if self.of is not None and self.value > self.of:
                raise ValueError(f"the count {self.value:g} is larger than its denominator {self.of}")
        if self.statistic.ratio and self.value <= 0:
            raise ValueError(f"a {self.statistic.value} is greater than 0, not {self.value}")
        if not is_official_record(self.record):
            raise ValueError(
                f"{self.record} is not an official record; a value read elsewhere goes under `unverified:`"
            )
        return self


class Harm(Item):
    """One adverse event as a study reports it: in which arm, how many of how many (or what share), at what grade."""

    event: EventId
    arm: Text | None = None
    n: Annotated[int, Field(ge=0)] | None = None
    of: Annotated[int, Field(ge=1)] | None = None
    percent: Annotated[float, Field(ge=0, le=100)] | None = None
    grade: Text | None = None
    time_point: Text | None = None
    note: Text | None = None
    record: RecordUrl

    @model_validator(mode="after")
    def _consistent(self) -> Harm:
        if self.n is None and self.percent is None and self.note is None:
            raise ValueError("a harm needs `n:` (with `of:` if given), `percent:`, or a `note:` in the record's words")
        if self.n is not None and self.of is not None and self.n > self.of:
            raise ValueError(f"{self.n} patients with the event is more than the {self.of} it is of")
        if not is_official_record(self.record):
            raise ValueError(f"{self.record} is not an official record; a harm read elsewhere goes under `unverified:`")
        return self


def arm_problems(arms: list[Arm], results: Iterable[Result], harms: Iterable[Harm]) -> Iterator[Problem]:
    """A problem for each arm name used twice, and for each result or harm naming an arm the study does not have."""
    names: set[str] = set()
    for arm in arms:
        if arm.name in names:
            yield arm.problem(f"the arm name '{arm.name}' is used twice", "give each arm its own name", "name")
        names.add(arm.name)
    listed = ", ".join(sorted(names)) or "none: add `arms:` to the study"
    for item in (*results, *harms):
        for field_name in ("arm", "versus"):
            name = getattr(item, field_name, None)
            if name is not None and name not in names:
                yield item.problem(
                    f"the study has no arm named '{name}'", f"use one of the study's arm names ({listed})", field_name
                )
