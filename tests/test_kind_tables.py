"""Every kind of entity and every relation reaches each table keyed by it: the view's styles and query, Biolink.

A new class under ``ENTITY_TYPES`` or a new relation must be drawn in its own style, be exported with a Biolink
category or predicate of its own, and be listed by the view's entity query; otherwise it would show as a grey
node or leave the export as ``biolink:NamedThing`` without anyone deciding so.
"""

from __future__ import annotations

import re

from rdflib import RDFS, Graph, URIRef

from mskg import view
from mskg.export import BIOLINK_CATEGORY, BIOLINK_PREDICATE
from mskg.loader import _DEFINITIONAL
from mskg.queries import internal_query
from mskg.schema import read_ontology
from mskg.vocabulary import ENTITY_RELATIONS, ENTITY_TYPES

ONTOLOGY: Graph = read_ontology()
#: The kinds the view lists, read from its own query.
VIEW_KINDS = {
    URIRef("https://w3id.org/mskg/ontology#" + name)
    for name in re.findall(r"mskg:(\w+)", re.search(r"VALUES \?kind \{([^}]*)\}", internal_query("view-entities"))[1])
}


def _kind(cls: URIRef) -> URIRef:
    """The top-level kind of an entity class: its broadest ancestor that is itself an entity type."""
    ancestors = set(ONTOLOGY.transitive_objects(cls, RDFS.subClassOf))
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
