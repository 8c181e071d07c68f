"""Whether the curation fits the ontology, checked on the models before any RDF is made.

Each relation's subject and object must be of the kinds its domain and range allow, each qualifier of the kinds
its range allows, a claim that names its supporting studies must not state another level or design than they give
it, and each mapping's CURIE must expand. Every problem is located (file, line, field) and says how to fix it;
the loader (:mod:`mskg.graph.loader`) runs this first and only emits RDF.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import URIRef

from mskg.base.links import LinkError, expand
from mskg.base.namespaces import mskg_term
from mskg.base.problems import Problem
from mskg.base.vocabulary import DEFINITIONAL, ENTITY_RELATIONS, QUALIFIERS
from mskg.curation import Claim, Curation, Entity
from mskg.curation.grading import Grade
from mskg.curation.schema import Schema

__all__ = ["fit_problems"]


def fit_problems(curation: Curation, schema: Schema, grades: Sequence[Grade]) -> list[Problem]:
    """Every way the curation does not fit the ontology, in curation order; ``grades`` are the claims', in order."""
    problems: list[Problem] = []
    for entity in curation.entities.values():
        for field_name, prop in DEFINITIONAL.items():
            for index, target in enumerate(getattr(entity, field_name)):
                _fits(entity, prop, target, curation, schema, problems, (field_name, index))
        for index, mapping in enumerate(entity.mappings):
            try:
                expand(mapping.curie)
            except LinkError as error:
                problems.append(
                    entity.problem(
                        str(error),
                        "correct the CURIE; check it in the ontology's own files",
                        "mappings",
                        index,
                        "curie",
                    )
                )
    for claim, grade in zip(curation.claims, grades, strict=True):
        _fits(claim, ENTITY_RELATIONS[claim.relation], claim.object, curation, schema, problems, ("object",))
        _check_grade(claim, grade, problems)
        _check_qualifiers(claim, curation, schema, problems)
    return problems


def _check_grade(claim: Claim, grade: Grade, problems: list[Problem]) -> None:
    """A claim that names supporting studies must not state another level or design than they give it."""
    if not grade.derived:
        return
    for name, stated, derived in (
        ("evidence_level", claim.evidence_level, grade.level),
        ("study_design", claim.study_design, grade.design),
    ):
        if stated is not None and stated != derived:
            problems.append(
                claim.problem(
                    f"the claim states {name} {stated.value}, but its strongest supporting study gives {derived.value}",
                    f"remove `{name}:` (it follows from the studies) or correct the studies the claim lists",
                    name,
                )
            )


def _check_qualifiers(claim: Claim, curation: Curation, schema: Schema, problems: list[Problem]) -> None:
    for name, prop in QUALIFIERS:
        target = getattr(claim, name)
        if target is None:
            continue
        kind = mskg_term(curation.entities[target].type)
        allowed = schema.ranges(prop)
        if allowed and not any(schema.is_a(kind, cls) for cls in allowed):
            wanted = " or ".join(sorted(schema.label(c) for c in allowed))
            problems.append(
                claim.problem(
                    f"the {name} '{target}' is {_a(schema.label(kind))}, but a claim's {name} must be {_a(wanted)}",
                    f"name {_a(wanted)} as the {name}",
                    name,
                )
            )


def _fits(
    item: Entity | Claim,
    prop: URIRef,
    target: str,
    curation: Curation,
    schema: Schema,
    problems: list[Problem],
    field: tuple[str | int, ...],
) -> bool:
    """Whether subject and object are of the kinds the relation's domain and range allow (else a problem)."""
    subject_id = item.id if isinstance(item, Entity) else item.subject
    subject_kind = mskg_term(curation.entities[subject_id].type)
    object_kind = mskg_term(curation.entities[target].type)
    relation = schema.label(prop)
    ok = True
    for role, kind, allowed, where in (
        ("subject", subject_kind, schema.domains(prop), "subject"),
        ("object", object_kind, schema.ranges(prop), field[0]),
    ):
        if allowed and not any(schema.is_a(kind, cls) for cls in allowed):
            wanted = " or ".join(sorted(schema.label(c) for c in allowed))
            name = subject_id if role == "subject" else target
            problems.append(
                item.problem(
                    f"'{relation}' needs {_a(wanted)} as its {role}, but '{name}' is {_a(schema.label(kind))}",
                    f"use a relation that fits {_a(schema.label(kind))}, or a {role} that is {_a(wanted)}",
                    *((where,) if isinstance(item, Claim) else field),
                )
            )
            ok = False
    return ok


def _a(noun: str) -> str:
    """The noun with its indefinite article: "a therapy", "an outcome"."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"
