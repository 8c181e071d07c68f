"""What the ontology says about its classes and properties: superclasses, domains, ranges and labels.

The loader uses it to refuse a claim whose subject or object is of the wrong kind for its relation
(a disease form that "targets" something), before anything reaches the graph.

>>> schema = Schema.load()
>>> schema.is_a(MSKG.CARTCellTherapy, MSKG.Therapy)
True
>>> sorted(str(c).rsplit("#")[1] for c in schema.ranges(MSKG.addresses))
['Pathology', 'UnmetNeed']
>>> schema.label(MSKG.expressedOn)
'expressed on'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from mskg.base import paths
from mskg.base.namespaces import MSKG
from mskg.base.syntaxes import parse_turtle

__all__ = ["DEFINITION", "Schema", "read_imports", "read_ontology"]


#: The annotation OBO tools (pronto, ROBOT, OLS) read a term's definition from; the ontology writes
#: ``skos:definition``, and each is given under this property too, so that those tools see them.
DEFINITION = URIRef("http://purl.obolibrary.org/obo/IAO_0000115")


@cache
def _parse(file: Path, mtime: float) -> Graph:
    graph = parse_turtle(file)
    definitions = list(graph.subject_objects(SKOS.definition))
    if definitions:
        graph.add((DEFINITION, RDF.type, OWL.AnnotationProperty))
        graph.add((DEFINITION, RDFS.label, Literal("definition", lang="en")))
        for term, definition in definitions:
            graph.add((term, DEFINITION, definition))
    return graph


def read_ontology(file: Path | None = None) -> Graph:
    """The ontology as an rdflib graph, with each definition also as IAO:0000115.

    Parsed once per file version; do not modify the result.
    """
    file = file or paths.ONTOLOGY_FILE
    return _parse(file, file.stat().st_mtime)


def read_imports(folder: Path | None = None) -> Graph:
    """The import slices of external ontologies (``ontology/imports/*.ttl``) in one graph."""
    graph = Graph()
    for file in sorted((folder or paths.IMPORTS_DIR).glob("*.ttl")):
        parse_turtle(file, graph)
    return graph


@dataclass(frozen=True)
class Schema:
    """A read-only view of the ontology's class hierarchy, property domains and ranges, and labels."""

    graph: Graph

    @classmethod
    def load(cls, file: Path | None = None) -> Schema:
        """The schema of ``ontology/mskg.ttl`` (or of another ontology file)."""
        return cls(read_ontology(file))

    def superclasses(self, cls: URIRef) -> set[URIRef]:
        """``cls`` and every named class above it along rdfs:subClassOf."""
        found = {cls}
        for parent in self.graph.transitive_objects(cls, RDFS.subClassOf):
            if isinstance(parent, URIRef):
                found.add(parent)
        return found

    def is_a(self, cls: URIRef, ancestor: URIRef) -> bool:
        """Whether ``cls`` is ``ancestor`` or a subclass of it."""
        return ancestor in self.superclasses(cls)

    def domains(self, prop: URIRef) -> set[URIRef]:
        """The classes a subject of ``prop`` may belong to (a union domain gives several); empty if open."""
        return self._classes_of(prop, RDFS.domain)

    def ranges(self, prop: URIRef) -> set[URIRef]:
        """The classes an object of ``prop`` may belong to (a union range gives several); empty if open."""
        return self._classes_of(prop, RDFS.range)

    def label(self, term: URIRef) -> str:
        """The term's rdfs:label, or its local name when it has none."""
        label = self.graph.value(term, RDFS.label)
        return str(label) if label is not None else str(term).rsplit("#", 1)[-1]

    def terms(self) -> set[URIRef]:
        """Every term the ontology declares in the mskg namespace."""
        namespace = str(MSKG._NS)
        return {s for s in self.graph.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(namespace)}

    def is_defined_class(self, cls: URIRef) -> bool:
        """Whether the class has an owl:equivalentClass definition (the reasoner finds its members)."""
        return (cls, OWL.equivalentClass, None) in self.graph

    def _classes_of(self, prop: URIRef, axis: URIRef) -> set[URIRef]:
        for node in self.graph.objects(prop, axis):
            if isinstance(node, URIRef):
                return {node}
            if isinstance(node, BNode):
                members = self.graph.value(node, OWL.unionOf)
                if members is not None:
                    return {m for m in Collection(self.graph, members) if isinstance(m, URIRef)}
        for parent in self.graph.objects(prop, RDFS.subPropertyOf):
            if isinstance(parent, URIRef):
                inherited = self._classes_of(parent, axis)
                if inherited:
                    return inherited
        return set()
