"""The saved questions answer what the review supports — the same on every backend — and parameters are values.

Every test that takes ``backend`` runs three times: on the embedded Oxigraph store, on rdflib in memory, and on a
real Oxigraph server after ``mskg push``.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Literal

from mskg import paths
from mskg.namespaces import MSKG
from mskg.queries import Param, QueryError, SavedQuery, discover, resolve, run_saved
from mskg.store import QueryStore, Results

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
    HIGHLY_ACTIVE_REFRACTORY_MS,
    INTRATHECAL,
    MS,
    MSC,
    NON_INFLAMMATORY_PROGRESSIVE_MS,
    PLASMA_CELL,
    PLASMABLAST,
    PROGRESSIVE_MS,
)

SAVED = discover()
THERAPY = Param("therapy", "mskg:Therapy", "the therapy")


def ask(backend: QueryStore, name: str, **params: str) -> Results:
    return run_saved(backend, SAVED[name], params)


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


def test_randomized_trials_support_ahsct_alone(backend: QueryStore) -> None:
    results = ask(backend, "therapies-by-study-design", design="randomized trial")
    assert column(results, "therapy") == {AHSCT}
    assert column(results, "design") == {MSKG.RandomizedControlledTrial}
    assert text(results, "statement") == {
        "autologous hematopoietic stem cell transplantation has outcome inflammatory disease activity",
        "autologous hematopoietic stem cell transplantation has outcome no evidence of disease activity",
        "autologous hematopoietic stem cell transplantation has mechanism suppression of inflammatory activity",
    }
    assert text(results, "level") == {"A"}


def test_early_clinical_reports_are_the_evidence_for_the_car_t_products(backend: QueryStore) -> None:
    results = ask(backend, "therapies-by-study-design", design="early clinical report")
    assert column(results, "therapy") == {CD19_CAR_T, BCMA_CAR_T}


def test_consensus_recommends_ahsct_for_highly_active_ms_refractory_to_high_efficacy_dmts(backend: QueryStore) -> None:
    [row] = ask(backend, "recommended-uses").rows
    assert (row["therapy"], row["form"]) == (AHSCT, HIGHLY_ACTIVE_REFRACTORY_MS)
    assert str(row["broaderFormLabel"]) == "aggressive multiple sclerosis"
    assert str(row["refractoryToLabel"]) == "high-efficacy disease-modifying therapy"
    assert (str(row["level"]), str(row["design"])) == ("A", "consensus recommendation")


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


def test_car_t_cells_penetrate_the_cns_by_mechanism_too(backend: QueryStore) -> None:
    assert column(ask(backend, "therapies-by-mechanism", mechanism="CNS penetration"), "therapy") == {
        CD19_CAR_T,
        BCMA_CAR_T,
    }


def test_mscs_are_given_intrathecally_with_potential_benefit(backend: QueryStore) -> None:
    [row] = ask(backend, "administration-routes").rows
    assert (row["therapy"], row["route"]) == (MSC, INTRATHECAL)
    assert str(row["outcomeLabel"]) == "clinical improvement"
    assert (str(row["certainty"]), str(row["level"])) == ("promising", "B")
    assert (
        str(row["quote"]) == "Clinical studies suggest potential benefits, particularly with intrathecal administration"
    )


def test_therapies_in_progressive_ms_are_car_t_products_and_ahsct_in_its_non_inflammatory_form(
    backend: QueryStore,
) -> None:
    results = ask(backend, "therapies-in-progressive-ms")
    assert column(results, "therapy") == {CD19_CAR_T, BCMA_CAR_T, CAR_T, AHSCT}
    assert column(results, "form") == {PROGRESSIVE_MS, NON_INFLAMMATORY_PROGRESSIVE_MS}
    assert "CD19-directed CAR T-cell therapy studied in progressive multiple sclerosis" in text(results, "how")
    assert (
        "autologous hematopoietic stem cell transplantation debated for non-inflammatory progressive multiple sclerosis"
    ) in text(results, "how")
    assert len(results.rows) == 12


def test_the_safety_of_each_therapy_in_the_review_s_words(backend: QueryStore) -> None:
    results = ask(backend, "safety-profiles")
    assert {(row["therapy"], str(row["safetyLabel"])) for row in results.rows} == {
        (AHSCT, "markedly improved safety over time"),
        (CD19_CAR_T, "manageable toxicity"),
        (BCMA_CAR_T, "manageable toxicity"),
        (MSC, "favorable safety profile"),
    }


def test_ahsct_suppresses_inflammatory_activity_and_achieves_high_neda_rates(backend: QueryStore) -> None:
    results = ask(backend, "outcomes-of-therapy", therapy="AHSCT")
    assert {(str(r["outcomeLabel"]), str(r["effect"]), str(r["level"])) for r in results.rows} == {
        ("inflammatory disease activity", "reduces", "A"),
        ("inflammatory disease activity", "reduces", "B"),
        ("no evidence of disease activity", "increases", "A"),
        ("no evidence of disease activity", "increases", "B"),
    }
    assert [str(r["level"]) for r in results.rows] == ["A", "B", "A", "B"]


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


def test_msc_efficacy_is_the_inconsistent_claim_and_heterogeneity_the_reasons(backend: QueryStore) -> None:
    results = ask(backend, "mixed-or-inconsistent-evidence")
    assert claim_ids(results) == {"msc-efficacy-inconsistent"}
    assert text(results, "reasonLabel") == {
        "heterogeneous study designs",
        "heterogeneous patient populations",
        "heterogeneous outcome measures",
    }


def test_the_evidence_for_ahsct_is_every_claim_about_it_strongest_first(backend: QueryStore) -> None:
    results = ask(backend, "evidence-for-therapy", therapy="AHSCT")
    assert claim_ids(results) == {
        "ahsct-effective-in-aggressive-ms",
        "ahsct-suppresses-inflammatory-activity-in-randomized-trials",
        "ahsct-suppresses-inflammatory-activity-in-cohorts",
        "ahsct-achieves-neda-in-randomized-trials",
        "ahsct-achieves-neda-in-cohorts",
        "ahsct-acts-by-suppressing-inflammatory-activity",
        "ahsct-safety-improved-over-time",
        "ahsct-recommended-for-refractory-highly-active-ms",
        "ahsct-debated-for-non-inflammatory-progressive-ms",
    }
    levels = [str(row["level"]) for row in results.rows]
    assert levels == sorted(levels)
    for row in results.rows:
        assert row["therapy"] == AHSCT
        assert "Michel L. Cell therapy in multiple sclerosis" in str(row["citation"])
        assert int(row["end"]) - int(row["start"]) == len(str(row["quote"]))


def test_the_evidence_for_car_t_includes_its_cd19_and_bcma_directed_products(backend: QueryStore) -> None:
    statements = text(ask(backend, "evidence-for-therapy", therapy="CAR T-cell therapy"), "statement")
    assert "CD19-directed CAR T-cell therapy targets CD19" in statements
    assert "BCMA-directed CAR T-cell therapy acts in central nervous system" in statements
    assert "CAR T-cell therapy has research need controlled trials" in statements


def _canonical(results: Results) -> list[tuple[str, ...]]:
    return sorted(tuple(row[name].n3() if name in row else "" for name in results.variables) for row in results.rows)


@pytest.mark.parametrize("query", SAVED.values(), ids=list(SAVED))
def test_every_saved_query_gives_the_same_rows_on_every_backend(
    query: SavedQuery, store: QueryStore, backend: QueryStore
) -> None:
    values = {p.name: p.example for p in query.params if p.example}
    reference = run_saved(store, query, values)
    answer = run_saved(backend, query, values)
    assert answer.variables == reference.variables
    assert _canonical(answer) == _canonical(reference)


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
        run_saved(backend, SAVED["evidence-for-therapy"], {"therapy": hostile})


def test_a_string_parameter_is_bound_as_a_literal(backend: QueryStore) -> None:
    value = 'a "quoted" } value'
    assert resolve(backend, Param("text", "string", "free text"), value) == Literal(value)


def test_a_missing_parameter_names_the_flag_and_an_example(store: QueryStore) -> None:
    with pytest.raises(QueryError, match=r"needs --param therapy=VALUE.*therapy='AHSCT'"):
        run_saved(store, SAVED["evidence-for-therapy"], {})


def test_an_unknown_parameter_is_refused(store: QueryStore) -> None:
    with pytest.raises(QueryError, match="has no parameter drug"):
        run_saved(store, SAVED["evidence-for-therapy"], {"therapy": "AHSCT", "drug": "x"})


def test_a_saved_query_that_changes_data_is_refused(store: QueryStore, tmp_path: Path) -> None:
    path = tmp_path / "wipe.rq"
    path.write_text("#+ summary: wipe\n#+ answers: nothing\nDELETE WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="a saved query must not change data"):
        run_saved(store, SavedQuery.read(path), {})


@pytest.mark.parametrize("query", SAVED.values(), ids=list(SAVED))
def test_every_saved_query_has_a_header_and_runs(store: QueryStore, query: SavedQuery) -> None:
    assert query.summary
    assert query.answers
    assert query.description
    for param in query.params:
        assert param.example, f"{query.name}: parameter {param.name} has no example"
        assert f"?{param.name}" in query.text.split("WHERE", 1)[0], "a bound parameter must be projected"
    values = {p.name: p.example for p in query.params if p.example}
    assert run_saved(store, query, values).rows, f"{query.name} answers nothing on the real graph"


@pytest.mark.parametrize("query", SAVED.values(), ids=list(SAVED))
def test_every_saved_query_runs_pasted_into_a_bare_sparql_engine(query: SavedQuery) -> None:
    pyoxigraph.Store().query(query.text)  # no prefixes, no data: an undeclared prefix is a syntax error here


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
    } <= set(SAVED)


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


@pytest.mark.parametrize("query", SAVED.values(), ids=list(SAVED))
def test_no_saved_query_repeats_a_row_even_with_inferred_types(store: QueryStore, query: SavedQuery) -> None:
    values = {p.name: p.example for p in query.params if p.example}
    rows = _canonical(run_saved(store, query, values))
    assert len(rows) == len(set(rows))
