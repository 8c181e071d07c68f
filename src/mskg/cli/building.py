"""The commands that make and check the graph: ``build``, ``check``, ``view`` and ``locate``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Annotated

import typer

from mskg.base.errors import ENVIRONMENT
from mskg.cli.common import (
    DEFAULT_OUT,
    CurationOption,
    NoReasonOption,
    OntologyOption,
    OutOption,
    SourcesOption,
    StoreOption,
    _fail,
    _positive_seconds,
    _split_param,
    _store_error_code,
    app,
)


@app.command()
def build(
    out: OutOption = DEFAULT_OUT,
    curation: CurationOption = None,
    sources: SourcesOption = None,
    ontology: OntologyOption = None,
    no_reason: NoReasonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", metavar="", help="Print only problems.")] = False,
    answers: Annotated[
        bool, typer.Option("--answers", metavar="", help="Print the first rows of each saved question's answer too.")
    ] = False,
) -> None:
    """Build the graph: read the curation, verify quotes, reason, check, store, export, answer the saved queries."""
    from rich.console import Console

    from mskg.base.problems import CurationError
    from mskg.graph.reasoning import InconsistencyError, ReasonerUnavailableError
    from mskg.pipeline.build import BuildError
    from mskg.pipeline.build import build as run_build
    from mskg.pipeline.summary import print_summary

    console = Console(stderr=True, quiet=quiet)
    try:
        with console.status("building") as status:
            result = run_build(
                out,
                curation_dir=curation,
                sources_dir=sources,
                ontology_file=ontology,
                reason=not no_reason,
                progress=lambda stage: status.update(f"{stage} …"),
            )
    except CurationError as error:
        _fail(str(error), 2)
    except BuildError as error:
        _fail(f"the graph fails its checks; nothing was written.\n{error}", 1)
    except InconsistencyError as error:
        _fail(f"{error}\nNothing was written.", 1)
    except ReasonerUnavailableError as error:
        _fail(f"{error}; nothing was written", ENVIRONMENT)
    if not quiet:
        print_summary(result, Console(width=shutil.get_terminal_size((100, 24)).columns), answers=answers)


@app.command()
def check(
    curation: CurationOption = None,
    sources: SourcesOption = None,
    ontology: OntologyOption = None,
    no_reason: NoReasonOption = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    endpoint: Annotated[
        str | None,
        typer.Option(
            "--endpoint",
            "-e",
            help="Instead: ask this SPARQL server every saved question and compare with the built store.",
        ),
    ] = None,
    store: StoreOption = DEFAULT_OUT,
    timeout: Annotated[
        float, typer.Option("--timeout", help="With --endpoint: seconds per query.", callback=_positive_seconds)
    ] = 60.0,
) -> None:
    """Check the curation without writing anything: quotes, identifiers, OWL consistency, SHACL, QC rules, mappings.

    With --endpoint, check a server instead: every saved question must get the built store's answer there.
    Exit 0 when there is no error, 1 when there is any.
    """
    from mskg.graph.reasoning import ReasonerUnavailableError
    from mskg.pipeline.flow import check as check_curation

    if fmt not in ("text", "json"):
        _fail(f"unknown format '{fmt}'; use text or json", 2)
    if endpoint is not None:
        _check_endpoint(endpoint, store, timeout, fmt)
        return
    try:
        report = check_curation(curation, sources, reason=not no_reason, ontology_file=ontology)
    except ReasonerUnavailableError as error:
        _fail(str(error), ENVIRONMENT)
    if fmt == "json":
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for line in report.lines():
            typer.echo(line)
    if report.errors:
        raise typer.Exit(1)


def _check_endpoint(endpoint: str, store: Path, timeout: float, fmt: str) -> None:
    """`mskg check --endpoint`: the saved questions asked of the server and of the built store, compared."""
    from mskg.engine.conformance import compare_saved
    from mskg.engine.queries import discover
    from mskg.engine.remote import Endpoint, RemoteStore
    from mskg.engine.store import STORE_DIR, EmbeddedStore, StoreError, no_store

    if not (store / STORE_DIR).is_dir():
        _fail(no_store(store / STORE_DIR), 2)
    try:
        server = RemoteStore(Endpoint.from_environment(endpoint, timeout))
        asked, differing = compare_saved(EmbeddedStore(store / STORE_DIR), server, discover())
    except StoreError as error:
        _fail(str(error), _store_error_code(error, remote=True))
    if fmt == "json":
        found = [{"query": d.name, "detail": d.detail} for d in differing]
        typer.echo(json.dumps({"endpoint": endpoint, "asked": asked, "differing": found}, indent=2))
    elif differing:
        typer.echo(f"{endpoint}: {len(differing)} of {asked} saved questions answer differently from the built store")
        for difference in differing:
            typer.echo(f"  {difference.name}: {difference.detail}")
        typer.echo("  fix: upgrade or report the server; `mskg push` the same build again if the data may differ")
    else:
        typer.echo(f"{endpoint} answers every saved question as the built store does ({asked} asked)")
    if differing:
        raise typer.Exit(1)


@app.command()
def view(
    query_name: Annotated[
        str | None, typer.Option("--query", help="A saved query whose answers the view highlights.")
    ] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="A query parameter as NAME=VALUE.")] = None,
    graph: Annotated[
        Path | None, typer.Option("--graph", help="Render this RDF file (Turtle, N-Triples, JSON-LD …) instead.")
    ] = None,
    store: StoreOption = DEFAULT_OUT,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The HTML file to write.")] = None,
    max_nodes: Annotated[int, typer.Option("--max-nodes", help="Show at most this many nodes.")] = 5000,
) -> None:
    """Write the interactive graph view: one HTML file that opens offline, optionally focused by a saved query."""
    from mskg.base.files import write_atomically
    from mskg.engine.queries import QueryError, find_saved, run_saved
    from mskg.engine.store import StoreError
    from mskg.outputs.graphmodel import GraphFileError, load_model
    from mskg.outputs.view import default_output, lens_from_results, render

    values = dict(_split_param(p) for p in param or [])
    try:
        backend, model = load_model(store, graph)
        lens = None
        if query_name is not None:
            chosen = find_saved(query_name)
            results = run_saved(backend, chosen, values)
            lens = lens_from_results(chosen.summary, chosen.description, results, model)
        html = render(model, lens, max_nodes)
    except (QueryError, StoreError, GraphFileError) as error:
        _fail(str(error), 2)
    target = output or default_output(store, graph, query_name, values)
    write_atomically(target, html)
    typer.echo(f"wrote {target} ({len(model.nodes)} nodes, {len(model.edges)} edges); open it in a browser", err=True)


@app.command()
def locate(
    quote: Annotated[str, typer.Argument(help="The verbatim text to find in the source.")],
    source: Annotated[str, typer.Option(help="The source id (its record's file name).")] = "pubmed-41997827",
) -> None:
    """Print the start and end offsets of a quote in a source's text, for writing a claim."""
    from mskg.base.problems import CurationError
    from mskg.base.quotes import locate as find
    from mskg.curation import read_sources

    try:
        sources = read_sources()
    except CurationError as error:
        _fail(str(error), 2)
    if source not in sources or sources[source].text is None:
        _fail(
            f"no source '{source}' with stored text (sources with text: "
            + ", ".join(s for s, v in sources.items() if v.text)
            + ")",
            2,
        )
    places = find(quote, sources[source].text or "")
    if not places:
        _fail("the quote is not in the source; copy it verbatim (spacing and punctuation count)", 2)
    for start, end in places:
        typer.echo(f"start: {start}\nend: {end}")
