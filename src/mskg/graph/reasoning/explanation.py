"""Why the ontology and data clash: the fewest statements, and the fewest axioms about their terms, that do.

:func:`explain_inconsistency` searches three times (:func:`_minimal_clash`): over entities (all statements about
one entity together), over the statements of the entities found, and over the ontology axioms that mention the
terms those statements use. Each search asks HermiT about a dozen subsets per run, in one JVM (:func:`_first_clash`).
"""

from __future__ import annotations

import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib.term import Node

from mskg.base.namespaces import MSKG
from mskg.graph.reasoning import _JVM_OPTIONS, ReasonerUnavailableError, _hermit_classpath, _java_problem, _short

__all__ = ["axioms_about", "explain_inconsistency"]

_AXIOM_PREDICATES = (RDFS.domain, RDFS.range, OWL.disjointWith, OWL.equivalentClass, RDFS.subClassOf)
_SMALL = 8  # below this many entities, search the statements directly

Triple = tuple[Node, Node, Node]


def _first_clash(probes: Sequence[Sequence[str]]) -> int | None:
    """The index of the first probe that is inconsistent, or None when all are consistent: one run of HermiT.

    A probe is an ontology with data, as N-Triples text in pieces (so that each piece is written out once however
    many probes share it). One JVM checks the probes in turn and stops at the first inconsistent one; once the JVM
    is warm, a probe takes about a tenth of what starting it takes, so an explanation asks for many at a time.
    """
    import owlready2

    with tempfile.TemporaryDirectory(prefix="mskg-probe-") as folder:
        uris = []
        for number, pieces in enumerate(probes):
            path = Path(folder) / f"probe-{number}.nt"
            path.write_text("".join(pieces), encoding="utf-8")
            uris.append(path.as_uri())
        command = [
            owlready2.JAVA_EXE,
            *_JVM_OPTIONS,
            "-cp",
            _hermit_classpath(),
            "org.semanticweb.HermiT.cli.CommandLine",
            "-k",
            *uris,
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 (fixed program)
    checked = sum(1 for line in done.stdout.splitlines() if line.endswith(" is satisfiable."))
    if done.returncode == 0 and checked == len(probes):
        return None
    if "InconsistentOntologyException" in done.stderr or "Inconsistent ontology" in done.stderr:
        return checked  # the probes before it were each reported consistent
    raise ReasonerUnavailableError(_java_problem(RuntimeError(done.stderr.strip() or f"exit {done.returncode}")))


def _nt(triples: Iterable[Triple]) -> str:
    """Triples as N-Triples text (a blank node keeps its label, so pieces of one graph can be joined)."""
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph.serialize(format="nt", encoding="utf-8").decode("utf-8")


def _units(abox: Iterable[Triple]) -> dict[URIRef, list[Triple]]:
    """The data's statements grouped by the entity they are about."""
    units: dict[URIRef, list[Triple]] = defaultdict(list)
    for triple in abox:
        units[triple[0]].append(triple)  # type: ignore[index]
    return dict(units)


def explain_inconsistency(ontology: Graph, abox: Graph) -> tuple[list[str], list[str]]:
    """A minimal set of data statements that clash, and the minimal ontology axioms that make them clash.

    Three searches (:func:`_minimal_clash`), each a few HermiT runs: first over entities (all statements about one
    entity together), then over the statements of the entities found, then over the ontology axioms that
    mention the terms those statements use.
    """
    declarations = [t for t in abox if t[1] == RDF.type and t[2] == OWL.NamedIndividual]
    statements_only = [t for t in abox if t[1] != RDF.type or t[2] != OWL.NamedIndividual]
    units = _units(statements_only)
    base = [_nt(ontology), _nt(declarations)]
    text = {t: _nt([t]) for t in statements_only}

    def entities_clash(subsets: Sequence[Sequence[URIRef]]) -> int | None:
        return _first_clash([[*base, *(text[t] for e in chosen for t in units[e])] for chosen in subsets])

    def statements_clash(subsets: Sequence[Sequence[Triple]]) -> int | None:
        return _first_clash([[*base, *(text[t] for t in chosen)] for chosen in subsets])

    entities: list[URIRef] | None = sorted(units)
    if entities is not None and len(entities) > _SMALL:
        entities = _minimal_clash(entities, entities_clash)
    if entities is None:  # the data alone does not clash: the ontology is inconsistent by itself
        return [], _minimal_axioms(ontology, set(ontology.subjects()), Graph())
    candidates = sorted((t for e in entities for t in units[e]), key=lambda t: tuple(map(str, t)))
    statements = _minimal_clash(candidates, statements_clash)
    if statements is None:  # only when the entity search did not run and the data alone does not clash
        return [], _minimal_axioms(ontology, set(ontology.subjects()), Graph())
    data = Graph()
    for triple in [*declarations, *statements]:
        data.add(triple)
    terms: set[Node] = {t[1] for t in statements} | {t[2] for t in statements if t[1] == RDF.type}
    return [" ".join(_short(str(x)) for x in t) for t in statements], _minimal_axioms(ontology, terms, data)


def _minimal_axioms(ontology: Graph, terms: set[Node], data: Graph) -> list[str]:
    """The fewest ontology axioms about ``terms`` without which ``data`` would no longer clash."""
    axioms = axioms_about(ontology, terms)
    if not axioms:
        return []
    used = set().union(*(set(graph) for _, graph in axioms))
    base = [_nt(t for t in ontology if t not in used), _nt(data)]
    text = {name: _nt(graph) for name, graph in axioms}

    def axioms_clash(subsets: Sequence[Sequence[tuple[str, Graph]]]) -> int | None:
        return _first_clash([[*base, *(text[name] for name, _ in chosen)] for chosen in subsets])

    found = _minimal_clash(axioms, axioms_clash)
    if found is None:  # not even all of them together: name them all
        return sorted(name for name, _ in axioms)
    return sorted(name for name, _ in found)  # none when the rest of the ontology is the cause


_T = TypeVar("_T")
#: The most probes one HermiT run is given: a JVM start costs about ten probes in a warm one.
_BATCH = 12


def _minimal_clash(
    candidates: Sequence[_T], first_clash: Callable[[Sequence[Sequence[_T]]], int | None]
) -> list[_T] | None:
    """A minimal subset of ``candidates`` that clashes, or None when all of them together do not.

    ``first_clash`` checks subsets in turn, in one HermiT run, and says which is the first that clashes. The
    search adds one element at a time (a constructive search, in the spirit of QuickXplain): the shortest prefix of
    the candidates that clashes together with the elements found so far ends in an element every clashing subset of
    that prefix needs; it is kept, the candidates after it dropped, and the search goes on before it until the
    elements found clash by themselves. Each element found costs one or two runs, each of up to :data:`_BATCH`
    prefixes (clashing is monotone: a prefix that clashes makes every longer one clash), instead of a run per
    subset tried.
    """
    found: list[_T] = []
    pool = list(candidates)
    known = False  # whether found + pool is known to clash
    while True:
        length = _shortest_clashing_prefix(found, pool, first_clash, known=known)
        if length is None:
            return None
        if length == 0:
            return found
        found.insert(0, pool[length - 1])
        pool = pool[: length - 1]
        if not pool:
            return found
        known = True


def _shortest_clashing_prefix(
    found: list[_T],
    pool: list[_T],
    first_clash: Callable[[Sequence[Sequence[_T]]], int | None],
    *,
    known: bool,
) -> int | None:
    """The least k for which ``found`` and ``pool[:k]`` clash, or None when even all of ``pool`` does not.

    ``known`` says that ``found`` with all of ``pool`` clashes. Up to :data:`_BATCH` prefix lengths, spread evenly,
    are checked per HermiT run, narrowing the range the answer is in until the run checks each length left.
    """
    low, high = 0, len(pool)  # no prefix shorter than low clashes; the one of length high does, if known
    while True:
        top = high - 1 if known else high
        count = top - low + 1
        lengths = list(range(low, top + 1))
        if count > _BATCH:
            lengths = sorted({low + (count - 1) * i // (_BATCH - 1) for i in range(_BATCH)})
        first = first_clash([[*found, *pool[:length]] for length in lengths])
        if first is None:
            if not known:
                return None
            return high  # every length up to high - 1 was checked, or lies below one that was
        if first == 0:
            return lengths[0]
        low, high, known = lengths[first - 1] + 1, lengths[first], True
        if low == high:
            return high


def axioms_about(ontology: Graph, terms: set[Node]) -> list[tuple[str, Graph]]:
    """The ontology's domain, range, subclass, equivalence and disjointness axioms that mention the terms.

    Each axiom comes with the triples that make it up (its blank-node structure included), so it can be
    taken out of the ontology whole.
    """
    found: list[tuple[str, Graph]] = []
    for subject, predicate, obj in ontology:
        if predicate not in _AXIOM_PREDICATES or not isinstance(subject, URIRef):
            continue
        mentioned = {subject, obj} | (_mentions(ontology, obj) if isinstance(obj, BNode) else set())
        if mentioned & terms:
            text = f"{_short(str(subject))} {_short(str(predicate))} {_describe(ontology, obj)}"
            found.append((text, _closure(ontology, (subject, predicate, obj))))
    for group in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        listed = {m for m in _mentions(ontology, group) if isinstance(m, URIRef) and str(m).startswith(str(MSKG._NS))}
        if listed & terms:
            text = "AllDisjointClasses(" + " ".join(sorted(_short(str(m)) for m in listed)) + ")"
            found.append((text, _closure(ontology, *ontology.triples((group, None, None)))))
    return sorted(found, key=lambda axiom: axiom[0])


def _closure(graph: Graph, *triples: Triple) -> Graph:
    """The triples and every triple reachable from their blank-node objects."""
    closure = Graph()
    pending = list(triples)
    while pending:
        triple = pending.pop()
        if triple in closure:
            continue
        closure.add(triple)
        if isinstance(triple[2], BNode):
            pending.extend(graph.triples((triple[2], None, None)))
    return closure


def _mentions(graph: Graph, node: Node, seen: set[Node] | None = None) -> set[Node]:
    seen = seen if seen is not None else set()
    if node in seen:
        return set()
    seen.add(node)
    found: set[Node] = set()
    for _, _, obj in graph.triples((node, None, None)):
        found.add(obj)
        if isinstance(obj, BNode):
            found |= _mentions(graph, obj, seen)
    return found


def _describe(graph: Graph, node: Node) -> str:
    if not isinstance(node, BNode):
        return _short(str(node))
    named = sorted(_short(str(n)) for n in _mentions(graph, node) if isinstance(n, URIRef) and n != RDF.nil)
    return "[" + " ".join(n for n in named if not n.startswith(("owl:", "rdf:"))) + "]"
