"""Every kind of entity and every relation reaches each table keyed by it: the view's styles and query, Biolink.

A new class under ``ENTITY_TYPES`` or a new relation must be drawn in its own style, be exported with a Biolink
category or predicate of its own, and be listed by the view's entity query; otherwise it would show as a grey
node or leave the export as ``biolink:NamedThing`` without anyone deciding so.
"""

from __future__ import annotations

from typing import Any

from rdflib import RDFS, Graph, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from mskg import view
from mskg.export import BIOLINK_CATEGORY, BIOLINK_PREDICATE
from mskg.queries import internal_query
from mskg.schema import read_ontology
from mskg.vocabulary import DEFINITIONAL as _DEFINITIONAL
from mskg.vocabulary import ENTITY_RELATIONS, ENTITY_TYPES

ONTOLOGY: Graph = read_ontology()


def _values_of(node: Any, variable: Variable) -> set[URIRef]:
    """Every IRI a VALUES block binds to ``variable`` anywhere in a parsed query's algebra."""
    found: set[URIRef] = set()
    if isinstance(node, CompValue):
        if node.name == "values":
            found |= {row[variable] for row in node["res"] if isinstance(row.get(variable), URIRef)}
        for child in node.values():
            found |= _values_of(child, variable)
    elif isinstance(node, (list, tuple)):
        for child in node:
            found |= _values_of(child, variable)
    return found


#: The kinds the view lists, read from a real parse of its own query.
VIEW_KINDS = _values_of(prepareQuery(internal_query("view-entities")).algebra, Variable("kind"))


def _kind(cls: URIRef) -> URIRef:
    """The top-level kind of an entity class: its broadest ancestor that is itself an entity type."""
    ancestors = {a for a in ONTOLOGY.transitive_objects(cls, RDFS.subClassOf) if isinstance(a, URIRef)}
    kinds = [a for a in ancestors if a in {t.iri for t in ENTITY_TYPES.values()}]
    return max(kinds, key=lambda a: len(set(ONTOLOGY.transitive_subjects(RDFS.subClassOf, a))))


def _label(term: URIRef) -> str:
    return str(ONTOLOGY.value(term, RDFS.label))


def test_every_entity_kind_has_a_view_style_a_biolink_category_and_a_place_in_the_view_query() -> None:
    kinds = {_kind(t.iri) for t in ENTITY_TYPES.values()}
    assert len(kinds) >= 16
    for kind in kinds:
        assert kind in VIEW_KINDS, f"{kind} is missing from view-entities.rq"
        assert _label(kind) in view._KIND_STYLE, f"{_label(kind)} has no view style"
        assert _label(kind) in BIOLINK_CATEGORY, f"{_label(kind)} has no Biolink category"


def test_a_new_kind_would_be_caught() -> None:
    assert _label(URIRef("https://w3id.org/mskg/ontology#StudyArm")) not in BIOLINK_CATEGORY


def test_every_relation_has_a_biolink_predicate() -> None:
    for prop in [*ENTITY_RELATIONS.values(), *_DEFINITIONAL.values()]:
        assert _label(prop) in BIOLINK_PREDICATE, f"{prop} has no Biolink predicate"
