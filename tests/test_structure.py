"""The code's shape: every error a user can cause is an MskgError, and the CLI ends each in one line."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import mskg
from mskg import paths
from mskg.errors import MskgError


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
