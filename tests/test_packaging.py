"""A plain, non-editable `pip install .` carries the ontology, data and queries, and works from any folder."""

from __future__ import annotations

import os
import re
import shutil
import site as site_module
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment with mskg installed from a wheel (dependencies from the test environment)."""
    where = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(where / "dist"), str(ROOT)], check=True
    )
    [wheel] = (where / "dist").glob("mskg-*.whl")
    venv.create(where / "venv", system_site_packages=True, with_pip=False)
    python = where / "venv" / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", site, str(wheel)], check=True
    )
    # When the tests themselves run in a virtual environment, `system_site_packages` reaches the base Python's
    # packages, not that environment's, where the dependencies are: list its site folders as plain paths (after the
    # wheel's own folder, and without running their .pth files, so an editable install of mskg is not picked up).
    folders = (*site_module.getsitepackages(), site_module.getusersitepackages())
    outer = [path for path in folders if Path(path).is_dir()]
    (Path(site) / "outer-environment.pth").write_text("\n".join(outer) + "\n", encoding="utf-8")
    return python


def test_the_installed_package_finds_its_resources_inside_itself(installed: Path, tmp_path: Path) -> None:
    out = subprocess.run(
        [str(installed), "-c", "import mskg.base.paths as p; print(p.RESOURCES); print(p.ONTOLOGY_FILE.is_file())"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert out[0].endswith("site-packages/mskg/_resources")
    assert out[1] == "True"


def test_the_installed_command_builds_and_queries_from_another_folder(installed: Path, tmp_path: Path) -> None:
    build = subprocess.run(
        [str(installed), "-m", "mskg", "build", "--quiet", "--out", "graph"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    query = subprocess.run(
        [str(installed), "-m", "mskg", "query", "therapies-with-cns-penetration", "-f", "csv", "--store", "graph"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert query.returncode == 0, query.stderr
    assert "CD19-directed CAR T-cell therapy" in query.stdout


def _readme_block(after: str, language: str) -> str:
    """The first fenced block of ``language`` after the heading ``after`` in the README, dedented."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(after) :]
    start = section.index(f"```{language}\n") + len(f"```{language}\n")
    block = section[start : section.index("```", start)]
    return textwrap.dedent(block)


def test_a_curators_new_claim_and_question_count_after_a_plain_install(installed: Path, tmp_path: Path) -> None:
    """The README's "Adding a claim" and "Adding a saved question", done in a checkout the wheel was not built from."""
    checkout = tmp_path / "checkout"
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / folder, checkout / folder)
    claims = checkout / "data" / "curation" / "claims-car-t.yaml"
    text = claims.read_text(encoding="utf-8")
    start = text.index("  - id: cd19-car-t-signals-clinical-improvement\n")
    end = text.index("  - id: ", start + 1)
    text = text[:start] + text[end:]  # the curated claim goes, so that the README's one is new
    example = _readme_block("## Adding a claim", "yaml")
    assert example.startswith("claims:\n")
    claims.write_text(text.rstrip("\n") + "\n\n" + example.removeprefix("claims:\n"), encoding="utf-8")
    question = _readme_block("## Adding a saved question", "sparql").replace(
        "SELECT ?therapy ... WHERE { ... }",
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
        "SELECT ?therapy ?claim WHERE { ?claim rdf:subject ?therapy }",
    )
    (checkout / "queries" / "claims-a-curator-added.rq").write_text(question, encoding="utf-8")

    def mskg(*args: str) -> subprocess.CompletedProcess[str]:
        # From a folder inside the checkout, as a curator would work.
        where = checkout / "data" / "curation"
        wide = {**os.environ, "COLUMNS": "300"}  # so that no path in the output is wrapped
        command = [str(installed), "-m", "mskg", *args]
        return subprocess.run(command, cwd=where, env=wide, capture_output=True, text=True, check=False)

    build = mskg("build", "--no-reason", "--out", str(checkout / "build"))  # the reasoner: the test above
    assert build.returncode == 0, build.stderr
    assert f"Read the project at {checkout}" in build.stdout
    evidence = mskg(
        "query",
        "evidence-for-therapy",
        "-p",
        "therapy=mskgid:therapy/cd19-car-t",
        "-f",
        "csv",
        "--store",
        "../../build",
    )
    assert evidence.returncode == 0, evidence.stderr
    [row] = [line for line in evidence.stdout.splitlines() if "claim/cd19-car-t-signals-clinical-improvement" in line]
    assert "preliminary signals of clinical improvement" in row
    assert "Early clinical reports" not in row, "the README's shorter quote, not the removed claim's"
    listed = mskg("queries")
    assert "claims-a-curator-added" in listed.stdout
    asked = mskg("query", "claims-a-curator-added", "-p", "therapy=AHSCT", "-f", "csv", "--store", "../../build")
    assert asked.returncode == 0, asked.stderr
    assert "claim/mist-ahsct-delays-disability-progression" in asked.stdout


def _imported_distributions() -> dict[str, str]:
    """Every third-party module mskg's code imports (at the top or inside a function), with its distribution."""
    import ast
    from importlib.metadata import packages_distributions

    modules: set[str] = set()
    for path in (ROOT / "src" / "mskg").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    owners = packages_distributions()
    third_party = sorted(modules - set(sys.stdlib_module_names) - {"mskg", "__future__"})
    return {module: owners.get(module, ["(not installed)"])[0] for module in third_party}


def test_every_distribution_the_code_imports_is_declared() -> None:
    import tomllib

    def name(requirement: str) -> str:
        match = re.match(r"[A-Za-z0-9_.-]+", requirement)
        assert match, requirement
        return re.sub(r"[-_.]+", "-", match.group(0)).lower()

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {name(requirement) for requirement in project["dependencies"]}
    imported = _imported_distributions()
    assert {"numpy", "scipy", "networkx"} <= {name(d) for d in imported.values()}  # the check sees lazy imports
    undeclared = {module: d for module, d in imported.items() if name(d) not in declared}
    assert undeclared == {}, "imported by src/mskg but not in [project] dependencies"


def test_the_installed_command_draws_a_large_graph(installed: Path, tmp_path: Path) -> None:
    """Above 400 nodes the view takes the spectral layout (NumPy, SciPy): from a plain install too."""
    from benchmarks.generate import generate

    generate(200_000, tmp_path / "big.nq")

    def mskg(*args: str) -> subprocess.CompletedProcess[str]:
        command = [str(installed), "-m", "mskg", *args]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)

    loaded = mskg("load", "big.nq", "--out", "big")
    assert loaded.returncode == 0, loaded.stderr
    drawn = mskg("view", "--store", "big", "--query", "therapies-targeting-compartmentalized-b-cells")
    assert drawn.returncode == 0, drawn.stderr
    page = tmp_path / "big" / "graph-therapies-targeting-compartmentalized-b-cells.html"
    nodes = int(re.search(r"\((\d+) nodes", drawn.stderr).group(1))  # type: ignore[union-attr]
    assert nodes > 400
    assert page.stat().st_size > 1_000_000
