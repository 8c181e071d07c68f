"""A shared SPARQL server: `mskg push` replaces one named graph atomically; queries there fail in one clear line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rdflib import URIRef

from mskg.base.namespaces import GRAPH
from mskg.engine.remote import PASSWORD_VARIABLE, USER_VARIABLE, Endpoint, RemoteStore
from mskg.engine.store import StoreError
from mskg.outputs.publish import push, staging_prefix, update_remote
from mskg.pipeline.build import STORE_DIR, BuildResult

from .helpers import FakeServer, OxigraphServer, VirtuosoServer, answer, invoke

SECRET = "correct horse battery staple"  # noqa: S105 (a test password, checked never to be shown)


def graph_size(server: OxigraphServer, graph: URIRef) -> int:
    store = RemoteStore(Endpoint.from_environment(server.query), None)
    rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph.n3()} {{ ?s ?p ?o }} }}").rows
    return int(rows[0]["n"])


def graphs_on(server: OxigraphServer) -> set[str]:
    store = RemoteStore(Endpoint.from_environment(server.query), None)
    return {str(row["g"]) for row in store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows}


def test_push_puts_the_whole_built_graph_into_one_named_graph(pushed: OxigraphServer, built: BuildResult) -> None:
    assert graph_size(pushed, GRAPH.PUBLISHED) == built.triples


def test_a_second_push_replaces_the_graph_instead_of_piling_up_copies(
    oxigraph_server: OxigraphServer, built: BuildResult
) -> None:
    target = URIRef("https://w3id.org/mskg/graph/test-replace")
    for _ in range(2):
        run = invoke("push", "-e", oxigraph_server.store, "--graph", str(target), "--store", str(built.out))
        assert run.exit_code == 0, run.stderr
        assert graph_size(oxigraph_server, target) == built.triples
    assert not [g for g in graphs_on(oxigraph_server) if "staging" in g]


def test_a_push_removes_the_staging_graphs_that_dead_pushes_left_but_not_a_fresh_one(
    oxigraph_server: OxigraphServer, built: BuildResult
) -> None:
    target = URIRef("https://w3id.org/mskg/graph/test-leftovers")
    now = datetime.now(UTC)
    stale = URIRef(f"{staging_prefix(target)}{now - timedelta(days=2):%Y%m%dT%H%M%SZ}-dead")
    fresh = URIRef(f"{staging_prefix(target)}{now:%Y%m%dT%H%M%SZ}-running")  # a push under way right now
    other = URIRef(f"{staging_prefix(URIRef('https://w3id.org/mskg/graph/another'))}20200101T000000Z-x")
    triple = "INSERT DATA { GRAPH %s { <https://x.org/s> <https://x.org/p> <https://x.org/o> } }"
    for graph in (stale, fresh, other):
        update_remote(Endpoint.from_environment(oxigraph_server.update), triple % graph.n3())
    run = invoke("push", "-e", oxigraph_server.store, "--graph", str(target), "--store", str(built.out))
    assert run.exit_code == 0, run.stderr
    assert (graph_size(oxigraph_server, stale), graph_size(oxigraph_server, fresh)) == (0, 1)
    assert graph_size(oxigraph_server, other) == 1, "only the staging graphs of the graph pushed to are touched"
    leftovers = {g for g in graphs_on(oxigraph_server) if g.startswith(staging_prefix(target))}
    assert leftovers == {str(fresh)}, "the push's own staging graph was moved onto the target"
    for graph in (fresh, other):  # the server is shared by the other tests, which expect no staging graph
        update_remote(Endpoint.from_environment(oxigraph_server.update), f"DROP GRAPH {graph.n3()}")


def _interrupted(path: Path) -> Iterator[bytes]:
    with path.open("rb") as data:
        yield data.read(4096)
    raise ConnectionResetError("the network went away mid-upload")


def test_an_interrupted_push_leaves_the_old_graph_whole(oxigraph_server: OxigraphServer, built: BuildResult) -> None:
    target = URIRef("https://w3id.org/mskg/graph/test-interrupted")
    invoke("push", "-e", oxigraph_server.store, "--graph", str(target), "--store", str(built.out))
    before = graph_size(oxigraph_server, target)
    with pytest.raises(StoreError, match=r"push failed while uploading .*was left as it was"):
        push(
            built.out / STORE_DIR,
            Endpoint.from_environment(oxigraph_server.store),
            Endpoint.from_environment(oxigraph_server.update),
            target,
            chunks=_interrupted,
        )
    assert graph_size(oxigraph_server, target) == before == built.triples
    assert not [g for g in graphs_on(oxigraph_server) if "staging" in g]


def test_a_push_the_server_rejects_leaves_the_old_graph_whole(
    oxigraph_server: OxigraphServer, built: BuildResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = URIRef("https://w3id.org/mskg/graph/test-rejected")
    invoke("push", "-e", oxigraph_server.store, "--graph", str(target), "--store", str(built.out))

    def garbage(_store: Path, into: Path) -> int:
        into.write_bytes(b"this is not N-Triples .\n")
        return into.stat().st_size

    monkeypatch.setattr("mskg.outputs.publish.dump_store", garbage)
    run = invoke("push", "-e", oxigraph_server.store, "--graph", str(target), "--store", str(built.out))
    assert run.exit_code == 3
    assert "HTTP 400" in run.stderr
    assert f"<{target}> was left as it was" in run.stderr
    assert graph_size(oxigraph_server, target) == built.triples


def test_a_saved_query_runs_on_the_server_from_the_command_line(pushed: OxigraphServer) -> None:
    run = invoke("query", "outcomes-of-therapy", "-p", "therapy=AHSCT", "-f", "json", "--endpoint", pushed.query)
    assert run.exit_code == 0, run.stderr
    outcomes = {b["outcomeLabel"]["value"] for b in json.loads(run.stdout)["results"]["bindings"]}
    assert outcomes == {
        "inflammatory disease activity",
        "rate of no evidence of disease activity (NEDA)",
        "disability progression",
    }


def test_a_query_whose_comment_reads_like_an_update_still_runs_on_the_server(pushed: OxigraphServer) -> None:
    # A client that guessed the query type from its first word took "add" in a header comment for an update.
    query = "#+ answers: the trial (+30) add, the other (-30) subtract\nSELECT ?study WHERE { ?study a ?type } LIMIT 1"
    assert len(RemoteStore(Endpoint(pushed.query)).select(query).rows) == 1


def test_an_unreachable_server_is_one_clear_line(tmp_path: Path) -> None:
    run = invoke("query", "unmet-needs", "--endpoint", "http://127.0.0.1:9/query", "--timeout", "2")
    assert run.exit_code == 3
    assert run.stderr.startswith("mskg: http://127.0.0.1:9/query: cannot reach the server")
    assert run.stderr.count("\n") == 1


def test_an_http_error_is_one_clear_line(fake_server: Callable[..., FakeServer]) -> None:
    server = fake_server(status=500, body=b"internal trouble", content_type="text/plain")
    run = invoke("query", "unmet-needs", "--endpoint", server.url)
    assert run.exit_code == 3
    assert "500" in run.stderr
    assert run.stderr.count("\n") == 1


def test_a_malformed_answer_is_one_clear_line(fake_server: Callable[..., FakeServer]) -> None:
    server = fake_server(status=200, body=b"<html>not results</html>")
    run = invoke("query", "unmet-needs", "--endpoint", server.url)
    assert run.exit_code == 3
    assert "the server's answer is not SPARQL results JSON" in run.stderr


def test_a_server_that_does_not_answer_in_time_is_one_clear_line(fake_server: Callable[..., FakeServer]) -> None:
    server = fake_server(status=200, body=b"{}", delay=5.0)
    run = invoke("query", "unmet-needs", "--endpoint", server.url, "--timeout", "1")
    assert run.exit_code == 3
    assert "no answer before the timeout" in run.stderr


def test_credentials_come_from_the_environment_and_never_show(
    fake_server: Callable[..., FakeServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = fake_server(status=401, body=b"who are you?", content_type="text/plain")
    monkeypatch.setenv(USER_VARIABLE, "curator")
    monkeypatch.setenv(PASSWORD_VARIABLE, SECRET)
    run = invoke("query", "unmet-needs", "--endpoint", server.url)
    assert run.exit_code == 3
    assert "401" in run.stderr
    assert SECRET not in run.stdout + run.stderr
    assert "Authorization" not in server.requests[0], "no password before the server asks for one"
    assert server.requests[1]["Authorization"].startswith("Basic "), "a 401 naming no scheme is answered with Basic"
    assert len(server.requests) == 2, "refused credentials are not sent again and again"
    assert SECRET not in repr(Endpoint.from_environment(server.url))


def test_credentials_in_the_url_are_refused() -> None:
    run = invoke("query", "unmet-needs", "--endpoint", f"http://curator:{SECRET}@127.0.0.1:9/query")
    assert run.exit_code == 2, "a mistake in the command, not a failure of the server"
    assert SECRET not in run.stderr
    assert f"set {USER_VARIABLE} and {PASSWORD_VARIABLE} instead" in run.stderr


@pytest.mark.parametrize("url", ["localhost:7878/query", "http://[::1/query", "127.0.0.1:7878"])
def test_an_endpoint_that_is_not_an_http_url_is_a_mistake_in_the_command(url: str) -> None:
    for command in (("query", "unmet-needs"), ("sparql", "ASK { ?s ?p ?o }"), ("push",)):
        run = invoke(*command, "--endpoint", url)
        assert run.exit_code == 2, (command, run.stderr)
        assert run.stderr.startswith(f"mskg: '{url}' is not")
        assert run.stderr.count("\n") == 1


def test_the_wrong_kind_of_endpoint_is_named_with_the_one_to_give(
    oxigraph_server: OxigraphServer, built: BuildResult
) -> None:
    run = invoke("query", "unmet-needs", "--endpoint", oxigraph_server.store)
    assert run.exit_code == 3
    assert "this looks like the Graph Store Protocol endpoint; give the query endpoint" in run.stderr
    run = invoke("push", "--endpoint", oxigraph_server.base + "/", "--store", str(built.out))
    assert run.exit_code == 3
    assert "this is the server's root; give the Graph Store Protocol endpoint" in run.stderr
    assert run.stderr.count("\n") == 1


def test_a_store_folder_given_for_its_build_folder_says_which_to_give(built: BuildResult) -> None:
    run = invoke("query", "unmet-needs", "--store", str(built.out / STORE_DIR))
    assert run.exit_code == 2
    assert f"--store takes the folder that holds store/, here --store {built.out}" in run.stderr


def test_push_before_build_says_to_build(tmp_path: Path) -> None:
    run = invoke("push", "--endpoint", "http://127.0.0.1:9/store", "--store", str(tmp_path))
    assert run.exit_code == 2
    assert "run `mskg build` first" in run.stderr


def test_push_to_an_unreachable_server_is_one_clear_line(built: BuildResult) -> None:
    run = invoke("push", "--endpoint", "http://127.0.0.1:9/store", "--store", str(built.out), "--timeout", "2")
    assert run.exit_code == 3
    assert "push failed while uploading" in run.stderr
    assert "cannot reach the server" in run.stderr


def test_check_endpoint_says_a_server_answers_every_saved_question_as_the_store(
    pushed: OxigraphServer, built: BuildResult
) -> None:
    run = invoke("check", "--endpoint", pushed.query, "--store", str(built.out))
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "answers every saved question as the built store does (" in run.stdout


def test_check_endpoint_names_each_question_a_server_answers_differently(
    fake_server: Callable[..., FakeServer], built: BuildResult
) -> None:
    server = fake_server(body=json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": []}}).encode())
    run = invoke("check", "--endpoint", server.url, "--store", str(built.out))
    assert run.exit_code == 1
    assert "therapies-targeting-compartmentalized-b-cells" in run.stdout
    assert "saved questions answer differently from the built store" in run.stdout


def test_virtuoso_takes_a_push_with_a_password_and_answers_as_the_store(
    pushed_to_virtuoso: VirtuosoServer, built: BuildResult
) -> None:
    """The README's Virtuoso steps: HTTP Digest for the Graph Store endpoint, updates beside it, no leftovers."""
    run = invoke("check", "--endpoint", pushed_to_virtuoso.query, "--store", str(built.out))
    assert run.exit_code == 0, run.stdout + run.stderr
    graphs = RemoteStore(Endpoint.from_environment(pushed_to_virtuoso.query), graph=None).select(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    )
    names = {str(row["g"]) for row in graphs.rows}
    assert str(GRAPH.PUBLISHED) in names
    assert not [name for name in names if "staging" in name], "the push left a staging graph"


def test_a_wrong_password_is_refused_by_virtuoso_in_one_line(
    pushed_to_virtuoso: VirtuosoServer, built: BuildResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(USER_VARIABLE, pushed_to_virtuoso.user)
    monkeypatch.setenv(PASSWORD_VARIABLE, "not-the-password")
    run = invoke("push", "--endpoint", pushed_to_virtuoso.store, "--store", str(built.out), "--graph", "urn:x:other")
    assert run.exit_code == 3
    assert "401" in run.stderr
    assert f"check {USER_VARIABLE} and {PASSWORD_VARIABLE}" in run.stderr
    assert "not-the-password" not in run.stderr
    assert "could not be dropped" not in run.stderr, "a refused push made no staging graph"


def test_a_server_that_asks_for_digest_gets_it_and_never_the_password(
    fake_server: Callable[..., FakeServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 401 with a Digest challenge is answered once, with RFC 7616's response hash, and remembered."""
    import hashlib
    import urllib.request

    realm, nonce = "SPARQL", "abc123"
    answered: list[str] = []

    def respond(handler: object) -> None:
        headers = handler.headers  # type: ignore[attr-defined]
        given = headers.get("Authorization", "")
        if given.startswith("Digest "):
            fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(given[len("Digest ") :]))

            def h(text: str) -> str:
                return hashlib.md5(text.encode()).hexdigest()  # noqa: S324 (the algorithm Digest names)

            a1, a2 = h(f"curator:{realm}:{SECRET}"), h(f"{handler.command}:{fields['uri']}")  # type: ignore[attr-defined]
            expected = h(f"{a1}:{nonce}:{fields['nc']}:{fields['cnonce']}:auth:{a2}")
            if fields["response"] == expected:
                answered.append(fields["nc"])
                body = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": []}}).encode()
                return answer(200, body)(handler)  # type: ignore[arg-type]
        challenge = f'Digest realm="{realm}", nonce="{nonce}", qop="auth", algorithm="MD5"'
        return answer(401, b"", headers={"WWW-Authenticate": challenge, "Content-Type": "text/plain"})(handler)  # type: ignore[arg-type]

    server = fake_server(respond=respond)
    monkeypatch.setenv(USER_VARIABLE, "curator")
    monkeypatch.setenv(PASSWORD_VARIABLE, SECRET)
    store = RemoteStore(Endpoint.from_environment(server.url))
    store.select("SELECT ?x WHERE { ?x ?p ?o }")
    store.select("SELECT ?x WHERE { ?x ?p ?o }")
    assert answered == ["00000001", "00000002"], "the challenge is remembered and its nonce count goes up"
    assert [r.get("Authorization", "").split(" ")[0] for r in server.requests] == ["", "Digest", "Digest"]
    assert not any(SECRET in value for r in server.requests for value in r.values())
