"""HTTP Digest authentication (RFC 7616), the scheme Virtuoso's authenticated SPARQL endpoints ask for.

A server that wants Digest answers the first request with ``401`` and a challenge (realm, nonce, qop, algorithm);
the request is then sent again with an ``Authorization: Digest …`` header whose ``response`` is a hash of the
credentials, the nonce, the method and the address. The password itself never travels. What a server asked for
(its challenge, or Basic) is kept per origin (scheme, host and port) and answered at once in the following
requests to that origin, with the nonce count incremented.

Supported: algorithms MD5, MD5-sess, SHA-256 and SHA-256-sess, with ``qop=auth`` or without qop (RFC 2069).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import urllib.request
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from mskg.base.errors import MskgError

__all__ = ["Challenge", "DigestError", "Scheme", "authorization", "parse_challenge", "remember", "remembered"]

_HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


class DigestError(MskgError, ValueError):
    """The server's Digest challenge cannot be answered (an algorithm or qop mskg does not support)."""


@dataclass
class Challenge:
    """A server's Digest challenge, and how many requests have answered it (the nonce count)."""

    realm: str
    nonce: str
    qop: str | None = None
    algorithm: str = "MD5"
    opaque: str | None = None
    count: int = field(default=0)
    #: Requests on several threads may answer one cached challenge; each must take its own nonce count.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)


def parse_challenge(header: str) -> Challenge | None:
    """The Digest challenge in a ``WWW-Authenticate`` header's value, or None if it offers no Digest.

    >>> c = parse_challenge('Digest realm="SPARQL", domain="/sparql-auth", nonce="abc", qop="auth,auth-int"')
    >>> (c.realm, c.nonce, c.qop, c.algorithm)
    ('SPARQL', 'abc', 'auth', 'MD5')
    >>> parse_challenge('Basic realm="x"') is None
    True
    """
    start = header.lower().find("digest ")
    if start < 0:
        return None
    fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(header[start + len("digest ") :]))
    if "nonce" not in fields or "realm" not in fields:
        return None
    offered = [q.strip() for q in fields.get("qop", "").split(",") if q.strip()]
    if offered and "auth" not in offered:
        raise DigestError(f"the server offers Digest with qop {', '.join(offered)} only; mskg answers qop=auth")
    algorithm = fields.get("algorithm", "MD5").upper()
    if algorithm.removesuffix("-SESS") not in _HASHES:
        raise DigestError(f"the server asks for Digest with algorithm {algorithm}; mskg supports MD5 and SHA-256")
    return Challenge(fields["realm"], fields["nonce"], "auth" if offered else None, algorithm, fields.get("opaque"))


def authorization(
    challenge: Challenge, user: str, password: str, method: str, url: str, cnonce: str | None = None
) -> str:
    """The ``Authorization`` header's value answering ``challenge`` for one request (``method`` on ``url``).

    ``cnonce`` (the client's nonce) is random unless given; RFC 2617's own example, section 3.5:

    >>> c = Challenge("testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "MD5",
    ...               "5ccc069c403ebaf9f0171e9517f40e41")
    >>> header = authorization(c, "Mufasa", "Circle Of Life", "GET", "http://h/dir/index.html", cnonce="0a4f113b")
    >>> 'response="6629fae49393a05397450978507c4ef1"' in header, "nc=00000001" in header
    (True, True)
    """
    with challenge._lock:
        challenge.count += 1
        number = challenge.count
    parts = urlsplit(url)
    uri = parts.path or "/"
    if parts.query:
        uri += "?" + parts.query
    digest = _HASHES[challenge.algorithm.removesuffix("-SESS")]

    def h(text: str) -> str:
        return digest(text.encode("utf-8")).hexdigest()

    cnonce = cnonce or secrets.token_hex(8)
    count = f"{number:08x}"
    secret = h(f"{user}:{challenge.realm}:{password}")
    if challenge.algorithm.endswith("-SESS"):
        secret = h(f"{secret}:{challenge.nonce}:{cnonce}")
    target = h(f"{method}:{uri}")
    if challenge.qop:
        response = h(f"{secret}:{challenge.nonce}:{count}:{cnonce}:{challenge.qop}:{target}")
    else:
        response = h(f"{secret}:{challenge.nonce}:{target}")
    fields = [
        ("username", _quoted(user)),
        ("realm", _quoted(challenge.realm)),
        ("nonce", _quoted(challenge.nonce)),
        ("uri", _quoted(uri)),
        ("response", _quoted(response)),
        ("algorithm", challenge.algorithm),
    ]
    if challenge.opaque is not None:
        fields.append(("opaque", _quoted(challenge.opaque)))
    if challenge.qop:
        fields += [("qop", challenge.qop), ("nc", count), ("cnonce", _quoted(cnonce))]
    return "Digest " + ", ".join(f"{key}={value}" for key, value in fields)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


#: What each origin asked for: its Digest challenge, or Basic.
Scheme = Challenge | Literal["basic"]
_KNOWN: dict[str, Scheme] = {}
_LOCK = threading.Lock()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"


def remember(url: str, scheme: Scheme) -> None:
    """Keep what the server at ``url`` asked for, for the requests that follow to the same origin."""
    with _LOCK:
        _KNOWN[_origin(url)] = scheme


def remembered(url: str) -> Scheme | None:
    """What the origin of ``url`` last asked for (a Digest challenge or Basic), if it has asked."""
    with _LOCK:
        return _KNOWN.get(_origin(url))
