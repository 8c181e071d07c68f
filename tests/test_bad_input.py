"""Every kind of curation mistake stops the build with a located, fixable message, and loses nothing.

Each case copies the small curation (tests/resources/curation-small), makes one mistake a curator could make,
and runs ``mskg build`` over a folder that already holds a good build. The build must exit 2, name the file, the
line and the field, say how to fix it, print no traceback, and leave the previous build byte for byte as it was.
The places named (``claims[1].quote.start``) are those of the small curation, so that reordering or extending the
real one never breaks these tests of the reader.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from mskg.pipeline.build import BuildResult

from .helpers import SMALL_REVIEW, SMALL_TEXT, invoke, offsets

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
        "claims-review.yaml",
        replace("claims-review.yaml", "    certainty: inconsistent", "    certainity: inconsistent"),
        "unknown field 'certainity'",
        "claims[6].certainity",
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
        "entities[2].definition",
        "  - id: cell-type/b-cell",
    ),
    Mistake(
        "an arm option that is not an entity",
        "studies.yaml",
        replace("studies.yaml", "therapy/alemtuzumab, therapy/cladribine]", "therapy/alemtuzumab, therapy/cladribin]"),
        "unknown entity 'therapy/cladribin'",
        "studies[2].arms[1].options[1]",
        "      options: [therapy/alemtuzumab, therapy/cladribin]",
    ),
    Mistake(
        "an arm with a single option",
        "studies.yaml",
        replace(
            "studies.yaml",
            "options: [therapy/alemtuzumab, therapy/cladribine]",
            "options: [therapy/alemtuzumab]",
        ),
        "an arm with one option gives that therapy",
        "studies[2].arms[1]",
        "    - name: Alemtuzumab or cladribine",
    ),
    Mistake(
        "an unverified candidate about an unknown event",
        "studies.yaml",
        replace("studies.yaml", "about: [adverse-event/icans]\n", "about: [adverse-event/ican]\n"),
        "unknown entity 'adverse-event/ican'",
        "studies[3].unverified[0].about[0]",
        "        about: [adverse-event/ican]",
        "did you mean 'adverse-event/icans'?",
    ),
    Mistake(
        "unknown entity reference",
        "claims-review.yaml",
        replace("claims-review.yaml", "    object: target/cd19", "    object: target/cd91"),
        "unknown entity 'target/cd91'",
        "claims[1].object",
        "    object: target/cd91",
        "did you mean 'target/cd19'?",
    ),
    Mistake(
        "duplicate id",
        "therapies.yaml",
        replace("therapies.yaml", "  - id: therapy/cladribine", "  - id: therapy/alemtuzumab"),
        "the entity id 'therapy/alemtuzumab' is already used",
        "entities[5].id",
        "  - id: therapy/alemtuzumab\n    type: DiseaseModifyingTherapy\n    label: cladribine",
    ),
    Mistake(
        "quote not at its offsets",
        "claims-review.yaml",
        replace("claims-review.yaml", "      start: 710", "      start: 709"),
        "the quote is not at 709-745; it is at 710-745",
        "claims[1].quote.start",
        "      start: 709",
    ),
    Mistake(
        "a wrong end is reported at the end",
        "claims-review.yaml",
        replace("claims-review.yaml", "      end: 745", "      end: 744"),
        "the quote is not at 710-744; it is at 710-745",
        "claims[1].quote.end",
        "      end: 744",
    ),
    Mistake(
        "offsets out of range",
        "claims-review.yaml",
        replace("claims-review.yaml", "      end: 1240", "      end: 5000"),
        "run past the end of the source (1242 characters)",
        "claims[6].quote.end",
        "      end: 5000",
    ),
    Mistake(
        "invalid CURIE",
        "biology.yaml",
        replace("biology.yaml", "curie: CL:0000236", "curie: CL:236"),
        "'236' is not a valid CL identifier",
        "entities[2].mappings[0].curie",
        "curie: CL:236",
    ),
    Mistake(
        "unknown prefix",
        "biology.yaml",
        replace("biology.yaml", "curie: UBERON:0001017", "curie: UBERONX:0001017"),
        "unknown prefix 'UBERONX'",
        "entities[4].mappings[0].curie",
        "curie: UBERONX:0001017",
    ),
    Mistake(
        "malformed PMID",
        "sources/review-excerpt.yaml",
        replace("sources/review-excerpt.yaml", 'pmid: "41997827"', 'pmid: "PMID41997827"'),
        "'PMID41997827' is not well formed",
        "pmid",
        'pmid: "PMID41997827"',
    ),
    Mistake(
        "evidence level outside A-E",
        "claims-review.yaml",
        replace("claims-review.yaml", "    evidence_level: E", "    evidence_level: F"),
        "'F' is not one of the allowed values",
        "claims[4].evidence_level",
        "    evidence_level: F",
        "use one of: 'A', 'B', 'C', 'D' or 'E'",
    ),
    Mistake(
        "direction outside the allowed values",
        "claims-review.yaml",
        replace("claims-review.yaml", "    direction: mixed", "    direction: maybe"),
        "'maybe' is not one of the allowed values",
        "claims[6].direction",
        "    direction: maybe",
        "use one of: 'supports', 'refutes', 'mixed' or 'debated'",
    ),
    Mistake(
        "relation whose domain the subject violates",
        "claims-review.yaml",
        replace(
            "claims-review.yaml",
            "  - id: cd19-car-t-targets-cd19\n    subject: therapy/cd19-car-t",
            "  - id: cd19-car-t-targets-cd19\n    subject: disease-form/ms",
        ),
        "'targets' needs a therapy as its subject, but 'disease-form/ms' is a disease form",
        "claims[1].subject",
        "    subject: disease-form/ms",
    ),
    Mistake(
        "relation whose range the object violates",
        "claims-review.yaml",
        replace("claims-review.yaml", "    object: route/intrathecal", "    object: disease-form/ms"),
        "'administered via' needs an administration route as its object",
        "claims[5].object",
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
        "entities[1].label",
        "    label: toxicity",
    ),
    Mistake(
        "unknown source",
        "claims-review.yaml",
        replace("claims-review.yaml", f"    source: {SMALL_REVIEW}", "    source: review-excerp"),
        "unknown source 'review-excerp'",
        "claims[0].source",
        "    source: review-excerp",
    ),
    Mistake(
        "claim without quote from a stored text",
        "claims-review.yaml",
        replace(
            "claims-review.yaml",
            "    quote:\n"
            "      text: Mesenchymal stromal cells (MSCs) offer immunomodulatory and neurotrophic properties\n"
            "      start: 918\n      end: 1001\n      role: background\n",
            "",
        ),
        "the claim has no quote, but its source's text is stored",
        "claims[4].quote",
        "  - id: msc-immunomodulatory",
    ),
    Mistake(
        "unknown relation",
        "claims-review.yaml",
        replace("claims-review.yaml", "    relation: administeredVia", "    relation: administeredBy"),
        "unknown relation 'administeredBy'",
        "claims[5].relation",
        "    relation: administeredBy",
    ),
    Mistake(
        "link to an unknown study",
        "claims-review.yaml",
        replace("claims-review.yaml", "      - study: study/burman-2014\n", "      - study: study/burman-2041\n"),
        "unknown study 'study/burman-2041'",
        "claims[0].studies[2].study",
        "      - study: study/burman-2041\n",
        "did you mean 'study/burman-2014'?",
    ),
    Mistake(
        "an ongoing trial said to support a claim",
        "claims-review.yaml",
        replace(
            "claims-review.yaml",
            "      - study: study/ram-ms\n        role: context",
            "      - study: study/ram-ms\n        role: supports",
        ),
        "the study 'study/ram-ms' is ongoing and has no results, so it cannot support a claim",
        "claims[0].studies[0].role",
        "        role: supports\n      - study: study/mist",
        "give it `role: context`",
    ),
    Mistake(
        "a study's finding that states its own evidence level",
        "claims-studies.yaml",
        replace("claims-studies.yaml", "    source: study/mist\n", "    source: study/mist\n    evidence_level: B\n"),
        "a study's own finding takes its evidence_level from the study",
        "claims[0].evidence_level",
        "    evidence_level: B",
    ),
    Mistake(
        "a stated level that its supporting studies contradict",
        "claims-review.yaml",
        replace(
            "claims-review.yaml",
            "    object: disease-form/aggressive-ms\n",
            "    object: disease-form/aggressive-ms\n    evidence_level: A\n",
        ),
        "the claim states evidence_level A, but its strongest supporting study gives B",
        "claims[0].evidence_level",
        "    evidence_level: A",
    ),
    Mistake(
        "level A for a review claim that no study supports",
        "claims-review.yaml",
        replace("claims-review.yaml", "    evidence_level: E\n", "    evidence_level: A\n", count=1),
        "level A means validated by clinical evidence, and the claim lists no study that supports it",
        "claims[4].evidence_level",
        "    evidence_level: A",
    ),
    Mistake(
        "a quote without its role in the source's argument",
        "claims-review.yaml",
        replace("claims-review.yaml", "      role: results\n", "", count=1),
        "the required field 'role' is missing",
        "claims[0].quote.role",
        "    quote:",
    ),
    Mistake(
        "a hand-written rating, which is now computed",
        "studies.yaml",
        replace(
            "studies.yaml",
            "    design: randomized-controlled-trial\n",
            "    design: randomized-controlled-trial\n    rating: 5\n",
        ),
        "unknown field 'rating'",
        "studies[0].rating",
        "    rating: 5",
        "remove `rating:`; a study's rating is computed from its design, arms, masking and size",
    ),
    Mistake(
        "two studies with one id",
        "studies.yaml",
        replace("studies.yaml", "  - id: study/burman-2014", "  - id: study/mist"),
        "the study id 'study/mist' is already used",
        "studies[1].id",
        "  - id: study/mist\n    label: Swedish",
    ),
    Mistake(
        "a study with no identifier and no unverified one",
        "studies.yaml",
        replace("studies.yaml", "    registry: [NCT03477500, 2017-001362-25]\n", ""),
        "a study needs at least one of pmid, pmcid, doi or registry",
        "studies[2]",
        "  - id: study/ram-ms",
    ),
    Mistake(
        "a malformed trial registration",
        "studies.yaml",
        replace("studies.yaml", "    registry: [NCT00273364]", "    registry: [NCT0027336]"),
        "'NCT0027336' is not well formed",
        "studies[0].registry[0]",
        "    registry: [NCT0027336]",
        "write a registration as NCT or ISRCTN and 8 digits",
    ),
    Mistake(
        "a confidence interval that does not hold its value",
        "studies.yaml",
        replace("studies.yaml", "      value: 0.07\n", "      value: 0.07\n      ci: [0.2, 0.5]\n"),
        "the confidence interval [0.2, 0.5] does not contain the value 0.07",
        "studies[0].results[0]",
        "    - measure: measure/confirmed-disability-progression",
    ),
    Mistake(
        "a result read on a forum rather than the study's own record",
        "studies.yaml",
        replace(
            "studies.yaml",
            "      record: https://pmc.ncbi.nlm.nih.gov/articles/PMC6439765\n",
            "      record: https://www.msworld.org/threads/mist\n",
        ),
        "is not an official record; a value read elsewhere goes under `unverified:`",
        "studies[0].results[0]",
        "    - measure: measure/confirmed-disability-progression",
    ),
    Mistake(
        "a result for an arm the study does not have",
        "studies.yaml",
        replace("studies.yaml", "      versus: DMT\n", "      versus: placebo\n"),
        "the study has no arm named 'placebo'",
        "studies[0].results[0].versus",
        "      versus: placebo",
    ),
    Mistake(
        "a value both filled in and marked unverified",
        "studies.yaml",
        replace(
            "studies.yaml",
            "    doi: 10.1136/jnnp-2013-307207\n",
            '    doi: 10.1136/jnnp-2013-307207\n    pmid: "24554104"\n',
        ),
        "field pmid is filled in and also listed as unverified",
        "studies[1]",
        "  - id: study/burman-2014",
    ),
    Mistake(
        "a claim that is the review's own statement yet lists studies",
        "claims-review.yaml",
        replace(
            "claims-review.yaml",
            "    relation: effectiveIn\n",
            "    relation: effectiveIn\n    own_statement: true\n",
        ),
        "the claim is marked as the source's own statement but also lists studies",
        "claims[0].own_statement",
        "    own_statement: true\n    object: disease-form/aggressive-ms",
    ),
    Mistake(
        "an unverified value of a field studies do not have",
        "studies.yaml",
        replace(
            "studies.yaml",
            '      - field: pmid\n        candidate: "24554104"',
            '      - field: weight\n        candidate: "24554104"',
        ),
        "'weight' is not one of the allowed values",
        "studies[1].unverified[1].field",
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
def previous_build(small_built: BuildResult, tmp_path: Path) -> Path:
    """A folder holding a good build, as a curator's machine would before the mistake."""
    out = tmp_path / "build"
    shutil.copytree(small_built.out, out)
    return out


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.kind for m in MISTAKES])
def test_a_curation_mistake_is_reported_where_it_is_and_nothing_is_lost(
    mistake: Mistake, small_curation: tuple[Path, Path], previous_build: Path
) -> None:
    curation_dir, sources_dir = small_curation
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
    small_curation: tuple[Path, Path], tmp_path: Path
) -> None:
    curation_dir, sources_dir = small_curation
    studies = curation_dir / "studies.yaml"
    text = studies.read_text(encoding="utf-8")
    broken = text.replace("    design: randomized-controlled-trial\n    size: 110", "    size: 110")
    assert broken != text
    studies.write_text(broken, encoding="utf-8")
    assert "study/mist" in (curation_dir / "claims-review.yaml").read_text(encoding="utf-8"), "a claim cites it"
    assert "source: study/mist" in (curation_dir / "claims-studies.yaml").read_text(encoding="utf-8")
    run = invoke(
        "build", "--out", str(tmp_path / "out"), "--curation", str(curation_dir), "--sources", str(sources_dir)
    )
    assert run.exit_code == 2
    assert "mskg: 1 problem in the curated input" in run.stderr
    assert "studies[0].design: the required field 'design' is missing" in run.stderr
    assert "fix: add `design:` to this study" in run.stderr
    assert "unknown study" not in run.stderr


def test_a_quote_may_span_two_sentences(small_curation: tuple[Path, Path], tmp_path: Path) -> None:
    curation_dir, sources_dir = small_curation
    quote = "aggressive, inflammatory MS. Randomized trials"
    start, end = offsets(quote, SMALL_TEXT.read_text(encoding="utf-8"))
    (curation_dir / "spanning.yaml").write_text(
        "claims:\n"
        "  - id: ahsct-effective-in-aggressive-ms-across-sentences\n"
        "    subject: therapy/ahsct\n"
        "    relation: effectiveIn\n"
        "    object: disease-form/aggressive-ms\n"
        "    direction: supports\n"
        "    certainty: established\n"
        "    evidence_level: E\n"
        "    study_design: expert-opinion\n"
        "    own_statement: true\n"
        f"    source: {SMALL_REVIEW}\n"
        "    quote:\n"
        f'      text: "{quote}"\n'
        f"      start: {start}\n"
        f"      end: {end}\n"
        "      role: results\n",
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


def test_all_problems_are_reported_at_once(small_curation: tuple[Path, Path], tmp_path: Path) -> None:
    curation_dir, sources_dir = small_curation
    replace("claims-review.yaml", "    direction: mixed", "    direction: maybe")(curation_dir)
    replace("claims-review.yaml", "    object: target/cd19", "    object: target/cd91")(curation_dir)
    run = invoke(
        "build", "--out", str(tmp_path / "out"), "--curation", str(curation_dir), "--sources", str(sources_dir)
    )
    assert run.exit_code == 2
    assert "2 problems in the curated input; nothing was written." in run.stderr
    assert not (tmp_path / "out").exists()
