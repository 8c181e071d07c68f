"""Writes a file all at once: into a temporary file beside it, then one atomic rename, so no reader sees half.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as folder:
...     target = pathlib.Path(folder, "page.html")
...     write_atomically(target, "<p>hello</p>")
...     print(target.read_text(encoding="utf-8"), sorted(p.name for p in pathlib.Path(folder).iterdir()))
<p>hello</p> ['page.html']
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["replacing", "write_atomically"]


def write_atomically(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target``; the old file, if any, stays whole until the new one is complete."""
    with replacing(target) as temporary:
        temporary.write_text(text, encoding="utf-8")


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` to write (streamed, as large as need be); it replaces ``target`` at the end.

    If the block fails, the temporary file is removed and ``target`` is left as it was.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes the file private; give it the usual permissions
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
