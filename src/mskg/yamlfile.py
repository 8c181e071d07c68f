r"""Reads a YAML file into plain Python values, remembering the line of every key and item.

Curators get errors that point at a line, so the reader keeps, for each path into the document
(``("claims", 3, "quote", "start")``), the line it starts on. It refuses what PyYAML lets pass
silently: duplicate keys, and non-string keys.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     p = pathlib.Path(d, "x.yaml")
...     _ = p.write_text("claims:\n  - id: a\n    start: 3\n")
...     doc = read_yaml(p)
>>> doc.value
{'claims': [{'id': 'a', 'start': 3}]}
>>> doc.line_of(("claims", 0, "start"))
3
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mskg.problems import CurationError, Problem

__all__ = ["LocatedDocument", "dotted", "read_yaml"]

Path_ = tuple[str | int, ...]


@dataclass
class LocatedDocument:
    """A parsed YAML file and the line (1-based) where each value of it starts."""

    file: Path
    value: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of the deepest part of ``path`` that exists in the document."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def read_yaml(file: Path) -> LocatedDocument:
    """Parse ``file``; raise :class:`CurationError` naming the line on bad encoding, syntax or keys."""
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        bad_line = raw[: error.start].count(b"\n") + 1
        raise CurationError(
            [
                Problem(
                    file,
                    bad_line,
                    "",
                    f"the file is not UTF-8 (byte {raw[error.start]:#04x})",
                    "save the file as UTF-8 text",
                )
            ]
        ) from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(str(x) for x in (error.context, error.problem) if x)
        raise CurationError(
            [
                Problem(
                    file,
                    line,
                    "",
                    f"YAML syntax error: {what}",
                    "check the indentation and quoting on this line and the one before; "
                    "quote values that contain ': ' or start with a special character",
                )
            ]
        ) from None
    finally:
        loader.dispose()
    document = LocatedDocument(file, None)
    if node is None:
        return document
    problems: list[Problem] = []
    document.value = _convert(node, (), document, loader, problems)
    if problems:
        raise CurationError(problems)
    return document


def _convert(
    node: yaml.Node, path: Path_, document: LocatedDocument, loader: yaml.SafeLoader, problems: list[Problem]
) -> Any:
    document.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                problems.append(
                    Problem(
                        document.file,
                        line,
                        dotted(path),
                        f"the key {key!r} is not text",
                        "write keys as plain words, such as `label:`",
                    )
                )
                continue
            if key in result:
                problems.append(
                    Problem(
                        document.file,
                        line,
                        dotted((*path, key)),
                        f"the key '{key}' appears twice",
                        f"keep one '{key}:' in this block and delete the other",
                    )
                )
                continue
            result[key] = _convert(value_node, (*path, key), document, loader, problems)
            document.lines[(*path, key)] = line
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, index), document, loader, problems) for index, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def dotted(path: Path_) -> str:
    """Render a document path as curators read it: ``claims[3].quote.start``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
