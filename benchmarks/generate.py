"""Graphs of mskg's own shape at any size, for the benchmarks: the real graph, grown.

`python -m benchmarks.generate --triples 1M --out /tmp/mskg-1m.nq [--seed 7]`

The output is one N-Quads file with mskg's four named graphs: the ontology, the import slices, the data and the
inferred graph (the closures a build writes, without HermiT's inferences). It starts from the real graph
(assembled from the shipped curation, so every saved query's example still names something) and adds,
deterministically from the seed:

- an external ontology-like hierarchy in the imports graph (``owl:Class`` with labels and ``rdfs:subClassOf``),
  thousands of classes and more than ten levels deep, that the entities map to;
- therapies, targets, cell types (some of them B-lineage), CNS compartments, mechanisms, outcomes and disease
  forms (some of them forms of progressive MS), each typed, labelled, defined and mapped;
- sources with a stored text, and studies with designs, identifiers, ratings and unverified values;
- claims exactly as the loader writes them: reified statement, qualifiers, direction, certainty, level, design,
  a verbatim quote at its offsets in a source's text, studies linked with their roles, the confidence and its
  terms, the plain triple when supported, and conflicts between claims that disagree.

Roughly: 7% hierarchy, 5% entities, 5% studies, 83% claims. The file is written line by line, so memory stays
flat whatever the size.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from rdflib import RDFS as RDFS_TERMS
from rdflib import URIRef

from mskg.base.namespaces import GRAPH
from mskg.curation import read_curation
from mskg.graph.closure import inferred_graph
from mskg.graph.loader import assemble

__all__ = ["Shape", "generate", "main"]

ONT = "https://w3id.org/mskg/ontology#"
ID = "https://w3id.org/mskg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
DCTERMS = "http://purl.org/dc/terms/"
#: The synthetic external ontology; not a real one, so no real identifier is ever invented.
EXTERNAL = "https://w3id.org/mskg/bench/SYN_"

DATA, IMPORTS, ONTOLOGY = (f"<{GRAPH.DATA}>", f"<{GRAPH.IMPORTS}>", f"<{GRAPH.ONTOLOGY}>")
INFERRED = f"<{GRAPH.INFERRED}>"
RDFS_SUBCLASS = RDFS_TERMS.subClassOf
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

#: Claim relations by the kind of subject and object they link, as the ontology's domains and ranges allow.
RELATIONS = [
    ("therapy", "targets", "target", 0.16),
    ("therapy", "hasMechanism", "mechanism", 0.14),
    ("therapy", "actsIn", "compartment", 0.10),
    ("therapy", "hasOutcome", "outcome", 0.22),
    ("therapy", "studiedIn", "form", 0.12),
    ("therapy", "effectiveIn", "form", 0.06),
    ("therapy", "recommendedFor", "form", 0.03),
    ("therapy", "debatedFor", "form", 0.02),
    ("target", "expressedOn", "cell", 0.15),
]
RELATION_LABELS = {
    "targets": "targets",
    "hasMechanism": "has mechanism",
    "actsIn": "acts in",
    "hasOutcome": "has outcome",
    "studiedIn": "studied in",
    "effectiveIn": "effective in",
    "recommendedFor": "recommended for",
    "debatedFor": "debated for",
    "expressedOn": "expressed on",
}
DESIGNS = [  # design, its level, how often
    ("RandomizedControlledTrial", "A", 0.15),
    ("MetaAnalysis", "A", 0.05),
    ("ObservationalCohort", "B", 0.25),
    ("NonRandomizedTrial", "B", 0.15),
    ("CaseSeries", "C", 0.25),
    ("PreclinicalStudy", "D", 0.10),
    ("ExpertOpinion", "E", 0.05),
]
WEIGHTS = {"A": 10, "B": 5, "C": 3, "D": 1, "E": 0.5}
DIRECTIONS = [("Supports", 0.85, 1), ("Refutes", 0.07, -1), ("Mixed", 0.05, 0), ("Debated", 0.03, 0)]
CERTAINTIES = ["Established", "Promising", "Preliminary", "Debatable", "Inconsistent"]
ENTITY_CLASSES = {
    "therapy": ["AHSCT", "CARTCellTherapy", "MSCTherapy", "DiseaseModifyingTherapy"],
    "target": ["MolecularTarget"],
    "cell": ["BLineageCell", "CellType"],
    "compartment": ["CNSCompartment"],
    "mechanism": ["Mechanism"],
    "outcome": ["Outcome"],
    "form": ["DiseaseForm"],
}
ID_PREFIX = {
    "therapy": "therapy",
    "target": "target",
    "cell": "cell-type",
    "compartment": "compartment",
    "mechanism": "mechanism",
    "outcome": "outcome",
    "form": "disease-form",
}
#: Real entities the synthetic ones hang under, so the saved questions find them.
PARENTS = {
    "cell": f"{ID}cell-type/b-lineage-cell",
    "form": f"{ID}disease-form/progressive-ms",
    "therapy": f"{ID}therapy/cell-based-therapy",
}


def iri(value: str) -> str:
    return f"<{value}>"


def text(value: str, lang: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


@dataclass
class Shape:
    """How many of each thing a graph of ``triples`` triples gets."""

    triples: int
    classes: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    studies: int = 0
    sources: int = 0

    @classmethod
    def of(cls, triples: int) -> Shape:
        """The shape of a graph of ``triples`` triples."""
        shape = cls(triples)
        # Each class also has a link to every indirect ancestor (the term closure): about 16 quads a class.
        shape.classes = max(200, triples // 400)
        shape.entities = {
            "therapy": max(20, triples // 1500),
            "target": max(20, triples // 1500),
            "cell": max(10, triples // 3000),
            "compartment": max(3, triples // 50000),
            "mechanism": max(5, triples // 8000),
            "outcome": max(5, triples // 8000),
            "form": max(5, triples // 6000),
        }
        shape.studies = max(10, triples // 500)
        shape.sources = max(3, triples // 20000)
        return shape


class Writer:
    """Writes quads and counts them; a quad that may repeat (a plain triple) is written once."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0
        self.once: set[tuple[str, str, str]] = set()
        #: The named superclasses of each ontology class (both as N-Triples terms), set once the ontology is written.
        self.supers: dict[str, list[str]] = {}
        #: What each real entity is a subtype of, directly or not (IRIs), set once the real graph is written.
        self.broader: dict[str, list[str]] = {}

    def quad(self, s: str, p: str, o: str, g: str) -> None:
        self.out.write(f"{s} {p} {o} {g} .\n")
        self.count += 1
        if p == _TYPE and g == DATA:  # the class closure, in the inferred graph, as a build writes it
            for superclass in self.supers.get(o, ()):
                self.out.write(f"{s} {p} {superclass} {INFERRED} .\n")
                self.count += 1

    def quad_once(self, s: str, p: str, o: str, g: str) -> None:
        if (s, p, o) not in self.once:
            self.once.add((s, p, o))
            self.quad(s, p, o, g)


def _real(writer: Writer) -> dict[str, list[str]]:
    """The real graph: ontology, import slices and curated data, and their class closure, as the build writes them.

    Blank nodes have canonical labels (RDF graph canonicalisation), so the same curation gives the same lines: the
    loader and the closure give every graph in the store's form, labelled canonically already
    (:func:`mskg.engine.canonical.in_store_form`), so they are not canonicalised again here.
    Returns the named superclasses of each of the ontology's classes, for the closure of what is typed after it.
    """
    graphs = assemble(read_curation())
    graphs[GRAPH.INFERRED] = inferred_graph(graphs, None)  # without HermiT's inferences, which a build adds
    for name, graph in graphs.items():
        for line in sorted(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()):
            if line.strip():
                writer.out.write(f"{line.rstrip().removesuffix('.').rstrip()} <{name}> .\n")
                writer.count += 1
    subtype = URIRef(f"{ONT}subtypeOf")
    data = graphs[GRAPH.DATA] + graphs[GRAPH.INFERRED]
    writer.broader = {
        str(s): sorted(str(o) for o in data.objects(s, subtype)) for s in set(data.subjects(subtype, None))
    }
    ontology = graphs[GRAPH.ONTOLOGY]
    return {
        cls.n3(): sorted(
            s.n3() for s in ontology.transitive_objects(cls, RDFS_SUBCLASS) if s != cls and isinstance(s, URIRef)
        )
        for cls in set(ontology.subjects(RDFS_SUBCLASS, None))
        if isinstance(cls, URIRef)
    }


def _hierarchy(writer: Writer, rng: random.Random, classes: int) -> list[str]:
    """An external ontology: a tree of classes at least 12 levels deep, then bushier below."""
    names = [f"{EXTERNAL}{index:07d}" for index in range(classes)]
    parents: dict[int, int] = {}
    for index, name in enumerate(names):
        writer.quad(iri(name), iri(f"{RDF}type"), iri(f"{OWL}Class"), IMPORTS)
        writer.quad(iri(name), iri(f"{RDFS}label"), text(f"synthetic class {index}"), IMPORTS)
        if index == 0:
            continue
        # the first twelve form a chain, so the tree is at least that deep; the rest pick a parent near the top
        parent = index - 1 if index < 12 else rng.randrange(max(1, index // 3), index)
        writer.quad(iri(name), iri(f"{RDFS}subClassOf"), iri(names[parent]), IMPORTS)
        # the term closure a build writes (mskg.graph.closure.term_closure): a link to each indirect ancestor
        parents[index] = parent
        ancestor = parents.get(parent)
        while ancestor is not None:
            writer.quad(iri(name), iri(f"{RDFS}subClassOf"), iri(names[ancestor]), INFERRED)
            ancestor = parents.get(ancestor)
    return names


def _entities(writer: Writer, rng: random.Random, shape: Shape, classes: list[str]) -> dict[str, list[str]]:
    made: dict[str, list[str]] = {}
    for kind, count in shape.entities.items():
        made[kind] = []
        for index in range(count):
            node = f"{ID}{ID_PREFIX[kind]}/syn-{index:06d}"
            made[kind].append(node)
            label = f"synthetic {kind} {index}"
            cls = rng.choice(ENTITY_CLASSES[kind])
            writer.quad(iri(node), iri(f"{RDF}type"), iri(f"{ONT}{cls}"), DATA)
            writer.quad(iri(node), iri(f"{RDF}type"), iri(f"{OWL}NamedIndividual"), DATA)
            writer.quad(iri(node), iri(f"{RDFS}label"), text(label, "en"), DATA)
            writer.quad(iri(node), iri(f"{SKOS}definition"), text(f"The {label}, made for benchmarks.", "en"), DATA)
            writer.quad(iri(node), iri(f"{SKOS}altLabel"), text(f"syn-{kind}-{index}", "en"), DATA)
            writer.quad(iri(node), iri(f"{SKOS}exactMatch"), iri(rng.choice(classes)), DATA)
            if kind in PARENTS and rng.random() < 0.5:
                writer.quad(iri(node), iri(f"{ONT}subtypeOf"), iri(PARENTS[kind]), DATA)
                for ancestor in writer.broader.get(PARENTS[kind], ()):  # the transitive links, as a build writes them
                    writer.quad(iri(node), iri(f"{ONT}subtypeOf"), iri(ancestor), INFERRED)
    return made


@dataclass(frozen=True)
class StudyRecord:
    node: str
    design: str
    level: str
    rating: int


def _studies(writer: Writer, rng: random.Random, count: int, made: dict[str, list[str]]) -> list[StudyRecord]:
    studies = []
    for index in range(count):
        node = f"{ID}study/syn-{index:06d}"
        design, level = _pick_design(rng)
        rating = rng.randint(1, 5)
        ongoing = rng.random() < 0.1
        unverified = rng.random() < 0.3
        s = iri(node)
        writer.quad(s, iri(f"{RDF}type"), iri(f"{ONT}Study"), DATA)
        writer.quad(s, iri(f"{RDF}type"), iri(f"{OWL}NamedIndividual"), DATA)
        writer.quad(s, iri(f"{RDFS}label"), text(f"Synthetic study {index}", "en"), DATA)
        writer.quad(s, iri(f"{DCTERMS}title"), text(f"A synthetic study of therapy number {index}", "en"), DATA)
        writer.quad(s, iri(f"{ONT}studyDesign"), iri(f"{ONT}{design}"), DATA)
        writer.quad(s, iri(f"{ONT}trialStatus"), iri(f"{ONT}{'Ongoing' if ongoing else 'Completed'}"), DATA)
        writer.quad(s, iri(f"{ONT}publicationYear"), typed(rng.randint(1995, 2026), "integer"), DATA)
        writer.quad(s, iri(f"{ONT}rating"), typed(rating, "integer"), DATA)
        writer.quad(s, iri(f"{ONT}studyLevel"), iri(f"{ONT}EvidenceLevel{level}"), DATA)
        writer.quad(s, iri(f"{ONT}verified"), typed("false" if unverified else "true", "boolean"), DATA)
        writer.quad(s, iri(f"{ONT}sampleSize"), typed(rng.randint(2, 2000), "integer"), DATA)
        writer.quad(s, iri(f"{ONT}pmid"), text(str(90000000 + index)), DATA)
        writer.quad(s, iri(f"{ONT}registryId"), text(f"NCT{90000000 + index:08d}"), DATA)
        writer.quad(s, iri(f"{ONT}testedTherapy"), iri(rng.choice(made["therapy"])), DATA)
        writer.quad(s, iri(f"{ONT}studiedPopulation"), iri(rng.choice(made["form"])), DATA)
        writer.quad(s, iri(f"{ONT}primaryResult"), text(f"Result {index}: a synthetic effect of {rating}0%."), DATA)
        writer.quad(
            s, iri(f"{DCTERMS}bibliographicCitation"), text(f"Synthetic study {index}. PMID:{90000000 + index}"), DATA
        )
        if unverified:
            pending = iri(f"{node}#unverified-1-doi")
            writer.quad(s, iri(f"{ONT}unverifiedValue"), pending, DATA)
            writer.quad(pending, iri(f"{RDF}type"), iri(f"{ONT}UnverifiedValue"), DATA)
            writer.quad(pending, iri(f"{ONT}field"), text("doi"), DATA)
            writer.quad(pending, iri(f"{RDFS}comment"), text("Seen only on a mirror.", "en"), DATA)
        if not ongoing:
            studies.append(StudyRecord(node, design, level, rating))
    return studies


def _pick_design(rng: random.Random) -> tuple[str, str]:
    design, level, _ = rng.choices(DESIGNS, weights=[w for _, _, w in DESIGNS])[0]
    return design, level


@dataclass
class SourceText:
    node: str
    sentences: list[str] = field(default_factory=list)
    length: int = 0

    def add(self, sentence: str) -> tuple[int, int]:
        start = self.length + (1 if self.sentences else 0)
        self.sentences.append(sentence)
        self.length = start + len(sentence)
        return start, self.length


def _claims(
    writer: Writer,
    rng: random.Random,
    shape: Shape,
    made: dict[str, list[str]],
    studies: list[StudyRecord],
) -> list[SourceText]:
    sources = [SourceText(f"{ID}source/syn-{index:04d}") for index in range(shape.sources)]
    labels = {node: node.rsplit("/", 1)[1].replace("syn-", "synthetic ") for kind in made.values() for node in kind}
    relations = [(s, r, o) for s, r, o, _ in RELATIONS]
    weights = [w for *_, w in RELATIONS]
    index = 0
    while writer.count < shape.triples:
        subject_kind, relation, object_kind = rng.choices(relations, weights=weights)[0]
        subject, obj = rng.choice(made[subject_kind]), rng.choice(made[object_kind])
        conflict = rng.random() < 0.03
        directions = ["Supports", rng.choice(["Refutes", "Mixed"])] if conflict else [_pick_direction(rng)]
        ids = []
        for direction in directions:
            ids.append(f"{ID}claim/syn-{index:07d}")
            _claim(writer, rng, ids[-1], subject, relation, obj, direction, rng.choice(sources), studies, labels)
            index += 1
        if conflict:
            writer.quad(iri(ids[0]), iri(f"{ONT}conflictsWith"), iri(ids[1]), DATA)
            writer.quad(iri(ids[1]), iri(f"{ONT}conflictsWith"), iri(ids[0]), DATA)
    return sources


def _pick_direction(rng: random.Random) -> str:
    return str(rng.choices([d for d, _, _ in DIRECTIONS], weights=[w for _, w, _ in DIRECTIONS])[0])


def _claim(
    writer: Writer,
    rng: random.Random,
    node: str,
    subject: str,
    relation: str,
    obj: str,
    direction: str,
    source: SourceText,
    studies: list[StudyRecord],
    labels: dict[str, str],
) -> None:
    c = iri(node)
    statement = f"{labels[subject]} {RELATION_LABELS[relation]} {labels[obj]}"
    linked = rng.sample(studies, k=min(len(studies), rng.choice([0, 1, 1, 2, 3])))
    roles = [rng.choices(["Supporting", "Refuting", "Context"], weights=[0.75, 0.1, 0.15])[0] for _ in linked]
    supporting = [s for s, role in zip(linked, roles, strict=True) if role == "Supporting"]
    if supporting:
        best = max(supporting, key=lambda s: "EDCBA".index(s.level))
        design, level = best.design, best.level
    else:
        design, level = _pick_design(rng)
        level = "B" if level == "A" else level  # a claim no study supports is never validated (A)
    sign = next(sign for d, _, sign in DIRECTIONS if d == direction)
    terms = [(source.node, level, 1, sign)] if not supporting else []
    terms += [
        (s.node, s.level, s.rating, 1 if role == "Supporting" else -1)
        for s, role in zip(linked, roles, strict=True)
        if role != "Context"
    ]
    writer.quad(c, iri(f"{RDF}type"), iri(f"{ONT}Claim"), DATA)
    writer.quad(c, iri(f"{RDF}type"), iri(f"{OWL}NamedIndividual"), DATA)
    writer.quad(c, iri(f"{RDFS}label"), text(statement, "en"), DATA)
    writer.quad(c, iri(f"{RDF}subject"), iri(subject), DATA)
    writer.quad(c, iri(f"{RDF}predicate"), iri(f"{ONT}{relation}"), DATA)
    writer.quad(c, iri(f"{RDF}object"), iri(obj), DATA)
    writer.quad(c, iri(f"{ONT}direction"), iri(f"{ONT}{direction}"), DATA)
    writer.quad(c, iri(f"{ONT}certainty"), iri(f"{ONT}{rng.choice(CERTAINTIES)}"), DATA)
    writer.quad(c, iri(f"{ONT}evidenceLevel"), iri(f"{ONT}EvidenceLevel{level}"), DATA)
    writer.quad(c, iri(f"{ONT}studyDesign"), iri(f"{ONT}{design}"), DATA)
    writer.quad(c, iri(f"{PROV}wasDerivedFrom"), iri(source.node), DATA)
    writer.quad(c, iri(f"{PROV}wasAttributedTo"), iri(f"{ONT}ManualCuration"), DATA)
    if relation == "hasOutcome":
        writer.quad(c, iri(f"{ONT}effect"), iri(f"{ONT}{rng.choice(['Reduces', 'Increases', 'Improves'])}"), DATA)
    if relation != "expressedOn" and rng.random() < 0.4:
        writer.quad(c, iri(f"{ONT}population"), iri(f"{ID}disease-form/progressive-ms"), DATA)
    if direction == "Supports":
        writer.quad_once(iri(subject), iri(f"{ONT}{relation}"), iri(obj), DATA)
        writer.quad_once(iri(subject), iri(f"{ONT}hasEvidenceFrom"), iri(f"{ONT}{design}"), DATA)
    for study, role in zip(linked, roles, strict=True):
        derivation = iri(f"{node}#from-{study.node.rsplit('/', 1)[1]}")
        writer.quad(c, iri(f"{PROV}qualifiedDerivation"), derivation, DATA)
        writer.quad(derivation, iri(f"{RDF}type"), iri(f"{PROV}Derivation"), DATA)
        writer.quad(derivation, iri(f"{PROV}entity"), iri(study.node), DATA)
        writer.quad(derivation, iri(f"{ONT}evidenceRole"), iri(f"{ONT}{role}Evidence"), DATA)
    total = sum(WEIGHTS[t_level] * rating * t_sign for _, t_level, rating, t_sign in terms)
    writer.quad(c, iri(f"{ONT}confidence"), typed(float(total), "decimal"), DATA)
    for number, (term_source, t_level, rating, t_sign) in enumerate(terms, start=1):
        term = iri(f"{node}#term-{number}")
        writer.quad(c, iri(f"{ONT}confidenceTerm"), term, DATA)
        writer.quad(term, iri(f"{RDF}type"), iri(f"{ONT}ConfidenceTerm"), DATA)
        writer.quad(term, iri(f"{ONT}termSource"), iri(term_source), DATA)
        writer.quad(term, iri(f"{ONT}termLevel"), iri(f"{ONT}EvidenceLevel{t_level}"), DATA)
        writer.quad(term, iri(f"{ONT}levelWeight"), typed(float(WEIGHTS[t_level]), "decimal"), DATA)
        writer.quad(term, iri(f"{ONT}rating"), typed(rating, "integer"), DATA)
        writer.quad(term, iri(f"{ONT}sign"), typed(t_sign, "integer"), DATA)
        writer.quad(term, iri(f"{ONT}contribution"), typed(float(WEIGHTS[t_level] * rating * t_sign), "decimal"), DATA)
    sentence = f"In this synthetic report, {statement} ({node.rsplit('/', 1)[1]})."
    start, end = source.add(sentence)
    quote, selector, exact = iri(f"{node}#quote"), iri(f"{node}#selector"), text(sentence)
    writer.quad(c, iri(f"{ONT}quote"), quote, DATA)
    writer.quad(c, iri(f"{ONT}quotedText"), exact, DATA)
    writer.quad(quote, iri(f"{RDF}type"), iri(f"{OA}SpecificResource"), DATA)
    writer.quad(quote, iri(f"{OA}hasSource"), iri(source.node), DATA)
    writer.quad(quote, iri(f"{OA}hasSelector"), selector, DATA)
    writer.quad(quote, iri(f"{ONT}passageRole"), iri(f"{ONT}ResultsPassage"), DATA)
    writer.quad(selector, iri(f"{RDF}type"), iri(f"{OA}TextQuoteSelector"), DATA)
    writer.quad(selector, iri(f"{RDF}type"), iri(f"{OA}TextPositionSelector"), DATA)
    writer.quad(selector, iri(f"{OA}exact"), exact, DATA)
    writer.quad(selector, iri(f"{OA}start"), typed(start, "nonNegativeInteger"), DATA)
    writer.quad(selector, iri(f"{OA}end"), typed(end, "nonNegativeInteger"), DATA)


def _sources(writer: Writer, sources: list[SourceText]) -> None:
    for index, source in enumerate(sources):
        s = iri(source.node)
        writer.quad(s, iri(f"{RDF}type"), iri(f"{ONT}Source"), DATA)
        writer.quad(s, iri(f"{RDF}type"), iri(f"{OWL}NamedIndividual"), DATA)
        writer.quad(s, iri(f"{RDFS}label"), text(f"Synthetic review {index}", "en"), DATA)
        writer.quad(s, iri(f"{DCTERMS}title"), text(f"Synthetic review {index}", "en"), DATA)
        writer.quad(s, iri(f"{ONT}pmid"), text(str(80000000 + index)), DATA)
        writer.quad(s, iri(f"{DCTERMS}bibliographicCitation"), text(f"Synthetic review {index}. 2026."), DATA)
        writer.quad(s, iri(f"{ONT}sourceText"), text(" ".join(source.sentences)), DATA)


def generate(triples: int, out: Path, seed: int = 7) -> int:
    """Write a graph of about ``triples`` quads (at least that many) to ``out``; return how many were written."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    shape = Shape.of(triples)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="\n") as handle:
        writer = Writer(handle)
        writer.supers = _real(writer)
        classes = _hierarchy(writer, rng, shape.classes)
        made = _entities(writer, rng, shape, classes)
        studies = _studies(writer, rng, shape.studies, made)
        sources = _claims(writer, rng, shape, made, studies)
        _sources(writer, sources)
        count = writer.count
    partial.replace(out)
    return count


def sizes(text_value: str) -> Iterator[int]:
    """Sizes written as 10k, 1M, 5M or plain numbers."""
    for part in text_value.split(","):
        part = part.strip().lower()
        factor = 1_000_000 if part.endswith("m") else 1_000 if part.endswith("k") else 1
        yield int(float(part.rstrip("mk")) * factor)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", default="100k", help="how many triples (10k, 1M …)")
    parser.add_argument("--out", type=Path, required=True, help="the N-Quads file to write")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    [target] = list(sizes(args.triples))
    count = generate(target, args.out, args.seed)
    print(f"{args.out}: {count} quads", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
