"""Validates the data graph against the SHACL shapes (``ontology/shapes.ttl``), grouping violations by shape and path.

A curator fixing a broken claim file needs "12 claims lack an evidence level, for example these three", not
twelve pages of validation report, so results are grouped by the node shape and property path they break,
counted, and given at most three examples each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rdflib import RDFS, SH, Graph, URIRef
from rdflib.term import Identifier, Node

from mskg.base import paths
from mskg.base.syntaxes import parse_turtle
from mskg.curation.report import EXAMPLES, RuleResult
from mskg.engine.formats import short

__all__ = ["read_shapes", "validate"]

_SEVERITY = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "warning"}


def read_shapes(file: Path | None = None) -> Graph:
    """The SHACL shapes graph."""
    return parse_turtle(file or paths.SHAPES_FILE)


def validate(data: Graph, ontology: Graph, shapes: Graph | None = None) -> list[RuleResult]:
    """One result per (shape, path) with violations; an empty list when the data conforms."""
    import pyshacl

    shapes = shapes if shapes is not None else read_shapes()
    # The ontology joins the data whole (pyshacl's ``ont_graph`` would copy only its RDFS and OWL triples): the
    # entity shape targets the ontology's kinds of entity by their ``mskg:idPrefix`` annotation (mskg.curation.kinds).
    with _each_query_parsed_once():
        _conforms, report, text = pyshacl.validate(
            data + ontology,
            shacl_graph=shapes,
            inference="none",
            abort_on_first=False,
            allow_warnings=True,
            advanced=True,
        )
    if not isinstance(report, Graph):
        raise TypeError(f"pyshacl could not validate with the shapes: {text}")
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    messages: dict[tuple[str, str, str], str] = {}
    for result in report.subjects(SH.resultSeverity, None):
        shape = _node_shape(shapes, report.value(result, SH.sourceShape))
        path = report.value(result, SH.resultPath)
        level = report.value(result, SH.resultSeverity)
        severity = _SEVERITY.get(level, "error") if isinstance(level, URIRef) else "error"
        key = (shape, _path(path), severity)
        focus = report.value(result, SH.focusNode)
        value = report.value(result, SH.value)
        example = short(focus) if focus is not None else "?"  # type: ignore[arg-type]
        if value is not None and value != focus:
            example += f" → {short(value)}"  # type: ignore[arg-type]
        groups[key].append(example)
        messages.setdefault(key, str(report.value(result, SH.resultMessage) or "violates the shape"))
    if not groups:
        return [RuleResult("shacl", "error", "the data breaks a SHACL shape", "see ontology/shapes.ttl", 0)]
    return [
        RuleResult(
            rule=f"shacl {shape}" + (f" {path}" if path else ""),
            severity=severity,  # type: ignore[arg-type]
            problem=messages[(shape, path, severity)],
            fix=f"correct the {shape} in data/curation (the shape is {shape} in ontology/shapes.ttl)",
            count=len(examples),
            examples=tuple(sorted(examples)[:EXAMPLES]),
        )
        for (shape, path, severity), examples in sorted(groups.items())
    ]


@contextmanager
def _each_query_parsed_once() -> Iterator[None]:
    """While it lasts, rdflib parses each SPARQL text once, however often it is asked.

    pyshacl hands rdflib a SPARQL constraint's text once per focus node (the shapes' six constraints, a few hundred
    times per build, the focus node bound through ``initBindings``) and rdflib parses the text anew each time: that
    parsing was most of the validation's time. A parsed and translated query is rdflib's own prepared query
    (:func:`rdflib.plugins.sparql.prepareQuery`), which evaluation only reads, so it is kept per text, base and
    prefixes and reused.
    """
    from rdflib.plugins.sparql import processor
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.sparql import Query

    original = processor.SPARQLProcessor.query
    prepared: dict[tuple[str, str | None, tuple[tuple[str, str], ...]], Query] = {}

    def query(
        self: processor.SPARQLProcessor,
        strOrQuery: str | Query,  # noqa: N803 (rdflib's names)
        initBindings: Mapping[str, Identifier] | None = None,  # noqa: N803
        initNs: Mapping[str, Any] | None = None,  # noqa: N803
        base: str | None = None,
        DEBUG: bool = False,  # noqa: N803
    ) -> Mapping[str, Any]:
        if not isinstance(strOrQuery, str):
            return original(self, strOrQuery, initBindings, initNs, base, DEBUG)
        key = (strOrQuery, base, tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items())))
        if key not in prepared:
            prepared[key] = translateQuery(parseQuery(strOrQuery), base, initNs)
        return original(self, prepared[key], initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original  # type: ignore[method-assign]


def _node_shape(shapes: Graph, source: Node | None) -> str:
    """The label of the node shape a (possibly property) shape belongs to."""
    node = source
    owner = shapes.value(predicate=SH.property, object=source) if source is not None else None
    if owner is not None:
        node = owner
    label = shapes.value(node, RDFS.label) if node is not None else None
    if label is not None:
        return str(label)
    return short(node) if isinstance(node, URIRef) else "shape"


def _path(path: Node | None) -> str:
    return short(path) if isinstance(path, URIRef) else ("(alternative path)" if path is not None else "")
