"""Writes ``ontology/mskg.owl``: the ontology of ``ontology/mskg.ttl`` as RDF/XML, for OWL tools that read no Turtle.

owlready2 and pronto open RDF/XML (and OWL/XML) but not Turtle, and OBO tools read a term's definition from
IAO:0000115, which ``mskg.owl`` carries beside each ``skos:definition`` (added as the ontology is read, see
:data:`mskg.curation.schema.DEFINITION`). Run it from the project folder after changing ``ontology/mskg.ttl``::

    python scripts/write_owl.py

A test fails while ``mskg.owl`` says anything else than ``mskg.ttl``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mskg.base.files import replacing
from mskg.base.namespaces import PREFIXES
from mskg.curation.schema import read_ontology
from mskg.engine.canonical import write_rdflib_graph


def main(project: Path) -> int:
    """Write ``project/ontology/mskg.owl`` from ``project/ontology/mskg.ttl``; print what was written."""
    source = project / "ontology" / "mskg.ttl"
    target = source.with_suffix(".owl")
    with replacing(target) as temporary, temporary.open("wb") as out:
        triples = write_rdflib_graph(read_ontology(source), "xml", out, PREFIXES)
    print(f"wrote {target}: {triples} triples", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()))
