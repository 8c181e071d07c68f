"""Refuses XML entity bombs before an RDF/XML file reaches any parser.

RDF/XML may declare entities in its DOCTYPE, and ontology editors use that honestly, as short abbreviations of
namespace IRIs (``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``). The same mechanism lets 653 bytes of
nested declarations expand to gigabytes (the "billion laughs"): both parsers mskg uses, Oxigraph's for
``mskg load`` and rdflib's for ``mskg view --graph`` and ``mskg links import``, expand them as they read. So a
file is measured first, from its own text and without expanding anything:

- external entities (``SYSTEM`` or ``PUBLIC``) and parameter entities (``%name``) are refused: mskg never
  fetches or includes another file;
- each internal entity's expanded length is computed from its declaration (an entity that refers to itself,
  directly or not, is refused), and an entity longer than :data:`MAX_ENTITY_LENGTH` characters is refused;
- the document's references are counted, and a file whose references would add more than
  :data:`MAX_EXPANSION` characters is refused.

The measure reads the file once, in chunks, so it costs time in proportion to the file and a bounded amount of
memory whatever the file holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from mskg.base.errors import MskgError

__all__ = ["MAX_ENTITY_LENGTH", "MAX_EXPANSION", "XmlEntityError", "check_entities"]

#: The longest an entity may expand to: namespace IRIs, with room to spare.
MAX_ENTITY_LENGTH = 4096
#: The most characters a whole document's entity references may add.
MAX_EXPANSION = 16 * 1024**2
#: The most of a file read to find its DOCTYPE: the internal subset comes before the root element.
_PROLOG = 1024**2
_CHUNK = 1024**2

_DOCTYPE = re.compile(rb"<!DOCTYPE\b")
_DECLARATION = re.compile(
    r"<!ENTITY\s+(?P<parameter>%\s+)?(?P<name>[^\s%\"'>]+)\s+"
    r"(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)'|(?P<external>SYSTEM|PUBLIC)\b[^>]*)\s*>"
)
_REFERENCE = re.compile(r"&([A-Za-z_:][\w.:-]*);")
_PREDEFINED = frozenset({"lt", "gt", "amp", "apos", "quot"})


class XmlEntityError(MskgError, ValueError):
    """The file declares or uses entities beyond what mskg reads."""


def check_entities(path: Path) -> None:
    """Raise :class:`XmlEntityError` if the XML file at ``path`` could expand past the bounds above."""
    with path.open("rb") as handle:
        head = handle.read(_PROLOG)
    doctype = _DOCTYPE.search(head)
    if doctype is None:
        return
    subset = _internal_subset(head[doctype.start() :].decode("utf-8", "replace"))
    if subset is None:
        raise XmlEntityError(
            f"{path}: the DOCTYPE is not closed within its first {_PROLOG // 1024**2} MB; "
            "remove the DOCTYPE or its entity declarations"
        )
    values = _declared(subset, path)
    if not values:
        return
    lengths = _expanded_lengths(values, path)
    added = 0
    for name in _references(path):
        length = lengths.get(name)
        if length is not None:
            added += length
            if added > MAX_EXPANSION:
                raise XmlEntityError(
                    f"{path}: its entity references would add more than {MAX_EXPANSION // 1024**2} MB of text; "
                    "write the IRIs out in full instead of as entities"
                )


def _internal_subset(text: str) -> str | None:
    """The text between the DOCTYPE's ``[`` and its closing ``]``; "" when it has none; None when unclosed."""
    opening = text.find("[")
    closing = text.find(">")
    if closing != -1 and (opening == -1 or closing < opening):
        return ""
    if opening == -1:
        return None
    position, quote = opening + 1, ""
    while position < len(text):
        char = text[position]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "]":
            return text[opening + 1 : position]
        position += 1
    return None


def _declared(subset: str, path: Path) -> dict[str, str]:
    """The internal general entities the subset declares, by name; external and parameter entities refused."""
    values: dict[str, str] = {}
    for match in _DECLARATION.finditer(subset):
        name = match["name"]
        if match["parameter"]:
            raise XmlEntityError(f"{path}: the DOCTYPE declares a parameter entity (%{name}); remove it")
        if match["external"]:
            raise XmlEntityError(
                f"{path}: the DOCTYPE declares an external entity ({name}), which would read another file or "
                "address; remove it"
            )
        values.setdefault(name, match["double"] if match["double"] is not None else match["single"])
    if subset.count("<!ENTITY") != len(_DECLARATION.findall(subset)):
        raise XmlEntityError(f"{path}: the DOCTYPE has an entity declaration mskg cannot measure; remove it")
    return values


def _expanded_lengths(values: dict[str, str], path: Path) -> dict[str, int]:
    """Each entity's length once every reference in it is expanded, refusing cycles and long expansions."""
    lengths: dict[str, int] = {}

    def length(name: str, trail: tuple[str, ...]) -> int:
        if name in lengths:
            return lengths[name]
        if name in trail:
            raise XmlEntityError(f"{path}: the entity {name} refers to itself ({' → '.join((*trail, name))})")
        value = values[name]
        total = len(_REFERENCE.sub("", value))
        for reference in _REFERENCE.findall(value):
            if reference in values:
                total += length(reference, (*trail, name))
            elif reference not in _PREDEFINED:
                total += len(reference) + 2
            else:
                total += 1
            if total > MAX_ENTITY_LENGTH:
                raise XmlEntityError(
                    f"{path}: the entity {name} expands to more than {MAX_ENTITY_LENGTH:,} characters; "
                    "entities may only abbreviate short texts such as namespace IRIs"
                )
        lengths[name] = total
        return total

    for name in values:
        length(name, ())
    return lengths


def _references(path: Path) -> Iterator[str]:
    """The names of the entity references in the file, read in chunks (a reference split by a chunk is kept)."""
    carry = ""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            text = carry + chunk.decode("utf-8", "replace")
            cut = text.rfind("&")
            keep = cut if cut != -1 and ";" not in text[cut:] and len(text) - cut < 256 else len(text)
            yield from _REFERENCE.findall(text[:keep])
            carry = text[keep:]
    yield from _REFERENCE.findall(carry)
