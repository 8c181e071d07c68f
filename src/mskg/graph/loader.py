"""Turns validated curation into the RDF data graph, verifying every quote and relation on the way.

Each claim becomes a reified ``mskg:Claim`` (``rdf:subject``/``rdf:predicate``/``rdf:object``) with its
qualifiers, evidence, provenance (PROV-O) and quote (a W3C Web Annotation specific resource whose
selector carries ``oa:exact``, ``oa:start`` and ``oa:end``; the text is repeated on the claim as
``mskg:quotedText`` so that queries read it in one step). When the source supports the statement the
plain triple is asserted too, so simple questions stay simple; a refuted, mixed or debated statement
lives only in its claim.

Provenance has two levels. ``prov:wasDerivedFrom`` names the one source the claim was read from (the review,
or a study for the study's own finding); each primary study behind a review's claim is a
``prov:qualifiedDerivation`` with its role (supports, refutes, context), so a refuting study is never mistaken
for a source of the claim. Each claim's evidence level, design and confidence come from
:mod:`mskg.curation.grading`, with the terms of the confidence stored beside it, and claims that disagree are linked
by ``mskg:conflictsWith``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from mskg.base import paths
from mskg.base.links import expand, ontology_prefix
from mskg.base.namespaces import GRAPH, MSKG, MSKGID, OA, bind_prefixes, mskg_term
from mskg.base.problems import CurationError
from mskg.base.statements import Phrase, statement
from mskg.base.vocabulary import DEFINITIONAL, ENTITY_RELATIONS, QUALIFIERS, Agent, Direction
from mskg.curation import Claim, Curation, Entity, Quote, Study
from mskg.curation.grading import Grade, Grader, conflicts
from mskg.curation.schema import Schema, read_imports, read_ontology
from mskg.curation.schemafit import fit_problems
from mskg.engine.canonical import in_store_form
from mskg.graph.records import add_source, add_study, source_iri
from mskg.graph.studygraph import add_study_parts

__all__ = ["assemble", "claim_iri", "claim_statement", "entity_iri", "load", "new_graph", "source_iri"]

_MATCH = {
    "exact": SKOS.exactMatch,
    "close": SKOS.closeMatch,
    "broad": SKOS.broadMatch,
    "narrow": SKOS.narrowMatch,
    "related": SKOS.relatedMatch,
}


def entity_iri(entity_id: str) -> URIRef:
    """The IRI of an entity: ``mskgid:`` + its id (``therapy/cd19-car-t``)."""
    return MSKGID[entity_id]


def claim_iri(claim_id: str) -> URIRef:
    """The IRI of a claim: ``mskgid:claim/`` + its id."""
    return MSKGID[f"claim/{claim_id}"]


def new_graph() -> Graph:
    """An empty graph with mskg's prefixes bound."""
    return bind_prefixes(Graph(bind_namespaces="none"))


def assemble(curation: Curation, ontology_file: Path | None = None) -> dict[URIRef, Graph]:
    """The named graphs of the knowledge graph: the ontology, the import slices and the curated data.

    Each in the form the store keeps (:func:`~mskg.engine.canonical.in_store_form`), so the checks read the same terms
    as the store and every file written from it.
    """
    file = ontology_file or paths.ONTOLOGY_FILE
    ontology = _ontology_in_store_form(file, file.stat().st_mtime)
    data = load(curation, Schema(ontology))
    return {
        GRAPH.ONTOLOGY: ontology,
        GRAPH.IMPORTS: in_store_form(read_imports()),
        GRAPH.DATA: in_store_form(data),
    }


@cache
def _ontology_in_store_form(file: Path, mtime: float) -> Graph:
    """The ontology in the store's form, made once per file version (read by every build of a long-lived process)."""
    return in_store_form(read_ontology(file))


def load(curation: Curation, schema: Schema) -> Graph:
    """The data graph of ``curation``; raises :class:`CurationError` when it does not fit the ontology.

    Whether it fits (domains and ranges, stated grades, CURIEs) is checked first, on the models
    (:mod:`mskg.curation.schemafit`), so this only emits RDF.
    """
    grader = Grader(schema.graph)
    grades = [grader.grade(claim, curation) for claim in curation.claims]
    problems = fit_problems(curation, schema, grades)
    if problems:
        raise CurationError(problems)
    graph = new_graph()
    for source in curation.sources.values():
        add_source(graph, source)
    for entity in curation.entities.values():
        _add_entity(graph, entity)
    for study in curation.studies.values():
        add_study(graph, study, grader)
        add_study_parts(graph, study, lambda entity_id: curation.entities[entity_id].label)
    for claim, grade in zip(curation.claims, grades, strict=True):
        _add_claim(graph, claim, curation, grade)
    for first, second in conflicts(curation):
        graph.add((claim_iri(first.id), MSKG.conflictsWith, claim_iri(second.id)))
        graph.add((claim_iri(second.id), MSKG.conflictsWith, claim_iri(first.id)))
    return graph


def _add_entity(graph: Graph, entity: Entity) -> None:
    node = entity_iri(entity.id)
    graph.add((node, RDF.type, mskg_term(entity.type)))
    graph.add((node, RDF.type, OWL.NamedIndividual))
    graph.add((node, RDFS.label, Literal(entity.label, lang="en")))
    graph.add((node, SKOS.definition, Literal(entity.definition, lang="en")))
    for synonym in entity.synonyms:
        graph.add((node, SKOS.altLabel, Literal(synonym, lang="en")))
    if entity.note:
        graph.add((node, RDFS.comment, Literal(entity.note, lang="en")))
    for field_name, prop in DEFINITIONAL.items():
        for target in getattr(entity, field_name):
            graph.add((node, prop, entity_iri(target)))
    for design in entity.calls_for:
        graph.add((node, MSKG.callsFor, design.iri))
    for mapping in entity.mappings:
        graph.add((node, _MATCH[mapping.predicate], expand(mapping.curie)))
    _add_mapping_decisions(graph, node, entity)


def _add_mapping_decisions(graph: Graph, node: URIRef, entity: Entity) -> None:
    """What the curator found besides mappings: an ontology with no fitting term, a term not yet checked.

    Both are in the graph so that SSSOM (``sssom:NoTermFound`` rows) and the mapping report are written from it.
    """
    for index, no_match in enumerate(entity.no_match, start=1):
        prefix = ontology_prefix(no_match.ontology)
        item = URIRef(f"{node}#no-match-{index}-{prefix.lower()}")
        graph.add((node, MSKG.noMatch, item))
        graph.add((item, RDF.type, MSKG.NoMatch))
        graph.add((item, MSKG.inOntology, Literal(prefix)))
        graph.add((item, RDFS.comment, Literal(no_match.reason, lang="en")))
    for index, pending in enumerate(entity.unverified, start=1):
        prefix = ontology_prefix(pending.ontology)
        item = URIRef(f"{node}#unverified-mapping-{index}-{prefix.lower()}")
        graph.add((node, MSKG.unverifiedMapping, item))
        graph.add((item, RDF.type, MSKG.UnverifiedMapping))
        graph.add((item, MSKG.inOntology, Literal(prefix)))
        if pending.candidate:
            graph.add((item, MSKG.candidateTerm, Literal(pending.candidate)))
        graph.add((item, RDFS.comment, Literal(pending.reason, lang="en")))


def _add_claim(graph: Graph, claim: Claim, curation: Curation, grade: Grade) -> None:
    predicate = ENTITY_RELATIONS[claim.relation]
    subject, obj = entity_iri(claim.subject), entity_iri(claim.object)
    node = claim_iri(claim.id)
    graph.add((node, RDF.type, MSKG.Claim))
    graph.add((node, RDF.type, OWL.NamedIndividual))
    graph.add((node, RDFS.label, Literal(claim_statement(claim, curation), lang="en")))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, predicate))
    graph.add((node, RDF.object, obj))
    if claim.direction is Direction.SUPPORTS:
        graph.add((subject, predicate, obj))
        graph.add((subject, MSKG.hasEvidenceFrom, grade.design.iri))
    for name, prop in QUALIFIERS:
        target = getattr(claim, name)
        if target is not None:
            graph.add((node, prop, entity_iri(target)))
    if claim.setting is not None:
        graph.add((node, MSKG.setting, Literal(claim.setting, lang="en")))
    if claim.effect is not None:
        graph.add((node, MSKG.effect, claim.effect.iri))
    graph.add((node, MSKG.direction, claim.direction.iri))
    graph.add((node, MSKG.certainty, claim.certainty.iri))
    graph.add((node, MSKG.evidenceLevel, grade.level.iri))
    graph.add((node, MSKG.studyDesign, grade.design.iri))
    for limitation in claim.limitations:
        graph.add((node, MSKG.hasLimitation, limitation.iri))
    graph.add((node, PROV.wasDerivedFrom, _source_node(claim.source)))
    for link in claim.studies:
        derivation = URIRef(f"{node}#from-{link.study.removeprefix('study/')}")
        graph.add((node, PROV.qualifiedDerivation, derivation))
        graph.add((derivation, RDF.type, PROV.Derivation))
        graph.add((derivation, PROV.entity, MSKGID[link.study]))
        graph.add((derivation, MSKG.evidenceRole, link.role.iri))
    _add_confidence(graph, node, grade)
    if claim.own_statement:
        graph.add((node, MSKG.ownStatement, Literal(True)))
    graph.add((node, PROV.wasAttributedTo, claim.agent.iri))
    if claim.note:
        graph.add((node, RDFS.comment, Literal(claim.note, lang="en")))
    if claim.quote is not None:
        _add_quote(graph, node, claim.quote, _source_node(claim.source))


def claim_statement(claim: Claim, curation: Curation) -> str:
    """The claim's label: one sentence, generated from its fields, that states its direction and effect."""

    def label(entity_id: str | None) -> str | None:
        return curation.entities[entity_id].label if entity_id is not None else None

    study = curation.studies.get(claim.source)
    return statement(
        Phrase(
            subject=curation.entities[claim.subject].label,
            relation=claim.relation,
            object=curation.entities[claim.object].label,
            effect=claim.effect.value if claim.effect else None,
            direction=claim.direction.value,
            certainty=claim.certainty.value,
            population=label(claim.population),
            route=label(claim.route),
            outcome=label(claim.outcome),
            comparator=label(claim.comparator),
            comparator_route=label(claim.comparator_route),
            setting=claim.setting,
            source=study_name(study) if study is not None else None,
            inferred=claim.agent is Agent.CURATOR_INFERENCE,
        )
    )


def study_name(study: Study) -> str:
    """A study's short name as clinicians cite it: "MESEMS", or the author and year its label ends with."""
    if study.short_name:
        return study.short_name
    cited = re.search(r"\(([^()]+)\)$", study.label)
    return cited.group(1) if cited else study.label


def _add_confidence(graph: Graph, node: URIRef, grade: Grade) -> None:
    """The claim's confidence and, for each study or source counted, the term that makes it up."""
    graph.add((node, MSKG.confidence, Literal(grade.confidence, datatype=XSD.decimal)))
    for index, term in enumerate(grade.terms):
        part = URIRef(f"{node}#term-{index + 1}")
        graph.add((node, MSKG.confidenceTerm, part))
        graph.add((part, RDF.type, MSKG.ConfidenceTerm))
        graph.add((part, MSKG.termSource, _source_node(term.source)))
        graph.add((part, MSKG.termLevel, term.level.iri))
        graph.add((part, MSKG.levelWeight, Literal(term.weight, datatype=XSD.decimal)))
        graph.add((part, MSKG.rating, Literal(term.rating, datatype=XSD.integer)))
        graph.add((part, MSKG.sign, Literal(term.sign, datatype=XSD.integer)))
        graph.add((part, MSKG.contribution, Literal(term.contribution, datatype=XSD.decimal)))
        if term.note is not None:
            graph.add((part, MSKG.termNote, Literal(term.note, lang="en")))
    for validator in grade.validated_by:
        graph.add((node, MSKG.validatedBy, MSKGID[validator]))


def _source_node(source_id: str) -> URIRef:
    return MSKGID[source_id] if source_id.startswith("study/") else source_iri(source_id)


def _add_quote(graph: Graph, claim_node: URIRef, quote: Quote, source: URIRef) -> None:
    target = URIRef(f"{claim_node}#quote")
    selector = URIRef(f"{claim_node}#selector")
    graph.add((claim_node, MSKG.quote, target))
    graph.add((claim_node, MSKG.quotedText, Literal(quote.text)))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, source))
    graph.add((target, OA.hasSelector, selector))
    graph.add((target, MSKG.passageRole, quote.role.iri))
    graph.add((selector, RDF.type, OA.TextQuoteSelector))
    graph.add((selector, RDF.type, OA.TextPositionSelector))
    graph.add((selector, OA.exact, Literal(quote.text)))
    graph.add((selector, OA.start, Literal(quote.start, datatype=XSD.integer)))
    graph.add((selector, OA.end, Literal(quote.end, datatype=XSD.integer)))
