"""The saved questions answer what the review supports — the same on every backend — and parameters are values.

Every test that takes ``backend`` runs three times: on the embedded Oxigraph store, on rdflib in memory, and on a
real Oxigraph server after ``mskg push``. Each saved query is read by the test that asks it, so a query with a bad
header fails its own tests, not the collection of this file.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Literal, URIRef

from mskg.base import paths
from mskg.base.namespaces import MSKG, MSKGID
from mskg.base.safety import analyse
from mskg.curation import Curation
from mskg.engine.conformance import canonical
from mskg.engine.queries import Param, QueryError, SavedQuery, resolve, run_saved
from mskg.engine.store import QueryStore, Results

from .helpers import Backend, query_names, saved_query
from .terms import (
    AHSCT,
    B_CELL,
    BCMA,
    BCMA_CAR_T,
    CAR_T,
    CD19,
    CD19_CAR_T,
    CELL_BASED_THERAPY,
    CNS,
    HARRIS_2024,
    HIGHLY_ACTIVE_REFRACTORY_MS,
    INTRATHECAL,
    INTRAVENOUS,
    ISLAM_2023,
    MIST,
    MS,
    MSC,
    MSC_NP,
    NON_INFLAMMATORY_PROGRESSIVE_MS,
    NUROWN,
    PETROU_2020,
    PLASMA_CELL,
    PLASMABLAST,
    PROGRESSIVE_MS,
    ZHOU_2019,
)

#: The saved queries by file name: nothing is read until a test asks for one.
QUERY_NAMES = query_names()
THERAPY = Param("therapy", "mskg:Therapy", "the therapy")


def ask(backend: QueryStore, name: str, **params: str) -> Results:
    return run_saved(backend, saved_query(name), params)


def column(results: Results, name: str) -> set[object]:
    return {row[name] for row in results.rows if name in row}


def text(results: Results, name: str) -> set[str]:
    return {str(row[name]) for row in results.rows if name in row}


def claim_ids(results: Results) -> set[str]:
    return {str(row["claim"]).rsplit("/", 1)[1] for row in results.rows}


def test_cd19_and_bcma_car_t_and_nothing_else_target_compartmentalized_b_cells(backend: QueryStore) -> None:
    rows = ask(backend, "therapies-targeting-compartmentalized-b-cells").rows
    assert {(row["therapy"], row["target"], row["cellType"]) for row in rows} == {
        (CD19_CAR_T, CD19, B_CELL),
        (CD19_CAR_T, CD19, PLASMABLAST),
        (BCMA_CAR_T, BCMA, PLASMABLAST),
        (BCMA_CAR_T, BCMA, PLASMA_CELL),
    }
    assert {row["compartment"] for row in rows} == {CNS}


def test_car_t_targets_cd19_and_bcma_through_its_two_products(backend: QueryStore) -> None:
    results = ask(backend, "targets-of-therapy", therapy="CAR T-cell therapy")
    assert {(row["product"], row["target"]) for row in results.rows} == {(CD19_CAR_T, CD19), (BCMA_CAR_T, BCMA)}
    assert text(results, "exactMatch") == {
        "http://purl.uniprot.org/uniprot/P15391",
        "http://purl.uniprot.org/uniprot/Q02223",
    }


def test_ahsct_has_no_molecular_target(backend: QueryStore) -> None:
    assert ask(backend, "targets-of-therapy", therapy="AHSCT").rows == []


def test_randomized_trials_support_ahsct_and_intrathecal_mscs(backend: QueryStore) -> None:
    results = ask(backend, "therapies-by-study-design", design="randomized trial")
    assert column(results, "therapy") == {AHSCT, MSC, MSC_NP}
    assert column(results, "design") == {MSKG.RandomizedControlledTrial}
    assert {
        "autologous hematopoietic stem cell transplantation reduces inflammatory disease activity",
        "autologous hematopoietic stem cell transplantation reduced disability progression, in multiple sclerosis"
        " active despite standard disease-modifying therapy (MIST)",
    } <= text(results, "statement")
    # The negative randomized trials are kept, and read as negative.
    negative = {(str(r["statement"]), str(r["direction"])) for r in results.rows if str(r["direction"]) != "supports"}
    assert (
        "mesenchymal stromal cell therapy given by intravenous administration did not reduce inflammatory disease "
        "activity, in multiple sclerosis (MESEMS)",
        "refutes",
    ) in negative
    assert any(
        label.startswith("MSC-derived neural progenitor therapy given by intrathecal administration did not lead to")
        for label, _ in negative
    )
    # No phase 3 trial has reported: randomized evidence here is clinical (B), not validated (A).
    assert text(results, "level") == {"B"}


def test_early_clinical_reports_are_the_evidence_for_the_car_t_products(backend: QueryStore) -> None:
    results = ask(backend, "therapies-by-study-design", design="early clinical report")
    assert column(results, "therapy") == {CD19_CAR_T, BCMA_CAR_T}


def test_consensus_recommends_ahsct_for_highly_active_ms_refractory_to_high_efficacy_dmts(backend: QueryStore) -> None:
    [row] = ask(backend, "recommended-uses").rows
    assert (row["therapy"], row["form"]) == (AHSCT, HIGHLY_ACTIVE_REFRACTORY_MS)
    assert str(row["broaderFormLabel"]) == "aggressive multiple sclerosis"
    assert str(row["refractoryToLabel"]) == "high-efficacy disease-modifying therapy"
    # Four guidelines recommend it; no trial read in their reference lists yet, so they count once, as consensus.
    assert (str(row["level"]), str(row["design"])) == ("E", "consensus recommendation")


def test_the_use_of_ahsct_in_non_inflammatory_progressive_ms_remains_debatable(backend: QueryStore) -> None:
    [row] = ask(backend, "debated-uses").rows
    assert (row["therapy"], row["form"], str(row["certainty"])) == (AHSCT, NON_INFLAMMATORY_PROGRESSIVE_MS, "debatable")
    assert str(row["quote"]).endswith("its use in non-inflammatory progressive MS remains debatable")


def test_cd19_and_bcma_car_t_penetrate_the_cns_in_progressive_ms(backend: QueryStore) -> None:
    results = ask(backend, "therapies-with-cns-penetration")
    assert column(results, "therapy") == {CD19_CAR_T, BCMA_CAR_T}
    assert column(results, "population") == {PROGRESSIVE_MS}
    assert {(str(r["level"]), str(r["certainty"])) for r in results.rows} == {("C", "preliminary")}
    assert all("demonstrate CNS penetration" in str(row["quote"]) for row in results.rows)


@pytest.mark.parametrize("mechanism", ["immunomodulation", "neurotrophic support"])
def test_mesenchymal_stromal_cells_are_immunomodulatory_and_neurotrophic(backend: QueryStore, mechanism: str) -> None:
    assert column(ask(backend, "therapies-by-mechanism", mechanism=mechanism), "therapy") == {MSC}


def test_reaching_the_cns_is_not_a_mechanism(backend: QueryStore) -> None:
    with pytest.raises(QueryError):
        ask(backend, "therapies-by-mechanism", mechanism="CNS penetration")
    statements = text(ask(backend, "therapies-with-cns-penetration"), "statement")
    assert "CD19-directed CAR T-cell therapy reaches central nervous system, in progressive multiple sclerosis" in (
        {s.removesuffix(" (preliminary)") for s in statements}
    )


def test_mscs_given_intrathecally_show_benefit_and_given_intravenously_do_not(backend: QueryStore) -> None:
    results = ask(backend, "administration-routes")
    assert column(results, "therapy") == {MSC, MSC_NP}
    by_route = {
        (row["route"], str(row.get("outcomeLabel")), str(row["direction"]), str(row["from"])) for row in results.rows
    }
    assert by_route == {
        (INTRATHECAL, "clinical improvement", "supports", "Cell therapy in multiple sclerosis: An overview."),
        (INTRATHECAL, "None", "supports", "Cell therapy in multiple sclerosis: An overview."),
        (
            INTRATHECAL,
            "inflammatory disease activity",
            "supports",
            "Intrathecal vs intravenous MSCs in active progressive MS (Petrou, 2020)",
        ),
        (INTRATHECAL, "disability progression", "supports", "Autologous MSCs in MS meta-analysis (Zhou, 2019)"),
        (INTRATHECAL, "clinical improvement", "refutes", "Intrathecal MSC-NP phase 2 in progressive MS (Harris, 2024)"),
        (INTRAVENOUS, "inflammatory disease activity", "refutes", "MESEMS (Uccelli, 2021)"),
    }
    [review] = [row for row in results.rows if "quote" in row and "outcomeLabel" in row]
    assert str(review["quote"]) == (
        "Clinical studies suggest potential benefits, particularly with intrathecal administration"
    )
    assert (str(review["certainty"]), str(review["level"]), str(review["design"])) == (
        "promising",
        "B",
        "meta-analysis",
    )
    assert str(review["statement"]) == (
        "mesenchymal stromal cell therapy given by intrathecal administration leads to clinical improvement, more "
        "than given by intravenous administration (promising; curator's inference)"
    )


def test_therapies_in_progressive_ms_are_car_t_products_mscs_and_ahsct_in_its_non_inflammatory_form(
    backend: QueryStore,
) -> None:
    results = ask(backend, "therapies-in-progressive-ms")
    assert column(results, "therapy") == {CD19_CAR_T, BCMA_CAR_T, CAR_T, AHSCT, MSC, MSC_NP}
    assert column(results, "form") == {
        PROGRESSIVE_MS,
        NON_INFLAMMATORY_PROGRESSIVE_MS,
        MSKGID["disease-form/active-progressive-ms"],  # the EBMT guidelines' conditional position
    }
    how = {(str(row["how"]), str(row["direction"])) for row in results.rows}
    assert (
        "CD19-directed CAR T-cell therapy has been studied in progressive multiple sclerosis (preliminary)",
        "supports",
    ) in how
    assert (
        "it is debated whether autologous hematopoietic stem cell transplantation is recommended for "
        "non-inflammatory progressive multiple sclerosis",
        "debated",
    ) in how
    assert any(direction == "refutes" and " did not " in label for label, direction in how)
    msc = {str(row["how"]) for row in results.rows if row["therapy"] == MSC}
    assert msc == {
        "mesenchymal stromal cell therapy given by intrathecal administration reduced inflammatory disease activity,"
        " in progressive multiple sclerosis (Petrou, 2020; promising)",
        "mesenchymal stromal cell therapy reduced disability progression, in progressive multiple sclerosis"
        " (Petrou, 2020; promising)",
    }


def test_the_safety_of_each_therapy_in_the_review_s_words(backend: QueryStore) -> None:
    results = ask(backend, "safety-profiles")
    assert {(row["therapy"], str(row["safetyLabel"])) for row in results.rows} == {
        (AHSCT, "markedly improved safety over time"),
        (CD19_CAR_T, "manageable toxicity"),
        (BCMA_CAR_T, "manageable toxicity"),
        (MSC, "favorable safety profile"),
        # and the adverse events the studies' own records report after the therapy
        (AHSCT, "viral reactivation"),
        (AHSCT, "secondary autoimmunity"),
        (AHSCT, "transplant-related death"),
        (MSC, "headache"),
        (MSC, "fever"),
    }
    assert all("caused" not in str(row["statement"]) for row in results.rows)


def test_ahsct_suppresses_inflammatory_activity_achieves_high_neda_rates_and_delays_progression(
    backend: QueryStore,
) -> None:
    results = ask(backend, "outcomes-of-therapy", therapy="AHSCT")
    assert {(str(r["outcomeLabel"]), str(r["effect"]), str(r["level"]), str(r["design"])) for r in results.rows} == {
        ("disability progression", "reduces", "B", "randomized controlled trial"),
        ("inflammatory disease activity", "reduces", "B", "randomized controlled trial"),
        ("inflammatory disease activity", "reduces", "B", "observational cohort study"),
        ("rate of no evidence of disease activity (NEDA)", "increases", "B", "randomized controlled trial"),
        ("rate of no evidence of disease activity (NEDA)", "increases", "B", "meta-analysis"),
    }
    assert len(results.rows) == 7
    assert all(str(r["effect"])[:-1] in str(r["statement"]) for r in results.rows)  # "reduce" in "reduced"
    assert "mist-ahsct-delays-disability-progression" in claim_ids(results)


def test_high_efficacy_dmts_have_limited_effect_on_neurodegeneration(backend: QueryStore) -> None:
    results = ask(backend, "outcomes-of-therapy", therapy="high-efficacy DMT")
    assert ("neurodegeneration", "has limited effect on") in {
        (str(r["outcomeLabel"]), str(r["effect"])) for r in results.rows
    }


def test_car_t_and_cell_based_therapies_still_need_controlled_trials(backend: QueryStore) -> None:
    results = ask(backend, "therapies-needing-controlled-trials")
    assert {(row["therapy"], row["design"]) for row in results.rows} == {
        (CAR_T, MSKG.ControlledTrial),
        (CELL_BASED_THERAPY, MSKG.RandomizedControlledTrial),
    }
    why = {row["therapy"]: str(row["why"]) for row in results.rows}
    assert (
        why[CAR_T]
        == "preliminary signals of clinical improvement, warranting further investigation in controlled trials"
    )
    assert why[CELL_BASED_THERAPY].startswith("robust randomized trials")


def test_the_review_names_five_unmet_needs_of_ms_care(backend: QueryStore) -> None:
    results = ask(backend, "unmet-needs")
    assert text(results, "needLabel") == {
        "unmet needs in MS care",
        "prevention of disability progression",
        "treatment of progressive MS",
        "treatment of aggressive MS",
        "protection from long-term neurodegeneration",
    }
    assert column(results, "form") == {MS, PROGRESSIVE_MS}
    assert len(results.rows) == 6


def test_mixed_debated_and_refuted_evidence_with_the_reasons_given(backend: QueryStore) -> None:
    results = ask(backend, "mixed-or-inconsistent-evidence")
    assert claim_ids(results) == {
        "msc-efficacy-inconsistent",
        "mesems-intravenous-msc-did-not-reduce-inflammatory-activity",
        "harris-intrathecal-msc-np-no-clinical-improvement",
        "ahsct-recommendation-debated-for-non-inflammatory-progressive-ms",
    }
    assert text(results, "reasonLabel") == {
        "heterogeneous study designs",
        "heterogeneous patient populations",
        "heterogeneous outcome measures",
    }


def test_the_evidence_for_ahsct_is_every_claim_about_it_strongest_first(backend: QueryStore) -> None:
    results = ask(backend, "evidence-for-therapy", therapy="AHSCT")
    review = {
        "ahsct-effective-in-aggressive-ms",
        "ahsct-suppresses-inflammatory-activity-in-randomized-trials",
        "ahsct-suppresses-inflammatory-activity-in-cohorts",
        "ahsct-achieves-neda-in-randomized-trials",
        "ahsct-achieves-neda-in-cohorts",
        "ahsct-safety-improved-over-time",
        "ahsct-recommended-for-refractory-highly-active-ms",
        "ahsct-recommendation-debated-for-non-inflammatory-progressive-ms",
    }
    findings = {
        "mist-ahsct-delays-disability-progression",
        "burman-ahsct-keeps-aggressive-ms-relapse-free",
        "sormani-ahsct-achieves-neda",
        "sormani-ahsct-mortality-fell-over-time",
        "ahsct-works-by-immune-reset",
        "sharrack-ahsct-possible-role-in-active-progressive-ms",
        "burman-ahsct-followed-by-herpes-zoster-reactivation",
        "burman-ahsct-followed-by-thyroid-autoimmunity",
        "sormani-ahsct-transplant-related-death",
    }
    assert claim_ids(results) == review | findings
    assert len(results.rows) == len(review | findings)  # one row a claim, with a quote or without
    levels = [str(row["level"]) for row in results.rows]
    assert levels == sorted(levels)
    for row in results.rows:
        assert row["therapy"] == AHSCT
        if str(row["claim"]).rsplit("/", 1)[1] in review:
            assert "Michel L. Cell therapy in multiple sclerosis" in str(row["citation"])
            assert int(row["end"]) - int(row["start"]) == len(str(row["quote"]))
        else:
            assert "quote" not in row  # no verbatim text of the studies is stored
            assert "start" not in row
            assert "end" not in row


def test_the_evidence_for_car_t_includes_its_cd19_and_bcma_directed_products(backend: QueryStore) -> None:
    statements = text(ask(backend, "evidence-for-therapy", therapy="CAR T-cell therapy"), "statement")
    assert "CD19-directed CAR T-cell therapy targets CD19" in statements
    assert (
        "BCMA-directed CAR T-cell therapy reaches central nervous system, in progressive multiple sclerosis "
        "(preliminary)"
    ) in statements
    assert "CAR T-cell therapy needs controlled trials, in progressive multiple sclerosis" in statements


def test_the_conflicts_question_returns_the_msc_route_conflict(backend: QueryStore) -> None:
    results = ask(backend, "conflicting-claims")
    pairs = {
        frozenset((str(r["claim"]).rsplit("/", 1)[1], str(r["otherClaim"]).rsplit("/", 1)[1])) for r in results.rows
    }
    assert (
        frozenset(
            ("mesems-intravenous-msc-did-not-reduce-inflammatory-activity", "petrou-intrathecal-msc-reduced-relapses")
        )
        in pairs
    )
    [route] = [r for r in results.rows if "MESEMS (Uccelli, 2021)" in (str(r["from"]), str(r["otherFrom"]))]
    sides = {
        (str(r[f"{side}Route" if side else "route"]), str(r[f"{side}Direction" if side else "direction"]))
        for r in [route]
        for side in ("", "other")
    }
    assert sides == {("intravenous administration", "refutes"), ("intrathecal administration", "supports")}
    assert frozenset(("msc-potential-clinical-benefit", "msc-efficacy-inconsistent")) in pairs
    assert all("mesenchymal stromal cell therapy" in str(r["statement"]) for r in results.rows)


def test_each_side_of_a_conflict_shows_the_studies_behind_it(backend: QueryStore) -> None:
    results = ask(backend, "conflicting-claims")
    [row] = [
        r
        for r in results.rows
        if {str(r["claim"]), str(r["otherClaim"])}
        == {str(MSKGID["claim/msc-potential-clinical-benefit"]), str(MSKGID["claim/msc-efficacy-inconsistent"])}
    ]
    studies = {str(row["studies"]), str(row["otherStudies"])}
    assert any("Intrathecal MSC-NP phase 2 in progressive MS (Harris, 2024) (context)" in s for s in studies)
    assert any("MESEMS (Uccelli, 2021) (supports)" in s for s in studies)


def test_the_intrathecal_benefit_of_mscs_rests_on_two_studies_and_other_products_give_context(
    backend: QueryStore,
) -> None:
    results = ask(
        backend, "studies-behind-claim", claim="mskgid:claim/msc-benefit-greatest-with-intrathecal-administration"
    )
    roles = {row["study"]: str(row["role"]) for row in results.rows}
    assert roles == {PETROU_2020: "supports", ZHOU_2019: "supports", HARRIS_2024: "context", NUROWN: "context"}
    counted = [row for row in results.rows if "contribution" in row]
    # Petrou: B (phase 2) rated 4 (controlled, randomized, masked); Zhou: B rated 2 (133 patients pooled)
    assert {row["study"]: float(row["contribution"]) for row in counted} == {PETROU_2020: 20.0, ZHOU_2019: 10.0}
    assert {row["study"] for row in results.rows[-2:]} == {HARRIS_2024, NUROWN}  # context does not count: last


def test_a_study_s_finding_is_behind_its_own_claim(backend: QueryStore) -> None:
    results = ask(backend, "studies-behind-claim", claim="mskgid:claim/mist-ahsct-delays-disability-progression")
    [row] = results.rows
    assert (row["study"], str(row["role"]), str(row["level"])) == (MIST, "finding of", "B")
    assert (str(row["pmid"]), str(row["registry"]), str(row["size"])) == ("30644983", "NCT00273364", "110")


def test_every_claim_s_confidence_is_the_sum_of_its_stored_terms(backend: QueryStore, curation: Curation) -> None:
    weights = {"A": 10, "B": 5, "C": 3, "D": 1, "E": 0.5}
    for claim in curation.claims:
        rows = ask(backend, "confidence-of-claim", claim=f"mskgid:claim/{claim.id}").rows
        assert rows, claim.id
        for row in rows:
            sign, weight, rating = int(row["sign"]), float(row["weight"]), int(row["rating"])
            assert weight == weights[str(row["level"])]
            assert float(row["contribution"]) == sign * weight * rating
        total = sum(float(row["contribution"]) for row in rows)
        assert total == float(rows[0]["confidence"]), claim.id


def test_the_potential_benefit_of_mscs_rests_on_two_studies_for_it(backend: QueryStore) -> None:
    results = ask(backend, "confidence-of-claim", claim="mskgid:claim/msc-potential-clinical-benefit")
    terms = {row["source"]: float(row["contribution"]) for row in results.rows}
    assert terms == {PETROU_2020: 20.0, ISLAM_2023: 5.0}  # the MSC-NP trial tests another product: context
    assert {float(row["confidence"]) for row in results.rows} == {25.0}


def test_the_strongest_claim_about_ahsct_rests_on_its_trial_and_cohorts_and_the_weakest_about_mscs_is_mesems(
    backend: QueryStore,
) -> None:
    results = ask(backend, "strongest-and-weakest-claims")

    def ends(therapy: object, rank: str) -> set[str]:
        return {
            str(r["claim"]).rsplit("/", 1)[1]
            for r in results.rows
            if r["therapy"] == therapy and str(r["rank"]) == rank
        }

    # Not the four guidelines (they restate the trials and count once), but the claim three studies support.
    assert ends(AHSCT, "strongest") == {"ahsct-effective-in-aggressive-ms"}
    assert ends(MSC, "weakest") == {"mesems-intravenous-msc-did-not-reduce-inflammatory-activity"}
    [strongest] = [r for r in results.rows if r["therapy"] == AHSCT and str(r["rank"]) == "strongest"]
    assert (float(strongest["confidence"]), int(strongest["terms"])) == (35.0, 3)


@pytest.mark.parametrize(
    ("therapy", "trials"),
    [
        ("AHSCT", {"study/beat-ms", "study/ram-ms", "study/starms"}),
        ("CAR T-cell therapy", {"study/kysa-7", "study/kyv-101-ucsf", "study/bms-986353-ms", "study/ytb323-pms"}),
        (
            "CD19-directed CAR T-cell therapy",
            {"study/kysa-7", "study/kyv-101-ucsf", "study/bms-986353-ms", "study/ytb323-pms"},
        ),
        ("MSCs", set()),
    ],
)
def test_the_trials_ongoing_for_a_therapy(backend: QueryStore, therapy: str, trials: set[str]) -> None:
    results = ask(backend, "ongoing-trials", therapy=therapy)
    assert {str(row["study"]).removeprefix(str(MSKGID)) for row in results.rows} == trials


def test_beat_ms_is_a_phase_3_trial_of_156_patients_against_best_available_therapy(backend: QueryStore) -> None:
    rows = [
        r for r in ask(backend, "ongoing-trials", therapy="AHSCT").rows if str(r["studyLabel"]).startswith("BEAT-MS")
    ]
    assert {(str(r["phase"]), str(r["size"]), str(r["registry"])) for r in rows} == {
        ("3", "156", "2020-000979-21 NCT04047628")
    }
    assert all("Best available therapy" in str(row["comparator"]) for row in rows)


def test_ram_ms_compares_ahsct_with_alemtuzumab_cladribine_or_ocrelizumab_as_entities(backend: QueryStore) -> None:
    rows = ask(backend, "ongoing-trials", therapy="AHSCT").rows
    options = {str(r["comparatorOptions"]) for r in rows if str(r["studyLabel"]).startswith("RAM-MS")}
    assert options == {"alemtuzumab, cladribine, ocrelizumab"}  # one row per disease form enrolled


def test_what_mesems_contributes_its_finding_and_two_review_claims(backend: QueryStore) -> None:
    results = ask(backend, "study-contributions", study="MESEMS")
    found = {
        (str(r["claim"]).rsplit("/", 1)[1], str(r["role"]), float(r["contribution"]) if "contribution" in r else None)
        for r in results.rows
    }
    assert found == {
        ("mesems-intravenous-msc-did-not-reduce-inflammatory-activity", "finding of", -25.0),
        ("msc-efficacy-inconsistent", "supports", 25.0),
        ("msc-potential-clinical-benefit", "context", None),
    }


@pytest.mark.parametrize(
    "value", ["MIST", "mist", "MIST (Burt, 2019)", "NCT00273364", "PMID:30644983", "mskgid:study/mist"]
)
def test_a_study_is_named_by_label_short_name_registration_pmid_or_curie(backend: QueryStore, value: str) -> None:
    assert resolve(backend, Param("study", "mskg:Study", "a study"), value) == MIST


#: Each saved query's answer on each store, by (store, query): a store that is the reference of one comparison
#: and compared in another is asked once.
_ANSWERS: dict[tuple[str, str], Results] = {}


@pytest.fixture(scope="session")
def shared_answers(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """Where the workers of one run keep the in-memory (rdflib) store's answers, the slowest to compute.

    Every worker's rdflib store holds the same shared build, so its answer to a saved query is the same in each;
    two comparisons on two workers then ask it once between them.
    """
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if worker_id != "master" else base) / "rdflib-answers"
    folder.mkdir(exist_ok=True)
    return folder


def _answer(on: Backend, query: SavedQuery, shared: Path) -> Results:
    key = (on.name, query.name)
    if key in _ANSWERS:
        return _ANSWERS[key]
    saved = shared / f"{query.name}.pickle"
    if on.name == "memory" and saved.is_file():
        _ANSWERS[key] = pickle.loads(saved.read_bytes())  # noqa: S301 (this run's own worker wrote it)
        return _ANSWERS[key]
    _ANSWERS[key] = run_saved(on.store, query, {p.name: p.example for p in query.params if p.example})
    if on.name == "memory":
        partial = saved.with_name(f"{saved.name}.{os.getpid()}.partial")
        partial.write_bytes(pickle.dumps(_ANSWERS[key]))
        partial.replace(saved)
    return _ANSWERS[key]


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_every_saved_query_gives_the_same_rows_on_every_backend(
    name: str, compared: tuple[Backend, Backend], shared_answers: Path
) -> None:
    """Each store answers as another one does: the embedded store as rdflib, and the others as it (conftest)."""
    backend, reference = compared
    assert backend.name != reference.name
    query = saved_query(name)
    expected = _answer(reference, query, shared_answers)
    answer = _answer(backend, query, shared_answers)
    assert answer.variables == expected.variables
    assert canonical(answer) == canonical(expected)


@pytest.mark.parametrize(
    "value",
    [
        "AHSCT",
        "ahsct",
        "Autologous Hematopoietic Stem Cell Transplantation",
        "mskgid:therapy/ahsct",
        "https://w3id.org/mskg/id/therapy/ahsct",
        "<https://w3id.org/mskg/id/therapy/ahsct>",
    ],
)
def test_a_therapy_is_named_by_label_synonym_curie_or_iri(backend: QueryStore, value: str) -> None:
    assert resolve(backend, THERAPY, value) == AHSCT


@pytest.mark.parametrize(
    ("value", "therapy"),
    [
        ("MSC", MSC),
        ("msc", MSC),
        ("mesenchymal stromal cells", MSC),
        ("HSCT", AHSCT),
        ("autologous hsct", AHSCT),
        ("CAR T", CAR_T),
        ("car t cell therapy", CAR_T),
        ("CAR-T cells", CAR_T),
        ("therapy/cd19-car-t", CD19_CAR_T),  # the curation's own id
        ("PMID 30644983", AHSCT),  # MIST's record names the therapy MIST tested
        ("NCT00273364", AHSCT),
    ],
)
def test_a_therapy_is_named_the_way_clinicians_write_it(backend: QueryStore, value: str, therapy: URIRef) -> None:
    assert resolve(backend, THERAPY, value) == therapy


def test_a_design_is_named_by_the_curations_own_id(backend: QueryStore) -> None:
    design = Param("design", "mskg:StudyDesign", "a design")
    assert resolve(backend, design, "randomized-controlled-trial") == MSKG.RandomizedControlledTrial


def test_near_matches_do_not_depend_on_how_the_name_is_written(backend: QueryStore) -> None:
    suggestions = []
    for value in ("mscc", "MSCC", "Mscc"):
        with pytest.raises(QueryError, match="near matches: ") as raised:
            resolve(backend, THERAPY, value)
        suggestions.append(str(raised.value).split("near matches: ")[1])
    assert len(set(suggestions)) == 1
    assert suggestions[0].startswith("MSC")


def test_an_external_term_that_is_not_in_the_graph_is_an_error_not_an_empty_answer(backend: QueryStore) -> None:
    term = Param("term", "iri", "an external term")
    assert resolve(backend, term, "MONDO:0005301") == URIRef("http://purl.obolibrary.org/obo/MONDO_0005301")
    with pytest.raises(QueryError, match=r"MONDO:9999999 is not in the graph \(parameter 'term'\)"):
        resolve(backend, term, "MONDO:9999999")


def test_a_disease_form_is_found_by_its_mondo_id(backend: QueryStore) -> None:
    assert resolve(backend, Param("form", "mskg:DiseaseForm", "a form"), "MONDO:0005301") == MS


def test_a_broad_mapping_does_not_name_a_therapy(backend: QueryStore) -> None:
    with pytest.raises(QueryError):  # AHSCT maps broad to MAxO's hematopoietic stem cell transplantation
        resolve(backend, THERAPY, "MAXO:0000747")


def test_an_unknown_therapy_is_an_error_listing_near_matches(backend: QueryStore) -> None:
    with pytest.raises(QueryError, match=r"no mskg:Therapy is called 'AHSC'.*near matches: .*AHSCT"):
        resolve(backend, THERAPY, "AHSC")


def test_something_of_another_type_is_not_a_therapy(backend: QueryStore) -> None:
    with pytest.raises(QueryError, match="no mskg:Therapy is called 'CD19'"):
        resolve(backend, THERAPY, "CD19")


@pytest.mark.parametrize(
    "hostile",
    [
        'AHSCT" } ; DROP ALL #',
        "}} UNION { ?s ?p ?o }",
        "AHSCT'; #",
        "\\u0022",
        "<https://x> } INSERT DATA { <a> <b> <c> }",
    ],
)
def test_a_parameter_with_quotes_braces_or_comments_is_only_a_value(backend: QueryStore, hostile: str) -> None:
    with pytest.raises(QueryError, match="no mskg:Therapy is called"):
        run_saved(backend, saved_query("evidence-for-therapy"), {"therapy": hostile})


def test_a_string_parameter_is_bound_as_a_literal(backend: QueryStore) -> None:
    value = 'a "quoted" } value'
    assert resolve(backend, Param("text", "string", "free text"), value) == Literal(value)


def test_a_missing_parameter_names_the_flag_and_an_example(store: QueryStore) -> None:
    with pytest.raises(QueryError, match=r"needs --param therapy=VALUE.*therapy='AHSCT'"):
        run_saved(store, saved_query("evidence-for-therapy"), {})


def test_an_unknown_parameter_is_refused(store: QueryStore) -> None:
    with pytest.raises(QueryError, match="has no parameter drug"):
        run_saved(store, saved_query("evidence-for-therapy"), {"therapy": "AHSCT", "drug": "x"})


def test_a_saved_query_that_changes_data_is_refused(store: QueryStore, tmp_path: Path) -> None:
    path = tmp_path / "wipe.rq"
    path.write_text("#+ summary: wipe\n#+ answers: nothing\nDELETE WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="a saved query must not change data"):
        run_saved(store, SavedQuery.read(path), {})


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_every_saved_query_has_a_header_and_runs(store: QueryStore, name: str) -> None:
    query = saved_query(name)
    assert query.summary
    assert query.answers
    assert query.description
    for param in query.params:
        assert param.example, f"{query.name}: parameter {param.name} has no example"
        assert f"?{param.name}" in query.text.split("WHERE", 1)[0], "a bound parameter must be projected"
    values = {p.name: p.example for p in query.params if p.example}
    assert run_saved(store, query, values).rows, f"{query.name} answers nothing on the real graph"


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_every_saved_query_runs_pasted_into_a_bare_sparql_engine(name: str) -> None:
    # no prefixes, no data: an undeclared prefix is a syntax error here
    pyoxigraph.Store().query(saved_query(name).text)


def test_the_issue_s_fifteen_questions_are_saved() -> None:
    assert {
        "therapies-targeting-compartmentalized-b-cells",
        "targets-of-therapy",
        "therapies-by-study-design",
        "recommended-uses",
        "debated-uses",
        "therapies-with-cns-penetration",
        "therapies-by-mechanism",
        "administration-routes",
        "therapies-in-progressive-ms",
        "safety-profiles",
        "outcomes-of-therapy",
        "therapies-needing-controlled-trials",
        "unmet-needs",
        "evidence-for-therapy",
        "mixed-or-inconsistent-evidence",
    } <= set(QUERY_NAMES)


def test_a_header_with_an_unknown_key_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("#+ summary: x\n#+ answer: y\nSELECT * WHERE {}\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"bad.rq:2: unknown header '#\+ answer:'"):
        SavedQuery.read(bad)


def test_a_header_continues_on_indented_lines(tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text(
        "#+ summary: one\n#+   two\n#+ answers: rows\n#+ param: x (mskg:Therapy): the x. Example: AHSCT\n"
        "SELECT ?x WHERE {}\n",
        encoding="utf-8",
    )
    saved = SavedQuery.read(query)
    assert saved.summary == "one two"
    assert saved.params == (Param("x", "mskg:Therapy", "the x.", "AHSCT"),)


def test_saved_queries_ship_with_the_package() -> None:
    assert (paths.QUERIES_DIR / "evidence-for-therapy.rq").is_file()


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_no_saved_query_repeats_a_row_even_with_inferred_types(store: QueryStore, name: str) -> None:
    query = saved_query(name)
    values = {p.name: p.example for p in query.params if p.example}
    rows = canonical(run_saved(store, query, values))
    assert len(rows) == len(set(rows))


QUERY_FILES = sorted((paths.QUERIES_DIR).rglob("*.rq"))


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.name for p in QUERY_FILES])
def test_every_query_file_is_read_as_what_it_is_by_sparqlwrapper(path: Path) -> None:
    """Pasted into SPARQLWrapper, a saved query is sent as the query it is, never as an update.

    SPARQLWrapper finds the form by a keyword search over the text with its comments partly stripped (every other
    line of a comment block stays), so a header that says "add" or "remove" would make it an ADD or a MOVE.
    """
    from SPARQLWrapper import SPARQLWrapper

    text = path.read_text(encoding="utf-8")
    wrapper = SPARQLWrapper("http://127.0.0.1:9/query")
    wrapper.setQuery(text)
    assert wrapper.queryType == analyse(text).form
