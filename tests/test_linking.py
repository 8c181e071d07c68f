"""Links to external ontologies: slices, per-ontology checks, SSSOM, KGX and the other exports."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import urllib.request
from importlib import resources
from pathlib import Path

import networkx as nx
import pytest
import yaml
from rdflib import OWL, RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_isomorphic

from mskg.base import paths
from mskg.base.files import replacing
from mskg.base.namespaces import GRAPH, MSKGID
from mskg.checks.mappings import check
from mskg.checks.slices import PART_OF
from mskg.curation import Curation
from mskg.curation.schema import read_imports, read_ontology
from mskg.engine.queries import QueryError, run_saved
from mskg.engine.store import EmbeddedStore
from mskg.outputs.export import kgx
from mskg.outputs.graphmodel import mskg_model
from mskg.pipeline.build import BuildResult

from .helpers import RESOURCES, OxigraphServer, invoke, saved_query
from .terms import AHSCT, B_CELL, BCMA_CAR_T, CD19_CAR_T, MS, PLASMA_CELL, PLASMABLAST, PROGRESSIVE_MS

OBO = "http://purl.obolibrary.org/obo/"
SLICES = RESOURCES / "slices"


def iri(curie: str) -> URIRef:
    prefix, local = curie.split(":")
    return URIRef(f"{OBO}{prefix}_{local}")


def test_links_import_cuts_a_term_and_its_ancestors_to_the_root_from_an_obo_file(tmp_path: Path) -> None:
    run = invoke("links", "import", str(SLICES / "cl-b-cell.obo"), "--terms", "CL:0000236", "--imports", str(tmp_path))
    assert run.exit_code == 0, run.stderr
    text = (tmp_path / "cl.ttl").read_text(encoding="utf-8")
    assert "# Source: cl-b-cell.obo (Test fixture" in text
    graph = Graph().parse(data=text, format="turtle")
    assert graph.value(iri("CL:0000236"), RDFS.label) == Literal("B cell")
    assert (iri("CL:0000236"), RDFS.subClassOf, iri("CL:0000945")) in graph
    ancestors = set(graph.transitive_objects(iri("CL:0000236"), RDFS.subClassOf))
    assert iri("CL:0000000") in ancestors
    assert all(graph.value(a, RDFS.label) is not None for a in ancestors)


def part_of(graph: Graph, term: URIRef) -> set[URIRef]:
    """The wholes a slice says ``term`` is part of: OWL restrictions, never the relation-graph triple."""
    assert not set(graph.objects(term, PART_OF)), "part_of written as a plain triple between classes"
    restrictions = [r for r in graph.objects(term, RDFS.subClassOf) if graph.value(r, OWL.onProperty) == PART_OF]
    return {whole for r in restrictions for whole in graph.objects(r, OWL.someValuesFrom) if isinstance(whole, URIRef)}


def test_every_restriction_in_the_slices_is_part_of() -> None:
    """The saved questions walk ``rdfs:subClassOf/owl:someValuesFrom`` as part_of: no other restriction may be there."""
    imports = Graph()
    for file in sorted(paths.IMPORTS_DIR.glob("*.ttl")):
        imports.parse(file, format="turtle")
    properties = {imports.value(r, OWL.onProperty) for r in imports.subjects(RDF.type, OWL.Restriction)}
    assert properties == {PART_OF}


def test_links_import_keeps_part_of_from_an_owl_file(tmp_path: Path) -> None:
    run = invoke(
        "links", "import", str(SLICES / "part-of.ttl"), "--terms", "UBERON:0001017", "--imports", str(tmp_path)
    )
    assert run.exit_code == 0, run.stderr
    graph = Graph().parse(tmp_path / "uberon.ttl")
    assert part_of(graph, iri("UBERON:0001017")) == {iri("UBERON:0001016")}
    assert (iri("UBERON:0001017"), RDFS.subClassOf, iri("UBERON:0011216")) in graph
    synonym = URIRef("http://www.geneontology.org/formats/oboInOwl#hasExactSynonym")
    assert graph.value(iri("UBERON:0001017"), synonym) == Literal("CNS")


def test_links_import_refuses_a_term_the_file_does_not_have(tmp_path: Path) -> None:
    run = invoke("links", "import", str(SLICES / "cl-b-cell.obo"), "--terms", "CL:0000786", "--imports", str(tmp_path))
    assert run.exit_code == 2
    assert "not in the ontology file: CL:0000786" in run.stderr
    assert not (tmp_path / "cl.ttl").exists()


def test_every_slice_is_what_links_import_cuts_from_its_shipped_source(tmp_path: Path) -> None:
    sources = sorted((paths.IMPORTS_DIR / "sources").glob("*.obo"))
    assert {s.stem for s in sources} >= {"cl", "doid", "eco", "go", "maxo", "mondo", "obi", "uberon"}
    for source in sources:
        assert invoke("links", "import", str(source), "--imports", str(tmp_path)).exit_code == 0
        shipped = Graph().parse(Path(source.parents[1], f"{source.stem}.ttl"))
        cut = Graph().parse(tmp_path / f"{source.stem}.ttl")
        assert to_isomorphic(cut) == to_isomorphic(shipped), source.name


def test_links_check_is_clean_and_counts_per_ontology() -> None:
    run = invoke("links", "check")
    assert run.exit_code == 0, run.stdout
    assert "MONDO      Mondo Disease Ontology: 18 mappings, 18 verified" in run.stdout
    assert "CL         Cell Ontology: 5 mappings, 5 verified" in run.stdout
    assert "0 error(s)" in run.stdout


def test_a_mapping_to_a_deprecated_term_is_an_error(curation: Curation) -> None:
    slices = read_imports()
    slices.add((iri("CL:0000236"), OWL.deprecated, Literal(True)))
    reports = check(curation, slices, read_ontology())
    assert any("CL:0000236: deprecated in its ontology" in line for line in reports["CL"].errors)


def test_every_entity_is_mapped_or_says_why_not(curation: Curation) -> None:
    linked_kinds = (
        *("therapy/", "target/", "cell-type/", "compartment/", "mechanism/", "disease-form/", "route/"),
        *("product/", "comparator/", "drug/", "measure/", "adverse-event/"),
    )
    for entity in curation.entities.values():
        if entity.id.startswith(linked_kinds):
            assert entity.mappings or entity.no_match or entity.unverified, entity.id


def test_the_sssom_table_parses_and_validates_with_the_sssom_library(
    tmp_path: Path, curation: Curation, built: BuildResult
) -> None:
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    table = tmp_path / "mskg.sssom.tsv"
    run = invoke("links", "sssom", "-o", str(table), "--store", str(built.out))
    assert run.exit_code == 0, run.stderr
    mapping_set = parse_sssom_table(table)
    validate(mapping_set, fail_on_error=True)
    frame = mapping_set.df
    assert len(frame) == sum(len(e.mappings) + len(e.no_match) for e in curation.entities.values())
    assert mapping_set.metadata["mapping_set_id"] == "https://w3id.org/mskg/mappings.sssom.tsv"
    assert mapping_set.metadata["license"] == "https://creativecommons.org/licenses/by/4.0/"
    row = frame[(frame.subject_id == "MSKG.disease-form:ms") & (frame.object_id == "MONDO:0005301")].iloc[0]
    assert (row.predicate_id, row.object_label) == ("skos:exactMatch", "multiple sclerosis")
    assert "sssom:NoTermFound" in set(frame.object_id)


def test_the_sssom_mappings_come_back_unchanged_from_sssom_rdf(tmp_path: Path, built: BuildResult) -> None:
    """sssom-py writes the set as RDF (Turtle) and reads it back: each subject is still a CURIE, not an IRI.

    With ``mskgid:disease-form/ms`` the ``/`` cannot stand in a Turtle prefixed name, so the prefix went unused,
    the Turtle did not declare it, and the ids came back as full IRIs.
    """
    from sssom.parsers import parse_sssom_rdf, parse_sssom_table
    from sssom.writers import write_rdf

    table = tmp_path / "mskg.sssom.tsv"
    assert invoke("links", "sssom", "-o", str(table), "--store", str(built.out)).exit_code == 0
    mapping_set = parse_sssom_table(table)
    with (tmp_path / "mskg.sssom.ttl").open("w", encoding="utf-8") as out:
        write_rdf(mapping_set, out)
    assert "@prefix MSKG.disease-form: <https://w3id.org/mskg/id/disease-form/>" in (
        tmp_path / "mskg.sssom.ttl"
    ).read_text(encoding="utf-8")
    back = parse_sssom_rdf(tmp_path / "mskg.sssom.ttl")
    columns = ["subject_id", "predicate_id", "object_id", "mapping_justification"]

    def rows(frame: object) -> list[tuple[str, ...]]:
        return sorted(tuple(row) for row in frame[columns].itertuples(index=False))  # type: ignore[index]

    assert rows(back.df) == rows(mapping_set.df)
    assert "MSKG.disease-form:ms" in set(back.df.subject_id)


def test_the_no_match_findings_are_in_the_graph_and_sssom_is_written_from_it(
    tmp_path: Path, built: BuildResult, store: EmbeddedStore
) -> None:
    """A curator's "no GO term fits AHSCT's mechanism" is a node of the graph; the SSSOM row is read from it."""
    from mskg.base.namespaces import MSKG

    found = store.select(
        """PREFIX mskg: <https://w3id.org/mskg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?entity ?ontology ?reason WHERE {
          ?entity mskg:noMatch ?decision . ?decision a mskg:NoMatch ; mskg:inOntology ?ontology ; rdfs:comment ?reason
        }"""
    ).rows
    curated = {(MSKGID[e.id], n.reason) for e in built.curation.entities.values() for n in e.no_match}
    assert {(row["entity"], str(row["reason"])) for row in found} == curated
    assert any(str(row["ontology"]) == "GO" for row in found)
    pending = store.select(
        "SELECT ?candidate WHERE { ?entity ?has ?candidate . ?candidate a ?class }",
        {"has": MSKG.unverifiedMapping, "class": MSKG.UnverifiedMapping},
    ).rows
    assert len(pending) == sum(len(e.unverified) for e in built.curation.entities.values()) > 0
    table = tmp_path / "mskg.sssom.tsv"
    assert invoke("export", "--format", "sssom", "-o", str(table), "--store", str(built.out)).exit_code == 0
    rows = [line for line in table.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    no_terms = [row for row in rows if "\tsssom:NoTermFound\t" in row]
    assert len(no_terms) == len(curated)
    assert any("No Gene Ontology term: GO has processes for parts of it" in line for line in no_terms)


def test_sssom_without_a_build_says_to_build_first(tmp_path: Path) -> None:
    run = invoke("links", "sssom", "--store", str(tmp_path / "nothing"))
    assert run.exit_code == 2
    assert "mskg build" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.fixture(scope="module")
def biolink() -> dict[str, dict[str, dict[str, object]]]:
    text = resources.files("biolink_model").joinpath("schema/biolink_model.yaml").read_text(encoding="utf-8")
    schema: dict[str, dict[str, dict[str, object]]] = yaml.safe_load(text)
    return schema


def _snake(name: str) -> str:
    return name.replace(" ", "_")


def test_the_kgx_export_passes_a_biolink_check(
    built: BuildResult, tmp_path: Path, biolink: dict[str, dict[str, dict[str, object]]], curation: Curation
) -> None:
    run = invoke("export", "--format", "kgx", "-o", str(tmp_path / "mskg"), "--store", str(built.out))
    assert run.exit_code == 0, run.stderr
    nodes = list(csv.DictReader(io.StringIO((tmp_path / "mskg_nodes.tsv").read_text(encoding="utf-8")), delimiter="\t"))
    edges = list(csv.DictReader(io.StringIO((tmp_path / "mskg_edges.tsv").read_text(encoding="utf-8")), delimiter="\t"))
    classes = {"biolink:" + "".join(w[:1].upper() + w[1:] for w in name.split()) for name in biolink["classes"]}
    slots = {"biolink:" + _snake(name) for name in biolink["slots"]}
    levels = set(_values(biolink, "KnowledgeLevelEnum"))
    agents = set(_values(biolink, "AgentTypeEnum"))
    ids = {node["id"] for node in nodes}
    assert len(ids) == len(nodes) == len(curation.entities)
    for node in nodes:
        assert node["category"] in classes, node
        assert ":" in node["id"]
        assert node["name"]
    for edge in edges:
        assert edge["predicate"] in slots, edge
        assert _descends_from_related_to(biolink, edge["predicate"].removeprefix("biolink:").replace("_", " "))
        assert edge["subject"] in ids
        assert edge["object"] in ids
        assert edge["knowledge_level"] in levels
        assert edge["agent_type"] in agents
    by_subject = {(e["subject"], e["predicate"], e["object"]) for e in edges}
    assert ("MSKG.therapy:cd19-car-t", "biolink:physically_interacts_with", "UniProtKB:P15391") in by_subject
    assert ("UniProtKB:P15391", "biolink:expressed_in", "CL:0000236") in by_subject
    claim = "MSKG.claim:ahsct-recommended-for-refractory-highly-active-ms"
    recommended = next(e for e in edges if claim in e["mskg_claims"].split("|"))
    assert recommended["predicate"] == "biolink:applied_to_treat"
    assert "PMID:41997827" in recommended["publications"].split("|")
    assert "doi:10.1016/j.neurol.2026.03.012" in recommended["publications"].split("|")
    assert recommended["mskg_evidence_level"] == "E"  # four guidelines, counted once as consensus
    assert len(by_subject) == len(edges), "two edges share subject, predicate and object: KGX would merge them"


def _values(biolink: dict[str, dict[str, dict[str, object]]], enum: str) -> list[str]:
    values = biolink["enums"][enum]["permissible_values"]
    assert isinstance(values, dict)
    return [str(value) for value in values]


def _descends_from_related_to(biolink: dict[str, dict[str, dict[str, object]]], slot: str) -> bool:
    seen = set()
    while slot and slot not in seen:
        if slot == "related to":
            return True
        seen.add(slot)
        slot = str(biolink["slots"][slot].get("is_a", ""))
    return False


def _kgx_edges(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter="\t"))


def test_in_kgx_only_the_refuted_statements_read_as_negated(built: BuildResult, tmp_path: Path) -> None:
    """Each edge read the way KGX reads it.

    KGX converts the ``negated`` column with ``bool(value)`` after dropping empty cells (``_sanitize_import`` in
    kgx/utils/kgx_utils.py).
    """
    invoke("export", "--format", "kgx", "-o", str(tmp_path / "mskg"), "--store", str(built.out))
    edges = _kgx_edges(tmp_path / "mskg_edges.tsv")
    negated = {claim for edge in edges if edge["negated"].strip() for claim in edge["mskg_claims"].split("|")}
    assert negated == {"MSKG.claim:harris-intrathecal-msc-np-no-clinical-improvement"}
    mist = next(e for e in edges if "MSKG.claim:mist-ahsct-delays-disability-progression" in e["mskg_claims"])
    assert (mist["negated"], mist["qualified_predicate"], mist["object_direction_qualifier"]) == (
        "",
        "biolink:causes",
        "decreased",
    )


def test_claims_that_disagree_on_one_kgx_edge_are_left_out_and_named(built: BuildResult, tmp_path: Path) -> None:
    """MSC's effect on inflammatory activity: intrathecal (Petrou) for it, intravenous (MESEMS) against it.

    KGX holds one edge per subject, predicate and object; either reading of that one edge would be the opposite
    of one trial, so neither is written, and the export says so.
    """
    run = invoke("export", "--format", "kgx", "-o", str(tmp_path / "mskg"), "--store", str(built.out))
    assert run.exit_code == 0, run.stderr
    edges = _kgx_edges(tmp_path / "mskg_edges.tsv")
    assert not [
        e for e in edges if (e["subject"], e["object"]) == ("MSKG.therapy:msc", "MSKG.outcome:inflammatory-activity")
    ]
    assert "claim/mesems-intravenous-msc-did-not-reduce-inflammatory-activity: other claims" in run.stderr
    assert "claim/petrou-intrathecal-msc-reduced-relapses: other claims" in run.stderr
    assert "claim/msc-efficacy-inconsistent: its evidence is mixed" in run.stderr


def _kgx(*args: str, cwd: Path) -> subprocess.Popen[str]:
    """KGX's own command line, offline (``tests/tools/kgx_offline.py``), started in ``cwd``."""
    tool = Path(__file__).parent / "tools" / "kgx_offline.py"
    return subprocess.Popen(
        [sys.executable, str(tool), "--prefixes", "mskg_prefixes.json", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_kgx_validates_the_export_and_its_transform_keeps_every_claim(
    built: BuildResult, store: EmbeddedStore, tmp_path: Path
) -> None:
    """The real KGX, with Biolink's schema from the biolink-model package, and no network.

    A copy with mskg's old ids (``MSKG:therapy/…``) shows the validator does reject what it should.
    """
    assert invoke("export", "--format", "kgx", "-o", str(tmp_path / "mskg"), "--store", str(built.out)).exit_code == 0
    nodes = (tmp_path / "mskg_nodes.tsv").read_text(encoding="utf-8")
    (tmp_path / "old_nodes.tsv").write_text(nodes.replace("MSKG.therapy:", "MSKG:therapy/"), encoding="utf-8")
    runs = {
        "valid": _kgx("validate", "-i", "tsv", "mskg_nodes.tsv", "mskg_edges.tsv", cwd=tmp_path),
        "old ids": _kgx("validate", "-i", "tsv", "old_nodes.tsv", "mskg_edges.tsv", cwd=tmp_path),
        "transform": _kgx(
            "transform", "-i", "tsv", "-f", "tsv", "-o", "rt", "mskg_nodes.tsv", "mskg_edges.tsv", cwd=tmp_path
        ),
    }
    output = {name: run.communicate(timeout=240)[0] for name, run in runs.items()}
    assert runs["valid"].returncode == 0, output["valid"]
    assert '"ERROR"' not in output["valid"]
    assert "tried to reach the network" not in "".join(output.values())
    assert runs["old ids"].returncode == 1
    assert "is expected to be of type 'CURIE'" in output["old ids"]
    assert runs["transform"].returncode == 0, output["transform"]

    def claims(rows: list[dict[str, str]]) -> dict[str, tuple[str, str, str, bool]]:
        return {
            claim: (row["subject"], row["predicate"], row["object"], row["negated"].strip().lower() == "true")
            for row in rows
            for claim in row["mskg_claims"].split("|")
            if claim
        }

    exported = _kgx_edges(tmp_path / "mskg_edges.tsv")
    kept = _kgx_edges(tmp_path / "rt_edges.tsv")
    assert len(kept) == len(exported)
    assert claims(kept) == claims(exported)
    model_claims = {c["id"] for edge in mskg_model(store).edges for c in edge.claims}
    left_out = {claim for claim, _ in kgx(mskg_model(store)).left_out}
    assert {f"{MSKGID}claim/{c.removeprefix('MSKG.claim:')}" for c in claims(exported)} | left_out == model_claims


def test_the_kgx_nodes_validate_as_biolink_model_objects(built: BuildResult, tmp_path: Path) -> None:
    from biolink_model.datamodel import pydanticmodel_v2 as model

    invoke("export", "--format", "kgx", "-o", str(tmp_path / "mskg"), "--store", str(built.out))
    nodes = list(csv.DictReader(io.StringIO((tmp_path / "mskg_nodes.tsv").read_text(encoding="utf-8")), delimiter="\t"))
    for node in nodes:
        cls = getattr(model, node["category"].removeprefix("biolink:"))
        cls(id=node["id"], category=[node["category"]], name=node["name"])


@pytest.mark.parametrize(("fmt", "parse_as"), [("jsonld", "json-ld"), ("nt", "nt"), ("xml", "xml"), ("ttl", "turtle")])
def test_the_rdf_exports_hold_the_whole_graph(built: BuildResult, tmp_path: Path, fmt: str, parse_as: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    assert invoke("export", "--format", fmt, "-o", str(out), "--store", str(built.out)).exit_code == 0
    assert len(Graph().parse(out, format=parse_as)) == built.triples


def test_the_trig_export_keeps_the_ontology_slices_data_and_inferences_apart(
    built: BuildResult, tmp_path: Path
) -> None:
    out = tmp_path / "graph.trig"
    assert invoke("export", "--format", "trig", "-o", str(out), "--store", str(built.out)).exit_code == 0
    dataset = Dataset()
    dataset.parse(out, format="trig")
    names = {graph.identifier for graph in dataset.graphs() if len(graph)}
    assert names == {GRAPH.ONTOLOGY, GRAPH.IMPORTS, GRAPH.DATA, GRAPH.INFERRED}
    assert "@prefix mskg: <https://w3id.org/mskg/ontology#>" in out.read_text(encoding="utf-8")


def test_an_export_that_fails_midway_leaves_the_previous_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "graph.nt"
    target.write_text("the previous export\n", encoding="utf-8")

    def export_half() -> None:
        with replacing(target) as temporary:
            temporary.write_text("half of a new one", encoding="utf-8")
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        export_half()
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nt"]


def test_the_graphml_export_holds_every_entity_and_relation(
    built: BuildResult, tmp_path: Path, curation: Curation
) -> None:
    out = tmp_path / "graph.graphml"
    assert invoke("export", "--format", "graphml", "-o", str(out), "--store", str(built.out)).exit_code == 0
    graph = nx.read_graphml(out)
    assert graph.number_of_nodes() == len(curation.entities)
    assert graph.nodes[str(CD19_CAR_T)]["kind"] == "therapy"


def test_an_unknown_export_format_is_refused(built: BuildResult) -> None:
    run = invoke("export", "--format", "csv", "--store", str(built.out))
    assert run.exit_code == 2
    assert "unknown format 'csv'" in run.stderr


def test_links_fetch_refreshes_slices_from_a_sparql_endpoint(oxigraph_server: OxigraphServer, tmp_path: Path) -> None:
    data = (SLICES / "ubergraph.ttl").read_bytes()
    request = urllib.request.Request(  # noqa: S310 (loopback test server)
        f"{oxigraph_server.store}?default", data=data, method="PUT", headers={"Content-Type": "text/turtle"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback test server)
        assert response.status in (200, 201, 204)
    run = invoke("links", "fetch", "--endpoint", oxigraph_server.query, "--imports", str(tmp_path))
    assert run.exit_code == 0, run.stderr
    assert "not served by" in run.stderr
    cl = Graph().parse(tmp_path / "cl.ttl")
    assert cl.value(iri("CL:0000236"), RDFS.label) == Literal("B cell")
    assert (iri("CL:0000236"), RDFS.subClassOf, iri("CL:0000945")) in cl
    assert (iri("CL:0000945"), RDFS.subClassOf, iri("CL:0000542")) in cl
    assert cl.value(iri("CL:0000542"), RDFS.label) == Literal("lymphocyte")
    uberon = Graph().parse(tmp_path / "uberon.ttl")
    assert part_of(uberon, iri("UBERON:0001017")) == {iri("UBERON:0001016")}
    assert not (tmp_path / "mondo.ttl").exists(), "an ontology the endpoint does not serve keeps its slice"


def test_any_form_of_progressive_ms_is_found_through_mondo(store: EmbeddedStore) -> None:
    rows = run_saved(store, saved_query("therapies-in-any-form-of"), {"disease": "MONDO:0005284"}).rows
    assert {row["therapy"] for row in rows} == {
        CD19_CAR_T,
        BCMA_CAR_T,
        URIRef("https://w3id.org/mskg/id/therapy/car-t"),
        AHSCT,
        URIRef("https://w3id.org/mskg/id/therapy/msc"),  # trials of MSCs in progressive MS
        URIRef("https://w3id.org/mskg/id/therapy/msc-np"),  # the MSC-NP trial, a product of its own
    }
    assert {row["form"] for row in rows} == {
        PROGRESSIVE_MS,
        URIRef("https://w3id.org/mskg/id/disease-form/non-inflammatory-progressive-ms"),
        URIRef("https://w3id.org/mskg/id/disease-form/active-progressive-ms"),
    }


def test_any_b_lineage_cell_is_found_through_the_cell_ontology(store: EmbeddedStore) -> None:
    rows = run_saved(store, saved_query("therapies-acting-on-cell-lineage"), {"lineage": "CL:0000945"}).rows
    assert {(row["therapy"], row["cellType"]) for row in rows} == {
        (CD19_CAR_T, B_CELL),
        (CD19_CAR_T, PLASMABLAST),
        (BCMA_CAR_T, PLASMABLAST),
        (BCMA_CAR_T, PLASMA_CELL),
    }
    # T cells (CL:0000084) are a real Cell Ontology term that nothing in the graph is linked to: an error that says
    # so, not an empty answer that would read as "no therapy acts on T cells".
    with pytest.raises(QueryError, match=r"CL:0000084 is not in the graph"):
        run_saved(store, saved_query("therapies-acting-on-cell-lineage"), {"lineage": "CL:0000084"})


def test_everything_linked_to_multiple_sclerosis_or_below_it(store: EmbeddedStore) -> None:
    rows = run_saved(store, saved_query("linked-to-external-term"), {"term": "MONDO:0005301"}).rows
    entities = {row["entity"] for row in rows}
    assert {MS, PROGRESSIVE_MS} <= entities
    assert URIRef("https://w3id.org/mskg/id/disease-form/aggressive-ms") in entities
    assert all(str(row["entity"]).startswith("https://w3id.org/mskg/id/disease-form/") for row in rows)


def test_an_iri_parameter_refuses_what_is_not_a_curie(store: EmbeddedStore) -> None:
    from mskg.engine.queries import QueryError

    with pytest.raises(QueryError, match="takes a CURIE or an IRI"):
        run_saved(store, saved_query("linked-to-external-term"), {"term": "multiple sclerosis"})
