"""The curated links to external ontologies: checked per ontology against the import slices, and written as SSSOM.

Every mapping names a term (a CURIE), a SKOS predicate and the label the curator saw in the ontology; every "no
match" names an ontology and why it has no fitting term. :func:`check` compares them with ``ontology/imports/``
(the term is there, not deprecated, with that label, and its ancestors are there too); :func:`sssom_table` writes
them as an SSSOM mapping set that other tools read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import OWL, RDFS, SKOS, Graph, Literal, URIRef

from mskg.base.links import (
    LinkError,
    compress,
    converter,
    exchange_curie,
    exchange_prefix_map,
    expand,
    ontology_name,
    ontology_prefix,
    standardize,
)
from mskg.checks.slices import PART_OF
from mskg.curation import Curation
from mskg.engine.queries import internal_query
from mskg.engine.store import QueryStore

__all__ = ["OntologyReport", "check", "mapped_curies", "mapping_problems", "sssom_table"]

MAPPING_SET_ID = "https://w3id.org/mskg/mappings.sssom.tsv"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


@dataclass
class OntologyReport:
    """What the check found for one ontology: counts, and each problem in words."""

    prefix: str
    name: str
    mappings: int = 0
    verified: int = 0
    no_match: int = 0
    unverified: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check(curation: Curation, slices: Graph, ontology: Graph | None = None) -> dict[str, OntologyReport]:
    """Per ontology: every mapping's CURIE, presence in the slice, label, deprecation, and ancestors."""
    reports: dict[str, OntologyReport] = {}

    def report(prefix: str) -> OntologyReport:
        if prefix not in reports:
            try:
                name = ontology_name(prefix)
            except LinkError:
                name = prefix
            reports[prefix] = OntologyReport(prefix, name)
        return reports[prefix]

    for entity in curation.entities.values():
        for mapping in entity.mappings:
            where = f"{entity.file.name}:{mapping.line()} {entity.id}"
            try:
                curie = standardize(mapping.curie)
            except LinkError as error:
                report(mapping.curie.split(":", 1)[0]).errors.append(f"{where}: {error}")
                continue
            entry = report(curie.split(":", 1)[0])
            entry.mappings += 1
            problem = _term_problem(slices, expand(curie), mapping.label)
            if problem:
                entry.errors.append(f"{where} → {curie}: {problem}")
            else:
                entry.verified += 1
        for no_match in entity.no_match:
            report(ontology_prefix(no_match.ontology)).no_match += 1
        for pending in entity.unverified:
            candidate = f" ({pending.candidate})" if pending.candidate else ""
            report(ontology_prefix(pending.ontology)).unverified.append(f"{entity.id}{candidate}: {pending.reason}")
    for subject, external in _ontology_mappings(ontology):
        term = compress(str(external))
        if term is None:
            continue
        entry = report(term.split(":", 1)[0])
        entry.mappings += 1
        problem = _term_problem(slices, external, None)
        if problem:
            entry.errors.append(f"ontology/mskg.ttl {compress(str(subject)) or subject} → {term}: {problem}")
        else:
            entry.verified += 1
    for parent in _missing_ancestors(slices):
        found = compress(str(parent))
        if found:
            report(found.split(":", 1)[0]).warnings.append(f"{found} is a parent in the slice but not described in it")
    return dict(sorted(reports.items()))


def mapping_problems(curation: Curation, slices: Graph, ontology: Graph | None = None) -> list[str]:
    """Each mapping that names no term of an import slice, a deprecated one, or one with another label.

    The build's ``mapping-matches-import`` check, and the only one: :func:`check`'s errors for the curated mappings
    (and the ontology's own, when it is given), in one list.
    """
    return [line for report in check(curation, slices, ontology).values() for line in report.errors]


def _term_problem(slices: Graph, iri: URIRef, label: str | None) -> str | None:
    labels = {str(value) for value in slices.objects(iri, RDFS.label)}
    if not labels:
        return "not in ontology/imports (verify it in the ontology's own files, then add it to the slice)"
    if (iri, OWL.deprecated, Literal(True)) in slices:
        return "deprecated in its ontology (map to its replacement)"
    if label is not None and label not in labels:
        return f"label {label!r}, but the ontology says {sorted(labels)[0]!r}"
    return None


def _ontology_mappings(ontology: Graph | None) -> Iterable[tuple[URIRef, URIRef]]:
    """The (term, external term) mappings the ontology itself states, for its study designs and classes."""
    if ontology is None:
        return []
    found: list[tuple[URIRef, URIRef]] = []
    for predicate in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch):
        found.extend(
            (s, o) for s, o in ontology.subject_objects(predicate) if isinstance(s, URIRef) and isinstance(o, URIRef)
        )
    return found


def _missing_ancestors(slices: Graph) -> list[URIRef]:
    """Parents named in a slice that the slice itself does not describe (a chain cut short)."""
    described = {s for s in slices.subjects(RDFS.label, None)}
    parents = {o for p in (RDFS.subClassOf, PART_OF) for o in slices.objects(None, p) if isinstance(o, URIRef)}
    known = set(converter().prefix_map.values())
    return sorted(p for p in parents - described if any(str(p).startswith(uri) for uri in known))


def sssom_table(store: QueryStore) -> str:
    """The mapping decisions of a built store (mappings and no-matches) as an SSSOM/TSV document with its metadata.

    Read from the graph, as every output is: each mapping with its SKOS predicate and the external term's label in
    the import slice (the label the curator saw, as the mapping check makes sure), each no-match as a row to
    ``sssom:NoTermFound`` that names the ontology and the reason.
    """
    rows: list[dict[str, str]] = []
    used_prefixes: set[str] = {"skos", "semapv", "sssom"}
    subjects: set[str] = set()
    for found in store.select(internal_query("sssom-rows")).rows:
        subject = exchange_curie(str(found["entity"]))
        subjects.add(subject)
        row = {"subject_id": subject, "subject_label": str(found["label"])}
        if "term" in found:
            curie = compress(str(found["term"])) or str(found["term"])
            used_prefixes.add(curie.split(":", 1)[0])
            row |= {
                "predicate_id": "skos:" + str(found["predicate"]).rsplit("#", 1)[1],
                "object_id": curie,
                "object_label": str(found.get("termLabel", "")),
                "object_source": "",
                "comment": "",
            }
        else:
            prefix = str(found["ontology"])
            row |= {
                "predicate_id": "skos:exactMatch",
                "object_id": "sssom:NoTermFound",
                "object_label": "",
                "object_source": f"obo:{prefix.lower()}" if _is_obo(prefix) else "",
                "comment": f"No {ontology_name(prefix) if _known(prefix) else prefix} term: {found['reason']}",
            }
            if _is_obo(prefix):
                used_prefixes.add("obo")
        rows.append(row | {"mapping_justification": "semapv:ManualMappingCuration"})
    curie_map = {**exchange_prefix_map(subjects), **{prefix: _uri_prefix(prefix) for prefix in sorted(used_prefixes)}}
    lines = [
        f"#mapping_set_id: {MAPPING_SET_ID}",
        "#mapping_set_title: mskg entities mapped to the biomedical ontologies their users know",
        f"#license: {LICENSE}",
        "#mapping_set_description: Manually curated, each term checked in its ontology's own files; a row with"
        " object sssom:NoTermFound says the ontology has no fitting term.",
        "#curie_map:",
        *(f"#  {prefix}: {uri}" for prefix, uri in curie_map.items()),
    ]
    out = io.StringIO()
    columns = [
        "subject_id",
        "subject_label",
        "predicate_id",
        "object_id",
        "object_label",
        "mapping_justification",
        "object_source",
        "comment",
    ]
    writer = csv.DictWriter(out, fieldnames=columns, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return "\n".join(lines) + "\n" + out.getvalue()


def _known(prefix: str) -> bool:
    try:
        ontology_name(prefix)
    except LinkError:
        return False
    return True


def _is_obo(prefix: str) -> bool:
    return _known(prefix) and _uri_prefix(prefix).startswith("http://purl.obolibrary.org/obo/")


def _uri_prefix(prefix: str) -> str:
    fixed = {
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "semapv": "https://w3id.org/semapv/vocab/",
        "sssom": "https://w3id.org/sssom/",
        "obo": "http://purl.obolibrary.org/obo/",
    }
    if prefix in fixed:
        return fixed[prefix]
    return str(converter().prefix_map[prefix])


def mapped_curies(curation: Curation | None = None, prefixes: set[str] | None = None) -> list[str]:
    """Every external term mskg maps to (curated entities and the ontology's own mappings), optionally by prefix."""
    from mskg.curation import read_curation
    from mskg.curation.schema import read_ontology

    curation = curation or read_curation()
    found = {standardize(m.curie) for e in curation.entities.values() for m in e.mappings}
    found |= {term for _, external in _ontology_mappings(read_ontology()) if (term := compress(str(external)))}
    if prefixes is not None:
        wanted = {p.casefold() for p in prefixes}
        found = {curie for curie in found if curie.split(":", 1)[0].casefold() in wanted}
    return sorted(found)
