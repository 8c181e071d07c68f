"""Run KGX's own command line with no network: Biolink's schema and every JSON-LD context from installed packages.

KGX 2.6 downloads Biolink's schema when it is imported (a default argument of ``bmt.Toolkit``), Biolink's JSON-LD
context when a source is made, and two prefixcommons contexts when it contracts an IRI. Each has a released copy
in an installed package: the biolink-model package's schema and prefix map, and prefixcommons' registry. This
points KGX at those copies, adds the prefix map an mskg export writes beside its tables (``--prefixes FILE``),
and refuses any connection, so that a test shows the export passes KGX offline rather than passing by luck.

    python tests/tools/kgx_offline.py [--prefixes FILE] validate -i tsv nodes.tsv edges.tsv
"""

from __future__ import annotations

import json
import socket
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any, NoReturn


def _no_network(*args: Any, **kwargs: Any) -> NoReturn:
    raise OSError(f"kgx_offline: KGX tried to reach the network ({args[0] if args else '?'})")


def main(argv: list[str]) -> int:
    """Patch KGX to its offline copies, then run its CLI with ``argv`` (less ``--prefixes FILE``)."""
    extra: dict[str, str] = {}
    if argv[:1] == ["--prefixes"]:
        extra = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        argv = argv[2:]
    socket.getaddrinfo = _no_network
    socket.create_connection = _no_network

    import bmt.toolkit

    schema = str(files("biolink_model") / "schema" / "biolink_model.yaml")
    bmt.toolkit.Toolkit.__init__.__defaults__ = (schema, {"predicate mappings": []})

    import kgx.config

    biolink = json.loads((files("biolink_model") / "prefixmaps" / "biolink_model_prefix_map.json").read_text())
    kgx.config.jsonld_context_map["biolink"] = {**biolink, **extra}
    registry = files("prefixcommons") / "registry"
    for name in ("monarch_context", "obo_context"):
        kgx.config.jsonld_context_map[name] = json.loads((registry / f"{name}.jsonld").read_text())["@context"]

    from kgx.cli import cli

    return int(cli.main(args=argv, prog_name="kgx", standalone_mode=False) or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
