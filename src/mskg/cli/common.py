"""What every ``mskg`` command shares: the app, the options, failing in one line, bounded queries, output.

Every command is registered through :data:`app` (or a group made by :func:`group`), whose ``command`` decorator
ends any :class:`~mskg.base.errors.MskgError` the command lets through with its one-line message and its exit code:
a user's mistake is never a traceback, even where a command has no handler of its own.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar, cast

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from mskg.base.errors import MskgError

T = TypeVar("T")
Command = TypeVar("Command", bound=Callable[..., Any])

if TYPE_CHECKING:
    from mskg.engine.store import QueryStore, Results


def _plain(option: TyperOption | None) -> TyperOption | None:
    """``--help`` listed as the flag it is (click 8.2 would show ``--help <bool>``), as every mskg flag is declared."""
    if option is not None:
        option.metavar = ""
    return option


class _Command(TyperCommand):
    """An mskg command: its ``--help`` has no metavar."""

    def get_help_option(self, ctx: Any) -> TyperOption | None:  # click's Context, vendored by Typer
        """Click's help option, without the ``<bool>`` metavar."""
        return _plain(super().get_help_option(ctx))


class _Group(TyperGroup):
    """An mskg command group: its ``--help`` has no metavar."""

    def get_help_option(self, ctx: Any) -> TyperOption | None:  # click's Context, vendored by Typer
        """Click's help option, without the ``<bool>`` metavar."""
        return _plain(super().get_help_option(ctx))


class _Guarded(typer.Typer):
    """A Typer whose commands end an :class:`~mskg.base.errors.MskgError` in one line on stderr, with its exit code."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cls=kwargs.pop("cls", _Group), **kwargs)

    def command(self, name: str | None = None, **kwargs: Any) -> Callable[[Command], Command]:
        """Register the command, guarded: an :class:`~mskg.base.errors.MskgError` it raises becomes one line."""
        register = super().command(name, cls=kwargs.pop("cls", _Command), **kwargs)

        def decorator(function: Command) -> Command:
            @functools.wraps(function)
            def guarded(*call_args: Any, **call_kwargs: Any) -> Any:
                try:
                    return function(*call_args, **call_kwargs)
                except MskgError as error:
                    _fail(str(error), error.exit_code)

            register(guarded)
            return function

        return decorator


def group(**kwargs: Any) -> typer.Typer:
    """A command group whose commands are guarded like the app's."""
    return _Guarded(**kwargs)


app = _Guarded(
    name="mskg",
    help="Build, check and query the multiple sclerosis therapy knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DEFAULT_OUT = Path("build")


@app.callback()
def _project(
    context: typer.Context,
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
    from mskg.base import paths

    named = project or (Path(os.environ[paths.PROJECT_VARIABLE]) if os.environ.get(paths.PROJECT_VARIABLE) else None)
    if named is None:
        return
    try:
        # For the command only: a command run in-process leaves the process reading what it read before.
        context.with_resource(paths.reading(named))
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
    from mskg.engine.remote import EndpointError

    return 3 if remote and not isinstance(error, EndpointError) else 2


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
    from mskg.engine.http import timeout_problem

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


def _bounded(endpoint: str | None, seconds: float, work: Callable[[], T]) -> T:
    """A remote query is bounded by its own exchange; an embedded one by :func:`_within`."""
    return work() if endpoint else _within(seconds, work)


def _within(seconds: float, work: Callable[[], T]) -> T:
    """``work()``, unless it takes longer than ``seconds``: then one line, and the process ends.

    The embedded engine cannot be interrupted once a query runs, so the query runs in a thread and the command
    waits for it at most ``--timeout`` seconds; past that the process exits, which frees whatever the query held.
    A remote query is bounded by its own exchange as well (see :mod:`mskg.engine.http`).
    """
    from mskg.engine.http import timeout_problem

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
    from mskg.engine.formats import FORMATS

    if fmt not in FORMATS:
        _fail(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}", 2)


def _open(store: Path, endpoint: str | None, graph: str | None, timeout: float) -> QueryStore:
    """The built store, or the endpoint when one is named."""
    from rdflib import URIRef

    from mskg.base.namespaces import GRAPH
    from mskg.engine.remote import Endpoint, RemoteStore
    from mskg.engine.store import STORE_DIR, EmbeddedStore

    if endpoint:
        chosen = GRAPH.PUBLISHED if graph is None else URIRef(graph) if graph else None
        return RemoteStore(Endpoint.from_environment(endpoint, timeout), chosen)
    return EmbeddedStore(store / STORE_DIR)


def _update(text: str, store: Path, endpoint: str | None, update_endpoint: str | None, timeout: float) -> None:
    from mskg.engine.remote import Endpoint
    from mskg.engine.store import STORE_DIR, update_embedded
    from mskg.outputs.publish import update_remote

    if endpoint:
        if not update_endpoint:
            _fail("an update on a server needs --update-endpoint (Oxigraph: …/update)", 2)
        update_remote(Endpoint.from_environment(update_endpoint, timeout), text)
    else:
        update_embedded(store / STORE_DIR, text)


def _write(results: Results, fmt: str, title: str | None, columns: str | None = None, wide: bool = False) -> None:
    from mskg.engine.formats import render

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


def _split_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        _fail(f"--param takes NAME=VALUE, not {text!r}", 2)
    return name.strip(), value
