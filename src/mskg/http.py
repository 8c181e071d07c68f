"""One bounded HTTP exchange with the SPARQL server the user named, and nowhere else.

Every request mskg makes (a query, an update, a push) goes through :func:`exchange`, which holds three promises:

- **no redirect is followed**: a server that answers 3xx gets one line naming where it pointed, so neither the
  query nor the credentials ever reach an address the user did not give;
- **the whole exchange ends by its deadline** (the endpoint's timeout, in seconds, counted from the first byte
  sent), however slowly the server trickles its answer: each read waits at most for the time that is left;
- **the answer is read up to a bound** (:data:`MAX_ANSWER` bytes unless the caller says otherwise) and refused
  past it, so a huge reply fails with one line instead of filling memory.
"""

from __future__ import annotations

import math
import time
import urllib.request
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from mskg.remote import Endpoint

__all__ = [
    "MAX_ANSWER",
    "AnswerTooLargeError",
    "RedirectRefusedError",
    "exchange",
    "timeout_problem",
    "without_userinfo",
]

#: The largest answer read from a server, in bytes (256 MB).
MAX_ANSWER = 256 * 1024**2
_CHUNK = 64 * 1024


def timeout_problem(seconds: float) -> str | None:
    """What is wrong with a ``--timeout`` that would bound nothing (zero, negative, infinite, not a number)."""
    if math.isfinite(seconds) and seconds > 0:
        return None
    return f"--timeout {seconds}: give a positive number of seconds (such as 30 or 0.5)"


def without_userinfo(url: str) -> str:
    """The URL with any ``user:password@`` removed, for messages; text that is not a URL comes back as it was."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return url.rsplit("@", 1)[-1] if "@" in url else url
    if not (parts.username or parts.password):
        return url
    netloc = (f"[{host}]" if ":" in host else host) + port
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


class RedirectRefusedError(OSError):
    """The server answered with a redirect, which mskg does not follow."""


class AnswerTooLargeError(OSError):
    """The server's answer is larger than the bound."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        raise RedirectRefusedError(
            f"the server redirected (HTTP {code}) to {without_userinfo(newurl)}; mskg follows no redirects, so "
            "neither the query nor the credentials go there (name that address as the endpoint if you trust it)"
        )


def exchange(
    endpoint: Endpoint,
    method: str,
    url: str,
    body: bytes | Iterable[bytes] | None,
    headers: Mapping[str, str],
    *,
    limit: int = MAX_ANSWER,
) -> bytes:
    """Send one request to ``url`` (the endpoint's own address) and return the answer's body, within bounds."""
    deadline = time.monotonic() + endpoint.timeout
    request = urllib.request.Request(  # noqa: S310 (the endpoint's scheme is checked to be http or https)
        url, data=body, method=method, headers={**headers, **endpoint.authorization()}
    )
    opener = urllib.request.build_opener(_NoRedirect)
    with opener.open(request, timeout=endpoint.timeout) as response:
        return _read_within(response, deadline, limit)


def _read_within(response: Any, deadline: float, limit: int) -> bytes:
    """The response body, each read waiting at most until the deadline, and no more than ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    sock = _socket_of(response)
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no complete answer before the timeout")
        if sock is not None:
            sock.settimeout(left)
        chunk = response.read1(_CHUNK) if hasattr(response, "read1") else response.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise AnswerTooLargeError(
                f"the answer is larger than {limit // 1024**2} MB; narrow the query (LIMIT, fewer variables)"
            )
        chunks.append(chunk)


def _socket_of(response: Any) -> Any:
    """The socket an http.client response reads from, to bound each read by the time left; None if hidden."""
    raw = getattr(getattr(response, "fp", None), "raw", None)
    return getattr(raw, "_sock", None)
