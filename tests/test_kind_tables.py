"""Every kind of entity and every relation reaches each table keyed by it: the view's styles and query, Biolink.

A new class under ``ENTITY_TYPES`` or a new relation must be drawn in its own style, be exported with a Biolink
category or predicate of its own, and be listed by the view's entity query; otherwise it would show as a grey
node or leave the export as ``biolink:NamedThing`` without anyone deciding so.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from rdflib import RDFS, Graph, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from mskg import view
from mskg.build import STORE_DIR, BuildResult
from mskg.export import _PREFERRED_PREFIX, BIOLINK_CATEGORY, BIOLINK_PREDICATE
from mskg.graphmodel import mskg_model
from mskg.queries import internal_query
from mskg.schema import read_ontology
from mskg.store import EmbeddedStore
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


def test_the_kind_tables_hold_exactly_the_entity_kinds_of_the_ontology_by_iri() -> None:
    """Both ways: each kind has its row in each table, and each row is a kind (keyed by IRI, never by a label)."""
    kinds = {_kind(t.iri) for t in ENTITY_TYPES.values()}
    assert len(kinds) >= 16
    assert kinds == VIEW_KINDS, "view-entities.rq lists other kinds than the ontology's"
    assert set(view._KIND_STYLE) == kinds, "the view styles other kinds than the ontology's"
    assert set(BIOLINK_CATEGORY) == kinds, "the KGX export maps other kinds than the ontology's"
    assert set(_PREFERRED_PREFIX) <= kinds


def test_a_new_kind_would_be_caught() -> None:
    assert URIRef("https://w3id.org/mskg/ontology#StudyArm") not in BIOLINK_CATEGORY


def test_the_relation_table_holds_exactly_the_relations_by_iri() -> None:
    relations = {*ENTITY_RELATIONS.values(), *_DEFINITIONAL.values()}
    assert set(BIOLINK_PREDICATE) == relations
    assert all(_label(prop) != "None" for prop in relations), "a relation the ontology does not label"


def test_renaming_a_kind_in_the_ontology_changes_no_table(built: BuildResult) -> None:
    """The KGX category and the view's colour follow the class, whatever its label says."""
    from mskg.export import node_id

    store = EmbeddedStore(built.out / STORE_DIR)
    model = mskg_model(store)
    therapy = model.nodes["https://w3id.org/mskg/id/therapy/cd19-car-t"]
    renamed = dataclasses.replace(therapy, kind="cellular treatment", kind_label="cellular treatment")
    assert BIOLINK_CATEGORY[URIRef(renamed.kind_iri)] == "biolink:Treatment"
    assert node_id(renamed) == node_id(therapy)
    assert view._kind_styles([renamed])["cellular treatment"] == view._KIND_STYLE[URIRef(therapy.kind_iri)]
