"""Phrases a claim as one English sentence that states its direction, effect, qualifiers and certainty.

A claim's label is what a neurologist reads first, in the view, in every saved question and in the exports, so
it is generated from the claim's fields rather than written by hand, and it can never read as its opposite: a
refuted statement is negated ("did not reduce"), a mixed one says the evidence is mixed, a debated one says it
is debated, and an effect is always named ("reduces", "has a limited effect on").

>>> statement(Phrase("AHSCT", "hasOutcome", "inflammatory disease activity", effect="reduces"))
'AHSCT reduces inflammatory disease activity'
>>> statement(Phrase("MSC therapy", "hasOutcome", "inflammatory disease activity", effect="reduces",
...                  direction="refutes", route="intravenous administration", source="MESEMS"))
'MSC therapy given by intravenous administration did not reduce inflammatory disease activity (MESEMS)'
>>> statement(Phrase("high-efficacy DMT", "hasOutcome", "neurodegeneration", effect="limited-effect"))
'high-efficacy DMT has a limited effect on neurodegeneration'
>>> statement(Phrase("AHSCT", "recommendedFor", "non-inflammatory progressive MS", direction="debated",
...                  certainty="debatable"))
'it is debated whether AHSCT is recommended for non-inflammatory progressive MS'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CERTAINTY_WORDS", "EFFECT_PHRASES", "RELATION_PHRASES", "Phrase", "Verb", "statement"]


@dataclass(frozen=True)
class Verb:
    """How a relation reads, affirmed ("reduces") and denied ("does not reduce").

    A study's own finding is reported in the past tense where the verb has one ("reduced", "did not reduce").
    """

    affirmed: str
    denied: str
    found: str = ""
    not_found: str = ""

    def form(self, denied: bool, by_study: bool) -> str:
        """The words for an affirmed or denied statement, in the past tense for a study's finding."""
        if denied:
            return self.not_found if by_study and self.not_found else self.denied
        return self.found if by_study and self.found else self.affirmed


#: Every relation a claim may state (the keys of :data:`mskg.base.vocabulary.ENTITY_RELATIONS`), as words.
RELATION_PHRASES: dict[str, Verb] = {
    "targets": Verb("targets", "does not target", "targeted", "did not target"),
    "expressedOn": Verb("is expressed on", "is not expressed on", "was found on", "was not found on"),
    "hasMechanism": Verb("acts through", "does not act through", "acted through", "did not act through"),
    "actsIn": Verb("acts in", "does not act in", "acted in", "did not act in"),
    "reaches": Verb("reaches", "does not reach", "reached", "did not reach"),
    "administeredVia": Verb("is given by", "is not given by", "was given by", "was not given by"),
    "studiedIn": Verb("has been studied in", "has not been studied in", "was studied in", "was not studied in"),
    "effectiveIn": Verb("is effective in", "is not effective in", "was effective in", "was not effective in"),
    "recommendedFor": Verb("is recommended for", "is not recommended for"),
    "debatedFor": Verb("is debated for", "is not debated for"),
    "possibleRoleIn": Verb("may have a role in the treatment of", "has no role in the treatment of"),
    "hasOutcome": Verb("leads to", "does not lead to", "led to", "did not lead to"),
    "hasAdverseEvent": Verb("is followed by", "is not followed by", "was followed by", "was not followed by"),
    "hasSafetyProfile": Verb("shows", "does not show", "showed", "did not show"),
    "addresses": Verb("addresses", "does not address"),
    "hasUnmetNeed": Verb("has an unmet need for", "has no unmet need for"),
    "hasResearchNeed": Verb("needs", "does not need"),
    "subtypeOf": Verb("is a subtype of", "is not a subtype of"),
    "concerns": Verb("concerns", "does not concern"),
    "refractoryTo": Verb("is refractory to", "is not refractory to"),
}

#: How an effect on an outcome reads, affirmed and denied (it replaces the relation's own verb).
EFFECT_PHRASES: dict[str, Verb] = {
    "reduces": Verb("reduces", "does not reduce", "reduced", "did not reduce"),
    "increases": Verb("increases", "does not increase", "increased", "did not increase"),
    "improves": Verb("improves", "does not improve", "improved", "did not improve"),
    "limited-effect": Verb("has a limited effect on", "has more than a limited effect on", "had a limited effect on"),
}

#: The hedge printed after a claim for each certainty but the plain "established".
CERTAINTY_WORDS: dict[str, str] = {
    "established": "",
    "promising": "promising",
    "preliminary": "preliminary",
    "debatable": "debatable",
    "inconsistent": "inconsistent",
}


@dataclass(frozen=True)
class Phrase:
    """What a claim says, in labels and curation keys: the input of :func:`statement`."""

    subject: str
    relation: str
    object: str
    effect: str | None = None
    direction: str = "supports"
    certainty: str = "established"
    population: str | None = None
    route: str | None = None
    outcome: str | None = None
    comparator: str | None = None
    #: The route the claim's own route is compared with ("particularly with intrathecal administration").
    comparator_route: str | None = None
    #: The use the source restricts the claim to, in its words ("as an escalation strategy for selected patients").
    setting: str | None = None
    #: The short name of the study whose own finding this is ("MESEMS"), printed after the sentence.
    source: str | None = None
    #: Set when a curator inferred the claim from the source rather than read it there.
    inferred: bool = False


def statement(phrase: Phrase) -> str:
    """The claim as one sentence, its direction and effect stated (see the module's examples)."""
    verb = EFFECT_PHRASES[phrase.effect] if phrase.effect else RELATION_PHRASES[phrase.relation]
    subject = phrase.subject + (f" given by {phrase.route}" if phrase.route else "")
    predicate = verb.form(denied=phrase.direction == "refutes", by_study=phrase.source is not None)
    clause = f"{subject} {predicate} {phrase.object}"
    if phrase.outcome:
        clause += f", for {phrase.outcome}"
    if phrase.comparator:
        clause += f", compared with {phrase.comparator}"
    if phrase.comparator_route:
        clause += f", more than given by {phrase.comparator_route}"
    if phrase.population:
        clause += f", in {phrase.population}"
    if phrase.setting:
        clause += f", {phrase.setting}"
    if phrase.direction == "mixed":
        clause = f"the evidence is mixed that {clause}"
    elif phrase.direction == "debated":
        clause = f"it is debated whether {clause}"
    notes = [
        note
        for note in (
            phrase.source,
            CERTAINTY_WORDS[phrase.certainty] if phrase.direction not in ("mixed", "debated") else "",
            "curator's inference" if phrase.inferred else "",
        )
        if note
    ]
    return clause + (f" ({'; '.join(notes)})" if notes else "")
