"""The code's shape: every error a user can cause is an MskgError, and the CLI ends each in one line."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import mskg
from mskg import paths
from mskg.build import BuildResult
from mskg.errors import MskgError
from mskg.store import EmbeddedStore

from .conftest import invoke


def _modules() -> list[str]:
    return sorted(info.name for info in pkgutil.walk_packages(mskg.__path__, "mskg.") if info.name != "mskg.__main__")


def test_every_error_mskg_defines_is_an_mskg_error() -> None:
    defined = [
        cls
        for name in _modules()
        for _, cls in inspect.getmembers(importlib.import_module(name), inspect.isclass)
        if issubclass(cls, Exception) and cls.__module__ == name
    ]
    assert len(defined) >= 15
    assert [cls.__qualname__ for cls in defined if not issubclass(cls, MskgError)] == []
    assert {cls.exit_code for cls in defined if issubclass(cls, MskgError)} == {1, 2, 3, 4}


def test_a_bad_saved_query_header_is_one_line_for_every_query_command(tmp_path: Path) -> None:
    """One broken ``.rq`` in the project: `mskg query` and `mskg queries` say which, in one line, and exit 2."""
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(paths.RESOURCES / folder, tmp_path / folder)
    (tmp_path / "queries" / "broken.rq").write_text("#+ summary: x\n#+ param: nonsense\nASK {}\n", encoding="utf-8")
    for args in (["queries"], ["query", "unmet-needs"]):
        run = subprocess.run(
            [sys.executable, "-m", "mskg", *args], cwd=tmp_path, capture_output=True, text=True, timeout=120
        )
        assert run.returncode == 2, run.stderr
        assert run.stderr.splitlines() == [
            f"mskg: {tmp_path / 'queries' / 'broken.rq'}: bad '#+ param: nonsense' "
            "(write '#+ param: name (type): meaning. Example: value')"
        ]
        assert "Traceback" not in run.stderr


def test_a_new_export_format_is_one_entry(built: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry in the registry is all `mskg export` needs to write a format; the help names every format."""
    from mskg.export_formats import FORMATS, ExportFormat

    def write_count(store_dir: Path, target: Path) -> list[str]:
        target.write_text(f"{len(EmbeddedStore(store_dir).select('SELECT * WHERE { ?s ?p ?o }').rows)}\n")
        return [f"counted into {target}"]

    monkeypatch.setitem(FORMATS, "count", ExportFormat("count", "the number of triples", "count.txt", write_count))
    run = invoke("export", "--format", "count", "--store", str(built.out), "-o", str(tmp_path / "n.txt"))
    assert run.exit_code == 0, run.stderr
    assert int((tmp_path / "n.txt").read_text()) > 0
    assert run.stderr == f"counted into {tmp_path / 'n.txt'}\n"
    unknown = invoke("export", "--format", "nope", "--store", str(built.out))
    assert unknown.exit_code == 2
    assert "use kgx, jsonld, nt, xml, ttl, trig, graphml, count" in unknown.stderr
    help_text = " ".join(invoke("export", "--help").stdout.split())
    assert all(name in help_text for name in FORMATS if name != "count")
