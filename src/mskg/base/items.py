"""The base of every curated model: an item that remembers the file, line and field path it was read from.

Curated models (entities, claims, studies and the arms, results and harms inside a study) subclass :class:`Item`,
so that any check run after validation can point a curator at the exact place to fix.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, PrivateAttr

from mskg.base.problems import Problem
from mskg.base.yamlfile import LocatedDocument, dotted

__all__ = ["Item"]


class Item(BaseModel):
    """A curated item that remembers where in which file it was written."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    _document: LocatedDocument | None = PrivateAttr(default=None)
    _path: tuple[str | int, ...] = PrivateAttr(default=())

    @property
    def file(self) -> Path:
        """The file the item was read from."""
        return self._document.file if self._document else Path("<memory>")

    def line(self, *fields: str | int) -> int | None:
        """The line of the item, or of one of its fields."""
        return self._document.line_of((*self._path, *fields)) if self._document else None

    def where(self, *fields: str | int) -> str:
        """The item's path, or a field's, as curators read it (``claims[3].quote.start``)."""
        return dotted((*self._path, *fields))

    def problem(self, message: str, hint: str, *fields: str | int) -> Problem:
        """A problem located at this item or one of its fields."""
        return Problem(self.file, self.line(*fields), self.where(*fields), message, hint)
