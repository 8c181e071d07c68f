"""`mskg build`: one command from curation to a checked, stored, exported graph — idempotent and all-or-nothing."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
from rdflib import RDF, Dataset, Graph
from rich.console import Console

from mskg.base.namespaces import GRAPH, MSKG
from mskg.engine.versions import is_version
from mskg.pipeline.build import STORE_DIR, BuildResult
from mskg.pipeline.summary import print_summary

from .helpers import check_rule, invoke, rule_names
from .terms import CD19_CAR_T


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_build_writes_a_store_a_turtle_file_and_json_ld(built: BuildResult) -> None:
    assert (built.out / STORE_DIR).is_dir()
    assert (built.out / "mskg.ttl").is_file()
    assert (built.out / "mskg.jsonld").is_file()


def test_rdflib_and_pyoxigraph_both_read_the_turtle_file(built: BuildResult) -> None:
    with_rdflib = Graph().parse(built.out / "mskg.ttl", format="turtle")
    with_oxigraph = pyoxigraph.Store()
    with_oxigraph.load(path=str(built.out / "mskg.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(with_rdflib) == len(with_oxigraph) == built.triples


def test_the_json_ld_holds_the_same_graph(built: BuildResult) -> None:
    turtle = Graph().parse(built.out / "mskg.ttl", format="turtle")
    jsonld = Graph().parse(built.out / "mskg.jsonld", format="json-ld")
    assert len(jsonld) == len(turtle)


NAMED_GRAPHS = {
    "https://w3id.org/mskg/graph/ontology",
    "https://w3id.org/mskg/graph/imports",
    "https://w3id.org/mskg/graph/data",
    "https://w3id.org/mskg/graph/inferred",
}


def test_the_store_holds_ontology_imports_data_and_inferences_as_named_graphs(built: BuildResult) -> None:
    store = pyoxigraph.Store.read_only(str(built.out / STORE_DIR))
    assert {graph.value for graph in store.named_graphs()} == NAMED_GRAPHS


def test_the_trig_file_keeps_asserted_and_inferred_triples_apart(built: BuildResult) -> None:
    dataset = Dataset()
    dataset.parse(built.out / "mskg.trig", format="trig")
    names = {str(graph.identifier) for graph in dataset.graphs() if len(graph)}
    assert names == NAMED_GRAPHS
    membership = (CD19_CAR_T, RDF.type, MSKG.TherapyTargetingCompartmentalizedBCells)
    assert membership in dataset.graph(GRAPH.INFERRED)
    assert membership not in dataset.graph(GRAPH.DATA)


def test_building_again_in_another_process_gives_byte_identical_files_and_prints_a_screenful(
    built: BuildResult, tmp_path: Path
) -> None:
    """A second build, in a process with its own hash seed, over a copy of the first, writes the same bytes.

    Hash order differs between processes, so this is the build a user runs tomorrow; it also replaces an existing
    build, which must leave no staging folder behind. What it prints on an 80-column terminal is a screenful that
    fits: under 60 lines, the quotes verified, no error, the project read and each saved question with its rows.
    """
    out = tmp_path / "out"
    shutil.copytree(built.out, out)
    env = {**os.environ, "PYTHONHASHSEED": "12345", "COLUMNS": "80"}
    run = subprocess.run(
        [sys.executable, "-m", "mskg", "build", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    for name in ("mskg.ttl", "mskg.trig", "mskg.jsonld", "graph.html"):
        assert digest(out / name) == digest(built.out / name), f"{name} differs between builds"
    beside = [p for p in tmp_path.iterdir() if p != out]
    assert all(is_version(p, out) for p in beside), "no staging folder is left behind"
    assert len(beside) == 2, "the new build and the one it replaced (the copied folder, moved aside whole)"
    lines = run.stdout.splitlines()
    assert len(lines) < 60
    assert max(len(line) for line in lines) <= 80
    text = " ".join(run.stdout.split())
    assert "10 of 10 sentences of pubmed-41997827 are quoted" in text
    assert "0 error(s)" in text
    assert "Read the project at" in text
    assert "therapies-targeting-compartmentalized-b-cells (4)" in text  # each saved question, with its rows


def test_the_summary_counts_claims_per_level_and_passes_every_check(built: BuildResult) -> None:
    per_level = {str(row["label"]): int(row["claims"]) for row in built.claims_per_level.rows}
    assert list(per_level) == ["A", "B", "C", "D", "E"]
    assert sum(per_level.values()) == len(built.curation.claims)
    # Every error-level check ran, by name, and found nothing (a check that did not run would be None here).
    errors = ["owl-consistency", "shacl", "mapping-matches-import"]
    errors += [name for name in rule_names() if check_rule(name).severity == "error"]
    ran = {result.rule: result.count for result in built.report.results}
    assert {name: ran.get(name) for name in errors} == dict.fromkeys(errors, 0)
    assert built.sentence_coverage == {"pubmed-41997827": (10, 10)}


def test_the_answers_are_printed_on_request(built: BuildResult) -> None:
    console = Console(width=80, record=True, file=io.StringIO())
    print_summary(built, console, answers=True)
    text = console.export_text()
    assert "evidence-for-therapy (therapy=AHSCT)" in text
    assert "CD19-directed" in text
    assert "BCMA-directed" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_a_graph_that_fails_its_checks_is_not_written(
    small_curation: tuple[Path, Path], small_built: BuildResult, tmp_path: Path
) -> None:
    curation_dir, sources_dir = small_curation
    biology = curation_dir / "biology.yaml"
    text = biology.read_text(encoding="utf-8")
    assert "label: CD19_HUMAN" in text
    biology.write_text(text.replace("label: CD19_HUMAN", "label: CD19 HUMAN"), encoding="utf-8")
    out = tmp_path / "previous"
    shutil.copytree(small_built.out, out)
    before = digest(out / "mskg.ttl")
    run = invoke("build", "--out", str(out), "--curation", str(curation_dir), "--sources", str(sources_dir))
    assert run.exit_code == 1
    assert "the graph fails its checks; nothing was written" in run.stderr
    assert "label 'CD19 HUMAN', but the ontology says 'CD19_HUMAN'" in run.stderr
    assert "Traceback" not in run.stderr
    assert digest(out / "mskg.ttl") == before
