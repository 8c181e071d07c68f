"""The kinds of entity, read from the ontology: each type a curator may write, its id prefix and its top-level kind.

The ontology says it once: a class with ``mskg:idPrefix`` is a kind of entity, every class below it that is not
a defined class (no ``owl:equivalentClass``) is a type a curator may write, and an entity's id starts with the
prefix of its type's nearest class that has one (``CellProduct`` has its own, ``product``; ``CARTCellTherapy``
takes ``therapy`` from ``Therapy``). A kind that no broader kind includes is a *top-level* kind: what the view
groups and colours by and what the KGX export gives a Biolink category (``mskg:biolinkCategory``). So a new kind
is one class in ``ontology/mskg.ttl``, and the curation reader, the SHACL shapes, the view and the exports all
take it from there.

>>> types = entity_types()
>>> types["CARTCellTherapy"].id_prefix, types["CARTCellTherapy"].kind == MSKG.Therapy
('therapy', True)
>>> types["CellProduct"].id_prefix
'product'
>>> "TherapyTargetingCompartmentalizedBCells" in types  # a defined class is answered by the reasoner, not written
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import OWL, RDFS, Graph, Literal, URIRef

from mskg.base import paths
from mskg.base.errors import MskgError
from mskg.base.namespaces import MSKG
from mskg.curation.schema import read_ontology

__all__ = ["EntityType", "KindError", "entity_types", "kinds_of"]

#: What an id prefix may be: the first segment of an entity id (``therapy`` in ``therapy/cd19-car-t``).
_PREFIX = re.compile(r"[a-z][a-z0-9-]*")


class KindError(MskgError, ValueError):
    """The ontology's kinds of entity contradict each other (a class under two kinds, an id prefix that is no word)."""


@dataclass(frozen=True)
class EntityType:
    """A class an entity may be an instance of, the prefix its id must start with, and its top-level kind."""

    iri: URIRef
    id_prefix: str
    kind: URIRef


def entity_types(ontology_file: Path | None = None) -> dict[str, EntityType]:
    """Every type a curator may write (the class's local name), read from the ontology, in name order."""
    file = ontology_file or paths.ONTOLOGY_FILE
    return dict(_entity_types(file, file.stat().st_mtime))


@cache
def _entity_types(file: Path, _mtime: float) -> tuple[tuple[str, EntityType], ...]:
    return tuple(sorted(kinds_of(read_ontology(file)).items()))


def kinds_of(ontology: Graph) -> dict[str, EntityType]:
    """The entity types an ontology graph declares (see the module's docstring for the rule)."""
    prefixes: dict[URIRef, str] = {}
    for cls, prefix in ontology.subject_objects(MSKG.idPrefix):
        if not isinstance(cls, URIRef) or not isinstance(prefix, Literal) or not _PREFIX.fullmatch(str(prefix)):
            raise KindError(f"ontology: {cls} has the id prefix {prefix!r}; an id prefix is a lower-case word")
        prefixes[cls] = str(prefix)
    types: dict[str, EntityType] = {}
    for kind in prefixes:
        if any(broader in prefixes for broader in _broader(ontology, kind)):
            continue  # not top-level: its classes are reached from the kind above it
        for cls in (kind, *_narrower(ontology, kind)):
            if (cls, OWL.equivalentClass, None) in ontology or not str(cls).startswith(str(MSKG)):
                continue
            name = str(cls).removeprefix(str(MSKG))
            if name in types and types[name].kind != kind:
                raise KindError(f"ontology: {name} is below two kinds of entity, {types[name].kind} and {kind}")
            nearest = next(c for c in (cls, *_broader(ontology, cls)) if c in prefixes)
            types[name] = EntityType(cls, prefixes[nearest], kind)
    return types


def _broader(ontology: Graph, cls: URIRef) -> list[URIRef]:
    """The named classes above ``cls``, nearest first (breadth first)."""
    found: list[URIRef] = []
    frontier = [cls]
    while frontier:
        above = [o for c in frontier for o in ontology.objects(c, RDFS.subClassOf) if isinstance(o, URIRef)]
        frontier = [o for o in dict.fromkeys(above) if o not in found and o != cls]
        found.extend(frontier)
    return found


def _narrower(ontology: Graph, cls: URIRef) -> list[URIRef]:
    """The named classes below ``cls``, in IRI order."""
    below = {s for s in ontology.transitive_subjects(RDFS.subClassOf, cls) if isinstance(s, URIRef) and s != cls}
    return sorted(below)
