"""The ontology and the graph in the OWL tools users open them with: the OWL API, owlready2 and pronto.

``ontology/mskg.owl`` (RDF/XML, written by ``scripts/write_owl.py``) is the shipped form those tools read, since
owlready2 and pronto read no Turtle; every definition is there as IAO:0000115 too, which OBO tools read. The
combined graph of a build is OWL 2 DL by the OWL API's own profile checker (Debian's ``libowlapi-java``, run as a
single-file Java program), not by a rule of ours.
"""

from __future__ import annotations

import subprocess
import warnings
from pathlib import Path

import owlready2
import pronto
import pytest
from rdflib import SKOS, Graph
from rdflib.compare import to_isomorphic

from mskg.base import paths
from mskg.curation.schema import DEFINITION, read_ontology
from mskg.engine.canonical import in_store_form
from mskg.pipeline.build import BuildResult

from .terms import CD19_CAR_T

CHECKER = Path(__file__).parent / "tools" / "Owl2DlProfile.java"
CLASSPATH = "/usr/share/java/owlapi-distribution.jar:/usr/share/java/*"
#: A short run: the client compiler alone and the serial collector take less than half the default JVM's time.
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
SHIPPED = paths.ONTOLOGY_FILE.with_suffix(".owl")


def owl2_dl_violations(*files: Path) -> dict[str, list[str]]:
    """Each file's OWL 2 DL profile violations, as the OWL API reports them."""
    run = subprocess.run(
        ["java", *JVM_OPTIONS, "-cp", CLASSPATH, str(CHECKER), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    found: dict[str, list[str]] = {str(file): [] for file in files}
    read = set()
    for line in run.stdout.splitlines():
        name, kind, *rest = line.split("\t")
        assert kind != "unreadable", line
        read.add(name)
        if kind == "violation":
            found[name].append(" ".join(rest))
    assert read == set(found), run.stderr[-2000:]
    return found


def test_the_combined_graph_the_ontology_and_every_slice_are_owl2_dl(built: BuildResult) -> None:
    files = [built.out / "mskg.ttl", built.out / "mskg.owl", SHIPPED, *sorted(paths.IMPORTS_DIR.glob("*.ttl"))]
    violations = owl2_dl_violations(*files)
    assert {name: found[:3] for name, found in violations.items() if found} == {}


def test_the_profile_checker_finds_a_graph_outside_owl2_dl(tmp_path: Path) -> None:
    """Part-of between two classes written as a plain triple (the relation-graph form) is not OWL 2 DL."""
    file = tmp_path / "relation-graph.ttl"
    file.write_text(
        "@prefix obo: <http://purl.obolibrary.org/obo/> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://example.org/slice> a owl:Ontology .\n"
        "obo:UBERON_0001017 a owl:Class ; obo:BFO_0000050 obo:UBERON_0001016 .\n"
        "obo:UBERON_0001016 a owl:Class .\n",
        encoding="utf-8",
    )
    assert owl2_dl_violations(file)[str(file)]


def test_the_shipped_owl_file_is_the_ontology() -> None:
    graph = Graph().parse(SHIPPED, format="xml")
    expected = in_store_form(read_ontology())
    assert to_isomorphic(graph) == to_isomorphic(expected), (
        "ontology/mskg.owl says something else than ontology/mskg.ttl: run `python scripts/write_owl.py`"
    )


def test_owlready2_opens_the_shipped_owl_file() -> None:
    world = owlready2.World()
    ontology = world.get_ontology(SHIPPED.as_uri()).load()
    car_t = ontology.search_one(iri="https://w3id.org/mskg/ontology#CARTCellTherapy")
    therapy = ontology.search_one(iri="https://w3id.org/mskg/ontology#Therapy")
    assert car_t is not None
    assert therapy is not None
    assert therapy in car_t.ancestors()
    assert any("chimeric antigen receptor" in str(text) for text in car_t.IAO_0000115)


def test_owlready2_opens_the_combined_graph_with_its_individuals(built: BuildResult) -> None:
    world = owlready2.World()
    world.get_ontology((built.out / "mskg.owl").as_uri()).load()
    therapy = world[str(CD19_CAR_T)]
    assert therapy is not None
    assert "CARTCellTherapy" in {cls.name for cls in therapy.is_a}


def test_pronto_reads_the_terms_and_their_definitions() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pronto warns about the annotation properties it does not know
        ontology = pronto.Ontology(str(SHIPPED))  # type: ignore[attr-defined]
    term = ontology["https://w3id.org/mskg/ontology#CARTCellTherapy"]
    assert term.name == "CAR T-cell therapy"
    assert "chimeric antigen receptor" in str(term.definition)


@pytest.mark.parametrize("name", ["mskg.ttl", "mskg.owl"])
def test_every_definition_of_the_ontology_is_there_for_obo_tools_too(built: BuildResult, name: str) -> None:
    graph = Graph().parse(built.out / name, format="turtle" if name.endswith(".ttl") else "xml")
    terms = set(Graph().parse(paths.ONTOLOGY_FILE, format="turtle").subjects(SKOS.definition))
    definitions = {(term, text) for term, text in graph.subject_objects(SKOS.definition) if term in terms}
    assert len(definitions) >= len(terms) > 100
    assert definitions <= set(graph.subject_objects(DEFINITION))
