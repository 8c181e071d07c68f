"""Where the ontology, curated data and saved queries live, found from the package, never the working directory.

In a wheel they ship under ``mskg/_resources``; in a source checkout (editable install, tests) they sit at
the top of the repository, where curators edit them.

>>> (ONTOLOGY_DIR / "mskg.ttl").is_file()
True
>>> QUERIES_DIR.name
'queries'
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CHECKS_DIR",
    "CURATION_DIR",
    "IMPORTS_DIR",
    "ONTOLOGY_DIR",
    "ONTOLOGY_FILE",
    "QUERIES_DIR",
    "RESOURCES",
    "SHAPES_FILE",
    "SOURCES_DIR",
]

_PACKAGE = Path(__file__).resolve().parent
_PACKAGED = _PACKAGE / "_resources"

#: The folder holding ``ontology/``, ``data/`` and ``queries/``.
RESOURCES: Path = _PACKAGED if (_PACKAGED / "ontology").is_dir() else _PACKAGE.parents[1]

ONTOLOGY_DIR = RESOURCES / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "mskg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
IMPORTS_DIR = ONTOLOGY_DIR / "imports"
SOURCES_DIR = RESOURCES / "data" / "sources"
CURATION_DIR = RESOURCES / "data" / "curation"
QUERIES_DIR = RESOURCES / "queries"
CHECKS_DIR = QUERIES_DIR / "checks"
