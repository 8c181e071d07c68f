"""The loader: claims become reified statements with evidence, provenance and a Web Annotation quote."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from mskg.base.namespaces import MSKG, OA
from mskg.curation import Curation, read_curation
from mskg.curation.schema import Schema
from mskg.graph.loader import claim_iri, load

from .helpers import offsets
from .terms import CD19, CD19_CAR_T, CNS, HIGH_EFFICACY_DMT, MS, MSC, PROGRESSIVE_MS, REVIEW


@pytest.fixture(scope="module")
def graph(curation: Curation) -> Graph:
    return load(curation, Schema.load())


def test_a_claim_is_reified_and_its_supported_triple_is_asserted(graph: Graph) -> None:
    claim = claim_iri("cd19-car-t-targets-cd19")
    assert (claim, RDF.type, MSKG.Claim) in graph
    assert (claim, RDF.subject, CD19_CAR_T) in graph
    assert (claim, RDF.predicate, MSKG.targets) in graph
    assert (claim, RDF.object, CD19) in graph
    assert (CD19_CAR_T, MSKG.targets, CD19) in graph


def test_a_claim_carries_direction_certainty_level_design_and_provenance(graph: Graph) -> None:
    claim = claim_iri("cd19-car-t-reaches-cns")
    assert graph.value(claim, MSKG.direction) == MSKG.Supports
    assert graph.value(claim, MSKG.certainty) == MSKG.Preliminary
    assert graph.value(claim, MSKG.evidenceLevel) == MSKG.EvidenceLevelC
    assert graph.value(claim, MSKG.studyDesign) == MSKG.CaseSeries
    assert graph.value(claim, MSKG.population) == PROGRESSIVE_MS
    assert graph.value(claim, PROV.wasDerivedFrom) == REVIEW
    assert graph.value(claim, PROV.wasAttributedTo) == MSKG.ManualCuration
    assert (CD19_CAR_T, MSKG.reaches, CNS) in graph


def test_a_quote_is_a_web_annotation_with_its_text_and_offsets(graph: Graph, curation: Curation) -> None:
    [curated] = [claim.quote for claim in curation.claims if claim.id == "msc-efficacy-inconsistent"]
    assert curated is not None
    target = graph.value(claim_iri("msc-efficacy-inconsistent"), MSKG.quote)
    assert (target, RDF.type, OA.SpecificResource) in graph
    assert graph.value(target, OA.hasSource) == REVIEW
    selector = graph.value(target, OA.hasSelector)
    assert set(graph.objects(selector, RDF.type)) == {OA.TextQuoteSelector, OA.TextPositionSelector}
    exact = str(graph.value(selector, OA.exact))
    start = graph.value(selector, OA.start)
    assert exact.startswith("efficacy remains inconsistent")
    assert start == Literal(curated.start, datatype=XSD.integer)
    text = str(graph.value(REVIEW, MSKG.sourceText))
    end = graph.value(selector, OA.end)
    assert isinstance(start, Literal)
    assert isinstance(end, Literal)
    assert text[start.toPython() : end.toPython()] == exact


def test_a_mixed_claim_keeps_its_limitations_and_asserts_nothing_by_itself(graph: Graph) -> None:
    claim = claim_iri("msc-efficacy-inconsistent")
    assert graph.value(claim, MSKG.direction) == MSKG.Mixed
    assert set(graph.objects(claim, MSKG.hasLimitation)) == {
        MSKG.HeterogeneousStudyDesigns,
        MSKG.HeterogeneousPopulations,
        MSKG.HeterogeneousOutcomeMeasures,
    }


def test_a_refuted_statement_lives_only_in_its_claim(curation_copy: tuple[Path, Path]) -> None:
    curation_dir, sources_dir = curation_copy
    quote = "therapeutic options for progressive MS remain scarce"
    start, end = offsets(quote, (sources_dir / "pubmed-41997827.abstract.txt").read_text(encoding="utf-8"))
    (curation_dir / "refuted.yaml").write_text(
        "claims:\n"
        "  - id: high-efficacy-dmt-not-effective-in-progressive-ms\n"
        "    subject: therapy/high-efficacy-dmt\n"
        "    relation: effectiveIn\n"
        "    object: disease-form/progressive-ms\n"
        "    direction: refutes\n"
        "    certainty: established\n"
        "    evidence_level: E\n"
        "    study_design: expert-opinion\n"
        "    source: pubmed-41997827\n"
        "    quote:\n"
        f"      text: {quote}\n"
        f"      start: {start}\n"
        f"      end: {end}\n"
        "      role: background\n",
        encoding="utf-8",
    )
    graph = load(read_curation(curation_dir, sources_dir), Schema.load())
    claim = claim_iri("high-efficacy-dmt-not-effective-in-progressive-ms")
    assert graph.value(claim, MSKG.direction) == MSKG.Refutes
    assert (HIGH_EFFICACY_DMT, MSKG.effectiveIn, PROGRESSIVE_MS) not in graph


def test_entities_link_out_by_canonical_iris(graph: Graph) -> None:
    assert (MS, SKOS.exactMatch, URIRef("http://purl.obolibrary.org/obo/MONDO_0005301")) in graph
    assert (CD19, SKOS.exactMatch, URIRef("http://purl.uniprot.org/uniprot/P15391")) in graph
    assert (CD19, SKOS.closeMatch, URIRef("https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/1633")) in graph


def test_subtypes_and_definitional_links_are_asserted(graph: Graph) -> None:
    assert (CD19_CAR_T, MSKG.subtypeOf, URIRef("https://w3id.org/mskg/id/therapy/car-t")) in graph
    assert (
        URIRef("https://w3id.org/mskg/id/research-need/randomized-trials"),
        MSKG.callsFor,
        MSKG.RandomizedControlledTrial,
    ) in graph


def test_the_review_source_keeps_its_text_and_citation(graph: Graph) -> None:
    assert str(graph.value(REVIEW, MSKG.pmid)) == "41997827"
    assert str(graph.value(REVIEW, MSKG.doi)) == "10.1016/j.neurol.2026.03.012"
    assert len(str(graph.value(REVIEW, MSKG.sourceText))) == 1900
    assert (
        REVIEW,
        URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"),
        URIRef("https://pubmed.ncbi.nlm.nih.gov/41997827"),
    ) in graph


def test_every_claim_has_a_label_that_states_it(graph: Graph) -> None:
    label = graph.value(claim_iri("msc-given-intrathecally"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
    assert str(label) == "mesenchymal stromal cell therapy is given by intrathecal administration"
    compared = claim_iri("msc-benefit-greatest-with-intrathecal-administration")
    assert graph.value(compared, MSKG.comparatorRoute) == URIRef("https://w3id.org/mskg/id/route/intravenous")
    assert graph.value(compared, PROV.wasAttributedTo) == MSKG.CuratorInference
    assert (MSC, MSKG.administeredVia, URIRef("https://w3id.org/mskg/id/route/intrathecal")) in graph
