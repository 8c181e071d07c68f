"""Where the graph is kept and asked: an embedded Oxigraph store (the default) or rdflib in memory.

Both backends answer the same SPARQL with the same :class:`Results`, with the union of the named graphs
(ontology, import slices, curated data) as the default graph. A built store is opened read-only, so a
query never re-parses the graph and several processes can read it at once.

>>> from rdflib import Graph, Literal, URIRef
>>> g = Graph()
>>> g.add((URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal("x")))  # doctest: +ELLIPSIS
<Graph ...>
>>> store = MemoryStore({URIRef("https://example.org/graph"): g})
>>> store.select("SELECT ?o WHERE { ?s ?p ?o }").rows
[{'o': rdflib.term.Literal('x')}]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Identifier

from mskg.base.bindings import BindingError, bind_first
from mskg.base.errors import MskgError
from mskg.base.problems import first_line

__all__ = [
    "STORE_DIR",
    "EmbeddedStore",
    "MemoryStore",
    "QueryStore",
    "Results",
    "StoreError",
    "Term",
    "from_oxigraph",
    "update_embedded",
    "write_store",
]

#: The folder of a build that holds its embedded store.
STORE_DIR = "store"

#: An RDF term as results hold it.
Term = URIRef | Literal | BNode


class StoreError(MskgError, RuntimeError):
    """The store could not be opened or could not answer."""


@dataclass
class Results:
    """The answer to a query: SELECT rows (variable → term, unbound variables left out) or an ASK boolean."""

    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None


class QueryStore(Protocol):
    """Anything that answers SPARQL queries over the mskg graph."""

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Results:
        """Run a SELECT or ASK query; ``bindings`` pre-bind variables (values, never text)."""
        ...


def _rows(answer: ox.QuerySolutions, variables: list[str]) -> list[dict[str, Term]]:
    """The solutions as rows; large answers repeat labels and entities, so each term is converted once."""
    converted: dict[object, Term] = {}
    rows = []
    for solution in answer:
        row = {}
        for name in variables:
            value = solution[name]
            if value is not None:
                term = converted.get(value)
                if term is None:
                    term = converted[value] = from_oxigraph(value)
                row[name] = term
        rows.append(row)
    return rows


class MemoryStore:
    """rdflib's in-memory dataset: slow on large graphs, but pure Python and always available."""

    def __init__(self, graphs: Mapping[URIRef, Graph]) -> None:
        self.dataset = Dataset(default_union=True)
        for name, graph in graphs.items():
            target = self.dataset.graph(name)
            for triple in graph:
                target.add(triple)

    @classmethod
    def of_dataset(cls, dataset: Dataset) -> MemoryStore:
        """A store over an rdflib dataset as it is (not copied); it should have ``default_union=True``."""
        memory = cls.__new__(cls)
        memory.dataset = dataset
        return memory

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Results:
        """Run a SELECT or ASK query with rdflib's engine."""
        init: dict[str, Identifier] = {name: value for name, value in (bindings or {}).items()}
        try:
            return self._answer(query, init)
        except StoreError:
            raise
        except Exception as error:  # rdflib's parser and engine raise many kinds; the user gets one line
            raise StoreError(f"rdflib could not answer the query: {first_line(error)}") from None

    def _answer(self, query: str, init: dict[str, Identifier]) -> Results:
        result = self.dataset.query(query, initBindings=init)
        if result.type == "ASK":
            return Results(boolean=bool(result.askAnswer))
        if result.type != "SELECT":
            raise StoreError(f"only SELECT and ASK queries give a table, not {result.type}")
        variables = [str(v) for v in result.vars or []]
        rows = []
        for row in result:
            values = row.asdict()  # type: ignore[union-attr]
            rows.append({name: values[name] for name in variables if values.get(name) is not None})
        return Results(variables, rows)  # type: ignore[arg-type]


def no_store(path: Path) -> str:
    """Why there is no store at ``path`` (a build folder's ``store/``), and what to type instead."""
    folder = path.parent
    if folder.name == STORE_DIR and folder.is_dir():
        return f"no graph store at {path}: --store takes the folder that holds store/, here --store {folder.parent}"
    return f"no graph store at {path}: run `mskg build` first (or `mskg load` for large files)"


class EmbeddedStore:
    """An Oxigraph store: on disk and opened read-only (a built graph), or in memory (for checking)."""

    def __init__(self, path: Path) -> None:
        if not path.is_dir():
            raise StoreError(no_store(path))
        from mskg.engine.versions import hold

        # Opened by its resolved path, with its version held, so that the store keeps reading the build it opened
        # when later builds are switched in (see mskg.engine.versions), rather than files of two builds.
        resolved, self._version_lock = hold(path)
        try:
            self.store = ox.Store.read_only(str(resolved))
        except OSError as error:
            raise StoreError(f"cannot open the graph store at {path}: {error}") from None

    @classmethod
    def in_memory(cls, graphs: Mapping[URIRef, Graph]) -> EmbeddedStore:
        """A store in memory holding each graph as a named graph; nothing is written to disk."""
        embedded = cls.__new__(cls)
        embedded._version_lock = None
        embedded.store = ox.Store()
        _load_graphs(embedded.store, graphs)
        return embedded

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Results:
        """Run a SELECT or ASK query with Oxigraph; bindings open the WHERE clause as VALUES (see ``bindings``)."""
        try:
            answer = self.store.query(bind_first(query, bindings or {}), use_default_graph_as_union=True)
        except BindingError as error:
            raise StoreError(str(error)) from None
        except SyntaxError as error:
            raise StoreError(f"the query is not valid SPARQL: {error}") from None
        except (OSError, RuntimeError, ValueError) as error:  # the engine's own failures, SERVICE calls among them
            raise StoreError(f"Oxigraph could not answer the query: {first_line(error)}") from None
        if isinstance(answer, ox.QueryBoolean):
            return Results(boolean=bool(answer))
        if not isinstance(answer, ox.QuerySolutions):
            raise StoreError("only SELECT and ASK queries give a table, not CONSTRUCT or DESCRIBE")
        variables = [v.value for v in answer.variables]
        failure: str | None = None
        try:
            rows = _rows(answer, variables)
        except (OSError, RuntimeError, ValueError) as error:  # a SERVICE call or the engine failed while answering
            failure = first_line(error)
        # The solutions must be dropped on the thread that made them (pyoxigraph's objects stay on their thread),
        # so no exception that refers to them may leave this call: the failure travels as text.
        del answer
        if failure is not None:
            raise StoreError(f"Oxigraph could not answer the query: {failure}")
        return Results(variables, rows)


def update_embedded(path: Path, update: str) -> None:
    """Apply a SPARQL Update to the built store at ``path`` (opened read-write for this one change)."""
    if not path.is_dir():
        raise StoreError(f"no graph store at {path}: run `mskg build` first")
    try:
        ox.Store(str(path)).update(update)
    except SyntaxError as error:
        raise StoreError(f"the update is not valid SPARQL: {error}") from None
    except OSError as error:
        raise StoreError(f"cannot update the graph store at {path}: {error}") from None


def write_store(path: Path, graphs: Mapping[URIRef, Graph]) -> None:
    """Create an Oxigraph store at ``path`` (which must not exist) holding each graph as a named graph."""
    store = ox.Store(str(path))
    _load_graphs(store, graphs)
    store.flush()
    store.optimize()
    del store


def _load_graphs(store: ox.Store, graphs: Mapping[URIRef, Graph]) -> None:
    for name, graph in graphs.items():  # parsed keeping the blank nodes' labels, so a build writes the same bytes
        triples = ox.parse(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
        target = ox.NamedNode(str(name))
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in triples)


def from_oxigraph(term: object) -> Term:
    """The rdflib term for a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise StoreError(f"unexpected term in a query result: {term!r}")
