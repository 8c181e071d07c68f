"""The entity-level picture of a graph: entities with their kinds, names and links, claims grouped into edges.

Read from a store through mskg's own SPARQL (``src/mskg/sparql/view-*.rq``), it is what the graph view draws and
what the KGX and GraphML exports write. Any RDF file can be read too: an mskg graph gives the mskg picture, any
other graph a generic one (resources as nodes, their types as kinds).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, Literal, URIRef

from mskg.base.errors import MskgError
from mskg.base.namespaces import BIOLINK, MSKG
from mskg.engine.formats import short
from mskg.engine.queries import internal_query
from mskg.engine.store import QueryStore, Term

__all__ = ["GraphEdge", "GraphFileError", "GraphModel", "GraphNode", "generic_model", "load_model", "mskg_model"]

_CONTESTED = ("refutes", "debated", "mixed")  # most contested first


class GraphFileError(MskgError, ValueError):
    """An RDF file cannot be read; the message names the file and why."""


@dataclass
class GraphNode:
    """An entity (or any resource of a non-mskg graph), with what the view and the exports show of it."""

    id: str
    label: str
    kind: str
    kind_label: str
    #: The kind's class IRI (an mskg entity kind such as ``mskg:Therapy``), which tables key by; "" for other graphs.
    kind_iri: str = ""
    #: The kind's Biolink category as a CURIE (``biolink:Treatment``), as the ontology gives it; "" if none.
    category: str = ""
    class_label: str = ""
    definition: str = ""
    synonyms: list[str] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    classified_as: list[str] = field(default_factory=list)
    facts: list[list[str]] = field(default_factory=list)
    #: For an entity no relation reaches: the claims that name it as a qualifier (``{"role", "claim", "subject",
    #: "statement"}`` each), so that the view can say why it is there.
    qualifies: list[dict[str, str]] = field(default_factory=list)


@dataclass
class GraphEdge:
    """One relation between two entities, with every claim that states it."""

    id: str
    source: str
    target: str
    relation: str
    claims: list[dict[str, Any]] = field(default_factory=list)
    #: The relation's property IRI, which tables key by ("" for a generic graph's edge).
    predicate: str = ""

    @property
    def level(self) -> str:
        """The strongest evidence level among the edge's claims ('' for a link that is not a claim)."""
        return _best_level(self.claims)

    @property
    def supported_level(self) -> str:
        """The strongest evidence level among the claims that support the statement ('' when none does).

        An edge is drawn by this level, so that a debated or refuted statement never looks like strong evidence
        for it: a level-A source that calls a use debatable is strong evidence of the debate, not of the use.
        """
        return _best_level([c for c in self.claims if c.get("direction") == "supports"])

    @property
    def text(self) -> str:
        """The edge's words: its relation, the effects its claims state, and what sources say when none supports it.

        "has outcome: reduces"; "refuted: has outcome: reduces" when every claim refutes it.
        """
        effects = sorted({str(c["effect"]) for c in self.claims if c.get("effect")})
        words = self.relation + (": " + ", ".join(effects) if effects else "")
        if self.claims and not self.supported_level:
            words = f"{self.direction if self.direction != 'refutes' else 'refuted'}: {words}"
        return words

    @property
    def contested(self) -> bool:
        """Whether any source calls the statement mixed, refuted or debated."""
        return self.direction != "supports"

    @property
    def conflicting(self) -> bool:
        """Whether two of the edge's claims disagree on the statement (``mskg:conflictsWith``)."""
        return any(claim.get("conflicts") for claim in self.claims)

    @property
    def direction(self) -> str:
        """The most contested direction among the claims: refutes, then debated, then mixed, else supports."""
        directions = {c.get("direction") for c in self.claims}
        return next((d for d in _CONTESTED if d in directions), "supports")


def _best_level(claims: list[dict[str, Any]]) -> str:
    """The level of the highest-ranked claim ('' for none)."""
    best = max(claims, key=lambda c: int(c.get("rank", 0)), default=None)
    return str(best["level"]) if best else ""


@dataclass
class GraphModel:
    """Entities and the edges between them, and whether the graph is an mskg graph."""

    title: str
    nodes: dict[str, GraphNode] = field(default_factory=dict)
    edges: list[GraphEdge] = field(default_factory=list)
    mskg: bool = True


def load_model(store_dir: Path, graph_file: Path | None = None) -> tuple[QueryStore, GraphModel]:
    """The store to query and its picture: the built graph, or any RDF file (mskg or not)."""
    from rdflib import Graph

    from mskg.base.syntaxes import NAMES, rdf_syntax
    from mskg.base.xmlguard import XmlEntityError, check_entities
    from mskg.engine.store import STORE_DIR, EmbeddedStore

    if graph_file is None:
        store = EmbeddedStore(store_dir / STORE_DIR)
        return store, mskg_model(store)
    fmt = rdf_syntax(graph_file)
    if fmt is None:
        raise GraphFileError(f"cannot tell the RDF format of {graph_file} from its name (use {NAMES})")
    graph = Graph()
    try:
        if fmt in ("xml", "trix"):
            check_entities(graph_file)
        graph.parse(graph_file, format=fmt)
    except FileNotFoundError:
        raise GraphFileError(f"no file {graph_file}") from None
    except XmlEntityError as error:
        raise GraphFileError(str(error)) from None
    except Exception as error:  # any parser's complaint about the file
        raise GraphFileError(f"cannot read {graph_file} as {fmt}: {str(error).splitlines()[0][:300]}") from None
    # Oxigraph in memory, as for a built store: the view's queries are written for its join order (see
    # view-claims.rq), and rdflib would answer them several times slower.
    memory = EmbeddedStore.in_memory({URIRef("urn:x-mskg:view"): graph})
    if any(str(o).startswith(str(MSKG._NS)) for o in graph.objects(None, RDF.type)):
        return memory, mskg_model(memory, title=f"mskg: {graph_file.name}")
    return memory, generic_model(memory, title=graph_file.name)


def _biolink_curie(term: object) -> str:
    """``biolink:Treatment`` for Biolink's IRI of it; "" for no term (or a term outside Biolink)."""
    text = str(term) if term is not None else ""
    return "biolink:" + text.removeprefix(str(BIOLINK)) if text.startswith(str(BIOLINK)) else ""


def mskg_model(store: QueryStore, title: str = "mskg: multiple sclerosis therapies and their evidence") -> GraphModel:
    """The view of an mskg graph: entities, claims collapsed into edges, and entity links."""
    model = GraphModel(title)
    for row in _rows(store, "view-entities"):
        node_id = str(row["entity"])
        if node_id in model.nodes:
            continue
        model.nodes[node_id] = GraphNode(
            id=node_id,
            label=str(row["label"]),
            kind=str(row["kindLabel"]),
            kind_label=str(row["kindLabel"]),
            kind_iri=str(row["kind"]),
            category=_biolink_curie(row.get("category")),
            class_label=str(row["classLabel"]),
            definition=str(row.get("definition", "")),
        )
    for row in _rows(store, "view-synonyms"):
        node = model.nodes.get(str(row["entity"]))
        if node is not None:
            node.synonyms.append(str(row["synonym"]))
    for row in _rows(store, "view-mappings"):
        node = model.nodes.get(str(row["entity"]))
        if node is not None:
            external = str(row["external"])
            node.links.append(
                {
                    "curie": short(row["external"]),
                    "url": external,
                    "match": str(row["predicate"]).rsplit("#", 1)[-1],
                    "label": str(row.get("externalLabel", "")),
                }
            )
    for row in _rows(store, "view-classified"):
        node = model.nodes.get(str(row["entity"]))
        if node is not None:
            node.classified_as.append(str(row["classLabel"]))
    limitations: dict[str, list[str]] = defaultdict(list)
    for row in _rows(store, "view-limitations"):
        limitations[str(row["claim"])].append(str(row["limitationLabel"]))
    evidence: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in _rows(store, "view-claim-evidence"):
        evidence[(str(row["claim"]), str(row["kind"]))].append(
            {"id": str(row["other"]), "label": str(row["otherLabel"]), "detail": str(row["detail"])}
        )
    for linked in evidence.values():
        linked.sort(key=lambda other: (other["label"], other["id"]))
    grouped: dict[tuple[str, str, str], GraphEdge] = {}
    for row in _rows(store, "view-claims"):
        source, target = str(row["subject"]), str(row["object"])
        if source not in model.nodes or target not in model.nodes:
            continue
        key = (source, str(row["predicate"]), target)
        edge = grouped.setdefault(
            key, GraphEdge(f"e{len(grouped)}", source, target, str(row["predicateLabel"]), predicate=key[1])
        )
        claim_id = str(row["claim"])
        claim = _claim(row, sorted(limitations.get(claim_id, [])))
        claim["studies"] = evidence.get((claim_id, "study"), [])
        claim["conflicts"] = evidence.get((claim_id, "conflict"), [])
        edge.claims.append(claim)
    for row in _rows(store, "view-links"):
        source, target = str(row["subject"]), str(row["object"])
        key = (source, str(row["predicate"]), target)
        if source in model.nodes and target in model.nodes and key not in grouped:
            grouped[key] = GraphEdge(f"e{len(grouped)}", source, target, str(row["predicateLabel"]), predicate=key[1])
    # What an entity no relation reaches qualifies (a route only compared with, say), asked for those entities
    # alone: every claim's qualifiers would be 123,000 rows and 7 s on a 1M-triple graph.
    reached = {end for source, _, target in grouped for end in (source, target)}
    qualifiers = internal_query("view-qualifiers")
    for node in model.nodes.values():
        if node.id in reached:
            continue
        for row in store.select(qualifiers, {"entity": URIRef(node.id)}).rows:
            node.qualifies.append(
                {
                    "role": str(row["roleLabel"]),
                    "claim": str(row["claim"]),
                    "subject": str(row["subject"]),
                    "statement": str(row["statement"]),
                }
            )
    for edge in grouped.values():
        edge.claims.sort(key=lambda c: (-int(c["rank"]), c["statement"], c["id"]))
    model.edges = list(grouped.values())
    for node in model.nodes.values():
        node.synonyms.sort()
        node.links.sort(key=lambda link: link["curie"])
        node.classified_as.sort()
        node.qualifies.sort(key=lambda use: (use["role"], use["statement"], use["claim"]))
    return model


def _claim(row: dict[str, Term], limitations: list[str]) -> dict[str, Any]:
    def text(name: str) -> str:
        return str(row[name]) if name in row else ""

    links = []
    if "pmid" in row:
        links.append({"label": f"PMID:{row['pmid']}", "url": f"https://pubmed.ncbi.nlm.nih.gov/{row['pmid']}/"})
    if "doi" in row:
        links.append({"label": f"doi:{row['doi']}", "url": f"https://doi.org/{row['doi']}"})
    return {
        "id": str(row["claim"]),
        "statement": text("statement"),
        "level": text("level"),
        "rank": int(str(row["rank"])),
        "design": text("design"),
        "direction": text("direction"),
        "certainty": text("certainty"),
        "effect": text("effect"),
        "quote": text("quote"),
        "passage": text("passage"),
        "source": text("source"),
        "sourceLabel": text("sourceLabel"),
        "citation": text("citation"),
        "links": links,
        "population": text("populationLabel"),
        "route": text("routeLabel"),
        "outcome": text("outcomeLabel"),
        "limitations": "; ".join(limitations),
        "note": text("note"),
        "agent": text("agent"),
        "confidence": text("confidence"),
    }


def generic_model(store: QueryStore, title: str) -> GraphModel:
    """The view of any RDF graph: resources as nodes (kind = their type), triples between them as edges."""
    model = GraphModel(title, mskg=False)
    types: dict[str, str] = {}
    labels: dict[str, str] = {}
    facts: dict[str, list[list[str]]] = defaultdict(list)
    links: list[tuple[str, str, str]] = []
    label_predicates = {
        "http://www.w3.org/2000/01/rdf-schema#label",
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        "http://purl.org/dc/terms/title",
    }
    for row in _rows(store, "view-triples"):
        subject, predicate, obj = row["s"], str(row["p"]), row["o"]
        if predicate == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
            types.setdefault(str(subject), short(obj))
        elif isinstance(obj, Literal):
            if predicate in label_predicates:
                labels.setdefault(str(subject), str(obj))
            facts[str(subject)].append([short(URIRef(predicate)), str(obj)])
        else:
            links.append((str(subject), predicate, str(obj)))
    resources_seen = {s for s, _, _ in links} | {o for _, _, o in links} | set(facts) | set(types)
    for resource in sorted(resources_seen):
        kind = types.get(resource, "untyped")
        label = labels.get(resource) or _local_name(resource)
        model.nodes[resource] = GraphNode(resource, label, kind, kind, kind, facts=facts.get(resource, [])[:20])
    for index, (start, predicate, end) in enumerate(sorted(links)):
        model.edges.append(GraphEdge(f"e{index}", start, end, _local_name(predicate)))
    return model


def _rows(store: QueryStore, name: str) -> list[dict[str, Term]]:
    return store.select(internal_query(name)).rows


def _local_name(iri: str) -> str:
    for separator in ("#", "/", ":"):
        if separator in iri.rstrip(separator):
            return iri.rstrip(separator).rsplit(separator, 1)[-1]
    return iri
