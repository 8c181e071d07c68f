"""The one base of every error a user can cause, so that the command line can tell them from mskg's own bugs.

A curated file with a mistake, a command's argument, a server that refuses, a machine without Java: each raises a
subclass of :class:`MskgError`, whose message is written for the user (one line, or a located report), and whose
``exit_code`` says which kind of failure it is. The ``mskg`` command prints such an error without a traceback and
exits with that code; anything else is a bug, and keeps its traceback.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = ["CHECKS_FAILED", "ENVIRONMENT", "INPUT", "SERVER", "MskgError"]

#: The graph was made but fails its checks (or is inconsistent): nothing was written.
CHECKS_FAILED = 1
#: A mistake in the input or the command: a curated file, an argument, a query, the local store.
INPUT = 2
#: A server failed or refused (unreachable, an error status, an answer too large, a redirect).
SERVER = 3
#: The machine lacks something mskg needs (Java for the reasoner).
ENVIRONMENT = 4


class MskgError(Exception):
    """An error a user can cause; its message says what is wrong and how to fix it."""

    #: The exit code of the ``mskg`` command when this error ends it.
    exit_code: ClassVar[int] = INPUT
