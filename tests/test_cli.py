"""The `mskg` command: listing and running saved queries, locating quotes, and clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mskg.base import paths
from mskg.curation import Curation
from mskg.pipeline.build import BuildResult

from .helpers import invoke, offsets


def test_help_lists_the_commands() -> None:
    run = invoke("--help")
    assert run.exit_code == 0
    for command in ("build", "queries", "query", "locate"):
        assert command in run.stdout


def test_queries_lists_each_saved_query_with_its_parameters() -> None:
    run = invoke("queries")
    assert run.exit_code == 0
    assert "therapies-targeting-compartmentalized-b-cells" in run.stdout
    assert "--param therapy=… (mskg:Therapy)" in run.stdout


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "md"])
def test_a_saved_query_runs_in_every_format(built: BuildResult, fmt: str) -> None:
    run = invoke("query", "therapies-targeting-compartmentalized-b-cells", "--format", fmt, "--store", str(built.out))
    assert run.exit_code == 0, run.stderr
    assert "CD19" in run.stdout
    assert "BCMA" in run.stdout


def test_json_output_is_machine_readable(built: BuildResult) -> None:
    run = invoke(
        "query",
        "evidence-for-therapy",
        "-p",
        "therapy=mesenchymal stromal cell therapy",
        "-f",
        "json",
        "--store",
        str(built.out),
    )
    assert run.exit_code == 0, run.stderr
    statements = {b["statement"]["value"] for b in json.loads(run.stdout)["results"]["bindings"]}
    assert "mesenchymal stromal cell therapy acts through immunomodulation" in statements


def test_an_unknown_query_suggests_the_nearest(built: BuildResult) -> None:
    run = invoke("query", "evidence-for-therapies", "--store", str(built.out))
    assert run.exit_code == 2
    assert "no saved query 'evidence-for-therapies'; did you mean evidence-for-therapy?" in run.stderr


def test_an_unknown_parameter_value_lists_near_matches(built: BuildResult) -> None:
    run = invoke("query", "evidence-for-therapy", "--param", "therapy=CAR-TT", "--store", str(built.out))
    assert run.exit_code == 2
    assert "no mskg:Therapy is called 'CAR-TT'" in run.stderr
    assert "near matches" in run.stderr


def test_a_malformed_param_flag_is_refused(built: BuildResult) -> None:
    run = invoke("query", "evidence-for-therapy", "--param", "therapy", "--store", str(built.out))
    assert run.exit_code == 2
    assert "--param takes NAME=VALUE" in run.stderr


def test_querying_before_building_says_to_build(tmp_path: Path) -> None:
    run = invoke("query", "therapies-with-cns-penetration", "--store", str(tmp_path))
    assert run.exit_code == 2
    assert "run `mskg build` first" in run.stderr


def test_locate_prints_the_offsets_of_a_quote() -> None:
    text = (paths.SOURCES_DIR / "pubmed-41997827.abstract.txt").read_text(encoding="utf-8")
    start, end = offsets("demonstrate CNS penetration", text)
    run = invoke("locate", "demonstrate CNS penetration")
    assert run.exit_code == 0
    assert run.stdout == f"start: {start}\nend: {end}\n"


def test_locate_says_when_a_quote_is_not_verbatim() -> None:
    run = invoke("locate", "demonstrates CNS penetration")
    assert run.exit_code == 2  # a mistake in the input, as every other
    assert "the quote is not in the source" in run.stderr


def test_a_user_mistake_in_a_real_process_prints_no_traceback(built: BuildResult) -> None:
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "mskg",
            "query",
            "evidence-for-therapy",
            "-p",
            "therapy=nothing",
            "--store",
            str(built.out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert process.returncode == 2
    assert process.stderr.startswith("mskg: no mskg:Therapy is called 'nothing'")
    assert "Traceback" not in process.stderr


def test_check_passes_on_the_shipped_curation_and_counts_what_is_left_to_verify(curation: Curation) -> None:
    run = invoke("check")
    assert run.exit_code == 0, run.stdout
    assert "0 error(s)" in run.stdout
    pending = sum(len(study.unverified) for study in curation.studies.values())
    assert "INFO unverified-study-value: A study's identifier or number could not be checked" in run.stdout
    assert f"({pending})" in run.stdout
    assert run.stdout.rstrip().endswith(f"{pending} noted")


def test_check_counts_one_fewer_unverified_value_once_a_pmid_is_checked(small_curation: tuple[Path, Path]) -> None:
    curation_dir, sources_dir = small_curation
    studies = curation_dir / "studies.yaml"
    text = studies.read_text(encoding="utf-8")
    command = ("check", "--no-reason", "--curation", str(curation_dir), "--sources", str(sources_dir), "-f", "json")
    before = invoke(*command)
    checked = text.replace(
        "    doi: 10.1136/jnnp-2013-307207\n", '    doi: 10.1136/jnnp-2013-307207\n    pmid: "24554104"\n'
    ).replace(
        '      - field: pmid\n        candidate: "24554104"\n'
        "        reason: Seen only through a translation proxy of PubMed, whose abstract matches the paper word for"
        " word.\n",
        "",
    )
    assert checked != text
    studies.write_text(checked.replace("    unverified:\n\n", "\n"), encoding="utf-8")
    after = invoke(*command)
    assert (before.exit_code, after.exit_code) == (0, 0), after.stdout
    assert json.loads(after.stdout)["infos"] == json.loads(before.stdout)["infos"] - 1
    was, now = (json.loads(run.stdout)["study_values"] for run in (before, after))
    assert (now["verified"], now["unverified"]) == (was["verified"] + 1, was["unverified"] - 1)
    assert now["fields"]["pmid"]["verified"] == was["fields"]["pmid"]["verified"] + 1
    assert now["share"] > was["share"]


def test_check_reports_a_mapping_whose_label_differs_as_json(small_curation: tuple[Path, Path]) -> None:
    curation_dir, sources_dir = small_curation
    biology = curation_dir / "biology.yaml"
    text = biology.read_text(encoding="utf-8")
    assert "        label: plasmablast\n" in text, "the mapping's label, which the mistake changes"
    biology.write_text(text.replace("label: plasmablast\n", "label: plasma blast\n"), encoding="utf-8")
    run = invoke("check", "--curation", str(curation_dir), "--sources", str(sources_dir), "--format", "json")
    assert run.exit_code == 1
    report = json.loads(run.stdout)
    by_rule = {rule["rule"]: rule for rule in report["rules"]}
    assert by_rule["mapping-matches-import"]["count"] == 1
    assert (
        "label 'plasma blast', but the ontology says 'plasmablast'" in by_rule["mapping-matches-import"]["examples"][0]
    )
    assert by_rule["owl-consistency"]["count"] == 0
    assert report["errors"] == 1


def test_check_lists_every_located_input_problem(small_curation: tuple[Path, Path]) -> None:
    curation_dir, sources_dir = small_curation
    claims = curation_dir / "claims-review.yaml"
    text = claims.read_text(encoding="utf-8")
    assert text.count("direction: mixed") == 1
    claims.write_text(text.replace("direction: mixed", "direction: maybe"), encoding="utf-8")
    line = 1 + claims.read_text(encoding="utf-8").splitlines().index("    direction: maybe")
    run = invoke("check", "--curation", str(curation_dir), "--sources", str(sources_dir))
    assert run.exit_code == 1
    assert "ERROR curated-input: the curated input has located problems (1)" in run.stdout
    assert f"claims-review.yaml:{line}: claims[6].direction: 'maybe' is not one of the allowed values" in run.stdout


def test_a_wrong_relation_and_a_wrong_offset_are_listed_together(small_curation: tuple[Path, Path]) -> None:
    curation_dir, sources_dir = small_curation
    claims = curation_dir / "claims-review.yaml"
    text = claims.read_text(encoding="utf-8")
    assert "      start: 681\n" in text  # the quote of cd19-car-t-reaches-cns
    assert "    relation: targets\n" in text  # the relation of another claim, cd19-car-t-targets-cd19
    text = text.replace("      start: 681\n", "      start: 680\n", 1)
    claims.write_text(text.replace("    relation: targets\n", "    relation: targetz\n", 1), encoding="utf-8")
    run = invoke("check", "--no-reason", "--curation", str(curation_dir), "--sources", str(sources_dir))
    assert run.exit_code == 1
    assert "the curated input has located problems (2)" in run.stdout
    assert "quote.start: claim 'cd19-car-t-reaches-cns': the quote is not at" in run.stdout
    assert "relation: unknown relation 'targetz'" in run.stdout


@pytest.mark.parametrize("command", [("queries",), ("query", "evidence-for-therapy", "-p", "therapy=AHSCT")])
def test_output_fits_an_80_column_terminal(
    command: tuple[str, ...], built: BuildResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    run = invoke(*command, *(("--store", str(built.out)) if command[0] == "query" else ()))
    assert run.exit_code == 0, run.stderr
    assert max(len(line) for line in run.stdout.splitlines()) <= 80
    assert "autologous hematopoietic stem cell" in run.stdout or "evidence-for-therapy" in run.stdout
