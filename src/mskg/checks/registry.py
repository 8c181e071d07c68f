"""Every check of the graph, registered in one place, reporting into one :class:`~mskg.curation.report.Report`.

:data:`CHECKS` lists them in the order they run, each with its name, severity, problem and fix: the curated input
(the located problems :func:`mskg.curation.read_curation` finds, with file and line), OWL 2 DL consistency (HermiT,
see :mod:`mskg.graph.reasoning`), the SHACL shapes (:mod:`mskg.checks.shacl`, one result per shape and path),
each QC query ``queries/checks/<rule>-violation.rq`` (any row is a violation; its ``#+`` header gives the problem,
the fix and the severity), and the agreement of every external mapping with the import slices in ``ontology/imports/``.

A new check is one file: a ``.rq`` in ``queries/checks/``, or a small Python function registered with
:func:`check`, which receives the :class:`Checked` graph and returns its violations (each a short text naming
where), plus a fixture that makes it fire.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from mskg.base import paths
from mskg.base.namespaces import GRAPH
from mskg.base.problems import CurationError
from mskg.checks.mappings import mapping_problems
from mskg.curation import Curation
from mskg.curation.report import EXAMPLES, RuleResult, Severity
from mskg.engine.formats import short
from mskg.engine.queries import QueryError, header_lines
from mskg.engine.store import QueryStore

if TYPE_CHECKING:
    from mskg.graph.reasoning import InconsistencyError

__all__ = [
    "CHECKS",
    "CURATED_INPUT",
    "CheckRule",
    "Checked",
    "check",
    "curated_input_result",
    "discover_rules",
    "run_checks",
    "run_rules",
]


@dataclass(frozen=True)
class CheckRule:
    """A QC rule: a query whose rows are violations, and what to tell the curator about them."""

    name: str
    problem: str
    fix: str
    severity: Severity
    text: str

    @classmethod
    def read(cls, path: Path) -> CheckRule:
        """Read ``<rule>-violation.rq`` and its header."""
        text = path.read_text(encoding="utf-8")
        header = {key: value for _, key, value in header_lines(text) if key in ("problem", "fix", "severity")}
        missing = [key for key in ("problem", "fix", "severity") if key not in header]
        if missing:
            raise QueryError(f"{path}: the header lacks '#+ {missing[0]}:'")
        if header["severity"] not in ("error", "warning", "info"):
            raise QueryError(f"{path}: severity must be error, warning or info, not {header['severity']!r}")
        name = path.name.removesuffix(".rq").removesuffix("-violation")
        return cls(name, header["problem"], header["fix"], header["severity"], text)  # type: ignore[arg-type]


def discover_rules(folder: Path | None = None) -> list[CheckRule]:
    """Every QC rule in ``folder`` (default ``queries/checks``)."""
    folder = folder or paths.CHECKS_DIR
    return [CheckRule.read(path) for path in sorted(folder.glob("*-violation.rq"))]


def run_rules(store: QueryStore, rules: Iterable[CheckRule]) -> list[RuleResult]:
    """Run each rule on the store; the rows it returns are its violations."""
    results = []
    for rule in rules:
        rows = store.select(rule.text).rows
        examples = tuple(
            " ".join(short(row[name]) for name in ("entity", "property", "value") if name in row)
            for row in rows[:EXAMPLES]
        )
        results.append(RuleResult(rule.name, rule.severity, rule.problem, rule.fix, len(rows), examples))
    return results


@dataclass(frozen=True)
class Checked:
    """What the checks read: the curation, its graphs, the store holding them, and what the reasoner found."""

    curation: Curation
    graphs: Mapping[URIRef, Graph]
    store: QueryStore
    #: Whether HermiT ran (``--no-reason`` skips it, and with it the consistency check).
    reasoned: bool
    inconsistency: InconsistencyError | None = None


@dataclass(frozen=True)
class PythonCheck:
    """A check written in Python: a function from the checked graph to its violations (``None``: not run)."""

    name: str
    severity: Severity
    problem: str
    fix: str
    find: Callable[[Checked], Sequence[str] | None]
    #: Whether every line of every violation is shown (an inconsistency's explanation), not the first few.
    whole: bool = False

    def results(self, checked: Checked) -> list[RuleResult]:
        """The check's one result, or none when it does not apply."""
        found = self.find(checked)
        if found is None:
            return []
        examples = tuple(line for v in found for line in v.splitlines()) if self.whole else tuple(found[:EXAMPLES])
        return [RuleResult(self.name, self.severity, self.problem, self.fix, len(found), examples)]


@dataclass(frozen=True)
class ShapesCheck:
    """The SHACL shapes of ``ontology/shapes.ttl``: one result per shape and path with violations."""

    name: str = "shacl"

    def results(self, checked: Checked) -> list[RuleResult]:
        """Validate the data graph against the shapes, with the ontology for class membership."""
        from mskg.checks.shacl import validate

        return validate(checked.graphs[GRAPH.DATA], checked.graphs[GRAPH.ONTOLOGY])


@dataclass(frozen=True)
class QueryChecks:
    """The QC queries of ``queries/checks/``, read when they run, each a rule of its own."""

    name: str = "queries/checks"

    def results(self, checked: Checked) -> list[RuleResult]:
        """Run each rule on the store."""
        return run_rules(checked.store, discover_rules())


Check = PythonCheck | ShapesCheck | QueryChecks

#: The located problems of the curated input, found before any graph is made: the first check, and when it fails
#: the only one (a graph of wrong input would only repeat them).
CURATED_INPUT = PythonCheck(
    "curated-input",
    "error",
    "the curated input has located problems",
    "correct each located problem in the curation YAML",
    lambda _checked: None,
)

#: Every check, in the order they run and report; the curated input's comes first.
CHECKS: list[Check] = [CURATED_INPUT]


Finder = Callable[[Checked], Sequence[str] | None]


def check(name: str, severity: Severity, problem: str, fix: str, *, whole: bool = False) -> Callable[[Finder], Finder]:
    """Register a Python check: ``@check(name, severity, problem, fix)`` on a function returning its violations."""

    def register(find: Finder) -> Finder:
        if any(existing.name == name for existing in CHECKS):
            raise ValueError(f"two checks are named {name!r}")
        CHECKS.append(PythonCheck(name, severity, problem, fix, find, whole))
        return find

    return register


def curated_input_result(error: CurationError) -> RuleResult:
    """The curated-input check's result for the problems ``read_curation`` raised."""
    problems = tuple(str(problem) for problem in error.problems)
    rule = CURATED_INPUT
    return RuleResult(rule.name, rule.severity, rule.problem, rule.fix, len(problems), problems)


@check(
    "owl-consistency",
    "error",
    "the ontology and data are inconsistent under OWL 2 DL (HermiT)",
    "correct the curated data or the ontology axiom that makes the statements clash",
    whole=True,
)
def _consistency(checked: Checked) -> Sequence[str] | None:
    """The reasoner's verdict; an inconsistency is shown with its whole explanation, less its summary line."""
    if not checked.reasoned:
        return None
    if checked.inconsistency is None:
        return []
    return ["\n".join(str(checked.inconsistency).splitlines()[1:])]


CHECKS.extend([ShapesCheck(), QueryChecks()])


@check(
    "mapping-matches-import",
    "error",
    "an external mapping is missing from the import slices, deprecated there, or has another label",
    "verify the term in its ontology's own files, then add it with its label to ontology/imports/<ONTOLOGY>.ttl "
    "or correct the mapping's curie or label",
)
def _mappings(checked: Checked) -> Sequence[str]:
    """Every mapping names a term of an import slice, not deprecated, whose label is the one curated."""
    return mapping_problems(checked.curation, checked.graphs[GRAPH.IMPORTS], checked.graphs[GRAPH.ONTOLOGY])


def run_checks(checked: Checked) -> list[RuleResult]:
    """Every registered check on the checked graph, in order; the results for one :class:`Report`."""
    return [result for registered in CHECKS for result in registered.results(checked)]
