"""The KGX export's edges, on small made-up models: one edge per statement, and nothing that reads as its opposite."""

from __future__ import annotations

import csv
import io
from typing import Any

from mskg.base.namespaces import MSKG, MSKGID
from mskg.outputs.export import kgx
from mskg.outputs.graphmodel import GraphEdge, GraphModel, GraphNode


def _node(slug: str, kind: str) -> GraphNode:
    return GraphNode(str(MSKGID[slug]), slug, kind, kind, kind_iri=str(MSKG[kind]))


def _claim(slug: str, direction: str, effect: str = "reduces") -> dict[str, Any]:
    return {
        "id": str(MSKGID[f"claim/{slug}"]),
        "direction": direction,
        "effect": effect,
        "rank": 1,
        "agent": "manual curation",
        "links": [{"label": "PMID:1", "url": ""}],
        "statement": f"statement of {slug}",
        "level": "B",
        "design": "randomized controlled trial",
        "certainty": "established",
        "population": "",
        "route": "",
        "quote": "",
    }


def _model(*edges: GraphEdge) -> GraphModel:
    model = GraphModel("test")
    for node in (_node("therapy/t", "Therapy"), _node("outcome/o", "Outcome")):
        model.nodes[node.id] = node
    model.edges = list(edges)
    return model


def _edges(model: GraphModel) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(kgx(model).edges), delimiter="\t"))


THERAPY, OUTCOME, HAS_OUTCOME = str(MSKGID["therapy/t"]), str(MSKGID["outcome/o"]), str(MSKG.hasOutcome)


def test_agreeing_claims_are_one_edge_with_all_of_them() -> None:
    edge = GraphEdge(
        "e0", THERAPY, OUTCOME, "has outcome", [_claim("a", "supports"), _claim("b", "supports")], HAS_OUTCOME
    )
    [row] = _edges(_model(edge))
    assert row["mskg_claims"] == "MSKG.claim:a|MSKG.claim:b"
    assert (row["negated"], row["object_direction_qualifier"], row["predicate"]) == ("", "decreased", "biolink:affects")


def test_refuting_claims_alone_are_one_negated_edge() -> None:
    [row] = _edges(_model(GraphEdge("e0", THERAPY, OUTCOME, "has outcome", [_claim("a", "refutes")], HAS_OUTCOME)))
    assert row["negated"] == "True"


def test_claims_that_disagree_are_left_out_and_said() -> None:
    for claims in (
        [_claim("a", "supports"), _claim("b", "refutes")],
        [_claim("a", "supports"), _claim("b", "supports", "increases")],
    ):
        model = _model(GraphEdge("e0", THERAPY, OUTCOME, "has outcome", claims, HAS_OUTCOME))
        assert _edges(model) == []
        assert {claim for claim, _ in kgx(model).left_out} == {c["id"] for c in claims}


def test_a_link_and_a_refuting_claim_on_one_kgx_edge_are_left_out() -> None:
    """Two mskg relations that share a Biolink predicate: the link asserts, the claim refutes; one edge cannot."""
    link = GraphEdge("e0", THERAPY, OUTCOME, "addresses", [], str(MSKG.addresses))
    refuted = GraphEdge("e1", THERAPY, OUTCOME, "concerns", [_claim("a", "refutes")], str(MSKG.concerns))
    assert _edges(_model(link, refuted)) == []
    assert _edges(_model(link))[0]["negated"] == ""
