"""Builds the graph directory from the curated sources: read, load, check, store, export — all or nothing.

Everything is made in a staging folder beside the output; only when every stage has succeeded is that folder
switched in as the new version, by one atomic rename (see :mod:`mskg.engine.versions`), so a failed or killed build
leaves the previous one whole.

The output folder holds ``store/`` (the embedded Oxigraph store the query commands open read-only),
``mskg.ttl`` (ontology, import slices, data and inferences in one Turtle file anyone can open), ``mskg.owl`` (the
same as RDF/XML, which OWL tools such as Protégé and owlready2 open), ``mskg.jsonld``, ``mskg.trig`` (the same as
named graphs, so asserted and inferred triples stay apart), and ``graph.html`` (the interactive view, one file that
opens offline). Every file is written from the store, so each holds exactly the store's terms.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from mskg.base.errors import CHECKS_FAILED, MskgError
from mskg.base.quotes import sentences
from mskg.base.staging import make_staging
from mskg.curation import Curation
from mskg.curation.report import Report
from mskg.engine.queries import internal_query
from mskg.engine.store import STORE_DIR, Results
from mskg.engine.versions import publish
from mskg.graph.reasoning import Reasoning
from mskg.outputs.export import write_rdf_files
from mskg.outputs.graphmodel import mskg_model
from mskg.outputs.view import render
from mskg.pipeline.flow import Progress, run

__all__ = ["STORE_DIR", "BuildError", "BuildResult", "build"]

log = logging.getLogger(__name__)


class BuildError(MskgError, RuntimeError):
    """The graph was built but failed its checks; nothing was written. ``report`` says why."""

    exit_code = CHECKS_FAILED

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__("\n".join(report.lines()))


@dataclass
class BuildResult:
    """What a build made: where, how much, and what the checks and the reasoner found."""

    out: Path
    triples: int
    curation: Curation
    report: Report
    class_counts: Results
    #: What the store holds, read from it: entities, claims, sources, studies and verified studies (one row).
    counts: Results
    claims_per_level: Results
    reasoning: Reasoning | None = None
    sentence_coverage: dict[str, tuple[int, int]] = field(default_factory=dict)


def build(
    out: Path,
    *,
    curation_dir: Path | None = None,
    sources_dir: Path | None = None,
    ontology_file: Path | None = None,
    reason: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the graph into ``out``, all or nothing: :func:`mskg.pipeline.flow.run`, then the files, if it checks.

    Raises :class:`~mskg.base.problems.CurationError` on located input mistakes,
    :class:`~mskg.graph.reasoning.InconsistencyError` when the ontology and data clash, and :class:`BuildError` when the
    graph fails its checks; in every case the previous build is left as it was.
    """
    step = progress or (lambda _stage: None)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = make_staging(out)
    try:
        made = run(
            curation_dir=curation_dir,
            sources_dir=sources_dir,
            ontology_file=ontology_file,
            reason=reason,
            store_dir=staging / STORE_DIR,
            progress=step,
        )
        if made.checked.inconsistency is not None:
            raise made.checked.inconsistency
        if made.report.errors:
            raise BuildError(made.report)
        store, curation = made.checked.store, made.checked.curation
        step("exporting")
        files = {"ttl": "mskg.ttl", "xml": "mskg.owl", "jsonld": "mskg.jsonld", "trig": "mskg.trig"}
        triples = write_rdf_files(staging / STORE_DIR, {fmt: staging / name for fmt, name in files.items()})
        step("drawing the graph view")
        (staging / "graph.html").write_text(render(mskg_model(store)), encoding="utf-8")
        result = BuildResult(
            out=out,
            triples=triples,
            curation=curation,
            report=made.report,
            class_counts=store.select(internal_query("class-counts")),
            counts=store.select(internal_query("build-counts")),
            claims_per_level=store.select(internal_query("claims-per-level")),
            reasoning=made.reasoning,
            sentence_coverage=_coverage(curation),
        )
        del store, made
        step("replacing the previous build")
        publish(staging, out)
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _coverage(curation: Curation) -> dict[str, tuple[int, int]]:
    """For each source with text: (sentences quoted by at least one claim, sentences in all)."""
    coverage = {}
    for source in curation.sources.values():
        if source.text is None:
            continue
        spans = sentences(source.text)
        quotes = [c.quote for c in curation.claims if c.source == source.id and c.quote is not None]
        quoted = sum(1 for start, end in spans if any(q.start < end and q.end > start for q in quotes))
        coverage[source.id] = (quoted, len(spans))
    return coverage
