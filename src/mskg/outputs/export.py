"""Writes the built graph in the forms other tools read: KGX (Biolink), JSON-LD, N-Triples, RDF/XML and GraphML.

KGX is the exchange format of the Biolink knowledge-graph ecosystem (Translator, Monarch): a node table and an
edge table whose categories and predicates come from the Biolink model. An entity's node id is its exact external
identifier where it has one in the ontology Biolink prefers for its category (MONDO for a disease, UniProtKB for a
protein, CL, UBERON, GO), so the nodes merge with other graphs'; otherwise it is mskg's own id, one prefix per kind
(``MSKG.therapy:cd19-car-t``: KGX's CURIE pattern allows no ``/`` after the colon), which the prefix map written
beside the tables (:func:`prefix_map`, with ``infores``) expands to the entity's IRI.

A KGX edge is a statement: KGX keys its edges by subject, predicate and object, and merges two rows with the same
three into one (keeping the last). So the export writes one edge per subject, predicate and object, with every
claim that makes the statement (``mskg_claims``, their ``publications``, statements, designs and quotes), the
Biolink ``knowledge_level`` and ``agent_type``, the strongest evidence level, and the direction of the effect
(``qualified_predicate`` causes, ``object_direction_qualifier`` decreased or increased). Claims a KGX edge cannot
carry are left out, and :attr:`KGX.left_out` says which and why: mixed and debated claims, and claims that
disagree with another claim of the same statement (one supports, another refutes, or they differ in effect),
whose single edge would read as the opposite of one of them.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import URIRef

from mskg.base.links import EXCHANGE_PREFIX, exchange_curie, exchange_prefix_map
from mskg.base.namespaces import MSKG, PREFIXES
from mskg.outputs.graphmodel import GraphModel, GraphNode

__all__ = [
    "BIOLINK_PREDICATE",
    "INFORES",
    "KGX",
    "graphml",
    "kgx",
    "node_id",
    "prefix_map",
    "write_rdf",
    "write_rdf_files",
]


#: The Biolink predicate for each mskg relation, by its property IRI (kept as ``original_predicate``).
BIOLINK_PREDICATE: dict[URIRef, str] = {
    MSKG.targets: "biolink:physically_interacts_with",
    MSKG.expressedOn: "biolink:expressed_in",
    MSKG.hasMechanism: "biolink:affects",
    MSKG.actsIn: "biolink:located_in",
    MSKG.reaches: "biolink:located_in",
    MSKG.administeredVia: "biolink:related_to",
    MSKG.studiedIn: "biolink:studied_to_treat",
    MSKG.effectiveIn: "biolink:treats",
    MSKG.recommendedFor: "biolink:applied_to_treat",
    MSKG.debatedFor: "biolink:related_to",
    MSKG.possibleRoleIn: "biolink:related_to",
    MSKG.hasOutcome: "biolink:affects",
    MSKG.hasAdverseEvent: "biolink:has_adverse_event",
    MSKG.hasSafetyProfile: "biolink:related_to",
    MSKG.addresses: "biolink:related_to",
    MSKG.hasUnmetNeed: "biolink:related_to",
    MSKG.hasResearchNeed: "biolink:related_to",
    MSKG.subtypeOf: "biolink:subclass_of",
    MSKG.concerns: "biolink:related_to",
    MSKG.refractoryTo: "biolink:related_to",
    MSKG.measuresOutcome: "biolink:related_to",
}

_PREFERRED_PREFIX: dict[URIRef, tuple[str, ...]] = {
    MSKG.DiseaseForm: ("MONDO", "DOID"),
    MSKG.MolecularTarget: ("UniProtKB",),
    MSKG.CellType: ("CL",),
    MSKG.AnatomicalCompartment: ("UBERON",),
    MSKG.Mechanism: ("GO",),
}
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
    "qualified_predicate",
    "object_direction_qualifier",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "publications",
    "mskg_claims",
    "mskg_statements",
    "mskg_evidence_level",
    "mskg_study_design",
    "mskg_certainty",
    "mskg_population",
    "mskg_route",
    "mskg_quote",
]
#: The Biolink direction of each effect a claim can state ("limited effect" has none).
_DIRECTION = {"reduces": "decreased", "increases": "increased"}


@dataclass(frozen=True)
class KGX:
    """The two KGX tables, as TSV text, and the claims they leave out (claim IRI and why)."""

    nodes: str
    edges: str
    left_out: tuple[tuple[str, str], ...] = ()
    #: The exchange prefixes (``MSKG.therapy`` …) of the CURIEs the tables' cells hold, for their prefix map.
    exchange_prefixes: tuple[str, ...] = ()


def node_id(node: GraphNode) -> str:
    """The node's KGX id: its exact identifier in the ontology Biolink prefers for its kind, or mskg's own."""
    exact = {link["curie"].split(":", 1)[0]: link["curie"] for link in node.links if link["match"] == "exactMatch"}
    for prefix in _PREFERRED_PREFIX.get(URIRef(node.kind_iri), ()):
        if prefix in exact:
            return exact[prefix]
    return exchange_curie(node.id)


def prefix_map(tables: KGX) -> dict[str, str]:
    """The prefixes of the tables' ids that Biolink's prefix map lacks: mskg's kinds, ``mskg`` and ``infores``.

    An edge's id (``MSKG.edge:…``) names a row of the edge table, not an IRI of the graph, so it has no expansion.
    """
    used = [f"{prefix}:" for prefix in tables.exchange_prefixes if prefix != f"{EXCHANGE_PREFIX}.edge"]
    return {**exchange_prefix_map(used), "mskg": PREFIXES["mskg"], "infores": INFORES}


def _exchange_prefixes(rows: Iterable[dict[str, Any]]) -> tuple[str, ...]:
    """The exchange prefixes of the CURIEs in the rows' cells (a cell of several values joins them with ``|``)."""
    found = {
        part.split(":", 1)[0]
        for row in rows
        for value in row.values()
        for part in str(value).split("|")
        if part.startswith(f"{EXCHANGE_PREFIX}.") and ":" in part
    }
    return tuple(sorted(found))


@dataclass
class _Statement:
    """What one KGX edge gathers: the mskg relations (property IRIs) and claims of one subject, predicate and object."""

    relations: set[str] = field(default_factory=set)
    claims: list[dict[str, Any]] = field(default_factory=list)
    #: Whether an entity states the relation of itself (a link, not a claim), which is never negated.
    asserted: bool = False


def kgx(model: GraphModel) -> KGX:
    """The entity graph as Biolink KGX node and edge tables: one edge per statement, with all its claims."""
    ids = {node.id: node_id(node) for node in model.nodes.values()}
    nodes = []
    for node in sorted(model.nodes.values(), key=lambda n: ids[n.id]):
        own = exchange_curie(node.id)
        close = {link["curie"] for link in node.links if link["match"] in ("exactMatch", "closeMatch")}
        xrefs = sorted((close | {own}) - {ids[node.id]})
        nodes.append(
            {
                "id": ids[node.id],
                "category": node.category or "biolink:NamedThing",
                "name": node.label,
                "description": node.definition,
                "synonym": "|".join(node.synonyms),
                "xref": "|".join(xrefs),
                "provided_by": "infores:mskg",
            }
        )
    statements: dict[tuple[str, str, str], _Statement] = {}
    left_out: list[tuple[str, str]] = []
    for edge in model.edges:
        key = (ids[edge.source], BIOLINK_PREDICATE.get(URIRef(edge.predicate), "biolink:related_to"), ids[edge.target])
        statement = statements.setdefault(key, _Statement())
        statement.relations.add(edge.predicate)
        statement.asserted |= not edge.claims
        for claim in edge.claims:
            if claim["direction"] in ("supports", "refutes"):
                statement.claims.append(claim)
            else:
                left_out.append((claim["id"], f"its evidence is {claim['direction']}, which a KGX edge cannot say"))
    edges = []
    for (subject, predicate, obj), statement in statements.items():
        claims = statement.claims
        directions = {c["direction"] for c in claims} | ({"supports"} if statement.asserted else set())
        if len(directions) > 1 or len({c["effect"] for c in claims}) > 1:
            reason = "other claims of the same subject, predicate and object disagree with it, and KGX holds one edge"
            left_out.extend((claim["id"], reason) for claim in claims)
            continue
        edges.append(_edge(subject, predicate, obj, statement))
    edges.sort(key=lambda e: e["id"])
    return KGX(
        _tsv(NODE_COLUMNS, nodes), _tsv(EDGE_COLUMNS, edges), tuple(sorted(left_out)), _exchange_prefixes(nodes + edges)
    )


def _edge(subject: str, predicate: str, obj: str, statement: _Statement) -> dict[str, str]:
    """One KGX edge row: the statement, and what its claims (all agreeing) say of it."""
    claims = sorted(statement.claims, key=lambda c: (-int(c["rank"]), c["id"]))
    row = {
        "id": f"{EXCHANGE_PREFIX}.edge:{_edge_slug(subject, predicate, obj)}",
        "subject": subject,
        "predicate": predicate,
        "object": obj,
        "original_predicate": "|".join(sorted("mskg:" + r.removeprefix(str(MSKG)) for r in statement.relations)),
        "primary_knowledge_source": "infores:mskg",
        "knowledge_level": "knowledge_assertion",
        "agent_type": "manual_agent",
        "negated": "",
    }
    if not claims:  # a link the entity states about itself (subtype of, concerns)
        return row
    direction = _DIRECTION.get(claims[0]["effect"])
    agents = {_AGENT.get(c["agent"], "not_provided") for c in claims}
    row |= {
        "negated": _negated(claims[0]["direction"] == "refutes"),
        "agent_type": agents.pop() if len(agents) == 1 else "not_provided",
        "qualified_predicate": "biolink:causes" if direction else "",
        "object_direction_qualifier": direction or "",
        "publications": "|".join(sorted({p for c in claims for p in _publications(c["links"])})),
        "mskg_claims": "|".join(exchange_curie(c["id"]) for c in claims),
        "mskg_statements": "|".join(c["statement"].replace("|", "/") for c in claims),
        "mskg_evidence_level": claims[0]["level"],
        "mskg_study_design": _distinct(c["design"] for c in claims),
        "mskg_certainty": _distinct(c["certainty"] for c in claims),
        "mskg_population": _distinct(c["population"] for c in claims),
        "mskg_route": _distinct(c["route"] for c in claims),
        "mskg_quote": _distinct(c["quote"] for c in claims),
    }
    return row


def _distinct(values: Iterable[str]) -> str:
    """The non-empty values, each once, in their first order, as one ``|``-separated KGX list."""
    return "|".join(dict.fromkeys(" ".join(v.split()).replace("|", "/") for v in values if v))


def _edge_slug(subject: str, predicate: str, obj: str) -> str:
    """A stable id for the edge of a statement: ``therapy.msc.affects.outcome.neda``."""
    ends = [end.removeprefix(EXCHANGE_PREFIX + ".").replace(":", ".") for end in (subject, obj)]
    return f"{ends[0]}.{predicate.removeprefix('biolink:')}.{ends[1]}"


def _publications(links: Iterable[dict[str, str]]) -> list[str]:
    found = []
    for link in links:
        label = link["label"]
        if label.startswith("PMID:"):
            found.append(label)
        elif label.startswith("doi:"):
            found.append("doi:" + label.removeprefix("doi:"))
    return found


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
    however large (see :mod:`mskg.engine.canonical`): TriG keeps the named graphs; the other syntaxes hold the one graph
    that is their union, each triple and each subject once, merged once for all of them. These are the writers
    of the build's own files too, so an export is the same RDF as the build, the store and what ``mskg push``
    uploads. Returns the number of distinct triples (0 when only TriG was asked for, which needs no merge).
    """
    from mskg.base.files import replacing
    from mskg.engine.canonical import union_of_graphs, write_dataset, write_union
    from mskg.engine.store import EmbeddedStore

    # Opened as every reader opens a build (its version held), so a rebuild switched in meanwhile is not mixed in.
    embedded = EmbeddedStore(store_path)
    store = embedded.store
    with contextlib.ExitStack() as stack:
        union = stack.enter_context(union_of_graphs(store)) if set(targets) - {"trig"} else None
        for fmt, target in targets.items():
            with replacing(target) as temporary, temporary.open("wb") as out:
                if fmt == "trig":
                    write_dataset(store, out, PREFIXES)
                elif union is not None:
                    write_union(union, fmt, out, PREFIXES)
        return len(union) if union is not None else 0
