"""How strong one study's evidence is: its level, A to E, and its rating, 1 to 5, from what its record says.

The levels are CIViC's (A validated, B clinical, C case study, D preclinical, E inferential). A study starts at
the level its design carries in the ontology (``mskg:defaultEvidenceLevel``: any clinical study of patients is
B, a case series C, laboratory work D, a statement or a trial without results E), and only one thing raises it:
evidence that is *validated*, which for a single study means

- a completed randomized trial of phase 3 or later (the highest phase its record names), or
- a meta-analysis whose record says it pooled randomized trials only.

A phase 2 trial of 48 patients is therefore clinical evidence (B), never validated (A), however well it was run;
a consensus recommendation has no patients of its own and is E, and what it does for a claim (validate the trials
behind it) is decided in :mod:`mskg.curation.grading`. CIViC's curators keep A to evidence that would otherwise
be B, and never promote case reports to A because a guideline cites them; so do we.

The **rating** is CIViC's five stars, made reproducible: 1, plus one point for each of

- *controlled*: a comparator arm (a randomized or controlled trial, a study with a comparator arm, or a
  meta-analysis of controlled trials only);
- *randomized*: allocation at random (or a meta-analysis of randomized trials only);
- *masked*: patients, investigators or raters did not know the arm (single-blind, rater-masked, double-blind);
- *100 patients or more* analysed (or enrolled, when the record gives no analysed count; pooled, for a
  meta-analysis).

A study without patients of its own (laboratory work, a database record, a statement, a recommendation, a trial
without results) is rated 1. Each point is kept as a line of the basis, so anyone can recompute the stars.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mskg.base.vocabulary import ArmRole, EvidenceLevel, Masking, StudyDesign, TrialStatus
from mskg.curation import Study

__all__ = ["LARGE_STUDY", "Appraisal", "appraise"]

#: Patients from which a study earns the size point of its rating.
LARGE_STUDY = 100

_CLINICAL = frozenset(
    {
        StudyDesign.RANDOMIZED_CONTROLLED_TRIAL,
        StudyDesign.CONTROLLED_TRIAL,
        StudyDesign.NON_RANDOMIZED_TRIAL,
        StudyDesign.OBSERVATIONAL_COHORT,
        StudyDesign.CLINICAL_STUDY,
        StudyDesign.CASE_SERIES,
        StudyDesign.META_ANALYSIS,
    }
)
_CONTROLLED = frozenset({StudyDesign.RANDOMIZED_CONTROLLED_TRIAL, StudyDesign.CONTROLLED_TRIAL})
_MASKED = frozenset({Masking.SINGLE_BLIND, Masking.RATER_MASKED, Masking.DOUBLE_BLIND})


@dataclass(frozen=True)
class Appraisal:
    """A study's level and rating, each with the reason it has them."""

    level: EvidenceLevel
    level_basis: str
    rating: int
    rating_basis: str


def appraise(study: Study, design_level: EvidenceLevel) -> Appraisal:
    """The study's level (its design's, raised to A when validated) and its rating with the points that make it."""
    level, level_basis = _level(study, design_level)
    rating, rating_basis = _rating(study)
    return Appraisal(level, level_basis, rating, rating_basis)


def highest_phase(phase: str | None) -> int | None:
    """The highest trial phase a record's phase text names ("2a" → 2, "1/2" → 2, "3" → 3), or None."""
    numbers = [int(digit) for digit in re.findall(r"[1-4]", phase or "")]
    return max(numbers) if numbers else None


def _level(study: Study, design_level: EvidenceLevel) -> tuple[EvidenceLevel, str]:
    design = _named(study.design)
    if study.status is TrialStatus.ONGOING:
        return EvidenceLevel.E, f"E: {design}, ongoing, with no results yet"
    phase = highest_phase(study.phase)
    if study.design is StudyDesign.RANDOMIZED_CONTROLLED_TRIAL and phase is not None and phase >= 3:
        return EvidenceLevel.A, f"A: a completed phase {study.phase} randomized trial"
    if study.design is StudyDesign.META_ANALYSIS and _pools_only(study, {StudyDesign.RANDOMIZED_CONTROLLED_TRIAL}):
        return EvidenceLevel.A, "A: a meta-analysis of randomized trials only"
    if study.design is StudyDesign.RANDOMIZED_CONTROLLED_TRIAL:
        stated = f"phase {study.phase}" if study.phase else "no phase in its record"
        return design_level, f"{design_level.value}: a randomized trial ({stated}), not phase 3"
    if study.design is StudyDesign.META_ANALYSIS:
        return design_level, f"{design_level.value}: a meta-analysis not limited to randomized trials"
    return design_level, f"{design_level.value}: {design}"


def _named(design: StudyDesign) -> str:
    """The design in words with its article: "an observational cohort", "a case series"."""
    words = design.value.replace("-", " ")
    return ("an " if words[0] in "aeiou" else "a ") + words


def _pools_only(study: Study, designs: set[StudyDesign]) -> bool:
    return bool(study.pooled_designs) and set(study.pooled_designs) <= designs


def _rating(study: Study) -> tuple[int, str]:
    if study.status is TrialStatus.ONGOING:
        return 1, "1: no results yet to rate"
    if study.design not in _CLINICAL:
        return 1, "1: no patients of its own to rate"
    meta = study.design is StudyDesign.META_ANALYSIS
    controlled = (
        _pools_only(study, set(_CONTROLLED))
        if meta
        else study.design in _CONTROLLED or any(arm.role is ArmRole.COMPARATOR for arm in study.arms)
    )
    randomized = (
        _pools_only(study, {StudyDesign.RANDOMIZED_CONTROLLED_TRIAL})
        if meta
        else study.design is StudyDesign.RANDOMIZED_CONTROLLED_TRIAL
    )
    masking = study.masking.value if study.masking else "masking not given"
    patients = study.n_analysed or study.size
    size = f"{patients} patients" if patients else "size not verified"
    #: (earned, why it was earned, why it was not)
    points = (
        (controlled, "controlled", "controlled"),
        (randomized, "randomized", "randomized"),
        (study.masking in _MASKED, f"masked ({masking})", f"masked ({masking})"),
        (patients is not None and patients >= LARGE_STUDY, size, f"{LARGE_STUDY} patients ({size})"),
    )
    rating = 1 + sum(earned for earned, _, _ in points)
    gained = " + ".join(["1", *(why for earned, why, _ in points if earned)])
    missed = ", ".join(why_not for earned, _, why_not in points if not earned)
    return rating, f"{gained} = {rating}" + (f"; not {missed}" if missed else "")
