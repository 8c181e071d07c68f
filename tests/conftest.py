"""Shared fixtures: one real build of the shipped curation per test session, and ways to run the CLI."""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from typer.testing import CliRunner

from mskg import paths
from mskg.build import STORE_DIR, BuildResult
from mskg.cli import app
from mskg.curation import Curation, read_curation
from mskg.remote import Endpoint, RemoteStore
from mskg.store import EmbeddedStore, MemoryStore, QueryStore

RESOURCES = Path(__file__).parent / "resources"

# bioregistry (a test-only dependency) writes a cache under the home folder unless told otherwise.
os.environ.setdefault("PYSTOW_HOME", str(Path(tempfile.gettempdir()) / "mskg-tests-pystow"))


@pytest.fixture(scope="session")
def curation() -> Curation:
    """The real, shipped curation."""
    return read_curation()


@pytest.fixture(scope="session")
def store(built: BuildResult) -> EmbeddedStore:
    """The embedded store of the real build, opened read-only."""
    return EmbeddedStore(built.out / STORE_DIR)


@dataclass
class Invocation:
    """The outcome of one CLI run."""

    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


def invoke(*args: str) -> Invocation:
    """Run ``mskg ARGS`` in-process, keeping stdout and stderr apart."""
    result = CliRunner().invoke(app, list(args))
    exception = result.exception if not isinstance(result.exception, SystemExit) else None
    return Invocation(result.exit_code, result.stdout, result.stderr, exception)


@pytest.fixture
def curation_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the shipped curation and sources: (curation folder, sources folder)."""
    curation_dir = tmp_path / "curation"
    sources_dir = tmp_path / "sources"
    shutil.copytree(paths.CURATION_DIR, curation_dir)
    shutil.copytree(paths.SOURCES_DIR, sources_dir)
    return curation_dir, sources_dir


def free_port() -> int:
    """A loopback port nobody listens on (a call to it is refused at once, until a server takes it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class OxigraphServer:
    """A real `oxigraph serve` on a loopback port, with its three endpoints."""

    base: str

    @property
    def query(self) -> str:
        return f"{self.base}/query"

    @property
    def update(self) -> str:
        return f"{self.base}/update"

    @property
    def store(self) -> str:
        return f"{self.base}/store"


def _wait_until_answering(
    query_url: str,
    process: subprocess.Popen[bytes],
    *,
    seconds: float,
    pause: float,
    name: str,
    said: Callable[[], str],
) -> None:
    """Wait until the server started as ``process`` answers ``ASK {}``.

    If it dies or takes longer than ``seconds``, it is stopped and the test fails with what it said.
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{query_url}?query=ASK%7B%7D", timeout=2):  # noqa: S310 (loopback)
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"{name} did not start: {said()}")  # noqa: B904
            time.sleep(pause)


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

    _wait_until_answering(server.query, process, seconds=30, pause=0.1, name="oxigraph", said=what_it_said)
    yield server
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def pushed(built: BuildResult, oxigraph_server: OxigraphServer) -> OxigraphServer:
    """The real build, pushed to the Oxigraph server with `mskg push`."""
    run = invoke("push", "--endpoint", oxigraph_server.store, "--store", str(built.out))
    assert run.exit_code == 0, run.stderr
    return oxigraph_server


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@dataclass(frozen=True)
class VirtuosoServer:
    """A real Virtuoso (Debian's virtuoso-opensource) on loopback ports, with a user allowed to update."""

    base: str
    user: str
    password: str

    @property
    def query(self) -> str:
        return f"{self.base}/sparql"

    @property
    def update(self) -> str:
        return f"{self.base}/sparql-auth"

    @property
    def store(self) -> str:
        """The Graph Store Protocol endpoint that asks for credentials (HTTP Digest)."""
        return f"{self.base}/sparql-graph-crud-auth"


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

    _wait_until_answering(server.query, process, seconds=120, pause=0.25, name="virtuoso", said=what_it_said)
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


#: The stores the saved questions' meaning is asserted on: embedded Oxigraph (the reference), rdflib in memory and
#: an Oxigraph server (through `mskg push` and SPARQL over HTTP).
BACKENDS = ("embedded", "memory", "server")
#: The stores every saved question's answer is compared on with the embedded store's: those, and Virtuoso. An
#: engine whose answers equal the reference's holds the same meaning; asserting it again there would only double
#: the suite's time.
OTHER_BACKENDS = ("memory", "server", "virtuoso")


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest, store: EmbeddedStore, curation: Curation) -> QueryStore:
    """Each store the saved queries must answer on, with the same answers (see :data:`BACKENDS`)."""
    return _backend(request, store)


@pytest.fixture(scope="session", params=OTHER_BACKENDS)
def other_backend(request: pytest.FixtureRequest, store: EmbeddedStore) -> QueryStore:
    """Each store but the embedded one, to compare with it (a comparison of the store with itself cannot fail)."""
    return _backend(request, store)


def _backend(request: pytest.FixtureRequest, store: EmbeddedStore) -> QueryStore:
    if request.param == "embedded":
        return store
    if request.param == "virtuoso":
        virtuoso: VirtuosoServer = request.getfixturevalue("pushed_to_virtuoso")
        return RemoteStore(Endpoint.from_environment(virtuoso.query))
    if request.param == "memory":
        built: BuildResult = request.getfixturevalue("built")
        dataset = Dataset()
        dataset.parse(built.out / "mskg.trig", format="trig")
        return MemoryStore({URIRef(str(g.identifier)): g for g in dataset.graphs() if isinstance(g.identifier, URIRef)})
    server: OxigraphServer = request.getfixturevalue("pushed")
    return RemoteStore(Endpoint.from_environment(server.query))


Responder = Callable[[http.server.BaseHTTPRequestHandler], None]


def answer(status: int, body: bytes, *, delay: float = 0.0, headers: Mapping[str, str] | None = None) -> Responder:
    """A responder that waits ``delay`` seconds, then sends ``status`` and ``body`` (results JSON unless told)."""

    def respond(handler: http.server.BaseHTTPRequestHandler) -> None:
        time.sleep(delay)
        handler.send_response(status)
        for name, value in {"Content-Type": "application/sparql-results+json", **(headers or {})}.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


class FakeServer:
    """A loopback HTTP server whose every answer ``respond`` writes, and which remembers what it was sent."""

    def __init__(self, respond: Responder) -> None:
        self.requests: list[dict[str, str]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                outer.requests.append(dict(self.headers.items()))
                with contextlib.suppress(OSError):  # a client that hangs up (a timeout, a bound) is the point
                    respond(self)

            do_GET = do_POST = do_PUT = _answer  # noqa: N815

            def log_message(self, format: str, *args: object) -> None:
                return

        class QuietServer(http.server.ThreadingHTTPServer):
            daemon_threads = True  # an endless answer must not keep the test session alive

            def handle_error(self, request: object, client_address: object) -> None:
                return  # a client that gave up (the timeout test) is expected, not worth a traceback

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


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
