"""Quality checks on the graph, gathered into one report grouped by rule.

Four kinds of check run together: OWL 2 DL consistency (HermiT, see :mod:`mskg.reasoning`), the SHACL shapes
(:mod:`mskg.shacl`), the QC queries in ``queries/checks/<rule>-violation.rq`` (any row is a violation; the header
gives the problem, the fix and the severity), and the agreement of every external mapping with the import slices
in ``ontology/imports/`` (the term exists there, is not deprecated and has the label the curator wrote). Quotes
and identifiers are verified first, by the loader, with file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDFS, Graph, URIRef
from rdflib.namespace import OWL

from mskg import paths
from mskg.curation import Curation
from mskg.formats import short
from mskg.links import LinkError, expand
from mskg.namespaces import GRAPH
from mskg.report import EXAMPLES, Report, RuleResult, Severity
from mskg.store import QueryStore

if TYPE_CHECKING:
    from mskg.reasoning import InconsistencyError

__all__ = [
    "CheckRule",
    "check_curation",
    "check_graphs",
    "check_mappings",
    "consistency_result",
    "discover_rules",
    "run_rules",
]

_HEADER = re.compile(r"^#\+\s*(problem|fix|severity)\s*:\s*(.+)$")


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
        header: dict[str, str] = {}
        for line in text.splitlines():
            match = _HEADER.match(line)
            if match:
                header[match[1]] = match[2].strip()
        missing = [key for key in ("problem", "fix", "severity") if key not in header]
        if missing:
            raise ValueError(f"{path}: the header lacks '#+ {missing[0]}:'")
        if header["severity"] not in ("error", "warning", "info"):
            raise ValueError(f"{path}: severity must be error, warning or info, not {header['severity']!r}")
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


def check_mappings(curation: Curation, slices: Graph) -> RuleResult:
    """Every mapping names a term of an import slice, not deprecated, whose label is the one curated."""
    problems: list[str] = []
    for entity in curation.entities.values():
        for mapping in entity.mappings:
            try:
                iri = expand(mapping.curie)
            except LinkError as error:  # the loader reports these with their line; counted here too
                problems.append(f"{entity.id}: {error}")
                continue
            labels = {str(label) for label in slices.objects(iri, RDFS.label)}
            where = f"{entity.file.name}:{mapping.line()} {entity.id} → {mapping.curie}"
            if not labels:
                problems.append(f"{where}: not in ontology/imports (add the verified term to the slice)")
            elif mapping.label not in labels:
                problems.append(f"{where}: label {mapping.label!r}, but the ontology says {sorted(labels)[0]!r}")
            elif (URIRef(iri), OWL.deprecated, None) in slices:
                problems.append(f"{where}: the term is deprecated in its ontology (map to its replacement)")
    return RuleResult(
        "mapping-matches-import",
        "error",
        "an external mapping is missing from the import slices, deprecated there, or has another label",
        "verify the term in its ontology's own files, then add it with its label to ontology/imports/<ONTOLOGY>.ttl "
        "or correct the mapping's curie or label",
        len(problems),
        tuple(problems[:EXAMPLES]),
    )


def check_graphs(graphs: Mapping[URIRef, Graph], curation: Curation, store: QueryStore) -> list[RuleResult]:
    """The SHACL shapes, the QC rules and the mapping labels, on graphs already loaded into ``store``."""
    from mskg.shacl import validate

    return [
        *validate(graphs[GRAPH.DATA], graphs[GRAPH.ONTOLOGY]),
        *run_rules(store, discover_rules()),
        check_mappings(curation, graphs[GRAPH.IMPORTS]),
    ]


def consistency_result(error: InconsistencyError | None) -> RuleResult:
    """The OWL consistency check as a report entry; an inconsistency keeps its whole explanation."""
    return RuleResult(
        "owl-consistency",
        "error",
        "the ontology and data are inconsistent under OWL 2 DL (HermiT)",
        "correct the curated data or the ontology axiom that makes the statements clash",
        0 if error is None else 1,
        () if error is None else tuple(str(error).splitlines()[1:]),
    )


def check_curation(
    curation_dir: Path | None = None,
    sources_dir: Path | None = None,
    *,
    reason: bool = True,
    ontology_file: Path | None = None,
) -> Report:
    """Every check on the curated input, without writing anything; raises CurationError on located input errors."""
    from mskg.closure import inferred_graph
    from mskg.curation import read_curation
    from mskg.loader import assemble
    from mskg.reasoning import InconsistencyError
    from mskg.reasoning import reason as run_reasoner
    from mskg.store import EmbeddedStore
    from mskg.verification import count_values

    curation = read_curation(curation_dir, sources_dir)
    graphs = assemble(curation, ontology_file)
    results: list[RuleResult] = []
    reasoning = None
    if reason:
        try:
            reasoning = run_reasoner(graphs[GRAPH.ONTOLOGY], graphs[GRAPH.DATA])
            results.append(consistency_result(None))
        except InconsistencyError as error:
            results.append(consistency_result(error))
    graphs[GRAPH.INFERRED] = inferred_graph(graphs, reasoning)
    store = EmbeddedStore.in_memory(graphs)
    return Report([*results, *check_graphs(graphs, curation, store)], count_values(curation.studies.values()))
