"""The checks on curated items that validation of one item alone cannot make.

Entity types and id prefixes, relation names, mappings listed twice; and across files: every reference names an
entity, study or source that exists, claims take their evidence level and design from exactly one place, quotes are
their source's text at their offsets, and no entity is its own subtype. Each adds located problems to one list,
so a curator sees them all at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from mskg.base.problems import Problem
from mskg.base.quotes import locate, mismatch
from mskg.base.vocabulary import ENTITY_RELATIONS, EvidenceLevel, EvidenceRole, TrialStatus
from mskg.curation.hints import _did_you_mean
from mskg.curation.kinds import EntityType
from mskg.curation.models import Claim, Curation, Entity, Quote, Study


def _check_quotes(curation: Curation, problems: list[Problem]) -> None:
    """Every quote of a stored text is that text at its offsets; listed with the other problems, all at once."""
    for claim in curation.claims:
        source = curation.sources.get(claim.source)
        if claim.quote is None or source is None or source.text is None:
            continue
        reason = mismatch(claim.quote.text, claim.quote.start, claim.quote.end, source.text)
        if reason is not None:
            problems.append(
                claim.problem(
                    f"claim '{claim.id}': {reason}",
                    "copy the quote verbatim from the source and set start/end to its "
                    'offsets (`mskg locate "..."` prints them)',
                    "quote",
                    _wrong_quote_field(claim.quote, source.text),
                )
            )


def _wrong_quote_field(quote: Quote, text: str) -> str:
    """The field of a quote to fix, so that the error names its line.

    ``end`` when the start is right (or the end runs past the text), ``start`` when the quote is elsewhere,
    ``text`` when it is nowhere.
    """
    if quote.end > len(text):
        return "end"
    places = locate(quote.text, text)
    if not places:
        return "text"
    return "end" if any(start == quote.start for start, _end in places) else "start"


def _check_types(curation: Curation, types: Mapping[str, EntityType], problems: list[Problem]) -> None:
    """Every entity's type is a kind of entity of the ontology (:mod:`mskg.curation.kinds`), with its prefix."""
    for entity in curation.entities.values():
        kind = types.get(entity.type)
        if kind is None:
            problems.append(
                entity.problem(
                    f"unknown entity type '{entity.type}'",
                    "use one of: " + ", ".join(types) + _did_you_mean(entity.type, types),
                    "type",
                )
            )
        elif entity.id.split("/", 1)[0] != kind.id_prefix:
            article = "an" if entity.type[0] in "AEIOU" else "a"
            problems.append(
                entity.problem(
                    f"{article} {entity.type} id must start with '{kind.id_prefix}/'",
                    f"rename it to {kind.id_prefix}/{entity.id.split('/', 1)[1]}",
                    "id",
                )
            )


def _check_entity(entity: Entity, problems: list[Problem]) -> None:
    seen: set[str] = set()
    for mapping in entity.mappings:
        if mapping.curie in seen:
            problems.append(mapping.problem(f"{mapping.curie} is mapped twice", "keep one mapping per term", "curie"))
        seen.add(mapping.curie)


def _check_claim(claim: Claim, curation: Curation, problems: list[Problem]) -> None:
    if claim.relation not in ENTITY_RELATIONS:
        problems.append(
            claim.problem(
                f"unknown relation '{claim.relation}'",
                "use one of: " + ", ".join(ENTITY_RELATIONS) + _did_you_mean(claim.relation, ENTITY_RELATIONS),
                "relation",
            )
        )


def _check_claim_sources(curation: Curation, problems: list[Problem]) -> None:
    """Each claim's source (a source record or a study), its quote, its studies, and its evidence when it has none."""
    for claim in curation.claims:
        source = curation.sources.get(claim.source)
        study = curation.studies.get(claim.source)
        if source is None and study is None and claim.source in curation.invalid:
            pass  # the study itself is already reported
        elif source is None and study is None:
            known = [*curation.sources, *curation.studies]
            problems.append(
                claim.problem(
                    f"unknown source '{claim.source}'",
                    "name a source record (its file name in data/sources without .yaml) or a study (study/...)"
                    + _did_you_mean(claim.source, known),
                    "source",
                )
            )
        elif source is not None and source.text is not None and claim.quote is None:
            problems.append(
                claim.problem(
                    "the claim has no quote, but its source's text is stored",
                    "add `quote:` with the verbatim `text:`, `start:` and `end:` "
                    '(`mskg locate "..."` prints the offsets)',
                    "quote",
                )
            )
        elif (source is None or (source.text is None and source.record.text is None)) and claim.quote is not None:
            problems.append(
                claim.problem(
                    f"the source '{claim.source}' stores no text, so the quote cannot be checked",
                    "remove the quote, or add the source's text to data/sources",
                    "quote",
                )
            )
        if study is not None and study.status is TrialStatus.ONGOING:
            problems.append(
                claim.problem(
                    f"the study '{claim.source}' is ongoing and has reported no findings to derive a claim from",
                    "derive the claim from a completed study, or mark the study `status: completed` once it reports",
                    "source",
                )
            )
        _check_claim_studies(claim, curation, problems)
        _check_claim_grade_fields(claim, study is not None or claim.source in curation.invalid, problems)


def _check_claim_studies(claim: Claim, curation: Curation, problems: list[Problem]) -> None:
    """The studies a claim lists exist, appear once, and an ongoing one only gives context."""
    seen: set[str] = set()
    for index, link in enumerate(claim.studies):
        study = curation.studies.get(link.study)
        if study is None and link.study in curation.invalid:
            continue  # the study itself is already reported
        if study is None:
            problems.append(
                claim.problem(
                    f"unknown study '{link.study}'",
                    "define it under `studies:` or correct the id" + _did_you_mean(link.study, curation.studies),
                    "studies",
                    index,
                    "study",
                )
            )
        elif link.study in seen:
            problems.append(
                claim.problem(f"the study '{link.study}' is listed twice", "list each study once", "studies", index)
            )
        elif study.status is TrialStatus.ONGOING and link.role is not EvidenceRole.CONTEXT:
            problems.append(
                claim.problem(
                    f"the study '{link.study}' is ongoing and has no results, so it cannot "
                    f"{link.role.value.removesuffix('s')} a claim",
                    "give it `role: context`, or mark the study `status: completed` once it has reported",
                    "studies",
                    index,
                    "role",
                )
            )
        seen.add(link.study)
    if claim.own_statement and claim.studies:
        problems.append(
            claim.problem(
                "the claim is marked as the source's own statement but also lists studies",
                "remove `own_statement: true`, or remove the studies",
                "own_statement",
            )
        )


def _check_claim_grade_fields(claim: Claim, from_study: bool, problems: list[Problem]) -> None:
    """A claim states its evidence level and design unless a study gives them; a study's finding must not."""
    supported = any(link.role is EvidenceRole.SUPPORTS for link in claim.studies)
    for name in ("evidence_level", "study_design"):
        stated = getattr(claim, name) is not None
        if from_study and stated:
            problems.append(
                claim.problem(
                    f"a study's own finding takes its {name} from the study",
                    f"remove `{name}:`; it follows from the design of {claim.source}",
                    name,
                )
            )
        elif not stated and not supported and not from_study:
            problems.append(
                claim.problem(
                    f"the claim has no {name} and no supporting study to take it from",
                    f"add `{name}:`, or list under `studies:` a study that supports the claim",
                    name,
                )
            )
    if claim.evidence_level is EvidenceLevel.A and not supported:
        problems.append(
            claim.problem(
                "level A means validated by clinical evidence, and the claim lists no study that supports it",
                "list under `studies:` the trials that support the claim (a consensus recommendation validates "
                "them), or state the level the source's own evidence has (B for clinical studies, C for case "
                "reports, E for a statement without a cited study)",
                "evidence_level",
            )
        )
    if from_study and claim.own_statement:
        problems.append(
            claim.problem(
                "a study's own finding cannot be marked as a source's own statement",
                "remove `own_statement: true`",
                "own_statement",
            )
        )


def _check_references(curation: Curation, problems: list[Problem]) -> None:
    _check_claim_sources(curation, problems)
    items: list[Entity | Claim | Study] = [*curation.entities.values(), *curation.claims, *curation.studies.values()]
    for item in items:
        for path, target in item.references():
            if target not in curation.entities and target not in curation.invalid:
                problems.append(
                    item.problem(
                        f"unknown entity '{target}'",
                        "define it under `entities:` or correct the id" + _did_you_mean(target, curation.entities),
                        *path,
                    )
                )
    for study in curation.studies.values():
        for name in ("pools", "cites"):
            for index, target in enumerate(getattr(study, name)):
                if target not in curation.studies and target not in curation.invalid:
                    problems.append(
                        study.problem(
                            f"unknown study '{target}'",
                            "list only curated studies (study/...)" + _did_you_mean(target, curation.studies),
                            name,
                            index,
                        )
                    )
    problems.extend(_subtype_cycles(curation))


def _subtype_cycles(curation: Curation) -> Iterator[Problem]:
    """One problem per entity whose ``subtype_of`` chain leads back to itself."""
    reported: set[str] = set()
    for start in curation.entities:
        stack: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
        while stack:
            node, trail = stack.pop()
            entity = curation.entities.get(node)
            for parent in entity.subtype_of if entity else []:
                if parent == start and start not in reported:
                    reported.update(trail)
                    cycle = " → ".join((*trail, start))
                    yield curation.entities[start].problem(
                        f"subtype_of makes a cycle: {cycle}",
                        "remove one link so that no entity is its own subtype",
                        "subtype_of",
                    )
                elif parent not in trail:
                    stack.append((parent, (*trail, parent)))
