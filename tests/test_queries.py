"""The saved questions answer what the review supports, and parameters are values, never query text."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Literal

from mskg import paths
from mskg.queries import Param, QueryError, SavedQuery, discover, resolve, run_saved
from mskg.store import EmbeddedStore

from .terms import AHSCT, BCMA, BCMA_CAR_T, CD19, CD19_CAR_T, MS, PROGRESSIVE_MS, REVIEW

SAVED = discover()
THERAPY = Param("therapy", "mskg:Therapy", "the therapy")


def answers(store: EmbeddedStore, name: str, column: str, **params: str) -> set[object]:
    return {row[column] for row in run_saved(store, SAVED[name], params).rows}


def test_cd19_and_bcma_car_t_and_nothing_else_target_compartmentalized_b_cells(store: EmbeddedStore) -> None:
    rows = run_saved(store, SAVED["therapies-targeting-compartmentalized-b-cells"], {}).rows
    assert {(row["therapy"], row["target"]) for row in rows} == {(CD19_CAR_T, CD19), (BCMA_CAR_T, BCMA)}
    by_target = {row["target"]: str(row["expressedOn"]) for row in rows}
    assert by_target[CD19] == "B cell, plasmablast"
    assert by_target[BCMA] == "plasmablast, plasma cell"
    assert {str(row["compartmentLabel"]) for row in rows} == {"central nervous system"}


def test_cd19_and_bcma_car_t_penetrate_the_cns_in_progressive_ms(store: EmbeddedStore) -> None:
    rows = run_saved(store, SAVED["therapies-with-cns-penetration"], {}).rows
    assert {row["therapy"] for row in rows} == {CD19_CAR_T, BCMA_CAR_T}
    assert {row["population"] for row in rows} == {PROGRESSIVE_MS}
    assert {(str(row["level"]), str(row["certainty"])) for row in rows} == {("C", "preliminary")}
    assert all("demonstrate CNS penetration" in str(row["quote"]) for row in rows)


def test_the_evidence_for_ahsct_is_every_claim_about_it_strongest_first(store: EmbeddedStore) -> None:
    rows = run_saved(store, SAVED["evidence-for-therapy"], {"therapy": "AHSCT"}).rows
    claims = {str(row["claim"]).rsplit("/", 1)[1] for row in rows}
    assert claims == {
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
    levels = [str(row["level"]) for row in rows]
    assert levels == sorted(levels)
    for row in rows:
        assert row["therapy"] == AHSCT
        assert "Michel L. Cell therapy in multiple sclerosis" in str(row["citation"])
        start, end = int(row["start"]), int(row["end"])
        assert end - start == len(str(row["quote"]))


def test_the_evidence_for_car_t_includes_its_cd19_and_bcma_directed_products(store: EmbeddedStore) -> None:
    rows = run_saved(store, SAVED["evidence-for-therapy"], {"therapy": "CAR T-cell therapy"}).rows
    statements = {str(row["statement"]) for row in rows}
    assert "CD19-directed CAR T-cell therapy targets CD19" in statements
    assert "BCMA-directed CAR T-cell therapy acts in central nervous system" in statements
    assert "CAR T-cell therapy has research need controlled trials" in statements


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
def test_a_therapy_is_named_by_label_synonym_curie_or_iri(store: EmbeddedStore, value: str) -> None:
    assert resolve(store, THERAPY, value) == AHSCT


def test_a_disease_form_is_found_by_its_mondo_id(store: EmbeddedStore) -> None:
    assert resolve(store, Param("form", "mskg:DiseaseForm", "a form"), "MONDO:0005301") == MS


def test_an_unknown_therapy_is_an_error_listing_near_matches(store: EmbeddedStore) -> None:
    with pytest.raises(QueryError, match=r"no mskg:Therapy is called 'AHSC'.*near matches: .*AHSCT"):
        resolve(store, THERAPY, "AHSC")


def test_something_of_another_type_is_not_a_therapy(store: EmbeddedStore) -> None:
    with pytest.raises(QueryError, match="no mskg:Therapy is called 'CD19'"):
        resolve(store, THERAPY, "CD19")


@pytest.mark.parametrize("hostile", ['AHSCT" } ; DROP ALL #', "}} UNION { ?s ?p ?o }", "AHSCT'; #", "\\u0022"])
def test_a_parameter_with_quotes_braces_or_comments_is_only_a_value(store: EmbeddedStore, hostile: str) -> None:
    with pytest.raises(QueryError, match="no mskg:Therapy is called"):
        run_saved(store, SAVED["evidence-for-therapy"], {"therapy": hostile})


def test_a_string_parameter_is_bound_as_a_literal(store: EmbeddedStore) -> None:
    assert resolve(store, Param("text", "string", "free text"), 'a "quoted" } value') == Literal('a "quoted" } value')


def test_a_missing_parameter_names_the_flag_and_an_example(store: EmbeddedStore) -> None:
    with pytest.raises(QueryError, match=r"needs --param therapy=VALUE.*therapy='AHSCT'"):
        run_saved(store, SAVED["evidence-for-therapy"], {})


def test_an_unknown_parameter_is_refused(store: EmbeddedStore) -> None:
    with pytest.raises(QueryError, match="has no parameter drug"):
        run_saved(store, SAVED["evidence-for-therapy"], {"therapy": "AHSCT", "drug": "x"})


@pytest.mark.parametrize("query", SAVED.values(), ids=list(SAVED))
def test_every_saved_query_has_a_header_and_runs(store: EmbeddedStore, query: SavedQuery) -> None:
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
    bare = pyoxigraph.Store()  # no prefixes, no data: an undeclared prefix is a syntax error here
    bare.query(query.text)


def test_a_broad_mapping_does_not_name_a_therapy(store: EmbeddedStore) -> None:
    with pytest.raises(QueryError):  # AHSCT maps broad to MAxO's hematopoietic stem cell transplantation
        resolve(store, THERAPY, "MAXO:0000747")


def test_the_three_first_questions_are_saved() -> None:
    assert {
        "therapies-targeting-compartmentalized-b-cells",
        "evidence-for-therapy",
        "therapies-with-cns-penetration",
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


def test_the_review_is_the_source_of_the_cns_claims(store: EmbeddedStore) -> None:
    rows = store.select(
        "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?claim ?source WHERE { ?claim prov:wasDerivedFrom ?source }"
    ).rows
    sources = {row["source"] for row in rows if str(row["claim"]).endswith("-penetrates-cns")}
    assert sources == {REVIEW}
