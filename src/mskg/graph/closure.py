"""Class memberships closed over the ontology's subclass links, so that ``?x a mskg:Therapy`` finds every therapy.

The curation types each entity with its most specific class (``therapy/cd19-car-t a mskg:CARTCellTherapy``) and
HermiT adds the defined classes it belongs to; neither states the memberships that follow from ``rdfs:subClassOf``
alone. Without them a plain ``SELECT ?t WHERE { ?t a mskg:Therapy }`` finds nothing, and every query must walk
``a/rdfs:subClassOf*``, a path some engines answer wrongly. This module adds, for each typed individual, its
membership in every named superclass of the ontology (RDFS subclass entailment), into the inferred graph, kept
apart from the asserted data, with or without the reasoner.

>>> from rdflib import Namespace
>>> ex = Namespace("https://example.org/")
>>> ontology = Graph()
>>> _ = ontology.add((ex.CARTCellTherapy, RDFS.subClassOf, ex.CellTherapy))
>>> _ = ontology.add((ex.CellTherapy, RDFS.subClassOf, ex.Therapy))
>>> data = Graph()
>>> _ = data.add((ex.kyv101, RDF.type, ex.CARTCellTherapy))
>>> sorted(str(o).rsplit("/", 1)[1] for o in class_closure(ontology, [data]).objects(ex.kyv101, RDF.type))
['CellTherapy', 'Therapy']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV

from mskg.base.namespaces import GRAPH
from mskg.engine.canonical import in_store_form

if TYPE_CHECKING:
    from mskg.graph.reasoning import Reasoning

__all__ = ["class_closure", "inferred_graph", "property_closure", "term_closure", "transitive_closure"]


def inferred_graph(graphs: Mapping[URIRef, Graph], reasoning: Reasoning | None) -> Graph:
    """The inferred graph: HermiT's inferences (when it ran), the class closure, and what made each."""
    inferred = Graph()
    if reasoning is not None:
        inferred += reasoning.inferred
    closure = class_closure(graphs[GRAPH.ONTOLOGY], [graphs[GRAPH.DATA], inferred])
    properties = property_closure(graphs[GRAPH.ONTOLOGY] + inferred)
    terms = term_closure(graphs.get(GRAPH.IMPORTS, Graph()))
    transitive = transitive_closure(graphs[GRAPH.ONTOLOGY], graphs[GRAPH.DATA] + inferred)
    inferred += closure
    inferred += properties
    inferred += terms
    inferred += transitive
    inferred += _provenance(reasoning, len(closure), len(properties), len(terms) + len(transitive))
    inferred = in_store_form(inferred)  # the asserted graphs are in the store's form too
    for graph in graphs.values():  # what is asserted is not inferred: each statement in one graph
        inferred -= graph
    return inferred


def transitive_closure(ontology: Graph, data: Graph) -> Graph:
    """The links each ``owl:TransitiveProperty`` of the ontology implies in the data, where not stated.

    HermiT adds them when it runs; this makes them the same without the reasoner (``--no-reason``), so that a
    query can ask for "progressive MS or a form of it" in one ``mskg:subtypeOf`` step instead of a path.
    """
    closure = Graph()
    for prop in ontology.subjects(RDF.type, OWL.TransitiveProperty):
        if isinstance(prop, URIRef):
            closure += _chains(data, prop)
    return closure


def term_closure(imports: Graph) -> Graph:
    """Each imported term's ``rdfs:subClassOf`` link to every indirect ancestor in its slice (RDFS rule 11).

    "Therapies in any form of MONDO:0005284" then needs one ``rdfs:subClassOf`` step from a form's mapped term,
    not the path ``rdfs:subClassOf*``, whose answers Virtuoso gets wrong when the disease is bound.
    """
    return _chains(imports, RDFS.subClassOf, leave_out=OWL.Thing)


def property_closure(ontology: Graph) -> Graph:
    """Each property's ``rdfs:subPropertyOf`` link to every named superproperty, where not already stated.

    A query for the claims of any kind of "considered for" then needs one ``rdfs:subPropertyOf`` step, not the
    path ``rdfs:subPropertyOf*``, which Virtuoso answers wrongly beside another path.
    """
    return _chains(ontology, RDFS.subPropertyOf)


def _chains(graph: Graph, prop: URIRef, leave_out: URIRef | None = None) -> Graph:
    """The ``prop`` links that chains of ``prop`` between IRIs of ``graph`` imply and it does not state."""
    parents: dict[URIRef, set[URIRef]] = {}
    for child, parent in graph.subject_objects(prop):
        if isinstance(child, URIRef) and isinstance(parent, URIRef) and parent != leave_out:
            parents.setdefault(child, set()).add(parent)
    closure = Graph()
    for child, stated in parents.items():
        for ancestor in _ancestors(child, parents) - stated:
            closure.add((child, prop, ancestor))
    return closure


def _provenance(reasoning: Reasoning | None, closed: int, properties: int = 0, terms: int = 0) -> Graph:
    """Statements about the inferred graph itself: what made it and from what (kept in mskg.ttl too)."""
    graph = Graph()
    graph.add((GRAPH.INFERRED, RDF.type, PROV.Entity))
    graph.add((GRAPH.INFERRED, RDFS.label, Literal("triples inferred from the ontology and the data", lang="en")))
    graph.add((GRAPH.INFERRED, PROV.wasDerivedFrom, GRAPH.ONTOLOGY))
    graph.add((GRAPH.INFERRED, PROV.wasDerivedFrom, GRAPH.DATA))
    steps = [
        (
            "closure",
            "class memberships closed over rdfs:subClassOf",
            f"{closed} memberships of individuals in the superclasses of their classes (RDFS subclass "
            "entailment), so that a query for the members of a class finds those of its subclasses; "
            f"{properties} links of properties to their indirect superproperties (the transitive "
            f"rdfs:subPropertyOf); {terms} links of imported terms to their indirect ancestors (the transitive "
            "rdfs:subClassOf of the import slices) and of the links transitive properties imply.",
        )
    ]
    if reasoning is not None:
        steps.insert(
            0,
            (
                "classification",
                "OWL 2 DL consistency check and classification (HermiT)",
                f"{len(reasoning.inferred)} triples inferred: class memberships, property values and subclass "
                "links that the ontology and the asserted relations between entities entail.",
            ),
        )
    for name, label, comment in steps:
        activity = URIRef(f"{GRAPH.INFERRED}#{name}")
        graph.add((GRAPH.INFERRED, PROV.wasGeneratedBy, activity))
        graph.add((activity, RDF.type, PROV.Activity))
        graph.add((activity, RDFS.label, Literal(label, lang="en")))
        graph.add((activity, RDFS.comment, Literal(comment, lang="en")))
    return graph


def class_closure(ontology: Graph, graphs: Iterable[Graph]) -> Graph:
    """The memberships of each individual of ``graphs`` in the superclasses of its classes, not already stated."""
    graphs = list(graphs)
    parents: dict[URIRef, set[URIRef]] = {}
    for source in (ontology, *graphs):
        for child, parent in source.subject_objects(RDFS.subClassOf):
            if isinstance(child, URIRef) and isinstance(parent, URIRef) and parent != OWL.Thing:
                parents.setdefault(child, set()).add(parent)
    closure = Graph()
    stated = {(s, o) for source in graphs for s, o in source.subject_objects(RDF.type)}
    for individual, cls in stated:
        if not isinstance(cls, URIRef):
            continue
        for ancestor in _ancestors(cls, parents):
            if (individual, ancestor) not in stated:
                closure.add((individual, RDF.type, ancestor))
    return closure


def _ancestors(cls: URIRef, parents: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    seen: set[URIRef] = set()
    stack = list(parents.get(cls, ()))
    while stack:
        parent = stack.pop()
        if parent in seen or parent == cls:
            continue
        seen.add(parent)
        stack.extend(parents.get(parent, ()))
    return seen
