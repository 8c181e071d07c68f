"""OWL 2 DL reasoning with HermiT (through owlready2): consistency, classification, and what it infers.

HermiT is given the ontology and the plain triples between entities — their types and the relations the
claims assert — never the reified claims, quotes or provenance (``rdf:predicate`` pointing at a property is
outside what an OWL 2 DL reasoner should read). What it infers (new class memberships, property values and
subclass links) comes back as its own graph, kept apart from what was asserted.

When the ontology and data are inconsistent, :func:`reason` does not stop at "inconsistent": it narrows the
data down to a minimal set of entities whose statements clash (QuickXplain over entities, one HermiT run per
test) and names them with the ontology axioms about the terms they use.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib.term import Node

from mskg.base.errors import CHECKS_FAILED, ENVIRONMENT, MskgError
from mskg.base.namespaces import MSKG, MSKGID, bind_prefixes, prefixed

__all__ = ["InconsistencyError", "ReasonerUnavailableError", "Reasoning", "reason", "reasoner_input"]

log = logging.getLogger(__name__)

_INFERENCES = "http://inferrences/"  # owlready2's name for the ontology it writes inferences into
_SKIPPED_KINDS = (MSKG.Claim, MSKG.Source)
_AXIOM_PREDICATES = (RDFS.domain, RDFS.range, OWL.disjointWith, OWL.equivalentClass, RDFS.subClassOf)
_SMALL = 8  # below this many entities, search the statements directly

Triple = tuple[Node, Node, Node]


class ReasonerUnavailableError(MskgError, RuntimeError):
    """HermiT could not run (no Java, or the JVM failed); pass --no-reason to build without reasoning."""

    exit_code = ENVIRONMENT


class InconsistencyError(MskgError, RuntimeError):
    """The ontology and data are inconsistent, or the ontology has unsatisfiable classes; nothing was written."""

    exit_code = CHECKS_FAILED

    def __init__(self, summary: str, statements: Sequence[str], axioms: Sequence[str]) -> None:
        self.statements = list(statements)
        self.axioms = list(axioms)
        lines = [summary]
        if self.statements:
            lines.append("These statements cannot all hold:")
            lines += [f"  {s}" for s in self.statements]
        if self.axioms:
            lines.append("given these axioms of the ontology about the terms they use:")
            lines += [f"  {a}" for a in self.axioms]
        lines.append(
            "fix: correct the curated data or the ontology axiom that makes them clash, then rebuild "
            "(`mskg build --no-reason` builds without reasoning meanwhile)"
        )
        super().__init__("\n".join(lines))


@dataclass
class Reasoning:
    """What HermiT found: the inferred triples, and the members of each defined class."""

    inferred: Graph
    members: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    seconds: float = 0.0


def reasoner_input(data: Graph) -> Graph:
    """The part of the data graph a DL reasoner should see: entity types and relations between entities."""
    skipped = {s for kind in _SKIPPED_KINDS for s in data.subjects(RDF.type, kind)}
    selected = Graph()
    for subject, predicate, obj in data:
        if subject in skipped or not isinstance(subject, URIRef) or "#" in subject:
            continue
        if predicate == RDF.type or (str(predicate).startswith(str(MSKG._NS)) and isinstance(obj, URIRef)):
            selected.add((subject, predicate, obj))
    return selected


def reason(
    ontology: Graph, data: Graph, *, explain: bool = True, progress: Callable[[str], None] | None = None
) -> Reasoning:
    """Check consistency and classify; raise :class:`InconsistencyError` with an explanation if it fails."""
    import owlready2

    started = time.monotonic()
    abox = reasoner_input(data)
    world = _world(ontology, abox)
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        if not explain:
            raise InconsistencyError("the ontology and data are inconsistent (OWL 2 DL, HermiT)", [], []) from None
        if progress is not None:
            progress("explaining the inconsistency (HermiT runs a few dozen times)")
        statements, axioms = _explain(ontology, abox)
        raise InconsistencyError(
            "the ontology and data are inconsistent (OWL 2 DL, HermiT)", statements, axioms
        ) from None
    except (owlready2.OwlReadyJavaError, FileNotFoundError, OSError) as error:
        raise ReasonerUnavailableError(_java_problem(error)) from None
    unsatisfiable = sorted(str(c.iri) for c in world.inconsistent_classes())
    if unsatisfiable:
        raise InconsistencyError(
            "the ontology has classes that can have no members (unsatisfiable): "
            + ", ".join(map(_short, unsatisfiable)),
            [],
            [text for text, _ in _axioms_about(ontology, {URIRef(c) for c in unsatisfiable})],
        )
    inferred = _inferences(world, ontology)
    members = _defined_class_members(world, ontology)
    seconds = time.monotonic() - started
    log.info("HermiT: consistent, %d inferred triples in %.1f s", len(inferred), seconds)
    return Reasoning(inferred, members, seconds)


def _world(ontology: Graph, abox: Graph) -> Any:
    import owlready2

    world = owlready2.World()
    with tempfile.TemporaryDirectory(prefix="mskg-reason-") as folder:
        path = Path(folder) / "input.nt"
        (ontology + abox).serialize(path, format="nt", encoding="utf-8")
        world.get_ontology(path.as_uri()).load(format="ntriples")
    return world


def _consistent(ontology: Graph, abox: Graph) -> bool:
    """One HermiT consistency check, run directly with a fast-starting JVM (explanations need dozens of them)."""
    import owlready2

    with tempfile.TemporaryDirectory(prefix="mskg-probe-") as folder:
        path = Path(folder) / "probe.nt"
        (ontology + abox).serialize(path, format="nt", encoding="utf-8")
        command = [
            owlready2.JAVA_EXE,
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            _hermit_classpath(),
            "org.semanticweb.HermiT.cli.CommandLine",
            "-k",
            path.as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 (fixed program)
    if done.returncode == 0:
        return True
    if "InconsistentOntologyException" in done.stderr or "Inconsistent ontology" in done.stderr:
        return False
    raise ReasonerUnavailableError(_java_problem(RuntimeError(done.stderr.strip() or f"exit {done.returncode}")))


def _hermit_classpath() -> str:
    """Where owlready2 keeps HermiT (its own folder and jar), as owlready2 itself builds the class path."""
    import owlready2

    folder = Path(owlready2.__file__).parent / "hermit"
    return os.pathsep.join([str(folder), str(folder / "HermiT.jar")])


def _java_problem(error: BaseException) -> str:
    if shutil.which("java") is None:
        return "reasoning needs Java (11 or newer) on PATH for HermiT; install it, or pass --no-reason"
    first = str(error).strip().splitlines()
    detail = first[-1][:300] if first else error.__class__.__name__
    return f"HermiT failed to run ({detail}); check the Java installation, or pass --no-reason"


def _inferences(world: Any, ontology: Graph) -> Graph:
    """The triples HermiT added: memberships and property values of entities, and subclass links of mskg classes."""
    graph = bind_prefixes(Graph(bind_namespaces="none"))
    source = world.get_ontology(_INFERENCES)
    unabbreviate = world._unabbreviate
    for s, p, o in source.get_triples():
        if not (isinstance(o, int) and o > 0):
            continue
        subject, predicate, obj = (URIRef(unabbreviate(x)) for x in (s, p, o))
        entity = str(subject).startswith(str(MSKGID))
        if predicate == RDF.type and entity and str(obj).startswith(str(MSKG._NS)):
            graph.add((subject, predicate, obj))
        elif predicate == RDFS.subClassOf and str(subject).startswith(str(MSKG._NS)):
            if (subject, predicate, obj) not in ontology:
                graph.add((subject, predicate, obj))
        elif entity and str(predicate).startswith(str(MSKG._NS)) and str(obj).startswith(str(MSKGID)):
            graph.add((subject, predicate, obj))
    return graph


def _defined_class_members(world: Any, ontology: Graph) -> dict[URIRef, set[URIRef]]:
    members: dict[URIRef, set[URIRef]] = {}
    for defined in ontology.subjects(OWL.equivalentClass, None):
        if not isinstance(defined, URIRef):
            continue
        cls = world[str(defined)]
        members[defined] = {URIRef(i.iri) for i in cls.instances(world=world)} if cls is not None else set()
    return members


def _units(abox: Graph) -> dict[URIRef, list[Triple]]:
    """The data's statements grouped by the entity they are about."""
    units: dict[URIRef, list[Triple]] = defaultdict(list)
    for triple in abox:
        units[triple[0]].append(triple)  # type: ignore[index]
    return dict(units)


def _explain(ontology: Graph, abox: Graph) -> tuple[list[str], list[str]]:
    """A minimal set of data statements that clash, and the minimal ontology axioms that make them clash.

    Three QuickXplain passes, each a handful of HermiT runs: first over entities (all statements about one
    entity together), then over the statements of the entities found, then over the ontology axioms that
    mention the terms those statements use.
    """
    declarations = [t for t in abox if t[1] == RDF.type and t[2] == OWL.NamedIndividual]
    statements_only = Graph()
    for triple in abox:
        if triple[1] != RDF.type or triple[2] != OWL.NamedIndividual:
            statements_only.add(triple)
    units = _units(statements_only)

    def clash(triples: Iterable[Triple], tbox: Graph = ontology) -> bool:
        subset = Graph()
        for triple in [*declarations, *triples]:
            subset.add(triple)
        return not _consistent(tbox, subset)

    if not clash(statements_only):  # the data alone does not clash: the ontology is inconsistent by itself
        return [], _minimal_axioms(ontology, set(ontology.subjects()), Graph())
    entities = sorted(units)
    if len(entities) > _SMALL:
        entities = _quickxplain(entities, lambda chosen: clash(t for e in chosen for t in units[e]))
    candidates = sorted((t for e in entities for t in units[e]), key=lambda t: tuple(map(str, t)))
    statements = _quickxplain(candidates, clash)
    data = Graph()
    for triple in [*declarations, *statements]:
        data.add(triple)
    terms: set[Node] = {t[1] for t in statements} | {t[2] for t in statements if t[1] == RDF.type}
    return [" ".join(_short(str(x)) for x in t) for t in statements], _minimal_axioms(ontology, terms, data)


def _minimal_axioms(ontology: Graph, terms: set[Node], data: Graph) -> list[str]:
    """The fewest ontology axioms about ``terms`` without which ``data`` would no longer clash."""
    axioms = _axioms_about(ontology, terms)
    if not axioms:
        return []
    rest = Graph()
    used = set().union(*(set(graph) for _, graph in axioms))
    for triple in ontology:
        if triple not in used:
            rest.add(triple)

    def clash(chosen: Iterable[tuple[str, Graph]]) -> bool:
        tbox = rest + Graph()
        for _, graph in chosen:
            tbox += graph
        return not _consistent(tbox, data)

    if not clash(axioms):
        return sorted(text for text, _ in axioms)
    if clash([]):  # the axioms about these terms are not the cause; the rest of the ontology is
        return []
    return sorted(text for text, _ in _quickxplain(axioms, clash))


_T = TypeVar("_T")


def _quickxplain(candidates: list[_T], inconsistent: Callable[[list[_T]], bool]) -> list[_T]:
    """QuickXplain (Junker 2004): a minimal subset of ``candidates`` that is inconsistent on its own."""

    def search(background: list[_T], delta: bool, pool: list[_T]) -> list[_T]:
        if delta and inconsistent(background):
            return []
        if len(pool) == 1:
            return pool
        half = len(pool) // 2
        first, second = pool[:half], pool[half:]
        found_second = search(background + first, bool(first), second)
        found_first = search(background + found_second, bool(found_second), first)
        return found_first + found_second

    return search([], False, candidates)


def _axioms_about(ontology: Graph, terms: set[Node]) -> list[tuple[str, Graph]]:
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


def _short(iri: str) -> str:
    return prefixed(iri) or f"<{iri}>"
