"""OWL 2 DL reasoning with HermiT (through owlready2): consistency, classification, and what it infers.

HermiT is given the ontology and the plain triples between entities — their types and the relations the
claims assert — never the reified claims, quotes or provenance (``rdf:predicate`` pointing at a property is
outside what an OWL 2 DL reasoner should read). What it infers (new class memberships, property values and
subclass links) comes back as its own graph, kept apart from what was asserted.

When the ontology and data are inconsistent, :func:`reason` does not stop at "inconsistent": it narrows the
data down to a minimal set of entities whose statements clash (a constructive search over entities, then
statements, then axioms, each HermiT run checking a dozen subsets in one JVM) and names them with the ontology
axioms about the terms they use.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib.term import Node

from mskg.errors import CHECKS_FAILED, ENVIRONMENT, MskgError
from mskg.namespaces import MSKG, MSKGID, bind_prefixes, prefixed

__all__ = ["InconsistencyError", "ReasonerUnavailableError", "Reasoning", "reason", "reasoner_input"]

log = logging.getLogger(__name__)

_INFERENCES = "http://inferrences/"  # owlready2's name for the ontology it writes inferences into
_SKIPPED_KINDS = (MSKG.Claim, MSKG.Source)
_AXIOM_PREDICATES = (RDFS.domain, RDFS.range, OWL.disjointWith, OWL.equivalentClass, RDFS.subClassOf)
_SMALL = 8  # below this many entities, search the statements directly
#: HermiT's runs are short: the client compiler alone and the serial collector start fast and spend half the CPU
#: time of the JVM's default (tiered compilation compiles the same methods twice over, on every core).
_JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")

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
        with _fast_starting_jvm():
            owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        if not explain:
            raise InconsistencyError("the ontology and data are inconsistent (OWL 2 DL, HermiT)", [], []) from None
        if progress is not None:
            progress("explaining the inconsistency (HermiT runs a few more times)")
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


@contextmanager
def _fast_starting_jvm() -> Iterator[None]:
    """While it lasts, the JVMs this process starts take :data:`_JVM_OPTIONS` (owlready2 builds its own command).

    ``JAVA_TOOL_OPTIONS`` is the JVM's own way to take options from its environment (a user's own are kept, after
    ours, so theirs win); the JVM says on stderr that it picked them up, which owlready2 reads past.
    """
    saved = os.environ.get("JAVA_TOOL_OPTIONS")
    os.environ["JAVA_TOOL_OPTIONS"] = " ".join([*_JVM_OPTIONS, *([saved] if saved else [])])
    try:
        yield
    finally:
        if saved is None:
            del os.environ["JAVA_TOOL_OPTIONS"]
        else:
            os.environ["JAVA_TOOL_OPTIONS"] = saved


def _world(ontology: Graph, abox: Graph) -> Any:
    import owlready2

    world = owlready2.World()
    with tempfile.TemporaryDirectory(prefix="mskg-reason-") as folder:
        path = Path(folder) / "input.nt"
        (ontology + abox).serialize(path, format="nt", encoding="utf-8")
        world.get_ontology(path.as_uri()).load(format="ntriples")
    return world


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


def _units(abox: Iterable[Triple]) -> dict[URIRef, list[Triple]]:
    """The data's statements grouped by the entity they are about."""
    units: dict[URIRef, list[Triple]] = defaultdict(list)
    for triple in abox:
        units[triple[0]].append(triple)  # type: ignore[index]
    return dict(units)


def _explain(ontology: Graph, abox: Graph) -> tuple[list[str], list[str]]:
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
    axioms = _axioms_about(ontology, terms)
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
