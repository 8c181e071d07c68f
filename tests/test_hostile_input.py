"""Hostile input is refused within bounded memory, with one line and a non-zero exit, and nothing is lost.

Each attack runs the real command in a child process capped at :data:`MEMORY_CAP` bytes of address space and
:data:`HANG_GUARD` seconds: an attack that got through would be killed by the cap (or the guard), and the test
would fail on its exit status and message, not on how long it took.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from mskg.xmlguard import XmlEntityError, check_entities

MEMORY_CAP = 2 * 1024**3
HANG_GUARD = 120


def run_capped(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m mskg ARGS`` in a child process whose address space is capped."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    return subprocess.run(
        [sys.executable, "-m", "mskg", *args],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        preexec_fn=cap,
        cwd=cwd,
        check=False,
    )


def alias_bomb(depth: int) -> str:
    """A YAML document of a few hundred bytes whose aliases expand it to 9**depth values."""
    lines = ['l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, depth + 1)]
    return "\n".join(lines) + "\n"


def test_a_yaml_alias_bomb_in_the_curation_is_refused_with_its_file_and_line(
    curation_copy: tuple[Path, Path], tmp_path: Path
) -> None:
    curation_dir, sources_dir = curation_copy
    bomb = curation_dir / "bomb.yaml"
    bomb.write_text(alias_bomb(9), encoding="utf-8")
    assert bomb.stat().st_size < 600
    out = tmp_path / "out"
    run = run_capped("build", "--out", str(out), "--curation", str(curation_dir), "--sources", str(sources_dir))
    assert run.returncode == 2, run.stderr
    assert f"{bomb}:1: the file's aliases (*name) expand it to more than 1,000,000 values" in run.stderr
    assert "Traceback" not in run.stderr
    assert not out.exists()


def test_a_few_honest_aliases_still_load(curation_copy: tuple[Path, Path], tmp_path: Path) -> None:
    curation_dir, sources_dir = curation_copy
    (curation_dir / "aliases.yaml").write_text(alias_bomb(3), encoding="utf-8")  # 729 values: allowed
    run = run_capped("check", "--curation", str(curation_dir), "--sources", str(sources_dir))
    assert "aliases (*name) expand" not in run.stdout + run.stderr


def laughs(levels: int) -> str:
    """An RDF/XML file of a few hundred bytes whose nested entities expand to 10**levels characters."""
    names = "abcdefghijklmnop"
    declarations = [f' <!ENTITY {names[0]} "aaaaaaaaaa">']
    declarations += [f' <!ENTITY {names[n]} "{("&" + names[n - 1] + ";") * 10}">' for n in range(1, levels)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n'
        + "\n".join(declarations)
        + '\n]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
        + f' <rdf:Description rdf:about="http://example.org/s"><ex:p>&{names[levels - 1]};</ex:p></rdf:Description>\n'
        + "</rdf:RDF>\n"
    )


RDF_COMMANDS: dict[str, Callable[[Path, Path], tuple[str, ...]]] = {
    "load": lambda file, out: ("load", str(file), "--out", str(out)),
    "view": lambda file, out: ("view", "--graph", str(file), "--output", str(out / "graph.html")),
    "links import": lambda file, out: ("links", "import", str(file)),
}


@pytest.mark.parametrize("command", RDF_COMMANDS)
def test_an_rdf_xml_entity_bomb_is_refused_before_any_parser_reads_it(command: str, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(laughs(9), encoding="utf-8")
    assert bomb.stat().st_size < 700
    out = tmp_path / "out"
    run = run_capped(*RDF_COMMANDS[command](bomb, out), cwd=tmp_path)
    assert run.returncode != 0
    assert f"{bomb}: the entity " in run.stderr
    assert "expands to more than 4,096 characters" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (out / "graph.html").exists()


def test_an_external_entity_is_refused(tmp_path: Path) -> None:
    sneaky = tmp_path / "sneaky.rdf"
    sneaky.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="http://example.org/s"/></rdf:RDF>\n',
        encoding="utf-8",
    )
    run = run_capped("load", str(sneaky), "--out", str(tmp_path / "out"))
    assert run.returncode == 2
    assert "declares an external entity (x)" in run.stderr


def test_many_references_to_a_long_entity_are_refused_too(tmp_path: Path) -> None:
    """No nesting, but 5,000 references to a 4,000-character entity would add 20 MB."""
    wide = tmp_path / "wide.rdf"
    body = "".join(
        f'<rdf:Description rdf:about="http://example.org/s{n}"><ex:p>&w;</ex:p></rdf:Description>' for n in range(5000)
    )
    wide.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY w "{"w" * 4000}"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
        f"{body}</rdf:RDF>\n",
        encoding="utf-8",
    )
    run = run_capped("load", str(wide), "--out", str(tmp_path / "out"))
    assert run.returncode == 2
    assert "entity references would add more than 16 MB" in run.stderr


def test_namespace_abbreviations_as_ontology_editors_write_them_still_load(tmp_path: Path) -> None:
    honest = tmp_path / "honest.rdf"
    honest.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY ex "http://example.org/" >\n'
        ' <!ENTITY rdfs "http://www.w3.org/2000/01/rdf-schema#" >\n]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="&rdfs;">\n'
        ' <rdf:Description rdf:about="&ex;s"><rdfs:label>honest</rdfs:label></rdf:Description>\n</rdf:RDF>\n',
        encoding="utf-8",
    )
    run = run_capped("load", str(honest), "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    assert "loaded 1 quads" in run.stderr


def test_an_entity_that_refers_to_itself_is_named(tmp_path: Path) -> None:
    looping = tmp_path / "loop.rdf"
    looping.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY a "&b;"> <!ENTITY b "x&a;"> ]>\n<r>&a;</r>\n', encoding="utf-8"
    )
    with pytest.raises(XmlEntityError, match="the entity a refers to itself"):
        check_entities(looping)
