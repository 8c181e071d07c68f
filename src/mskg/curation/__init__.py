"""The curated YAML (sources, entities, claims, studies): typed models, read with file:line errors, and checked.

:func:`read_curation` reads every source record in ``data/sources/`` and every curation file in
``data/curation/``, validates each item against its model, and checks what spans files: ids are unique and
every reference names an entity that exists. All problems are gathered and raised together as one
:class:`~mskg.base.problems.CurationError`, so a curator fixes them in one pass.

The modules, one job each: :mod:`~mskg.curation.models` (the pydantic models and id patterns),
:mod:`~mskg.curation.reading` (YAML files to models, with located errors), :mod:`~mskg.curation.hints` (a
validation error as a message and a fix), :mod:`~mskg.curation.checks` (the checks across items and files).
"""

from __future__ import annotations

from mskg.curation.models import Claim, Curation, Entity, Quote, Source, Study, StudyField
from mskg.curation.reading import read_curation, read_sources

__all__ = [
    "Claim",
    "Curation",
    "Entity",
    "Quote",
    "Source",
    "Study",
    "StudyField",
    "read_curation",
    "read_sources",
]
