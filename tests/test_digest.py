"""Digest authentication answers each request with its own nonce count, also when threads share one challenge."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

from mskg.base.digest import Challenge, authorization


def test_threads_sharing_a_challenge_never_send_the_same_nonce_count() -> None:
    challenge = Challenge("SPARQL", "abc", "auth")

    def answer(_: int) -> str:
        header = authorization(challenge, "mskg", "secret", "POST", "http://127.0.0.1/sparql-auth")
        found = re.search(r"nc=([0-9a-f]{8})", header)
        assert found is not None
        return found.group(1)

    with ThreadPoolExecutor(max_workers=16) as pool:
        counts = list(pool.map(answer, range(400)))
    assert sorted(int(c, 16) for c in counts) == list(range(1, 401))
    assert challenge.count == 400
