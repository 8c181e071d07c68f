"""The count of verified study values: what is in a field counts as verified, what waits as a candidate does not."""

from __future__ import annotations

from typing import Any

from mskg.curation import Study
from mskg.curation.verification import count_values


def study(slug: str, **fields: Any) -> Study:
    return Study.model_validate({"id": f"study/{slug}", "label": slug, "design": "case-series"} | fields)


def test_each_value_in_a_field_counts_once_and_each_candidate_once() -> None:
    first = study(
        "first",
        title="A",
        year=2020,
        pmid="1",
        registry=["NCT00000001", "ISRCTN12345678"],
        eligibility={"age": {"min": 18, "max": 55}, "edss": {"max": 6.5}, "activity": "a relapse in 12 months"},
        unverified=[{"field": "doi", "candidate": "10.1000/x", "reason": "a mirror only"}],
    )
    second = study(
        "second",
        title="B",
        registry=["NCT00000002"],
        unverified=[
            {"field": "year", "candidate": "2021", "reason": "a news item only"},
            {"field": "results", "candidate": "HR 0.5", "reason": "a forum only"},
        ],
    )
    values = count_values([first, second])
    assert values.verified["registry"] == 3
    assert values.verified["eligibility"] == 3  # the age and EDSS ranges and the activity criterion
    assert values.verified["status"] == 0  # the default status was not written by the curator
    assert values.verified["design"] == 2
    assert dict(values.unverified) == {"doi": 1, "year": 1, "results": 1}
    assert values.verified.total() == 12  # titles 2, year 1, PMID 1, registry numbers 3, criteria 3, designs 2
    assert values.total == 15
    assert values.share == 12 / 15
    assert values.line() == "Study values: 12 of 15 verified (80.0%); unverified per field: doi 1, results 1, year 1"
    fields = values.as_dict()["fields"]
    assert isinstance(fields, dict)
    assert fields["registry"] == {"verified": 3, "unverified": 0}


def test_checking_a_candidate_raises_the_share() -> None:
    pending = study("x", title="A", year=2020, unverified=[{"field": "pmid", "candidate": "7", "reason": "mirror"}])
    checked = study("x", title="A", year=2020, pmid="7")
    before, after = count_values([pending]), count_values([checked])
    assert (before.verified.total(), before.unverified.total()) == (3, 1)
    assert (after.verified.total(), after.unverified.total()) == (4, 0)
    assert after.share == 1.0 > before.share
    assert "unverified per field" not in after.line()
