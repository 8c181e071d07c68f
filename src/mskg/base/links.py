r"""CURIEs of external ontologies: checking them offline and turning them into canonical IRIs.

The prefix map (``prefixes.json``) ships with the package, taken from bioregistry (a test keeps the two in
agreement), so no network and no slow import is needed at run time.

>>> expand("MONDO:0005301")
rdflib.term.URIRef('http://purl.obolibrary.org/obo/MONDO_0005301')
>>> expand("hgnc:1633")  # prefix synonyms are standardised
rdflib.term.URIRef('https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/1633')
>>> expand("MONDO:5301")
Traceback (most recent call last):
...
mskg.base.links.LinkError: '5301' is not a valid MONDO identifier (expected ^\d{7}$)
>>> compress("http://purl.obolibrary.org/obo/CL_0000236")
'CL:0000236'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from rdflib import URIRef

from mskg.base.errors import MskgError
from mskg.base.namespaces import ENTITY_ID, MSKGID

__all__ = [
    "EXCHANGE_PREFIX",
    "LinkError",
    "PrefixMap",
    "compress",
    "converter",
    "exchange_curie",
    "exchange_prefix_map",
    "expand",
    "ontology_name",
    "ontology_prefix",
    "standardize",
]


class LinkError(MskgError, ValueError):
    """A CURIE is malformed, has an unknown prefix, or an identifier its ontology does not allow."""


@dataclass(frozen=True)
class PrefixMap:
    """The prefixes mskg maps to: standard prefix → IRI prefix and identifier pattern, and accepted synonyms.

    A few dictionary lookups are all a CLI command needs, so this is done here rather than with the ``curies``
    package, whose import (pydantic included) would cost a cold ``mskg query`` a tenth of its time.
    """

    prefix_map: dict[str, str]
    pattern_map: dict[str, str]
    synonyms: dict[str, str]

    def standardize_prefix(self, prefix: str) -> str | None:
        """The standard form of a prefix or one of its synonyms, or None for an unknown prefix."""
        return self.synonyms.get(prefix)

    def compress(self, iri: str) -> str | None:
        """The CURIE of an IRI under the longest IRI prefix it starts with, or None."""
        matches = [prefix for prefix, namespace in self.prefix_map.items() if iri.startswith(namespace)]
        if not matches:
            return None
        prefix = max(matches, key=lambda name: len(self.prefix_map[name]))
        return f"{prefix}:{iri[len(self.prefix_map[prefix]) :]}"


@cache
def _records() -> list[dict[str, Any]]:
    text = resources.files("mskg").joinpath("prefixes.json").read_text(encoding="utf-8")
    records: list[dict[str, Any]] = json.loads(text)
    return records


@cache
def converter() -> PrefixMap:
    """The prefix map for every ontology and database mskg maps to."""
    records = _records()
    synonyms: dict[str, str] = {}
    for record in records:
        for name in (record["prefix"], *record.get("prefix_synonyms", ())):
            synonyms.setdefault(name, record["prefix"])
    return PrefixMap(
        prefix_map={record["prefix"]: record["uri_prefix"] for record in records},
        pattern_map={record["prefix"]: record["pattern"] for record in records if record.get("pattern")},
        synonyms=synonyms,
    )


def ontology_name(prefix: str) -> str:
    """The name of the ontology or database a (standard) prefix stands for."""
    for record in _records():
        if record["prefix"] == prefix:
            return str(record["name"])
    raise LinkError(f"unknown prefix '{prefix}'")


def ontology_prefix(name: str) -> str:
    """The standard prefix of an ontology as a curator names it under ``no_match`` or ``unverified``.

    Curators write the name they know ("MeSH", "ChEBI", "DrugBank", "NCIt"); the prefix map's synonyms and a
    case-insensitive match make "ChEBI" and "CHEBI" one ontology, so the check and SSSOM count them together.
    """
    standard = converter().standardize_prefix(name)
    if standard is not None:
        return standard
    folded = {prefix.casefold(): prefix for prefix in converter().prefix_map}
    return folded.get(name.casefold(), name)


def standardize(curie: str) -> str:
    """The CURIE with its standard prefix, after checking the identifier against the prefix's pattern."""
    prefix, sep, local = curie.partition(":")
    if not sep or not prefix or not local:
        raise LinkError(f"'{curie}' is not a CURIE (write PREFIX:identifier, such as MONDO:0005301)")
    standard = converter().standardize_prefix(prefix)
    if standard is None:
        known = ", ".join(record["prefix"] for record in _records())
        raise LinkError(f"unknown prefix '{prefix}' in '{curie}' (known prefixes: {known})")
    pattern = converter().pattern_map.get(standard)
    if pattern and not re.match(pattern, local):
        raise LinkError(f"'{local}' is not a valid {standard} identifier (expected {pattern})")
    return f"{standard}:{local}"


def expand(curie: str) -> URIRef:
    """The canonical IRI of a CURIE; raises :class:`LinkError` saying what is wrong with it."""
    prefix, _, local = standardize(curie).partition(":")
    return URIRef(converter().prefix_map[prefix] + local)


def compress(iri: str) -> str | None:
    """The standard CURIE of an IRI, or None when its namespace is not one mskg maps to."""
    return converter().compress(iri)


#: The prefix of mskg's CURIEs in the exchange formats whose CURIEs allow no ``/`` after the colon (KGX's pattern,
#: Turtle's prefixed names that SSSOM's RDF is written with): the kind joins the prefix, ``MSKG.therapy:cd19-car-t``.
EXCHANGE_PREFIX = "MSKG"


def exchange_curie(entity: str) -> str:
    """An mskg IRI, or an entity id, as an exchange CURIE: the kind in the prefix, the slug after the colon.

    >>> exchange_curie("https://w3id.org/mskg/id/therapy/cd19-car-t"), exchange_curie("study/mist")
    ('MSKG.therapy:cd19-car-t', 'MSKG.study:mist')
    """
    local = entity.removeprefix(str(MSKGID))
    if not re.fullmatch(ENTITY_ID, local):
        raise ValueError(f"{entity} is not an mskg id (kind/slug, as in therapy/cd19-car-t)")
    kind, slug = local.split("/")
    return f"{EXCHANGE_PREFIX}.{kind}:{slug}"


def exchange_prefix_map(curies: Iterable[str]) -> dict[str, str]:
    """The expansion of each exchange prefix among ``curies``: ``MSKG.therapy`` to ``…/mskg/id/therapy/``.

    >>> exchange_prefix_map(["MSKG.study:mist", "MONDO:0005301"])
    {'MSKG.study': 'https://w3id.org/mskg/id/study/'}
    """
    prefixes = {curie.split(":", 1)[0] for curie in curies if curie.startswith(EXCHANGE_PREFIX + ".")}
    return {prefix: f"{MSKGID}{prefix.removeprefix(EXCHANGE_PREFIX + '.')}/" for prefix in sorted(prefixes)}
