"""Staging folders beside an output, and the removal of those that killed runs left behind.

A build or a load writes into a hidden folder beside its output (``.build.<random>`` next to ``build/``) and
moves the result in only when everything worked, so that nothing is half-written. A run killed before it
cleans up leaves that folder behind: 258 MB after four killed loads. Each staging folder therefore records the
process that made it; the next run removes every sibling whose process is gone, and never one still in use.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

__all__ = ["OWNER", "VERSION", "make_staging", "owner_alive", "remove_leftovers"]

#: The file in a staging folder that names the process writing it.
OWNER = ".owner-pid"
#: What follows ``.<output>.`` in the name of a finished build switched in by :mod:`mskg.engine.versions` (never removed
#: here: versions are pruned there, once no reader can be using them).
VERSION = "v-"


def make_staging(out: Path, kind: str = "") -> Path:
    """A new staging folder beside ``out`` that says which process owns it, after removing dead ones."""
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    staging = Path(tempfile.mkdtemp(prefix=_prefix(out, kind), dir=out.parent))
    (staging / OWNER).write_text(str(os.getpid()), encoding="ascii")
    return staging


def remove_leftovers(out: Path) -> list[Path]:
    """Remove the staging folders of ``out`` (of builds and loads) whose process no longer runs; return them.

    Only folders mskg made are candidates: one that names its (dead) owner, or, from before owners were
    recorded, one whose name is exactly what :func:`tempfile.mkdtemp` gives (the prefix and eight random
    characters) and that holds a store. A folder a person named ``.build.notes`` is never touched.
    """
    removed = []
    legacy = re.compile(re.escape(_prefix(out, "")) + r"(load\.)?[a-z0-9_]{8}")
    for folder in out.parent.glob(_prefix(out, "") + "*"):
        if not folder.is_dir() or folder.is_symlink() or folder.name.startswith(_prefix(out, VERSION)):
            continue  # a version of the output is removed by mskg.engine.versions, once no reader can be using it
        owned = (folder / OWNER).is_file()
        made_here = owned or (legacy.fullmatch(folder.name) is not None and (folder / "store").is_dir())
        if made_here and not _owner_alive(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _prefix(out: Path, kind: str) -> str:
    return f".{out.name}.{kind + '.' if kind else ''}"


def _owner_alive(folder: Path) -> bool:
    """Whether the process that made ``folder`` still runs (a folder without an owner is not in use)."""
    try:
        pid = int((folder / OWNER).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return False
    return owner_alive(pid)


def owner_alive(pid: int) -> bool:
    """Whether the process ``pid`` still runs (another user's process counts as running)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive, and not ours to remove
    return True
