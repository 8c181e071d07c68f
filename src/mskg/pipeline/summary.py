"""Prints what a build made, in a screenful: counts, checks, and how many rows each saved question answers.

The summary fits an 80-column terminal in well under 60 lines: one paragraph per part (what was built and
read, the individuals per class, the claims per evidence level, the reasoner's classification, the checks) and
one line naming each saved question with the number of rows of its answer. ``mskg build --answers`` prints each
answer as well (the first rows of each, as ``mskg query`` shows them).
"""

from __future__ import annotations

from rich.console import Console

from mskg.base import paths
from mskg.engine.formats import render, short
from mskg.engine.queries import QueryError, SavedQuery, discover, run_saved
from mskg.engine.store import STORE_DIR, EmbeddedStore, QueryStore, Results, StoreError
from mskg.pipeline.build import BuildResult

__all__ = ["print_summary"]

_PREVIEW_ROWS = 5


def _built(result: BuildResult) -> str:
    """What the store holds, as the build's counts query read it (never from the curation it was made from)."""
    row = result.counts.rows[0]
    return (
        f"Built {result.out}: {result.triples} triples, {row['entities']} entities, {row['claims']} claims, "
        f"{row['sources']} sources, {row['studies']} studies ({row['verified']} fully verified)"
    )


def print_summary(result: BuildResult, console: Console, *, answers: bool = False) -> None:
    """Print the build's summary; with ``answers``, each saved query's answer too (parameters at their examples)."""

    def say(text: str) -> None:
        console.print(text, markup=False, highlight=False)

    say(f"{_built(result)}. {paths.describe()}.")
    say(
        "Individuals per class: "
        + ", ".join(f"{row['label']} {row['count']}" for row in result.class_counts.rows[:12])
        + (", …" if len(result.class_counts.rows) > 12 else "")
    )
    say(
        "Claims per evidence level: "
        + ", ".join(f"{row['label']} ({row['meaning']}) {row['claims']}" for row in result.claims_per_level.rows)
    )
    if result.reasoning is not None:
        reasoning = result.reasoning
        say(
            f"OWL 2 DL (HermiT): consistent, {len(reasoning.inferred)} inferred triples in "
            f"<https://w3id.org/mskg/graph/inferred> ({reasoning.seconds:.1f} s). Defined classes: "
            + "; ".join(
                f"{short(cls)}: {', '.join(sorted(short(m) for m in members)) or 'none'}"
                for cls, members in sorted(reasoning.members.items())
            )
        )
    else:
        say("OWL reasoning skipped (--no-reason).")
    for source, (quoted, total) in result.sentence_coverage.items():
        say(f"Quotes verified at their offsets; {quoted} of {total} sentences of {source} are quoted.")
    for line in result.report.lines(examples=False):
        say(line)
    store = EmbeddedStore(result.out / STORE_DIR)
    saved = discover()
    if not answers:
        say(
            f"Saved questions answered ({len(saved)}; `mskg query NAME` asks one, `mskg build --answers` shows "
            "them all): " + ", ".join(f"{name} {_count(store, query)}" for name, query in saved.items())
        )
        return
    for query in saved.values():
        _print_answer(store, query, console)


def _count(store: QueryStore, query: SavedQuery) -> str:
    """The rows of a saved question's answer at its example values, or why it was not run."""
    values = query.examples
    try:
        results = run_saved(store, query, values)
    except (QueryError, StoreError):
        return "(not run)"
    if results.boolean is not None:
        return "(yes)" if results.boolean else "(no)"
    return f"({len(results.rows)})"


def _print_answer(store: QueryStore, query: SavedQuery, console: Console) -> None:
    values = query.examples
    asked = ", ".join(f"{name}={value}" for name, value in values.items())
    console.print(f"\n[bold]{query.name}[/bold]" + (f" ({asked})" if asked else "") + f": {query.summary}")
    try:
        results = run_saved(store, query, values)
    except (QueryError, StoreError) as error:
        console.print(f"  not run: {error}", markup=False)
        return
    shown = Results(results.variables, results.rows[:_PREVIEW_ROWS], results.boolean)
    console.print(render(shown, "table", width=console.width), markup=False, end="")
    if len(results.rows) > _PREVIEW_ROWS:
        console.print(
            f"… and {len(results.rows) - _PREVIEW_ROWS} more rows: mskg query {query.name}"
            + "".join(f" --param {name}={value!r}" for name, value in values.items()),
            markup=False,
        )
