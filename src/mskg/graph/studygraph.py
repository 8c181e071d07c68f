"""A study's typed parts as RDF: eligibility, arms, results and harms, each with a label a clinician can read.

Arms, results and harms are nodes under the study's IRI (``study/mist#arm-hsct``, ``#result-1``, ``#harm-1``),
so every number stays attached to the study and to the arm it is for. A result or harm names the official record
it was read in (``mskg:readIn``). Labels are generated from the values, never written by hand, and say the
direction of a comparison in words: "hazard ratio 0.07 (95% CI 0.02 to 0.24; p <0.001) for confirmed disability
progression, HSCT versus DMT: favours HSCT".

>>> format_number(0.070)
'0.07'
>>> format_number(34.0)
'34'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from mskg.base.namespaces import MSKG, MSKGID
from mskg.base.vocabulary import Favours, Statistic
from mskg.curation import Study
from mskg.curation.pico import Arm, Eligibility, Harm, Result

__all__ = ["add_study_parts", "arm_iri", "format_number", "harm_statement", "result_statement"]

Labeller = Callable[[str], str]


def format_number(value: float) -> str:
    """A number as a study prints it: no trailing zeros, no exponent."""
    return f"{value:.6f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def arm_iri(study: Study, name: str) -> URIRef:
    """The IRI of a study's arm, from its name (``study/mist#arm-hsct``)."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return URIRef(f"{MSKGID[study.id]}#arm-{slug}")


def add_study_parts(graph: Graph, study: Study, label: Labeller) -> None:
    """Add the study's masking, analysed size, follow-up, eligibility, arms, results and harms to ``graph``."""
    node = MSKGID[study.id]
    if study.masking is not None:
        graph.add((node, MSKG.masking, study.masking.iri))
    if study.n_analysed is not None:
        graph.add((node, MSKG.analysedSize, Literal(study.n_analysed, datatype=XSD.integer)))
    if study.follow_up is not None:
        graph.add((node, MSKG.followUp, Literal(study.follow_up)))
    if study.primary_measure is not None:
        graph.add((node, MSKG.primaryMeasure, MSKGID[study.primary_measure]))
    if study.eligibility is not None:
        _add_eligibility(graph, node, study.eligibility)
    for arm in study.arms:
        _add_arm(graph, study, arm, label)
    for index, result in enumerate(study.results, start=1):
        _add_result(graph, study, index, result, label)
    for index, harm in enumerate(study.harms, start=1):
        _add_harm(graph, study, index, harm, label)


def _decimal(value: float) -> Literal:
    return Literal(format_number(value), datatype=XSD.decimal)


def _add_eligibility(graph: Graph, study_node: URIRef, eligibility: Eligibility) -> None:
    node = URIRef(f"{study_node}#eligibility")
    graph.add((study_node, MSKG.hasEligibility, node))
    graph.add((node, RDF.type, MSKG.EligibilityCriteria))
    parts: list[str] = []
    for field_name, words, low, high in (
        ("age", "age", MSKG.minAge, MSKG.maxAge),
        ("edss", "EDSS", MSKG.minEDSS, MSKG.maxEDSS),
        ("disease_duration_years", "disease duration (years)", MSKG.minDiseaseDuration, MSKG.maxDiseaseDuration),
    ):
        span = getattr(eligibility, field_name)
        if span is None:
            continue
        if span.min is not None:
            graph.add((node, low, _decimal(span.min)))
        if span.max is not None:
            graph.add((node, high, _decimal(span.max)))
        parts.append(f"{words} {_span(span.min, span.max)}")
    for prop, text in (
        (MSKG.activityCriterion, eligibility.activity),
        (MSKG.priorTherapyCriterion, eligibility.prior_therapy),
    ):
        if text is not None:
            graph.add((node, prop, Literal(text)))
    graph.add((node, RDFS.label, Literal("; ".join(parts) or "criteria in words", lang="en")))


def _span(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{format_number(low)} to {format_number(high)}"
    return f"at least {format_number(low)}" if low is not None else f"at most {format_number(high or 0)}"


def _add_arm(graph: Graph, study: Study, arm: Arm, label: Labeller) -> None:
    node = arm_iri(study, arm.name)
    graph.add((MSKGID[study.id], MSKG.hasArm, node))
    graph.add((node, RDF.type, MSKG.StudyArm))
    graph.add((node, MSKG.armName, Literal(arm.name)))
    graph.add((node, MSKG.armRole, arm.role.iri))
    graph.add((node, MSKG.armTherapy, MSKGID[arm.therapy]))
    words = [f"{arm.name}: {label(arm.therapy)}"]
    for option in arm.options:
        graph.add((node, MSKG.armOption, MSKGID[option]))
    if arm.options:
        *others, last = (label(option) for option in arm.options)
        words.append(f"one of {', '.join(others)} or {last}")
    if arm.n is not None:
        graph.add((node, MSKG.armSize, Literal(arm.n, datatype=XSD.integer)))
        words.append(f"n = {arm.n}")
    for drug in arm.regimen:
        graph.add((node, MSKG.regimenDrug, MSKGID[drug]))
    if arm.regimen_kind is not None:
        graph.add((node, MSKG.regimenKind, arm.regimen_kind.iri))
        words.append(f"{arm.regimen_kind.value} with {', '.join(label(drug) for drug in arm.regimen)}")
    if arm.route is not None:
        graph.add((node, MSKG.armRoute, MSKGID[arm.route]))
        words.append(label(arm.route))
    _add_present(
        graph,
        node,
        (
            (MSKG.doseDescription, _text(arm.dose)),
            (MSKG.numberOfDoses, _integer(arm.doses)),
            (MSKG.cellSource, None if arm.cell_source is None else MSKGID[arm.cell_source]),
            (MSKG.cellOrigin, None if arm.origin is None else arm.origin.iri),
        ),
    )
    graph.add((node, RDFS.label, Literal(f"{words[0]} ({'; '.join(words[1:])})" if words[1:] else words[0], lang="en")))


def result_statement(result: Result, label: Labeller) -> str:
    """A result in words: statistic, value, interval and p, measure, arms, which arm it favours, and when."""
    statistic = result.statistic.value.replace("-", " ")
    value = format_number(result.value)
    if result.statistic is Statistic.PROPORTION:
        value = f"{format_number(result.value * 100)}%"
    detail = []
    if result.ci is not None:
        detail.append(
            f"{format_number(result.ci_level)}% CI {format_number(result.ci[0])} to {format_number(result.ci[1])}"
        )
    if result.p is not None:
        detail.append(f"p {result.p}" if result.p[0] in "<>" else f"p = {result.p}")
    if result.statistic is Statistic.COUNT:
        # A count is of patients: "3 of 52 patients with treatment failure", never a bare "count 3".
        of = f" of {result.of}" if result.of is not None else ""
        text = f"{value}{of} patients with {label(result.measure)}" + (f" ({'; '.join(detail)})" if detail else "")
    else:
        text = f"{statistic} {value}" + (f" ({'; '.join(detail)})" if detail else "") + f" for {label(result.measure)}"
    if result.versus is not None and result.statistic.comparative:
        text += f", {result.arm} versus {result.versus}"
    elif result.versus is not None:
        text += f" in the {result.arm} arm, compared with {result.versus}"
    elif result.arm is not None:
        text += f" in the {result.arm} arm"
    if result.favours is Favours.INTERVENTION or result.favours is Favours.COMPARATOR:
        favoured = result.arm if result.favours is Favours.INTERVENTION else result.versus
        text += f": favours {favoured}"
    elif result.favours is Favours.NEITHER:
        text += ": no significant difference"
    if result.time_point is not None:
        text += f" ({result.time_point})"
    return text


def _add_report(graph: Graph, study: Study, name: str, link: URIRef, cls: URIRef, text: str, record: str) -> URIRef:
    """The node of one result or harm under the study's IRI, linked from it, typed, labelled and sourced."""
    node = URIRef(f"{MSKGID[study.id]}#{name}")
    graph.add((MSKGID[study.id], link, node))
    graph.add((node, RDF.type, cls))
    graph.add((node, RDFS.label, Literal(text, lang="en")))
    graph.add((node, MSKG.readIn, URIRef(record)))
    return node


def _add_present(graph: Graph, node: URIRef, values: Iterable[tuple[URIRef, Node | None]]) -> None:
    """Add ``node prop value`` for each value that is given (an optional field left out adds nothing)."""
    for prop, value in values:
        if value is not None:
            graph.add((node, prop, value))


def _integer(value: int | None) -> Literal | None:
    return None if value is None else Literal(value, datatype=XSD.integer)


def _text(value: str | None, lang: str | None = None) -> Literal | None:
    return None if value is None else Literal(value, lang=lang)


def _add_result(graph: Graph, study: Study, index: int, result: Result, label: Labeller) -> None:
    text = result_statement(result, label)
    node = _add_report(graph, study, f"result-{index}", MSKG.reportsResult, MSKG.EffectEstimate, text, result.record)
    graph.add((node, MSKG.measure, MSKGID[result.measure]))
    graph.add((node, MSKG.statistic, result.statistic.iri))
    graph.add((node, MSKG.estimate, _decimal(result.value)))
    graph.add((node, MSKG.isPrimary, Literal(result.primary)))
    if result.ci is not None:
        graph.add((node, MSKG.ciLower, _decimal(result.ci[0])))
        graph.add((node, MSKG.ciUpper, _decimal(result.ci[1])))
        graph.add((node, MSKG.ciLevel, _decimal(result.ci_level)))
    _add_present(
        graph,
        node,
        (
            (MSKG.pValue, _text(result.p)),
            (MSKG.denominator, _integer(result.of)),
            (MSKG.forArm, None if result.arm is None else arm_iri(study, result.arm)),
            (MSKG.versusArm, None if result.versus is None else arm_iri(study, result.versus)),
            (MSKG.favours, None if result.favours is None else result.favours.iri),
            (MSKG.timePoint, _text(result.time_point)),
            (RDFS.comment, _text(result.note, "en")),
        ),
    )


def harm_statement(harm: Harm, label: Labeller) -> str:
    """A harm in words: the event, how many of how many or what share, its grade, the arm and when."""
    if harm.n == 0:
        frequency = f"none of {harm.of} patients" if harm.of is not None else "none reported"
    elif harm.n is not None:
        frequency = f"{harm.n} of {harm.of} patients" if harm.of is not None else f"{harm.n} patients"
    elif harm.percent is not None:
        frequency = f"{format_number(harm.percent)}% of patients"
    else:
        # Neither a count nor a share: the record's own words say what was found (the model requires a note).
        frequency = f"as the record words it, {harm.note}"
    text = f"{label(harm.event)}: {frequency}"
    if harm.grade is not None:
        text += f", {harm.grade}"
    if harm.arm is not None:
        text += f" ({harm.arm} arm)"
    if harm.time_point is not None:
        text += f", {harm.time_point}"
    return text


def _add_harm(graph: Graph, study: Study, index: int, harm: Harm, label: Labeller) -> None:
    text = harm_statement(harm, label)
    node = _add_report(
        graph, study, f"harm-{index}", MSKG.reportsAdverseEvent, MSKG.AdverseEventReport, text, harm.record
    )
    graph.add((node, MSKG.adverseEvent, MSKGID[harm.event]))
    _add_present(
        graph,
        node,
        (
            (MSKG.forArm, None if harm.arm is None else arm_iri(study, harm.arm)),
            (MSKG.eventCount, _integer(harm.n)),
            (MSKG.denominator, _integer(harm.of)),
            (MSKG.eventPercent, None if harm.percent is None else _decimal(harm.percent)),
            (MSKG.grade, _text(harm.grade)),
            (MSKG.timePoint, _text(harm.time_point)),
            (RDFS.comment, _text(harm.note, "en")),
        ),
    )
