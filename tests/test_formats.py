"""Result formats: the W3C SPARQL 1.1 results formats for machines, a table and Markdown for people."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from mskg.engine.formats import render
from mskg.engine.store import Results

from .terms import AHSCT

RESULTS = Results(
    ["therapy", "label", "year", "note", "blank"],
    [
        {
            "therapy": AHSCT,
            "label": Literal("AHSCT", lang="en"),
            "year": Literal(2026, datatype=XSD.integer),
            "note": Literal('says "yes",\tthen | no\nnewline'),
            "blank": BNode("b0"),
        },
        {"therapy": URIRef("http://purl.obolibrary.org/obo/MONDO_0005301")},
    ],
)


def test_json_is_the_sparql_results_format() -> None:
    document = json.loads(render(RESULTS, "json"))
    assert document["head"]["vars"] == ["therapy", "label", "year", "note", "blank"]
    first, second = document["results"]["bindings"]
    assert first["therapy"] == {"type": "uri", "value": str(AHSCT)}
    assert first["label"] == {"type": "literal", "value": "AHSCT", "xml:lang": "en"}
    assert first["year"] == {"type": "literal", "value": "2026", "datatype": str(XSD.integer)}
    assert first["blank"] == {"type": "bnode", "value": "b0"}
    assert second == {"therapy": {"type": "uri", "value": "http://purl.obolibrary.org/obo/MONDO_0005301"}}


def test_an_ask_answer_is_a_json_boolean() -> None:
    assert json.loads(render(Results(boolean=True), "json")) == {"head": {}, "boolean": True}


def test_csv_has_a_header_crlf_lines_and_plain_values() -> None:
    text = render(RESULTS, "csv")
    assert text.startswith("therapy,label,year,note,blank\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == [str(AHSCT), "AHSCT", "2026", 'says "yes",\tthen | no\nnewline', "_:b0"]
    assert rows[2] == ["http://purl.obolibrary.org/obo/MONDO_0005301", "", "", "", ""]


def test_tsv_writes_terms_in_turtle_syntax_and_escapes_tabs_and_newlines() -> None:
    lines = render(RESULTS, "tsv").splitlines()
    assert lines[0] == "?therapy\t?label\t?year\t?note\t?blank"
    assert lines[1].split("\t") == [
        f"<{AHSCT}>",
        '"AHSCT"@en',
        f'"2026"^^<{XSD.integer}>',
        '"says \\"yes\\",\\tthen | no\\nnewline"',
        "_:b0",
    ]
    assert lines[2] == "<http://purl.obolibrary.org/obo/MONDO_0005301>\t\t\t\t"


def test_markdown_escapes_pipes_and_shortens_iris() -> None:
    lines = render(RESULTS, "md").splitlines()
    assert lines[0] == "| therapy | label | year | note | blank |"
    assert lines[2].startswith('| mskgid:therapy/ahsct | AHSCT | 2026 | says "yes",\tthen \\| no newline |')
    assert lines[3].startswith("| MONDO:0005301 |")


def test_the_table_shows_a_label_instead_of_its_iri() -> None:
    results = Results(["therapy", "therapyLabel"], [{"therapy": AHSCT, "therapyLabel": Literal("AHSCT")}])
    table = render(results, "table")
    assert "AHSCT" in table
    assert "mskgid:therapy/ahsct" not in table
    assert "1 row" in table


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render(RESULTS, "xml")  # type: ignore[arg-type]


def test_a_result_too_wide_for_the_terminal_is_shown_as_records_wrapped_to_its_width() -> None:
    variables = [f"column{index}" for index in range(8)]
    long = "a long statement that would be cut into one-letter columns in a grid of eight columns " * 2
    results = Results(variables, [dict.fromkeys(variables, Literal(long)) for _ in range(2)])
    text = render(results, "table", width=80)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0].startswith("── 1 of 2 ")
    assert lines[1].startswith("column0  a long statement")
    assert "2 rows" in lines[-1]
    assert "┃" in render(results, "table", width=80, wide=True), "--wide keeps the grid"


def test_columns_pick_what_is_shown_and_an_unknown_one_is_named() -> None:
    results = Results(["therapy", "therapyLabel"], [{"therapy": AHSCT, "therapyLabel": Literal("AHSCT")}])
    assert render(results, "csv", columns=["therapyLabel"]) == "therapyLabel\r\nAHSCT\r\n"
    with pytest.raises(ValueError, match="no column 'label'; the columns are: therapy, therapyLabel"):
        render(results, "csv", columns=["label"])
