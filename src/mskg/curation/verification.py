"""How much of the studies' data is verified: values per field, in their field or still a candidate.

A study value is *verified* when it is written in its field, which the curation allows only after it was read in
an official record (named in ``checked_against``); it is *unverified* while it waits under ``unverified:`` as a
candidate. One value is one scalar field (a title, a phase, a PMID), one element of a list field (an arm, a
result, a harm, a registry number, a population, a cited study) or one criterion of the eligibility (an age
range, an EDSS range, a disease duration, an activity or a prior-therapy criterion). Defaults the curator did not
write (a trial status left at ``completed``) are not counted, nor are labels, notes and ``checked_against``.

The counts are what ``mskg check`` and ``mskg build`` print, so that the share of verified values can be compared
between two versions of the curation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import get_args

from pydantic import BaseModel

from mskg.curation import Study, StudyField

__all__ = ["StudyValues", "count_values"]

_FIELDS: tuple[str, ...] = get_args(StudyField)


@dataclass(frozen=True)
class StudyValues:
    """Verified and unverified study values, per field."""

    verified: Counter[str] = field(default_factory=Counter)
    unverified: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        """Every value counted, verified or not."""
        return self.verified.total() + self.unverified.total()

    @property
    def share(self) -> float:
        """The verified share of all values (1.0 when there is none)."""
        return self.verified.total() / self.total if self.total else 1.0

    def line(self) -> str:
        """One line for people: the share, then what remains unverified, largest field first."""
        remaining = ", ".join(f"{name} {count}" for name, count in _ordered(self.unverified))
        return f"Study values: {self.verified.total()} of {self.total} verified ({self.share:.1%})" + (
            f"; unverified per field: {remaining}" if remaining else ""
        )

    def as_dict(self) -> dict[str, object]:
        """The counts for machines: totals, the share and each field's verified and unverified values."""
        return {
            "verified": self.verified.total(),
            "unverified": self.unverified.total(),
            "share": round(self.share, 4),
            "fields": {
                name: {"verified": self.verified[name], "unverified": self.unverified[name]}
                for name in _FIELDS
                if self.verified[name] or self.unverified[name]
            },
        }


def count_values(studies: Iterable[Study]) -> StudyValues:
    """Count each study's values in their fields and its candidates under ``unverified:``."""
    values = StudyValues()
    for study in studies:
        for name in _FIELDS:
            if name in study.model_fields_set:
                values.verified[name] += _size(getattr(study, name))
        for pending in study.unverified:
            values.unverified[pending.field] += 1
    return values


def _size(value: object) -> int:
    """How many values a field holds: a list counts its elements, eligibility its criteria, a scalar one."""
    if value is None:
        return 0
    if isinstance(value, list):
        return len(value)
    if isinstance(value, BaseModel):
        return sum(1 for name in type(value).model_fields if getattr(value, name) is not None)
    return 1


def _ordered(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
