"""The kinds of entity are the ontology's, and every table keyed by a kind or relation follows it, by IRI.

The ontology says once what a kind is (:mod:`mskg.curation.kinds`); the view's entity query, the SHACL entity shape
and the KGX category read it from there. What is still a table in code (the view's chosen colours, the identifier
prefixes KGX prefers, the Biolink predicates) is keyed by IRI and held to the ontology both ways here, so a
renamed label changes nothing and a stale row fails.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil
from pathlib import Path

import pytest
from rdflib import RDFS, Graph, URIRef

from mskg.base import paths
from mskg.base.namespaces import BIOLINK, MSKG
from mskg.base.problems import CurationError
from mskg.base.vocabulary import DEFINITIONAL as _DEFINITIONAL
from mskg.base.vocabulary import ENTITY_RELATIONS
from mskg.checks.shacl import validate
from mskg.curation.kinds import KindError, entity_types, kinds_of
from mskg.curation.schema import read_ontology
from mskg.engine.store import EmbeddedStore
from mskg.outputs import view
from mskg.outputs.export import _PREFERRED_PREFIX, BIOLINK_PREDICATE, kgx, node_id
from mskg.outputs.graphmodel import mskg_model
from mskg.pipeline.build import STORE_DIR, BuildResult, build

from .helpers import copy_small_curation

_TURTLE_PREFIXES = """
@prefix mskg: <https://w3id.org/mskg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix biolink: <https://w3id.org/biolink/vocab/> .
"""


def _ontology() -> Graph:
    return read_ontology()


def _label(term: URIRef) -> str:
    return str(_ontology().value(term, RDFS.label))


def _top_kinds() -> set[URIRef]:
    return {t.kind for t in entity_types().values()}


def test_the_view_lists_entities_by_the_ontology_s_top_level_kinds(built: BuildResult) -> None:
    """Each entity of the build is shown under its top-level kind, and every kind with entities is shown."""
    model = mskg_model(EmbeddedStore(built.out / STORE_DIR))
    types = entity_types()
    curated = {e.id: e.type for e in built.curation.entities.values()}
    shown = {node.id.removeprefix("https://w3id.org/mskg/id/"): node.kind_iri for node in model.nodes.values()}
    assert set(shown) == set(curated)
    assert {entity: URIRef(kind) for entity, kind in shown.items()} == {e: types[t].kind for e, t in curated.items()}
    assert len(_top_kinds()) >= 16
    assert model.nodes["https://w3id.org/mskg/id/therapy/cd19-car-t"].kind_iri == str(MSKG.Therapy)


def test_every_top_level_kind_names_its_biolink_category_in_the_ontology() -> None:
    ontology = _ontology()
    for kind in _top_kinds():
        category = ontology.value(kind, MSKG.biolinkCategory)
        assert isinstance(category, URIRef), f"{kind} has no Biolink category"
        assert str(category).startswith(str(BIOLINK)), f"{kind}'s category {category} is not Biolink's"


def test_the_code_tables_keyed_by_kind_name_only_kinds_of_the_ontology() -> None:
    """Both ways where a row is required, one way where a kind may fall back (a palette colour, mskg's own id)."""
    kinds = _top_kinds()
    assert set(view._KIND_STYLE) <= kinds, "the view styles a class that is no top-level kind"
    assert set(_PREFERRED_PREFIX) <= kinds, "KGX prefers a prefix for a class that is no top-level kind"
    assert len(set(view._KIND_STYLE.values())) == len(view._KIND_STYLE), "two kinds are drawn alike"


def test_a_class_that_is_no_kind_is_not_one() -> None:
    types = entity_types()
    assert "StudyArm" not in types
    assert "Claim" not in types
    assert "TherapyTargetingCompartmentalizedBCells" not in types, "a defined class is the reasoner's answer"
    assert types["CellProduct"].id_prefix == "product"
    assert types["CellProduct"].kind == MSKG.Therapy


def test_the_relation_table_holds_exactly_the_relations_by_iri() -> None:
    relations = {*ENTITY_RELATIONS.values(), *_DEFINITIONAL.values()}
    assert set(BIOLINK_PREDICATE) == relations
    assert all(_label(prop) != "None" for prop in relations), "a relation the ontology does not label"


def test_renaming_a_kind_in_the_ontology_changes_no_table(built: BuildResult) -> None:
    """The KGX id and category and the view's colour follow the class, whatever its label says."""
    store = EmbeddedStore(built.out / STORE_DIR)
    model = mskg_model(store)
    therapy = model.nodes["https://w3id.org/mskg/id/therapy/cd19-car-t"]
    renamed = dataclasses.replace(therapy, kind="cellular treatment", kind_label="cellular treatment")
    assert therapy.category == "biolink:Treatment"
    assert node_id(renamed) == node_id(therapy)
    assert view._kind_styles([renamed])["cellular treatment"] == view._KIND_STYLE[URIRef(therapy.kind_iri)]


NEW_KIND = """
mskg:Biomarker a owl:Class ;
    mskg:idPrefix "biomarker" ;
    mskg:biolinkCategory biolink:ClinicalAttribute ;
    rdfs:label "biomarker"@en ;
    skos:definition "A measurable sign of a disease process, such as a protein in blood or cerebrospinal fluid."@en .
"""
NEW_ENTITY = """
  - id: biomarker/serum-nfl
    type: Biomarker
    label: serum neurofilament light chain
    definition: A protein released into the blood when axons are injured.
"""


def test_a_new_kind_of_entity_is_one_class_in_the_ontology(tmp_path: Path) -> None:
    """Add a kind to a copy of the ontology, and nothing else: curation, graph, shapes, view and KGX all take it."""
    curation_dir, sources_dir = copy_small_curation(tmp_path / "small")
    with (curation_dir / "disease.yaml").open("a", encoding="utf-8") as out:
        out.write(NEW_ENTITY)
    ontology_dir = tmp_path / "ontology"
    shutil.copytree(paths.ONTOLOGY_DIR, ontology_dir)
    ontology_file = ontology_dir / "mskg.ttl"
    with pytest.raises(CurationError, match="unknown entity type 'Biomarker'"):
        build(tmp_path / "before", curation_dir=curation_dir, sources_dir=sources_dir, ontology_file=ontology_file)

    with ontology_file.open("a", encoding="utf-8") as out:
        out.write(NEW_KIND)
    biomarker = URIRef(str(MSKG) + "Biomarker")
    assert entity_types(ontology_file)["Biomarker"].kind == biomarker
    result = build(
        tmp_path / "out", curation_dir=curation_dir, sources_dir=sources_dir, ontology_file=ontology_file, reason=False
    )
    assert result.report.errors == 0, [r for r in result.report.results if r.count]
    store = EmbeddedStore(result.out / STORE_DIR)
    node = mskg_model(store).nodes["https://w3id.org/mskg/id/biomarker/serum-nfl"]
    assert (node.kind_iri, node.kind_label, node.category) == (str(biomarker), "biomarker", "biolink:ClinicalAttribute")
    styles = view._kind_styles(mskg_model(store).nodes.values())
    assert styles["biomarker"] not in [style for kind, style in styles.items() if kind != "biomarker"]
    rows = list(csv.DictReader(io.StringIO(kgx(mskg_model(store)).nodes), delimiter="\t"))
    assert {"id": "MSKG.biomarker:serum-nfl", "category": "biolink:ClinicalAttribute"}.items() <= next(
        row for row in rows if row["name"] == "serum neurofilament light chain"
    ).items()


def test_an_entity_of_a_new_kind_is_held_to_the_entity_shape(tmp_path: Path) -> None:
    """The SHACL entity shape targets every kind the ontology declares, so a new kind's entities are checked too."""
    ontology = read_ontology() + Graph().parse(data=_TURTLE_PREFIXES + NEW_KIND, format="turtle")
    data = Graph().parse(
        data=_TURTLE_PREFIXES + "<https://w3id.org/mskg/id/biomarker/serum-nfl> a mskg:Biomarker .", format="turtle"
    )
    rules = {r.rule for r in validate(data, ontology) if r.count}
    assert {"shacl entity rdfs:label", "shacl entity skos:definition"} <= rules


def _kinds_graph(turtle: str) -> Graph:
    return Graph().parse(data=_TURTLE_PREFIXES + turtle, format="turtle")


def test_kinds_follow_the_rule_on_a_small_ontology() -> None:
    ontology = _kinds_graph(
        """
        mskg:Therapy mskg:idPrefix "therapy" .
        mskg:CellTherapy rdfs:subClassOf mskg:Therapy .
        mskg:CellProduct rdfs:subClassOf mskg:CellTherapy ; mskg:idPrefix "product" .
        mskg:Answer owl:equivalentClass [ a owl:Restriction ] ; rdfs:subClassOf mskg:Therapy .
        mskg:Claim a owl:Class .
        """
    )
    types = kinds_of(ontology)
    assert sorted(types) == ["CellProduct", "CellTherapy", "Therapy"]
    assert {name: (t.id_prefix, t.kind) for name, t in types.items()} == {
        "Therapy": ("therapy", MSKG.Therapy),
        "CellTherapy": ("therapy", MSKG.Therapy),
        "CellProduct": ("product", MSKG.Therapy),
    }


@pytest.mark.parametrize(
    ("turtle", "said"),
    [
        ('mskg:Therapy mskg:idPrefix "Therapy Kind" .', "an id prefix is a lower-case word"),
        (
            'mskg:A mskg:idPrefix "a" . mskg:B mskg:idPrefix "b" . mskg:C rdfs:subClassOf mskg:A , mskg:B .',
            "C is below two kinds of entity",
        ),
    ],
)
def test_kinds_that_contradict_each_other_are_refused(turtle: str, said: str) -> None:
    with pytest.raises(KindError, match=said):
        kinds_of(_kinds_graph(turtle))
