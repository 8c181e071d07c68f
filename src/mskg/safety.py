r"""Refuses SPARQL that would change data or reach the network, unless the user has allowed it.

Queries are read-only by default: an update operation (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``,
``CREATE``, ``ADD``, ``MOVE``, ``COPY``) needs ``--allow-update``, and a federated ``SERVICE`` clause, which
makes the engine fetch from another server, needs ``--allow-service``. The check reads the query's tokens, not
its text: a keyword inside a string, an IRI, a comment, a variable or a prefixed name is not an operation.

>>> check("SELECT ?s WHERE { ?s ?p 'please DELETE me' } # INSERT nothing")
>>> check("DELETE WHERE { ?s ?p ?o }")
Traceback (most recent call last):
...
mskg.safety.UnsafeQueryError: the query would change data (DELETE); pass --allow-update to run it
>>> check("SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
mskg.safety.UnsafeQueryError: the query calls another server (SERVICE); pass --allow-service to run it
"""

from __future__ import annotations

import re

__all__ = ["UPDATE_KEYWORDS", "UnsafeQueryError", "check", "is_update", "keywords"]

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"})

# Everything that may contain a keyword-like word without being one, in the order the lexer must try them.
_NOT_KEYWORDS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'  # short strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"  # IRIs
    r"|#[^\n]*"  # comments
    r"|[?$][A-Za-z0-9_]+"  # variables
    r"|[A-Za-z_][\w.-]*:[\w.%:-]*"  # prefixed names, including a bare prefix ("ex:")
    r"|:[\w.%:-]*",  # prefixed names with the empty prefix
)
_WORD = re.compile(r"[A-Za-z]+")


class UnsafeQueryError(ValueError):
    """The query would change data or call another server, and the user has not allowed it."""


def keywords(query: str) -> list[str]:
    """The bare words of a SPARQL text, upper-cased, with strings, IRIs, comments and names removed."""
    return [word.upper() for word in _WORD.findall(_NOT_KEYWORDS.sub(" ", query))]


def is_update(query: str) -> bool:
    """Whether the text holds an update operation."""
    return any(word in UPDATE_KEYWORDS for word in keywords(query))


def check(query: str, *, allow_update: bool = False, allow_service: bool = False) -> None:
    """Raise :class:`UnsafeQueryError` if the query updates data or uses SERVICE without permission."""
    words = keywords(query)
    updates = sorted({word for word in words if word in UPDATE_KEYWORDS})
    if updates and not allow_update:
        raise UnsafeQueryError(f"the query would change data ({', '.join(updates)}); pass --allow-update to run it")
    if "SERVICE" in words and not allow_service:
        raise UnsafeQueryError("the query calls another server (SERVICE); pass --allow-service to run it")
