"""A SPARQL 1.1 server as a store: saved queries run there over bounded HTTP, answering like the embedded one.

Parameters travel as a ``VALUES`` block opening the WHERE clause, built from resolved RDF terms (never from the
user's text; see :mod:`mskg.base.bindings`),
the graph to query is named with the protocol's ``default-graph-uri``, and credentials come from the
environment (``MSKG_ENDPOINT_USER``, ``MSKG_ENDPOINT_PASSWORD``) and never appear in messages. Every failure —
unreachable server, HTTP error, timeout, malformed answer — is one :class:`~mskg.engine.store.StoreError` line.

>>> from rdflib import URIRef
>>> print(with_rows("SELECT ?t WHERE { ?t ?p ?o }", ["t"], [[URIRef("urn:a")], [URIRef("urn:b")]]))
SELECT ?t WHERE { ?t ?p ?o }
VALUES (?t) { (<urn:a>) (<urn:b>) }
"""

from __future__ import annotations

import base64
import json
import os
import socket
import urllib.error
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from rdflib import BNode, Literal, URIRef

from mskg.base.bindings import BindingError, bind_first, values_block
from mskg.base.digest import authorization as digest_authorization
from mskg.base.digest import remembered
from mskg.base.namespaces import GRAPH
from mskg.base.safety import UnsafeQueryError, analyse
from mskg.engine.http import (
    AnswerTooLargeError,
    AuthenticationError,
    RedirectRefusedError,
    exchange,
    timeout_problem,
    without_userinfo,
)
from mskg.engine.store import Results, StoreError, Term

__all__ = [
    "PASSWORD_VARIABLE",
    "USER_VARIABLE",
    "Endpoint",
    "EndpointError",
    "RemoteStore",
    "with_rows",
]

USER_VARIABLE = "MSKG_ENDPOINT_USER"
PASSWORD_VARIABLE = "MSKG_ENDPOINT_PASSWORD"  # noqa: S105 (the name of the variable, not a password)


class EndpointError(StoreError):
    """The endpoint as written cannot be asked (not an http(s) URL, credentials in it): a mistake in the command."""


@dataclass(frozen=True)
class Endpoint:
    """A server URL with the credentials the environment gives for it (kept out of ``repr``)."""

    url: str
    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0

    @classmethod
    def from_environment(cls, url: str, timeout: float = 30.0) -> Endpoint:
        """The endpoint at ``url``; refuses credentials written into the URL, where shells and logs keep them."""
        problem = timeout_problem(timeout)
        if problem:
            raise EndpointError(problem)
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 (reading it validates the port)
        except ValueError as error:
            raise EndpointError(f"'{without_userinfo(url)}' is not a valid URL ({error})") from None
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise EndpointError(
                f"'{without_userinfo(url)}' is not an http(s) URL of a SPARQL endpoint "
                "(write it in full, such as http://127.0.0.1:7878/query)"
            )
        if parts.username or parts.password:
            raise EndpointError(
                f"do not put credentials in the endpoint URL; set {USER_VARIABLE} and {PASSWORD_VARIABLE} instead"
            )
        return cls(url, os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE), timeout)

    def authorization(self, method: str = "GET", url: str | None = None) -> dict[str, str]:
        """The ``Authorization`` header for a request, if credentials were given.

        What the server at ``url`` asked for (:func:`mskg.engine.http.exchange` remembers it): HTTP Digest, answering
        its challenge, or Basic; nothing while it has not asked, so a password is never sent in a scheme the server
        did not choose.
        """
        if self.user is None or url is None:
            return {}
        scheme = remembered(url)
        if scheme is None:
            return {}
        if scheme == "basic":
            return {"Authorization": f"Basic {self._basic_token()}"}
        return {"Authorization": digest_authorization(scheme, self.user, self.password or "", method, url)}

    def _basic_token(self) -> str:
        return base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode("ascii")

    def describe_error(self, error: BaseException, *, wanted: str = "query") -> str:
        """One line saying what went wrong talking to the endpoint, without credentials or response dumps.

        When the server refused the request and the URL looks like another kind of endpoint than the one
        ``wanted`` (``query``, ``store`` or ``update``), the line says which URL to give instead.
        """
        hint = _endpoint_hint(self.url, wanted) if isinstance(error, urllib.error.HTTPError) else ""
        return self.scrub(f"{self.url}: {describe(error)}{hint}")

    def scrub(self, text: str) -> str:
        """The text with the credentials, and the Basic token made of them, replaced by ``***``."""
        secrets = [value for value in (self.password, self.user) if value]
        if self.user is not None:
            secrets.append(self._basic_token())
        for secret in sorted(secrets, key=len, reverse=True):
            text = text.replace(secret, "***")
        return text


#: The last path segment of each kind of endpoint on the servers users run (Oxigraph, Fuseki, Virtuoso, GraphDB).
_KINDS = {
    "query": ("query", "sparql"),
    "store": ("store", "data", "sparql-graph-crud", "sparql-graph-crud-auth", "service"),
    "update": ("update", "sparql-auth", "statements"),
}
_EXAMPLES = {
    "query": "the query endpoint (Oxigraph: http://HOST:7878/query; Fuseki: …/DATASET/sparql; Virtuoso: …/sparql)",
    "store": "the Graph Store Protocol endpoint (Oxigraph: http://HOST:7878/store; Fuseki: …/DATASET/data; "
    "Virtuoso: …/sparql-graph-crud-auth)",
    "update": "the update endpoint (Oxigraph: http://HOST:7878/update; Fuseki: …/DATASET/update; "
    "Virtuoso: …/sparql-auth)",
}


def _endpoint_hint(url: str, wanted: str) -> str:
    """What to type instead, when the URL names the server's root or another kind of endpoint."""
    last = urlsplit(url).path.rstrip("/").rpartition("/")[2]
    if last in _KINDS[wanted]:
        return ""
    other = next((kind for kind, names in _KINDS.items() if last in names), None)
    if other is None and last:
        return ""
    looks = f"this looks like {_EXAMPLES[other].split(' (')[0]}" if other else "this is the server's root"
    return f" ({looks}; give {_EXAMPLES[wanted]})"


def describe(error: BaseException) -> str:
    """A short, secret-free description of a network or protocol error."""
    if isinstance(error, (RedirectRefusedError, AnswerTooLargeError, AuthenticationError)):
        return str(error)
    if isinstance(error, urllib.error.HTTPError):
        refused = f" (check {USER_VARIABLE} and {PASSWORD_VARIABLE})" if error.code == 401 else ""
        return f"the server answered HTTP {error.code} {error.reason}{refused}" + _body_hint(error)
    if isinstance(error, urllib.error.URLError):
        reason = error.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return "no answer before the timeout"
        return f"cannot reach the server ({reason})"
    if isinstance(error, (TimeoutError, socket.timeout)):
        return "no answer before the timeout"
    if isinstance(error, ConnectionError):
        return f"the connection failed ({error.__class__.__name__})"
    if isinstance(error, (json.JSONDecodeError, KeyError, TypeError, ValueError)):
        return "the server's answer is not SPARQL results JSON"
    name = error.__class__.__name__
    first_line = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
    return f"{name}: {first_line}" if first_line else name


def _body_hint(error: urllib.error.HTTPError) -> str:
    try:
        body = error.read(300).decode("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    return f": {body[0][:200]}" if body else ""


class RemoteStore:
    """A SPARQL 1.1 query endpoint, reading one named graph as the default graph."""

    def __init__(self, endpoint: Endpoint, graph: URIRef | None = GRAPH.PUBLISHED) -> None:
        self.endpoint = endpoint
        self.graph = graph

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Results:
        """Run a SELECT or ASK query on the server; bindings travel as a VALUES block opening the WHERE clause.

        The text sent is the text checked: the query type comes from its parse, the query goes as the ``query``
        form field of a POST (SPARQL 1.1 Protocol), and the answer is read within the endpoint's bounds.
        """
        try:
            text = bind_first(query, bindings or {})
            operation = analyse(text)
        except (BindingError, UnsafeQueryError) as error:
            raise StoreError(str(error)) from None
        if operation.is_update:
            raise StoreError("an update cannot be run as a query; run it with `mskg sparql --allow-update`")
        form: list[tuple[str, str]] = [("query", text)]
        if self.graph is not None:
            form.append(("default-graph-uri", str(self.graph)))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        }
        try:
            body = exchange(self.endpoint, "POST", self.endpoint.url, urlencode(form).encode("utf-8"), headers)
            return parse_results(json.loads(body))
        except Exception as error:  # every failure of the remote call becomes one clear line
            raise StoreError(self.endpoint.describe_error(error)) from None


def parse_results(answer: Any) -> Results:
    """Results from a decoded W3C SPARQL 1.1 results JSON document, whose shape is checked, not trusted.

    ``boolean`` must be true or false, ``head.vars`` a list of names, and each binding a map from those names
    to RDF terms; anything else is "not SPARQL results JSON" (a ``"no"`` is never read as yes).
    """
    if not isinstance(answer, dict):
        raise TypeError("not a JSON object")
    if "boolean" in answer:
        if not isinstance(answer["boolean"], bool):
            raise TypeError("boolean is not true or false")
        return Results(boolean=answer["boolean"])
    head, results = answer.get("head"), answer.get("results")
    variables = head.get("vars") if isinstance(head, dict) else None
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables):
        raise TypeError("head.vars is not a list of names")
    if not isinstance(bindings, list) or not all(isinstance(b, dict) for b in bindings):
        raise TypeError("results.bindings is not a list of solutions")
    known = set(variables)
    rows = []
    for binding in bindings:
        if not set(binding) <= known or not all(isinstance(value, dict) for value in binding.values()):
            raise TypeError("a solution binds a variable the head does not name, or a value that is not a term")
        rows.append({name: _term(value) for name, value in binding.items()})
    return Results(list(variables), rows)


def _term(value: Mapping[str, str]) -> Term:
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
            return Literal(value["value"], datatype=URIRef(datatype))
        return Literal(value["value"])
    raise ValueError(f"unknown term type {kind!r}")


def with_rows(query: str, variables: list[str], rows: list[list[Term]]) -> str:
    """The query with a trailing VALUES block of several rows (a batch), each term in its N-Triples form."""
    return f"{query.rstrip()}\n{values_block(variables, rows)}"
