"""The graph view, tested in a real browser: Debian's Chromium driven by Playwright, with the network off.

Each page is opened from ``file://`` in an offline browser context in which every http(s) request is refused
and recorded; the page must need none.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Dialog, Page, Route, sync_playwright

from mskg.curation import Curation
from mskg.outputs.graphmodel import GraphEdge, GraphModel, GraphNode
from mskg.outputs.view import CONFLICT_HALO, UNSUPPORTED_STYLE, Lens, render
from mskg.pipeline.build import BuildResult, build

from .helpers import RESOURCES, invoke
from .terms import AHSCT, B_CELL, BCMA, BCMA_CAR_T, CD19, CD19_CAR_T, CNS, MSC, MSC_NP, PLASMA_CELL, PLASMABLAST

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE_LABEL = "<img src=x onerror=alert(1)>"
HOSTILE_DEFINITION = "<script>alert(2)</script> and a </script> end"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium from Debian (installed by .ci/run), without any of its own network traffic."""
    assert CHROMIUM.exists(), "Debian's chromium is not installed (apt-get install chromium; .ci/run does it)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-sync",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield launched
        launched.close()


@dataclass
class Opened:
    """A page opened offline, with what it tried to fetch, the dialogs it opened and its script errors."""

    page: Page
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def js(self, expression: str, argument: Any = None) -> Any:
        return self.page.evaluate(expression, argument)

    def text(self, selector: str) -> str:
        return self.page.text_content(selector) or ""

    def show_edge(self, edge_id: str) -> str:
        """Select an edge as a click would, and return the text the details panel then shows."""
        self.js("(id) => window.mskg.showEdge(id)", edge_id)
        return self.text("#selection")

    def edges_between(self, source: object, target: object) -> list[dict[str, Any]]:
        """The page's edges from one node to another, as vis-network holds them."""
        script = "([s, t]) => window.mskg.edges.get({filter: (e) => e.from === s && e.to === t})"
        edges: list[dict[str, Any]] = self.js(script, [str(source), str(target)])
        return edges


@pytest.fixture(scope="module")
def offline(browser: Browser) -> Iterator[BrowserContext]:
    """One offline browser context for the module's pages (the view keeps nothing in storage or cookies)."""
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    yield context
    context.close()


@pytest.fixture
def open_page(offline: BrowserContext) -> Iterator[Callable[[Path], Opened]]:
    pages: list[Page] = []

    def opener(path: Path) -> Opened:
        page = offline.new_page()
        pages.append(page)
        opened = Opened(page)

        def refuse(route: Route) -> None:
            opened.requests.append(route.request.url)
            route.abort()

        page.route("http://**/*", refuse)
        page.route("https://**/*", refuse)

        def dialog_opened(dialog: Dialog) -> None:
            opened.dialogs.append(dialog.message)
            dialog.dismiss()

        def console(message: ConsoleMessage) -> None:
            if message.type == "error":
                opened.errors.append(message.text)

        page.on("dialog", dialog_opened)
        page.on("pageerror", lambda error: opened.errors.append(str(error)))
        page.on("console", console)
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=60_000)
        return opened

    yield opener
    for page in pages:
        page.close()
    # What the next test's pages would see of this one's: nothing, or the shared context would tie tests together.
    assert offline.storage_state() == {"cookies": [], "origins": []}


@pytest.fixture(scope="module")
def lens_page(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lens") / "lens.html"
    run = invoke(
        "view", "--store", str(built.out), "--query", "therapies-targeting-compartmentalized-b-cells", "-o", str(out)
    )
    assert run.exit_code == 0, run.stderr
    return out


def test_the_build_writes_a_view_that_opens_offline(
    built: BuildResult, open_page: Callable[[Path], Opened], curation: Curation
) -> None:
    opened = open_page(built.out / "graph.html")
    assert opened.requests == []
    assert opened.errors == []
    entities = len(curation.entities)
    assert opened.js("window.mskg.nodes.length") == len(opened.js("Object.keys(window.mskg.data.nodes)")) == entities


def test_the_therapies_and_targets_are_nodes_and_claims_are_edges(
    built: BuildResult, open_page: Callable[[Path], Opened]
) -> None:
    opened = open_page(built.out / "graph.html")
    ids = set(opened.js("window.mskg.nodes.getIds()"))
    assert {str(x) for x in (AHSCT, CD19_CAR_T, BCMA_CAR_T, MSC, CD19, BCMA, B_CELL, CNS)} <= ids
    targets = [(edge["label"], edge["level"]) for edge in opened.edges_between(CD19_CAR_T, CD19)]
    assert targets == [("targets", "C")]


def test_search_finds_cd19_car_t_by_a_synonym(built: BuildResult, open_page: Callable[[Path], Opened]) -> None:
    opened = open_page(built.out / "graph.html")
    opened.page.fill("#search-input", "cd19 car-t")
    opened.page.click("#search button")
    assert opened.js("window.mskg.network.getSelectedNodes()") == [str(CD19_CAR_T)]
    assert opened.text("#selection h3") == "CD19-directed CAR T-cell therapy"
    assert opened.text("#search-result") == "Found CD19-directed CAR T-cell therapy."


def test_unticking_a_kind_hides_its_nodes_and_their_edges(
    built: BuildResult, open_page: Callable[[Path], Opened]
) -> None:
    opened = open_page(built.out / "graph.html")
    opened.page.uncheck('input[data-filter="kind:cell type"]')
    hidden = opened.js("window.mskg.nodes.get({filter: (n) => n.hidden}).map((n) => n.id)")
    assert set(hidden) == {
        str(B_CELL),
        str(PLASMABLAST),
        str(PLASMA_CELL),
        "https://w3id.org/mskg/id/cell-type/b-lineage-cell",
    }
    assert opened.js("window.mskg.edges.get({filter: (e) => e.to.includes('cell-type/') && !e.hidden}).length") == 0
    opened.page.check('input[data-filter="kind:cell type"]')
    assert opened.js("window.mskg.nodes.get({filter: (n) => n.hidden}).length") == 0


def test_unticking_an_evidence_level_hides_its_edges(built: BuildResult, open_page: Callable[[Path], Opened]) -> None:
    opened = open_page(built.out / "graph.html")
    opened.page.uncheck('input[data-filter="level:C"]')
    levels = opened.js("window.mskg.edges.get({filter: (e) => !e.hidden}).map((e) => e.level)")
    assert "C" not in levels
    assert "B" in levels


def test_an_edge_shows_each_claim_with_quote_level_design_and_source(
    built: BuildResult, open_page: Callable[[Path], Opened]
) -> None:
    opened = open_page(built.out / "graph.html")
    [edge] = opened.edges_between(AHSCT, "https://w3id.org/mskg/id/outcome/neda")
    text = opened.show_edge(edge["id"])
    assert "3 claims, best supporting evidence B" in text
    assert "randomized controlled trial" in text
    assert "meta-analysis" in text
    assert "“Randomized trials and large observational cohorts demonstrate" in text
    assert "of no evidence of disease activity” (results)" in text  # where the quote stands in the review
    assert "Studies: AHSCT in MS meta-analysis (Sormani, 2017) (supports)" in text
    assert "the sum over its studies of the level's weight (A 10, B 5, C 3, D 1, E 0.5)" in text  # with its scale
    hrefs = opened.js("[...document.querySelectorAll('#selection a')].map((a) => a.href)")
    # Each claim citing the review gives its PMID and DOI once, as links, not again inside the citation's text.
    citing = text.count("Revue Neurologique")
    assert citing >= 1
    assert text.count("PMID:41997827") == text.count("doi:10.1016/j.neurol.2026.03.012") == citing
    assert "https://pubmed.ncbi.nlm.nih.gov/41997827/" in hrefs
    assert "https://doi.org/10.1016/j.neurol.2026.03.012" in hrefs
    assert "https://doi.org/10.1212/WNL.0000000000003987" in hrefs  # the meta-analysis's own finding


def test_a_node_links_its_external_identifiers_to_their_resolvers(
    built: BuildResult, open_page: Callable[[Path], Opened]
) -> None:
    opened = open_page(built.out / "graph.html")
    opened.js("(id) => window.mskg.showNode(id)", str(CD19))
    links = opened.js("[...document.querySelectorAll('#selection dd a')].map((a) => [a.textContent, a.href])")
    assert ["UniProtKB:P15391", "http://purl.uniprot.org/uniprot/P15391"] in links
    assert ["HGNC:1633", "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/1633"] in links


def test_claims_and_sources_can_be_shown_as_nodes_and_folded_back(
    built: BuildResult, open_page: Callable[[Path], Opened]
) -> None:
    opened = open_page(built.out / "graph.html")
    before = opened.js("window.mskg.nodes.length")
    opened.page.check("#expand-claims")
    claims = opened.js("window.mskg.nodes.get({filter: (n) => n.kind === 'claim'}).length")
    sources = opened.js("window.mskg.nodes.get({filter: (n) => n.kind === 'source'}).length")
    assert claims == len(built.curation.claims)
    assert sources == len({claim.source for claim in built.curation.claims})  # source records and studies
    opened.page.uncheck("#expand-claims")
    assert opened.js("window.mskg.nodes.length") == before


def test_the_query_lens_highlights_the_answers_and_dims_the_rest(
    lens_page: Path, open_page: Callable[[Path], Opened]
) -> None:
    opened = open_page(lens_page)
    assert set(opened.js("window.mskg.lens.answers")) == {
        str(x) for x in (CD19_CAR_T, BCMA_CAR_T, CD19, BCMA, B_CELL, PLASMABLAST, PLASMA_CELL, CNS)
    }
    lens_of = opened.js("Object.fromEntries(window.mskg.nodes.get().map((n) => [n.id, n.lens]))")
    assert lens_of[str(CD19_CAR_T)] == "answer"
    assert lens_of["https://w3id.org/mskg/id/therapy/car-t"] == "neighbour"
    assert lens_of[str(MSC)] == "dimmed"
    assert opened.text("#lens summary .question") == "Therapies that target compartmentalized B cells"
    assert opened.js("document.querySelectorAll('#lens tr').length") == 1 + 4


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graph whose curated label and definition are markup, built the way curators build."""
    folder = tmp_path_factory.mktemp("hostile")
    curation = folder / "curation"
    shutil.copytree(RESOURCES / "curation-reasoner", curation)
    small = curation / "small.yaml"
    text = small.read_text(encoding="utf-8")
    text = text.replace("label: CD19\n", f"label: '{HOSTILE_LABEL}'\n").replace(
        "definition: A B-cell surface protein.", f"definition: '{HOSTILE_DEFINITION}'"
    )
    small.write_text(text, encoding="utf-8")
    build(folder / "out", curation_dir=curation, reason=False)
    return folder / "out" / "graph.html"


def test_labels_that_are_markup_show_as_text_and_run_nothing(
    hostile_build: Path, open_page: Callable[[Path], Opened]
) -> None:
    html = hostile_build.read_text(encoding="utf-8")
    assert HOSTILE_LABEL not in html
    assert "<script>alert(2)" not in html
    opened = open_page(hostile_build)
    assert opened.js("(label) => window.mskg.search(label)", HOSTILE_LABEL) == str(CD19)
    assert opened.text("#selection h3") == HOSTILE_LABEL
    assert HOSTILE_DEFINITION in opened.text("#selection")
    opened.page.hover("#mynetwork")
    assert opened.dialogs == []
    assert opened.js("document.querySelectorAll('img, #selection script').length") == 0
    assert opened.errors == []


def test_any_rdf_file_can_be_viewed(tmp_path: Path, open_page: Callable[[Path], Opened]) -> None:
    data = tmp_path / "people.ttl"
    data.write_text(
        "@prefix ex: <https://example.org/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'ex:ada a ex:Person ; rdfs:label "Ada" ; ex:knows ex:bob .\n'
        f'ex:bob a ex:Person ; rdfs:label "{HOSTILE_LABEL}" .\n',
        encoding="utf-8",
    )
    run = invoke("view", "--graph", str(data))
    assert run.exit_code == 0, run.stderr
    opened = open_page(tmp_path / "people.html")
    assert opened.js("window.mskg.nodes.getIds().sort()") == ["https://example.org/ada", "https://example.org/bob"]
    assert opened.js("window.mskg.search('ada')") == "https://example.org/ada"
    assert opened.dialogs == []


def test_an_unreadable_rdf_file_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    run = invoke("view", "--graph", str(bad))
    assert run.exit_code == 2
    assert run.stderr.startswith(f"mskg: cannot read {bad} as turtle")
    assert "Traceback" not in run.stderr


def _star(title: str, size: int) -> GraphModel:
    """A generic graph of ``size`` nodes n0 … n(size-1), with an edge from n0 to every other one."""
    model = GraphModel(title, mskg=False)
    for index in range(size):
        model.nodes[f"https://example.org/n{index}"] = GraphNode(f"https://example.org/n{index}", f"n{index}", "t", "t")
    for index in range(1, size):
        model.edges.append(GraphEdge(f"e{index}", "https://example.org/n0", f"https://example.org/n{index}", "r"))
    return model


def test_a_graph_above_the_node_limit_keeps_the_best_connected_and_says_so(
    tmp_path: Path, open_page: Callable[[Path], Opened]
) -> None:
    model = _star("star", 30)
    page = tmp_path / "limited.html"
    page.write_text(render(model, max_nodes=10), encoding="utf-8")
    opened = open_page(page)
    assert opened.js("window.mskg.nodes.length") == 10
    assert "https://example.org/n0" in opened.js("window.mskg.nodes.getIds()")
    assert opened.text("#notice") == (
        "Showing the 10 best-connected of 30 nodes. Use a saved query (mskg view --query NAME) or --max-nodes to "
        "see others."
    )


def test_a_question_s_answer_stays_on_a_graph_too_large_to_draw_whole(
    tmp_path: Path, open_page: Callable[[Path], Opened]
) -> None:
    model = _star("star and a pair", 30)
    for index in (30, 31):
        model.nodes[f"https://example.org/n{index}"] = GraphNode(f"https://example.org/n{index}", f"n{index}", "t", "t")
    model.edges.append(GraphEdge("pair", "https://example.org/n30", "https://example.org/n31", "r"))
    lens = Lens("which node is n31?", "", ["node"], [["n31"]], ["https://example.org/n31"])
    page = tmp_path / "focused.html"
    page.write_text(render(model, lens, max_nodes=10), encoding="utf-8")
    opened = open_page(page)
    shown = opened.js("window.mskg.nodes.getIds()")
    assert len(shown) == 10
    assert {"https://example.org/n31", "https://example.org/n30", "https://example.org/n0"} <= set(shown)
    assert opened.text("#notice").startswith(
        "Showing 10 of 32 nodes: the question's answers, their neighbours and the best-connected others."
    )


def test_a_screenshot_of_the_view_can_be_taken(
    built: BuildResult, open_page: Callable[[Path], Opened], tmp_path: Path
) -> None:
    opened = open_page(built.out / "graph.html")
    picture = tmp_path / "graph.png"
    opened.page.screenshot(path=str(picture))
    assert picture.stat().st_size > 20_000


def test_a_contested_statement_is_dashed_by_its_direction(
    built: BuildResult, open_page: Callable[[Path], Opened]
) -> None:
    opened = open_page(built.out / "graph.html")
    [msc_improvement] = opened.edges_between(MSC, "https://w3id.org/mskg/id/outcome/clinical-improvement")
    assert msc_improvement["dashes"] == [8, 6]  # the review finds it mixed
    assert opened.js("(id) => window.mskg.data.edges[id].direction", msc_improvement["id"]) == "mixed"
    [cd19] = opened.edges_between(CD19_CAR_T, CD19)
    assert cd19["dashes"] is False
    assert opened.js("document.querySelectorAll('#legend-directions .row').length") == 4


def test_a_debated_or_refuted_statement_never_looks_like_strong_evidence_for_it(
    built: BuildResult, open_page: Callable[[Path], Opened]
) -> None:
    opened = open_page(built.out / "graph.html")
    muted = {"color": UNSUPPORTED_STYLE[0], "width": UNSUPPORTED_STYLE[1]}
    [debated] = opened.edges_between(AHSCT, "https://w3id.org/mskg/id/disease-form/non-inflammatory-progressive-ms")
    assert debated["dashes"] == [2, 5]  # the legend's pattern for "a source calls it debated"
    assert {"color": debated["color"], "width": debated["width"]} == muted  # not level A's thick dark green
    assert debated["label"].startswith("debated: ")
    [refuted] = opened.edges_between(MSC_NP, "https://w3id.org/mskg/id/outcome/clinical-improvement")
    assert refuted["dashes"] == [12, 4, 2, 4]
    assert {"color": refuted["color"], "width": refuted["width"]} == muted
    assert refuted["label"] == "refuted: has outcome"
    [reduces] = opened.edges_between(AHSCT, "https://w3id.org/mskg/id/outcome/inflammatory-activity")
    assert reduces["label"] == "has outcome: reduces"  # the effect is on the edge
    assert opened.js("document.querySelector('#legend-unsupported').textContent").startswith(" no source supports")


def test_conflicting_claims_give_their_edge_a_red_halo_and_name_each_other(
    built: BuildResult, open_page: Callable[[Path], Opened]
) -> None:
    opened = open_page(built.out / "graph.html")
    [route_conflict] = opened.edges_between(MSC, "https://w3id.org/mskg/id/outcome/inflammatory-activity")
    assert route_conflict["shadow"]["enabled"] is True
    assert route_conflict["shadow"]["color"] == CONFLICT_HALO["color"]
    [cd19] = opened.edges_between(CD19_CAR_T, CD19)
    assert cd19["shadow"] is False
    assert opened.js("(id) => window.mskg.data.edges[id].conflicting", route_conflict["id"]) is True
    text = opened.show_edge(route_conflict["id"])
    assert "the claims conflict" in text
    assert "via intravenous administration" in text
    assert "via intrathecal administration" in text
    assert (
        "Conflicts with: mesenchymal stromal cell therapy given by intravenous administration did not reduce "
        "inflammatory disease activity, in multiple sclerosis (MESEMS) — MESEMS"
    ) in text
    assert opened.js("getComputedStyle(document.getElementById('conflict-sample')).boxShadow") != "none"


def test_every_node_is_named_in_full_on_wrapped_lines(built: BuildResult) -> None:
    page = (built.out / "graph.html").read_text(encoding="utf-8")
    assert "autologous hematopoietic\\nstem cell\\ntransplantation" in page
    assert "autologous hematopoietic stem cell tran…" not in page


def test_a_view_opens_with_the_same_layout_every_time(built: BuildResult, open_page: Callable[[Path], Opened]) -> None:
    read = "JSON.stringify(Object.entries(window.mskg.network.getPositions()).sort())"
    first, second = (open_page(built.out / "graph.html").js(read) for _ in range(2))
    assert first == second


# ---- the view at first sight (1400x900): what is drawn, read back from the page --------------------------------

READ_BOXES = """() => {
  const n = window.mskg.network;
  const ids = window.mskg.nodes.getIds();
  return Object.fromEntries(ids.map((id) => {
    const b = n.getBoundingBox(id);
    const a = n.canvasToDOM({ x: b.left, y: b.top }), z = n.canvasToDOM({ x: b.right, y: b.bottom });
    return [id, [a.x, a.y, z.x, z.y]];
  }));
}"""


def _overlapping(boxes: dict[str, list[float]]) -> list[tuple[str, str]]:
    items = sorted(boxes.items())
    return [
        (a, b)
        for index, (a, (ax, ay, az, aw)) in enumerate(items)
        for b, (bx, by, bz, bw) in items[index + 1 :]
        if ax < bz and bx < az and ay < bw and by < aw
    ]


def test_labels_are_legible_at_the_opening_zoom(built: BuildResult, open_page: Callable[[Path], Opened]) -> None:
    opened = open_page(built.out / "graph.html")
    scale = opened.js("window.mskg.network.getScale()")
    # The sizes vis-network draws with, per node and edge (its internal body: what is on the canvas).
    node_font = opened.js("Math.min(...Object.values(window.mskg.network.body.nodes).map((n) => n.options.font.size))")
    edge_font = opened.js("Math.min(...Object.values(window.mskg.network.body.edges).map((e) => e.options.font.size))")
    assert scale * node_font >= 12, f"node labels drawn at {scale * node_font:.1f} px"
    assert scale * edge_font >= 11, f"edge labels drawn at {scale * edge_font:.1f} px"


def test_no_two_node_labels_overlap(built: BuildResult, lens_page: Path, open_page: Callable[[Path], Opened]) -> None:
    for page in (built.out / "graph.html", lens_page):
        boxes = open_page(page).js(READ_BOXES)
        assert len(boxes) > 50
        assert _overlapping(boxes) == [], page.name


def test_a_question_page_opens_on_all_its_answers(lens_page: Path, open_page: Callable[[Path], Opened]) -> None:
    opened = open_page(lens_page)
    boxes = opened.js(READ_BOXES)
    width, height = opened.js(
        "[document.getElementById('mynetwork').clientWidth, document.getElementById('mynetwork').clientHeight]"
    )
    for answer in opened.js("window.mskg.lens.answers"):
        left, top, right, bottom = boxes[answer]
        assert left >= 0, f"{answer} is outside the opening view"
        assert top >= 0, f"{answer} is outside the opening view"
        assert right <= width, f"{answer} is outside the opening view"
        assert bottom <= height, f"{answer} is outside the opening view"
    assert opened.js("window.mskg.network.getScale()") >= opened.js("window.mskg.data.minScale")


def test_a_clicked_claim_is_shown_without_scrolling_on_a_question_page(
    lens_page: Path, open_page: Callable[[Path], Opened]
) -> None:
    opened = open_page(lens_page)
    edge = opened.js(
        "([s, t]) => window.mskg.edges.get({filter: (e) => e.from === s && e.to === t})[0].id",
        [str(CD19_CAR_T), str(CD19)],
    )
    opened.show_edge(edge)
    claim = opened.js("document.querySelector('#selection .claim').getBoundingClientRect().top")
    assert claim < 900 * 0.6, "the claim starts below the upper part of the window"
    assert opened.js("document.getElementById('details').scrollTop") == 0
    assert opened.js("document.getElementById('lens').open") is False  # the question folds to its summary line
    assert "Therapies that target compartmentalized B cells" in opened.text("#lens summary")


def test_a_node_that_only_qualifies_claims_is_tied_to_them_and_says_so(
    built: BuildResult, open_page: Callable[[Path], Opened]
) -> None:
    opened = open_page(built.out / "graph.html")
    intravenous = "https://w3id.org/mskg/id/route/intravenous"
    ties = opened.js("(id) => window.mskg.edges.get({filter: (e) => e.to === id}).map((e) => e.id)", intravenous)
    assert ties, "intravenous administration floats unconnected"
    text = opened.show_edge(ties[0])
    assert "has no relation of its own here" in text
    assert "comparator route" in text
    assert "mesenchymal stromal cell therapy" in text
    opened.js("(id) => window.mskg.showNode(id)", intravenous)
    assert "Qualifies" in opened.text("#selection")


def test_relation_names_show_on_hover_and_everywhere_on_request(
    built: BuildResult, open_page: Callable[[Path], Opened]
) -> None:
    opened = open_page(built.out / "graph.html")
    colours = "window.mskg.edges.get().filter((e) => window.mskg.data.edges[e.id]).map((e) => e.font.color)"
    assert set(opened.js(colours)) == {"rgba(0,0,0,0)"}
    opened.page.check("#all-relations")
    assert set(opened.js(colours)) == {"#343434"}
