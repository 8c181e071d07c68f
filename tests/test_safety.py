"""Read-only by default: updates and SERVICE are refused unless allowed, and nothing changes behind the user's back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mskg.build import STORE_DIR, BuildResult
from mskg.safety import UnsafeQueryError, check, is_update
from mskg.store import EmbeddedStore

from .conftest import invoke

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.mark.parametrize(
    "update",
    [
        "DELETE WHERE { ?s ?p ?o }",
        "INSERT DATA { <https://x.org/a> <https://x.org/b> <https://x.org/c> }",
        "delete { ?s ?p ?o } insert { ?s ?p 1 } where { ?s ?p ?o }",
        "LOAD <https://example.org/evil.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <https://w3id.org/mskg/graph/data>",
        "CREATE GRAPH <https://x.org/g>",
        "MOVE DEFAULT TO <https://x.org/g>",
        "PREFIX ex: <https://x.org/>\nWITH ex:g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_an_update_is_refused_without_allow_update(update: str) -> None:
    assert is_update(update)
    with pytest.raises(UnsafeQueryError, match="pass --allow-update"):
        check(update)


def test_a_service_clause_is_refused_without_allow_service() -> None:
    query = "SELECT * WHERE { service <https://dbpedia.org/sparql> { ?s ?p ?o } }"
    with pytest.raises(UnsafeQueryError, match="pass --allow-service"):
        check(query)
    check(query, allow_service=True)


@pytest.mark.parametrize(
    "harmless",
    [
        'SELECT ?s WHERE { ?s ?p "DELETE everything" }',
        "SELECT ?s WHERE { ?s ?p '''INSERT\nDATA''' }",
        "SELECT ?s WHERE { ?s <https://x.org/DROP> ?o } # CLEAR ALL, LOAD <x>",
        "SELECT ?insert ?delete WHERE { ?insert ?load ?delete }",
        "PREFIX ex: <https://x.org/>\nSELECT ?s WHERE { ?s ex:service ex:create }",
        "ASK { ?s ?p ?o FILTER(?o < 5 && ?o > 1) }",
    ],
)
def test_keywords_inside_strings_iris_comments_names_and_variables_are_not_operations(harmless: str) -> None:
    check(harmless)
    assert not is_update(harmless)


def test_mskg_sparql_refuses_an_update_and_leaves_the_store_as_it_was(built: BuildResult) -> None:
    before = EmbeddedStore(built.out / STORE_DIR).select(COUNT).rows
    run = invoke("sparql", "DELETE WHERE { ?s ?p ?o }", "--store", str(built.out))
    assert run.exit_code == 2
    assert "the query would change data (DELETE); pass --allow-update to run it" in run.stderr
    assert EmbeddedStore(built.out / STORE_DIR).select(COUNT).rows == before


def test_mskg_sparql_applies_an_update_when_allowed(built: BuildResult, tmp_path: Path) -> None:
    copy = tmp_path / "build"
    shutil.copytree(built.out, copy)
    run = invoke(
        "sparql",
        "DELETE WHERE { GRAPH ?g { ?s a <https://w3id.org/mskg/ontology#Claim> } }",
        "--allow-update",
        "--store",
        str(copy),
    )
    assert run.exit_code == 0, run.stderr
    left = EmbeddedStore(copy / STORE_DIR).select("ASK { ?claim a <https://w3id.org/mskg/ontology#Claim> }").boolean
    assert left is False


def test_mskg_sparql_answers_an_ad_hoc_question(built: BuildResult) -> None:
    run = invoke(
        "sparql",
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?label WHERE { <https://w3id.org/mskg/id/target/bcma> rdfs:label ?label }",
        "--format",
        "csv",
        "--store",
        str(built.out),
    )
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines() == ["label", "BCMA"]


def test_mskg_sparql_reads_a_query_file(built: BuildResult, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("ASK { <https://w3id.org/mskg/id/therapy/ahsct> ?p ?o }", encoding="utf-8")
    run = invoke("sparql", "--file", str(query), "--format", "json", "--store", str(built.out))
    assert run.exit_code == 0, run.stderr
    assert '"boolean": true' in run.stdout


def test_mskg_sparql_reports_a_syntax_error_in_one_line(built: BuildResult) -> None:
    run = invoke("sparql", "SELECT ?x WHERE { ?x ", "--store", str(built.out))
    assert run.exit_code == 2
    assert run.stderr.startswith("mskg: the query is not valid SPARQL")
    assert "Traceback" not in run.stderr


def test_mskg_sparql_needs_exactly_one_query(built: BuildResult) -> None:
    run = invoke("sparql", "--store", str(built.out))
    assert run.exit_code == 2
    assert "give the query as an argument or with --file" in run.stderr
