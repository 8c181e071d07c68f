"""SHACL shapes: each shape catches what it is for, the real data conforms, and results come grouped."""

from __future__ import annotations

import pytest
from rdflib import Graph

from mskg.base.namespaces import GRAPH
from mskg.checks.shacl import validate
from mskg.curation import Curation
from mskg.curation.schema import read_ontology
from mskg.graph.loader import assemble

PREFIXES = """
@prefix mskg: <https://w3id.org/mskg/ontology#> .
@prefix id: <https://w3id.org/mskg/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
"""

#: A claim, its quote, its source and its two entities, all valid; each case below breaks one thing.
VALID = """
<https://w3id.org/mskg/id/source/review> a mskg:Source ; dcterms:title "A review" ; mskg:pmid "41997827" ;
    mskg:sourceText "CD19 CAR-T reaches the CNS." .
<https://w3id.org/mskg/id/therapy/cd19-car-t> a mskg:CARTCellTherapy , owl:NamedIndividual ;
    rdfs:label "CD19 CAR-T"@en ; skos:definition "CAR T cells against CD19."@en ;
    skos:exactMatch <http://purl.obolibrary.org/obo/MAXO_0001002> .
<https://w3id.org/mskg/id/compartment/cns> a mskg:CNSCompartment , owl:NamedIndividual ;
    rdfs:label "CNS"@en ; skos:definition "The central nervous system."@en .
<https://w3id.org/mskg/id/claim/c1> a mskg:Claim ;
    rdfs:label "CD19 CAR-T acts in CNS"@en ;
    rdf:subject <https://w3id.org/mskg/id/therapy/cd19-car-t> ;
    rdf:predicate mskg:actsIn ;
    rdf:object <https://w3id.org/mskg/id/compartment/cns> ;
    mskg:evidenceLevel mskg:EvidenceLevelC ;
    mskg:direction mskg:Supports ;
    mskg:certainty mskg:Preliminary ;
    mskg:studyDesign mskg:CaseSeries ;
    prov:wasDerivedFrom <https://w3id.org/mskg/id/source/review> ;
    prov:wasAttributedTo mskg:ManualCuration ;
    prov:qualifiedDerivation <https://w3id.org/mskg/id/claim/c1#from-mist> ;
    mskg:confidence 3.0 ;
    mskg:confidenceTerm <https://w3id.org/mskg/id/claim/c1#term-1> ;
    mskg:quote <https://w3id.org/mskg/id/claim/c1#quote> .
<https://w3id.org/mskg/id/claim/c1#from-mist> a prov:Derivation ;
    prov:entity <https://w3id.org/mskg/id/study/mist> ;
    mskg:evidenceRole mskg:ContextEvidence .
<https://w3id.org/mskg/id/claim/c1#term-1> a mskg:ConfidenceTerm ;
    mskg:termSource <https://w3id.org/mskg/id/source/review> ;
    mskg:termLevel mskg:EvidenceLevelC ;
    mskg:levelWeight 3.0 ;
    mskg:rating 1 ;
    mskg:sign 1 ;
    mskg:contribution 3.0 .
<https://w3id.org/mskg/id/claim/c1#quote> a oa:SpecificResource ;
    oa:hasSource <https://w3id.org/mskg/id/source/review> ;
    oa:hasSelector <https://w3id.org/mskg/id/claim/c1#selector> ;
    mskg:passageRole mskg:ResultsPassage .
<https://w3id.org/mskg/id/claim/c1#selector> a oa:TextQuoteSelector , oa:TextPositionSelector ;
    oa:exact "reaches the CNS" ;
    oa:start "11"^^xsd:integer ;
    oa:end "26"^^xsd:integer .
<https://w3id.org/mskg/id/study/mist> a mskg:Study ; rdfs:label "MIST" ; dcterms:title "A trial" ;
    mskg:studyDesign mskg:RandomizedControlledTrial ;
    mskg:trialStatus mskg:Completed ;
    mskg:studyLevel mskg:EvidenceLevelB ;
    mskg:levelBasis "B: a randomized trial (no phase in its record), not phase 3" ;
    mskg:rating 4 ;
    mskg:ratingBasis "1 + controlled + randomized + 103 patients = 4; not masked (open-label)" ;
    mskg:verified false ;
    mskg:unverifiedValue <https://w3id.org/mskg/id/study/mist#unverified-1-size> ;
    mskg:publicationYear 2019 ; mskg:pmid "12345678" .
<https://w3id.org/mskg/id/study/mist#unverified-1-size> a mskg:UnverifiedValue ;
    mskg:field "size" ; mskg:candidate "110" ; rdfs:comment "seen only on a forum" .
"""

# (case, text to replace in VALID, replacement, the rule the result must be grouped under)
CASES = [
    (
        "study without its own level",
        "    mskg:studyLevel mskg:EvidenceLevelB ;\n",
        "",
        "shacl study mskg:studyLevel",
    ),
    (
        "study rating without the points it adds up",
        '    mskg:ratingBasis "1 + controlled + randomized + 103 patients = 4; not masked (open-label)" ;\n',
        "",
        "shacl study mskg:ratingBasis",
    ),
    (
        "quote without its place in the source's argument",
        "    mskg:passageRole mskg:ResultsPassage .",
        "    .",
        "shacl quote mskg:passageRole",
    ),
    (
        "claim without evidence level",
        "    mskg:evidenceLevel mskg:EvidenceLevelC ;\n",
        "",
        "shacl claim mskg:evidenceLevel",
    ),
    (
        "evidence level outside A to E",
        "mskg:evidenceLevel mskg:EvidenceLevelC",
        "mskg:evidenceLevel mskg:Supports",
        "shacl claim mskg:evidenceLevel",
    ),
    (
        "two evidence levels",
        "mskg:evidenceLevel mskg:EvidenceLevelC",
        "mskg:evidenceLevel mskg:EvidenceLevelC , mskg:EvidenceLevelA",
        "shacl claim mskg:evidenceLevel",
    ),
    (
        "direction outside the allowed values",
        "mskg:direction mskg:Supports",
        "mskg:direction mskg:Preliminary",
        "shacl claim mskg:direction",
    ),
    (
        "claim with two subjects",
        "rdf:subject <https://w3id.org/mskg/id/therapy/cd19-car-t>",
        "rdf:subject <https://w3id.org/mskg/id/therapy/cd19-car-t> , <https://w3id.org/mskg/id/compartment/cns>",
        "shacl claim rdf:subject",
    ),
    (
        "claim without object",
        "    rdf:object <https://w3id.org/mskg/id/compartment/cns> ;\n",
        "",
        "shacl claim rdf:object",
    ),
    (
        "claim without source",
        "    prov:wasDerivedFrom <https://w3id.org/mskg/id/source/review> ;\n",
        "",
        "shacl claim prov:wasDerivedFrom",
    ),
    (
        "claim without curation agent",
        "    prov:wasAttributedTo mskg:ManualCuration ;\n",
        "",
        "shacl claim prov:wasAttributedTo",
    ),
    ("claim without certainty", "    mskg:certainty mskg:Preliminary ;\n", "", "shacl claim mskg:certainty"),
    ("claim without study design", "    mskg:studyDesign mskg:CaseSeries ;\n", "", "shacl claim mskg:studyDesign"),
    (
        "claim from a stored text without a quote",
        "    mskg:confidenceTerm <https://w3id.org/mskg/id/claim/c1#term-1> ;\n"
        "    mskg:quote <https://w3id.org/mskg/id/claim/c1#quote> .",
        "    mskg:confidenceTerm <https://w3id.org/mskg/id/claim/c1#term-1> .",
        "shacl claim",
    ),
    ("quote selector without its text", '    oa:exact "reaches the CNS" ;\n', "", "shacl claim mskg:quote"),
    (
        "quote that ends before it starts",
        'oa:end "26"^^xsd:integer',
        'oa:end "3"^^xsd:integer',
        "shacl claim mskg:quote",
    ),
    (
        "entity without label",
        '    rdfs:label "CNS"@en ; skos:definition',
        "    skos:definition",
        "shacl entity rdfs:label",
    ),
    (
        "entity without definition",
        ' ;\n    rdfs:label "CNS"@en ; skos:definition "The central nervous system."@en .',
        ' ;\n    rdfs:label "CNS"@en .',
        "shacl entity skos:definition",
    ),
    ("label not in English", 'rdfs:label "CNS"@en', 'rdfs:label "SNC"@fr', "shacl entity rdfs:label"),
    (
        "mapping that is not an IRI",
        "skos:exactMatch <http://purl.obolibrary.org/obo/MAXO_0001002>",
        'skos:exactMatch "MAXO:0001002"',
        "shacl entity (alternative path)",
    ),
    (
        "entity IRI outside the id scheme",
        "<https://w3id.org/mskg/id/compartment/cns> a",
        "<https://example.org/CNS> a",
        "shacl entity",
    ),
    (
        "study without design",
        "    mskg:studyDesign mskg:RandomizedControlledTrial ;\n",
        "",
        "shacl study mskg:studyDesign",
    ),
    ("study without year or an unverified year", "    mskg:publicationYear 2019 ;", "   ", "shacl study"),
    ("study without title or an unverified title", ' ; dcterms:title "A trial" ;', " ;", "shacl study"),
    ("study without any identifier", ' ; mskg:pmid "12345678" .', " .", "shacl study"),
    ("study rated outside 1 to 5", "    mskg:rating 4 ;", "    mskg:rating 6 ;", "shacl study mskg:rating"),
    ("study verified despite an unverified value", "mskg:verified false", "mskg:verified true", "shacl study"),
    (
        "study neither completed nor ongoing",
        "mskg:trialStatus mskg:Completed",
        "mskg:trialStatus mskg:Supports",
        "shacl study mskg:trialStatus",
    ),
    (
        "unverified value without a reason",
        ' ; mskg:candidate "110" ; rdfs:comment "seen only on a forum" .',
        ' ; mskg:candidate "110" .',
        "shacl study mskg:unverifiedValue",
    ),
    (
        "study link without a role",
        "    mskg:evidenceRole mskg:ContextEvidence .",
        "    mskg:studyDesign mskg:CaseSeries .",
        "shacl claim prov:qualifiedDerivation",
    ),
    ("claim without confidence", "    mskg:confidence 3.0 ;\n", "", "shacl claim mskg:confidence"),
    (
        "confidence term whose contribution is not sign x weight x rating",
        "    mskg:contribution 3.0 .",
        "    mskg:contribution 30.0 .",
        "shacl claim mskg:confidenceTerm",
    ),
    (
        "claim derived from something that is neither a source nor a study",
        "    prov:wasDerivedFrom <https://w3id.org/mskg/id/source/review> ;\n",
        "    prov:wasDerivedFrom <https://w3id.org/mskg/id/compartment/cns> ;\n",
        "shacl claim prov:wasDerivedFrom",
    ),
    ("source with a malformed PMID", 'mskg:pmid "41997827"', 'mskg:pmid "PMID 41997827"', "shacl source mskg:pmid"),
]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return read_ontology()


def test_the_valid_fixture_conforms(ontology: Graph) -> None:
    assert [r for r in validate(Graph().parse(data=PREFIXES + VALID, format="turtle"), ontology) if r.count] == []


@pytest.mark.parametrize(("case", "old", "new", "rule"), CASES, ids=[c[0] for c in CASES])
def test_each_shape_reports_what_it_is_for(ontology: Graph, case: str, old: str, new: str, rule: str) -> None:
    assert old in VALID, case
    data = Graph().parse(data=PREFIXES + VALID.replace(old, new), format="turtle")
    results = {r.rule: r for r in validate(data, ontology) if r.count}
    assert rule in results, f"{case}: expected {rule!r}, got {sorted(results)}"
    assert results[rule].severity == "error"
    assert results[rule].problem


def test_the_curated_data_conforms(curation: Curation) -> None:
    graphs = assemble(curation)
    results = validate(graphs[GRAPH.DATA], graphs[GRAPH.ONTOLOGY])
    assert [(r.rule, r.examples) for r in results if r.count] == []


def test_violations_are_grouped_by_shape_and_path_with_three_examples(ontology: Graph) -> None:
    many = PREFIXES + "".join(
        f'<https://w3id.org/mskg/id/claim/x{n}> a mskg:Claim ; rdfs:label "x{n}" .\n' for n in range(7)
    )
    results = {r.rule: r for r in validate(Graph().parse(data=many, format="turtle"), ontology) if r.count}
    level = results["shacl claim mskg:evidenceLevel"]
    assert level.count == 7
    assert len(level.examples) == 3
    assert level.problem == "a claim has exactly one evidence level, A to E"
