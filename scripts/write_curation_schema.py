"""Writes ``data/curation.schema.json``: the JSON Schema of a curation file, from the curation's own models.

Run it from the project folder after changing a model in ``src/mskg/curation/models.py``::

    python scripts/write_curation_schema.py

A test fails while the file says anything else than the models.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mskg.base.files import write_atomically
from mskg.curation.document import json_schema_text


def main(project: Path) -> int:
    """Write ``project/data/curation.schema.json``; print where."""
    target = project / "data" / "curation.schema.json"
    write_atomically(target, json_schema_text())
    print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path.cwd()))
