"""The ``mskg`` command: a thin shell over the library; each command is a few lines.

Heavy libraries are imported inside the commands, so ``mskg --help`` answers at once. A user mistake
(bad curation, unknown query, unknown parameter value) is one clear message on stderr and a non-zero exit,
never a traceback.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

app = typer.Typer(
    name="mskg",
    help="Build, check and query the multiple sclerosis therapy knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DEFAULT_OUT = Path("build")

OutOption = Annotated[Path, typer.Option("--out", "-o", help="The build folder (store, mskg.ttl, mskg.jsonld).")]
StoreOption = Annotated[Path, typer.Option("--store", help="The build folder whose store to query.")]


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"mskg: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def build(
    out: OutOption = DEFAULT_OUT,
    curation: Annotated[Path | None, typer.Option(help="Folder of curation YAML (default: the shipped data).")] = None,
    sources: Annotated[Path | None, typer.Option(help="Folder of source records and texts.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")] = False,
) -> None:
    """Build the graph: read the curation, verify quotes, check, store, export, and answer the saved queries."""
    from rich.console import Console

    from mskg.build import BuildError
    from mskg.build import build as run_build
    from mskg.problems import CurationError
    from mskg.summary import print_summary

    console = Console(stderr=True, quiet=quiet)
    try:
        with console.status("building") as status:
            result = run_build(
                out, curation_dir=curation, sources_dir=sources, progress=lambda stage: status.update(f"{stage} …")
            )
    except CurationError as error:
        _fail(str(error), 2)
    except BuildError as error:
        _fail(f"the graph fails its checks; nothing was written.\n{error}", 1)
    if not quiet:
        print_summary(result, Console())


@app.command("queries")
def list_queries() -> None:
    """List the saved queries: name, summary and parameters."""
    from rich.console import Console
    from rich.table import Table

    from mskg.queries import discover

    table = Table("name", "summary", "parameters", show_lines=True)
    for query in discover().values():
        params = "\n".join(
            f"{p.name} ({p.type}): {p.meaning}" + (f" e.g. {p.example}" if p.example else "") for p in query.params
        )
        table.add_row(query.name, query.summary, params)
    Console(width=160).print(table)


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="The saved query's name (see `mskg queries`).")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="A parameter as NAME=VALUE.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv, json or md.")] = "table",
    store: StoreOption = DEFAULT_OUT,
) -> None:
    """Run a saved query on the built graph."""
    from mskg.build import STORE_DIR
    from mskg.formats import FORMATS, render
    from mskg.queries import QueryError, discover, run_saved
    from mskg.store import EmbeddedStore, StoreError

    if fmt not in FORMATS:
        _fail(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}", 2)
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
        results = run_saved(EmbeddedStore(store / STORE_DIR), saved[name], values)
    except (QueryError, StoreError) as error:
        _fail(str(error), 2)
    width = shutil.get_terminal_size((160, 24)).columns
    sys.stdout.write(render(results, fmt, title=saved[name].summary, width=width))


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
        _fail("the quote is not in the source; copy it verbatim (spacing and punctuation count)", 1)
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
