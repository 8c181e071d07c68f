"""The ontology: OWL 2 DL in Turtle, fully labelled and defined, and agreeing with the Python vocabulary."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS

from mskg.base import paths
from mskg.base.namespaces import MSKG
from mskg.curation.schema import Schema, read_ontology

ONTOLOGY = URIRef("https://w3id.org/mskg/ontology")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return read_ontology()


def _declared(ontology: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(s for s in ontology.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(MSKG._NS))


def test_the_ontology_names_its_version_licence_and_creators(ontology: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY, OWL.versionIRI) == URIRef("https://w3id.org/mskg/ontology/0.1.0")
    assert ontology.value(ONTOLOGY, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert ontology.value(ONTOLOGY, DCTERMS.creator) is not None


@pytest.mark.parametrize("kind", [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual])
def test_every_term_has_an_english_label_and_a_definition(ontology: Graph, kind: URIRef) -> None:
    terms = _declared(ontology, kind)
    assert terms
    for term in terms:
        labels = list(ontology.objects(term, RDFS.label))
        assert labels, f"{term} has no rdfs:label"
        assert ontology.value(term, SKOS.definition) is not None, f"{term} has no skos:definition"


def test_every_term_the_python_vocabulary_names_is_declared_by_the_ontology(ontology: Graph) -> None:
    """One way only: :class:`MSKG` names the terms the code uses; a new kind of entity needs no Python name."""
    in_python = {MSKG[name] for name in MSKG.__annotations__}
    assert in_python <= Schema(ontology).terms(), sorted(in_python - Schema(ontology).terms())
    assert MSKG.Therapy in in_python
    assert MSKG.idPrefix in in_python


def test_a_typo_in_an_ontology_term_raises() -> None:
    with pytest.raises(AttributeError):
        _ = MSKG.Therapie


def test_every_kind_of_thing_in_the_design_has_a_class(ontology: Graph) -> None:
    kinds = [
        "Therapy",
        "CellTherapy",
        "AHSCT",
        "CARTCellTherapy",
        "MSCTherapy",
        "DiseaseModifyingTherapy",
        "MolecularTarget",
        "CellType",
        "AnatomicalCompartment",
        "Mechanism",
        "DiseaseForm",
        "Outcome",
        "AdministrationRoute",
        "AdverseEvent",
        "Study",
        "Source",
        "Claim",
        "EvidenceLevel",
        "StudyDesign",
    ]
    for kind in kinds:
        assert (MSKG[kind], RDF.type, OWL.Class) in ontology, kind


def test_cell_therapies_are_therapies_and_car_t_is_a_cell_therapy() -> None:
    schema = Schema.load()
    assert schema.is_a(MSKG.CARTCellTherapy, MSKG.CellTherapy)
    assert schema.is_a(MSKG.AHSCT, MSKG.Therapy)
    assert not schema.is_a(MSKG.DiseaseModifyingTherapy, MSKG.CellTherapy)


def test_targets_links_a_therapy_to_a_molecular_target() -> None:
    schema = Schema.load()
    assert schema.domains(MSKG.targets) == {MSKG.Therapy}
    assert schema.ranges(MSKG.targets) == {MSKG.MolecularTarget}


def test_studied_in_inherits_nothing_it_does_not_state() -> None:
    schema = Schema.load()
    assert schema.ranges(MSKG.studiedIn) == {MSKG.DiseaseForm}


def test_a_defined_class_answers_which_therapies_target_compartmentalized_b_cells(ontology: Graph) -> None:
    assert Schema(ontology).is_defined_class(MSKG.TherapyTargetingCompartmentalizedBCells)


def test_the_shipped_ontology_file_is_the_one_read() -> None:
    assert paths.ONTOLOGY_FILE.is_file()
    assert paths.ONTOLOGY_FILE.name == "mskg.ttl"
