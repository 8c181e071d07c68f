"""Shared fixtures: one real build of the shipped curation per test session, and ways to run the CLI."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mskg import paths
from mskg.build import STORE_DIR, BuildResult, build
from mskg.cli import app
from mskg.curation import Curation, read_curation
from mskg.store import EmbeddedStore

RESOURCES = Path(__file__).parent / "resources"

# bioregistry (a test-only dependency) writes a cache under the home folder unless told otherwise.
os.environ.setdefault("PYSTOW_HOME", str(Path(tempfile.gettempdir()) / "mskg-tests-pystow"))


@pytest.fixture(scope="session")
def curation() -> Curation:
    """The real, shipped curation."""
    return read_curation()


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real graph, built once into a temporary folder."""
    return build(tmp_path_factory.mktemp("build") / "build")


@pytest.fixture(scope="session")
def store(built: BuildResult) -> EmbeddedStore:
    """The embedded store of the real build, opened read-only."""
    return EmbeddedStore(built.out / STORE_DIR)


@dataclass
class Invocation:
    """The outcome of one CLI run."""

    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


def invoke(*args: str) -> Invocation:
    """Run ``mskg ARGS`` in-process, keeping stdout and stderr apart."""
    result = CliRunner().invoke(app, list(args))
    exception = result.exception if not isinstance(result.exception, SystemExit) else None
    return Invocation(result.exit_code, result.stdout, result.stderr, exception)


@pytest.fixture
def curation_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the shipped curation and sources: (curation folder, sources folder)."""
    curation_dir = tmp_path / "curation"
    sources_dir = tmp_path / "sources"
    shutil.copytree(paths.CURATION_DIR, curation_dir)
    shutil.copytree(paths.SOURCES_DIR, sources_dir)
    return curation_dir, sources_dir
