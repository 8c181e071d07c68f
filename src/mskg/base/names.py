"""Names as clinicians write them: one form for comparing, the nearest names for a miss, identifiers read plainly.

A neurologist types ``MSC``, ``msc``, ``CAR T``, ``car t cell therapy`` or ``PMID 30644983``; the graph holds
``MSCs``, ``CAR-T``, ``CAR T-cell therapy`` and ``30644983``. Names are compared in one normal form, in which
case, hyphens, slashes, underscores, spacing and a plural ending do not count, so each of those finds its entity;
a name that finds none is answered with the nearest names in that same form, so ``msc`` and ``MSC`` get the same
suggestions.

>>> normal("CAR T-cell Therapies") == normal("car t cell therapy")
True
>>> normal("MSCs") == normal("msc")
True
>>> normal("randomized-controlled-trial") == normal("randomized controlled trial")
True
>>> plain_identifier("PMID 30644983"), plain_identifier("doi:10.1001/jama.2018.18743"), plain_identifier("NCT00273364")
('30644983', '10.1001/jama.2018.18743', 'NCT00273364')
>>> nearest("msc therapy", ["MSC therapy", "AHSCT", "mesenchymal stromal cell therapy", "BAT"])
['MSC therapy', 'mesenchymal stromal cell therapy']
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

__all__ = ["nearest", "normal", "plain_identifier"]

_SEPARATORS = re.compile(r"[-_/\s]+")
_IDENTIFIER_PREFIX = re.compile(r"^(pmid|doi)\s*:?\s*", re.IGNORECASE)


def normal(name: str) -> str:
    """The form names are compared in: folded case, words split at hyphens and spaces, each word singular."""
    return " ".join(_singular(word) for word in _SEPARATORS.sub(" ", name.casefold()).split())


def plain_identifier(value: str) -> str:
    """A PMID or DOI without the ``PMID``/``doi:`` a reader writes before it, as the graph stores it."""
    return _IDENTIFIER_PREFIX.sub("", value.strip())


def nearest(value: str, names: Iterable[str], count: int = 5) -> list[str]:
    """The names closest to ``value`` in normal form (most similar first), or those sharing a word with it."""
    by_form: dict[str, str] = {}
    for name in sorted(set(names), key=lambda text: (len(text), text)):
        by_form.setdefault(normal(name), name)
    wanted = normal(value)
    close = difflib.get_close_matches(wanted, list(by_form), n=count, cutoff=0.5)
    if not close:
        words = set(wanted.split())
        close = [form for form in by_form if words & set(form.split())][:count]
    return [by_form[form] for form in close]


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
