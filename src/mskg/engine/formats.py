r"""Writes query results as a text table, CSV, TSV, JSON or Markdown.

CSV, TSV and JSON follow the W3C SPARQL 1.1 Query Results formats, so other tools read them as they read
any SPARQL endpoint's answer; the text table and Markdown shorten IRIs to CURIEs for people.

>>> from rdflib import Literal, URIRef
>>> from mskg.engine.store import Results
>>> results = Results(["therapy", "label"], [{"therapy": URIRef("https://w3id.org/mskg/id/therapy/ahsct"),
...                                          "label": Literal("AHSCT", lang="en")}])
>>> render(results, "csv")
'therapy,label\r\nhttps://w3id.org/mskg/id/therapy/ahsct,AHSCT\r\n'
>>> render(results, "tsv").splitlines()[1].split("\t")
['<https://w3id.org/mskg/id/therapy/ahsct>', '"AHSCT"@en']
>>> print(render(results, "md"), end="")
| therapy | label |
| --- | --- |
| mskgid:therapy/ahsct | AHSCT |
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Sequence
from typing import Any
from typing import Literal as TypingLiteral

from rdflib import BNode, Literal, URIRef
from rich.console import Console
from rich.table import Table

from mskg.base.links import compress
from mskg.base.namespaces import prefixed
from mskg.engine.store import Results, Term

__all__ = ["FORMATS", "Format", "render", "short"]

Format = TypingLiteral["table", "csv", "tsv", "json", "md"]
FORMATS: tuple[Format, ...] = ("table", "csv", "tsv", "json", "md")


def render(
    results: Results,
    fmt: Format,
    title: str | None = None,
    width: int = 160,
    *,
    columns: Sequence[str] | None = None,
    wide: bool = False,
) -> str:
    """The results in the format: ``table``, ``csv``, ``tsv``, ``json`` or ``md``.

    The text table is for people: at most ``width`` characters wide, and where a query projects both ``?x`` and
    ``?xLabel`` it shows only the label (the other formats keep every column). ``columns`` picks the columns to
    show. When the columns cannot each get a readable width, the rows are shown one after another as records
    (a field a line, long text wrapped under itself), unless ``wide`` asks for the grid anyway.
    """
    if columns:
        unknown = [name for name in columns if name not in results.variables]
        if unknown:
            raise ValueError(f"no column {unknown[0]!r}; the columns are: {', '.join(results.variables)}")
        results = Results(list(columns), [{n: row[n] for n in columns if n in row} for row in results.rows])
    if fmt == "table":
        return _table(results, title, width, wide=wide)
    renderers = {"csv": _csv, "tsv": _tsv, "json": _json, "md": _markdown}
    if fmt not in renderers:
        raise ValueError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    return renderers[fmt](results)


def short(term: Term) -> str:
    """A term for people: an IRI as a CURIE where a prefix is known, a literal as its text."""
    if isinstance(term, URIRef):
        return compress(str(term)) or prefixed(str(term)) or str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


#: The narrowest a grid column may be and stay readable; below it the rows are shown as records.
_READABLE = 14


def _table(results: Results, title: str | None, width: int, *, wide: bool = False) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), force_terminal=False, color_system=None)
    if results.boolean is not None:
        console.print("yes" if results.boolean else "no")
        return console.export_text()
    shown = [name for name in results.variables if f"{name}Label" not in results.variables]
    if not wide and len(shown) * (_READABLE + 3) + 1 > width:
        return _records(results, shown, title, width)
    table = Table(title=title, show_lines=True, expand=False)
    for name in shown:
        table.add_column(name.removesuffix("Label") if name.endswith("Label") else name, overflow="fold")
    for row in results.rows:
        table.add_row(*(short(row[name]) if name in row else "" for name in shown))
    console.print(table)
    console.print(f"{len(results.rows)} row{'s' if len(results.rows) != 1 else ''}")
    return console.export_text()


def _records(results: Results, shown: list[str], title: str | None, width: int) -> str:
    """Each row as a record: a field a line, its name on the left, long values wrapped under themselves."""
    names = {name: name.removesuffix("Label") if name.endswith("Label") else name for name in shown}
    gutter = min(max(len(label) for label in names.values()) + 2, width // 3)
    room = max(width - gutter, 20)
    lines = [*textwrap.wrap(title, width), ""] if title else []
    for number, row in enumerate(results.rows, start=1):
        lines.append(f"── {number} of {len(results.rows)} ".ljust(width, "─")[:width])
        for name in shown:
            if name not in row:
                continue
            text = " ".join(short(row[name]).split())
            wrapped = textwrap.wrap(text, room, break_long_words=True, break_on_hyphens=False) or [""]
            lines.append(names[name].ljust(gutter)[:gutter] + wrapped[0])
            lines.extend(" " * gutter + part for part in wrapped[1:])
    lines.append(f"{len(results.rows)} row{'s' if len(results.rows) != 1 else ''}")
    return "\n".join(lines) + "\n"


def _csv(results: Results) -> str:
    if results.boolean is not None:
        return f"_askResult\r\n{str(results.boolean).lower()}\r\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(results.variables)
    for row in results.rows:
        writer.writerow([_csv_value(row[name]) if name in row else "" for name in results.variables])
    return out.getvalue()


def _csv_value(term: Term) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _tsv(results: Results) -> str:
    if results.boolean is not None:
        return f"?_askResult\n{str(results.boolean).lower()}\n"
    lines = ["\t".join(f"?{name}" for name in results.variables)]
    for row in results.rows:
        lines.append("\t".join(_tsv_value(row[name]) if name in row else "" for name in results.variables))
    return "\n".join(lines) + "\n"


def _tsv_value(term: Term) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
    text = text.replace("\r", "\\r")
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def _json(results: Results) -> str:
    if results.boolean is not None:
        return json.dumps({"head": {}, "boolean": results.boolean}, indent=2) + "\n"
    bindings = [{name: _json_value(value) for name, value in row.items()} for row in results.rows]
    return (
        json.dumps(
            {"head": {"vars": results.variables}, "results": {"bindings": bindings}}, indent=2, ensure_ascii=False
        )
        + "\n"
    )


def _json_value(term: Term) -> dict[str, Any]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    value: dict[str, Any] = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        value["xml:lang"] = term.language
    elif (
        isinstance(term, Literal) and term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string"
    ):
        value["datatype"] = str(term.datatype)
    return value


def _markdown(results: Results) -> str:
    if results.boolean is not None:
        return f"{'yes' if results.boolean else 'no'}\n"

    def cell(term: Term) -> str:
        return short(term).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(results.variables) + " |", "| " + " | ".join("---" for _ in results.variables) + " |"]
    for row in results.rows:
        lines.append("| " + " | ".join(cell(row[name]) if name in row else "" for name in results.variables) + " |")
    return "\n".join(lines) + "\n"
