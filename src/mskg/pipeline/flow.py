"""The one pipeline behind ``mskg build`` and ``mskg check``: read the curation, assemble, reason, store, check.

Both commands run :func:`run`; they differ only in where the store goes and what follows. ``build`` writes the
store into its staging folder and, when every check passes, writes the files and switches the folder in (see
:mod:`mskg.pipeline.build`); ``check`` keeps the store in memory and returns the report (:func:`check`). So a curation
that checks clean builds, and one that fails fails both ways with the same report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mskg.base.namespaces import GRAPH
from mskg.base.problems import CurationError
from mskg.checks.registry import Checked, curated_input_result, run_checks
from mskg.curation import read_curation
from mskg.curation.report import Report
from mskg.curation.verification import count_values
from mskg.engine.store import EmbeddedStore, write_store
from mskg.graph.closure import inferred_graph
from mskg.graph.loader import assemble
from mskg.graph.reasoning import InconsistencyError, Reasoning
from mskg.graph.reasoning import reason as run_reasoner

__all__ = ["Progress", "Run", "check", "run"]

Progress = Callable[[str], None]


@dataclass
class Run:
    """What the pipeline made: the checked graph (curation, graphs, store), the reasoner's result and the report."""

    checked: Checked
    reasoning: Reasoning | None
    report: Report


def run(
    *,
    curation_dir: Path | None = None,
    sources_dir: Path | None = None,
    ontology_file: Path | None = None,
    reason: bool = True,
    store_dir: Path | None = None,
    progress: Progress | None = None,
) -> Run:
    """Read, assemble, reason, store and check; the store is written to ``store_dir``, or kept in memory.

    Raises :class:`~mskg.base.problems.CurationError` on located input mistakes (no graph can be made from them) and
    :class:`~mskg.graph.reasoning.ReasonerUnavailableError` when HermiT cannot run; an inconsistency is a failed check
    of the report (``Run.checked.inconsistency`` holds it).
    """
    step = progress or (lambda _stage: None)
    step("reading curation")
    curation = read_curation(curation_dir, sources_dir, ontology_file)
    step("loading the graph")
    graphs = assemble(curation, ontology_file)
    reasoning, inconsistency = None, None
    if reason:
        step("reasoning with HermiT")
        try:
            reasoning = run_reasoner(graphs[GRAPH.ONTOLOGY], graphs[GRAPH.DATA], progress=step)
        except InconsistencyError as error:
            inconsistency = error
    graphs[GRAPH.INFERRED] = inferred_graph(graphs, reasoning)
    if store_dir is None:
        store = EmbeddedStore.in_memory(graphs)
    else:
        step("writing the store")
        write_store(store_dir, graphs)
        store = EmbeddedStore(store_dir)
    step("checking")
    checked = Checked(curation, graphs, store, reason, inconsistency)
    return Run(checked, reasoning, Report(run_checks(checked), count_values(curation.studies.values())))


def check(
    curation_dir: Path | None = None,
    sources_dir: Path | None = None,
    *,
    reason: bool = True,
    ontology_file: Path | None = None,
) -> Report:
    """Every check on the curated input, writing nothing: the pipeline's report, curated-input problems included.

    Raises only :class:`~mskg.graph.reasoning.ReasonerUnavailableError` (the machine, not the input, is at fault).
    """
    try:
        return run(
            curation_dir=curation_dir, sources_dir=sources_dir, ontology_file=ontology_file, reason=reason
        ).report
    except CurationError as error:
        return Report([curated_input_result(error)])
