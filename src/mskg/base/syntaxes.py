"""RDF syntaxes by file extension: the one table every command that reads an RDF file tells its syntax from.

>>> rdf_syntax(Path("graph.jsonld")), rdf_syntax(Path("cl.owl")), rdf_syntax(Path("notes.txt"))
('json-ld', 'xml', None)
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

__all__ = ["NAMES", "oxigraph_format", "rdf_syntax"]

#: rdflib's name of the syntax of each extension mskg reads.
_BY_EXTENSION = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".n3": "n3",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".trix": "trix",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
#: The extensions, for messages that say which names are understood.
NAMES = ", ".join(_BY_EXTENSION)
_OXIGRAPH = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "n3": ox.RdfFormat.N3,
    "xml": ox.RdfFormat.RDF_XML,
    "json-ld": ox.RdfFormat.JSON_LD,
}


def rdf_syntax(path: Path) -> str | None:
    """Rdflib's name of the file's syntax, from its extension (None when mskg does not know it)."""
    return _BY_EXTENSION.get(path.suffix.lower())


def oxigraph_format(path: Path) -> ox.RdfFormat | None:
    """Oxigraph's format for the file, from its extension (None when unknown, or a syntax Oxigraph lacks)."""
    syntax = rdf_syntax(path)
    return _OXIGRAPH.get(syntax) if syntax else None
