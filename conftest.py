"""Fixtures for the whole suite, the doctests in ``src/`` included: one real build of the shipped curation."""

from __future__ import annotations

import pytest
from _pytest.doctest import DoctestItem

from mskg.pipeline.build import BuildResult
from tests.helpers import built_once


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> BuildResult:
    """The real graph, built once (per run, for every worker) into a temporary folder."""
    return built_once(tmp_path_factory, worker_id, "build")


@pytest.fixture(autouse=True)
def _doctest_build_dir(request: pytest.FixtureRequest, doctest_namespace: dict[str, object]) -> None:
    """A doctest that names ``build_dir`` gets the real build's folder (built once, shared with the tests)."""
    if isinstance(request.node, DoctestItem) and "build_dir" in "".join(e.source for e in request.node.dtest.examples):
        doctest_namespace["build_dir"] = request.getfixturevalue("built").out
