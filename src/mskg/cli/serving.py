"""The commands that move the graph elsewhere: ``push``, ``load`` and ``export``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mskg.cli.common import (
    DEFAULT_OUT,
    StoreOption,
    _fail,
    _positive_seconds,
    _store_error_code,
    app,
)

if TYPE_CHECKING:
    pass


@app.command()
def push(
    endpoint: Annotated[
        str, typer.Option("--endpoint", "-e", help="The server's Graph Store Protocol endpoint (Oxigraph: …/store).")
    ],
    graph: Annotated[
        str | None, typer.Option("--graph", help="The named graph to replace [default: https://w3id.org/mskg/graph].")
    ] = None,
    update_endpoint: Annotated[
        str | None,
        typer.Option(
            "--update-endpoint",
            help="The server's update endpoint (default: beside --endpoint, by the server's layout).",
        ),
    ] = None,
    store: StoreOption = DEFAULT_OUT,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds to wait for each request.", callback=_positive_seconds)
    ] = 300.0,
) -> None:
    """Publish the built graph to a SPARQL server, replacing one named graph atomically."""
    from rdflib import URIRef

    from mskg.base.namespaces import GRAPH
    from mskg.engine.remote import Endpoint
    from mskg.engine.store import STORE_DIR, StoreError, no_store
    from mskg.outputs.publish import derive_update_url
    from mskg.outputs.publish import push as publish

    try:
        gsp = Endpoint.from_environment(endpoint, timeout)
        update = Endpoint.from_environment(update_endpoint or derive_update_url(endpoint), timeout)
        if not (store / STORE_DIR).is_dir():
            _fail(no_store(store / STORE_DIR), 2)
        published = publish(store / STORE_DIR, gsp, update, URIRef(graph) if graph else GRAPH.PUBLISHED)
    except StoreError as error:
        _fail(str(error), _store_error_code(error, remote=True))
    typer.echo(f"pushed {published.size} bytes of N-Triples into <{published.graph}> at {endpoint}", err=True)


@app.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="RDF files: .nt, .nq, .ttl, .trig, .rdf or .jsonld.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder to make the store in (its store is replaced).")],
    graph: Annotated[
        str | None,
        typer.Option("--graph", help="The named graph for triples [default: https://w3id.org/mskg/graph/data]."),
    ] = None,
    threads: Annotated[
        int | None, typer.Option("--threads", min=1, help="Parts of a large N-Triples/N-Quads file loaded at once.")
    ] = None,
    lenient: Annotated[
        bool,
        typer.Option(
            "--lenient", metavar="", help="Skip IRI and literal checks (for files a program wrote and checked)."
        ),
    ] = False,
    compact: Annotated[
        bool,
        typer.Option("--compact", metavar="", help="Merge the store's index files: a slower load, faster queries."),
    ] = False,
    allow_empty: Annotated[
        bool,
        typer.Option("--allow-empty", metavar="", help="Let files with no quads replace the store with an empty one."),
    ] = False,
) -> None:
    """Bulk-load large RDF files into a new store, for `mskg query`, `view`, `export` and `push` to read."""
    from rdflib import URIRef

    from mskg.base.namespaces import GRAPH
    from mskg.engine.bulk import LoadError, load_files

    try:
        loaded = load_files(
            out,
            files,
            URIRef(graph) if graph else GRAPH.DATA,
            threads=threads,
            lenient=lenient,
            compact=compact,
            allow_empty=allow_empty,
        )
    except LoadError as error:
        _fail(f"{error}; nothing was changed", 2)
    typer.echo(
        f"loaded {loaded.quads:,} quads into {loaded.store} in {loaded.seconds:.1f} s "
        f"({loaded.per_second:,.0f} per second, {loaded.parts} part(s) at once)",
        err=True,
    )


@app.command()
def export(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="kgx, jsonld, nt, xml, ttl, trig, graphml or sssom.")
    ] = "kgx",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="The file (for kgx: the prefix of the two tables).")
    ] = None,
    store: StoreOption = DEFAULT_OUT,
) -> None:
    """Export the built graph: Biolink KGX tables, an RDF syntax, GraphML, or the mappings as SSSOM."""
    from mskg.engine.store import STORE_DIR, no_store
    from mskg.outputs.export_formats import FORMATS

    chosen = FORMATS.get(fmt)
    if chosen is None:
        _fail(f"unknown format '{fmt}'; use {', '.join(FORMATS)}", 2)
    if not (store / STORE_DIR).is_dir():
        _fail(no_store(store / STORE_DIR), 2)
    for line in chosen.write(store / STORE_DIR, output or store / chosen.default):
        typer.echo(line, err=True)
