"""Prints what a build made: counts per class, claims per evidence level, checks, and each saved answer."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from mskg import paths
from mskg.build import BuildResult
from mskg.formats import render, short
from mskg.queries import QueryError, discover, run_saved
from mskg.store import STORE_DIR, EmbeddedStore, Results, StoreError

__all__ = ["print_summary"]

_PREVIEW_ROWS = 5


def _studies(result: BuildResult) -> str:
    """How many studies, and how many of them have every identifier and number verified."""
    studies = result.curation.studies.values()
    return f"{len(studies)} studies ({sum(study.verified for study in studies)} fully verified)"


def print_summary(result: BuildResult, console: Console) -> None:
    """Print the build's summary, then each saved query's answer (parameters set to their examples)."""
    console.print(
        f"[bold]Built[/bold] {result.out}: {result.triples} triples, "
        f"{len(result.curation.entities)} entities, {len(result.curation.claims)} claims, "
        f"{len(result.curation.sources)} sources, {_studies(result)}",
        soft_wrap=True,
    )
    console.print(f"{paths.describe()}.", soft_wrap=True, markup=False)
    classes = Table("class", "individuals", title="Individuals per class")
    for row in result.class_counts.rows:
        classes.add_row(str(row["label"]), str(row["count"]))
    levels = Table("level", "meaning", "claims", title="Claims per evidence level")
    for row in result.claims_per_level.rows:
        levels.add_row(str(row["label"]), str(row["meaning"]), str(row["claims"]))
    console.print(classes, levels)
    if result.reasoning is not None:
        reasoning = result.reasoning
        console.print(
            f"OWL 2 DL (HermiT): consistent; {len(reasoning.inferred)} inferred triples in their own graph "
            f"<https://w3id.org/mskg/graph/inferred> ({reasoning.seconds:.1f} s)",
            soft_wrap=True,
        )
        defined = Table("defined class", "members (by classification)", title="Answered by the reasoner")
        for cls, members in sorted(reasoning.members.items()):
            defined.add_row(short(cls), ", ".join(sorted(short(m) for m in members)) or "none")
        console.print(defined)
    else:
        console.print("OWL reasoning skipped (--no-reason)")
    for source, (quoted, total) in result.sentence_coverage.items():
        console.print(
            f"Quotes verified at their offsets; {quoted} of {total} sentences of {source} are quoted.", soft_wrap=True
        )
    for line in result.report.lines():
        console.print(line, markup=False, soft_wrap=True)
    store = EmbeddedStore(result.out / STORE_DIR)
    for query in discover().values():
        values = {p.name: p.example for p in query.params if p.example is not None}
        asked = ", ".join(f"{name}={value}" for name, value in values.items())
        console.print(
            f"\n[bold]{query.name}[/bold]" + (f" ({asked})" if asked else "") + f": {query.summary}", soft_wrap=True
        )
        try:
            results = run_saved(store, query, values)
        except (QueryError, StoreError) as error:
            console.print(f"  not run: {error}", markup=False)
            continue
        shown = Results(results.variables, results.rows[:_PREVIEW_ROWS], results.boolean)
        console.print(render(shown, "table", width=console.width), markup=False, end="")
        if len(results.rows) > _PREVIEW_ROWS:
            console.print(
                f"… and {len(results.rows) - _PREVIEW_ROWS} more rows: mskg query {query.name}"
                + "".join(f" --param {name}={value!r}" for name, value in values.items()),
                markup=False,
            )
