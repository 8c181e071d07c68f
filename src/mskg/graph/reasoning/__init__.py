"""OWL 2 DL reasoning with HermiT (through owlready2): consistency, classification, and what it infers.

HermiT is given the ontology and the plain triples between entities — their types and the relations the
claims assert — never the reified claims, quotes or provenance (``rdf:predicate`` pointing at a property is
outside what an OWL 2 DL reasoner should read). What it infers (new class memberships, property values and
subclass links) comes back as its own graph, kept apart from what was asserted.

When the ontology and data are inconsistent, :func:`reason` does not stop at "inconsistent": it narrows the
data down to a minimal set of entities whose statements clash (a constructive search over entities, then
statements, then axioms, each HermiT run checking a dozen subsets in one JVM) and names them with the ontology
axioms about the terms they use (:mod:`mskg.graph.reasoning.explanation`).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from mskg.base.errors import CHECKS_FAILED, ENVIRONMENT, MskgError
from mskg.base.namespaces import MSKG, MSKGID, bind_prefixes, prefixed

__all__ = ["InconsistencyError", "ReasonerUnavailableError", "Reasoning", "reason", "reasoner_input"]

log = logging.getLogger(__name__)

_INFERENCES = "http://inferrences/"  # owlready2's name for the ontology it writes inferences into
_SKIPPED_KINDS = (MSKG.Claim, MSKG.Source)
#: HermiT's runs are short: the client compiler alone and the serial collector start fast and spend half the CPU
#: time of the JVM's default (tiered compilation compiles the same methods twice over, on every core).
_JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


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
        from mskg.graph.reasoning.explanation import explain_inconsistency

        statements, axioms = explain_inconsistency(ontology, abox)
        raise InconsistencyError(
            "the ontology and data are inconsistent (OWL 2 DL, HermiT)", statements, axioms
        ) from None
    except (owlready2.OwlReadyJavaError, FileNotFoundError, OSError) as error:
        raise ReasonerUnavailableError(_java_problem(error)) from None
    unsatisfiable = sorted(str(c.iri) for c in world.inconsistent_classes())
    if unsatisfiable:
        from mskg.graph.reasoning.explanation import axioms_about

        raise InconsistencyError(
            "the ontology has classes that can have no members (unsatisfiable): "
            + ", ".join(map(_short, unsatisfiable)),
            [],
            [text for text, _ in axioms_about(ontology, {URIRef(c) for c in unsatisfiable})],
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


def _short(iri: str) -> str:
    return prefixed(iri) or f"<{iri}>"
