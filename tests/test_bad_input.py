"""Every kind of curation mistake stops the build with a located, fixable message, and loses nothing.

Each case copies the shipped curation, makes one mistake a curator could make, and runs ``mskg build``
over a folder that already holds a good build. The build must exit 2, name the file, the line and the
field, say how to fix it, print no traceback, and leave the previous build byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from mskg.build import BuildResult

from .conftest import invoke

Mutation = Callable[[Path], None]


@dataclass(frozen=True)
class Mistake:
    """One curation mistake: how to make it, and what the error must say."""

    kind: str
    file: str
    mutate: Mutation
    message: str
    field: str
    line_of: str | int | None  # the text whose line the error must name, or the line itself
    hint: str = ""  # what the fix must say, where it is more than a generic instruction


def replace(file: str, old: str, new: str, count: int = 1) -> Mutation:
    def mutate(curation: Path) -> None:
        path = _resolve(curation, file)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return mutate


def write(file: str, content: bytes) -> Mutation:
    def mutate(curation: Path) -> None:
        _resolve(curation, file).write_bytes(content)

    return mutate


def _resolve(curation: Path, file: str) -> Path:
    return (
        curation.parent / "sources" / file.removeprefix("sources/") if file.startswith("sources/") else curation / file
    )


MISTAKES = [
    Mistake(
        "YAML syntax error",
        "therapies.yaml",
        replace("therapies.yaml", "    label: CD19-directed CAR T-cell therapy", "    label: [CD19-directed"),
        "YAML syntax error",
        "",
        "    synonyms: [CD19 CAR-T",
    ),
    Mistake(
        "wrong indentation",
        "therapies.yaml",
        replace("therapies.yaml", "    type: MSCTherapy", "      type: MSCTherapy"),
        "YAML syntax error",
        "",
        "      type: MSCTherapy",
    ),
    Mistake(
        "unknown field",
        "claims-msc.yaml",
        replace("claims-msc.yaml", "    certainty: inconsistent", "    certainity: inconsistent"),
        "unknown field 'certainity'",
        "claims[5].certainity",
        "    certainity: inconsistent",
        "did you mean 'certainty'?",
    ),
    Mistake(
        "missing field",
        "biology.yaml",
        replace(
            "biology.yaml",
            "    definition: A lymphocyte of B lineage that is capable of B cell mediated immunity.\n",
            "",
        ),
        "the required field 'definition' is missing",
        "entities[3].definition",
        "  - id: cell-type/b-cell",
    ),
    Mistake(
        "an arm option that is not an entity",
        "studies-ahsct.yaml",
        replace(
            "studies-ahsct.yaml", "therapy/cladribine, therapy/ocrelizumab]", "therapy/cladribin, therapy/ocrelizumab]"
        ),
        "unknown entity 'therapy/cladribin'",
        "studies[10].arms[1].options[1]",
        "      options: [therapy/alemtuzumab, therapy/cladribin, therapy/ocrelizumab]",
    ),
    Mistake(
        "an arm with a single option",
        "studies-ahsct.yaml",
        replace(
            "studies-ahsct.yaml",
            "options: [therapy/alemtuzumab, therapy/cladribine, therapy/ocrelizumab]",
            "options: [therapy/alemtuzumab]",
        ),
        "an arm with one option gives that therapy",
        "studies[10].arms[1]",
        "    - name: Alemtuzumab, cladribine or ocrelizumab",
    ),
    Mistake(
        "an unverified candidate about an unknown event",
        "studies-car-t.yaml",
        replace("studies-car-t.yaml", "about: [adverse-event/icans]\n", "about: [adverse-event/ican]\n"),
        "unknown entity 'adverse-event/ican'",
        "studies[0].unverified[2].about[0]",
        "        about: [adverse-event/ican]",
        "did you mean 'adverse-event/icans'?",
    ),
    Mistake(
        "unknown entity reference",
        "claims-car-t.yaml",
        replace("claims-car-t.yaml", "    object: target/cd19", "    object: target/cd91"),
        "unknown entity 'target/cd91'",
        "claims[1].object",
        "    object: target/cd91",
        "did you mean 'target/cd19'?",
    ),
    Mistake(
        "duplicate id",
        "therapies.yaml",
        replace("therapies.yaml", "  - id: therapy/bcma-car-t", "  - id: therapy/cd19-car-t"),
        "the entity id 'therapy/cd19-car-t' is already used",
        "entities[4].id",
        "  - id: therapy/cd19-car-t\n    type: CARTCellTherapy\n    label: BCMA",
    ),
    Mistake(
        "quote not at its offsets",
        "claims-car-t.yaml",
        replace("claims-car-t.yaml", "      start: 988", "      start: 987"),
        "the quote is not at 987-1117; it is at 988-1117",
        "claims[0].quote.start",
        "      start: 987",
    ),
    Mistake(
        "a wrong end is reported at the end",
        "claims-car-t.yaml",
        replace("claims-car-t.yaml", "      end: 1117", "      end: 1116"),
        "the quote is not at 988-1116; it is at 988-1117",
        "claims[0].quote.end",
        "      end: 1116",
    ),
    Mistake(
        "offsets out of range",
        "claims-outlook.yaml",
        replace("claims-outlook.yaml", "      end: 1898", "      end: 5000"),
        "run past the end of the source (1900 characters)",
        "claims[1].quote.end",
        "      end: 5000",
    ),
    Mistake(
        "invalid CURIE",
        "biology.yaml",
        replace("biology.yaml", "curie: CL:0000236", "curie: CL:236"),
        "'236' is not a valid CL identifier",
        "entities[3].mappings[0].curie",
        "curie: CL:236",
    ),
    Mistake(
        "unknown prefix",
        "biology.yaml",
        replace("biology.yaml", "curie: UBERON:0001017", "curie: UBERONX:0001017"),
        "unknown prefix 'UBERONX'",
        "entities[6].mappings[0].curie",
        "curie: UBERONX:0001017",
    ),
    Mistake(
        "malformed PMID",
        "sources/pubmed-41997827.yaml",
        replace("sources/pubmed-41997827.yaml", 'pmid: "41997827"', 'pmid: "PMID41997827"'),
        "'PMID41997827' is not well formed",
        "pmid",
        'pmid: "PMID41997827"',
    ),
    Mistake(
        "evidence level outside A-E",
        "claims-car-t.yaml",
        replace("claims-car-t.yaml", "    evidence_level: C", "    evidence_level: F"),
        "'F' is not one of the allowed values",
        "claims[5].evidence_level",
        "    evidence_level: F",
        "use one of: 'A', 'B', 'C', 'D' or 'E'",
    ),
    Mistake(
        "direction outside the allowed values",
        "claims-msc.yaml",
        replace("claims-msc.yaml", "    direction: mixed", "    direction: maybe"),
        "'maybe' is not one of the allowed values",
        "claims[5].direction",
        "    direction: maybe",
        "use one of: 'supports', 'refutes', 'mixed' or 'debated'",
    ),
    Mistake(
        "relation whose domain the subject violates",
        "claims-car-t.yaml",
        replace(
            "claims-car-t.yaml",
            "  - id: cd19-car-t-targets-cd19\n    subject: therapy/cd19-car-t",
            "  - id: cd19-car-t-targets-cd19\n    subject: disease-form/ms",
        ),
        "'targets' needs a therapy as its subject, but 'disease-form/ms' is a disease form",
        "claims[1].subject",
        "    subject: disease-form/ms",
    ),
    Mistake(
        "relation whose range the object violates",
        "claims-msc.yaml",
        replace("claims-msc.yaml", "    object: route/intrathecal", "    object: disease-form/ms"),
        "'administered via' needs an administration route as its object",
        "claims[4].object",
        "    object: disease-form/ms",
    ),
    Mistake(
        "cyclic subtype",
        "biology.yaml",
        replace(
            "biology.yaml",
            "    synonyms: [B-lineage cell, B-cell lineage]",
            "    synonyms: [B-lineage cell, B-cell lineage]\n    subtype_of: [cell-type/b-cell]",
        ),
        "subtype_of makes a cycle",
        "subtype_of",
        None,
    ),
    Mistake("empty file", "empty.yaml", write("empty.yaml", b""), "the file is empty", "", 1),
    Mistake(
        "non-UTF-8 file",
        "latin1.yaml",
        write("latin1.yaml", b"entities:\n  - id: therapy/x\n    label: caf\xe9\n"),
        "is not UTF-8",
        "",
        3,
    ),
    Mistake(
        "unknown entity type",
        "care.yaml",
        replace("care.yaml", "    type: IntrathecalRoute", "    type: AdminRoute"),
        "unknown entity type 'AdminRoute'",
        "entities[0].type",
        "    type: AdminRoute",
    ),
    Mistake(
        "id prefix that does not fit the type",
        "care.yaml",
        replace("care.yaml", "  - id: route/intrathecal\n", "  - id: compartment/intrathecal\n"),
        "an IntrathecalRoute id must start with 'route/'",
        "entities[0].id",
        "  - id: compartment/intrathecal",
    ),
    Mistake(
        "duplicate key",
        "care.yaml",
        replace(
            "care.yaml", "    label: manageable toxicity\n", "    label: manageable toxicity\n    label: toxicity\n"
        ),
        "the key 'label' appears twice",
        "entities[3].label",
        "    label: toxicity",
    ),
    Mistake(
        "unknown source",
        "claims-msc.yaml",
        replace("claims-msc.yaml", "    source: pubmed-41997827", "    source: pubmed-4199782"),
        "unknown source 'pubmed-4199782'",
        "claims[0].source",
        "    source: pubmed-4199782",
    ),
    Mistake(
        "claim without quote from a stored text",
        "claims-outlook.yaml",
        replace(
            "claims-outlook.yaml",
            '    quote:\n      text: "Overall, cell-based therapies hold promise for addressing unmet needs in MS"\n'
            "      start: 1680\n      end: 1755\n      role: conclusion\n",
            "",
        ),
        "the claim has no quote, but its source's text is stored",
        "claims[0].quote",
        "  - id: cell-therapy-addresses-unmet-needs",
    ),
    Mistake(
        "unknown relation",
        "claims-msc.yaml",
        replace("claims-msc.yaml", "    relation: administeredVia", "    relation: administeredBy"),
        "unknown relation 'administeredBy'",
        "claims[4].relation",
        "    relation: administeredBy",
    ),
    Mistake(
        "link to an unknown study",
        "claims-msc.yaml",
        replace("claims-msc.yaml", "      - study: study/zhou-2019-msc-meta\n", "      - study: study/zhou-2019\n"),
        "unknown study 'study/zhou-2019'",
        "claims[2].studies[0].study",
        "      - study: study/zhou-2019\n",
        "did you mean 'study/zhou-2019-msc-meta'?",
    ),
    Mistake(
        "an ongoing trial said to support a claim",
        "claims-ahsct.yaml",
        replace(
            "claims-ahsct.yaml",
            "      - study: study/beat-ms\n        role: context",
            "      - study: study/beat-ms\n        role: supports",
        ),
        "the study 'study/beat-ms' is ongoing and has no results, so it cannot support a claim",
        "claims[1].studies[1].role",
        "        role: supports\n      - study: study/ram-ms",
        "give it `role: context`",
    ),
    Mistake(
        "a study's finding that states its own evidence level",
        "claims-primary-studies.yaml",
        replace(
            "claims-primary-studies.yaml", "    source: study/mist\n", "    source: study/mist\n    evidence_level: B\n"
        ),
        "a study's own finding takes its evidence_level from the study",
        "claims[0].evidence_level",
        "    evidence_level: B",
    ),
    Mistake(
        "a stated level that its supporting studies contradict",
        "claims-ahsct.yaml",
        replace(
            "claims-ahsct.yaml",
            "    object: disease-form/aggressive-ms\n",
            "    object: disease-form/aggressive-ms\n    evidence_level: A\n",
        ),
        "the claim states evidence_level A, but its strongest supporting study gives B",
        "claims[0].evidence_level",
        "    evidence_level: A",
    ),
    Mistake(
        "level A for a review claim that no study supports",
        "claims-context.yaml",
        replace("claims-context.yaml", "    evidence_level: E\n", "    evidence_level: A\n", count=1),
        "level A means validated by clinical evidence, and the claim lists no study that supports it",
        "claims[0].evidence_level",
        "    evidence_level: A",
    ),
    Mistake(
        "a quote without its role in the source's argument",
        "claims-outlook.yaml",
        replace("claims-outlook.yaml", "      role: conclusion\n", "", count=1),
        "the required field 'role' is missing",
        "claims[0].quote.role",
        "    quote:",
    ),
    Mistake(
        "a hand-written rating, which is now computed",
        "studies-msc.yaml",
        replace(
            "studies-msc.yaml",
            "    design: randomized-controlled-trial\n",
            "    design: randomized-controlled-trial\n    rating: 5\n",
        ),
        "unknown field 'rating'",
        "studies[1].rating",
        "    rating: 5",
        "remove `rating:`; a study's rating is computed from its design, arms, masking and size",
    ),
    Mistake(
        "two studies with one id",
        "studies-msc.yaml",
        replace("studies-msc.yaml", "  - id: study/zhou-2019-msc-meta", "  - id: study/islam-2023-msc-meta"),
        "the study id 'study/islam-2023-msc-meta' is already used",
        "studies[6].id",
        "  - id: study/islam-2023-msc-meta\n    label: Autologous",
    ),
    Mistake(
        "a study with no identifier and no unverified one",
        "studies-msc.yaml",
        replace("studies-msc.yaml", "    pmcid: PMC6942905\n", ""),
        "a study needs at least one of pmid, pmcid, doi or registry",
        "studies[6]",
        "  - id: study/zhou-2019-msc-meta",
    ),
    Mistake(
        "a malformed trial registration",
        "studies-ahsct.yaml",
        replace("studies-ahsct.yaml", "    registry: [NCT00273364]", "    registry: [NCT0027336]"),
        "'NCT0027336' is not well formed",
        "studies[0].registry[0]",
        "    registry: [NCT0027336]",
        "write a registration as NCT or ISRCTN and 8 digits",
    ),
    Mistake(
        "a confidence interval that does not hold its value",
        "studies-ahsct.yaml",
        replace("studies-ahsct.yaml", "      value: 0.07\n", "      value: 0.07\n      ci: [0.2, 0.5]\n"),
        "the confidence interval [0.2, 0.5] does not contain the value 0.07",
        "studies[0].results[0]",
        "    - measure: measure/confirmed-disability-progression",
    ),
    Mistake(
        "a result read on a forum rather than the study's own record",
        "studies-ahsct.yaml",
        replace(
            "studies-ahsct.yaml",
            "      record: https://pmc.ncbi.nlm.nih.gov/articles/PMC6439765\n",
            "      record: https://www.msworld.org/threads/mist\n",
        ),
        "is not an official record; a value read elsewhere goes under `unverified:`",
        "studies[0].results[0]",
        "    - measure: measure/confirmed-disability-progression",
    ),
    Mistake(
        "a result for an arm the study does not have",
        "studies-ahsct.yaml",
        replace("studies-ahsct.yaml", "      versus: DMT\n", "      versus: placebo\n"),
        "the study has no arm named 'placebo'",
        "studies[0].results[0].versus",
        "      versus: placebo",
    ),
    Mistake(
        "a value both filled in and marked unverified",
        "studies-ahsct.yaml",
        replace(
            "studies-ahsct.yaml",
            "    doi: 10.1136/jnnp-2013-307207\n",
            '    doi: 10.1136/jnnp-2013-307207\n    pmid: "24554104"\n',
        ),
        "field pmid is filled in and also listed as unverified",
        "studies[3]",
        "  - id: study/burman-2014",
    ),
    Mistake(
        "a claim that is the review's own statement yet lists studies",
        "claims-msc.yaml",
        replace(
            "claims-msc.yaml",
            "    relation: hasSafetyProfile\n",
            "    relation: hasSafetyProfile\n    own_statement: true\n",
        ),
        "the claim is marked as the source's own statement but also lists studies",
        "claims[2].own_statement",
        "    own_statement: true\n    object: safety-profile/favorable",
    ),
    Mistake(
        "an unverified value of a field studies do not have",
        "studies-ahsct.yaml",
        replace(
            "studies-ahsct.yaml",
            '      - field: pmid\n        candidate: "24554104"',
            '      - field: weight\n        candidate: "24554104"',
        ),
        "'weight' is not one of the allowed values",
        "studies[3].unverified[1].field",
        "      - field: weight",
    ),
]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def previous_build(built: BuildResult, tmp_path: Path) -> Path:
    """A folder holding a good build, as a curator's machine would before the mistake."""
    out = tmp_path / "build"
    shutil.copytree(built.out, out)
    return out


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.kind for m in MISTAKES])
def test_a_curation_mistake_is_reported_where_it_is_and_nothing_is_lost(
    mistake: Mistake, curation_copy: tuple[Path, Path], previous_build: Path
) -> None:
    curation_dir, sources_dir = curation_copy
    mistake.mutate(curation_dir)
    before = snapshot(previous_build)

    run = invoke("build", "--out", str(previous_build), "--curation", str(curation_dir), "--sources", str(sources_dir))

    assert run.exit_code == 2, run.stdout + run.stderr
    assert run.exception is None
    assert "Traceback" not in run.stderr + run.stdout
    assert mistake.message in run.stderr
    path = _resolve(curation_dir, mistake.file)
    line = _expected_line(path, mistake.line_of)
    location = f"{path}:{line}:" if line is not None else f"{path}:"
    assert location in run.stderr, f"expected {location} in:\n{run.stderr}"
    if mistake.field:
        assert f"{location} {mistake.field}:" in run.stderr if line is not None else mistake.field in run.stderr
    assert "fix: " in run.stderr
    if mistake.hint:
        assert mistake.hint in run.stderr
    assert snapshot(previous_build) == before
    assert not [p for p in previous_build.parent.iterdir() if p.name.startswith(".build.")], "staging left behind"


def _expected_line(path: Path, line_of: str | int | None) -> int | None:
    if line_of is None or isinstance(line_of, int):
        return line_of
    text = path.read_bytes().decode("utf-8")
    index = text.index(line_of)
    return text[:index].count("\n") + 1


def test_a_broken_study_is_reported_once_not_again_by_every_claim_that_cites_it(
    curation_copy: tuple[Path, Path], tmp_path: Path
) -> None:
    curation_dir, sources_dir = curation_copy
    studies = curation_dir / "studies-ahsct.yaml"
    studies.write_text(
        studies.read_text(encoding="utf-8").replace(
            "    design: randomized-controlled-trial\n    size: 110", "    size: 110"
        ),
        encoding="utf-8",
    )
    run = invoke(
        "build", "--out", str(tmp_path / "out"), "--curation", str(curation_dir), "--sources", str(sources_dir)
    )
    assert run.exit_code == 2
    assert "mskg: 1 problem in the curated input" in run.stderr
    assert "studies[0].design: the required field 'design' is missing" in run.stderr
    assert "fix: add `design:` to this study" in run.stderr
    assert "unknown study" not in run.stderr


def test_a_quote_may_span_two_sentences(curation_copy: tuple[Path, Path], tmp_path: Path) -> None:
    curation_dir, sources_dir = curation_copy
    (curation_dir / "spanning.yaml").write_text(
        "claims:\n"
        "  - id: progressive-ms-lacks-options-across-sentences\n"
        "    subject: disease-form/progressive-ms\n"
        "    relation: hasUnmetNeed\n"
        "    object: unmet-need/treatment-of-progressive-ms\n"
        "    direction: supports\n"
        "    certainty: established\n"
        "    evidence_level: E\n"
        "    study_design: expert-opinion\n"
        "    source: pubmed-41997827\n"
        "    quote:\n"
        '      text: "aggressive forms of the disease. While early use of high-efficacy therapies"\n'
        "      start: 205\n"
        "      end: 280\n"
        "      role: background\n",
        encoding="utf-8",
    )
    run = invoke(
        "build",
        "--quiet",
        "--out",
        str(tmp_path / "out"),
        "--curation",
        str(curation_dir),
        "--sources",
        str(sources_dir),
    )
    assert run.exit_code == 0, run.stderr


def test_all_problems_are_reported_at_once(curation_copy: tuple[Path, Path], tmp_path: Path) -> None:
    curation_dir, sources_dir = curation_copy
    replace("claims-msc.yaml", "    direction: mixed", "    direction: maybe")(curation_dir)
    replace("claims-car-t.yaml", "    object: target/cd19", "    object: target/cd91")(curation_dir)
    run = invoke(
        "build", "--out", str(tmp_path / "out"), "--curation", str(curation_dir), "--sources", str(sources_dir)
    )
    assert run.exit_code == 2
    assert "2 problems in the curated input; nothing was written." in run.stderr
    assert not (tmp_path / "out").exists()
