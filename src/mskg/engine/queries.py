"""Saved questions: finding the ``.rq`` files, reading their ``#+`` headers, binding parameters, running them.

A saved query is a self-contained SPARQL file whose header says what it asks::

    #+ summary: Therapies that target compartmentalized B cells
    #+ description: ...
    #+ param: therapy (mskg:Therapy): the therapy, by label, CURIE or IRI. Example: AHSCT
    #+ answers: one row per therapy ...

A parameter's type is the class its value must belong to, ``iri`` for any term named by CURIE or IRI (an
external ontology's term, say), or ``string`` for plain text. Users give a
label (any case), a CURIE (``mskgid:therapy/ahsct``, or an external one such as ``MONDO:0005301``) or an
IRI; :func:`resolve` finds the entity, or fails listing the nearest labels. The value is bound to the
query's variable of the same name, never written into the query text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import Literal, URIRef

from mskg.base import paths
from mskg.base.errors import MskgError
from mskg.base.links import LinkError, expand
from mskg.base.names import nearest, normal, plain_identifier
from mskg.base.namespaces import ENTITY_ID, MSKGID, PREFIXES
from mskg.base.safety import check, is_update
from mskg.engine.store import QueryStore, Results, Term

__all__ = [
    "Param",
    "QueryError",
    "SavedQuery",
    "discover",
    "internal_query",
    "resolve",
    "run_saved",
]

_HEADER = re.compile(r"^#\+\s*(?P<key>[a-z]+)\s*:\s?(?P<value>.*)$")
_CONTINUATION = re.compile(r"^#\+\s{2,}(?P<value>\S.*)$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>[^)]+)\)\s*:\s*(?P<meaning>.+)$")
_EXAMPLE = re.compile(r"\s*Example:\s*(?P<example>.+?)\s*$")


class QueryError(MskgError, ValueError):
    """A saved query or a parameter value is wrong; the message says how to fix it."""


@dataclass(frozen=True)
class Param:
    """A parameter of a saved query: its variable name, the class (or ``string``) its value has."""

    name: str
    type: str
    meaning: str
    example: str | None = None


@dataclass(frozen=True)
class SavedQuery:
    """A saved question: its name (the file name), header fields and SPARQL text."""

    name: str
    path: Path
    summary: str
    description: str
    answers: str
    params: tuple[Param, ...]
    text: str = field(repr=False)

    @property
    def examples(self) -> dict[str, str]:
        """Each parameter's example value, by name: the question as its header shows it asked."""
        return {p.name: p.example for p in self.params if p.example is not None}

    @classmethod
    def read(cls, path: Path) -> SavedQuery:
        """Read a ``.rq`` file and its header; raise :class:`QueryError` naming the line of a bad header."""
        text = path.read_text(encoding="utf-8")
        fields: dict[str, list[str]] = {}
        params: list[Param] = []
        for number, key, value in header_lines(text):
            if key not in ("summary", "description", "param", "answers"):
                raise QueryError(
                    f"{path}:{number}: unknown header '#+ {key}:' (use summary, description, param or answers)"
                )
            fields.setdefault(key, []).append(value)
        for value in fields.get("param", []):
            params.append(_param(path, value))
        for key in ("summary", "answers"):
            if not fields.get(key):
                raise QueryError(f"{path}: the header has no '#+ {key}:' line; add one")
        return cls(
            name=path.stem,
            path=path,
            summary=" ".join(fields["summary"]),
            description=" ".join(fields.get("description", [])),
            answers=" ".join(fields["answers"]),
            params=tuple(params),
            text=text,
        )


def header_lines(text: str) -> list[tuple[int, str, str]]:
    r"""The ``#+ key: value`` lines of a query file (saved question or check), a value's continuation lines joined.

    A continuation line is ``#+`` and two or more spaces; each entry is (line number, key, value).

    >>> header_lines("#+ summary: Therapies\n#+   by route\n#+ answers: one row\nSELECT")
    [(1, 'summary', 'Therapies by route'), (3, 'answers', 'one row')]
    """
    found: list[tuple[int, str, str]] = []
    open_value = False
    for number, line in enumerate(text.splitlines(), start=1):
        continued = _CONTINUATION.match(line)
        if continued and open_value:
            start, key, value = found[-1]
            found[-1] = (start, key, f"{value} {continued['value'].strip()}")
            continue
        header = _HEADER.match(line)
        open_value = header is not None
        if header:
            found.append((number, header["key"], header["value"].strip()))
    return found


def _param(path: Path, value: str) -> Param:
    match = _PARAM.match(value)
    if not match:
        raise QueryError(f"{path}: bad '#+ param: {value}' (write '#+ param: name (type): meaning. Example: value')")
    meaning = match["meaning"]
    example = _EXAMPLE.search(meaning)
    if example:
        meaning = meaning[: example.start()].rstrip()
    return Param(match["name"], match["type"].strip(), meaning, example["example"] if example else None)


def discover(folder: Path | None = None) -> dict[str, SavedQuery]:
    """Every saved query in ``folder`` (default ``queries/``), by name; checks live in a subfolder."""
    folder = folder or paths.QUERIES_DIR
    return {query.name: query for query in map(SavedQuery.read, sorted(folder.glob("*.rq")))}


def find_saved(name: str, folder: Path | None = None) -> SavedQuery:
    """The saved query called ``name``; a :class:`QueryError` that suggests the nearest names when there is none."""
    import difflib

    saved = discover(folder)
    if name not in saved:
        near = difflib.get_close_matches(name, saved, n=3)
        raise QueryError(
            f"no saved query '{name}'"
            + (f"; did you mean {', '.join(near)}?" if near else "")
            + " (`mskg queries` lists them)"
        )
    return saved[name]


@cache
def internal_query(name: str, suffix: str = ".rq") -> str:
    """The text of one of mskg's own queries (``src/mskg/sparql/NAME.rq``) or updates (``NAME.ru``)."""
    return resources.files("mskg").joinpath("sparql", f"{name}{suffix}").read_text(encoding="utf-8")


def resolve(store: QueryStore, param: Param, value: str) -> Term:
    """The term a user's value names: an entity by label, CURIE or IRI (checked to exist), or a string.

    Exact labels are looked up in the store's indexes first; only a label in another case (or a name that
    matches nothing) reads every label of the class, so resolving stays fast however large the graph grows.
    """
    if param.type == "string":
        return Literal(value)
    if param.type == "iri":
        term = _as_iri(value)
        if term is None:
            raise QueryError(f"parameter '{param.name}' takes a CURIE or an IRI, such as MONDO:0005301, not {value!r}")
        if not store.select(internal_query("term-in-graph"), {"term": term}).rows:
            raise QueryError(
                f"{value} is not in the graph (parameter '{param.name}'): no entity is mapped to it and no import "
                "slice holds it; `mskg links check` lists the mapped terms of each ontology"
            )
        return term
    cls = _class_iri(param)
    iri = _as_iri(value)
    if iri is None and re.fullmatch(ENTITY_ID, value.strip()):
        iri = MSKGID[value.strip()]  # the curation's own id, such as therapy/ahsct
    if iri is not None:
        mapped = store.select(internal_query("entities-mapped-to"), {"external": iri}).rows
        for candidate in [iri, *(row["entity"] for row in mapped)]:
            if _is_a(store, candidate, cls):
                return candidate
    identifier = plain_identifier(value)
    found = _labelled(store, cls, value) or _labelled(store, cls, identifier)
    candidates: list[dict[str, Term]] = []
    if not found:
        candidates = store.select(internal_query("labels-of-class"), {"class": cls}).rows
        if not candidates:
            raise QueryError(f"the graph has nothing of type {param.type} for parameter '{param.name}'")
        wanted = normal(identifier)
        found = {row["entity"] for row in candidates if normal(str(row["label"])) == wanted}
    if not found:
        # A study's identifier names the therapy the study tested (PMID 30644983: MIST, so AHSCT).
        tested = store.select(internal_query("tested-in-study"), {"id": Literal(identifier)}).rows
        found = {row["therapy"] for row in tested if _is_a(store, row["therapy"], cls)}
    if len(found) == 1:
        return found.pop()
    if len(found) > 1:
        raise QueryError(
            f"'{value}' names several {param.type} entities; give its IRI or CURIE instead: " + ", ".join(sorted(found))
        )
    near = nearest(value, (str(row["label"]) for row in candidates))
    hint = f"near matches: {'; '.join(near)}" if near else "no name of one is close; `mskg queries` shows examples"
    raise QueryError(f"no {param.type} is called '{value}' (parameter '{param.name}'); {hint}")


def _labelled(store: QueryStore, cls: URIRef, value: str) -> set[Term]:
    """The entities of ``cls`` whose label, synonym or registration is ``value`` as written (English or plain)."""
    text = value.strip()
    found: set[Term] = set()
    if not text:
        return found
    for label in (Literal(text, lang="en"), Literal(text)):
        rows = store.select(internal_query("entities-labelled"), {"label": label}).rows
        found.update(row["entity"] for row in rows if _is_a(store, row["entity"], cls))
    return found


def _is_a(store: QueryStore, entity: Term, cls: URIRef) -> bool:
    """Whether ``entity`` is of class ``cls``, directly or through its subclasses."""
    return bool(store.select(internal_query("entity-of-class"), {"entity": entity, "class": cls}).rows)


def run_saved(
    store: QueryStore, query: SavedQuery, values: Mapping[str, str], *, allow_service: bool = False
) -> Results:
    """Run a saved query with its parameters bound; saved queries are read-only, and SERVICE needs permission."""
    if is_update(query.text):
        raise QueryError(f"{query.path}: a saved query must not change data; run updates with `mskg sparql`")
    check(query.text, allow_service=allow_service)
    unknown = sorted(set(values) - {p.name for p in query.params})
    if unknown:
        expected = ", ".join(p.name for p in query.params) or "none"
        raise QueryError(f"'{query.name}' has no parameter {', '.join(unknown)} (its parameters: {expected})")
    bindings: dict[str, Term] = {}
    for param in query.params:
        if param.name not in values:
            raise QueryError(
                f"'{query.name}' needs --param {param.name}=VALUE ({param.meaning}"
                + (f"; for example {param.name}={param.example!r})" if param.example else ")")
            )
        bindings[param.name] = resolve(store, param, values[param.name])
    return store.select(query.text, bindings)


def _checked_iri(text: str) -> URIRef:
    bad = _NOT_IN_IRI.search(text)
    if bad:
        raise QueryError(f"'{text}' is not an IRI: it contains {bad.group()!r}; give the entity's IRI, CURIE or label")
    return URIRef(text)


def _class_iri(param: Param) -> URIRef:
    iri = _as_iri(param.type)
    if iri is None:
        raise QueryError(f"parameter '{param.name}' has type '{param.type}', which is neither a CURIE nor 'string'")
    return iri


#: Characters an IRI may not contain (RFC 3987 and the SPARQL grammar's IRIREF).
_NOT_IN_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def _as_iri(value: str) -> URIRef | None:
    """The IRI a value spells as ``<iri>``, ``http(s)://...`` or a CURIE; None for a plain label."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return _checked_iri(value[1:-1])
    if re.match(r"^https?://\S+$", value):
        return _checked_iri(value)
    prefix, sep, local = value.partition(":")
    if not sep or " " in value:
        return None
    if prefix in PREFIXES:
        return URIRef(PREFIXES[prefix] + local)
    try:
        return expand(value)
    except LinkError:
        return None
