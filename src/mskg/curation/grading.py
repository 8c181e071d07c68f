"""Grades claims from the studies behind them: an evidence level that means strength, and a confidence that says why.

Each study is appraised on its own (:mod:`mskg.curation.appraisal`): a level, A to E, and a rating, 1 to 5, both
from its record (design, phase, status, comparator arm, randomization, masking, size). A claim then gets

- its **evidence level**: the best level among the primary studies that support it. A consensus recommendation
  that supports the claim and cites one of those studies *validates* clinical evidence (B) to A; it never
  promotes a case series (C) and never stands in for a trial. A claim with no supporting study states its own
  level, which may not be A;
- its **confidence**, a CIViC-like evidence score: the sum over the primary studies behind it of
  ``sign * weight(level) * rating``, sign +1 for a supporting and -1 for a refuting study, level weights A 10,
  B 5, C 3, D 1, E 0.5 (``mskg:levelWeight`` in the ontology); context studies do not count.

Sources that restate the same evidence do not add up: consensus recommendations and expert statements add no term
of their own next to the studies they rest on (when no study is listed, all of them together count once, at
level E); a study pooled in a meta-analysis that is also counted is counted once, inside the meta-analysis. A
claim with no supporting study counts its source once, at the level it states, with the sign of its direction (0
when mixed or debated). Each term is stored with the claim, so the sum can be recomputed from what is stored.

Two claims **conflict** when they make the same statement (subject, relation, object and effect) for overlapping
populations and one supports it while the other refutes it or finds it mixed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from rdflib import Graph, URIRef

from mskg.base.namespaces import MSKG
from mskg.base.vocabulary import Direction, Effect, EvidenceLevel, EvidenceRole, StudyDesign
from mskg.curation import Claim, Curation, Study
from mskg.curation.appraisal import Appraisal, appraise

__all__ = ["Grade", "Grader", "Term", "conflicts"]

_SIGN = {Direction.SUPPORTS: 1, Direction.REFUTES: -1, Direction.MIXED: 0, Direction.DEBATED: 0}


@dataclass(frozen=True)
class Term:
    """One study's (or source's) share of a claim's confidence, and why it is counted so."""

    source: str
    level: EvidenceLevel
    weight: Decimal
    rating: int
    sign: int
    note: str | None = None

    @property
    def contribution(self) -> Decimal:
        """The term's share: sign * weight * rating."""
        return self.sign * self.weight * self.rating


@dataclass(frozen=True)
class Grade:
    """A claim's evidence level and design, its confidence with the terms it sums, and what validated it."""

    level: EvidenceLevel
    design: StudyDesign
    terms: tuple[Term, ...]
    derived: bool
    validated_by: tuple[str, ...] = ()

    @property
    def confidence(self) -> Decimal:
        """The sum of the terms' contributions."""
        return sum((term.contribution for term in self.terms), Decimal(0))


class Grader:
    """Grades claims with the ontology's level per study design and weight per level."""

    def __init__(self, ontology: Graph) -> None:
        self.default_level = {
            design: _level(ontology.value(design.iri, MSKG.defaultEvidenceLevel)) for design in StudyDesign
        }
        self.rank = {level: int(str(ontology.value(level.iri, MSKG.levelRank))) for level in EvidenceLevel}
        self.weight = {level: Decimal(str(ontology.value(level.iri, MSKG.levelWeight))) for level in EvidenceLevel}

    def appraisal(self, study: Study) -> Appraisal:
        """The study's own level and rating."""
        return appraise(study, self.default_level[study.design])

    def grade(self, claim: Claim, curation: Curation) -> Grade:
        """The claim's grade: from its supporting studies when it has some, else from what it states."""
        linked = [
            (curation.studies[link.study], link.role)
            for link in claim.studies
            if link.study in curation.studies and link.role is not EvidenceRole.CONTEXT
        ]
        restating = [study for study, role in linked if study.design.restates and role is EvidenceRole.SUPPORTS]
        disputing = [study for study, role in linked if study.design.restates and role is EvidenceRole.REFUTES]
        primary = [(study, role) for study, role in linked if not study.design.restates]
        terms = self._study_terms(primary)
        supporting = [term for term in terms if term.sign > 0]
        if supporting:
            best = max(supporting, key=lambda term: self.rank[term.level])
            design = curation.studies[best.source].design
            clinical = {t.source for t in supporting if t.level in (EvidenceLevel.A, EvidenceLevel.B)}
            validators = tuple(study.id for study in restating if clinical & set(study.cites))
            if validators and best.level is EvidenceLevel.B:
                return Grade(EvidenceLevel.A, design, terms, derived=True, validated_by=validators)
            return Grade(best.level, design, terms, derived=True)
        disputed = (
            (self._consensus_once(disputing, -1),) if disputing and not any(term.sign < 0 for term in terms) else ()
        )
        if restating:
            once = self._consensus_once(restating, 1)
            return Grade(EvidenceLevel.E, restating[0].design, (once, *disputed, *terms), derived=True)
        study = curation.studies.get(claim.source)
        if study is not None:
            appraisal = self.appraisal(study)
            level, design, rating = appraisal.level, study.design, appraisal.rating
        else:
            design = claim.study_design or StudyDesign.EXPERT_OPINION
            level, rating = claim.evidence_level or self.default_level[design], 1
        own = Term(claim.source, level, self.weight[level], rating, _SIGN[claim.direction])
        return Grade(level, design, (own, *disputed, *terms), derived=False)

    def _consensus_once(self, sources: list[Study], sign: int) -> Term:
        """Consensus sources with no curated study behind them: one term at level E for all of them."""
        names = ", ".join(study.id for study in sources)
        note = f"consensus without a curated study behind it, counted once for {names}"
        return Term(sources[0].id, EvidenceLevel.E, self.weight[EvidenceLevel.E], 1, sign, note)

    def _study_terms(self, primary: Sequence[tuple[Study, EvidenceRole]]) -> tuple[Term, ...]:
        """One term per primary study, a study pooled in a listed meta-analysis counted only inside it."""
        listed = {study.id for study, _ in primary}
        pooled_in = {pooled: study.id for study, _ in primary for pooled in study.pools if pooled in listed}
        terms = []
        for study, role in primary:
            if study.id in pooled_in:
                continue
            appraisal = self.appraisal(study)
            inside = sorted(pooled for pooled in study.pools if pooled in listed)
            terms.append(
                Term(
                    study.id,
                    appraisal.level,
                    self.weight[appraisal.level],
                    appraisal.rating,
                    1 if role is EvidenceRole.SUPPORTS else -1,
                    f"pools {', '.join(inside)}, counted here only" if inside else None,
                )
            )
        return tuple(terms)


def _level(term: object) -> EvidenceLevel:
    return EvidenceLevel(str(term).rsplit("EvidenceLevel", 1)[-1]) if isinstance(term, URIRef) else EvidenceLevel.E


def conflicts(curation: Curation) -> list[tuple[Claim, Claim]]:
    """Pairs of claims that disagree on the same statement for overlapping populations.

    The statement is the subject, relation, object and effect; the populations overlap when they are the same,
    when one is a subtype of the other (a finding in all MS speaks for progressive MS), or when either claim
    names none. Routes, outcomes measured and comparators may differ: that is often why the claims disagree.
    """
    groups: dict[tuple[str, str, str, Effect | None], list[Claim]] = defaultdict(list)
    for claim in curation.claims:
        groups[(claim.subject, claim.relation, claim.object, claim.effect)].append(claim)
    found = []
    for claims in groups.values():
        for first, second in combinations(claims, 2):
            directions = {first.direction, second.direction}
            if (
                Direction.SUPPORTS in directions
                and directions & {Direction.REFUTES, Direction.MIXED}
                and _overlap(first.population, second.population, curation)
            ):
                found.append((first, second))
    return found


def _overlap(first: str | None, second: str | None, curation: Curation) -> bool:
    """Whether two populations share patients: equal, one within the other, or either unrestricted."""
    if first is None or second is None:
        return True
    return first in _ancestors(second, curation) or second in _ancestors(first, curation)


def _ancestors(entity_id: str, curation: Curation) -> set[str]:
    """The entity and everything it is, transitively, a subtype of."""
    found = {entity_id}
    stack = [entity_id]
    while stack:
        entity = curation.entities.get(stack.pop())
        for parent in entity.subtype_of if entity else ():
            if parent not in found:
                found.add(parent)
                stack.append(parent)
    return found
