"""OWL reasoning with HermiT: consistency, defined classes that agree with their questions, explained clashes.

The graph is consistent; each defined class has exactly the members its saved SPARQL question answers; and an
inconsistency names the statements and axioms that clash instead of just announcing itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import owlready2
import pytest
from rdflib import RDF, Graph, URIRef

from mskg.base import paths
from mskg.base.namespaces import GRAPH, MSKG
from mskg.curation import Curation
from mskg.engine.queries import run_saved
from mskg.engine.store import EmbeddedStore
from mskg.graph.loader import assemble, claim_iri
from mskg.graph.reasoning import InconsistencyError, ReasonerUnavailableError, reason, reasoner_input
from mskg.pipeline.build import BuildResult, build

from .helpers import RESOURCES, SMALL_CURATION, SMALL_SOURCES, invoke, saved_query
from .terms import AHSCT, BCMA_CAR_T, CD19_CAR_T, MSC

#: Three entities and two claims: small enough to run the reasoner many times (explaining an inconsistency).
REASONER_CURATION = RESOURCES / "curation-reasoner"

# Each defined class, and the saved question (with its parameters) that asks the same thing in SPARQL.
DEFINED = [
    (MSKG.TherapyTargetingCompartmentalizedBCells, "therapies-targeting-compartmentalized-b-cells", {}),
    (MSKG.TherapySupportedByRandomizedEvidence, "therapies-by-study-design", {"design": "randomized trial"}),
    (MSKG.IntrathecallyDeliveredTherapy, "therapies-by-route", {"route": "intrathecal"}),
    (MSKG.CNSPenetratingTherapy, "therapies-with-cns-penetration", {}),
]


def test_the_curated_graph_is_consistent_under_hermit(built: BuildResult) -> None:
    assert built.reasoning is not None
    assert {r.rule: r.count for r in built.report.results}["owl-consistency"] == 0


@pytest.mark.parametrize(("defined", "question", "params"), DEFINED, ids=[q for _, q, _ in DEFINED])
def test_a_defined_class_has_the_members_its_saved_question_answers(
    built: BuildResult, store: EmbeddedStore, defined: URIRef, question: str, params: dict[str, str]
) -> None:
    assert built.reasoning is not None
    rows = run_saved(store, saved_query(question), params).rows
    # A defined class holds what is supported; a question that also lists refuting evidence is read for that.
    answered = {row["therapy"] for row in rows if str(row.get("direction", "supports")) == "supports"}
    assert built.reasoning.members[defined] == answered


def test_the_reasoner_finds_who_targets_compartmentalized_b_cells_and_the_rest(built: BuildResult) -> None:
    assert built.reasoning is not None
    members = built.reasoning.members
    assert members[MSKG.TherapyTargetingCompartmentalizedBCells] == {CD19_CAR_T, BCMA_CAR_T}
    assert members[MSKG.TherapySupportedByRandomizedEvidence] == {AHSCT, MSC}  # MIST; the Hadassah trial of MSCs
    assert members[MSKG.IntrathecallyDeliveredTherapy] == {MSC}


def test_inferences_live_in_their_own_graph_with_their_provenance(built: BuildResult, store: EmbeddedStore) -> None:
    assert built.reasoning is not None
    assert (CD19_CAR_T, RDF.type, MSKG.TherapyTargetingCompartmentalizedBCells) in built.reasoning.inferred
    membership = f"{CD19_CAR_T.n3()} a {MSKG.TherapyTargetingCompartmentalizedBCells.n3()}"
    in_inferred_graph = store.select(f"ASK {{ GRAPH {GRAPH.INFERRED.n3()} {{ {membership} }} }}")
    in_data_graph = store.select(f"ASK {{ GRAPH {GRAPH.DATA.n3()} {{ {membership} }} }}")
    assert (in_inferred_graph.boolean, in_data_graph.boolean) == (True, False)
    described = store.select(
        "ASK { <https://w3id.org/mskg/graph/inferred> <http://www.w3.org/ns/prov#wasGeneratedBy> ?activity }"
    )
    assert described.boolean is True
    turtle = Graph().parse(built.out / "mskg.ttl")
    assert (CD19_CAR_T, RDF.type, MSKG.TherapyTargetingCompartmentalizedBCells) in turtle


def test_the_reasoner_never_sees_claims_quotes_or_sources(curation: Curation) -> None:
    data = assemble(curation)[GRAPH.DATA]
    given = reasoner_input(data)
    assert not [s for s in given.subjects() if "/claim/" in str(s) or "/source/" in str(s)]
    assert not list(given.triples((None, RDF.predicate, None)))
    assert (claim_iri("cd19-car-t-targets-cd19"), RDF.type, MSKG.Claim) in data
    assert (CD19_CAR_T, MSKG.targets, URIRef("https://w3id.org/mskg/id/target/cd19")) in given


@pytest.fixture
def clashing_ontology(tmp_path: Path) -> Path:
    """The real ontology plus one wrong axiom: CAR T-cell therapies cannot penetrate the CNS."""
    file = tmp_path / "mskg.ttl"
    file.write_text(
        paths.ONTOLOGY_FILE.read_text(encoding="utf-8")
        + "\nmskg:CARTCellTherapy owl:disjointWith mskg:CNSPenetratingTherapy .\n",
        encoding="utf-8",
    )
    return file


def test_an_inconsistency_names_the_clashing_statements_and_axioms_and_writes_nothing(
    clashing_ontology: Path, built: BuildResult, tmp_path: Path
) -> None:
    out = tmp_path / "previous"
    shutil.copytree(built.out, out)
    before = (out / "mskg.ttl").read_bytes()
    run = invoke("build", "--out", str(out), "--curation", str(REASONER_CURATION), "--ontology", str(clashing_ontology))
    assert run.exit_code == 1
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert lines[0] == "mskg: the ontology and data are inconsistent (OWL 2 DL, HermiT)"
    start = lines.index("These statements cannot all hold:")
    end = lines.index("given these axioms of the ontology about the terms they use:")
    assert lines[start + 1 : end] == [
        "  mskgid:compartment/cns rdf:type mskg:CNSCompartment",
        "  mskgid:therapy/cd19-car-t rdf:type mskg:CARTCellTherapy",
        "  mskgid:therapy/cd19-car-t mskg:actsIn mskgid:compartment/cns",
    ]
    axioms = lines[end + 1 : lines.index("Nothing was written.") - 1]
    assert "  mskg:CARTCellTherapy owl:disjointWith mskg:CNSPenetratingTherapy" in axioms
    assert any(axiom.startswith("  mskg:CNSPenetratingTherapy owl:equivalentClass") for axiom in axioms)
    assert (out / "mskg.ttl").read_bytes() == before


def test_an_unsatisfiable_class_is_named(tmp_path: Path, curation: Curation) -> None:
    ontology = assemble(curation)[GRAPH.ONTOLOGY] + Graph()
    weird = URIRef("https://w3id.org/mskg/ontology#TargetTherapy")
    ontology.add((weird, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"), MSKG.Therapy))
    ontology.add((weird, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"), MSKG.MolecularTarget))
    ontology.add((weird, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")))
    with pytest.raises(InconsistencyError, match=r"unsatisfiable.*mskg:TargetTherapy"):
        reason(ontology, Graph())


def test_building_without_reasoning_skips_it(tmp_path: Path) -> None:
    result = build(tmp_path / "out", curation_dir=SMALL_CURATION, sources_dir=SMALL_SOURCES, reason=False)
    assert result.reasoning is None
    assert "owl-consistency" not in {r.rule for r in result.report.results}
    store = EmbeddedStore(tmp_path / "out" / "store")
    inferred = "ASK {{ GRAPH <https://w3id.org/mskg/graph/inferred> {{ {} }} }}"
    # No classification: no member of a defined class, and no HermiT activity in the provenance ...
    defined = "?s a <https://w3id.org/mskg/ontology#TherapyTargetingCompartmentalizedBCells>"
    assert store.select(inferred.format(defined)).boolean is False
    activity = "?g <http://www.w3.org/ns/prov#wasGeneratedBy> <https://w3id.org/mskg/graph/inferred#classification>"
    assert store.select(inferred.format(activity)).boolean is False
    # ... but the memberships that subclass links alone give are there, so `?t a mskg:Therapy` still works.
    closed = "<https://w3id.org/mskg/id/therapy/cd19-car-t> a <https://w3id.org/mskg/ontology#Therapy>"
    assert store.select(inferred.format(closed)).boolean is True


def test_a_build_without_a_working_java_exits_with_the_environment_code_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    small = ("--curation", str(SMALL_CURATION), "--sources", str(SMALL_SOURCES))
    for command in (("build", "--out", str(tmp_path / "out"), *small), ("check", *small)):
        run = invoke(*command)
        assert run.exit_code == 4, (command, run.stderr)  # the machine, not the curation: see the README's exit codes
        assert run.stderr.startswith("mskg: ")
        assert "--no-reason" in run.stderr
        assert run.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_a_missing_java_is_a_clear_error_that_suggests_no_reason(
    monkeypatch: pytest.MonkeyPatch, curation: Curation
) -> None:
    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    graphs = assemble(curation)
    with pytest.raises(ReasonerUnavailableError, match="--no-reason"):
        reason(graphs[GRAPH.ONTOLOGY], graphs[GRAPH.DATA])
