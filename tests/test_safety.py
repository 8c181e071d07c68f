"""Read-only by default: updates and SERVICE are refused unless allowed, and nothing changes behind the user's back."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mskg.base.namespaces import GRAPH
from mskg.base.safety import UnsafeQueryError, analyse, check, is_update
from mskg.engine.remote import Endpoint, RemoteStore
from mskg.engine.store import EmbeddedStore
from mskg.pipeline.build import STORE_DIR, BuildResult

from .helpers import OxigraphServer, free_port, invoke

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
    assert "the query would change data (DELETE WHERE); pass --allow-update to run it" in run.stderr
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


def test_an_ad_hoc_query_finds_every_member_of_a_class_without_prefix_lines(
    built: BuildResult, pushed: OxigraphServer
) -> None:
    """Memberships are closed over subclasses in the inferred graph, and the usual prefixes are declared for you."""
    for where in (("--store", str(built.out)), ("--endpoint", pushed.query)):
        run = invoke("sparql", "SELECT DISTINCT ?t WHERE { ?t a mskg:Therapy }", "-f", "csv", *where)
        assert run.exit_code == 0, run.stderr
        therapies = set(run.stdout.split()[1:])
        assert {
            "https://w3id.org/mskg/id/therapy/ahsct",  # asserted an AHSCT, a cell therapy, so a therapy
            "https://w3id.org/mskg/id/therapy/cd19-car-t",
            "https://w3id.org/mskg/id/therapy/msc",
        } <= therapies, where
        assert "https://w3id.org/mskg/id/target/cd19" not in therapies


def test_the_class_closure_is_inferred_not_asserted(built: BuildResult) -> None:
    store = EmbeddedStore(built.out / STORE_DIR)
    ask = "ASK {{ GRAPH <{graph}> {{ <https://w3id.org/mskg/id/therapy/cd19-car-t> a mskg:Therapy }} }}"
    prefix = "PREFIX mskg: <https://w3id.org/mskg/ontology#> "
    assert store.select(prefix + ask.format(graph=GRAPH.INFERRED)).boolean
    assert not store.select(prefix + ask.format(graph=GRAPH.DATA)).boolean


def test_a_prefix_mskg_does_not_know_is_named_in_one_line(built: BuildResult) -> None:
    run = invoke("sparql", "SELECT ?t WHERE { ?t a foo:Therapy }", "--store", str(built.out))
    assert run.exit_code == 2
    assert run.stderr.startswith("mskg: the prefix 'foo:' is not declared; add PREFIX foo: <IRI> before the query")
    assert run.stderr.count("\n") == 1


def test_mskg_sparql_reports_a_syntax_error_in_one_line(built: BuildResult) -> None:
    run = invoke("sparql", "SELECT ?x WHERE { ?x ", "--store", str(built.out))
    assert run.exit_code == 2
    assert run.stderr.startswith("mskg: the query is not valid SPARQL")
    assert "Traceback" not in run.stderr


def test_mskg_sparql_needs_exactly_one_query(built: BuildResult) -> None:
    run = invoke("sparql", "--store", str(built.out))
    assert run.exit_code == 2
    assert "give the query as an argument or with --file" in run.stderr


# --- The guard decides from a real parse: the bypasses an outside tester found, and a property test. ---


PORT = free_port()  # nobody listens there: a SERVICE call to it fails at once
SERVICE = f"SERVICE <http://127.0.0.1:{PORT}/sparql> {{ ?s ?p ?o }}"


@pytest.mark.parametrize(
    "attack",
    [  # the port is filled in when the test runs, so that every test process collects the same tests
        "SELECT * WHERE { #\r SERVICE_CALL }",  # a carriage return ends a comment, as the grammar says
        "PREFIX ex: <https://x.org/>\nSELECT * WHERE { ?s ?p ex:a\\' . SERVICE_CALL }",  # an escape in a name
        "SELECT * WHERE { ?s ?p ?o } #\n\nSERVICE_CALL",
        "select * where { sErViCe <http://127.0.0.1:PORT/sparql> { ?s ?p ?o } }",
    ],
)
def test_a_hidden_service_call_is_refused_and_makes_no_request(attack: str, built: BuildResult) -> None:
    attack = attack.replace("SERVICE_CALL", SERVICE).replace("PORT", str(PORT))
    run = invoke("sparql", attack, "--store", str(built.out))
    assert run.exit_code == 2, run.stdout
    assert run.stderr.startswith("mskg: ")
    assert any(reason in run.stderr for reason in ("SERVICE", "not valid SPARQL", "carriage return"))


@pytest.mark.parametrize("attack", ["#\rDROP ALL", "# harmless\r\nDROP ALL", "#\rCLEAR DEFAULT"])
def test_an_update_hidden_behind_a_carriage_return_is_never_sent_to_a_server(
    attack: str, pushed: OxigraphServer
) -> None:
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH.PUBLISHED}> {{ ?s ?p ?o }} }}"
    before = RemoteStore(Endpoint(pushed.query), None).select(count).rows
    run = invoke("sparql", attack, "--endpoint", pushed.query)
    assert run.exit_code == 2
    assert any(reason in run.stderr for reason in ("pass --allow-update", "not valid SPARQL", "carriage return"))
    assert RemoteStore(Endpoint(pushed.query), None).select(count).rows == before


_HIDERS = st.sampled_from(
    ["", "#", "# note", "#\r", "#\n", "'", '"', "\\", "ex:a\\'", "ex:a\\#", "<", "'''", "\\u0022"]
)
_SPACES = st.sampled_from([" ", "\t", "\n", "\r", "\r\n", "  \n\t"])
_CORES = st.sampled_from(
    [
        "DROP ALL",
        "CLEAR DEFAULT",
        "INSERT DATA { <https://x.org/a> <https://x.org/b> <https://x.org/c> }",
        "DELETE WHERE { ?s ?p ?o }",
        f"LOAD <http://127.0.0.1:{PORT}/evil.ttl>",
        "SELECT * WHERE { ?s ?p ?o }",
        f"SELECT * WHERE {{ {SERVICE} }}",
        f"ASK {{ ?s ?p ?o . {SERVICE} }}",
    ]
)


def _flip_case(text: str, flips: list[bool]) -> str:
    pattern = flips * (len(text) // len(flips) + 1)
    return "".join(c.upper() if flip else c.lower() for c, flip in zip(text, pattern, strict=False))


_INNER = st.sampled_from([SERVICE, "?s ?p ?o", "?s ?p ex:a\\' .", f"?s ?p ?o . {SERVICE}", "}"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# The shapes an outside tester used, always tried first: a comment that a carriage return ends for Oxigraph and a
# line feed ends for rdflib, around a SERVICE pattern and around an update.
@example("#\r", " ", "DROP ALL", SERVICE, "", "\n", [False], False, True)  # the CR-comment bypass, nested
@example("#\r", " ", "DROP ALL", SERVICE, "", "\n", [False], False, False)
@example("", " ", "DROP ALL", "?s ?p ex:a\\' .", "", " ", [True, False], True, True)
@given(
    before=_HIDERS,
    space=_SPACES,
    core=_CORES,
    inner=_INNER,
    after=_HIDERS,
    later=_SPACES,
    flips=st.lists(st.booleans(), min_size=1, max_size=8),
    prefixed=st.booleans(),
    nested=st.booleans(),
)
def test_the_guard_agrees_with_the_engine_on_what_a_text_does(
    before: str,
    space: str,
    core: str,
    inner: str,
    after: str,
    later: str,
    flips: list[bool],
    prefixed: bool,
    nested: bool,
) -> None:
    """Whatever surrounds an operation, the guard lets nothing run that it did not report.

    Oxigraph's own parser is the oracle, and a SERVICE call to a closed port is its tell. Texts are built at the
    top level (``before core after``) and inside a WHERE clause, where a comment that one parser ends and another
    does not could hide a SERVICE pattern from the guard.
    """
    prefix = "PREFIX ex: <https://x.org/>\n" if prefixed else ""
    if nested:
        text = f"{prefix}SELECT * WHERE {{ {before}{space}{_flip_case(inner, flips)}{later}{after}{later}?s ?p ?o }}"
    else:
        text = prefix + before + space + _flip_case(core, flips) + later + after
    try:
        operation = analyse(text)
    except UnsafeQueryError:
        return  # refused: nothing runs
    engine = ox.Store()
    if operation.is_update:
        with pytest.raises(SyntaxError):
            engine.query(text)  # the engine does not read it as a query either
        return
    with pytest.raises(SyntaxError):
        engine.update(text)  # what the guard calls a query, the engine cannot run as an update
    if not operation.service:
        # The engine either rejects the text or runs it on an empty store without error; an OSError here would
        # be the engine calling the closed port through a SERVICE pattern the guard did not see.
        with contextlib.suppress(SyntaxError):
            engine.query(text)
