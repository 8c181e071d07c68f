"""The build's summary reads what it counts from the store, and the store holds what was curated."""

from __future__ import annotations

import io

from rich.console import Console

from mskg.pipeline.build import BuildResult
from mskg.pipeline.summary import print_summary


def test_the_summary_counts_are_the_store_s_and_match_the_curation(built: BuildResult) -> None:
    row = {name: int(value) for name, value in built.counts.rows[0].items()}
    curation = built.curation
    assert row == {
        "entities": len(curation.entities),
        "claims": len(curation.claims),
        "sources": len(curation.sources),
        "studies": len(curation.studies),
        "verified": sum(study.verified for study in curation.studies.values()),
    }
    assert 0 < row["verified"] <= row["studies"]


def test_the_summary_s_first_line_says_what_the_store_holds(built: BuildResult) -> None:
    out = io.StringIO()
    print_summary(built, Console(file=out, width=80, color_system=None))
    first = " ".join(out.getvalue().split())  # the console wraps lines at 80 columns
    row = built.counts.rows[0]
    assert f"{row['entities']} entities, {row['claims']} claims, {row['sources']} sources" in first
    assert f"{row['studies']} studies ({row['verified']} fully verified)" in first
