"""Query parameters open the WHERE clause as a VALUES block of RDF terms, whatever the query's text holds."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef

from mskg.base.bindings import BindingError, bind_first
from mskg.engine.store import EmbeddedStore

from .helpers import saved_query

AHSCT = URIRef("https://w3id.org/mskg/id/therapy/ahsct")


def test_the_values_open_the_where_clause_past_braces_in_comments_strings_and_iris() -> None:
    query = (
        "# a header with a { brace\n"
        "PREFIX ex: <https://example.org/ns#> # the IRI's # starts no comment, this one does: {\n"
        'SELECT ?t (CONCAT("}{", \'{\', """multi\n{line""") AS ?s) WHERE { ?t ex:p ?o }'
    )
    bound = bind_first(query, {"t": AHSCT})
    assert bound.startswith(query[: query.index("WHERE {") + len("WHERE {")])
    assert "WHERE { VALUES (?t) { (<https://w3id.org/mskg/id/therapy/ahsct>) }\n ?t ex:p ?o }" in bound


def test_a_label_with_quotes_and_braces_travels_as_one_escaped_literal() -> None:
    bound = bind_first("SELECT ?l WHERE { ?e ?p ?l }", {"l": Literal('CD19 "CAR-T" {x}', lang="en")})
    assert 'VALUES (?l) { ("CD19 \\"CAR-T\\" {x}"@en) }' in bound


def test_a_less_than_sign_is_not_taken_for_an_iri() -> None:
    query = "SELECT ?x (?a < ?b AS ?c) WHERE { ?x ?y ?z }"
    assert bind_first(query, {"x": AHSCT}).startswith("SELECT ?x (?a < ?b AS ?c) WHERE { VALUES")


def test_a_blank_node_or_a_query_without_a_where_clause_is_refused() -> None:
    with pytest.raises(BindingError, match="blank node"):
        bind_first("SELECT * WHERE { ?s ?p ?o }", {"s": BNode()})
    with pytest.raises(BindingError, match="no WHERE clause"):
        bind_first("SELECT * # {", {"s": AHSCT})


def test_a_bound_therapy_that_is_not_projected_still_filters_the_answers(store: EmbeddedStore) -> None:
    query = saved_query("targets-of-therapy").text
    bound = store.select(query, {"therapy": URIRef("https://w3id.org/mskg/id/therapy/car-t")})
    every = store.select(query)
    assert 0 < len(bound.rows) < len(every.rows)
