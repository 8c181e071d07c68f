"""Hostile input is refused within bounded memory, with one line and a non-zero exit, and nothing is lost.

Each attack runs the real command in a child process capped at :data:`MEMORY_CAP` bytes of address space and
:data:`HANG_GUARD` seconds: an attack that got through would be killed by the cap (or the guard), and the test
would fail on its exit status and message, not on how long it took.
"""

from __future__ import annotations

import base64
import http.server
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mskg.base.xmlguard import XmlEntityError, check_entities
from mskg.engine.remote import PASSWORD_VARIABLE, USER_VARIABLE
from mskg.engine.store import STORE_DIR, EmbeddedStore
from mskg.engine.versions import versions
from mskg.pipeline.build import BuildResult

from .helpers import SMALL_REVIEW, FakeServer, answer, free_port, invoke

MEMORY_CAP = 2 * 1024**3
HANG_GUARD = 120


def run_capped(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m mskg ARGS`` in a child process whose address space is capped."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    return subprocess.run(
        [sys.executable, "-m", "mskg", *args],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        preexec_fn=cap,
        cwd=cwd,
        check=False,
    )


def alias_bomb(depth: int) -> str:
    """A YAML document of a few hundred bytes whose aliases expand it to 9**depth values."""
    lines = ['l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, depth + 1)]
    return "\n".join(lines) + "\n"


def test_a_yaml_alias_bomb_in_the_curation_is_refused_with_its_file_and_line(
    small_curation: tuple[Path, Path], tmp_path: Path
) -> None:
    curation_dir, sources_dir = small_curation
    bomb = curation_dir / "bomb.yaml"
    bomb.write_text(alias_bomb(9), encoding="utf-8")
    assert bomb.stat().st_size < 600
    out = tmp_path / "out"
    run = run_capped("build", "--out", str(out), "--curation", str(curation_dir), "--sources", str(sources_dir))
    assert run.returncode == 2, run.stderr
    assert f"{bomb}:1: the file's aliases (*name) expand it to more than 1,000,000 values" in run.stderr
    assert "Traceback" not in run.stderr
    assert not out.exists()


def test_a_few_honest_aliases_still_load(small_curation: tuple[Path, Path], tmp_path: Path) -> None:
    curation_dir, sources_dir = small_curation
    (curation_dir / "aliases.yaml").write_text(alias_bomb(3), encoding="utf-8")  # 729 values: allowed
    run = run_capped("check", "--curation", str(curation_dir), "--sources", str(sources_dir))
    assert "aliases (*name) expand" not in run.stdout + run.stderr


def laughs(levels: int) -> str:
    """An RDF/XML file of a few hundred bytes whose nested entities expand to 10**levels characters."""
    names = "abcdefghijklmnop"
    declarations = [f' <!ENTITY {names[0]} "aaaaaaaaaa">']
    declarations += [f' <!ENTITY {names[n]} "{("&" + names[n - 1] + ";") * 10}">' for n in range(1, levels)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n'
        + "\n".join(declarations)
        + '\n]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
        + f' <rdf:Description rdf:about="http://example.org/s"><ex:p>&{names[levels - 1]};</ex:p></rdf:Description>\n'
        + "</rdf:RDF>\n"
    )


RDF_COMMANDS: dict[str, Callable[[Path, Path], tuple[str, ...]]] = {
    "load": lambda file, out: ("load", str(file), "--out", str(out)),
    "view": lambda file, out: ("view", "--graph", str(file), "--output", str(out / "graph.html")),
    "links import": lambda file, out: ("links", "import", str(file)),
}


@pytest.mark.parametrize("command", RDF_COMMANDS)
def test_an_rdf_xml_entity_bomb_is_refused_before_any_parser_reads_it(command: str, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(laughs(9), encoding="utf-8")
    assert bomb.stat().st_size < 700
    out = tmp_path / "out"
    run = run_capped(*RDF_COMMANDS[command](bomb, out), cwd=tmp_path)
    assert run.returncode != 0
    assert f"{bomb}: the entity " in run.stderr
    assert "expands to more than 4,096 characters" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (out / "graph.html").exists()


def test_an_external_entity_is_refused(tmp_path: Path) -> None:
    sneaky = tmp_path / "sneaky.rdf"
    sneaky.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="http://example.org/s"/></rdf:RDF>\n',
        encoding="utf-8",
    )
    run = run_capped("load", str(sneaky), "--out", str(tmp_path / "out"))
    assert run.returncode == 2
    assert "declares an external entity (x)" in run.stderr


def test_many_references_to_a_long_entity_are_refused_too(tmp_path: Path) -> None:
    """No nesting, but 5,000 references to a 4,000-character entity would add 20 MB."""
    wide = tmp_path / "wide.rdf"
    body = "".join(
        f'<rdf:Description rdf:about="http://example.org/s{n}"><ex:p>&w;</ex:p></rdf:Description>' for n in range(5000)
    )
    wide.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY w "{"w" * 4000}"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
        f"{body}</rdf:RDF>\n",
        encoding="utf-8",
    )
    run = run_capped("load", str(wide), "--out", str(tmp_path / "out"))
    assert run.returncode == 2
    assert "entity references would add more than 16 MB" in run.stderr


def test_namespace_abbreviations_as_ontology_editors_write_them_still_load(tmp_path: Path) -> None:
    honest = tmp_path / "honest.rdf"
    honest.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY ex "http://example.org/" >\n'
        ' <!ENTITY rdfs "http://www.w3.org/2000/01/rdf-schema#" >\n]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="&rdfs;">\n'
        ' <rdf:Description rdf:about="&ex;s"><rdfs:label>honest</rdfs:label></rdf:Description>\n</rdf:RDF>\n',
        encoding="utf-8",
    )
    run = run_capped("load", str(honest), "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    assert "loaded 1 quads" in run.stderr


def test_an_entity_that_refers_to_itself_is_named(tmp_path: Path) -> None:
    looping = tmp_path / "loop.rdf"
    looping.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY a "&b;"> <!ENTITY b "x&a;"> ]>\n<r>&a;</r>\n', encoding="utf-8"
    )
    with pytest.raises(XmlEntityError, match="the entity a refers to itself"):
        check_entities(looping)


# --- A hostile server: redirects, trickles, floods, echoes credentials, answers with malformed results. ---

SECRET = "s3cret-Pa55"  # noqa: S105 (a test credential)


EMPTY = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": []}}).encode()


def _set_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(USER_VARIABLE, "curator")
    monkeypatch.setenv(PASSWORD_VARIABLE, SECRET)


def test_a_redirect_to_another_server_is_not_followed_and_the_credentials_stay_home(
    fake_server: Callable[..., FakeServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = fake_server(respond=answer(200, EMPTY))
    redirector = fake_server(respond=answer(302, b"", headers={"Location": elsewhere.url}))
    _set_credentials(monkeypatch)
    run = invoke("query", "unmet-needs", "--endpoint", redirector.url)
    assert run.exit_code == 3
    assert f"the server redirected (HTTP 302) to {elsewhere.url}; mskg follows no redirects" in run.stderr
    assert elsewhere.requests == []  # no connection carried the query, or the credentials, there
    assert SECRET not in run.stdout + run.stderr


def test_a_server_that_trickles_its_answer_is_cut_off_at_the_timeout(fake_server: Callable[..., FakeServer]) -> None:
    def trickle(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.end_headers()
        while True:  # one byte every 0.2 s, forever: each read is quick, the whole never ends
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.2)

    server = fake_server(respond=trickle)
    run = run_capped("query", "unmet-needs", "--endpoint", server.url, "--timeout", "2")
    assert run.returncode == 3
    assert "no answer before the timeout" in run.stderr


def test_an_endless_answer_is_refused_past_the_bound(fake_server: Callable[..., FakeServer]) -> None:
    def flood(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.end_headers()
        block = b" " * 1024**2
        while True:
            handler.wfile.write(block)

    server = fake_server(respond=flood)
    run = run_capped("query", "unmet-needs", "--endpoint", server.url, "--timeout", "60")
    assert run.returncode == 3
    assert "the answer is larger than 256 MB" in run.stderr


def test_a_401_that_echoes_the_credentials_prints_none_of_them(
    fake_server: Callable[..., FakeServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    token = base64.b64encode(f"curator:{SECRET}".encode()).decode()
    server = fake_server(
        respond=answer(
            401, f"bad credentials {SECRET} (Basic {token})".encode(), headers={"Content-Type": "text/plain"}
        )
    )
    _set_credentials(monkeypatch)
    run = invoke("query", "unmet-needs", "--endpoint", server.url)
    assert run.exit_code == 3
    assert "401" in run.stderr
    assert SECRET not in run.stderr
    assert token not in run.stderr


@pytest.mark.parametrize(
    ("document", "why"),
    [
        ({"boolean": "no"}, "a boolean that is a word"),
        ({"head": {"vars": "abc"}, "results": {"bindings": []}}, "vars that are a string"),
        ({"head": {"vars": ["x"]}, "results": {"bindings": [{"y": {"type": "uri", "value": "urn:y"}}]}}, "a stray var"),
    ],
)
def test_a_malformed_results_document_is_refused(
    document: object, why: str, fake_server: Callable[..., FakeServer]
) -> None:
    server = fake_server(respond=answer(200, json.dumps(document).encode()))
    run = invoke("query", "unmet-needs", "--endpoint", server.url)
    assert run.exit_code == 3, why
    assert "the server's answer is not SPARQL results JSON" in run.stderr, why


@pytest.mark.parametrize("timeout", ["0", "-1", "nan", "inf"])
def test_a_timeout_that_would_disable_the_bound_is_refused(timeout: str) -> None:
    for command in (
        ("query", "unmet-needs", "--endpoint", "http://127.0.0.1:9/query"),
        ("push", "--endpoint", "http://127.0.0.1:9/store"),
    ):
        run = invoke(*command, "--timeout", timeout)
        assert run.exit_code == 2, "a mistake in the command, not a failure of the server"
        assert (
            run.stderr == f"mskg: --timeout {float(timeout)}: give a positive number of seconds (such as 30 or 0.5)\n"
        )


def test_credentials_in_a_url_that_is_not_http_are_not_printed() -> None:
    run = invoke("query", "unmet-needs", "--endpoint", f"ftp://curator:{SECRET}@example.org/sparql")
    assert run.exit_code == 2
    assert SECRET not in run.stderr


def test_a_query_nested_thousands_deep_is_refused_before_the_engine_sees_it(tmp_path: Path) -> None:
    deep = tmp_path / "deep.rq"
    deep.write_text("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000, encoding="utf-8")
    run = run_capped("sparql", "--file", str(deep), "--store", str(tmp_path / "no-build"))
    assert run.returncode == 2  # not -11: the engine's own limit would be a segmentation fault
    assert "nests its groups, subqueries or expressions too deeply" in run.stderr
    assert run.stderr.count("\n") == 1


@pytest.mark.parametrize("value", ["<http://x.org/a>b>", "http://x.org/}", 'http://x.org/"a', "<http://x.org/a b>"])
def test_a_parameter_that_looks_like_an_iri_but_is_not_one_is_one_line(value: str, built: BuildResult) -> None:
    run = invoke("query", "outcomes-of-therapy", "-p", f"therapy={value}", "--store", str(built.out))
    assert run.exit_code == 2
    assert "is not an IRI: it contains" in run.stderr
    assert run.exception is None


def test_an_empty_file_does_not_replace_a_loaded_store(tmp_path: Path) -> None:
    data, empty, out = tmp_path / "data.nt", tmp_path / "empty.nt", tmp_path / "out"
    data.write_text("<http://x.org/s> <http://x.org/p> <http://x.org/o> .\n", encoding="utf-8")
    empty.write_text("", encoding="utf-8")
    assert invoke("load", str(data), "--out", str(out)).exit_code == 0
    run = invoke("load", str(empty), "--out", str(out))
    assert run.exit_code == 2
    assert "no quads to load, so the store" in run.stderr
    assert "pass --allow-empty" in run.stderr
    assert len(EmbeddedStore(out / STORE_DIR).select("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }").rows) == 1
    assert invoke("load", str(empty), "--out", str(out), "--allow-empty").exit_code == 0


def _build(curation_dir: Path, sources_dir: Path, tmp_path: Path) -> Any:
    return invoke(
        "build", "--out", str(tmp_path / "out"), "--curation", str(curation_dir), "--sources", str(sources_dir)
    )


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "therapies.yaml",
            "label: autologous hematopoietic stem cell transplantation",
            "label: '   '",
            "a value of only spaces says nothing",
        ),
        ("claims-review.yaml", "start: 710", "start: true", "claims[1].quote.start: Input should be a valid integer"),
        (
            "claims-review.yaml",
            "start: 710",
            'start: "710"',
            "claims[1].quote.start: Input should be a valid integer",
        ),
    ],
)
def test_a_value_yaml_would_coerce_or_a_blank_label_is_refused(
    file: str, old: str, new: str, message: str, small_curation: tuple[Path, Path], tmp_path: Path
) -> None:
    curation_dir, sources_dir = small_curation
    path = curation_dir / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    run = _build(curation_dir, sources_dir, tmp_path)
    assert run.exit_code == 2
    assert message in run.stderr


def test_a_yml_file_is_read_and_a_folder_named_yaml_is_reported(
    small_curation: tuple[Path, Path], tmp_path: Path
) -> None:
    curation_dir, sources_dir = small_curation
    (curation_dir / "more.yml").write_text("claims:\n  - id: x\n", encoding="utf-8")
    (curation_dir / "folder.yaml").mkdir()
    run = _build(curation_dir, sources_dir, tmp_path)
    assert run.exit_code == 2
    assert f"{curation_dir / 'more.yml'}:" in run.stderr  # read, not skipped
    assert f"{curation_dir / 'folder.yaml'}: named like a YAML file but not a readable file" in run.stderr
    assert run.exception is None


def test_a_source_text_outside_the_sources_folder_is_not_read(
    small_curation: tuple[Path, Path], tmp_path: Path
) -> None:
    curation_dir, sources_dir = small_curation
    secret = tmp_path / "private.txt"
    secret.write_text("not for the graph", encoding="utf-8")
    record = sources_dir / f"{SMALL_REVIEW}.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(
        "\n".join(f"text: ../{secret.name}" if line.startswith("text:") else line for line in text.splitlines()) + "\n",
        encoding="utf-8",
    )
    run = _build(curation_dir, sources_dir, tmp_path)
    assert run.exit_code == 2
    assert f"the source text file '../{secret.name}' is outside the sources folder" in run.stderr
    assert run.stderr.count("is outside") == 1
    assert "stores no text" not in run.stderr  # one problem, not one per quote


def test_an_embedded_query_that_runs_away_is_stopped_at_the_timeout(built: BuildResult) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # a cartesian product of the graph
    run = run_capped("sparql", runaway, "--store", str(built.out), "--timeout", "1")
    assert run.returncode == 2
    assert "the query did not finish within 1 s" in run.stderr
    assert run.stderr.count("\n") == 1


@pytest.mark.parametrize("timeout", ["0", "nan", "inf"])
def test_an_embedded_query_refuses_a_timeout_that_is_no_bound(timeout: str, built: BuildResult) -> None:
    run = invoke("query", "unmet-needs", "--store", str(built.out), "--timeout", timeout)
    assert run.exit_code == 2
    assert "give a positive number of seconds" in run.stderr


def test_a_failed_push_whose_cleanup_fails_too_is_still_one_line(
    fake_server: Callable[..., FakeServer], built: BuildResult
) -> None:
    store = fake_server(respond=answer(500, b"disk full", headers={"Content-Type": "text/plain"}))
    run = invoke(
        "push",
        "--endpoint",
        store.url.replace("/query", "/store"),
        "--update-endpoint",
        f"http://127.0.0.1:{free_port()}/update",
        "--store",
        str(built.out),
        "--timeout",
        "5",
    )
    assert run.exit_code == 3
    assert run.stderr.startswith("mskg: push failed while uploading")
    assert "could not be dropped either" in run.stderr
    assert run.stderr.count("\n") == 1


def test_a_build_removes_the_staging_folders_killed_runs_left_and_no_live_one(tmp_path: Path) -> None:
    out = tmp_path / "build"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    killed_build, killed_load, unowned, live, personal = (
        tmp_path / ".build.abc123",
        tmp_path / ".build.load.def456",
        tmp_path / ".build.k3j4h5g6",  # a staging folder from before owners were recorded
        tmp_path / ".build.live77",
        tmp_path / ".build.notes",  # a folder a person made: never touched
    )
    for folder in (killed_build, killed_load, unowned, live, personal):
        (folder / "store").mkdir(parents=True)
    (killed_build / ".owner-pid").write_text(dead.stdout.strip(), encoding="ascii")
    (killed_load / ".owner-pid").write_text(dead.stdout.strip(), encoding="ascii")
    (live / ".owner-pid").write_text(str(os.getppid()), encoding="ascii")  # a process that is still running
    data = tmp_path / "data.nt"
    data.write_text("<http://x.org/s> <http://x.org/p> <http://x.org/o> .\n", encoding="utf-8")
    assert invoke("load", str(data), "--out", str(out)).exit_code == 0
    [version] = versions(out)  # what the load switched in
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".build.live77", ".build.notes", "build", "data.nt", version.name]
    )


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",  # a service named by an unbound variable
        "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",  # a server that is not there
    ],
)
def test_an_allowed_service_call_that_fails_is_one_line(query: str, built: BuildResult) -> None:
    run = run_capped("sparql", query.replace("{port}", str(free_port())), "--allow-service", "--store", str(built.out))
    assert run.returncode == 2
    assert run.stderr.startswith("mskg: Oxigraph could not answer the query: ")
    assert run.stderr.count("\n") == 1  # no traceback, and no panic about objects dropped on another thread


def test_a_curated_text_past_the_bound_is_a_located_error(small_curation: tuple[Path, Path], tmp_path: Path) -> None:
    """Past the bound is refused before the store is touched; 200,000 characters prove it as well as 17 MB."""
    curation_dir, sources_dir = small_curation
    path = curation_dir / "therapies.yaml"
    huge = "x" * 200_000
    text = path.read_text(encoding="utf-8")
    assert "label: autologous hematopoietic stem cell transplantation" in text
    path.write_text(
        text.replace("label: autologous hematopoietic stem cell transplantation", f"label: '{huge}'", 1),
        encoding="utf-8",
    )
    run = _build(curation_dir, sources_dir, tmp_path)
    assert run.exit_code == 2
    assert "label: String should have at most 100000 characters" in run.stderr
    assert len(run.stderr) < 2000  # the value itself is not echoed


def test_a_literal_over_the_parser_s_buffer_is_one_line_on_load(tmp_path: Path) -> None:
    big = tmp_path / "big.nt"
    big.write_text('<http://x.org/s> <http://x.org/p> "' + "x" * 17_000_000 + '" .\n', encoding="utf-8")
    run = run_capped("load", str(big), "--out", str(tmp_path / "out"))
    assert run.returncode == 2
    assert "a single term or literal is larger than the parser can hold" in run.stderr
    assert "Traceback" not in run.stderr
