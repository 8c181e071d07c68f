"""Writes the built graph in the forms other tools read: KGX (Biolink), JSON-LD, N-Triples, RDF/XML and GraphML.

KGX is the exchange format of the Biolink knowledge-graph ecosystem (Translator, Monarch): a node table and an
edge table whose categories and predicates come from the Biolink model. An entity's node id is its exact external
identifier where it has one in the ontology Biolink prefers for its category (MONDO for a disease, UniProtKB for a
protein, CL, UBERON, GO), so the nodes merge with other graphs'; otherwise it is mskg's own id, one prefix per kind
(``MSKG.therapy:cd19-car-t``: KGX's CURIE pattern allows no ``/`` after the colon), which the prefix map written
beside the tables (:func:`prefix_map`, with ``infores``) expands to the entity's IRI. Each
claim a source supports or refutes is one edge, with the Biolink ``knowledge_level`` and ``agent_type``, its
``publications`` and mskg's evidence level, design, certainty and quote; mixed and debated claims are not
statements a KGX edge can carry, and are left out.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from mskg.graphmodel import GraphModel, GraphNode
from mskg.namespaces import MSKGID, PREFIXES

__all__ = [
    "BIOLINK_CATEGORY",
    "BIOLINK_PREDICATE",
    "INFORES",
    "KGX",
    "RDF_FORMATS",
    "graphml",
    "kgx",
    "mskg_curie",
    "node_id",
    "prefix_map",
    "write_rdf",
    "write_rdf_files",
]

#: The RDF forms `mskg export` writes, with their rdflib names.
RDF_FORMATS = {"jsonld": "json-ld", "nt": "nt", "xml": "xml", "ttl": "turtle", "trig": "trig"}

#: The Biolink category of each kind of entity.
BIOLINK_CATEGORY: dict[str, str] = {
    "therapy": "biolink:Treatment",
    "molecular target": "biolink:Protein",
    "cell type": "biolink:Cell",
    "anatomical compartment": "biolink:AnatomicalEntity",
    "mechanism": "biolink:BiologicalProcess",
    "disease form": "biolink:Disease",
    "outcome": "biolink:ClinicalFinding",
    "administration route": "biolink:NamedThing",
    "adverse event": "biolink:PhenotypicFeature",
    "safety profile": "biolink:NamedThing",
    "pathology": "biolink:PathologicalProcess",
    "unmet need": "biolink:NamedThing",
    "research need": "biolink:NamedThing",
    "comparator": "biolink:Treatment",
    "drug": "biolink:Drug",
    "outcome measure": "biolink:ClinicalFinding",
}

#: The Biolink predicate for each mskg relation (the mskg relation is kept as ``original_predicate``).
BIOLINK_PREDICATE: dict[str, str] = {
    "targets": "biolink:physically_interacts_with",
    "expressed on": "biolink:expressed_in",
    "has mechanism": "biolink:affects",
    "acts in": "biolink:located_in",
    "reaches": "biolink:located_in",
    "administered via": "biolink:related_to",
    "studied in": "biolink:studied_to_treat",
    "effective in": "biolink:treats",
    "recommended for": "biolink:applied_to_treat",
    "debated for": "biolink:related_to",
    "possible role in": "biolink:related_to",
    "has outcome": "biolink:affects",
    "has adverse event": "biolink:has_adverse_event",
    "has safety profile": "biolink:related_to",
    "addresses": "biolink:related_to",
    "has unmet need": "biolink:related_to",
    "has research need": "biolink:related_to",
    "subtype of": "biolink:subclass_of",
    "concerns": "biolink:related_to",
    "refractory to": "biolink:related_to",
    "measures": "biolink:related_to",
}

_PREFERRED_PREFIX = {
    "disease form": ("MONDO", "DOID"),
    "molecular target": ("UniProtKB",),
    "cell type": ("CL",),
    "anatomical compartment": ("UBERON",),
    "mechanism": ("GO",),
}
_PREFIX = "MSKG"
#: The Information Resource Registry, whose ``infores:`` ids name knowledge sources (``infores:mskg``).
INFORES = "https://w3id.org/information-resource-registry/"
_AGENT = {"manual curation": "manual_agent", "text mining": "text_mining_agent"}
NODE_COLUMNS = ["id", "category", "name", "description", "synonym", "xref", "provided_by"]
EDGE_COLUMNS = [
    "id",
    "subject",
    "predicate",
    "object",
    "original_predicate",
    "negated",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "publications",
    "mskg_evidence_level",
    "mskg_study_design",
    "mskg_certainty",
    "mskg_population",
    "mskg_quote",
]


@dataclass(frozen=True)
class KGX:
    """The two KGX tables, as TSV text."""

    nodes: str
    edges: str


def node_id(node: GraphNode) -> str:
    """The node's KGX id: its exact identifier in the ontology Biolink prefers for its kind, or mskg's own."""
    exact = {link["curie"].split(":", 1)[0]: link["curie"] for link in node.links if link["match"] == "exactMatch"}
    for prefix in _PREFERRED_PREFIX.get(node.kind, ()):
        if prefix in exact:
            return exact[prefix]
    return mskg_curie(node.id)


def mskg_curie(iri: str) -> str:
    """An mskg IRI as a CURIE KGX accepts: the kind in the prefix, no ``/`` after the colon.

    >>> mskg_curie("https://w3id.org/mskg/id/therapy/cd19-car-t")
    'MSKG.therapy:cd19-car-t'
    """
    kind, _, slug = iri.removeprefix(str(MSKGID)).partition("/")
    return f"{_PREFIX}.{kind}:{slug.replace('/', '.')}"


def prefix_map(tables: KGX) -> dict[str, str]:
    """The prefixes of the tables' ids that Biolink's prefix map lacks: mskg's kinds, ``mskg`` and ``infores``.

    A link's id (``MSKG.link:…``) names an edge, not an IRI of the graph, so it has no expansion.
    """
    used = {cell.split(":", 1)[0] for cell in re.findall(r"\bMSKG\.[\w-]+:", tables.nodes + tables.edges)}
    used.discard(f"{_PREFIX}.link")
    kinds = {prefix: f"{MSKGID}{prefix.removeprefix(_PREFIX + '.')}/" for prefix in sorted(used)}
    return {**kinds, "mskg": PREFIXES["mskg"], "infores": INFORES}


def kgx(model: GraphModel) -> KGX:
    """The entity graph as Biolink KGX node and edge tables."""
    ids = {node.id: node_id(node) for node in model.nodes.values()}
    nodes = []
    for node in sorted(model.nodes.values(), key=lambda n: ids[n.id]):
        own = mskg_curie(node.id)
        close = {link["curie"] for link in node.links if link["match"] in ("exactMatch", "closeMatch")}
        xrefs = sorted((close | {own}) - {ids[node.id]})
        nodes.append(
            {
                "id": ids[node.id],
                "category": BIOLINK_CATEGORY.get(node.kind, "biolink:NamedThing"),
                "name": node.label,
                "description": node.definition,
                "synonym": "|".join(node.synonyms),
                "xref": "|".join(xrefs),
                "provided_by": "infores:mskg",
            }
        )
    edges = []
    for edge in model.edges:
        predicate = BIOLINK_PREDICATE.get(edge.relation, "biolink:related_to")
        base = {
            "subject": ids[edge.source],
            "predicate": predicate,
            "object": ids[edge.target],
            "original_predicate": "mskg:" + _camel(edge.relation),
            "primary_knowledge_source": "infores:mskg",
        }
        if not edge.claims:  # a link the entity states about itself (subtype of, concerns)
            edges.append(
                {
                    **base,
                    "id": f"{_PREFIX}.link:{_link_slug(edge.source, edge.relation, edge.target)}",
                    "negated": _negated(False),
                    "knowledge_level": "knowledge_assertion",
                    "agent_type": "manual_agent",
                }
            )
        for claim in edge.claims:
            if claim["direction"] not in ("supports", "refutes"):
                continue
            edges.append(
                {
                    **base,
                    "id": mskg_curie(claim["id"]),
                    "negated": _negated(claim["direction"] == "refutes"),
                    "knowledge_level": "knowledge_assertion",
                    "agent_type": _AGENT.get(claim["agent"], "not_provided"),
                    "publications": "|".join(_publications(claim["links"])),
                    "mskg_evidence_level": claim["level"],
                    "mskg_study_design": claim["design"],
                    "mskg_certainty": claim["certainty"],
                    "mskg_population": claim["population"],
                    "mskg_quote": claim["quote"],
                }
            )
    return KGX(_tsv(NODE_COLUMNS, nodes), _tsv(EDGE_COLUMNS, sorted(edges, key=lambda e: e["id"])))


def _link_slug(source: str, relation: str, target: str) -> str:
    """A stable id for a link an entity states about itself: ``therapy.x.subtypeOf.therapy.y``."""
    ends = [mskg_curie(end).removeprefix(_PREFIX + ".").replace(":", ".") for end in (source, target)]
    return f"{ends[0]}.{_camel(relation)}.{ends[1]}"


def _publications(links: Iterable[dict[str, str]]) -> list[str]:
    found = []
    for link in links:
        label = link["label"]
        if label.startswith("PMID:"):
            found.append(label)
        elif label.startswith("doi:"):
            found.append("doi:" + label.removeprefix("doi:"))
    return found


def _camel(relation: str) -> str:
    words = relation.split()
    return words[0] + "".join(word.capitalize() for word in words[1:])


def _negated(refuted: bool) -> str:
    """The ``negated`` cell as KGX reads it: "True", or empty for an edge that is not negated.

    KGX's TSV reader turns any non-empty value into true (``bool("False")`` is true) and drops an empty one, so
    writing "False" made every exported claim read as negated, each the opposite of what it says.
    """
    return "True" if refuted else ""


def _tsv(columns: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter="\t", lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: " ".join(str(row.get(column, "")).split()) for column in columns})
    return out.getvalue()


def graphml(model: GraphModel) -> str:
    """The entity graph as GraphML: nodes with label and kind, edges with relation, best level and claim count."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for node in model.nodes.values():
        graph.add_node(node.id, label=node.label, kind=node.kind, definition=node.definition)
    for edge in model.edges:
        graph.add_edge(
            edge.source,
            edge.target,
            key=edge.id,
            relation=edge.relation,
            level=edge.level,
            direction=edge.direction,
            claims=len(edge.claims),
        )
    return "\n".join(nx.generate_graphml(graph)) + "\n"


def write_rdf(store_path: Path, fmt: str, target: Path) -> None:
    """Write the whole built graph to ``target`` in an RDF syntax: jsonld, nt, xml, ttl or trig."""
    write_rdf_files(store_path, {fmt: target})


def write_rdf_files(store_path: Path, targets: Mapping[str, Path]) -> int:
    """Write the whole built graph in each syntax (jsonld, nt, xml, ttl, trig) to its target; return its triples.

    Each file is written from the store into a temporary file that then replaces its target, never held in memory,
    however large (see :mod:`mskg.canonical`): TriG keeps the named graphs; the other syntaxes hold the one graph
    that is their union, each triple and each subject once, merged once for all of them. These are the writers
    of the build's own files too, so an export is the same RDF as the build, the store and what ``mskg push``
    uploads. Returns the number of distinct triples (0 when only TriG was asked for, which needs no merge).
    """
    import pyoxigraph as ox

    from mskg.canonical import union_of_graphs, write_dataset, write_union
    from mskg.files import replacing

    store = ox.Store.read_only(str(store_path))
    with contextlib.ExitStack() as stack:
        union = stack.enter_context(union_of_graphs(store)) if set(targets) - {"trig"} else None
        for fmt, target in targets.items():
            with replacing(target) as temporary, temporary.open("wb") as out:
                if fmt == "trig":
                    write_dataset(store, out, PREFIXES)
                elif union is not None:
                    write_union(union, fmt, out, PREFIXES)
        return len(union) if union is not None else 0
