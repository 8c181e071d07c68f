"""One graph, one set of terms, everywhere: the build's files, the store, every export and what `mskg push` sends.

A literal is one RDF term only with its exact lexical form and datatype: ``"10"^^xsd:decimal`` and ``10.0`` are two
terms, and so are ``"607"^^xsd:integer`` and ``"607"^^xsd:nonNegativeInteger``. These tests read every output
with rdflib (which keeps lexical forms as written) and Oxigraph (which canonicalizes them), and compare each with
the store for isomorphism, blank nodes included.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path
from typing import NamedTuple

import pyoxigraph
import pytest
from rdflib import XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_isomorphic

from mskg.base.namespaces import GRAPH, OA, PREFIXES
from mskg.engine.store import from_oxigraph
from mskg.outputs.publish import dump_store
from mskg.pipeline.build import STORE_DIR, BuildResult

from .helpers import OxigraphServer, invoke
from .terms import CD19_CAR_T

#: Each file of the build and how it is read.
BUILD_FILES = {"mskg.ttl": "turtle", "mskg.owl": "xml", "mskg.jsonld": "json-ld", "mskg.trig": "trig"}
#: Each RDF export and how it is read.
EXPORTS = {"nt": "nt", "ttl": "turtle", "xml": "xml", "jsonld": "json-ld", "trig": "trig"}


@pytest.fixture(scope="module")
def reference(built: BuildResult) -> Graph:
    """The store's graph: every quad of every named graph, as triples (the union)."""
    store = pyoxigraph.Store.read_only(str(built.out / STORE_DIR))
    graph = Graph()
    for quad in store:
        graph.add((from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object)))
    return graph


class Digest(NamedTuple):
    """What isomorphism compares: the number of distinct triples and the RGDA1 hash (blank nodes included)."""

    triples: int
    hash: int


def digest(graph: Graph) -> Digest:
    isomorphic = to_isomorphic(graph)
    return Digest(len(isomorphic), isomorphic.internal_hash())  # type: ignore[no-untyped-call]


@pytest.fixture(scope="module")
def reference_digest(reference: Graph) -> Digest:
    """The store's graph's digest, computed once for every file it is compared with."""
    return digest(reference)


def read(path: Path, syntax: str) -> Graph:
    """A file's graph as rdflib reads it (a dataset's graphs merged)."""
    if syntax != "trig":
        return Graph().parse(path, format=syntax)
    dataset = Dataset()
    dataset.parse(path, format="trig")
    merged = Graph()
    for s, p, o, _graph in dataset.quads():
        merged.add((s, p, o))
    return merged


def same_graph(graph: Graph, reference: Digest) -> bool:
    """Whether ``graph`` is isomorphic to the graph ``reference`` digests.

    What ``to_isomorphic(a) == to_isomorphic(b)`` compares: the triple count, then the hash.
    """
    return digest(graph) == reference


@pytest.mark.parametrize("name", sorted(BUILD_FILES))
def test_each_file_of_the_build_is_the_store_s_graph(
    built: BuildResult, reference: Graph, reference_digest: Digest, name: str
) -> None:
    graph = read(built.out / name, BUILD_FILES[name])
    assert len(graph) == len(reference) == built.triples
    assert same_graph(graph, reference_digest), f"{name} holds other terms than the store"


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_each_rdf_export_is_the_store_s_graph(
    built: BuildResult, reference_digest: Digest, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"graph.{fmt}"
    assert invoke("export", "--format", fmt, "-o", str(out), "--store", str(built.out)).exit_code == 0
    assert same_graph(read(out, EXPORTS[fmt]), reference_digest), f"the {fmt} export holds other terms than the store"


def test_what_push_uploads_is_the_store_s_graph(built: BuildResult, reference_digest: Digest, tmp_path: Path) -> None:
    payload = tmp_path / "payload.nt"
    dump_store(built.out / STORE_DIR, payload)
    assert same_graph(read(payload, "nt"), reference_digest)


def test_what_the_server_holds_after_a_push_is_the_store_s_graph(
    pushed: OxigraphServer, reference_digest: Digest
) -> None:
    url = f"{pushed.store}?{urllib.parse.urlencode({'graph': str(GRAPH.PUBLISHED)})}"
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})  # noqa: S310 (loopback http)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        served = Graph().parse(data=response.read(), format="nt")
    assert same_graph(served, reference_digest)


@pytest.mark.parametrize("name", ["mskg.ttl", "mskg.jsonld", "mskg.owl"])
def test_oxigraph_reads_the_same_terms_from_each_file(built: BuildResult, reference_digest: Digest, name: str) -> None:
    """Oxigraph canonicalizes literals as it reads; a file in canonical form reads the same in both engines."""
    syntax = {"mskg.ttl": "TURTLE", "mskg.jsonld": "JSON_LD", "mskg.owl": "RDF_XML"}[name]
    graph = Graph()
    for triple in pyoxigraph.parse(path=str(built.out / name), format=getattr(pyoxigraph.RdfFormat, syntax)):
        graph.add((from_oxigraph(triple.subject), from_oxigraph(triple.predicate), from_oxigraph(triple.object)))
    assert same_graph(graph, reference_digest)


def test_no_statement_is_repeated_in_the_one_graph_exports(built: BuildResult, tmp_path: Path) -> None:
    out = tmp_path / "graph.nt"
    assert invoke("export", "--format", "nt", "-o", str(out), "--store", str(built.out)).exit_code == 0
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) == len(set(lines)) == built.triples


def test_the_inferred_graph_restates_nothing_asserted(built: BuildResult) -> None:
    dataset = Dataset()
    dataset.parse(built.out / "mskg.trig", format="trig")
    inferred = set(dataset.graph(GRAPH.INFERRED))
    assert inferred
    for name in (GRAPH.ONTOLOGY, GRAPH.IMPORTS, GRAPH.DATA):
        assert not inferred & set(dataset.graph(name)), f"the inferred graph repeats statements of <{name}>"


def test_no_blank_node_is_shared_by_two_named_graphs(built: BuildResult) -> None:
    """The ontology's restrictions and the slices' are their own nodes: one label in two graphs would be one node."""
    store = pyoxigraph.Store.read_only(str(built.out / STORE_DIR))
    graphs_of: dict[str, set[str]] = {}
    for quad in store:
        for term in (quad.subject, quad.object):
            if isinstance(term, pyoxigraph.BlankNode):
                graphs_of.setdefault(term.value, set()).add(str(quad.graph_name))
    assert {str(graph) for graphs in graphs_of.values() for graph in graphs} >= {
        f"<{GRAPH.ONTOLOGY}>",
        f"<{GRAPH.IMPORTS}>",
    }, "both graphs have blank nodes, or this test would show nothing"
    assert not {label: graphs for label, graphs in graphs_of.items() if len(graphs) > 1}


def test_offsets_and_decimals_are_written_in_the_form_every_store_keeps(built: BuildResult) -> None:
    graph = read(built.out / "mskg.ttl", "turtle")
    offsets = list(graph.objects(None, OA.start))
    assert offsets
    assert all(isinstance(o, Literal) and o.datatype == XSD.integer for o in offsets)
    decimals = [o for o in graph.objects() if isinstance(o, Literal) and o.datatype == XSD.decimal]
    assert decimals
    assert all(str(o) == format(o.toPython().normalize(), "f") for o in decimals), "a decimal not in canonical form"


def test_the_json_ld_has_one_context_compact_iris_and_each_subject_once(built: BuildResult) -> None:
    document = json.loads((built.out / "mskg.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == dict(sorted(PREFIXES.items()))
    nodes = document["@graph"]
    ids = [node["@id"] for node in nodes]
    assert len(ids) == len(set(ids))
    therapy = next(node for node in nodes if node["@id"] == "mskgid:therapy/cd19-car-t")
    assert "mskg:CARTCellTherapy" in therapy["@type"]
    assert URIRef(PREFIXES["mskgid"] + "therapy/cd19-car-t") == CD19_CAR_T
    assert "ns1" not in json.dumps(document["@context"])
