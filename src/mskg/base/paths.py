"""Where the ontology, curated data and saved queries are read from: the project the user works in, else the package.

A curator edits a checkout (a *project*: a folder holding ``ontology/mskg.ttl`` and ``data/curation/``), so every
command reads the project found from the working directory upward — after ``pip install .`` as after an editable
install — and a new claim, query or slice there counts at once. ``--project DIR`` (or ``MSKG_PROJECT``) names one
explicitly. Outside any project the copy shipped inside the package is read (``mskg/_resources`` in a wheel, the
source tree in an editable install), and the build summary says which was read.

>>> (ONTOLOGY_DIR / "mskg.ttl").is_file()
True
>>> QUERIES_DIR.name
'queries'
>>> find_project(Path("/")) is None
True
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mskg.base.errors import MskgError

__all__ = [
    "CHECKS_DIR",
    "CURATION_DIR",
    "IMPORTS_DIR",
    "ONTOLOGY_DIR",
    "ONTOLOGY_FILE",
    "PROJECT",
    "QUERIES_DIR",
    "RESOURCES",
    "SHAPES_FILE",
    "SOURCES_DIR",
    "ProjectError",
    "describe",
    "find_project",
    "is_project",
    "reading",
    "use",
]

#: The environment variable that names the project folder, as ``--project`` does.
PROJECT_VARIABLE = "MSKG_PROJECT"

#: The package folder (``mskg/``), one above this module's ``base/``.
_PACKAGE = Path(__file__).resolve().parents[1]
_PACKAGED = _PACKAGE / "_resources"
#: The copy that ships with the package: inside a wheel, or the source tree of an editable install.
_SHIPPED: Path = _PACKAGED if (_PACKAGED / "ontology").is_dir() else _PACKAGE.parents[1]


class ProjectError(MskgError, ValueError):
    """The folder named as the project is not one."""


def is_project(folder: Path) -> bool:
    """Whether ``folder`` holds an mskg project: ``ontology/mskg.ttl`` and ``data/curation/``."""
    return (folder / "ontology" / "mskg.ttl").is_file() and (folder / "data" / "curation").is_dir()


def find_project(start: Path) -> Path | None:
    """The nearest project folder at ``start`` or above it, or None."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if is_project(folder):
            return folder
    return None


def use(folder: Path | None) -> None:
    """Read from the project ``folder`` (or, with None, the copy shipped in the package) from now on."""
    if folder is not None and not is_project(folder):
        raise ProjectError(f"{folder} is not an mskg project: it needs ontology/mskg.ttl and data/curation/")
    _point_at(folder.resolve() if folder is not None else None)


@contextmanager
def reading(folder: Path | None) -> Iterator[None]:
    """Read from the project ``folder`` inside the block, and from what was read before it after the block.

    ``mskg --project DIR`` runs its command inside this, so that a command run in-process (a test's runner, a
    notebook calling the command line) leaves the process reading what it read before.

    >>> from mskg.base import paths
    >>> before = paths.PROJECT
    >>> with paths.reading(None):
    ...     paths.PROJECT is None
    True
    >>> paths.PROJECT == before
    True
    """
    before = PROJECT
    use(folder)
    try:
        yield
    finally:
        _point_at(before)


def _point_at(project: Path | None) -> None:
    """Every path of this module, under ``project`` (already checked to be one) or the shipped copy."""
    global PROJECT, RESOURCES, ONTOLOGY_DIR, ONTOLOGY_FILE, SHAPES_FILE, IMPORTS_DIR
    global SOURCES_DIR, CURATION_DIR, QUERIES_DIR, CHECKS_DIR
    PROJECT = project
    RESOURCES = PROJECT or _SHIPPED
    ONTOLOGY_DIR = RESOURCES / "ontology"
    ONTOLOGY_FILE = ONTOLOGY_DIR / "mskg.ttl"
    SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
    IMPORTS_DIR = ONTOLOGY_DIR / "imports"
    SOURCES_DIR = RESOURCES / "data" / "sources"
    CURATION_DIR = RESOURCES / "data" / "curation"
    QUERIES_DIR = RESOURCES / "queries"
    CHECKS_DIR = QUERIES_DIR / "checks"


def describe() -> str:
    """Which copy is read, for the build summary."""
    if PROJECT is not None:
        return f"Read the project at {PROJECT}"
    return f"Read the copy shipped in the package at {RESOURCES} (no project folder here or above; see --project)"


#: The project read, or None when the shipped copy is.
PROJECT: Path | None = None
RESOURCES: Path = _SHIPPED
ONTOLOGY_DIR = ONTOLOGY_FILE = SHAPES_FILE = IMPORTS_DIR = SOURCES_DIR = CURATION_DIR = QUERIES_DIR = CHECKS_DIR = (
    _SHIPPED
)
_named = os.environ.get(PROJECT_VARIABLE)
# A variable naming no project is reported by the command line (one line, exit 2); importing never fails.
use(Path(_named) if _named and is_project(Path(_named)) else find_project(Path.cwd()))
