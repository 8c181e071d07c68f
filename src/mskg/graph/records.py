"""The sources and studies of the graph as records: bibliographic fields, identifiers linked out, citations.

A source (a review, a PubMed record) and a study (a trial as clinicians cite it, with its design, status,
appraisal and the values not yet verified) each become one node whose ``dcterms:bibliographicCitation`` is
written by the one :func:`citation`. The parts of a study (arms, results, harms, eligibility) are
:mod:`mskg.graph.studygraph`'s.
"""

from __future__ import annotations

import re

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from mskg.base.links import expand
from mskg.base.namespaces import MSKG, MSKGID
from mskg.curation import Source, Study
from mskg.curation.grading import Grader

__all__ = ["add_source", "add_study", "citation", "source_iri"]


def source_iri(source_id: str) -> URIRef:
    """The IRI of a source: ``mskgid:source/`` + its record's file name."""
    return MSKGID[f"source/{source_id}"]


def add_source(graph: Graph, source: Source) -> None:
    """A source record: title, authors, year, journal, identifiers linked out, its citation and stored text."""
    node = source_iri(source.id)
    record = source.record
    graph.add((node, RDF.type, MSKG.Source))
    graph.add((node, RDF.type, OWL.NamedIndividual))
    graph.add((node, RDFS.label, Literal(record.title, lang="en")))
    graph.add((node, DCTERMS.title, Literal(record.title, lang="en")))
    for author in record.authors:
        graph.add((node, DCTERMS.creator, Literal(author)))
    if record.year is not None:
        graph.add((node, MSKG.publicationYear, Literal(record.year, datatype=XSD.integer)))
    if record.journal:
        graph.add((node, MSKG.journal, Literal(record.journal)))
    if record.pmid:
        graph.add((node, MSKG.pmid, Literal(record.pmid)))
        graph.add((node, RDFS.seeAlso, expand(f"PMID:{record.pmid}")))
    if record.doi:
        graph.add((node, MSKG.doi, Literal(record.doi)))
        graph.add((node, RDFS.seeAlso, expand(f"doi:{record.doi}")))
    if record.url:
        graph.add((node, RDFS.seeAlso, URIRef(record.url)))
    graph.add((node, DCTERMS.bibliographicCitation, Literal(_source_citation(source))))
    if source.text is not None:
        graph.add((node, MSKG.sourceText, Literal(source.text)))


_REGISTRIES = (
    (re.compile(r"^NCT\d{8}$"), "clinicaltrials"),
    (re.compile(r"^ISRCTN\d+$"), "isrctn"),
    (re.compile(r"^\d{4}-\d{6}-\d{2}$"), "euclinicaltrials"),
)


def _source_citation(source: Source) -> str:
    record = source.record
    authors = ", ".join(record.authors)
    lead = f"{authors}." if authors else ""
    return citation(lead, record.title, record.journal, record.year, record.doi, record.pmid, record.url or "")


def add_study(graph: Graph, study: Study, grader: Grader) -> None:
    """A study with its design, status, appraisal, descriptions, identifiers (linked out) and unverified values."""
    node = MSKGID[study.id]
    graph.add((node, RDF.type, MSKG.Study))
    graph.add((node, RDF.type, OWL.NamedIndividual))
    graph.add((node, RDFS.label, Literal(study.label, lang="en")))
    if study.short_name is not None:
        graph.add((node, SKOS.altLabel, Literal(study.short_name, lang="en")))
    if study.title is not None:
        graph.add((node, DCTERMS.title, Literal(study.title, lang="en")))
    graph.add((node, MSKG.studyDesign, study.design.iri))
    graph.add((node, MSKG.trialStatus, study.status.iri))
    if study.year is not None:
        graph.add((node, MSKG.publicationYear, Literal(study.year, datatype=XSD.integer)))
    appraisal = grader.appraisal(study)
    graph.add((node, MSKG.studyLevel, appraisal.level.iri))
    graph.add((node, MSKG.levelBasis, Literal(appraisal.level_basis, lang="en")))
    graph.add((node, MSKG.rating, Literal(appraisal.rating, datatype=XSD.integer)))
    graph.add((node, MSKG.ratingBasis, Literal(appraisal.rating_basis, lang="en")))
    for prop, others in ((MSKG.poolsStudy, study.pools), (MSKG.citesStudy, study.cites)):
        for other in others:
            graph.add((node, prop, MSKGID[other]))
    for design in study.pooled_designs:
        graph.add((node, MSKG.poolsDesign, design.iri))
    graph.add((node, MSKG.verified, Literal(study.verified)))
    texts = (
        (MSKG.phase, study.phase),
        (MSKG.populationDescription, study.population),
        (MSKG.interventionDescription, study.intervention),
        (MSKG.comparatorDescription, study.comparator),
        (MSKG.primaryOutcome, study.primary_outcome),
        (MSKG.primaryResult, study.result),
        (MSKG.journal, study.journal),
        (MSKG.pmid, study.pmid),
        (MSKG.pmcid, study.pmcid),
        (MSKG.doi, study.doi),
    )
    for prop, value in texts:
        if value is not None:
            graph.add((node, prop, Literal(value)))
    if study.size is not None:
        graph.add((node, MSKG.sampleSize, Literal(study.size, datatype=XSD.integer)))
    if study.therapy is not None:
        graph.add((node, MSKG.testedTherapy, MSKGID[study.therapy]))
    for population in study.populations:
        graph.add((node, MSKG.studiedPopulation, MSKGID[population]))
    for registration in study.registry:
        graph.add((node, MSKG.registryId, Literal(registration)))
        link = _registry_link(registration)
        if link is not None:
            graph.add((node, RDFS.seeAlso, link))
    for prefix, value in (("PMID", study.pmid), ("PMC", study.pmcid), ("doi", study.doi)):
        if value:
            graph.add((node, RDFS.seeAlso, expand(f"{prefix}:{value}")))
    for index, pending in enumerate(study.unverified, start=1):
        item = URIRef(f"{node}#unverified-{index}-{pending.field.replace('_', '-')}")
        graph.add((node, MSKG.unverifiedValue, item))
        graph.add((item, RDF.type, MSKG.UnverifiedValue))
        graph.add((item, MSKG.field, Literal(pending.field)))
        if pending.candidate is not None:
            graph.add((item, MSKG.candidate, Literal(pending.candidate)))
        graph.add((item, RDFS.comment, Literal(pending.reason, lang="en")))
        for target in pending.about:
            graph.add((item, MSKG.candidateAbout, MSKGID[target]))
    for text in (study.note, f"Checked against: {study.checked_against}" if study.checked_against else None):
        if text:
            graph.add((node, RDFS.comment, Literal(text, lang="en")))
    graph.add(
        (
            node,
            DCTERMS.bibliographicCitation,
            Literal(
                citation(
                    study.label + ".",
                    study.title,
                    study.journal,
                    study.year,
                    study.doi,
                    study.pmid,
                    " ".join(study.registry),
                    "" if study.verified else "(some identifiers or numbers unverified)",
                )
            ),
        )
    )


def _registry_link(registration: str) -> URIRef | None:
    """The registry page of a trial registration, for the registries the prefix map knows (not PROSPERO)."""
    for pattern, prefix in _REGISTRIES:
        if pattern.match(registration):
            return expand(f"{prefix}:{registration}")
    return None


def citation(
    lead: str,
    title: str | None,
    journal: str | None,
    year: int | None,
    doi: str | None,
    pmid: str | None,
    *after: str,
) -> str:
    """A one-line citation: who or what, title, journal, year and identifiers, leaving out what is not known.

    >>> citation("Smith J, Roe A.", "A trial.", "Neurology", 2020, "10.1/x", None, "NCT00000001")
    'Smith J, Roe A. A trial. Neurology. 2020. doi:10.1/x NCT00000001'
    """
    parts = (
        lead,
        title or "",
        f"{journal}." if journal else "",
        f"{year}." if year else "",
        f"doi:{doi}" if doi else "",
        f"PMID:{pmid}" if pmid else "",
        *after,
    )
    return " ".join(part for part in parts if part)
