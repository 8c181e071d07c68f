"""One set of RDF terms everywhere: graphs in the form the store keeps, and every RDF file written from the store.

Oxigraph keeps each literal of a number type in its canonical form: ``"10.0"^^xsd:decimal`` is kept as ``"10"``,
``"607"^^xsd:nonNegativeInteger`` as ``"607"^^xsd:integer``. rdflib keeps what it was given, and its Turtle writer
turns ``"10"^^xsd:decimal`` into ``10.0``, which reads back as another literal. A graph written by rdflib and the
store it was loaded into were therefore different RDF (234 literals apart), and so were the build's files, the
exports and what ``mskg push`` uploads. So:

- :func:`in_store_form` gives a graph exactly the terms the store will hold (by a round trip through Oxigraph, not
  a copy of its rules), with canonical blank-node labels, so that the in-memory graphs the checks read, the store
  and every file hold the same terms, and a build writes the same bytes every time;
- :func:`write_graph` writes the distinct triples of a store's named graphs, each subject once, from the store
  (Turtle, N-Triples and RDF/XML by Oxigraph's writers, JSON-LD by :func:`write_jsonld` with one ``@context`` of
  compact IRIs), and :func:`write_dataset` the named graphs as TriG; the build, ``mskg export`` and ``mskg push``
  all use them.

>>> from rdflib import XSD, Literal, URIRef
>>> g = Graph()
>>> _ = g.add((URIRef("https://example.org/a"), URIRef("https://example.org/w"), Literal("10.0", datatype=XSD.decimal)))
>>> [str(o) for o in in_store_form(g).objects()]
['10']
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from itertools import groupby
from typing import IO, Any

import pyoxigraph as ox
from rdflib import Graph

from mskg.base.namespaces import bind_prefixes
from mskg.engine.store import from_oxigraph

__all__ = [
    "RDF_SYNTAX",
    "canonical_quads",
    "in_store_form",
    "union_of_graphs",
    "write_dataset",
    "write_graph",
    "write_jsonld",
    "write_rdflib_graph",
    "write_union",
]

#: The one-graph syntaxes :func:`write_graph` writes, by their short names.
RDF_SYNTAX = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML}

_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_STRING = "http://www.w3.org/2001/XMLSchema#string"


def in_store_form(graph: Graph) -> Graph:
    """``graph`` with the terms the store will hold: literals as Oxigraph keeps them, blank nodes labelled canonically.

    The namespace bindings are kept, so the result serializes with the same prefixes.
    """
    result = bind_prefixes(Graph(bind_namespaces="none"), graph.namespaces())
    for quad in _in_memory_store(graph):
        result.add((from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object)))
    return result


def _in_memory_store(graph: Graph) -> ox.Store:
    """``graph`` loaded into an in-memory Oxigraph store (its default graph), blank nodes labelled canonically."""
    store = ox.Store()  # given quads, so it keeps their labels (Store.load would give the blank nodes random ones)
    store.extend(canonical_quads(graph))
    return store


def canonical_quads(graph: Graph) -> list[ox.Quad]:
    """The triples of ``graph`` as default-graph quads, their blank nodes labelled by W3C RDF Canonicalization.

    The labels are those of RDFC-1.0 (the W3C Recommendation, by Oxigraph: 0.01 s for the ontology's 552 blank
    nodes, where rdflib's ``to_canonical_graph`` took 0.7 s), each prefixed with a fingerprint of the whole
    canonical graph. RDFC-1.0 numbers the blank nodes of every graph from ``c14n0``, and the store's named graphs
    share one space of blank nodes: without the fingerprint, the ontology's ``_:c14n0`` and an import slice's
    would be one node. The same graph always gets the same labels, however its blank nodes were named.

    >>> from rdflib import BNode, URIRef
    >>> def labelled(name: str, predicate: str = "p") -> str:
    ...     g = Graph()
    ...     _ = g.add((URIRef("https://example.org/a"), URIRef(f"https://example.org/{predicate}"), BNode(name)))
    ...     [quad] = canonical_quads(g)
    ...     return str(quad.object)
    >>> labelled("x") == labelled("y")
    True
    >>> labelled("x").startswith("_:b") and labelled("x").endswith("c0")
    True
    >>> labelled("x") == labelled("x", predicate="q")  # another graph: another node, though both are c14n0
    False
    """
    triples = ox.parse(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    dataset = ox.Dataset(ox.Quad(triple.subject, triple.predicate, triple.object) for triple in triples)
    if not any(isinstance(t, ox.BlankNode) for quad in dataset for t in (quad.subject, quad.object)):
        return list(dataset)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    fingerprint = hashlib.sha256("\n".join(sorted(map(str, dataset))).encode()).hexdigest()[:16]

    def relabelled(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            return ox.BlankNode(f"b{fingerprint}{term.value.replace('c14n', 'c')}")
        return term

    return [ox.Quad(relabelled(quad.subject), quad.predicate, relabelled(quad.object)) for quad in dataset]


def write_dataset(store: ox.Store, out: IO[bytes], prefixes: Mapping[str, str]) -> None:
    """Every named graph of ``store`` as TriG, so asserted and inferred triples stay apart."""
    store.dump(out, ox.RdfFormat.TRIG, prefixes=dict(prefixes))


def write_graph(store: ox.Store, fmt: str, out: IO[bytes], prefixes: Mapping[str, str]) -> int:
    """The distinct triples of all of ``store``'s graphs, each subject once, as ``fmt`` (ttl, nt, xml or jsonld).

    A triple that two named graphs hold is written once, as the one graph these syntaxes have (see
    :func:`union_of_graphs`). Returns the number of triples written.
    """
    with union_of_graphs(store) as union:
        write_union(union, fmt, out, prefixes)
        return len(union)


def write_union(union: ox.Store, fmt: str, out: IO[bytes], prefixes: Mapping[str, str]) -> None:
    """The default graph of ``union`` (made by :func:`union_of_graphs`) as ``fmt``: ttl, nt, xml or jsonld."""
    if fmt == "jsonld":
        write_jsonld(union, out, prefixes)
    else:
        ox.serialize(_types_first(union), out, RDF_SYNTAX[fmt], prefixes=dict(prefixes) if fmt != "nt" else None)


def _types_first(union: ox.Store) -> Iterator[ox.Triple]:
    """The default graph's triples, subject by subject, each subject's types first.

    So that RDF/XML writes a typed element (``<owl:Ontology rdf:about=…>``, which pronto looks for, rather than
    ``<rdf:Description>``) and Turtle opens each subject with ``a``.
    """
    quads = union.quads_for_pattern(None, None, None, ox.DefaultGraph())
    for _subject, group in groupby(quads, key=lambda quad: quad.subject):
        triples = [ox.Triple(quad.subject, quad.predicate, quad.object) for quad in group]
        types = sorted((t for t in triples if t.predicate.value == _TYPE), key=lambda t: str(t.object))
        yield from types
        yield from (t for t in triples if t.predicate.value != _TYPE)


def write_rdflib_graph(graph: Graph, fmt: str, out: IO[bytes], prefixes: Mapping[str, str]) -> int:
    """An rdflib graph written as :func:`write_graph` writes a store's (its terms first put in the store's form)."""
    return write_graph(_in_memory_store(graph), fmt, out, prefixes)


@contextmanager
def union_of_graphs(store: ox.Store) -> Iterator[ox.Store]:
    """A temporary on-disk store whose default graph holds each triple of ``store``'s graphs once.

    On disk, so the graph is never held in memory, however large; made once for all the files written from it.
    """
    with tempfile.TemporaryDirectory(prefix="mskg-union-") as folder:
        union = ox.Store(folder)
        union.bulk_extend(ox.Quad(quad.subject, quad.predicate, quad.object) for quad in store)
        try:
            yield union
        finally:
            del union


def write_jsonld(store: ox.Store, out: IO[bytes], prefixes: Mapping[str, str]) -> None:
    """The default graph of ``store`` as JSON-LD: one ``@context`` of prefixes, compact IRIs, each subject once.

    Written as the store is read, one node object per subject, so the document is never built in memory. Every
    value is a string (``{"@value": "10", "@type": "xsd:decimal"}``), never a JSON number, which JSON-LD would
    turn into another literal.
    """
    namespaces = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def compact(iri: str) -> str:
        for prefix, namespace in namespaces:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and not local.startswith("//"):
                return f"{prefix}:{local}"
        return iri

    out.write(b'{\n"@context": ')
    out.write(json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False).encode())
    out.write(b',\n"@graph": [')
    first = True
    quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    for subject, group in groupby(quads, key=lambda quad: quad.subject):
        node: dict[str, Any] = {"@id": _node_id(subject, compact)}
        values: dict[str, list[Any]] = {}
        for quad in group:
            if quad.predicate.value == _TYPE and isinstance(quad.object, ox.NamedNode):
                values.setdefault("@type", []).append(_node_id(quad.object, compact))
            else:
                values.setdefault(compact(quad.predicate.value), []).append(_value(quad.object, compact))
        for key in sorted(values, key=lambda k: (k != "@type", k)):
            node[key] = sorted(values[key], key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        out.write(b"\n" if first else b",\n")
        out.write(json.dumps(node, ensure_ascii=False).encode())
        first = False
    out.write(b"\n]\n}\n")


def _node_id(term: Any, compact: Any) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else str(compact(term.value))


def _value(term: Any, compact: Any) -> Any:
    if not isinstance(term, ox.Literal):
        return {"@id": _node_id(term, compact)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == _STRING:
        return term.value
    return {"@value": term.value, "@type": compact(term.datatype.value)}
