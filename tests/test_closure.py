"""The closures the build stores in the inferred graph, so that saved questions need no transitive paths."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph, Namespace

from mskg.graph.closure import property_closure, term_closure, transitive_closure

EX = Namespace("https://example.org/")


def test_a_property_is_linked_to_every_indirect_superproperty() -> None:
    ontology = Graph()
    ontology.add((EX.studiedIn, RDFS.subPropertyOf, EX.consideredFor))
    ontology.add((EX.piloted, RDFS.subPropertyOf, EX.studiedIn))
    closure = property_closure(ontology)
    assert set(closure) == {(EX.piloted, RDFS.subPropertyOf, EX.consideredFor)}  # the stated links are not repeated


def test_an_imported_term_is_linked_to_every_ancestor_but_owl_thing() -> None:
    imports = Graph()
    imports.add((EX.ppms, RDFS.subClassOf, EX.progressiveMS))
    imports.add((EX.progressiveMS, RDFS.subClassOf, EX.ms))
    imports.add((EX.ms, RDFS.subClassOf, OWL.Thing))
    assert set(term_closure(imports)) == {(EX.ppms, RDFS.subClassOf, EX.ms)}


def test_a_transitive_property_s_implied_links_are_stated() -> None:
    ontology = Graph()
    ontology.add((EX.subtypeOf, RDF.type, OWL.TransitiveProperty))
    ontology.add((EX.other, RDF.type, OWL.ObjectProperty))
    data = Graph()
    data.add((EX.ytb323, EX.subtypeOf, EX.cd19CarT))
    data.add((EX.cd19CarT, EX.subtypeOf, EX.carT))
    data.add((EX.a, EX.other, EX.b))
    data.add((EX.b, EX.other, EX.c))
    assert set(transitive_closure(ontology, data)) == {(EX.ytb323, EX.subtypeOf, EX.carT)}
