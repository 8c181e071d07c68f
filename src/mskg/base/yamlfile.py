r"""Reads a YAML file into plain Python values, remembering the line of every key and item.

Curators get errors that point at a line, so the reader keeps, for each path into the document
(``("claims", 3, "quote", "start")``), the line it starts on. It refuses what PyYAML lets pass
silently: duplicate keys, non-string keys, and aliases that expand the document past :data:`MAX_VALUES` values
(an "alias bomb": a few hundred bytes of ``&a [*b, *b, ...]`` that would grow to gigabytes), which it measures
on the composed node graph before building anything.

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

from mskg.base.problems import CurationError, Problem

__all__ = ["MAX_VALUES", "LocatedDocument", "dotted", "read_yaml"]

Path_ = tuple[str | int, ...]

#: The most values (scalars, lists and blocks, counting each use of an alias) one YAML file may expand to. The
#: whole curation is a few tens of thousands; a million leaves room for growth and stops an alias bomb at once.
MAX_VALUES = 1_000_000


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
        line = raw[: error.start].count(b"\n") + 1
        raise CurationError(
            [
                Problem(
                    file,
                    line,
                    "",
                    f"the file is not UTF-8 (byte {raw[error.start]:#04x})",
                    "save the file as UTF-8 text",
                )
            ]
        ) from None
    document = LocatedDocument(file, None)
    problems: list[Problem] = []
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
        if node is not None and _expanded_size(node) > MAX_VALUES:
            raise CurationError([_alias_bomb(file, node)])
        if node is not None:
            document.value = _convert(node, (), document, loader, problems, set())
    except yaml.MarkedYAMLError as error:
        raise CurationError([_syntax_problem(file, error)]) from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        raise CurationError(
            [
                Problem(
                    file,
                    line,
                    "",
                    f"the file contains a character YAML does not allow ({error.character!r})",
                    "delete the character, or write it inside a quoted string as an escape such as \\u0007",
                )
            ]
        ) from None
    except yaml.YAMLError as error:
        raise CurationError([Problem(file, None, "", f"YAML error: {error}", "check the file's YAML syntax")]) from None
    except RecursionError:
        raise CurationError(
            [Problem(file, None, "", "the YAML nests too deeply", "flatten the nested lists and blocks")]
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    if problems:
        raise CurationError(problems)
    return document


def _expanded_size(root: yaml.Node) -> int:
    """How many values the document holds once every alias is expanded, counted without expanding any.

    Aliases make the composed document a graph that shares nodes; the size of a node is one plus the sizes of
    its children, memoized by node, so the count costs one visit per distinct node however large it comes to.
    A node that contains itself counts once (the conversion reports the cycle).
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    on_path: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        children = _children(node)
        if children_done:
            on_path.discard(key)
            sizes[key] = min(MAX_VALUES + 1, 1 + sum(sizes.get(id(child), 1) for child in children))
            continue
        if key in sizes or key in on_path:
            continue
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes and id(child) not in on_path)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _alias_bomb(file: Path, root: yaml.Node) -> Problem:
    return Problem(
        file,
        root.start_mark.line + 1,
        "",
        f"the file's aliases (*name) expand it to more than {MAX_VALUES:,} values",
        "write the repeated block out where it is needed, or use far fewer nested aliases",
    )


def _syntax_problem(file: Path, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else None
    what = " ".join(str(x) for x in (error.context, error.problem) if x)
    return Problem(
        file,
        line,
        "",
        f"YAML syntax error: {what}",
        "check the indentation and quoting on this line and the one before; "
        "quote values that contain ': ' or start with a special character",
    )


def _convert(
    node: yaml.Node,
    path: Path_,
    document: LocatedDocument,
    loader: yaml.SafeLoader,
    problems: list[Problem],
    active: set[int],
) -> Any:
    line = node.start_mark.line + 1
    document.lines[path] = line
    if id(node) in active:
        problems.append(
            Problem(
                document.file,
                line,
                dotted(path),
                "an alias refers to a block that contains it",
                "replace the alias (*name) with the values it stands for",
            )
        )
        return None
    if isinstance(node, yaml.MappingNode):
        active = active | {id(node)}
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    Problem(
                        document.file,
                        key_line,
                        dotted(path),
                        "a list or block is used as a key",
                        "write keys as plain words, such as `label:`",
                    )
                )
                continue
            key = _scalar(key_node, path, document, loader, problems)
            if not isinstance(key, str):
                problems.append(
                    Problem(
                        document.file,
                        key_line,
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
                        key_line,
                        dotted((*path, key)),
                        f"the key '{key}' appears twice",
                        f"keep one '{key}:' in this block and delete the other",
                    )
                )
                continue
            result[key] = _convert(value_node, (*path, key), document, loader, problems, active)
            document.lines[(*path, key)] = key_line
        return result
    if isinstance(node, yaml.SequenceNode):
        active = active | {id(node)}
        return [
            _convert(item, (*path, index), document, loader, problems, active) for index, item in enumerate(node.value)
        ]
    return _scalar(node, path, document, loader, problems)


def _scalar(
    node: yaml.Node, path: Path_, document: LocatedDocument, loader: yaml.SafeLoader, problems: list[Problem]
) -> Any:
    """A scalar's value; a value YAML cannot construct (a bad date, unknown tag, bad base64) is a problem."""
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.constructor.ConstructorError, ValueError, TypeError, OverflowError) as error:
        what = error.problem if isinstance(error, yaml.MarkedYAMLError) and error.problem else str(error)
        problems.append(
            Problem(
                document.file,
                node.start_mark.line + 1,
                dotted(path),
                f"YAML cannot read this value: {what}",
                "write the value as plain text, in quotes if it looks like a date, a number or a tag",
            )
        )
        return None


def dotted(path: Path_) -> str:
    """Render a document path as curators read it: ``claims[3].quote.start``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
