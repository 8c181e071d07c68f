"""RDF syntaxes by file extension: the one table every command that reads an RDF file tells its syntax from.

>>> rdf_syntax(Path("graph.jsonld")), rdf_syntax(Path("cl.owl")), rdf_syntax(Path("notes.txt"))
('json-ld', 'xml', None)
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from mskg.base.errors import MskgError
from mskg.base.problems import first_line

__all__ = ["NAMES", "ProjectFileError", "oxigraph_format", "parse_turtle", "rdf_syntax"]


class ProjectFileError(MskgError, ValueError):
    """A Turtle file of the project (the ontology, its shapes, an import slice) is not valid Turtle."""


def parse_turtle(file: Path, graph: Graph | None = None) -> Graph:
    """``file`` parsed as Turtle into ``graph`` (a new one by default); a syntax error is one line naming its place.

    A curator edits ``ontology/mskg.ttl`` and ``shapes.ttl`` by hand, so a mistake there must read as one, not as
    rdflib's traceback.
    """
    graph = graph if graph is not None else Graph()
    try:
        graph.parse(file, format="turtle")
    except Exception as error:  # rdflib's BadSyntax, or a ValueError/UnicodeDecodeError on odd input
        line = getattr(error, "lines", None)
        where = f"{file}:{line + 1}" if isinstance(line, int) else str(file)
        said = [part for part in str(error).splitlines() if part.startswith("Bad syntax")]
        reason = said[0].split(" at ^", 1)[0] if said else first_line(error, 200)
        raise ProjectFileError(f"{where}: not valid Turtle ({reason}); correct the syntax there") from None
    return graph


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
