"""The formats ``mskg export`` writes, one entry each: a new format is one :class:`ExportFormat` in :data:`FORMATS`.

Each entry names its default file in the build folder and a writer from the built store to the target, which
returns the lines to tell the user (the files written, and what was left out). Writers write through a temporary
file, so an interrupted export leaves the previous file whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mskg.base.files import write_atomically
from mskg.base.namespaces import MSKGID
from mskg.outputs.export import graphml, kgx, prefix_map, write_rdf

__all__ = ["FORMATS", "ExportFormat"]


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its name, what it is, its default file in the build folder, and its writer."""

    name: str
    description: str
    #: The file in the build folder written when no ``--output`` is given (for KGX: the tables' prefix).
    default: str
    #: Writes the graph of the store folder to the target; returns the lines to tell the user.
    write: Callable[[Path, Path], list[str]]


def _write_kgx(store_dir: Path, prefix: Path) -> list[str]:
    """The node and edge tables and the prefix map beside them, and the claims the tables leave out."""
    from mskg.engine.store import EmbeddedStore
    from mskg.outputs.graphmodel import mskg_model

    tables = kgx(mskg_model(EmbeddedStore(store_dir)))
    prefixes = json.dumps(prefix_map(tables), indent=2) + "\n"
    told = []
    for name, text in (("nodes.tsv", tables.nodes), ("edges.tsv", tables.edges), ("prefixes.json", prefixes)):
        target = prefix.with_name(f"{prefix.name}_{name}")
        write_atomically(target, text)
        told.append(f"wrote {target}")
    if tables.left_out:
        told.append(f"left out {len(tables.left_out)} claims a KGX edge cannot carry (the RDF exports hold them all):")
        told += [f"  {claim.removeprefix(str(MSKGID))}: {reason}" for claim, reason in tables.left_out]
    return told


def _write_graphml(store_dir: Path, target: Path) -> list[str]:
    from mskg.engine.store import EmbeddedStore
    from mskg.outputs.graphmodel import mskg_model

    write_atomically(target, graphml(mskg_model(EmbeddedStore(store_dir))))
    return [f"wrote {target}"]


def _write_sssom(store_dir: Path, target: Path) -> list[str]:
    from mskg.checks.mappings import sssom_table
    from mskg.engine.store import EmbeddedStore

    write_atomically(target, sssom_table(EmbeddedStore(store_dir)))
    return [f"wrote {target}"]


def _rdf_writer(fmt: str) -> Callable[[Path, Path], list[str]]:
    def write(store_dir: Path, target: Path) -> list[str]:
        write_rdf(store_dir, fmt, target)
        return [f"wrote {target}"]

    return write


#: The RDF syntaxes :func:`mskg.outputs.export.write_rdf` writes: what each is, and its file's extension.
_RDF = {
    "jsonld": ("JSON-LD, one @context, each subject once", "jsonld"),
    "nt": ("N-Triples", "nt"),
    "xml": ("RDF/XML", "rdf"),
    "ttl": ("Turtle", "ttl"),
    "trig": ("TriG, the named graphs kept apart", "trig"),
}

#: Every export format, by name. The build's own mskg.ttl, mskg.trig and mskg.jsonld are never the default
#: targets, so an export never overwrites them unless asked with ``--output``.
FORMATS: dict[str, ExportFormat] = {
    "kgx": ExportFormat("kgx", "Biolink KGX node and edge tables, with a prefix map", "mskg", _write_kgx),
    **{
        fmt: ExportFormat(fmt, description, f"export.{extension}", _rdf_writer(fmt))
        for fmt, (description, extension) in _RDF.items()
    },
    "graphml": ExportFormat("graphml", "GraphML of the entities and their relations", "export.graphml", _write_graphml),
    "sssom": ExportFormat(
        "sssom", "SSSOM/TSV: every mapping and no-match of the entities", "mskg.sssom.tsv", _write_sssom
    ),
}
