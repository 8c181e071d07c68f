"""Shared fixtures: one real build of the shipped curation per test session, a small curation, the servers.

Only fixtures live here; what tests import (running the CLI, the servers' endpoints, fake servers) is in
``helpers.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef

from mskg.base import paths
from mskg.curation import Curation, read_curation
from mskg.engine.remote import Endpoint, RemoteStore
from mskg.engine.store import EmbeddedStore, MemoryStore, QueryStore
from mskg.pipeline.build import STORE_DIR, BuildResult

from .helpers import (
    VIRTUOSO_INI,
    Backend,
    FakeServer,
    OxigraphServer,
    Responder,
    VirtuosoServer,
    answer,
    built_once,
    copy_small_curation,
    free_port,
    invoke,
    wait_until_answering,
)

# bioregistry (a test-only dependency) writes a cache under the home folder unless told otherwise.
os.environ.setdefault("PYSTOW_HOME", str(Path(tempfile.gettempdir()) / "mskg-tests-pystow"))


#: Tests that share a costly fixture no other test uses, by the group that runs them on one worker (pytest-xdist's
#: ``--dist loadgroup``), so that the fixture is made once per run instead of once per worker: the installed wheel,
#: Virtuoso with the pushed graph, and the offline releases of the ontologies (read into memory on first use).
_SHARED = {"installed": "installed-wheel", "pushed_to_virtuoso": "virtuoso", "virtuoso_server": "virtuoso"}
_SHARED_MODULES = {"test_identifiers.py": "offline-releases"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own hook reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put each test that uses a fixture of :data:`_SHARED` (or is in a module of it) in that fixture's group."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "virtuoso" in callspec.params.get("compared", ()):
            names.add("virtuoso_server")  # asked for by name inside the `compared` fixture
        groups = {group for name, group in _SHARED.items() if name in names}
        groups |= {group for module, group in _SHARED_MODULES.items() if item.path.name == module}
        if groups:
            [group] = groups  # one group per test, or the groups would have to be merged
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def curation() -> Curation:
    """The real, shipped curation."""
    return read_curation()


@pytest.fixture(scope="session")
def store(built: BuildResult) -> EmbeddedStore:
    """The embedded store of the real build, opened read-only."""
    return EmbeddedStore(built.out / STORE_DIR)


@pytest.fixture
def curation_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the shipped curation and sources: (curation folder, sources folder)."""
    curation_dir = tmp_path / "curation"
    sources_dir = tmp_path / "sources"
    shutil.copytree(paths.CURATION_DIR, curation_dir)
    shutil.copytree(paths.SOURCES_DIR, sources_dir)
    return curation_dir, sources_dir


@pytest.fixture
def small_curation(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the small curation (tests/resources/curation-small): (curation folder, sources folder)."""
    return copy_small_curation(tmp_path / "small")


@pytest.fixture(scope="session")
def small_built(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> BuildResult:
    """The small curation, built once (with the reasoner; per run, for every worker) into a temporary folder."""
    return built_once(tmp_path_factory, worker_id, "small")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """Start the Oxigraph SPARQL server from the `oxigraph` package; stop it after the session."""
    binary = shutil.which("oxigraph")
    assert binary, "the `oxigraph` command (pip package oxigraph, in the test extra) is not installed"
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    server = OxigraphServer(f"http://127.0.0.1:{port}")

    def what_it_said() -> str:
        return process.stderr.read().decode(errors="replace") if process.stderr else ""

    wait_until_answering(server.query, process, seconds=30, pause=0.1, name="oxigraph", said=what_it_said)
    yield server
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def pushed(built: BuildResult, oxigraph_server: OxigraphServer) -> OxigraphServer:
    """The real build, pushed to the Oxigraph server with `mskg push`."""
    run = invoke("push", "--endpoint", oxigraph_server.store, "--store", str(built.out))
    assert run.exit_code == 0, run.stderr
    return oxigraph_server


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """Start Virtuoso in a new database folder, make a user with SPARQL_UPDATE; stop it after the session."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    assert binary, "Debian's virtuoso-opensource is missing (apt-get install virtuoso-opensource; .ci/run does it)"
    assert isql, "isql-vt (from virtuoso-opensource) is not installed"
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(folder=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    with (folder / "console.log").open("wb") as console:  # what Virtuoso prints, kept for a failed test
        process = subprocess.Popen([binary, "-f", "-c", str(ini)], cwd=folder, stdout=console, stderr=console)
    server = VirtuosoServer(f"http://127.0.0.1:{http_port}", "mskg", f"pw-{os.getpid()}-{time.monotonic_ns()}")

    def what_it_said() -> str:
        return (folder / "console.log").read_text(errors="replace")[-2000:]

    wait_until_answering(server.query, process, seconds=120, pause=0.25, name="virtuoso", said=what_it_said)
    setup = f"DB.DBA.USER_CREATE('{server.user}', '{server.password}'); GRANT SPARQL_UPDATE TO \"{server.user}\";"
    subprocess.run(
        [isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={setup}"], check=True, capture_output=True, timeout=60
    )
    yield server
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def pushed_to_virtuoso(built: BuildResult, virtuoso_server: VirtuosoServer) -> VirtuosoServer:
    """The real build, pushed to Virtuoso with `mskg push` and a password (the README's steps)."""
    saved = {name: os.environ.get(name) for name in ("MSKG_ENDPOINT_USER", "MSKG_ENDPOINT_PASSWORD")}
    os.environ["MSKG_ENDPOINT_USER"] = virtuoso_server.user
    os.environ["MSKG_ENDPOINT_PASSWORD"] = virtuoso_server.password
    try:
        run = invoke("push", "--endpoint", virtuoso_server.store, "--store", str(built.out))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    assert run.exit_code == 0, run.stderr
    return virtuoso_server


@pytest.fixture(scope="session")
def memory_store(built: BuildResult) -> MemoryStore:
    """The real build's TriG file, read by rdflib into a store in memory."""
    dataset = Dataset()
    dataset.parse(built.out / "mskg.trig", format="trig")
    return MemoryStore({URIRef(str(g.identifier)): g for g in dataset.graphs() if isinstance(g.identifier, URIRef)})


#: The stores the saved questions' meaning is asserted on: embedded Oxigraph, rdflib in memory and an Oxigraph
#: server (through `mskg push` and SPARQL over HTTP).
BACKENDS = ("embedded", "memory", "server")
#: Each store every saved question's answer is compared on, with the store it is compared with: never itself (a
#: comparison of a store with itself cannot fail). Equal answers are transitive, so the cycle embedded → rdflib →
#: server → embedded ties the three together with each pair compared once; Virtuoso is compared with the embedded
#: store. An engine whose answers equal another's holds the same meaning; asserting the meaning again on Virtuoso
#: would only double the suite's time.
COMPARISONS = (("embedded", "memory"), ("memory", "server"), ("server", "embedded"), ("virtuoso", "embedded"))


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest, store: EmbeddedStore, curation: Curation) -> QueryStore:
    """Each store the saved queries must answer on, with the same answers (see :data:`BACKENDS`)."""
    return _backend(request, request.param, store)


@pytest.fixture(scope="session", params=COMPARISONS, ids=[f"{name}-vs-{reference}" for name, reference in COMPARISONS])
def compared(request: pytest.FixtureRequest, store: EmbeddedStore) -> tuple[Backend, Backend]:
    """A store and the store its answers are compared with, which is another one (see :data:`COMPARISONS`)."""
    name, reference = request.param
    assert name != reference, f"{name} would be compared with itself"
    return Backend(name, _backend(request, name, store)), Backend(reference, _backend(request, reference, store))


def _backend(request: pytest.FixtureRequest, name: str, store: EmbeddedStore) -> QueryStore:
    if name == "embedded":
        return store
    if name == "memory":
        memory: MemoryStore = request.getfixturevalue("memory_store")
        return memory
    if name == "virtuoso":
        virtuoso: VirtuosoServer = request.getfixturevalue("pushed_to_virtuoso")
        return RemoteStore(Endpoint.from_environment(virtuoso.query))
    assert name == "server", name
    server: OxigraphServer = request.getfixturevalue("pushed")
    return RemoteStore(Endpoint.from_environment(server.query))


@pytest.fixture
def fake_server() -> Iterator[Callable[..., FakeServer]]:
    """Make loopback servers that misbehave on purpose; all are shut down after the test.

    ``fake_server(status=500, body=b"...", content_type="text/plain", delay=5.0)`` answers every request alike;
    ``fake_server(respond=...)`` lets a responder write anything (a trickle, a flood, a redirect).
    """
    made: list[FakeServer] = []

    def make(
        status: int = 200,
        body: bytes = b"",
        content_type: str = "application/sparql-results+json",
        delay: float = 0.0,
        respond: Responder | None = None,
    ) -> FakeServer:
        server = FakeServer(respond or answer(status, body, delay=delay, headers={"Content-Type": content_type}))
        made.append(server)
        return server

    yield make
    for server in made:
        server.close()
