"""Grading: levels follow from studies, confidence adds support and subtracts refutation, disagreement conflicts.

Claims that disagree on the same statement for overlapping populations conflict.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from mskg.base.vocabulary import EvidenceLevel, StudyDesign
from mskg.curation import Claim, Curation, Entity, Study
from mskg.curation.grading import Grader, conflicts
from mskg.curation.schema import read_ontology


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(read_ontology())


def study(slug: str, design: str, **fields: Any) -> Study:
    return Study.model_validate(
        {"id": f"study/{slug}", "label": slug, "title": slug, "design": design, "year": 2020, "pmid": "1"} | fields
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


#: Trials as their records describe them: a 48-patient phase 2 double-blind trial, a phase 3 trial of 400
#: patients with masked raters, an open-label trial of 110 patients whose record names no phase.
PHASE_2 = study("phase-2", "randomized-controlled-trial", phase="2", size=48, masking="double-blind")
PHASE_3 = study("phase-3", "randomized-controlled-trial", phase="3", size=400, masking="rater-masked")
OPEN = study("open", "randomized-controlled-trial", size=110, masking="open-label")
SERIES = study("series", "case-series", size=5)
COHORT = study("cohort", "observational-cohort", size=48)
GUIDELINE = study("guideline", "consensus-recommendation", cites=["study/open"])


@pytest.mark.parametrize(
    ("design", "level"),
    [
        (StudyDesign.RANDOMIZED_CONTROLLED_TRIAL, EvidenceLevel.B),
        (StudyDesign.META_ANALYSIS, EvidenceLevel.B),
        (StudyDesign.CONSENSUS_RECOMMENDATION, EvidenceLevel.E),
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


@pytest.mark.parametrize(
    ("trial", "level", "rating"),
    [
        (PHASE_2, EvidenceLevel.B, 4),  # controlled, randomized, masked; 48 patients earn no size point
        (PHASE_3, EvidenceLevel.A, 5),  # validated: a completed phase 3 trial, and every point
        (OPEN, EvidenceLevel.B, 4),  # no phase in its record; open-label
        (COHORT, EvidenceLevel.B, 1),
        (SERIES, EvidenceLevel.C, 1),
        (GUIDELINE, EvidenceLevel.E, 1),  # no patients of its own
        (study("ongoing", "randomized-controlled-trial", phase="3", status="ongoing"), EvidenceLevel.E, 1),
        (study("pooled-rcts", "meta-analysis", size=900, pooled_designs=["randomized-controlled-trial"]), "A", 4),
    ],
)
def test_a_study_is_appraised_from_its_record(grader: Grader, trial: Study, level: str, rating: int) -> None:
    appraisal = grader.appraisal(trial)
    assert (appraisal.level, appraisal.rating) == (EvidenceLevel(level), rating), appraisal
    earned = appraisal.rating_basis.split(";")[0]  # "1 + controlled + randomized = 3", or "1: no patients ..."
    assert earned.endswith(f"= {rating}") or earned.startswith(f"{rating}: ")


def test_a_phase_2_trial_of_48_patients_weighs_less_than_a_phase_3_trial(grader: Grader) -> None:
    small, large = (
        claim("small", studies=[{"study": "study/phase-2"}]),
        claim("large", studies=[{"study": "study/phase-3"}]),
    )
    everything = curation_of(small, large, PHASE_2, PHASE_3)
    assert grader.grade(small, everything).confidence == Decimal(20)  # B weighs 5, rated 4
    assert grader.grade(large, everything).confidence == Decimal(50)  # A weighs 10, rated 5


def test_a_claim_takes_the_level_and_design_of_its_strongest_supporting_study(grader: Grader) -> None:
    linked = claim("x", studies=[{"study": "study/cohort"}, {"study": "study/phase-3"}])
    grade = grader.grade(linked, curation_of(linked, COHORT, PHASE_3))
    assert (grade.level, grade.design, grade.derived) == (
        EvidenceLevel.A,
        StudyDesign.RANDOMIZED_CONTROLLED_TRIAL,
        True,
    )


def test_a_refuting_study_does_not_raise_the_level_it_only_lowers_the_confidence(grader: Grader) -> None:
    linked = claim("x", studies=[{"study": "study/series"}, {"study": "study/phase-3", "role": "refutes"}])
    grade = grader.grade(linked, curation_of(linked, SERIES, PHASE_3))
    assert grade.level is EvidenceLevel.C
    assert [(t.source, t.sign, t.contribution) for t in grade.terms] == [
        ("study/series", 1, Decimal(3)),  # C weighs 3, rated 1
        ("study/phase-3", -1, Decimal(-50)),  # A weighs 10, rated 5
    ]
    assert grade.confidence == Decimal(-47)


def test_guidelines_that_restate_a_trial_validate_it_but_do_not_outweigh_it(grader: Grader) -> None:
    guidelines = [study(f"guideline-{n}", "consensus-recommendation", cites=["study/open"]) for n in range(4)]
    recommendation = claim(
        "recommended",
        relation="recommendedFor",
        object="disease-form/ms",
        studies=[*({"study": g.id} for g in guidelines), {"study": "study/open"}],
    )
    trial_finding = claim("trial", source="study/open")
    everything = curation_of(recommendation, trial_finding, OPEN, *guidelines)
    grade = grader.grade(recommendation, everything)
    assert grade.level is EvidenceLevel.A  # the trial's clinical evidence (B), validated by the guidelines
    assert grade.validated_by == tuple(g.id for g in guidelines)
    assert [term.source for term in grade.terms] == ["study/open"]  # the guidelines add no term of their own
    assert grade.confidence == grader.grade(trial_finding, everything).confidence == Decimal(20)


def test_a_guideline_never_promotes_a_case_series_to_level_a(grader: Grader) -> None:
    guideline = study("guideline", "consensus-recommendation", cites=["study/series"])
    linked = claim("x", studies=[{"study": "study/guideline"}, {"study": "study/series"}])
    grade = grader.grade(linked, curation_of(linked, guideline, SERIES))
    assert (grade.level, grade.validated_by) == (EvidenceLevel.C, ())


def test_a_guideline_citing_only_a_case_series_does_not_validate_a_trial_it_does_not_cite(grader: Grader) -> None:
    guideline = study("guideline", "consensus-recommendation", cites=["study/series"])
    linked = claim("x", studies=[{"study": "study/guideline"}, {"study": "study/series"}, {"study": "study/open"}])
    grade = grader.grade(linked, curation_of(linked, guideline, SERIES, OPEN))
    assert (grade.level, grade.validated_by) == (EvidenceLevel.B, ())


def test_a_guideline_validates_only_the_studies_it_cites(grader: Grader) -> None:
    silent = study("guideline", "consensus-recommendation")
    linked = claim("x", studies=[{"study": "study/guideline"}, {"study": "study/open"}])
    assert grader.grade(linked, curation_of(linked, silent, OPEN)).level is EvidenceLevel.B


def test_guidelines_without_a_study_behind_them_count_once_as_consensus(grader: Grader) -> None:
    guidelines = [study(f"guideline-{n}", "consensus-recommendation") for n in range(4)]
    linked = claim("x", studies=[{"study": g.id} for g in guidelines])
    grade = grader.grade(linked, curation_of(linked, *guidelines))
    assert (grade.level, grade.confidence, len(grade.terms)) == (EvidenceLevel.E, Decimal("0.5"), 1)
    assert "counted once" in (grade.terms[0].note or "")


def test_guidelines_that_disagree_count_once_each_way(grader: Grader) -> None:
    pro = [study(f"pro-{n}", "consensus-recommendation") for n in range(3)]
    con = study("con", "consensus-recommendation")
    linked = claim("x", studies=[*({"study": g.id} for g in pro), {"study": "study/con", "role": "refutes"}])
    grade = grader.grade(linked, curation_of(linked, *pro, con))
    assert [(t.sign, t.contribution) for t in grade.terms] == [(1, Decimal("0.5")), (-1, Decimal("-0.5"))]


def test_a_study_pooled_in_a_listed_meta_analysis_is_counted_once_inside_it(grader: Grader) -> None:
    meta = study("meta", "meta-analysis", size=500, pools=["study/cohort"])
    linked = claim("x", studies=[{"study": "study/meta"}, {"study": "study/cohort"}])
    grade = grader.grade(linked, curation_of(linked, meta, COHORT))
    assert [(t.source, t.contribution) for t in grade.terms] == [("study/meta", Decimal(10))]  # B 5, rated 2
    assert "study/cohort" in (grade.terms[0].note or "")


def test_a_context_study_neither_adds_nor_subtracts(grader: Grader) -> None:
    ongoing = study("ongoing", "randomized-controlled-trial", status="ongoing")
    linked = claim(
        "x", evidence_level="E", study_design="expert-opinion", studies=[{"study": "study/ongoing", "role": "context"}]
    )
    grade = grader.grade(linked, curation_of(linked, ongoing))
    assert [(t.source, t.contribution) for t in grade.terms] == [("review", Decimal("0.5"))]
    assert (grade.level, grade.derived) == (EvidenceLevel.E, False)


def test_a_claim_refuted_by_a_study_still_counts_its_source_once(grader: Grader) -> None:
    linked = claim(
        "x", evidence_level="B", study_design="clinical-study", studies=[{"study": "study/open", "role": "refutes"}]
    )
    grade = grader.grade(linked, curation_of(linked, OPEN))
    assert grade.confidence == Decimal(5) - Decimal(20)


def test_a_study_s_own_finding_counts_the_study_with_the_sign_of_its_direction(grader: Grader) -> None:
    finding = claim("finding", source="study/phase-3", direction="refutes")
    grade = grader.grade(finding, curation_of(finding, PHASE_3))
    assert (grade.level, grade.design) == (EvidenceLevel.A, StudyDesign.RANDOMIZED_CONTROLLED_TRIAL)
    assert grade.confidence == Decimal(-50)


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
