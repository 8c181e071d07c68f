"""The loader either loads a curator's file or raises its own clear CurationError, never anything else.

Whatever the file holds: random text, random bytes, random YAML, or a valid file mangled as curators mangle files.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mskg.base import paths
from mskg.base.problems import CurationError
from mskg.curation import read_curation
from mskg.curation.schema import Schema
from mskg.graph.loader import load

from .helpers import RESOURCES


@cache
def seed() -> str:
    """A small valid curation file that the mangling starts from, read on first use (not at collection)."""
    return (RESOURCES / "fuzz-seed.yaml").read_text(encoding="utf-8")


@cache
def schema() -> Schema:
    """The ontology's schema, read on first use: a broken ontology fails the tests, not their collection."""
    return Schema.load()


FIELDS = [
    "entities",
    "claims",
    "id",
    "type",
    "label",
    "definition",
    "synonyms",
    "subtype_of",
    "mappings",
    "curie",
    "predicate",
    "subject",
    "relation",
    "object",
    "population",
    "direction",
    "certainty",
    "evidence_level",
    "study_design",
    "source",
    "quote",
    "text",
    "start",
    "end",
    "limitations",
    "no_match",
    "note",
]
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="mskg-fuzz-") as name:
        yield Path(name)


def load_or_refuse(folder: Path, content: bytes) -> None:
    """Load a curation folder holding only ``content``; a CurationError is a good answer, anything else is not."""
    (folder / "fuzzed.yaml").write_bytes(content)
    try:
        load(read_curation(folder, paths.SOURCES_DIR), schema())
    except CurationError as error:
        refusal = error
    else:
        return
    assert refusal.problems, "a CurationError names at least one problem"
    for problem in refusal.problems:
        assert problem.message
        assert problem.hint


def test_the_seed_itself_loads(folder: Path) -> None:
    (folder / "fuzzed.yaml").write_text(seed(), encoding="utf-8")
    curation = read_curation(folder, paths.SOURCES_DIR)
    assert len(curation.claims) == 2


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(
        [
            "therapy/car-t",
            "target/cd19",
            "supports",
            "C",
            "case-series",
            "pubmed-41997827",
            "MONDO:0005301",
            "2026-01-01",
            "~",
            "&a",
            "*a",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=20,
)


@FUZZ
@given(content=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_random_bytes_and_text_are_loaded_or_refused(folder: Path, content: bytes) -> None:
    load_or_refuse(folder, content)


@FUZZ
@given(document=st.dictionaries(st.sampled_from(["entities", "claims", "other"]), values, max_size=3) | values)
def test_random_yaml_documents_are_loaded_or_refused(folder: Path, document: object) -> None:
    load_or_refuse(folder, yaml.safe_dump(document, allow_unicode=True).encode("utf-8"))


@st.composite
def mangled_seed(draw: st.DrawFn) -> str:
    """The seed with a few curator-like accidents: lines lost, doubled, swapped, shifted, cut, or retyped."""
    lines = seed().splitlines()
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "retype", "cut", "insert"]))
        if action == "delete" and len(lines) > 1:
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "swap":
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "indent":
            lines[at] = " " * draw(st.integers(min_value=1, max_value=4)) + lines[at]
        elif action == "dedent":
            lines[at] = lines[at][draw(st.integers(min_value=1, max_value=4)) :]
        elif action == "retype" and ":" in lines[at]:
            key = lines[at].split(":", 1)[0]
            value = draw(st.sampled_from(["", "[", "{", "-1", "null", "yes", "|", ">-", "!!binary x", "&x", "*x"]))
            lines[at] = f"{key}: {value}"
        elif action == "cut":
            lines[at] = lines[at][: draw(st.integers(min_value=0, max_value=max(len(lines[at]) - 1, 0)))]
        elif action == "insert":
            lines.insert(at, draw(st.text(max_size=20)))
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mangled_seed())
def test_a_mangled_curation_file_is_loaded_or_refused(folder: Path, text: str) -> None:
    load_or_refuse(folder, text.encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &anchor [*anchor]\n", "an alias refers to a block that contains it"),
        ("entities: !!python/object:os.system x\n", "could not determine a constructor for the tag"),
        ("entities: !!binary not-base64?\n", "failed to decode base64 data"),
        ("entities:\n  - id: !!timestamp 2026-13-45\n", "month must be in 1..12"),
        ("? [a, b]\n: c\n", "a list or block is used as a key"),
        ("entities: " + "[" * 3000 + "]" * 3000 + "\n", "the YAML nests too deeply"),
        ("claims:\n  - id: x\n\x07\n", "a character YAML does not allow"),
    ],
)
def test_yaml_corner_cases_are_refused_clearly(folder: Path, text: str, message: str) -> None:
    (folder / "fuzzed.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(CurationError, match=re.escape(message)):
        read_curation(folder, paths.SOURCES_DIR)


def test_a_byte_order_mark_is_not_a_problem(folder: Path) -> None:
    (folder / "fuzzed.yaml").write_text("\ufeffentities: []\n", encoding="utf-8")
    assert read_curation(folder, paths.SOURCES_DIR).entities == {}
