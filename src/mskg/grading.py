"""Grades claims from the studies behind them: an evidence level, and a confidence that can say why.

A claim's **evidence level** is that of its strongest supporting study's design (each design has a default level
in the ontology: randomized trial A, cohort B, case series C …); a claim with no study states its own. Its
**confidence** is a CIViC-like evidence score, the sum over the studies behind it of

    sign * weight(level of the study's design) * rating(of the study, 1 to 5),

with sign +1 for a supporting study and -1 for a refuting one (context studies do not count), and level weights
A 10, B 5, C 3, D 1, E 0.5 (``mskg:levelWeight`` in the ontology). A claim with no supporting study also counts
its source once, at the level it states, with the sign of its direction (0 when mixed or debated) and rating 1 —
or, for a study's own finding, that study's rating. Each term is stored with the
claim, so a query can show why a claim is strong or weak, and the sum can be recomputed from what is stored.

Two claims **conflict** when they make the same statement (subject, relation, object and effect) for overlapping
populations and one supports it while the other refutes it or finds it mixed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from rdflib import Graph, URIRef

from mskg.curation import Claim, Curation
from mskg.namespaces import MSKG
from mskg.vocabulary import Direction, Effect, EvidenceLevel, EvidenceRole, StudyDesign

__all__ = ["Grade", "Grader", "Term", "conflicts"]

_SIGN = {Direction.SUPPORTS: 1, Direction.REFUTES: -1, Direction.MIXED: 0, Direction.DEBATED: 0}


@dataclass(frozen=True)
class Term:
    """One study's (or source's) share of a claim's confidence."""

    source: str
    level: EvidenceLevel
    weight: Decimal
    rating: int
    sign: int

    @property
    def contribution(self) -> Decimal:
        """The term's share: sign * weight * rating."""
        return self.sign * self.weight * self.rating


@dataclass(frozen=True)
class Grade:
    """A claim's evidence level and design, and its confidence with the terms it sums."""

    level: EvidenceLevel
    design: StudyDesign
    terms: tuple[Term, ...]
    derived: bool

    @property
    def confidence(self) -> Decimal:
        """The sum of the terms' contributions."""
        return sum((term.contribution for term in self.terms), Decimal(0))


class Grader:
    """Grades claims with the ontology's default level per study design and weight per level."""

    def __init__(self, ontology: Graph) -> None:
        self.default_level = {
            design: _level(ontology.value(design.iri, MSKG.defaultEvidenceLevel)) for design in StudyDesign
        }
        self.rank = {level: int(str(ontology.value(level.iri, MSKG.levelRank))) for level in EvidenceLevel}
        self.weight = {level: Decimal(str(ontology.value(level.iri, MSKG.levelWeight))) for level in EvidenceLevel}

    def grade(self, claim: Claim, curation: Curation) -> Grade:
        """The claim's grade: from its supporting studies when it has some, else from what it states."""
        studies = [
            (curation.studies[link.study], link.role) for link in claim.studies if link.study in curation.studies
        ]
        supporting = [study for study, role in studies if role is EvidenceRole.SUPPORTS]
        terms = tuple(
            Term(
                study.id,
                self.default_level[study.design],
                self.weight[self.default_level[study.design]],
                study.rating,
                1 if role is EvidenceRole.SUPPORTS else -1,
            )
            for study, role in studies
            if role is not EvidenceRole.CONTEXT
        )
        if supporting:
            best = max(supporting, key=lambda study: self.rank[self.default_level[study.design]])
            return Grade(self.default_level[best.design], best.design, terms, derived=True)
        study = curation.studies.get(claim.source)
        design = claim.study_design or (study.design if study else StudyDesign.EXPERT_OPINION)
        level = claim.evidence_level or self.default_level[design]
        rating = study.rating if study else 1
        own = Term(claim.source, level, self.weight[level], rating, _SIGN[claim.direction])
        return Grade(level, design, (own, *terms), derived=False)


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
