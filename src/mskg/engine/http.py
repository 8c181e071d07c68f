"""One bounded HTTP exchange with the SPARQL server the user named, and nowhere else.

Every request mskg makes (a query, an update, a push) goes through :func:`exchange`, which holds three promises:

- **no redirect is followed**: a server that answers 3xx gets one line naming where it pointed, so neither the
  query nor the credentials ever reach an address the user did not give;
- **the whole exchange ends by its deadline** (the endpoint's timeout, in seconds, counted from the first byte
  sent), however slowly the server trickles its answer: each read waits at most for the time that is left;
- **the answer is read up to a bound** (:data:`MAX_ANSWER` bytes unless the caller says otherwise) and refused
  past it, so a huge reply fails with one line instead of filling memory.

Credentials (when the environment gives them) go the way the server asks in its ``401``: HTTP Digest (Virtuoso's
authenticated endpoints) or Basic (:mod:`mskg.base.digest`); what it asked is remembered for the next requests.
"""

from __future__ import annotations

import math
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from mskg.base.digest import DigestError, Scheme, parse_challenge, remember, remembered
from mskg.base.errors import SERVER, MskgError

if TYPE_CHECKING:
    from mskg.engine.remote import Endpoint

__all__ = [
    "MAX_ANSWER",
    "AnswerTooLargeError",
    "AuthenticationError",
    "Body",
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


class RedirectRefusedError(MskgError, OSError):
    """The server answered with a redirect, which mskg does not follow."""

    exit_code = SERVER


class AnswerTooLargeError(MskgError, OSError):
    """The server's answer is larger than the bound."""

    exit_code = SERVER


class AuthenticationError(MskgError, OSError):
    """The server asks for an authentication mskg cannot give."""

    exit_code = SERVER


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        raise RedirectRefusedError(
            f"the server redirected (HTTP {code}) to {without_userinfo(newurl)}; mskg follows no redirects, so "
            "neither the query nor the credentials go there (name that address as the endpoint if you trust it)"
        )


#: A request's body: bytes, or a function that gives its chunks afresh each time (so that it can be sent again).
Body = bytes | Callable[[], Iterable[bytes]] | None


def exchange(
    endpoint: Endpoint,
    method: str,
    url: str,
    body: Body,
    headers: Mapping[str, str],
    *,
    limit: int = MAX_ANSWER,
) -> bytes:
    """Send one request to ``url`` (the endpoint's own address) and return the answer's body, within bounds.

    With credentials, a request to a server that has not yet said how it authenticates goes without them; its
    ``401`` names the scheme (Digest or Basic), which is answered once and remembered for the following requests.
    A body given as a function (a large upload) is not sent to be refused: a ``GET`` of the same address asks
    first.
    """
    deadline = time.monotonic() + endpoint.timeout
    if endpoint.user is not None and callable(body):
        _learn_scheme(endpoint, url, deadline)
    sent = remembered(url)
    try:
        return _send(endpoint, method, url, body, headers, endpoint.authorization(method, url), deadline, limit)
    except urllib.error.HTTPError as error:
        scheme = _asked_for(endpoint, error)
        if scheme is None or (scheme == "basic" and sent == "basic"):
            raise
        remember(url, scheme)
        error.close()
        return _send(endpoint, method, url, body, headers, endpoint.authorization(method, url), deadline, limit)


def _learn_scheme(endpoint: Endpoint, url: str, deadline: float) -> None:
    """Before an upload: a bodiless ``GET`` of ``url``, with the credentials as the server last asked for them.

    A ``401`` names the scheme (remembered, and the ``GET`` asked once more in it); a second ``401`` means the
    credentials are refused, and is raised here, before any byte of the upload is sent (a server that refuses
    credentials may drop the connection in the middle of an upload instead of answering it).
    """
    for attempt in range(2):
        try:
            _send(endpoint, "GET", url, None, {}, endpoint.authorization("GET", url), deadline, 1024**2)
            return
        except urllib.error.HTTPError as error:
            scheme = _asked_for(endpoint, error)
            if scheme is None:  # not a question of credentials (404 for a graph not there yet, say)
                return
            if attempt == 1:
                raise
            remember(url, scheme)
        except OSError:  # the upload that follows says what is wrong with the server
            return


def _send(
    endpoint: Endpoint,
    method: str,
    url: str,
    body: Body,
    headers: Mapping[str, str],
    authorization: Mapping[str, str],
    deadline: float,
    limit: int,
) -> bytes:
    data = body() if callable(body) else body
    request = urllib.request.Request(  # noqa: S310 (the endpoint's scheme is checked to be http or https)
        url, data=data, method=method, headers={**headers, **authorization}
    )
    opener = urllib.request.build_opener(_NoRedirect)
    left = max(0.001, deadline - time.monotonic())
    with opener.open(request, timeout=left) as response:
        return _read_within(response, deadline, limit)


def _asked_for(endpoint: Endpoint, error: urllib.error.HTTPError) -> Scheme | None:
    """The scheme a 401 asks for, when credentials were given: a Digest challenge, or Basic; else None.

    A 401 that names no scheme is taken to want Basic. A Digest challenge that cannot be answered (an algorithm
    mskg does not know) becomes the error's own line.
    """
    if error.code != 401 or endpoint.user is None:
        return None
    offered = error.headers.get_all("WWW-Authenticate") or []
    for header in offered:
        try:
            challenge = parse_challenge(header)
        except DigestError as problem:
            raise AuthenticationError(str(problem)) from None
        if challenge is not None:
            return challenge
    return "basic"


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
