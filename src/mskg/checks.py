"""Quality checks on the built graph, gathered into one report grouped by rule.

Two kinds of rule run here: the QC queries in ``queries/checks/<rule>-violation.rq`` (any row is a
violation; the header gives the problem, the fix and the severity), and the agreement of every external
mapping with the import slices in ``ontology/imports/`` (the term exists there and has the label the
curator wrote). Quotes are verified earlier, by the loader, at their offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rdflib import RDFS, Graph, URIRef
from rdflib.namespace import OWL

from mskg import paths
from mskg.curation import Curation
from mskg.formats import short
from mskg.links import LinkError, expand
from mskg.store import QueryStore

__all__ = ["CheckRule", "Report", "RuleResult", "check_mappings", "discover_rules", "run_rules"]

Severity = Literal["error", "warning"]
_HEADER = re.compile(r"^#\+\s*(problem|fix|severity)\s*:\s*(.+)$")
_EXAMPLES = 3


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
        if header["severity"] not in ("error", "warning"):
            raise ValueError(f"{path}: severity must be error or warning, not {header['severity']!r}")
        name = path.name.removesuffix(".rq").removesuffix("-violation")
        return cls(name, header["problem"], header["fix"], header["severity"], text)  # type: ignore[arg-type]


@dataclass(frozen=True)
class RuleResult:
    """What one rule found: how many violations, and a few examples to start from."""

    rule: str
    severity: Severity
    problem: str
    fix: str
    count: int
    examples: tuple[str, ...] = ()


@dataclass
class Report:
    """The results of every rule, in the order they ran."""

    results: list[RuleResult] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """Violations of error-level rules."""
        return sum(r.count for r in self.results if r.severity == "error")

    @property
    def warnings(self) -> int:
        """Violations of warning-level rules."""
        return sum(r.count for r in self.results if r.severity == "warning")

    @property
    def passed(self) -> int:
        """Rules with no violation."""
        return sum(1 for r in self.results if r.count == 0)

    def as_dict(self) -> dict[str, object]:
        """The report for machines: totals, and each rule with its severity, count and examples."""
        return {
            "errors": self.errors,
            "warnings": self.warnings,
            "passed": self.passed,
            "rules": [
                {
                    "rule": r.rule,
                    "severity": r.severity,
                    "problem": r.problem,
                    "fix": r.fix,
                    "count": r.count,
                    "examples": list(r.examples),
                }
                for r in self.results
            ],
        }

    def lines(self) -> Iterable[str]:
        """The report for people: one line per failing rule with its fix and up to three examples."""
        for result in self.results:
            if result.count == 0:
                continue
            yield f"{result.severity.upper()} {result.rule}: {result.problem} ({result.count})"
            yield f"  fix: {result.fix}"
            for example in result.examples:
                yield f"  e.g. {example}"
        yield (f"{len(self.results)} checks: {self.passed} passed, {self.errors} error(s), {self.warnings} warning(s)")


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
            for row in rows[:_EXAMPLES]
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
        tuple(problems[:_EXAMPLES]),
    )
