"""A plain, non-editable `pip install .` carries the ontology, data and queries, and works from any folder."""

from __future__ import annotations

import site as site_module
import subprocess
import sys
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
        [str(installed), "-c", "import mskg.paths as p; print(p.RESOURCES); print(p.ONTOLOGY_FILE.is_file())"],
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
