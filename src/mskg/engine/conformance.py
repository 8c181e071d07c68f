"""Whether another SPARQL engine answers the saved questions as the embedded store does.

Engines differ in corners of SPARQL (Virtuoso 7.2 drops zero-length path answers beside a bound end, repeats
path answers, and crashed on a property path inside ``EXISTS``), and a wrong answer comes back with exit 0. So
``mskg check --endpoint URL`` asks the server every saved question, with each parameter's documented example,
and compares its rows with the built store's, as sets of rows in their N-Triples forms (a decimal by its value,
since engines write ``20`` or ``20.0`` for the same number). The tests run the same comparison on every backend.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import XSD, Literal

from mskg.engine.queries import QueryError, SavedQuery, run_saved
from mskg.engine.store import QueryStore, Results, StoreError

__all__ = ["Disagreement", "canonical", "compare_saved"]


@dataclass(frozen=True)
class Disagreement:
    """A saved question the other engine answers differently, and how."""

    name: str
    detail: str


def canonical(results: Results, variables: list[str] | None = None) -> list[tuple[str, ...]]:
    """The rows as sorted tuples of their terms' N-Triples forms (decimals by value), for comparing engines.

    ``variables`` orders each tuple (default: the results' own order), so two engines' rows compare whatever
    order each gave its columns in.
    """
    order = variables if variables is not None else results.variables
    return sorted(tuple(_form(row.get(name)) for name in order) for row in results.rows)


def _form(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        try:
            return f"{Decimal(str(term)).normalize():f}^^decimal"
        except InvalidOperation:
            return term.n3()
    n3 = getattr(term, "n3", None)
    return str(n3()) if callable(n3) else str(term)


def compare_saved(
    reference: QueryStore, other: QueryStore, queries: Mapping[str, SavedQuery]
) -> tuple[int, list[Disagreement]]:
    """Ask both stores every query (with its examples); return how many were asked and where they disagree."""
    disagreements: list[Disagreement] = []
    asked = 0
    for name, query in sorted(queries.items()):
        values = {p.name: p.example for p in query.params if p.example}
        if len(values) < len(query.params):  # a parameter without an example cannot be asked
            continue
        asked += 1
        expected = run_saved(reference, query, values)
        try:
            answered = run_saved(other, query, values)
        except (StoreError, QueryError) as error:  # the server failed, or could not resolve a parameter
            disagreements.append(Disagreement(name, f"the server's answer: {error}"))
            continue
        if sorted(answered.variables) != sorted(expected.variables):
            disagreements.append(Disagreement(name, f"columns {answered.variables}, expected {expected.variables}"))
            continue
        detail = _difference(canonical(expected), canonical(answered, expected.variables))
        if detail:
            disagreements.append(Disagreement(name, detail))
    return asked, disagreements


def _difference(expected: list[tuple[str, ...]], answered: list[tuple[str, ...]]) -> str:
    """'' when the rows are the same; else the counts and one row missing or extra, shortened."""
    if expected == answered:
        return ""
    missing = Counter(expected) - Counter(answered)
    extra = Counter(answered) - Counter(expected)
    words = f"{len(answered)} rows, expected {len(expected)}"
    if missing:
        words += f"; missing, for example ({', '.join(next(iter(missing)))[:200]})"
    if extra:
        words += f"; not expected, for example ({', '.join(next(iter(extra)))[:200]})"
    return words
