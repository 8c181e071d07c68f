"""The build's exports written the same, byte for byte, by every run: TriG and JSON-LD in a canonical order.

rdflib writes Turtle deterministically, but its TriG writer orders the named graphs, and its JSON-LD writer the
nodes and values, by Python's hash order, which changes from one process to the next; and blank nodes read from
the ontology get new random labels every time. So:

- TriG is written graph by graph in the order of their IRIs, each graph's body being rdflib's (deterministic)
  Turtle for it, under one sorted set of prefixes;
- JSON-LD is written from the graph with its blank nodes relabelled canonically (:func:`rdflib.compare.
  to_canonical_graph`), then with every object's keys and every unordered array sorted; ``@list`` arrays, whose
  order is their meaning, keep it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph

__all__ = ["write_jsonld", "write_trig"]

_PREFIX = re.compile(r"^@prefix\s+([^:\s]*):\s+<([^>]*)>\s*\.\s*$")


def write_trig(graphs: dict[URIRef, Graph], target: Path, prefixes: dict[str, str]) -> None:
    """The named graphs as TriG, in the order of their names, with one prefix block for all of them."""
    used: dict[str, str] = {}
    bodies: list[str] = []
    for name in sorted(graphs, key=str):
        graph = Graph()
        for prefix, namespace in prefixes.items():
            graph.bind(prefix, namespace)
        for triple in graphs[name]:
            graph.add(triple)
        lines = graph.serialize(format="turtle").splitlines()
        body = []
        for line in lines:
            match = _PREFIX.match(line)
            if match:
                used[match[1]] = match[2]
            else:
                body.append(line)
        text = "\n".join(body).strip("\n")  # not indented: a line may be inside a long literal
        bodies.append(f"{URIRef(name).n3()} {{\n{text}\n}}\n")
    header = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in sorted(used.items()))
    target.write_text(header + "\n" + "\n".join(bodies), encoding="utf-8")


def write_jsonld(graph: Graph, target: Path) -> None:
    """The graph as compact JSON-LD with canonical blank-node labels, keys and value order."""
    canonical = Graph()
    for prefix, namespace in graph.namespaces():
        canonical.bind(prefix, namespace)
    for triple in to_canonical_graph(graph):
        canonical.add(triple)
    document = json.loads(canonical.serialize(format="json-ld", auto_compact=True))
    target.write_text(json.dumps(_sorted(document), indent=2, ensure_ascii=False, sort_keys=True) + "\n", "utf-8")


def _sorted(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {name: _sorted(item, name) for name, item in value.items()}
    if isinstance(value, list):
        items = [_sorted(item) for item in value]
        return items if key == "@list" else sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value
