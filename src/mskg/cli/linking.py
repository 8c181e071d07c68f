"""``mskg links``: import slices of external ontologies, check the mappings, write SSSOM."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mskg.cli.common import (
    DEFAULT_OUT,
    StoreOption,
    TimeoutOption,
    _fail,
    _store_error_code,
    app,
    group,
)

if TYPE_CHECKING:
    pass


links = group(help="Links to external ontologies: import slices (import, fetch), checks, SSSOM.", no_args_is_help=True)
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
    from mskg.base import paths
    from mskg.base.files import write_atomically
    from mskg.base.links import LinkError, standardize
    from mskg.base.problems import CurationError
    from mskg.checks.mappings import mapped_curies
    from mskg.checks.slices import SliceError, cut, describe_file, read_ontology_file, render_slice

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
    from dataclasses import asdict

    from mskg.base.problems import CurationError
    from mskg.checks.mappings import check as check_mappings
    from mskg.curation import read_curation
    from mskg.curation.schema import read_imports, read_ontology

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
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="The SSSOM/TSV file to write (default: in the build folder).")
    ] = None,
    store: StoreOption = DEFAULT_OUT,
) -> None:
    """Write every mapping, and every explicit no-match, of the built graph as an SSSOM mapping set.

    The same as ``mskg export --format sssom``: read from the build, so run ``mskg build`` first.
    """
    from mskg.cli.serving import export

    export("sssom", output, store)


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

    from mskg.base import paths
    from mskg.base.files import write_atomically
    from mskg.base.problems import CurationError
    from mskg.checks.mappings import mapped_curies
    from mskg.checks.slices import SliceError, cut, fetch_terms, render_slice
    from mskg.engine.remote import Endpoint, RemoteStore
    from mskg.engine.store import StoreError

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
