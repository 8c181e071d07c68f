"""A syntax error in hand-edited Turtle (the ontology, its shapes, an import slice): one line, no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mskg.base import paths
from mskg.base.syntaxes import ProjectFileError, parse_turtle

from .helpers import SMALL_CURATION, SMALL_SOURCES, invoke


def _project(folder: Path) -> Path:
    """A project folder: the shipped ontology and the small curation."""
    shutil.copytree(paths.ONTOLOGY_DIR, folder / "ontology")
    shutil.copytree(SMALL_CURATION, folder / "data" / "curation")
    shutil.copytree(SMALL_SOURCES, folder / "data" / "sources")
    return folder


@pytest.mark.parametrize("name", ["mskg.ttl", "shapes.ttl", "imports/cl.ttl"])
def test_a_syntax_error_in_a_turtle_file_of_the_project_is_one_line_with_its_place(tmp_path: Path, name: str) -> None:
    project = _project(tmp_path / "project")
    broken = project / "ontology" / name
    lines = broken.read_text(encoding="utf-8").splitlines()
    lines.insert(len(lines) // 2, "mskg:Oops a owl:Class ;; {")
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = invoke("--project", str(project), "check", "--no-reason")
    assert run.exit_code == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.count("\n") == 1, run.stderr
    assert run.stderr.startswith(f"mskg: {broken}:")
    assert "not valid Turtle" in run.stderr


def test_the_reported_line_is_the_line_of_the_mistake(tmp_path: Path) -> None:
    file = tmp_path / "x.ttl"
    file.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b {\n", encoding="utf-8")
    with pytest.raises(ProjectFileError, match=r"x\.ttl:3: not valid Turtle"):
        parse_turtle(file)


def test_a_command_run_in_process_with_another_project_leaves_the_process_reading_its_own(tmp_path: Path) -> None:
    """``mskg --project DIR`` is for its command: the Python caller's next call reads what it read before."""
    before = paths.PROJECT, paths.CURATION_DIR
    project = _project(tmp_path / "project")
    run = invoke("--project", str(project), "build", "--no-reason", "--out", str(tmp_path / "build"))
    assert run.exit_code == 0, run.stderr
    assert f"Read the project at {project.resolve()}" in " ".join(run.stdout.split())
    assert before == (paths.PROJECT, paths.CURATION_DIR)
