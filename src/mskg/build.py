"""Builds the graph directory from the curated sources: read, load, check, store, export — all or nothing.

Everything is made in a temporary folder beside the output; only when every stage has succeeded are the
results moved into place, each by an atomic rename, so a failed build leaves the previous one whole.

The output folder holds ``store/`` (the embedded Oxigraph store the query commands open read-only),
``mskg.ttl`` (ontology, import slices and data in one Turtle file anyone can open) and ``mskg.jsonld``.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from mskg import paths
from mskg.checks import Report, check_mappings, discover_rules, run_rules
from mskg.curation import Curation, read_curation
from mskg.loader import load, new_graph
from mskg.namespaces import GRAPH
from mskg.queries import internal_query
from mskg.quotes import sentences
from mskg.schema import Schema, read_ontology
from mskg.store import EmbeddedStore, Results, write_store

__all__ = ["STORE_DIR", "BuildError", "BuildResult", "assemble", "build", "read_imports"]

log = logging.getLogger(__name__)

STORE_DIR = "store"
_OUTPUTS = (STORE_DIR, "mskg.ttl", "mskg.jsonld")


class BuildError(RuntimeError):
    """The graph was built but failed its checks; nothing was written. ``report`` says why."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__("\n".join(report.lines()))


@dataclass
class BuildResult:
    """What a build made: where, how much, and what the checks found."""

    out: Path
    triples: int
    curation: Curation
    report: Report
    class_counts: Results
    claims_per_level: Results
    sentence_coverage: dict[str, tuple[int, int]] = field(default_factory=dict)


Progress = Callable[[str], None]


def read_imports(folder: Path | None = None) -> Graph:
    """The import slices of external ontologies (``ontology/imports/*.ttl``) in one graph."""
    graph = new_graph()
    for file in sorted((folder or paths.IMPORTS_DIR).glob("*.ttl")):
        graph.parse(file, format="turtle")
    return graph


def assemble(curation: Curation) -> dict[URIRef, Graph]:
    """The named graphs of the knowledge graph: the ontology, the import slices and the curated data."""
    ontology = read_ontology()
    return {GRAPH.ONTOLOGY: ontology, GRAPH.IMPORTS: read_imports(), GRAPH.DATA: load(curation, Schema(ontology))}


def build(
    out: Path,
    *,
    curation_dir: Path | None = None,
    sources_dir: Path | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the graph into ``out``; raise :class:`~mskg.problems.CurationError` or :class:`BuildError` on bad input."""
    step = progress or (lambda _stage: None)
    step("reading curation")
    curation = read_curation(curation_dir, sources_dir)
    step("loading the graph")
    graphs = assemble(curation)
    imports = graphs[GRAPH.IMPORTS]
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        step("writing the store")
        write_store(staging / STORE_DIR, graphs)
        store = EmbeddedStore(staging / STORE_DIR)
        step("checking")
        report = Report([*run_rules(store, discover_rules()), check_mappings(curation, imports)])
        if report.errors:
            raise BuildError(report)
        step("exporting")
        merged = new_graph()
        for graph in graphs.values():
            merged += graph
        merged.serialize(staging / "mskg.ttl", format="turtle", encoding="utf-8")
        merged.serialize(staging / "mskg.jsonld", format="json-ld", encoding="utf-8", auto_compact=True)
        result = BuildResult(
            out=out,
            triples=len(merged),
            curation=curation,
            report=report,
            class_counts=store.select(internal_query("class-counts")),
            claims_per_level=store.select(internal_query("claims-per-level")),
            sentence_coverage=_coverage(curation),
        )
        del store
        step("replacing the previous build")
        _replace(staging, out)
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _replace(staging: Path, out: Path) -> None:
    """Move each output from ``staging`` into ``out``, each by one atomic rename."""
    out.mkdir(parents=True, exist_ok=True)
    for name in _OUTPUTS:
        new, old = staging / name, out / name
        if new.is_dir() and old.exists():
            trash = staging / f"{name}.old"
            os.replace(old, trash)
        os.replace(new, old)


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
