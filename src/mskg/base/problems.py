"""Located problems in curated input, and the error that carries them to the user.

A problem names the file, the line and the field, says what is wrong and how to fix it:

>>> from pathlib import Path
>>> print(Problem(Path("claims.yaml"), 12, "claims[2].direction", "'suports' is not a direction",
...               "use one of: supports, refutes, mixed, debated"))
claims.yaml:12: claims[2].direction: 'suports' is not a direction
  fix: use one of: supports, refutes, mixed, debated
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mskg.base.errors import MskgError

__all__ = ["CurationError", "Problem", "first_line"]


def first_line(error: BaseException, limit: int = 300) -> str:
    """The first line of an error's message, cut at ``limit`` characters (its type's name when it has none).

    Parsers and engines raise messages of many lines; the user gets one line, never a dump.
    """
    text = str(error).strip()
    return text.splitlines()[0][:limit] if text else type(error).__name__


@dataclass(frozen=True)
class Problem:
    """One mistake in one place of the curated input."""

    file: Path
    line: int | None
    field: str
    message: str
    hint: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else f"{self.file}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}\n  fix: {self.hint}"


class CurationError(MskgError):
    """The curated input has problems; nothing was written. ``problems`` lists them all, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (str(p.file), p.line or 0, p.field))
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the curated input; nothing was written."
        super().__init__("\n".join([header, *map(str, self.problems)]))
