"""The shipped curation: the review's abstract, its claims with verified quotes, and the entities they name."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from mskg.base import paths
from mskg.base.quotes import sentences
from mskg.base.vocabulary import QuoteRole
from mskg.curation import Curation
from mskg.curation.grading import Grader
from mskg.curation.schema import read_ontology

REVIEW = "pubmed-41997827"
#: The abstract as published (../shared/source/pubmed-41997827.abstract.txt when it was handed over).
ABSTRACT_SHA256 = "30672177887e64f1109de91f253c51a76444d6f133876f0bb05ae18eae3b1126"
SHARED_ABSTRACT = Path(__file__).resolve().parents[2] / "shared" / "source" / "pubmed-41997827.abstract.txt"


def test_the_review_abstract_is_stored_byte_for_byte() -> None:
    stored = (paths.SOURCES_DIR / "pubmed-41997827.abstract.txt").read_bytes()
    assert hashlib.sha256(stored).hexdigest() == ABSTRACT_SHA256
    if SHARED_ABSTRACT.is_file():  # beside the checkout where the review was handed over
        assert stored == SHARED_ABSTRACT.read_bytes()
    assert len(stored) == 1900


def test_the_review_record_has_its_pmid_doi_title_author_year_and_journal(curation: Curation) -> None:
    record = curation.sources[REVIEW].record
    assert record.pmid == "41997827"
    assert record.doi == "10.1016/j.neurol.2026.03.012"
    assert record.title == "Cell therapy in multiple sclerosis: An overview."
    assert record.authors == ["Michel L"]
    assert record.year == 2026
    assert record.journal == "Revue Neurologique"


def test_the_abstract_has_ten_sentences_and_each_is_quoted_by_a_claim(curation: Curation) -> None:
    text = curation.sources[REVIEW].text
    assert text is not None
    spans = sentences(text)
    assert len(spans) == 10
    quotes = [c.quote for c in curation.claims if c.source == REVIEW and c.quote is not None]
    for start, end in spans:
        assert any(q.start >= start and q.end <= end for q in quotes), text[start:end]


def test_every_quote_is_the_source_text_at_its_offsets(curation: Curation) -> None:
    for claim in curation.claims:
        if claim.quote is None:
            continue
        text = curation.sources[claim.source].text
        assert text is not None
        assert text[claim.quote.start : claim.quote.end] == claim.quote.text, claim.id


def test_the_review_is_curated_into_at_least_thirty_claims(curation: Curation) -> None:
    assert sum(1 for c in curation.claims if c.source == REVIEW) >= 30


def test_every_entity_the_abstract_names_is_an_individual(curation: Curation) -> None:
    expected = {
        "therapy/ahsct",
        "therapy/car-t",
        "therapy/cd19-car-t",
        "therapy/bcma-car-t",
        "therapy/msc",
        "therapy/high-efficacy-dmt",
        "target/cd19",
        "target/bcma",
        "cell-type/b-cell",
        "cell-type/plasmablast",
        "cell-type/plasma-cell",
        "compartment/cns",
        "mechanism/immunomodulation",
        "mechanism/neurotrophic-support",
        # "CNS penetration" is the relation mskg:reaches; "suppression of inflammatory activity" an outcome;
        # "targeting compartmentalized B-cell-driven pathology" what CAR-T addresses: none is a mechanism.
        "pathology/compartmentalized-b-cell-pathology",
        "therapy/early-high-efficacy-dmt",
        "disease-form/ms",
        "disease-form/progressive-ms",
        "disease-form/aggressive-ms",
        "disease-form/highly-active-refractory-ms",
        "disease-form/non-inflammatory-progressive-ms",
        "outcome/disability-progression",
        "outcome/neda",
        "outcome/inflammatory-activity",
        "outcome/neurodegeneration",
        "outcome/clinical-improvement",
        "route/intrathecal",
        "safety-profile/favorable",
        "safety-profile/manageable-toxicity",
        "safety-profile/improved-over-time",
    }
    assert expected <= set(curation.entities)


def test_the_review_s_claims_rest_on_every_kind_of_evidence(curation: Curation) -> None:
    grader = Grader(read_ontology())
    designs = {grader.grade(c, curation).design.value for c in curation.claims if c.source == REVIEW}
    assert {
        "randomized-controlled-trial",
        "meta-analysis",
        "observational-cohort",
        "consensus-recommendation",
        "case-series",
        "expert-opinion",
    } <= designs


def test_claims_about_ahsct_rest_on_randomized_trials_and_cohorts(curation: Curation) -> None:
    grader = Grader(read_ontology())
    ahsct = {
        (grade.design.value, grade.level.value)
        for grade in (grader.grade(c, curation) for c in curation.claims if c.subject == "therapy/ahsct")
    }
    assert ("randomized-controlled-trial", "B") in ahsct  # MIST: no phase 3 trial has reported
    assert ("observational-cohort", "B") in ahsct


def test_the_debated_use_of_ahsct_is_in_non_inflammatory_progressive_ms(curation: Curation) -> None:
    debated = [c for c in curation.claims if c.direction.value == "debated"]
    assert [(c.subject, c.relation, c.object, c.certainty.value) for c in debated] == [
        ("therapy/ahsct", "recommendedFor", "disease-form/non-inflammatory-progressive-ms", "debatable")
    ]


def test_msc_efficacy_is_inconsistent_for_three_reasons(curation: Curation) -> None:
    claim = next(c for c in curation.claims if c.id == "msc-efficacy-inconsistent")
    assert claim.direction.value == "mixed"
    assert {limit.value for limit in claim.limitations} == {
        "heterogeneous-study-designs",
        "heterogeneous-populations",
        "heterogeneous-outcome-measures",
    }


def test_background_claims_cite_a_source_without_stored_text_and_have_no_quote(curation: Curation) -> None:
    background = [c for c in curation.claims if c.relation == "expressedOn"]
    assert len(background) >= 4
    for claim in background:
        source = curation.sources[claim.source]
        assert source.text is None
        assert claim.quote is None
        assert source.record.pmid
        assert source.record.doi


def test_each_quote_says_where_it_stands_in_the_review(curation: Curation) -> None:
    roles = {claim.id: claim.quote.role for claim in curation.claims if claim.quote is not None}
    assert roles["ms-has-unmet-needs"] is QuoteRole.BACKGROUND  # the opening: what is still needed
    assert roles["ahsct-suppresses-inflammatory-activity-in-randomized-trials"] is QuoteRole.RESULTS
    assert roles["car-t-needs-controlled-trials"] is QuoteRole.CONCLUSION  # "warranting further investigation"
    assert roles["cell-therapy-addresses-unmet-needs"] is QuoteRole.CONCLUSION  # "Overall, ..."
    # A rationale is not a finding: the review's case for MSCs' properties is background, their safety a result.
    assert roles["msc-immunomodulatory"] is QuoteRole.BACKGROUND
    assert roles["msc-favorable-safety"] is QuoteRole.RESULTS


def test_no_curated_text_holds_a_serialized_list_of_ids(curation: Curation) -> None:
    """An id belongs in a typed field; a Python list written into prose (``['therapy/x']``) is a merge artifact."""
    artifact = re.compile(r"\[\s*'[a-z-]+/[a-z0-9-]+'")
    for study in curation.studies.values():
        assert not artifact.search(study.model_dump_json()), study.id
