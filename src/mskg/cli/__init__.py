"""The ``mskg`` command: a thin shell over the library; each command is a few lines.

Heavy libraries are imported inside the commands, so ``mskg --help`` answers at once. A user mistake
(bad curation, unknown query, unknown parameter value) is one clear message on stderr and a non-zero exit,
never a traceback. The commands live by what they do (:mod:`~mskg.cli.building`, :mod:`~mskg.cli.asking`,
:mod:`~mskg.cli.serving`, :mod:`~mskg.cli.linking`) and share :mod:`~mskg.cli.common`.
"""

from __future__ import annotations

from typer.models import CommandInfo

from mskg.cli import asking, building, linking, serving
from mskg.cli.common import app

__all__ = ["ORDER", "app", "main"]
_COMMANDS = (asking, building, linking, serving)  # imported for their commands, which register on the app

#: The order `mskg --help` lists the commands in: the curator's workflow, not the modules' names.
ORDER = ("build", "check", "queries", "query", "sparql", "view", "locate", "push", "load", "export")


def _place(command: CommandInfo) -> int:
    name = command.name or getattr(command.callback, "__name__", "")
    return ORDER.index(name) if name in ORDER else len(ORDER)


app.registered_commands.sort(key=_place)


def main() -> None:
    """Entry point for ``python -m mskg``."""
    app()
