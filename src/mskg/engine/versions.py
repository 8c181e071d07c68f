"""An output folder switched whole, in one atomic step, so that every reader sees the old build or the new one.

A build (or a load) writes all its files into a staging folder (:mod:`mskg.base.staging`). When everything is
written, that folder becomes a *version* beside the output (``.build.v-<random>`` next to ``build``), and
``build`` — a symbolic link — is pointed at it by renaming a new link over the old one. A POSIX rename is atomic,
so a run killed at any step leaves ``build`` naming the old version or the new one, never a new store beside an
old ``mskg.trig``, and never no store.

Readers open a store by its resolved path and hold a shared lock on its version while it is open
(:func:`hold`, used by :class:`mskg.engine.store.EmbeddedStore`), so one that opened the old version keeps reading it,
whole, after any number of switches: a version is removed only when no reader holds it, and the version before
the current one is kept besides. A version from a run killed before its switch is removed the same way.
A ``build`` folder from before versions is moved aside, as a version, the first time.

>>> is_version(Path(".build.v-k3j4h5g6"), Path("build"))
True
>>> is_version(Path(".build.k3j4h5g6"), Path("build"))
False
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path
from typing import BinaryIO

from mskg.base.staging import OWNER, VERSION, owner_alive
from mskg.engine.store import STORE_DIR

__all__ = ["current_version", "hold", "is_version", "publish", "versions"]

_LINK = "link-"
#: What a version may hold and still be removed when it is no longer needed: what mskg writes, nothing else.
#: The lock file of a version: each reader holds it shared while the version is open, so it is never removed
#: under a reader, however many builds are switched in meanwhile.
_READERS = ".readers"
_TRASH = "trash-"
_OURS = frozenset({STORE_DIR, "mskg.ttl", "mskg.owl", "mskg.trig", "mskg.jsonld", "graph.html", OWNER, _READERS})


def publish(staging: Path, out: Path) -> Path:
    """Make the finished ``staging`` folder what ``out`` shows, in one atomic step; return the new version."""
    out = _output(out)
    version = _new_version(out)
    os.replace(staging, version)  # killed after this: an unused version, removed by the next switch
    (version / OWNER).unlink(missing_ok=True)
    previous = current_version(out)
    if out.is_dir():
        _carry_over(out, version)
    if out.is_dir() and not out.is_symlink():
        # A folder from before versions: moved aside whole (it becomes the previous version, so nothing is lost).
        previous = _new_version(out)
        os.replace(out, previous)
    link = out.with_name(f".{out.name}.{_LINK}{os.getpid()}")
    if link.is_symlink():
        link.unlink()
    os.symlink(version.name, link)
    os.replace(link, out)  # the switch: one rename
    _prune(out, keep={version, previous})
    return version


def current_version(out: Path) -> Path | None:
    """The version ``out`` points at, or None when it is no version (absent, or a folder from before versions)."""
    if not out.is_symlink():
        return None
    target = os.readlink(out)
    if os.sep in target:  # a link a person made to a folder elsewhere: mskg's links name a sibling
        return None
    version = out.with_name(target)
    return version if is_version(version, out) else None


def is_version(folder: Path, out: Path) -> bool:
    """Whether ``folder`` is named as a version of ``out``."""
    return folder.name.startswith(f".{out.name}.{VERSION}")


def versions(out: Path) -> list[Path]:
    """Every version of ``out`` beside it, by name."""
    return sorted(
        path for path in out.parent.glob(f".{out.name}.{VERSION}*") if path.is_dir() and not path.is_symlink()
    )


def hold(store: Path) -> tuple[Path, BinaryIO | None]:
    """The resolved path of ``store`` and, when it lies in a version, a shared lock that keeps the version there.

    The lock is held as long as the returned file is open. A version removed between resolving the link and
    taking the lock is noticed (its lock file is gone, or is no longer the one locked), and the link is resolved
    again, so the path returned always names a whole version.
    """
    import fcntl

    for _ in range(100):
        resolved = store.resolve()
        version = resolved.parent
        if not version.name.startswith(".") or f".{VERSION}" not in version.name:
            return resolved, None  # not a version (a folder from before versions, or a store a person made)
        try:
            handle = (version / _READERS).open("a+b")
        except FileNotFoundError:
            continue  # removed meanwhile: the link names a newer version now
        fcntl.flock(handle, fcntl.LOCK_SH)
        try:
            kept = os.stat(version / _READERS).st_ino == os.fstat(handle.fileno()).st_ino
        except FileNotFoundError:
            kept = False
        if kept:
            return resolved, handle
        handle.close()
    return store.resolve(), None


def _output(out: Path) -> Path:
    """``out`` itself, or where it leads when it is a link a person made (the build then goes there)."""
    if out.is_symlink() and current_version(out) is None:
        return Path(os.path.realpath(out))
    return out


def _carry_over(shown: Path, version: Path) -> None:
    """Keep what a person or another command put beside the outputs (an export, a view of one saved question).

    Files are hard links (no copy, no extra room), folders are copied; what the new version already has wins.
    """
    for child in shown.iterdir():
        target = version / child.name
        if child.name in _OURS or target.exists() or target.is_symlink():
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.copytree(child, target, symlinks=True)
            continue
        try:
            os.link(child, target, follow_symlinks=False)
        except OSError:
            shutil.copy2(child, target, follow_symlinks=False)


def _remove_unless_read(old: Path, out: Path) -> None:
    """Remove a version no reader holds: renamed away under an exclusive lock first, so none can open it after."""
    import fcntl

    try:
        handle = (old / _READERS).open("a+b")
    except FileNotFoundError:
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # a reader has it open: kept, and removed by a later switch
        trash = out.with_name(f".{out.name}.{_TRASH}{secrets.token_hex(4)}")
        os.replace(old, trash)
    shutil.rmtree(trash, ignore_errors=True)


def _new_version(out: Path) -> Path:
    return out.with_name(f".{out.name}.{VERSION}{secrets.token_hex(4)}")


def _prune(out: Path, keep: set[Path | None]) -> None:
    """Remove the versions no reader can still be using: all but the new one and the one it replaced.

    A version holding anything mskg's build does not write that the current version lacks is kept, so nothing
    is lost (what the current one carries over is in both); links left by killed runs are removed once their
    process is gone.
    """
    current = current_version(out)
    carried = {child.name for child in current.iterdir()} if current is not None else set()
    for old in versions(out):
        if old not in keep and {child.name for child in old.iterdir()} <= _OURS | carried:
            _remove_unless_read(old, out)
    for trash in out.parent.glob(f".{out.name}.{_TRASH}*"):  # left by a removal that was killed
        shutil.rmtree(trash, ignore_errors=True)
    for link in out.parent.glob(f".{out.name}.{_LINK}*"):
        pid = link.name.rsplit("-", 1)[-1]
        if link.is_symlink() and pid.isdigit() and not owner_alive(int(pid)):
            link.unlink(missing_ok=True)
