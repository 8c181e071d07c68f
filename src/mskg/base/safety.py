r"""Refuses SPARQL that would change data or reach the network, unless the user has allowed it.

Queries are read-only by default: an update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``,
``ADD``, ``MOVE``, ``COPY``) needs ``--allow-update``, and a federated ``SERVICE`` clause, which makes the engine
fetch from another server, needs ``--allow-service``. What a text does is decided from a real parse, by
rdflib's SPARQL 1.1 grammar: the form of the query (or the operations of the update), and a SERVICE pattern
anywhere in the parse tree. A keyword in a string, an IRI, a comment, a variable or a prefixed name is therefore
never an operation, and no comment, escape or line break can hide one. A text the grammar does not accept is
not run at all: it cannot be checked, so it is refused with the parser's own message. So is a carriage return
that no line feed follows: rdflib ends a ``#`` comment only at a line feed, the grammar (and Oxigraph) at a
carriage return too, and a comment the two parsers end in different places could hide an operation from one of
them. The text that is run (or sent to a server) is exactly the text that was checked.

>>> check("SELECT ?s WHERE { ?s ?p 'please DELETE me' } # INSERT nothing")
Operation(form='SELECT', updates=(), service=False, undeclared=())
>>> check("DELETE WHERE { ?s ?p ?o }")
Traceback (most recent call last):
...
mskg.base.safety.UnsafeQueryError: the query would change data (DELETE WHERE); pass --allow-update to run it
>>> check("SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
mskg.base.safety.UnsafeQueryError: the query calls another server (SERVICE); pass --allow-service to run it
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mskg.base.errors import MskgError
from mskg.base.problems import first_line

__all__ = ["Operation", "UnsafeQueryError", "analyse", "check", "is_update"]

#: The operations of a parsed update, as rdflib names them, in the words a user would write.
_UPDATE_WORDS = {
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
}
_QUERY_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
#: rdflib ends a comment only at a line feed; the grammar (and Oxigraph) end it at a carriage return too.
_LONE_CARRIAGE_RETURN = re.compile(r"\r(?!\n)")


_TOO_DEEP = (
    "the query nests its groups, subqueries or expressions too deeply for mskg to check what it does "
    "(the engine itself would crash on a few thousand levels); flatten it"
)


class UnsafeQueryError(MskgError, ValueError):
    """The query would change data or call another server and the user has not allowed it, or cannot be parsed."""


@dataclass(frozen=True)
class Operation:
    """What a SPARQL text does, from its parse: its form, its update operations, and whether it calls SERVICE."""

    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE
    updates: tuple[str, ...]
    service: bool
    #: Prefixes the text uses in prefixed names without declaring them (``mskg`` in ``?t a mskg:Therapy``).
    undeclared: tuple[str, ...] = ()

    @property
    def is_update(self) -> bool:
        """Whether the text is an update request (even one with no operation)."""
        return self.form == "UPDATE"


@lru_cache(maxsize=512)
def analyse(text: str) -> Operation:
    """Parse ``text`` as a SPARQL 1.1 query, else as an update; raise :class:`UnsafeQueryError` if neither."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if _LONE_CARRIAGE_RETURN.search(text):
        raise UnsafeQueryError(
            "the query has a carriage return that no line feed follows, and SPARQL parsers disagree on whether it "
            "ends a # comment, so mskg cannot tell what the query does; end its lines with \\n or \\r\\n"
        )
    try:
        parsed: Any = parseQuery(text)
    except RecursionError:
        raise UnsafeQueryError(_TOO_DEEP) from None
    except Exception as query_error:  # pyparsing's ParseException, or an rdflib error on odd input
        try:
            parsed = parseUpdate(text)
        except RecursionError:
            raise UnsafeQueryError(_TOO_DEEP) from None
        except Exception:
            raise UnsafeQueryError(
                f"the query is not valid SPARQL 1.1 ({first_line(query_error, 200)}); mskg runs only what it can "
                "parse, to know what it does"
            ) from None
        operations = [getattr(part, "name", str(part)) for part in (parsed.get("request") or [])]
        words = tuple(sorted({_UPDATE_WORDS.get(name, name.upper()) for name in operations}))
        return Operation("UPDATE", words, _has_service(parsed), _undeclared(parsed))
    form = _QUERY_FORMS.get(parsed[1].name, parsed[1].name.upper())
    return Operation(form, (), _has_service(parsed), _undeclared(parsed))


def is_update(query: str) -> bool:
    """Whether the text is an update request; a text that does not parse raises :class:`UnsafeQueryError`."""
    return analyse(query).is_update


def check(query: str, *, allow_update: bool = False, allow_service: bool = False) -> Operation:
    """What the query does, or :class:`UnsafeQueryError` if it updates or uses SERVICE without permission."""
    operation = analyse(query)
    if operation.is_update and not allow_update:
        named = f" ({', '.join(operation.updates)})" if operation.updates else ""
        raise UnsafeQueryError(f"the query would change data{named}; pass --allow-update to run it")
    if operation.service and not allow_service:
        raise UnsafeQueryError("the query calls another server (SERVICE); pass --allow-service to run it")
    return operation


def _undeclared(tree: Any) -> tuple[str, ...]:
    """The prefixes of the prefixed names in the parse tree that no ``PREFIX`` declaration of the text names."""
    used: set[str] = set()
    declared: set[str] = set()
    for node in _nodes(tree):
        name = getattr(node, "name", None)
        if name == "pname":
            used.add(dict.get(node, "prefix") or "")
        elif name == "PrefixDecl":
            declared.add(dict.get(node, "prefix") or "")
    return tuple(sorted(used - declared))


def _has_service(tree: Any) -> bool:
    return any(getattr(node, "name", None) == "ServiceGraphPattern" for node in _nodes(tree))


def _nodes(tree: Any) -> Iterator[Any]:
    """Every node of a pyparsing/rdflib parse tree, without recursion (a deep query must not exhaust the stack)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
            stack.extend(node)
