"""The README's worked grading examples are what the grader computes from the curation, term by term.

Each row names a claim and lists its terms as ``sign weight x rating = contribution`` (typeset with the
multiplication and minus signs) with the study's level; the test recomputes every number from the real curation,
so the documented rules and the README cannot drift apart.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from mskg.curation import Curation
from mskg.curation.grading import Grader
from mskg.curation.schema import read_ontology

_SECTION = re.compile(r"\*\*Worked examples, one per therapy\*\*.*?\n\n(\|.*?)\n\n", re.S)
MINUS, TIMES = "\u2212", "\u00d7"
_TERM = re.compile(rf"([+{MINUS}-])(\d+(?:\.\d+)?) {TIMES} (\d+) = [+{MINUS}-]?\d+(?:\.\d+)?")


def _rows() -> list[list[str]]:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = _SECTION.search(readme)
    assert table is not None, "the README has no worked grading examples"
    lines = [line for line in table[1].splitlines() if line.startswith("| ") and not line.startswith("| Therapy")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]


def _number(text: str) -> Decimal:
    return Decimal(text.replace(MINUS, "-"))


def test_there_is_one_example_per_therapy_studied_in_the_review() -> None:
    therapies = {row[0] for row in _rows()}
    assert {"AHSCT", "MSCs", "CD19 CAR-T", "BCMA CAR-T"} <= therapies


def test_each_worked_example_is_what_the_grader_computes(curation: Curation) -> None:
    """Every row of the README's table, read when the test runs (a broken table fails here, not at collection)."""
    grader = Grader(read_ontology())
    rows = _rows()
    assert rows
    for _, claim_cell, terms_cell, confidence, level in rows:
        [claim] = [c for c in curation.claims if c.id == claim_cell.strip("`")]
        grade = grader.grade(claim, curation)
        written = [(sign != "+", _number(weight), int(rating)) for sign, weight, rating in _TERM.findall(terms_cell)]
        assert written == [(t.sign < 0, t.weight, t.rating) for t in grade.terms], claim.id
        assert _number(confidence) == grade.confidence, claim.id
        assert level == grade.level.value, claim.id
