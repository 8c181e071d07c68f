r"""Cuts slices of external ontologies: the terms mskg maps to, their labels and synonyms, and their ancestors.

A slice (``ontology/imports/<ontology>.ttl``) lets hierarchy questions be answered offline ("any form of
progressive MS", "any B-lineage cell") and lets every mapping's label be checked. It is cut from a local OBO or
OWL file the curator has (:func:`read_ontology_file`), or fetched from a SPARQL endpoint that serves the ontologies
(:func:`fetch_terms`), always following ``is_a`` and ``part_of`` up to the root.

In a slice, ``is_a`` is ``rdfs:subClassOf`` and ``part_of`` is ``rdfs:subClassOf`` an ``owl:Restriction`` on
``obo:BFO_0000050`` (the OWL form OBO ontologies are released in; the direct "relation graph" triple Ubergraph
serves is read too, but never written, as it makes the graph OWL Full), so a property path walks both:
``rdfs:subClassOf|rdfs:subClassOf/owl:someValuesFrom`` (a slice holds no other restriction). Every term a slice
names is declared (an ancestor outside the prefixes mskg knows as a bare ``owl:Class``, the synonym, replacement
and part-of properties with their OWL kinds), so a slice, and the whole graph, is OWL 2 DL.

>>> from io import StringIO
>>> terms = parse_obo(StringIO(
...     "[Term]\nid: CL:0000236\nname: B cell\nis_a: CL:0000945\n\n"
...     "[Term]\nid: CL:0000945\nname: lymphocyte of B lineage\n"))
>>> [t.curie for t in cut(terms, ["CL:0000236"])]
['CL:0000236', 'CL:0000945']
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import Namespace

from mskg.base.errors import MskgError
from mskg.base.links import LinkError, compress, expand, standardize
from mskg.base.syntaxes import rdf_syntax
from mskg.base.xmlguard import XmlEntityError, check_entities
from mskg.engine.store import QueryStore

__all__ = [
    "PART_OF",
    "SliceError",
    "SliceTerm",
    "as_owl",
    "cut",
    "describe_file",
    "fetch_terms",
    "parse_obo",
    "read_ontology_file",
    "render_slice",
    "slice_graph",
    "slice_terms",
]

OBO_IN_OWL = Namespace("http://www.geneontology.org/formats/oboInOwl#")
PART_OF = URIRef("http://purl.obolibrary.org/obo/BFO_0000050")
REPLACED_BY = URIRef("http://purl.obolibrary.org/obo/IAO_0100001")
_SYNONYM = re.compile(r'^"((?:[^"\\]|\\.)*)"\s+EXACT')
_CURIE_IN_LINE = re.compile(r"^(\S+)")


class SliceError(MskgError, ValueError):
    """A slice cannot be cut: the file is unreadable, or a wanted term is not in it."""


@dataclass
class SliceTerm:
    """One term of a slice: its CURIE, label, exact synonyms, parents (relation, CURIE) and deprecation."""

    curie: str
    label: str = ""
    synonyms: list[str] = field(default_factory=list)
    parents: list[tuple[str, str]] = field(default_factory=list)
    deprecated: bool = False
    replaced_by: str | None = None


def parse_obo(stream: IO[str], header: dict[str, str] | None = None) -> dict[str, SliceTerm]:
    """Every [Term] of an OBO 1.4 file, with the tags a slice keeps; ``header`` collects the header's tags."""
    terms: dict[str, SliceTerm] = {}
    current: SliceTerm | None = None
    in_term = False
    in_header = True
    for raw in stream:
        line = raw.strip()
        if in_header and ":" in line and not line.startswith("["):
            tag, _, value = line.partition(":")
            if header is not None:
                header.setdefault(tag.strip(), value.strip())
            continue
        if line.startswith("["):
            in_header = False
            in_term = line == "[Term]"
            current = None
            continue
        if not in_term or ":" not in line or line.startswith("!"):
            continue
        tag, _, value = line.partition(":")
        value = value.split(" ! ", 1)[0].strip()
        if tag == "id":
            current = terms.setdefault(value, SliceTerm(value))
        elif current is None:
            continue
        elif tag == "name":
            current.label = value
        elif tag == "synonym":
            match = _SYNONYM.match(value)
            if match:
                current.synonyms.append(match[1].replace('\\"', '"'))
        elif tag == "is_a":
            current.parents.append(("is_a", _first(value)))
        elif tag == "relationship":
            relation, _, target = value.partition(" ")
            if relation in ("part_of", "BFO:0000050"):
                current.parents.append(("part_of", _first(target)))
        elif tag == "is_obsolete":
            current.deprecated = value == "true"
        elif tag == "replaced_by":
            current.replaced_by = _first(value)
    return terms


def _first(value: str) -> str:
    match = _CURIE_IN_LINE.match(value.strip())
    return match[1] if match else value.strip()


def describe_file(path: Path) -> str:
    """Where a slice came from: the file's name, with its OBO header's data-version and remark when it has them."""
    if path.suffix != ".obo":
        return path.name
    header: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8") as stream:
            parse_obo(stream, header)
    except (OSError, UnicodeDecodeError):
        return path.name
    details = [header[tag] for tag in ("data-version", "remark") if header.get(tag)]
    details = [detail if len(detail) <= 160 else detail[:159].rsplit(" ", 1)[0] + " …" for detail in details]
    return f"{path.name} ({'; '.join(details)})" if details else path.name


def read_ontology_file(path: Path) -> dict[str, SliceTerm]:
    """The terms of a local ontology file: OBO (``.obo``) or OWL/RDF in any syntax rdflib reads."""
    try:
        if path.suffix == ".obo":
            with path.open(encoding="utf-8") as stream:
                return parse_obo(stream)
        graph = Graph()
        if _rdf_format(path) == "xml":
            check_entities(path)
        graph.parse(path, format=_rdf_format(path))
    except FileNotFoundError:
        raise SliceError(f"no file {path}") from None
    except XmlEntityError as error:
        raise SliceError(str(error)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise SliceError(f"cannot read {path}: {error}") from None
    except Exception as error:  # any RDF parser's complaint about the file
        raise SliceError(f"cannot read {path} as an ontology: {str(error).splitlines()[0][:300]}") from None
    return _terms_from_graph(graph)


def _rdf_format(path: Path) -> str:
    """The syntax of an ontology file; RDF/XML, the usual OWL release form, when the extension says none."""
    return rdf_syntax(path) or "xml"


def _terms_from_graph(graph: Graph) -> dict[str, SliceTerm]:
    """Terms of an OWL ontology: labels, exact synonyms, named superclasses and part_of restrictions."""
    terms: dict[str, SliceTerm] = {}
    for cls in set(graph.subjects(RDF.type, OWL.Class)) | set(graph.subjects(RDFS.subClassOf, None)):
        if not isinstance(cls, URIRef):
            continue
        curie = compress(str(cls))
        if curie is None:
            continue
        term = terms.setdefault(curie, SliceTerm(curie))
        label = graph.value(cls, RDFS.label)
        term.label = str(label) if label is not None else term.label
        term.synonyms = sorted(str(s) for s in graph.objects(cls, OBO_IN_OWL.hasExactSynonym))
        term.deprecated = (cls, OWL.deprecated, Literal(True)) in graph
        replacement = graph.value(cls, REPLACED_BY)
        term.replaced_by = compress(str(replacement)) if isinstance(replacement, URIRef) else None
        for parent in graph.objects(cls, RDFS.subClassOf):
            if isinstance(parent, URIRef):
                found = compress(str(parent))
                if found:
                    term.parents.append(("is_a", found))
            elif graph.value(parent, OWL.onProperty) == PART_OF:
                whole = graph.value(parent, OWL.someValuesFrom)
                found = compress(str(whole)) if isinstance(whole, URIRef) else None
                if found:
                    term.parents.append(("part_of", found))
        for whole in graph.objects(cls, PART_OF):  # the relation-graph form Ubergraph serves
            found = compress(str(whole)) if isinstance(whole, URIRef) else None
            if found and ("part_of", found) not in term.parents:
                term.parents.append(("part_of", found))
        term.parents.sort()
    return terms


def cut(terms: Mapping[str, SliceTerm], wanted: Iterable[str]) -> list[SliceTerm]:
    """The wanted terms and every ancestor along is_a and part_of, in CURIE order; a missing term is an error."""
    wanted = [standardize(curie) for curie in wanted]
    missing = [curie for curie in wanted if curie not in terms]
    if missing:
        raise SliceError(f"not in the ontology file: {', '.join(missing)}")
    kept: dict[str, SliceTerm] = {}
    pending = list(wanted)
    while pending:
        curie = pending.pop()
        if curie in kept or curie not in terms:
            continue
        kept[curie] = terms[curie]
        pending.extend(parent for _, parent in terms[curie].parents)
    return [kept[curie] for curie in sorted(kept)]


def slice_graph(terms: Iterable[SliceTerm]) -> Graph:
    """The slice as RDF: labels, exact synonyms, subClassOf and part_of links, deprecation and replacement."""
    graph = Graph(bind_namespaces="none")
    graph.bind("rdfs", RDFS)
    graph.bind("owl", OWL)
    graph.bind("oboInOwl", OBO_IN_OWL)
    graph.bind("obo", "http://purl.obolibrary.org/obo/")
    for term in terms:
        try:
            iri = expand(term.curie)
        except LinkError:
            continue  # a parent outside the prefixes mskg knows (BFO, for instance) is not described
        graph.add((iri, RDF.type, OWL.Class))
        if term.label:
            graph.add((iri, RDFS.label, Literal(term.label)))
        for synonym in term.synonyms:
            graph.add((iri, OBO_IN_OWL.hasExactSynonym, Literal(synonym)))
        for relation, parent in term.parents:
            try:
                target = expand(parent)
            except LinkError:
                target = URIRef(f"http://purl.obolibrary.org/obo/{parent.replace(':', '_')}")
            graph.add((iri, RDFS.subClassOf if relation == "is_a" else PART_OF, target))
        if term.deprecated:
            graph.add((iri, OWL.deprecated, Literal(True)))
        if term.replaced_by:
            with contextlib.suppress(LinkError):
                graph.add((iri, REPLACED_BY, expand(term.replaced_by)))
    return as_owl(graph)


def as_owl(graph: Graph) -> Graph:
    """The slice in OWL 2 DL: part_of as restrictions, every term it uses declared (changes ``graph`` in place)."""
    for whole_of, whole in list(graph.subject_objects(PART_OF)):
        if not (isinstance(whole_of, URIRef) and isinstance(whole, URIRef)):
            continue
        graph.remove((whole_of, PART_OF, whole))
        restriction = BNode(f"part-of-{_digest(whole_of, whole)}")  # a stable label, so a slice is written the same
        graph.add((whole_of, RDFS.subClassOf, restriction))
        graph.add((restriction, RDF.type, OWL.Restriction))
        graph.add((restriction, OWL.onProperty, PART_OF))
        graph.add((restriction, OWL.someValuesFrom, whole))
    named = {o for o in graph.objects(None, RDFS.subClassOf) if isinstance(o, URIRef)}
    named |= {o for o in graph.objects(None, OWL.someValuesFrom) if isinstance(o, URIRef)}
    for cls in named - set(graph.subjects(RDF.type, OWL.Class)):
        graph.add((cls, RDF.type, OWL.Class))  # an ancestor outside the prefixes mskg knows, named but not described
    declared = ((OBO_IN_OWL.hasExactSynonym, OWL.AnnotationProperty), (REPLACED_BY, OWL.AnnotationProperty))
    for prop, kind in (*declared, (PART_OF, OWL.ObjectProperty)):
        used = prop == PART_OF and any(graph.subjects(OWL.onProperty, PART_OF))
        if used or any(graph.subject_objects(prop)):
            graph.add((prop, RDF.type, kind))
    return graph


def _digest(*terms: URIRef) -> str:
    return hashlib.sha256(" ".join(terms).encode()).hexdigest()[:16]


def render_slice(terms: Iterable[SliceTerm], prefix: str, source: str) -> str:
    """The slice as a Turtle document with a header saying what it is and where it was cut from."""
    from mskg.base.links import ontology_name

    header = (
        f"# Import slice: the {ontology_name(prefix)} ({prefix}) terms mskg maps to, with their labels,\n"
        "# exact synonyms and ancestors along is_a (rdfs:subClassOf) and part_of (obo:BFO_0000050), up to the root.\n"
        f"# Source: {source}.\n"
        "# Regenerate with `mskg links import FILE` or `mskg links fetch --endpoint URL`; `mskg build` checks every\n"
        "# mapping's label against this file.\n\n"
    )
    return header + slice_graph(terms).serialize(format="turtle")


def slice_terms(graph: Graph) -> dict[str, SliceTerm]:
    """The terms of an existing slice (the inverse of :func:`slice_graph`), to extend it or fetch its parents."""
    return _terms_from_graph(graph)


def fetch_terms(store: QueryStore, curies: Iterable[str], batch: int = 200) -> dict[str, SliceTerm]:
    """The terms and all their ancestors as a SPARQL endpoint serves them, asked for in batches (VALUES)."""
    from mskg.engine.queries import internal_query
    from mskg.engine.remote import with_rows

    query = internal_query("fetch-terms")
    found: dict[str, SliceTerm] = {}
    asked: set[str] = set()
    frontier = sorted({standardize(curie) for curie in curies})
    while frontier:
        asked.update(frontier)
        for start in range(0, len(frontier), batch):
            chunk = frontier[start : start + batch]
            rows = store.select(with_rows(query, ["term"], [[expand(curie)] for curie in chunk])).rows
            for row in rows:
                curie = compress(str(row["term"]))
                if curie is None:
                    continue
                term = found.setdefault(curie, SliceTerm(curie, str(row["label"])))
                if "synonym" in row and str(row["synonym"]) not in term.synonyms:
                    term.synonyms.append(str(row["synonym"]))
                for relation, name in (("is_a", "parent"), ("part_of", "whole")):
                    parent = compress(str(row[name])) if name in row else None
                    if parent and parent != curie and (relation, parent) not in term.parents:
                        term.parents.append((relation, parent))
                if "deprecated" in row and str(row["deprecated"]).lower() == "true":
                    term.deprecated = True
        frontier = sorted({p for t in found.values() for _, p in t.parents} - asked)
    for term in found.values():
        term.synonyms.sort()
        term.parents.sort()
    return found
