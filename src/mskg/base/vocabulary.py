"""The words curators write in YAML, each mapped to its ontology term.

Every closed value a claim takes (direction, certainty, effect, evidence level, study design, evidence
limitation, curation agent) and the relations a claim may state. The entity types are not listed here: the
ontology declares them (:mod:`mskg.curation.kinds`).

>>> Direction("supports").iri
rdflib.term.URIRef('https://w3id.org/mskg/ontology#Supports')
>>> StudyDesign("randomized-controlled-trial").iri
rdflib.term.URIRef('https://w3id.org/mskg/ontology#RandomizedControlledTrial')
"""

from __future__ import annotations

from enum import StrEnum

from rdflib import URIRef

from mskg.base.namespaces import MSKG

__all__ = [
    "DEFINITIONAL",
    "ENTITY_RELATIONS",
    "QUALIFIERS",
    "Agent",
    "ArmRole",
    "CellOrigin",
    "Certainty",
    "Direction",
    "Effect",
    "EvidenceLevel",
    "EvidenceRole",
    "Favours",
    "Limitation",
    "Masking",
    "QuoteRole",
    "RegimenKind",
    "Statistic",
    "StudyDesign",
    "TrialStatus",
]


def _pascal(key: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in key.split("-"))


class _Vocabulary(StrEnum):
    """A closed list of YAML keys whose ontology term is the key in PascalCase."""

    @property
    def iri(self) -> URIRef:
        """The ontology term for this key."""
        return MSKG[_pascal(self.value)]


class Direction(_Vocabulary):
    """Whether the source supports, refutes, gives mixed evidence on, or calls debatable a claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    MIXED = "mixed"
    DEBATED = "debated"


class Certainty(_Vocabulary):
    """How sure the source is of a claim, in its own words."""

    ESTABLISHED = "established"
    PROMISING = "promising"
    PRELIMINARY = "preliminary"
    DEBATABLE = "debatable"
    INCONSISTENT = "inconsistent"


class Effect(_Vocabulary):
    """The way a therapy changes an outcome."""

    REDUCES = "reduces"
    INCREASES = "increases"
    IMPROVES = "improves"
    LIMITED_EFFECT = "limited-effect"


class EvidenceLevel(_Vocabulary):
    """Evidence levels A (randomized trials, meta-analyses, guidelines) to E (inferential, expert opinion)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"

    @property
    def iri(self) -> URIRef:
        """The ontology term for this level."""
        return MSKG[f"EvidenceLevel{self.value}"]


class StudyDesign(_Vocabulary):
    """The kind of study or statement a claim's evidence comes from."""

    RANDOMIZED_CONTROLLED_TRIAL = "randomized-controlled-trial"
    META_ANALYSIS = "meta-analysis"
    CONSENSUS_RECOMMENDATION = "consensus-recommendation"
    CONTROLLED_TRIAL = "controlled-trial"
    NON_RANDOMIZED_TRIAL = "non-randomized-trial"
    OBSERVATIONAL_COHORT = "observational-cohort"
    CLINICAL_STUDY = "clinical-study"
    CASE_SERIES = "case-series"
    TRIAL_PROTOCOL = "trial-protocol"
    PRECLINICAL_STUDY = "preclinical-study"
    REFERENCE_DATABASE_RECORD = "reference-database-record"
    EXPERT_OPINION = "expert-opinion"

    @property
    def restates(self) -> bool:
        """Whether a study of this design restates others' evidence instead of reporting patients of its own.

        A consensus recommendation or an expert's statement rests on the trials and cohorts it cites, so grading
        never adds it to them: it can validate their evidence (level A), never outweigh it.
        """
        return self in {StudyDesign.CONSENSUS_RECOMMENDATION, StudyDesign.EXPERT_OPINION}


class QuoteRole(_Vocabulary):
    """The part of its source's argument a quote comes from (the Discourse Elements Ontology's elements)."""

    BACKGROUND = "background"
    METHODS = "methods"
    RESULTS = "results"
    CONCLUSION = "conclusion"

    @property
    def iri(self) -> URIRef:
        """The ontology term for this role: ``mskg:BackgroundPassage`` ..."""
        return MSKG[f"{_pascal(self.value)}Passage"]


class Limitation(_Vocabulary):
    """A reason the source gives why a claim's evidence is weak or inconsistent."""

    HETEROGENEOUS_STUDY_DESIGNS = "heterogeneous-study-designs"
    HETEROGENEOUS_POPULATIONS = "heterogeneous-populations"
    HETEROGENEOUS_OUTCOME_MEASURES = "heterogeneous-outcome-measures"
    FEW_PATIENTS = "few-patients"
    NO_CONTROLLED_TRIALS = "no-controlled-trials"


class EvidenceRole(_Vocabulary):
    """What a study does for a claim: supports it, refutes it, or gives its context."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"

    @property
    def iri(self) -> URIRef:
        """The ontology term for this role."""
        return {"supports": MSKG.SupportingEvidence, "refutes": MSKG.RefutingEvidence, "context": MSKG.ContextEvidence}[
            self.value
        ]


class TrialStatus(_Vocabulary):
    """Whether a study has reported or is still under way."""

    COMPLETED = "completed"
    ONGOING = "ongoing"


class Masking(_Vocabulary):
    """Who in a trial knows which arm a patient is in, as its record says."""

    OPEN_LABEL = "open-label"
    SINGLE_BLIND = "single-blind"
    RATER_MASKED = "rater-masked"
    DOUBLE_BLIND = "double-blind"


class ArmRole(_Vocabulary):
    """Whether a study arm gets the therapy under test or is what it is compared with."""

    INTERVENTION = "intervention"
    COMPARATOR = "comparator"

    @property
    def iri(self) -> URIRef:
        """The ontology term for this role."""
        return MSKG[f"{_pascal(self.value)}Arm"]


class RegimenKind(_Vocabulary):
    """What the drugs given around a cell therapy are for."""

    CONDITIONING = "conditioning"
    MOBILIZATION = "mobilization"
    LYMPHODEPLETION = "lymphodepletion"

    @property
    def iri(self) -> URIRef:
        """The ontology term for this kind of regimen."""
        return MSKG[f"{_pascal(self.value)}Regimen"]


class CellOrigin(_Vocabulary):
    """Whose cells a cell therapy gives: the patient's own, or a donor's."""

    AUTOLOGOUS = "autologous"
    ALLOGENEIC = "allogeneic"


class Statistic(_Vocabulary):
    """The kind of number a study reports for an outcome measure."""

    HAZARD_RATIO = "hazard-ratio"
    RATE_RATIO = "rate-ratio"
    ODDS_RATIO = "odds-ratio"
    RISK_RATIO = "risk-ratio"
    MEAN_DIFFERENCE = "mean-difference"
    PROPORTION = "proportion"
    COUNT = "count"
    MEDIAN = "median"
    MEAN = "mean"
    MEAN_CHANGE = "mean-change"
    PERCENT_CHANGE = "percent-change"

    @property
    def comparative(self) -> bool:
        """True for a statistic that compares two arms (a ratio or a difference), which needs ``versus``."""
        return self in _COMPARATIVE

    @property
    def ratio(self) -> bool:
        """True for a ratio, whose no-difference value is 1 (a difference's is 0)."""
        return self.value.endswith("-ratio")


_COMPARATIVE = frozenset(
    {
        Statistic.HAZARD_RATIO,
        Statistic.RATE_RATIO,
        Statistic.ODDS_RATIO,
        Statistic.RISK_RATIO,
        Statistic.MEAN_DIFFERENCE,
    }
)


class Favours(_Vocabulary):
    """Which arm a comparison favours, as the study reports it; ``neither`` when it found no significant difference."""

    INTERVENTION = "intervention"
    COMPARATOR = "comparator"
    NEITHER = "neither"

    @property
    def iri(self) -> URIRef:
        """The ontology term for this verdict."""
        return MSKG[f"Favours{_pascal(self.value)}"]


class Agent(_Vocabulary):
    """Who turned the source text into the claim."""

    MANUAL_CURATION = "manual-curation"
    TEXT_MINING = "text-mining"
    #: A curator read the claim out of the source's words rather than finding it stated there.
    CURATOR_INFERENCE = "curator-inference"


#: The relations a claim may state between two entities, by the name curators write.
ENTITY_RELATIONS: dict[str, URIRef] = {
    str(p).rsplit("#", 1)[1]: p
    for p in (
        MSKG.targets,
        MSKG.expressedOn,
        MSKG.hasMechanism,
        MSKG.actsIn,
        MSKG.reaches,
        MSKG.administeredVia,
        MSKG.studiedIn,
        MSKG.effectiveIn,
        MSKG.recommendedFor,
        MSKG.debatedFor,
        MSKG.possibleRoleIn,
        MSKG.hasOutcome,
        MSKG.hasAdverseEvent,
        MSKG.hasSafetyProfile,
        MSKG.addresses,
        MSKG.hasUnmetNeed,
        MSKG.hasResearchNeed,
        MSKG.subtypeOf,
        MSKG.concerns,
        MSKG.refractoryTo,
    )
}


#: A claim's qualifiers that name an entity: the curation field and the property it becomes.
QUALIFIERS = (
    ("population", MSKG.population),
    ("outcome", MSKG.outcome),
    ("route", MSKG.route),
    ("comparator", MSKG.comparator),
    ("comparator_route", MSKG.comparatorRoute),
)
#: An entity's fields that name other entities, and the property each becomes.
DEFINITIONAL = {
    "subtype_of": MSKG.subtypeOf,
    "concerns": MSKG.concerns,
    "refractory_to": MSKG.refractoryTo,
    "measures": MSKG.measuresOutcome,
}
