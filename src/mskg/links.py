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
mskg.links.LinkError: '5301' is not a valid MONDO identifier (expected ^\d{7}$)
>>> compress("http://purl.obolibrary.org/obo/CL_0000236")
'CL:0000236'
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

import curies
from rdflib import URIRef

__all__ = ["LinkError", "compress", "converter", "expand", "ontology_name", "standardize"]


class LinkError(ValueError):
    """A CURIE is malformed, has an unknown prefix, or an identifier its ontology does not allow."""


@cache
def _records() -> list[dict[str, Any]]:
    text = resources.files("mskg").joinpath("prefixes.json").read_text(encoding="utf-8")
    records: list[dict[str, Any]] = json.loads(text)
    return records


@cache
def converter() -> curies.Converter:
    """The converter for every prefix mskg maps to."""
    return curies.Converter.from_extended_prefix_map(
        [{k: v for k, v in record.items() if k != "name"} for record in _records()]
    )


def ontology_name(prefix: str) -> str:
    """The name of the ontology or database a (standard) prefix stands for."""
    for record in _records():
        if record["prefix"] == prefix:
            return str(record["name"])
    raise LinkError(f"unknown prefix '{prefix}'")


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
    standard = standardize(curie)
    return URIRef(converter().expand(standard, strict=True))


def compress(iri: str) -> str | None:
    """The standard CURIE of an IRI, or None when its namespace is not one mskg maps to."""
    return converter().compress(iri)
