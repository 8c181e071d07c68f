"""The code's shape: every error a user can cause is an MskgError, and the CLI ends each in one line."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import mskg
from mskg.base import paths
from mskg.base.errors import MskgError
from mskg.engine.store import EmbeddedStore
from mskg.pipeline.build import BuildResult

from .helpers import invoke


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
    from mskg.outputs.export_formats import FORMATS, ExportFormat

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
    assert "use kgx, jsonld, nt, xml, ttl, trig, graphml, sssom, count" in unknown.stderr
    help_text = " ".join(invoke("export", "--help").stdout.split())
    assert all(name in help_text for name in FORMATS if name != "count")


#: The stages of the flow, first to last, each a subpackage of mskg: a module may import its own stage's modules and
#: earlier stages' only. The engine (the store and the one query layer) sits under the rest, since every stage
#: reads through it.
STAGES = ("base", "engine", "curation", "graph", "checks", "outputs", "pipeline", "cli")


def _runtime_imports(path: Path) -> set[str]:
    """The mskg modules ``path`` imports when it runs (imports under ``if TYPE_CHECKING:`` are for types only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and ast.unparse(block.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
        for node in ast.walk(block)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "mskg":
            found |= {f"mskg.{alias.name}" for alias in node.names} if node.module == "mskg" else {node.module}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "mskg"}
    return found


def _stage(module: str) -> int:
    """The place in the flow of a module: the stage its subpackage is (``mskg.graph.loader`` is in ``graph``)."""
    top = module.removeprefix("mskg.").split(".")[0]
    if top not in STAGES:
        raise AssertionError(f"{module} is in no stage's subpackage (move it into the one of {STAGES} it belongs to)")
    return STAGES.index(top)


def test_every_module_is_in_the_subpackage_of_its_stage_and_each_says_what_it_is() -> None:
    package = Path(mskg.__file__).parent
    loose = sorted(p.name for p in package.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert loose == [], "modules outside the stage subpackages"
    assert sorted(p.name for p in package.iterdir() if (p / "__init__.py").is_file()) == sorted(STAGES)
    for stage in STAGES:
        docstring = ast.get_docstring(ast.parse((package / stage / "__init__.py").read_text(encoding="utf-8")))
        assert docstring, f"mskg.{stage} has no docstring"


def test_imports_only_go_down_the_flow() -> None:
    package = Path(mskg.__file__).parent
    against = []
    for path in sorted(package.rglob("*.py")):
        module = "mskg." + ".".join(path.relative_to(package).with_suffix("").parts).removesuffix(".__init__")
        if module in ("mskg", "mskg.__init__", "mskg.__main__"):
            continue
        for imported in _runtime_imports(path):
            if imported == "mskg":
                continue  # the package itself: its version, and the API it re-exports on first use
            if _stage(imported) > _stage(module):
                against.append(f"{module} imports {imported}")
    assert against == []


def test_the_flow_test_would_catch_an_import_against_it(tmp_path: Path) -> None:
    """A base module that imported the pipeline would be named: the test above can fail."""
    module = tmp_path / "upstream.py"
    module.write_text("from mskg.pipeline.build import build\n", encoding="utf-8")
    assert _stage(next(iter(_runtime_imports(module)))) > _stage("mskg.base.upstream")


def test_no_module_is_over_400_lines() -> None:
    package = Path(mskg.__file__).parent
    long = {
        str(p.relative_to(package)): n for p in package.rglob("*.py") if (n := len(p.read_text().splitlines())) > 400
    }
    assert long == {}


def test_every_check_is_registered_in_order() -> None:
    from mskg.checks.registry import CHECKS

    assert [c.name for c in CHECKS] == [
        "curated-input",
        "owl-consistency",
        "shacl",
        "queries/checks",
        "mapping-matches-import",
    ]


def test_a_new_python_check_is_one_function(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registered with @check, a function reports into `mskg check` with its name, problem, fix and examples."""
    from mskg.checks import registry as checks
    from mskg.checks.registry import Checked

    monkeypatch.setattr(checks, "CHECKS", list(checks.CHECKS))

    @checks.check("no-therapy-named-x", "error", "a therapy is named x", "rename it")
    def _named_x(checked: Checked) -> list[str]:
        return [e.id for e in checked.curation.entities.values() if e.id.startswith("therapy/") and "car-t" in e.id]

    run = invoke("check", "--no-reason", "--format", "json")
    assert run.exit_code == 1
    rule = next(r for r in json.loads(run.stdout)["rules"] if r["rule"] == "no-therapy-named-x")
    assert (rule["problem"], rule["fix"], rule["severity"]) == ("a therapy is named x", "rename it", "error")
    assert rule["count"] >= 2
    assert rule["examples"]
    assert all(e.startswith("therapy/") and "car-t" in e for e in rule["examples"])


def test_the_help_lists_the_commands_in_the_workflow_order() -> None:
    from mskg.cli import ORDER

    text = invoke("--help").stdout
    places = [text.index(f"│ {name} ") for name in ORDER]
    assert places == sorted(places)


def test_no_help_page_shows_a_flag_as_taking_a_value() -> None:
    """``--help`` and every other flag are listed bare, never as ``--help <bool>`` (click 8.2's default)."""
    from mskg.cli import ORDER

    pages = [invoke("--help").stdout, *(invoke(name, "--help").stdout for name in ORDER)]
    pages.append(invoke("links", "sssom", "--help").stdout)
    assert all("--help" in page for page in pages)
    assert [page for page in pages if "<bool>" in page] == []
