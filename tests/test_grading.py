"""Grading: levels follow from studies, confidence adds support and subtracts refutation, disagreement conflicts.

Claims that disagree on the same statement for overlapping populations conflict.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from mskg.curation import Claim, Curation, Entity, Study
from mskg.grading import Grader, conflicts
from mskg.schema import read_ontology
from mskg.vocabulary import EvidenceLevel, StudyDesign


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(read_ontology())


def study(slug: str, design: str, rating: int = 3, **fields: Any) -> Study:
    return Study.model_validate(
        {"id": f"study/{slug}", "label": slug, "title": slug, "design": design, "year": 2020, "pmid": "1"}
        | {"rating": rating}
        | fields
    )


def claim(slug: str, **fields: Any) -> Claim:
    base = {
        "id": slug,
        "subject": "therapy/msc",
        "relation": "hasOutcome",
        "object": "outcome/inflammatory-activity",
        "effect": "reduces",
        "direction": "supports",
        "certainty": "promising",
        "source": "review",
    }
    return Claim.model_validate(base | fields)


def form(slug: str, *parents: str) -> Entity:
    return Entity.model_validate(
        {"id": f"disease-form/{slug}", "type": "DiseaseForm", "label": slug, "definition": slug, "subtype_of": parents}
    )


def curation_of(*items: Claim | Study | Entity) -> Curation:
    return Curation(
        claims=[i for i in items if isinstance(i, Claim)],
        studies={i.id: i for i in items if isinstance(i, Study)},
        entities={i.id: i for i in items if isinstance(i, Entity)},
    )


@pytest.mark.parametrize(
    ("design", "level"),
    [
        (StudyDesign.RANDOMIZED_CONTROLLED_TRIAL, EvidenceLevel.A),
        (StudyDesign.META_ANALYSIS, EvidenceLevel.A),
        (StudyDesign.CONSENSUS_RECOMMENDATION, EvidenceLevel.A),
        (StudyDesign.OBSERVATIONAL_COHORT, EvidenceLevel.B),
        (StudyDesign.NON_RANDOMIZED_TRIAL, EvidenceLevel.B),
        (StudyDesign.CASE_SERIES, EvidenceLevel.C),
        (StudyDesign.PRECLINICAL_STUDY, EvidenceLevel.D),
        (StudyDesign.EXPERT_OPINION, EvidenceLevel.E),
    ],
)
def test_each_design_carries_the_level_the_ontology_gives_it(
    grader: Grader, design: StudyDesign, level: EvidenceLevel
) -> None:
    assert grader.default_level[design] is level


def test_a_claim_takes_the_level_and_design_of_its_strongest_supporting_study(grader: Grader) -> None:
    cohort, trial = study("cohort", "observational-cohort"), study("trial", "randomized-controlled-trial")
    linked = claim("x", studies=[{"study": "study/cohort"}, {"study": "study/trial"}])
    grade = grader.grade(linked, curation_of(linked, cohort, trial))
    assert (grade.level, grade.design, grade.derived) == (
        EvidenceLevel.A,
        StudyDesign.RANDOMIZED_CONTROLLED_TRIAL,
        True,
    )


def test_a_refuting_study_does_not_raise_the_level_it_only_lowers_the_confidence(grader: Grader) -> None:
    series, trial = study("series", "case-series", rating=2), study("trial", "randomized-controlled-trial", rating=4)
    linked = claim("x", studies=[{"study": "study/series"}, {"study": "study/trial", "role": "refutes"}])
    grade = grader.grade(linked, curation_of(linked, series, trial))
    assert grade.level is EvidenceLevel.C
    assert [(t.source, t.sign, t.contribution) for t in grade.terms] == [
        ("study/series", 1, Decimal(6)),  # C weighs 3, rated 2
        ("study/trial", -1, Decimal(-40)),  # A weighs 10, rated 4
    ]
    assert grade.confidence == Decimal(-34)


def test_a_context_study_neither_adds_nor_subtracts(grader: Grader) -> None:
    ongoing = study("ongoing", "randomized-controlled-trial", status="ongoing")
    linked = claim(
        "x", evidence_level="E", study_design="expert-opinion", studies=[{"study": "study/ongoing", "role": "context"}]
    )
    grade = grader.grade(linked, curation_of(linked, ongoing))
    assert [(t.source, t.contribution) for t in grade.terms] == [("review", Decimal("0.5"))]
    assert (grade.level, grade.derived) == (EvidenceLevel.E, False)


def test_a_claim_refuted_by_a_study_still_counts_its_source_once(grader: Grader) -> None:
    trial = study("trial", "randomized-controlled-trial", rating=3)
    linked = claim(
        "x", evidence_level="B", study_design="clinical-study", studies=[{"study": "study/trial", "role": "refutes"}]
    )
    grade = grader.grade(linked, curation_of(linked, trial))
    assert grade.confidence == Decimal(5) - Decimal(30)


def test_a_study_s_own_finding_counts_the_study_with_the_sign_of_its_direction(grader: Grader) -> None:
    trial = study("trial", "randomized-controlled-trial", rating=4)
    finding = claim("finding", source="study/trial", direction="refutes")
    grade = grader.grade(finding, curation_of(finding, trial))
    assert (grade.level, grade.design) == (EvidenceLevel.A, StudyDesign.RANDOMIZED_CONTROLLED_TRIAL)
    assert grade.confidence == Decimal(-40)


def test_a_mixed_claim_without_studies_has_no_confidence_either_way(grader: Grader) -> None:
    mixed = claim("x", direction="mixed", evidence_level="B", study_design="clinical-study")
    assert grader.grade(mixed, curation_of(mixed)).confidence == 0


MS, PROGRESSIVE, AGGRESSIVE = (
    form("ms"),
    form("progressive-ms", "disease-form/ms"),
    form("aggressive-ms", "disease-form/ms"),
)


def test_intravenous_failure_in_ms_conflicts_with_intrathecal_benefit_in_progressive_ms() -> None:
    intravenous = claim("iv", direction="refutes", population="disease-form/ms", route="route/intravenous")
    intrathecal = claim("it", population="disease-form/progressive-ms", route="route/intrathecal")
    assert [(a.id, b.id) for a, b in conflicts(curation_of(intravenous, intrathecal, MS, PROGRESSIVE))] == [
        ("iv", "it")
    ]


def test_claims_about_disjoint_populations_do_not_conflict() -> None:
    aggressive = claim("a", direction="refutes", population="disease-form/aggressive-ms")
    progressive = claim("p", population="disease-form/progressive-ms")
    assert conflicts(curation_of(aggressive, progressive, MS, PROGRESSIVE, AGGRESSIVE)) == []


def test_a_claim_without_a_population_speaks_for_every_population() -> None:
    review = claim("review", direction="mixed")
    trial = claim("trial", population="disease-form/progressive-ms")
    assert len(conflicts(curation_of(review, trial, MS, PROGRESSIVE))) == 1


@pytest.mark.parametrize(
    ("other", "why"),
    [
        ({"effect": "increases", "direction": "refutes"}, "another effect is another statement"),
        ({"object": "outcome/neda", "direction": "refutes"}, "another outcome is another statement"),
        ({"direction": "supports"}, "two supporting claims agree"),
        ({"direction": "debated"}, "debated is not disagreement about the finding"),
    ],
)
def test_claims_that_do_not_disagree_on_one_statement_do_not_conflict(other: dict[str, str], why: str) -> None:
    assert conflicts(curation_of(claim("a"), claim("b", **other))) == [], why
