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
from mskg.build import STORE_DIR, BuildResult, build
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
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real graph, built once into a temporary folder."""
    return build(tmp_path_factory.mktemp("build") / "build")


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
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{server.query}?query=ASK%7B%7D", timeout=2):  # noqa: S310 (loopback)
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                error = process.stderr.read().decode(errors="replace") if process.stderr else ""
                raise RuntimeError(f"oxigraph did not start: {error}")  # noqa: B904
            time.sleep(0.1)
    yield server
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def pushed(built: BuildResult, oxigraph_server: OxigraphServer) -> OxigraphServer:
    """The real build, pushed to the Oxigraph server with `mskg push`."""
    run = invoke("push", "--endpoint", oxigraph_server.store, "--store", str(built.out))
    assert run.exit_code == 0, run.stderr
    return oxigraph_server


BACKENDS = ("embedded", "memory", "server")


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest, store: EmbeddedStore, curation: Curation) -> QueryStore:
    """Each store the saved queries must answer identically on: embedded Oxigraph, rdflib, an Oxigraph server."""
    if request.param == "embedded":
        return store
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
