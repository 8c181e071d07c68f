"""The grouped report every check writes into: one result per rule, with a count and a few examples."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from mskg.curation.verification import StudyValues

__all__ = ["EXAMPLES", "Report", "RuleResult", "Severity"]

#: An error fails the build; a warning is shown but passes; an info result counts what is left to do (unverified
#: study values, say) and is shown even when every rule passes.
Severity = Literal["error", "warning", "info"]

#: How many examples a result keeps: enough to start fixing, not a flood.
EXAMPLES = 3


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
    #: How many study values are verified, per field: what the info rule on unverified values leaves to do.
    study_values: StudyValues | None = None

    @property
    def errors(self) -> int:
        """Violations of error-level rules."""
        return sum(r.count for r in self.results if r.severity == "error")

    @property
    def warnings(self) -> int:
        """Violations of warning-level rules."""
        return sum(r.count for r in self.results if r.severity == "warning")

    @property
    def infos(self) -> int:
        """Items counted by info-level rules."""
        return sum(r.count for r in self.results if r.severity == "info")

    @property
    def passed(self) -> int:
        """Error and warning rules with no violation."""
        return sum(1 for r in self.results if r.count == 0 and r.severity != "info")

    def as_dict(self) -> dict[str, object]:
        """The report for machines: totals, and each rule with its severity, count and examples."""
        return {
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
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
            **({"study_values": self.study_values.as_dict()} if self.study_values else {}),
        }

    def lines(self, *, examples: bool = True) -> Iterable[str]:
        """The report for people: one line per failing rule with its fix and up to three examples.

        Without ``examples`` (the build's summary) each failing rule is one line, its count and name; ``mskg
        check`` gives the problem, the fix and the examples.
        """
        for result in self.results:
            if result.count == 0:
                continue
            if not examples:
                yield f"{result.severity.upper()} {result.rule} ({result.count}): see `mskg check`"
                continue
            yield f"{result.severity.upper()} {result.rule}: {result.problem} ({result.count})"
            yield f"  fix: {result.fix}"
            for example in result.examples:
                yield f"  e.g. {example}"
        if self.study_values is not None:
            yield self.study_values.line()
        checks = sum(1 for r in self.results if r.severity != "info")
        summary = f"{checks} checks: {self.passed} passed, {self.errors} error(s), {self.warnings} warning(s)"
        yield summary + (f", {self.infos} noted" if self.infos else "")
