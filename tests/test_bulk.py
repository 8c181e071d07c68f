"""`mskg load`: large RDF files bulk-loaded into a store that the saved queries read, in parts side by side."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from benchmarks.generate import generate
from mskg.base.namespaces import GRAPH
from mskg.engine import bulk
from mskg.engine.bulk import LoadError, load_files
from mskg.engine.queries import discover, run_saved
from mskg.engine.store import EmbeddedStore
from mskg.pipeline.build import STORE_DIR

from .helpers import invoke

S, P, G = "<https://example.org/s>", "<https://example.org/p>", "<https://example.org/g>"


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real graph grown to about 20,000 quads by the benchmark generator."""
    out = tmp_path_factory.mktemp("grown") / "grown.nq"
    generate(20_000, out)
    return out


def _quads(store: ox.Store) -> set[tuple[str, str, str, str]]:
    """The store's quads without blank nodes (whose labels each load renames), as text."""
    return {
        (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
        for q in store
        if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
    }


def test_a_grown_graph_loaded_in_parts_holds_exactly_the_quads_of_its_file(
    grown: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "SPLIT_ABOVE", 0)
    loaded = load_files(tmp_path / "out", [grown], threads=3)
    assert loaded.parts == 3
    reference = ox.Store()
    reference.load(path=str(grown))
    parted = ox.Store.read_only(str(loaded.store))
    assert loaded.quads == len(reference) == len(parted)
    assert _quads(parted) == _quads(reference)
    blank = {q.object for q in parted if isinstance(q.object, ox.BlankNode)}
    assert len(blank) == len({q.object for q in reference if isinstance(q.object, ox.BlankNode)})


def test_every_saved_query_answers_the_same_on_a_bulk_loaded_store_as_on_the_file_read_in_memory(
    grown: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "SPLIT_ABOVE", 0)
    loaded = load_files(tmp_path / "out", [grown], threads=2)
    on_disk = EmbeddedStore(loaded.store)
    in_memory = EmbeddedStore.__new__(EmbeddedStore)
    in_memory.store = ox.Store()
    in_memory.store.load(path=str(grown))
    for saved in discover().values():
        values = {p.name: p.example for p in saved.params if p.example}
        disk_rows = run_saved(on_disk, saved, values).rows
        memory_rows = run_saved(in_memory, saved, values).rows
        assert len(disk_rows) == len(memory_rows), saved.name
        assert disk_rows, f"{saved.name} finds nothing in the grown graph"


def test_a_blank_node_named_at_both_ends_of_a_file_stays_one_node(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "SPLIT_ABOVE", 0)
    lines = [f'_:shared {P} "first" {G} .']
    lines += [f'{S} {P} "value {index}" {G} .' for index in range(1_000)]
    lines += [f'_:shared {P} "last" {G} .']
    file = tmp_path / "ends.nq"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_files(tmp_path / "out", [file], threads=2)
    store = ox.Store.read_only(str(loaded.store))
    assert len({q.subject for q in store if isinstance(q.subject, ox.BlankNode)}) == 1
    assert loaded.quads == 1_002
    assert loaded.parts == 1


def test_triples_go_into_the_data_graph_or_the_graph_given(tmp_path: Path) -> None:
    file = tmp_path / "t.nt"
    file.write_text(f'{S} {P} "x" .\n', encoding="utf-8")
    run = invoke("load", str(file), "--out", str(tmp_path / "a"))
    assert run.exit_code == 0, run.stderr
    assert "loaded 1 quads" in run.stderr
    [quad] = list(ox.Store.read_only(str(tmp_path / "a" / STORE_DIR)))
    assert quad.graph_name == ox.NamedNode("https://w3id.org/mskg/graph/data")
    run = invoke("load", str(file), "--out", str(tmp_path / "b"), "--graph", "https://example.org/mine")
    assert run.exit_code == 0, run.stderr
    [quad] = list(ox.Store.read_only(str(tmp_path / "b" / STORE_DIR)))
    assert quad.graph_name == ox.NamedNode("https://example.org/mine")


def test_a_loaded_graph_answers_saved_queries_from_the_command_line(grown: Path, tmp_path: Path) -> None:
    assert invoke("load", str(grown), "--out", str(tmp_path)).exit_code == 0
    run = invoke("query", "therapies-targeting-compartmentalized-b-cells", "--store", str(tmp_path), "-f", "csv")
    assert run.exit_code == 0, run.stderr
    assert "CAR T-cell therapy" in run.stdout  # as CSV, so that no terminal width wraps the label


@pytest.mark.parametrize("threads", [1, 2])
def test_a_syntax_error_names_the_file_and_its_line_and_keeps_the_store_there(
    grown: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threads: int
) -> None:
    monkeypatch.setattr(bulk, "SPLIT_ABOVE", 0)
    assert invoke("load", str(grown), "--out", str(tmp_path)).exit_code == 0
    before = len(ox.Store.read_only(str(tmp_path / STORE_DIR)))
    lines = [f'{S} {P} "value {index}" {G} .' for index in range(2_000)]
    lines[1_500] = f'{S} {P} "unterminated {G} .'
    bad = tmp_path / "bad.nq"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = invoke("load", str(bad), "--out", str(tmp_path), "--threads", str(threads))
    assert run.exit_code == 2
    assert f"{bad}, line 1501:" in run.stderr
    assert "nothing was changed" in run.stderr
    assert len(ox.Store.read_only(str(tmp_path / STORE_DIR))) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.nq", STORE_DIR]


def test_a_file_whose_format_cannot_be_told_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "graph.data"
    file.write_text(f'{S} {P} "x" .\n', encoding="utf-8")
    with pytest.raises(LoadError, match=r"graph\.data: cannot tell the RDF format from the name; use \.nt"):
        load_files(tmp_path / "out", [file])
    run = invoke("load", str(tmp_path / "missing.nt"), "--out", str(tmp_path / "out"))
    assert run.exit_code == 2
    assert "missing.nt: no such file" in run.stderr


def test_a_compacted_store_holds_the_same_quads(grown: Path, tmp_path: Path) -> None:
    plain = load_files(tmp_path / "plain", [grown])
    compacted = load_files(tmp_path / "compacted", [grown], compact=True)
    assert compacted.quads == plain.quads
    assert _quads(ox.Store.read_only(str(compacted.store))) == _quads(ox.Store.read_only(str(plain.store)))


def test_quads_with_no_graph_join_the_data_graph_so_that_push_and_export_keep_them(tmp_path: Path) -> None:
    file = tmp_path / "mixed.nq"
    file.write_text(f'{S} {P} "named" {G} .\n{S} {P} "no graph" .\n', encoding="utf-8")
    loaded = load_files(tmp_path / "out", [file])
    graphs = {str(q.object): q.graph_name for q in ox.Store.read_only(str(loaded.store))}
    assert graphs == {'"named"': ox.NamedNode(G.strip("<>")), '"no graph"': ox.NamedNode(str(GRAPH.DATA))}


def test_a_graph_name_that_is_not_an_iri_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    file = tmp_path / "t.nt"
    file.write_text(f'{S} {P} "x" .\n', encoding="utf-8")
    run = invoke("load", str(file), "--out", str(tmp_path / "out"), "--graph", "not an iri")
    assert run.exit_code == 2
    assert "--graph not an iri: not an IRI" in run.stderr


def test_a_loaded_graph_gets_the_class_closure_a_build_writes(tmp_path: Path) -> None:
    """A file typed only by most specific classes answers ``?x a Superclass``, as a built graph does."""
    ex = "https://example.org/"
    sub = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
    a = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    lines = [
        f"<{ex}CARTCellTherapy> {sub} <{ex}CellTherapy> <{GRAPH.ONTOLOGY}> .",
        f"<{ex}CellTherapy> {sub} <{ex}Therapy> <{GRAPH.ONTOLOGY}> .",
        f"<{ex}kyv-101> {a} <{ex}CARTCellTherapy> <{GRAPH.DATA}> .",
        f"<{ex}ahsct> {a} <{ex}Therapy> <{GRAPH.DATA}> .",
    ]
    file = tmp_path / "typed.nq"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_files(tmp_path / "out", [file])
    store = EmbeddedStore(loaded.store)
    found = store.select(f"SELECT ?t WHERE {{ ?t a <{ex}Therapy> }}").rows
    assert sorted(str(row["t"]) for row in found) == [f"{ex}ahsct", f"{ex}kyv-101"]
    inferred = store.select(f"SELECT ?c WHERE {{ GRAPH <{GRAPH.INFERRED}> {{ <{ex}kyv-101> a ?c }} }}").rows
    assert sorted(str(row["c"]) for row in inferred) == [f"{ex}CellTherapy", f"{ex}Therapy"]
    assert loaded.quads == len(lines) + 2  # nothing stated twice (ahsct is a Therapy already)


def test_a_loaded_graph_gets_the_links_a_transitive_property_implies(tmp_path: Path) -> None:
    ex = "https://example.org/"
    a = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    lines = [
        f"<{ex}subtypeOf> {a} <http://www.w3.org/2002/07/owl#TransitiveProperty> <{GRAPH.ONTOLOGY}> .",
        *(f"<{ex}n{i}> <{ex}subtypeOf> <{ex}n{i + 1}> <{GRAPH.DATA}> ." for i in range(6)),
    ]
    file = tmp_path / "chain.nq"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = EmbeddedStore(load_files(tmp_path / "out", [file]).store)
    found = store.select(f"SELECT ?up WHERE {{ <{ex}n0> <{ex}subtypeOf> ?up }}").rows
    assert sorted(str(row["up"]) for row in found) == [f"{ex}n{i}" for i in range(1, 7)]
