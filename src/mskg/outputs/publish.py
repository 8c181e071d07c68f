"""Publishes the built graph to a SPARQL 1.1 server, replacing one named graph atomically.

The graph is uploaded with the Graph Store Protocol (``PUT``) into a fresh staging graph, then moved onto the
target with one SPARQL Update (``MOVE``), which the server applies as a whole. An upload that fails or is
interrupted never touches the target graph: it stays as it was, and the staging graph is dropped.
"""

from __future__ import annotations

import logging
import tempfile
import urllib.error
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from rdflib import Literal, URIRef

from mskg.base.bindings import bind_update
from mskg.base.namespaces import GRAPH, PREFIXES
from mskg.engine.canonical import write_graph
from mskg.engine.http import Body, exchange
from mskg.engine.queries import internal_query
from mskg.engine.remote import Endpoint
from mskg.engine.store import EmbeddedStore, StoreError

__all__ = ["CHUNK", "STALE", "Published", "derive_update_url", "dump_store", "push", "staging_prefix", "update_remote"]

log = logging.getLogger(__name__)

CHUNK = 1 << 20
#: A staging graph older than this (or than twice the push's timeout, if longer) was left by a push that died.
STALE = timedelta(hours=1)


@dataclass(frozen=True)
class Published:
    """What a push did: the graph it replaced and how many bytes of N-Triples it sent."""

    graph: URIRef
    size: int


#: The update endpoint beside each Graph Store endpoint, by the store endpoint's last path segments, on the
#: servers users run: Virtuoso (authenticated and open), GraphDB, Oxigraph and Fuseki (and any ``…/data``).
_UPDATE_BESIDE = (
    ("sparql-graph-crud-auth", "sparql-auth"),
    ("sparql-graph-crud", "sparql"),
    ("rdf-graphs/service", "statements"),
    ("store", "update"),
    ("data", "update"),
)


def derive_update_url(store_url: str) -> str:
    """The update endpoint of the server whose Graph Store endpoint is ``store_url``, by the server's layout.

    >>> derive_update_url("http://127.0.0.1:7878/store")  # Oxigraph
    'http://127.0.0.1:7878/update'
    >>> derive_update_url("http://localhost:3030/mskg/data")  # Fuseki
    'http://localhost:3030/mskg/update'
    >>> derive_update_url("http://localhost:8890/sparql-graph-crud-auth")  # Virtuoso, with a password
    'http://localhost:8890/sparql-auth'
    >>> derive_update_url("http://localhost:7200/repositories/mskg/rdf-graphs/service")  # GraphDB
    'http://localhost:7200/repositories/mskg/statements'

    Any other layout: the last segment replaced by ``update`` (``--update-endpoint`` says otherwise).
    """
    parts = urlsplit(store_url)
    path = parts.path.rstrip("/")
    for store, update in _UPDATE_BESIDE:
        if path == store or path.endswith("/" + store):
            return urlunsplit((parts.scheme, parts.netloc, path[: len(path) - len(store)] + update, "", ""))
    head, _, _last = path.rpartition("/")
    return urlunsplit((parts.scheme, parts.netloc, f"{head}/update", "", ""))


def dump_store(store_path: Path, into: Path) -> int:
    """Write the built graph (the union of the store's named graphs) into one N-Triples file; return its size.

    The same writer as the build's ``mskg.ttl`` and ``mskg export``, so the server receives the same RDF, each
    triple once.
    """
    embedded = EmbeddedStore(store_path)  # its version held while it is read, as every reader of a build does
    with into.open("wb") as out:
        write_graph(embedded.store, "nt", out, PREFIXES)
    return into.stat().st_size


def push(
    store_path: Path,
    store_endpoint: Endpoint,
    update_endpoint: Endpoint,
    graph: URIRef = GRAPH.PUBLISHED,
    *,
    chunks: Callable[[Path], Iterable[bytes]] | None = None,
) -> Published:
    """Replace ``graph`` on the server with the built graph at ``store_path``; raise StoreError on any failure.

    First, the staging graphs of ``graph`` that pushes killed earlier left behind (older than :data:`STALE`, so
    never one a push still running is filling) are removed.
    """
    now = datetime.now(UTC)
    staging = URIRef(f"{staging_prefix(graph)}{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex}")
    _drop_stale_staging(update_endpoint, graph, now - max(STALE, timedelta(seconds=2 * update_endpoint.timeout)))
    with tempfile.TemporaryDirectory(prefix="mskg-push-") as folder:
        data = Path(folder) / "graph.nt"
        size = dump_store(store_path, data)
        read = chunks or _read_chunks

        def body() -> Iterable[bytes]:  # afresh each time it is sent (a server that asks for Digest sees it twice)
            return read(data)

        try:
            _request(store_endpoint, "PUT", {"graph": str(staging)}, body, size, "application/n-triples")
        except Exception as error:
            # A server that refused the credentials made no staging graph: there is nothing to drop.
            refused = isinstance(error, urllib.error.HTTPError) and error.code in (401, 403)
            leftover = "" if refused else _drop_quietly(update_endpoint, staging)
            why = store_endpoint.describe_error(error, wanted="store")
            raise StoreError(f"push failed while uploading ({why}); <{graph}> was left as it was" + leftover) from None
        try:
            move = f"MOVE {staging.n3()} TO {graph.n3()}".encode()
            _request(update_endpoint, "POST", {}, move, len(move), "application/sparql-update")
        except Exception as error:
            leftover = _drop_quietly(update_endpoint, staging)
            raise StoreError(
                f"push failed while replacing <{graph}> ({update_endpoint.describe_error(error, wanted='update')}); "
                "the server applies MOVE as a whole, so the old graph is unchanged" + leftover
            ) from None
    log.info("pushed %d bytes into %s", size, graph)
    return Published(graph, size)


def staging_prefix(graph: URIRef) -> str:
    """How the staging graphs of ``graph`` begin: ``<graph>/staging-``, then the UTC time and a random part."""
    return f"{graph}/staging-"


def _drop_stale_staging(update_endpoint: Endpoint, graph: URIRef, before: datetime) -> None:
    """Best effort: remove the staging graphs of ``graph`` made before ``before``.

    A failure is logged, not fatal: the push that follows then says what is wrong with the server.
    """
    prefix = staging_prefix(graph)
    update = bind_update(
        internal_query("drop-old-staging", suffix=".ru"),
        {"prefix": Literal(prefix), "before": Literal(f"{prefix}{before:%Y%m%dT%H%M%SZ}")},
    )
    try:
        update_remote(update_endpoint, update)
    except StoreError as error:
        log.info("old staging graphs of %s were not removed: %s", graph, error)


def update_remote(update_endpoint: Endpoint, update: str) -> None:
    """Send one SPARQL Update to a server's update endpoint; raise StoreError on any failure."""
    body = update.encode("utf-8")
    try:
        _request(update_endpoint, "POST", {}, body, len(body), "application/sparql-update")
    except Exception as error:
        raise StoreError(update_endpoint.describe_error(error, wanted="update")) from None


def _read_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as data:
        while chunk := data.read(CHUNK):
            yield chunk


def _request(endpoint: Endpoint, method: str, query: dict[str, str], body: Body, size: int, media_type: str) -> None:
    url = endpoint.url + (("&" if "?" in endpoint.url else "?") + urlencode(query) if query else "")
    headers = {"Content-Type": media_type, "Content-Length": str(size)}
    exchange(endpoint, method, url, body, headers, limit=_MAX_REPLY)


#: A push or an update is answered with a status line and a short message; more than this is not an answer.
_MAX_REPLY = 1024**2


def _drop_quietly(update_endpoint: Endpoint, staging: URIRef) -> str:
    """Best effort: remove a staging graph left by a failed push; what to add to the error if that failed too."""
    drop = f"DROP SILENT GRAPH {staging.n3()}".encode()
    try:
        _request(update_endpoint, "POST", {}, drop, len(drop), "application/sparql-update")
    except Exception:  # the push has failed already: say so in the same line, without hiding the first error
        return f"; the staging graph {staging.n3()} could not be dropped either (drop it when the server is back)"
    return ""
