"""What tests share besides fixtures: running the CLI, the small curation, saved queries by name, servers.

Fixtures live in ``conftest.py``; everything a test imports comes from here.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import pickle
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pytest
from filelock import FileLock, Timeout
from typer.testing import CliRunner

from mskg.base import paths
from mskg.checks.registry import CheckRule
from mskg.cli import app
from mskg.engine.queries import SavedQuery
from mskg.engine.store import QueryStore

if TYPE_CHECKING:
    from mskg.pipeline.build import BuildResult

RESOURCES = Path(__file__).parent / "resources"

#: A small curation that builds (tests/resources/curation-small/README.md): tests of code copy it and make their
#: mistake in the copy, so that no change to the real curation breaks them.
SMALL = RESOURCES / "curation-small"
SMALL_CURATION = SMALL / "curation"
SMALL_SOURCES = SMALL / "sources"
#: The small curation's one source with a stored text, and that text.
SMALL_REVIEW = "review-excerpt"
SMALL_TEXT = SMALL_SOURCES / f"{SMALL_REVIEW}.txt"


def _build_small(out: Path) -> BuildResult:
    from mskg.pipeline.build import build

    return build(out, curation_dir=SMALL_CURATION, sources_dir=SMALL_SOURCES)


def _build_real(out: Path) -> BuildResult:
    from mskg.pipeline.build import build

    return build(out)


#: The builds the test session shares (the fixtures ``built`` and ``small_built``), by name.
SHARED_BUILDS: dict[str, Callable[[Path], BuildResult]] = {"build": _build_real, "small": _build_small}


def built_once(tmp_path_factory: pytest.TempPathFactory, worker_id: str, name: str) -> BuildResult:
    """The build ``SHARED_BUILDS[name]``, made once per test run however many pytest-xdist workers ask for it.

    The first worker to ask builds into a folder beside the workers' own temporary folders, under a file lock, and
    pickles the :class:`BuildResult` next to it; a worker that asks later reads the result back, and so the same
    folder. Nothing in a test writes into a build it is given (a test that changes a build copies it first). A
    worker that finds another making the build it asks for makes, meanwhile, a shared build nobody has started, so
    that the two workers build side by side instead of one waiting. Without xdist, it is simply built.
    """
    if worker_id == "master":
        return SHARED_BUILDS[name](tmp_path_factory.mktemp(name) / "build")
    run_folder = tmp_path_factory.getbasetemp().parent  # this run's, not another run's

    def made(other: str, *, wait: bool) -> BuildResult | None:
        shared = run_folder / f"built-once-{other}"
        shared.mkdir(exist_ok=True)
        saved = shared / "result.pickle"
        lock = FileLock(shared / "lock")
        try:
            lock.acquire(timeout=-1 if wait else 0)
        except Timeout:
            return None
        try:
            if saved.is_file():
                result: BuildResult = pickle.loads(saved.read_bytes())  # noqa: S301 (this run's own worker wrote it)
                return result
            result = SHARED_BUILDS[other](shared / "build")
            saved.with_suffix(".partial").write_bytes(pickle.dumps(result))
            saved.with_suffix(".partial").replace(saved)
            return result
        finally:
            lock.release()

    found = made(name, wait=False)
    if found is not None:
        return found
    for other in SHARED_BUILDS:  # another worker is making it: make one nobody has started meanwhile
        if other != name and not (run_folder / f"built-once-{other}" / "result.pickle").is_file():
            made(other, wait=False)
    result = made(name, wait=True)
    assert result is not None
    return result


def copy_small_curation(folder: Path) -> tuple[Path, Path]:
    """A writable copy of the small curation in ``folder``: (curation folder, sources folder)."""
    curation_dir, sources_dir = folder / "curation", folder / "sources"
    shutil.copytree(SMALL_CURATION, curation_dir)
    shutil.copytree(SMALL_SOURCES, sources_dir)
    return curation_dir, sources_dir


def offsets(quote: str, text: str) -> tuple[int, int]:
    """The start and end of ``quote`` in ``text``, which must hold it exactly once."""
    assert text.count(quote) == 1, f"{quote!r} is not in the text exactly once"
    start = text.index(quote)
    return start, start + len(quote)


def query_names() -> list[str]:
    """The names of the saved queries (``queries/*.rq``), from their file names alone: nothing is parsed."""
    return sorted(path.stem for path in paths.QUERIES_DIR.glob("*.rq"))


@functools.cache
def saved_query(name: str) -> SavedQuery:
    """The saved query ``name``, read when a test asks for it (a bad header fails that test, not collection)."""
    return SavedQuery.read(paths.QUERIES_DIR / f"{name}.rq")


def rule_names() -> list[str]:
    """The names of the QC rules (``queries/checks/*-violation.rq``), from their file names alone."""
    return sorted(path.name.removesuffix("-violation.rq") for path in paths.CHECKS_DIR.glob("*-violation.rq"))


@functools.cache
def check_rule(name: str) -> CheckRule:
    """The QC rule ``name``, read when a test asks for it."""
    return CheckRule.read(paths.CHECKS_DIR / f"{name}-violation.rq")


class Backend(NamedTuple):
    """A store the saved queries run on, and its name in the test ids (embedded, memory, server, virtuoso)."""

    name: str
    store: QueryStore


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


def wait_until_answering(
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
