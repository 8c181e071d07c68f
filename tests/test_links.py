"""External identifiers: the shipped prefix map agrees with bioregistry, and bad CURIEs say what is wrong."""

from __future__ import annotations

import json
from importlib import resources

import bioregistry
import pytest

from mskg.base.links import LinkError, compress, expand, standardize


def test_each_shipped_prefix_expands_as_bioregistry_says() -> None:
    """Every record of the shipped prefix map, read when the test runs (a broken file fails here, not at collection)."""
    records = json.loads(resources.files("mskg").joinpath("prefixes.json").read_text(encoding="utf-8"))
    assert len(records) >= 10
    for record in records:
        prefix = bioregistry.normalize_prefix(record["prefix"])
        assert prefix is not None, record["prefix"]
        assert record["pattern"] == bioregistry.get_pattern(prefix), record["prefix"]
        example = bioregistry.get_example(prefix)
        assert example is not None, record["prefix"]
        iri = str(expand(f"{record['prefix']}:{example}"))
        expected = str(bioregistry.get_iri(prefix, example))
        assert iri == expected or iri.rstrip("/") == expected.rstrip("/"), record["prefix"]


@pytest.mark.parametrize(
    ("curie", "error"),
    [
        ("MONDO0005301", "is not a CURIE"),
        ("FOO:1", "unknown prefix 'FOO'"),
        ("MONDO:5301", "'5301' is not a valid MONDO identifier"),
        ("UniProtKB:p15391", "is not a valid UniProtKB identifier"),
        ("HGNC:HGNC:1633", "is not a valid HGNC identifier"),
    ],
)
def test_a_bad_curie_is_refused_with_the_reason(curie: str, error: str) -> None:
    with pytest.raises(LinkError, match=error):
        expand(curie)


def test_prefix_synonyms_are_standardised() -> None:
    assert standardize("mesh:D009103") == "MESH:D009103"
    assert standardize("uniprot:P15391") == "UniProtKB:P15391"


def test_an_iri_compresses_back_to_its_curie() -> None:
    assert compress(str(expand("NCBIGene:930"))) == "NCBIGene:930"
    assert compress("https://example.org/x") is None
