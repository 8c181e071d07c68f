"""Claim labels state their direction and effect: for every claim of the curation, and for the phrasing rules."""

from __future__ import annotations

import re

import pytest
from rdflib import RDFS, Graph, Literal

from mskg.base.statements import CERTAINTY_WORDS, EFFECT_PHRASES, RELATION_PHRASES, Phrase, statement
from mskg.base.vocabulary import ENTITY_RELATIONS, Certainty, Direction, Effect
from mskg.curation import Curation
from mskg.graph.loader import claim_iri, claim_statement
from mskg.pipeline.build import BuildResult

NEGATION = re.compile(r"\b(not|no)\b")
#: What a relation is called in the ontology; a label that reads like "X has outcome Y" hides the effect.
RAW_RELATION_WORDS = ("has outcome", "has mechanism", "has safety profile", "has adverse event", "administered via")


def test_every_relation_effect_and_certainty_has_words() -> None:
    assert set(RELATION_PHRASES) == set(ENTITY_RELATIONS)
    assert set(EFFECT_PHRASES) == {effect.value for effect in Effect}
    assert set(CERTAINTY_WORDS) == {certainty.value for certainty in Certainty}


def test_every_claim_label_states_its_direction(curation: Curation) -> None:
    for claim in curation.claims:
        label = claim_statement(claim, curation)
        where = f"{claim.id}: {label!r}"
        if claim.direction is Direction.REFUTES:
            assert NEGATION.search(label), where
        elif claim.direction is Direction.MIXED:
            assert label.startswith("the evidence is mixed that "), where
        elif claim.direction is Direction.DEBATED:
            assert label.startswith("it is debated whether "), where
        else:
            assert not label.startswith(("the evidence is mixed", "it is debated")), where
            subject_and_object = curation.entities[claim.subject].label + curation.entities[claim.object].label
            assert len(NEGATION.findall(label)) == len(NEGATION.findall(subject_and_object)), where


def test_every_claim_label_states_its_effect_and_certainty(curation: Curation) -> None:
    for claim in curation.claims:
        label = claim_statement(claim, curation)
        where = f"{claim.id}: {label!r}"
        assert not any(words in label for words in RAW_RELATION_WORDS), where
        if claim.effect is not None:
            verb = EFFECT_PHRASES[claim.effect.value]
            assert any(form and form in label for form in (verb.affirmed, verb.denied, verb.found, verb.not_found)), (
                where
            )
        hedge = CERTAINTY_WORDS[claim.certainty.value]
        if hedge and claim.direction in (Direction.SUPPORTS, Direction.REFUTES):
            assert label.endswith(")"), where
            assert hedge in label.rsplit("(", 1)[-1], where


def test_the_stored_label_is_the_generated_statement(curation: Curation, built: BuildResult) -> None:
    graph = Graph().parse(built.out / "mskg.ttl")
    for claim in curation.claims:
        labels = {str(o) for o in graph.objects(claim_iri(claim.id), RDFS.label)}
        assert labels == {claim_statement(claim, curation)}, claim.id


def test_the_mesems_finding_reads_as_negative(curation: Curation) -> None:
    claim = next(c for c in curation.claims if c.source == "study/mesems-2021")
    assert claim_statement(claim, curation) == (
        "mesenchymal stromal cell therapy given by intravenous administration did not reduce inflammatory "
        "disease activity, in multiple sclerosis (MESEMS)"
    )


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        (Phrase("X", "targets", "CD19"), "X targets CD19"),
        (Phrase("X", "targets", "CD19", direction="refutes"), "X does not target CD19"),
        (Phrase("X", "targets", "CD19", direction="refutes", source="S"), "X did not target CD19 (S)"),
        (Phrase("X", "hasOutcome", "relapses", effect="reduces", source="S"), "X reduced relapses (S)"),
        (
            Phrase("X", "hasOutcome", "NEDA", effect="increases", certainty="preliminary"),
            "X increases NEDA (preliminary)",
        ),
        (
            Phrase("X", "hasOutcome", "NEDA", direction="mixed", certainty="inconsistent"),
            "the evidence is mixed that X leads to NEDA",
        ),
        (
            Phrase("X", "hasOutcome", "benefit", route="intrathecal", comparator_route="intravenous", inferred=True),
            "X given by intrathecal leads to benefit, more than given by intravenous (curator's inference)",
        ),
        (
            Phrase("X", "effectiveIn", "aggressive MS", setting="as escalation", population="RRMS"),
            "X is effective in aggressive MS, in RRMS, as escalation",
        ),
    ],
)
def test_phrasing(phrase: Phrase, expected: str) -> None:
    assert statement(phrase) == expected


def test_a_refuted_claim_never_reads_like_a_supported_one() -> None:
    supported = statement(Phrase("X", "hasOutcome", "Y", effect="reduces"))
    refuted = statement(Phrase("X", "hasOutcome", "Y", effect="reduces", direction="refutes"))
    assert supported != refuted
    assert Literal(refuted).value.count("not") == 1
