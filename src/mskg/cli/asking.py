"""The commands that ask the graph: ``queries``, ``query`` and ``sparql``."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mskg.cli.common import (
    DEFAULT_OUT,
    AllowServiceOption,
    ColumnsOption,
    EndpointOption,
    FormatOption,
    GraphOption,
    StoreOption,
    TimeoutOption,
    WideOption,
    _bounded,
    _check_format,
    _fail,
    _open,
    _read_text,
    _split_param,
    _store_error_code,
    _update,
    _write,
    app,
)

if TYPE_CHECKING:
    from mskg.base.safety import Operation


@app.command("queries")
def list_queries() -> None:
    """List the saved queries: name, summary and parameters."""
    import textwrap

    from mskg.engine.queries import discover

    width = shutil.get_terminal_size((100, 24)).columns
    for query in discover().values():
        typer.echo(query.name)  # whole, so it can be copied into `mskg query NAME`
        lines = textwrap.wrap(query.summary, width, initial_indent="    ", subsequent_indent="    ")
        for p in query.params:
            text = f"--param {p.name}=… ({p.type}): {p.meaning}" + (f" e.g. {p.example}" if p.example else "")
            lines += textwrap.wrap(text, width, initial_indent="    ", subsequent_indent="        ")
        typer.echo("\n".join(lines))


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
    from mskg.base.safety import UnsafeQueryError
    from mskg.engine.queries import QueryError, find_saved, run_saved
    from mskg.engine.store import StoreError

    _check_format(fmt)
    chosen = find_saved(name)
    values = dict(_split_param(p) for p in param or [])
    try:
        backend = _open(store, endpoint, graph, timeout)
        results = _bounded(endpoint, timeout, lambda: run_saved(backend, chosen, values, allow_service=allow_service))
    except (QueryError, UnsafeQueryError) as error:
        _fail(str(error), 2)
    except StoreError as error:
        _fail(str(error), _store_error_code(error, remote=endpoint is not None))
    _write(results, fmt, chosen.summary, columns, wide)


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
    from mskg.base.safety import UnsafeQueryError, check, is_update
    from mskg.engine.store import StoreError

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
    from mskg.base.namespaces import PREFIXES

    unknown = [prefix for prefix in operation.undeclared if prefix not in PREFIXES]
    if unknown:
        _fail(
            f"the prefix '{unknown[0]}:' is not declared; add PREFIX {unknown[0]}: <IRI> before the query "
            f"(mskg declares these for you: {', '.join(f'{p}:' for p in sorted(PREFIXES))})",
            2,
        )
    declarations = "".join(f"PREFIX {prefix}: <{PREFIXES[prefix]}> " for prefix in operation.undeclared)
    return declarations + text
