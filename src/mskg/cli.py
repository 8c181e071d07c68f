"""The ``mskg`` command: a thin shell over the library; each command is a few lines.

Heavy libraries are imported inside the commands, so ``mskg --help`` answers at once. A user mistake
(bad curation, unknown query, unknown parameter value) is one clear message on stderr and a non-zero exit,
never a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar, cast

import typer

T = TypeVar("T")

if TYPE_CHECKING:
    from mskg.safety import Operation
    from mskg.store import QueryStore, Results

app = typer.Typer(
    name="mskg",
    help="Build, check and query the multiple sclerosis therapy knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DEFAULT_OUT = Path("build")
#: The exit code of a problem with the machine rather than the input (no Java for the reasoner).
ENVIRONMENT = 4


@app.callback()
def _project(
    project: Annotated[
        Path | None,
        typer.Option(
            "--project",
            help="The project folder to read: ontology/, data/ and queries/ (default: the nearest one here or "
            "above, else the copy shipped in the package; or set MSKG_PROJECT).",
        ),
    ] = None,
) -> None:
    """Build, check and query the multiple sclerosis therapy knowledge graph."""
    from mskg import paths

    named = project or (Path(os.environ[paths.PROJECT_VARIABLE]) if os.environ.get(paths.PROJECT_VARIABLE) else None)
    if named is None:
        return
    try:
        paths.use(named)
    except paths.ProjectError as error:
        where = "--project" if project else paths.PROJECT_VARIABLE
        _fail(f"{where}: {error}", 2)


CurationOption = Annotated[
    Path | None, typer.Option(help="Folder of curation YAML (default: data/curation of the project).")
]
SourcesOption = Annotated[Path | None, typer.Option(help="Folder of source records and texts (default: data/sources).")]
OntologyOption = Annotated[
    Path | None, typer.Option(help="The ontology file (default: ontology/mskg.ttl of the project).")
]
NoReasonOption = Annotated[
    bool, typer.Option("--no-reason", metavar="", help="Skip OWL reasoning with HermiT (faster).")
]
OutOption = Annotated[Path, typer.Option("--out", "-o", help="The build folder (store, mskg.ttl, mskg.jsonld).")]
StoreOption = Annotated[Path, typer.Option("--store", help="The build folder whose store to query.")]


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"mskg: {message}", err=True)
    raise typer.Exit(code)


def _store_error_code(error: Exception, *, remote: bool) -> int:
    """3 when a server failed; 2 for a mistake in the command (an endpoint URL that is none) or the local store."""
    from mskg.remote import EndpointError

    return 3 if remote and not isinstance(error, EndpointError) else 2


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

    from mskg.build import BuildError
    from mskg.build import build as run_build
    from mskg.problems import CurationError
    from mskg.reasoning import InconsistencyError, ReasonerUnavailableError
    from mskg.summary import print_summary

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


@app.command("queries")
def list_queries() -> None:
    """List the saved queries: name, summary and parameters."""
    import textwrap

    from mskg.queries import discover

    width = shutil.get_terminal_size((100, 24)).columns
    for query in discover().values():
        typer.echo(query.name)  # whole, so it can be copied into `mskg query NAME`
        lines = textwrap.wrap(query.summary, width, initial_indent="    ", subsequent_indent="    ")
        for p in query.params:
            text = f"--param {p.name}=… ({p.type}): {p.meaning}" + (f" e.g. {p.example}" if p.example else "")
            lines += textwrap.wrap(text, width, initial_indent="    ", subsequent_indent="        ")
        typer.echo("\n".join(lines))


EndpointOption = Annotated[
    str | None,
    typer.Option("--endpoint", "-e", help="A SPARQL 1.1 query endpoint to ask instead of the built store."),
]
GraphOption = Annotated[
    str | None,
    typer.Option(
        "--graph",
        help="On an endpoint: the named graph to read as the default graph [default: https://w3id.org/mskg/graph]; "
        "'' for the server's own dataset.",
    ),
]


def _positive_seconds(seconds: float) -> float:
    """A ``--timeout`` that bounds nothing (0, negative, nan, inf) is a mistake in the command: exit 2, one line."""
    from mskg.http import timeout_problem

    problem = timeout_problem(seconds)
    if problem:
        _fail(problem, 2)
    return seconds


TimeoutOption = Annotated[
    float, typer.Option("--timeout", help="Seconds to wait for the endpoint.", callback=_positive_seconds)
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv, json or md.")]
ColumnsOption = Annotated[
    str | None, typer.Option("--columns", "-c", help="The columns to show, by name, comma-separated.")
]
WideOption = Annotated[
    bool,
    typer.Option(
        "--wide", metavar="", help="A grid table however many columns (default: records when they do not fit)."
    ),
]
AllowServiceOption = Annotated[
    bool, typer.Option("--allow-service", metavar="", help="Let SERVICE clauses fetch from other servers.")
]


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="The saved query's name (see `mskg queries`).")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="A parameter as NAME=VALUE.")] = None,
    fmt: FormatOption = "table",
    columns: ColumnsOption = None,
    wide: WideOption = False,
    store: StoreOption = DEFAULT_OUT,
    endpoint: EndpointOption = None,
    graph: GraphOption = None,
    timeout: TimeoutOption = 30.0,
    allow_service: AllowServiceOption = False,
) -> None:
    """Run a saved query on the built graph, or on a SPARQL endpoint with --endpoint."""
    from mskg.queries import QueryError, discover, run_saved
    from mskg.safety import UnsafeQueryError
    from mskg.store import StoreError

    _check_format(fmt)
    saved = discover()
    if name not in saved:
        import difflib

        near = difflib.get_close_matches(name, saved, n=3)
        _fail(
            f"no saved query '{name}'"
            + (f"; did you mean {', '.join(near)}?" if near else "")
            + " (`mskg queries` lists them)",
            2,
        )
    values = dict(_split_param(p) for p in param or [])
    try:
        backend = _open(store, endpoint, graph, timeout)
        results = _bounded(
            endpoint, timeout, lambda: run_saved(backend, saved[name], values, allow_service=allow_service)
        )
    except (QueryError, UnsafeQueryError) as error:
        _fail(str(error), 2)
    except StoreError as error:
        _fail(str(error), _store_error_code(error, remote=endpoint is not None))
    _write(results, fmt, saved[name].summary, columns, wide)


@app.command()
def sparql(
    text: Annotated[str | None, typer.Argument(help="The SPARQL query (or use --file).")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the query from this file.")] = None,
    fmt: FormatOption = "table",
    columns: ColumnsOption = None,
    wide: WideOption = False,
    store: StoreOption = DEFAULT_OUT,
    endpoint: EndpointOption = None,
    graph: GraphOption = None,
    timeout: TimeoutOption = 30.0,
    allow_update: Annotated[
        bool,
        typer.Option(
            "--allow-update", metavar="", help="Let INSERT, DELETE, LOAD, CLEAR, DROP, CREATE … change the graph."
        ),
    ] = False,
    allow_service: AllowServiceOption = False,
    update_endpoint: Annotated[
        str | None, typer.Option("--update-endpoint", help="With --endpoint and --allow-update: where updates go.")
    ] = None,
) -> None:
    """Ask an ad-hoc SPARQL question (read-only unless --allow-update)."""
    from mskg.safety import UnsafeQueryError, check, is_update
    from mskg.store import StoreError

    _check_format(fmt)
    if (text is None) == (file is None):
        _fail("give the query as an argument or with --file, not both or neither", 2)
    query_text = text if text is not None else _read_text(file)
    try:
        query_text = _with_prefixes(
            check(query_text, allow_update=allow_update, allow_service=allow_service), query_text
        )
        check(query_text, allow_update=allow_update, allow_service=allow_service)  # what runs is what was checked
        if is_update(query_text):
            _update(query_text, store, endpoint, update_endpoint, timeout)
            typer.echo("update applied", err=True)
            return
        backend = _open(store, endpoint, graph, timeout)
        results = _bounded(endpoint, timeout, lambda: backend.select(query_text))
    except UnsafeQueryError as error:
        _fail(str(error), 2)
    except StoreError as error:
        _fail(str(error), _store_error_code(error, remote=endpoint is not None))
    _write(results, fmt, None, columns, wide)


def _with_prefixes(operation: Operation, text: str) -> str:
    """The text with the project's usual prefixes it uses but does not declare, declared before it on its line.

    An ad-hoc ``SELECT ?t WHERE { ?t a mskg:Therapy }`` then runs as written; a prefix mskg does not know is named
    in one line, instead of a parser's list of expected characters.
    """
    from mskg.namespaces import PREFIXES

    unknown = [prefix for prefix in operation.undeclared if prefix not in PREFIXES]
    if unknown:
        _fail(
            f"the prefix '{unknown[0]}:' is not declared; add PREFIX {unknown[0]}: <IRI> before the query "
            f"(mskg declares these for you: {', '.join(f'{p}:' for p in sorted(PREFIXES))})",
            2,
        )
    declarations = "".join(f"PREFIX {prefix}: <{PREFIXES[prefix]}> " for prefix in operation.undeclared)
    return declarations + text


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

    from mskg.namespaces import GRAPH
    from mskg.publish import derive_update_url
    from mskg.publish import push as publish
    from mskg.remote import Endpoint
    from mskg.store import STORE_DIR, StoreError, no_store

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

    from mskg.bulk import LoadError, load_files
    from mskg.namespaces import GRAPH

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
    import json

    from mskg.checks import check_curation
    from mskg.problems import CurationError
    from mskg.reasoning import ReasonerUnavailableError
    from mskg.report import Report, RuleResult

    if fmt not in ("text", "json"):
        _fail(f"unknown format '{fmt}'; use text or json", 2)
    if endpoint is not None:
        _check_endpoint(endpoint, store, timeout, fmt)
        return
    try:
        report = check_curation(curation, sources, reason=not no_reason, ontology_file=ontology)
    except CurationError as error:
        problems = tuple(str(problem) for problem in error.problems)
        fix = "correct each located problem in the curation YAML"
        report = Report(
            [
                RuleResult(
                    "curated-input", "error", "the curated input has located problems", fix, len(problems), problems
                )
            ]
        )
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
    import json

    from mskg.conformance import compare_saved
    from mskg.queries import discover
    from mskg.remote import Endpoint, RemoteStore
    from mskg.store import STORE_DIR, EmbeddedStore, StoreError, no_store

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
    from mskg.files import write_atomically
    from mskg.graphmodel import GraphFileError, load_model
    from mskg.queries import QueryError, discover, run_saved
    from mskg.store import StoreError
    from mskg.view import default_output, lens_from_results, render

    values = dict(_split_param(p) for p in param or [])
    try:
        backend, model = load_model(store, graph)
        lens = None
        if query_name is not None:
            saved = discover()
            if query_name not in saved:
                _fail(f"no saved query '{query_name}' (`mskg queries` lists them)", 2)
            results = run_saved(backend, saved[query_name], values)
            lens = lens_from_results(saved[query_name].summary, saved[query_name].description, results, model)
        html = render(model, lens, max_nodes)
    except (QueryError, StoreError, GraphFileError) as error:
        _fail(str(error), 2)
    target = output or default_output(store, graph, query_name, values)
    write_atomically(target, html)
    typer.echo(f"wrote {target} ({len(model.nodes)} nodes, {len(model.edges)} edges); open it in a browser", err=True)


links = typer.Typer(
    help="Links to external ontologies: import slices (import, fetch), checks, SSSOM.", no_args_is_help=True
)
app.add_typer(links, name="links")


@links.command("import")
def links_import(
    file: Annotated[Path, typer.Argument(help="A local ontology file: OBO (.obo) or OWL/RDF (.owl, .ttl, .nt …).")],
    terms: Annotated[
        list[str] | None, typer.Option("--terms", "-t", help="The CURIEs to keep (default: every mapped term).")
    ] = None,
    imports: Annotated[Path | None, typer.Option(help="The slices folder (default: ontology/imports).")] = None,
) -> None:
    """Cut the slices of an ontology file: the mapped terms, their labels, synonyms and ancestors to the root."""
    from mskg import paths
    from mskg.files import write_atomically
    from mskg.links import LinkError, standardize
    from mskg.mappings import mapped_curies
    from mskg.problems import CurationError
    from mskg.slices import SliceError, cut, describe_file, read_ontology_file, render_slice

    try:
        available = read_ontology_file(file)
        wanted = (
            [standardize(t) for t in terms] if terms else mapped_curies(prefixes={c.split(":")[0] for c in available})
        )
        if not wanted:
            _fail(f"{file} has no term mskg maps to; name the terms with --terms", 2)
        by_prefix: dict[str, list[str]] = {}
        for curie in wanted:
            by_prefix.setdefault(curie.split(":", 1)[0], []).append(curie)
        for prefix, curies in sorted(by_prefix.items()):
            kept = cut(available, curies)
            target = (imports or paths.IMPORTS_DIR) / f"{prefix.lower()}.ttl"
            write_atomically(target, render_slice(kept, prefix, f"{describe_file(file)}, cut by `mskg links import`"))
            typer.echo(f"wrote {target}: {len(curies)} terms and their ancestors ({len(kept)} in all)", err=True)
    except (SliceError, LinkError, CurationError) as error:
        _fail(str(error), 2)


@links.command("check")
def links_check(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Check every mapping against the import slices, per ontology; exit 1 on any error."""
    import json
    from dataclasses import asdict

    from mskg.curation import read_curation
    from mskg.mappings import check as check_mappings
    from mskg.problems import CurationError
    from mskg.schema import read_imports, read_ontology

    try:
        reports = check_mappings(read_curation(), read_imports(), read_ontology())
    except CurationError as error:
        _fail(str(error), 2)
    if fmt == "json":
        typer.echo(json.dumps([asdict(report) for report in reports.values()], indent=2))
    else:
        for report in reports.values():
            typer.echo(
                f"{report.prefix:<10} {report.name}: {report.mappings} mappings, {report.verified} verified, "
                f"{report.no_match} no-match statements, {len(report.unverified)} unverified candidates, "
                f"{len(report.errors)} error(s)"
            )
            for line in report.errors:
                typer.echo(f"  ERROR {line}")
            for line in report.warnings:
                typer.echo(f"  warning {line}")
            for line in report.unverified:
                typer.echo(f"  unverified {line}")
    if any(report.errors for report in reports.values()):
        raise typer.Exit(1)


@links.command("sssom")
def links_sssom(
    output: Annotated[Path, typer.Option("--output", "-o", help="The SSSOM/TSV file to write.")] = Path(
        "build/mskg.sssom.tsv"
    ),
) -> None:
    """Write every curated mapping, and every explicit no-match, as an SSSOM mapping set."""
    from mskg.curation import read_curation
    from mskg.files import write_atomically
    from mskg.mappings import sssom_table
    from mskg.problems import CurationError
    from mskg.schema import read_imports

    try:
        table = sssom_table(read_curation(), read_imports())
    except CurationError as error:
        _fail(str(error), 2)
    write_atomically(output, table)
    typer.echo(f"wrote {output}", err=True)


@links.command("fetch")
def links_fetch(
    endpoint: Annotated[str, typer.Option("--endpoint", "-e", help="A SPARQL endpoint serving the ontologies.")],
    graph: Annotated[
        str | None, typer.Option("--graph", help="The named graph to read (default: the dataset).")
    ] = None,
    imports: Annotated[Path | None, typer.Option(help="The slices folder (default: ontology/imports).")] = None,
    timeout: TimeoutOption = 60.0,
) -> None:
    """Refresh the slices from a SPARQL endpoint (Ubergraph-like): labels, synonyms and ancestors of mapped terms."""
    from rdflib import URIRef

    from mskg import paths
    from mskg.files import write_atomically
    from mskg.mappings import mapped_curies
    from mskg.problems import CurationError
    from mskg.remote import Endpoint, RemoteStore
    from mskg.slices import SliceError, cut, fetch_terms, render_slice
    from mskg.store import StoreError

    try:
        store = RemoteStore(Endpoint.from_environment(endpoint, timeout), URIRef(graph) if graph else None)
        wanted = mapped_curies()
        fetched = fetch_terms(store, wanted)
        found = [curie for curie in wanted if curie in fetched]
        by_prefix: dict[str, list[str]] = {}
        for curie in found:
            by_prefix.setdefault(curie.split(":", 1)[0], []).append(curie)
        for prefix, curies in sorted(by_prefix.items()):
            target = (imports or paths.IMPORTS_DIR) / f"{prefix.lower()}.ttl"
            write_atomically(target, render_slice(cut(fetched, curies), prefix, f"fetched from {endpoint}"))
            typer.echo(f"wrote {target}: {len(curies)} terms", err=True)
        missing = sorted(set(wanted) - set(found))
        if missing:
            typer.echo(f"not served by {endpoint}: {', '.join(missing)} (their slices are unchanged)", err=True)
    except (StoreError, SliceError, CurationError) as error:
        _fail(str(error), _store_error_code(error, remote=True) if isinstance(error, StoreError) else 2)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="kgx, jsonld, nt, xml, ttl, trig or graphml.")] = "kgx",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="The file (for kgx: the prefix of the two tables).")
    ] = None,
    store: StoreOption = DEFAULT_OUT,
) -> None:
    """Export the built graph: Biolink KGX tables, an RDF syntax, or GraphML."""
    from mskg.export import RDF_FORMATS, graphml, kgx, prefix_map, write_rdf
    from mskg.files import write_atomically
    from mskg.graphmodel import mskg_model
    from mskg.namespaces import MSKGID
    from mskg.store import STORE_DIR, EmbeddedStore, StoreError

    if fmt not in ("kgx", "graphml", *RDF_FORMATS):
        _fail(f"unknown format '{fmt}'; use kgx, graphml or one of {', '.join(RDF_FORMATS)}", 2)
    try:
        backend = EmbeddedStore(store / STORE_DIR)
    except StoreError as error:
        _fail(str(error), 2)
    if fmt == "kgx":
        tables = kgx(mskg_model(backend))
        prefix = output or store / "mskg"
        prefixes = json.dumps(prefix_map(tables), indent=2) + "\n"
        for name, text in (("nodes.tsv", tables.nodes), ("edges.tsv", tables.edges), ("prefixes.json", prefixes)):
            target = prefix.with_name(f"{prefix.name}_{name}")
            write_atomically(target, text)
            typer.echo(f"wrote {target}", err=True)
        if tables.left_out:
            typer.echo(
                f"left out {len(tables.left_out)} claims a KGX edge cannot carry (the RDF exports hold them all):",
                err=True,
            )
            for claim, reason in tables.left_out:
                typer.echo(f"  {claim.removeprefix(str(MSKGID))}: {reason}", err=True)
        return
    extension = {"graphml": "graphml", "jsonld": "jsonld", "nt": "nt", "xml": "rdf", "ttl": "ttl", "trig": "trig"}
    # The build's own mskg.ttl, mskg.trig and mskg.jsonld are never overwritten unless asked with --output.
    target = output or store / f"export.{extension[fmt]}"
    if fmt == "graphml":
        write_atomically(target, graphml(mskg_model(backend)))
    else:
        write_rdf(store / STORE_DIR, fmt, target)
    typer.echo(f"wrote {target}", err=True)


def _bounded(endpoint: str | None, seconds: float, work: Callable[[], T]) -> T:
    """A remote query is bounded by its own exchange; an embedded one by :func:`_within`."""
    return work() if endpoint else _within(seconds, work)


def _within(seconds: float, work: Callable[[], T]) -> T:
    """``work()``, unless it takes longer than ``seconds``: then one line, and the process ends.

    The embedded engine cannot be interrupted once a query runs, so the query runs in a thread and the command
    waits for it at most ``--timeout`` seconds; past that the process exits, which frees whatever the query held.
    A remote query is bounded by its own exchange as well (see :mod:`mskg.http`).
    """
    from mskg.http import timeout_problem

    problem = timeout_problem(seconds)
    if problem:
        _fail(problem, 2)
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the caller, which reports it as usual
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        sys.stderr.write(
            f"mskg: the query did not finish within {seconds:g} s; narrow it, or give more time with --timeout\n"
        )
        sys.stderr.flush()
        os._exit(2)
    if "error" in outcome:
        raise outcome["error"]
    return cast(T, outcome["value"])


def _check_format(fmt: str) -> None:
    from mskg.formats import FORMATS

    if fmt not in FORMATS:
        _fail(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}", 2)


def _open(store: Path, endpoint: str | None, graph: str | None, timeout: float) -> QueryStore:
    """The built store, or the endpoint when one is named."""
    from rdflib import URIRef

    from mskg.namespaces import GRAPH
    from mskg.remote import Endpoint, RemoteStore
    from mskg.store import STORE_DIR, EmbeddedStore

    if endpoint:
        chosen = GRAPH.PUBLISHED if graph is None else URIRef(graph) if graph else None
        return RemoteStore(Endpoint.from_environment(endpoint, timeout), chosen)
    return EmbeddedStore(store / STORE_DIR)


def _update(text: str, store: Path, endpoint: str | None, update_endpoint: str | None, timeout: float) -> None:
    from mskg.publish import update_remote
    from mskg.remote import Endpoint
    from mskg.store import STORE_DIR, update_embedded

    if endpoint:
        if not update_endpoint:
            _fail("an update on a server needs --update-endpoint (Oxigraph: …/update)", 2)
        update_remote(Endpoint.from_environment(update_endpoint, timeout), text)
    else:
        update_embedded(store / STORE_DIR, text)


def _write(results: Results, fmt: str, title: str | None, columns: str | None = None, wide: bool = False) -> None:
    from mskg.formats import render

    width = shutil.get_terminal_size((100, 24)).columns
    chosen = [name.strip() for name in columns.split(",") if name.strip()] if columns else None
    try:
        text = render(results, fmt, title=title, width=width, columns=chosen, wide=wide)  # type: ignore[arg-type]
    except ValueError as error:
        _fail(str(error), 2)
    sys.stdout.write(text)


def _read_text(file: Path | None) -> str:
    if file is None:
        _fail("no query file given", 2)
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        _fail(f"cannot read {file}: {error}", 2)


@app.command()
def locate(
    quote: Annotated[str, typer.Argument(help="The verbatim text to find in the source.")],
    source: Annotated[str, typer.Option(help="The source id (its record's file name).")] = "pubmed-41997827",
) -> None:
    """Print the start and end offsets of a quote in a source's text, for writing a claim."""
    from mskg.curation import read_sources
    from mskg.problems import CurationError
    from mskg.quotes import locate as find

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


def _split_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        _fail(f"--param takes NAME=VALUE, not {text!r}", 2)
    return name.strip(), value


def main() -> None:
    """Entry point for ``python -m mskg``."""
    app()
