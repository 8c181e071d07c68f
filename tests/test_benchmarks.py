"""The benchmark's graphs are reproducible and shaped like mskg; its tables show ratios and disagreements."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, URIRef

from benchmarks import push_scale, scale
from benchmarks.generate import generate
from mskg.base.namespaces import GRAPH, MSKG
from mskg.checks.registry import discover_rules
from mskg.engine.bulk import load_files
from mskg.engine.store import STORE_DIR, EmbeddedStore
from mskg.pipeline.build import BuildResult


def test_the_same_seed_grows_the_same_graph_and_another_seed_a_different_one(tmp_path: Path) -> None:
    first, again, other = tmp_path / "a.nq", tmp_path / "b.nq", tmp_path / "c.nq"
    # The real graph with its closures is about 14k quads: a grown one starts above it.
    count = generate(20_000, first, seed=3)
    assert generate(20_000, again, seed=3) == count
    generate(20_000, other, seed=4)
    assert first.read_bytes() == again.read_bytes()
    assert first.read_bytes() != other.read_bytes()
    assert 20_000 <= count < 22_000  # at least the size asked for, and within a tenth of it


def test_a_grown_graph_has_a_deep_external_hierarchy_and_claims_in_the_data_graph(tmp_path: Path) -> None:
    file = tmp_path / "g.nq"
    generate(30_000, file)
    dataset = Dataset()
    dataset.parse(file, format="nquads")
    assert {g.identifier for g in dataset.graphs()} >= {GRAPH.ONTOLOGY, GRAPH.IMPORTS, GRAPH.DATA}
    data = dataset.graph(GRAPH.DATA)
    claims = set(data.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), MSKG.Claim))
    assert len(claims) > 250  # the real graph has 49
    imports = dataset.graph(GRAPH.IMPORTS)
    parent = {s: o for s, o in imports.subject_objects(URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"))}

    def depth(node: object) -> int:
        steps = 0
        while node in parent:
            node = parent[node]
            steps += 1
        return steps

    assert max(depth(node) for node in parent) >= 10


def test_a_grown_graph_breaks_none_of_the_rules_that_make_a_build_fail(tmp_path: Path) -> None:
    generate(20_000, tmp_path / "g.nq")
    store = EmbeddedStore(load_files(tmp_path / "out", [tmp_path / "g.nq"]).store)
    errors = [rule for rule in discover_rules() if rule.severity == "error"]
    broken = {rule.name: rows for rule in errors if (rows := store.select(rule.text).rows)}
    assert broken == {}


def _size(target: int, ours: float | None, baseline: float | None, rows: tuple[int, int]) -> scale.SizeResult:
    queries = {"therapies-in-progressive-ms": {"seconds": ours, "rows": rows[0]}}
    baseline_queries = {"therapies-in-progressive-ms": {"seconds": baseline, "rows": rows[1]}}
    return scale.SizeResult(
        target,
        target,
        scale.Process(2.0, 900, {"load": 1.0, "queries": queries}),
        scale.Process(1.0, 400, {"load": 0.5}),
        scale.Process(20.0, 1700, {"load": 20.0, "queries": baseline_queries}),
        view=1.5,
    )


def test_the_tables_give_ratios_and_say_when_the_engines_disagree_or_the_baseline_gave_up() -> None:
    real = scale.RealResult(scale.Process(5.0, 150), help=0.2, query=0.4, triples=2_600)
    markdown = scale.tables(
        real, [_size(10_000, 0.01, 0.5, (3, 3)), _size(100_000, 0.1, None, (9, 9)), _size(1_000, 0.2, 0.4, (4, 5))], 30
    )
    assert "| 10,000 | 1.00 s (10k/s) | 0.50 s (20k/s) | 20.0 s (500/s) | 20.0x faster | 2.00 |" in markdown
    assert "10 ms (50.0x)" in markdown
    assert "100 ms (> 300x)" in markdown
    assert "≠ 4 vs 5 rows" in markdown
    assert "| `mskg query unmet-needs` on the real graph | 0.40 s |" in markdown


def test_the_slowest_query_is_shown_as_over_the_timeout_when_one_was_stopped() -> None:
    real = scale.RealResult(scale.Process(5.0, 150), help=0.2, query=0.4, triples=2_600)
    markdown = scale.tables(real, [_size(10_000, 0.02, 0.5, (3, 3)), _size(100_000, None, None, (0, 0))], 30)
    assert "| *slowest* | 20 ms | > 30 s |" in markdown


def test_updating_the_readme_replaces_only_the_benchmark_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# mskg\nbefore\n{scale.START}\nold table\n{scale.END}\nafter\n", encoding="utf-8")
    monkeypatch.setattr(scale, "README", readme)
    scale.update_readme("| new | table |\n")
    assert readme.read_text(encoding="utf-8") == f"# mskg\nbefore\n{scale.START}\n| new | table |\n{scale.END}\nafter\n"
    readme.write_text("# no section\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="no <!-- benchmark:start -->"):
        scale.update_readme("x")


def test_the_push_benchmark_dumps_the_same_triples_both_ways_and_tables_them(
    built: BuildResult, tmp_path: Path
) -> None:
    """On the real build's store (no triple in two graphs): the same lines, and a row that says what each took."""
    store = built.out / STORE_DIR
    ours = push_scale.worker_ours(store, tmp_path / "ours.nt")
    baseline = push_scale.worker_baseline(store, tmp_path / "baseline.nt")
    assert ours["lines"] == baseline["lines"] == built.triples
    assert ours["temporary"] >= 0 < ours["peak_mb"]
    ours_lines = set((tmp_path / "ours.nt").read_text(encoding="utf-8").splitlines())
    assert ours_lines == set((tmp_path / "baseline.nt").read_text(encoding="utf-8").splitlines())
    row = push_scale.table(
        [push_scale.SizeResult(built.triples, scale.Process(1.0, 0.0, ours), scale.Process(1.0, 0.0, baseline))]
    )
    assert f"| {built.triples:,} |" in row.splitlines()[-1]
