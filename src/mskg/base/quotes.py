"""Quotes and their places in a source text: verifying offsets, finding them, and splitting sentences.

Offsets count characters (Unicode code points) from 0, end exclusive, as Python slices and the W3C
Web Annotation ``oa:start``/``oa:end`` do.

>>> text = "AHSCT works. CAR-T is new."
>>> locate("CAR-T is new", text)
[(13, 25)]
>>> mismatch("CAR-T is new", 13, 25, text) is None
True
>>> mismatch("CAR-T is old", 13, 25, text)
"the source has 'CAR-T is new' at 13-25, not the quote; the quote is not found anywhere in the source"
>>> sentences(text)
[(0, 12), (13, 26)]
"""

from __future__ import annotations

import re

__all__ = ["locate", "mismatch", "sentences"]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")


def locate(quote: str, text: str) -> list[tuple[int, int]]:
    """Every (start, end) at which ``quote`` occurs in ``text``."""
    places = []
    start = text.find(quote)
    while start != -1 and quote:
        places.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return places


def mismatch(quote: str, start: int, end: int, text: str) -> str | None:
    """Why ``quote`` is not ``text[start:end]``, or None when it is."""
    if end > len(text):
        return f"the offsets {start}-{end} run past the end of the source ({len(text)} characters)"
    found = text[start:end]
    if found == quote:
        return None
    elsewhere = locate(quote, text)
    if elsewhere:
        where = ", ".join(f"{s}-{e}" for s, e in elsewhere)
        return f"the quote is not at {start}-{end}; it is at {where}"
    return (
        f"the source has {_clip(found)!r} at {start}-{end}, not the quote; "
        "the quote is not found anywhere in the source"
    )


def sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of ``text``, trailing white space excluded."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    tail = text.rstrip()
    if start < len(tail):
        spans.append((start, len(tail)))
    return spans


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
