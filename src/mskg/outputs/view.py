"""Renders a graph model as one self-contained HTML page that works offline, and returns it as a string.

The page is made with pyvis (``generate_html()``, ``cdn_resources="in_line"``) but with mskg's own template:
pyvis's template fetches Bootstrap from a CDN and inserts node titles as HTML, so it neither works offline nor is
safe with text from data. Here every script and style is in the page, every text from the data travels as JSON and
is shown with ``textContent``, and nodes get no HTML ``title``. The caller chooses where to write the page.

Where each node goes is decided here, before the page is written (:mod:`mskg.base.layout`): the page opens with the
same picture every time, at once, with no two labels overlapping, at a zoom where labels are legible and, for a
saved question, on its answers.

What the page shows: entities as nodes (coloured and shaped by kind, sized by degree, with a legend), claims as
edges between them (labelled by relation, styled by their best evidence level and by whether any source contests
them), details of a node or edge on click (definition, external identifiers linked to their resolvers, every claim
with its quote, level, design and source), a search box, filters by kind and evidence level, a switch that shows
claims and sources as nodes, and — with a saved query — a lens on the query's answers.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections import defaultdict
from dataclasses import asdict, dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import BNode, URIRef

from mskg.base.layout import box_of, layout
from mskg.base.namespaces import MSKG
from mskg.engine.formats import short
from mskg.engine.store import Results
from mskg.outputs.graphmodel import GraphEdge, GraphModel, GraphNode

__all__ = [
    "CONFLICT_HALO",
    "DEFAULT_MAX_NODES",
    "DIRECTION_DASHES",
    "Lens",
    "default_output",
    "lens_from_results",
    "render",
]

#: Above this many nodes the page keeps the best-connected ones and says so.
DEFAULT_MAX_NODES = 5000
#: Above this many nodes showing claims as nodes adds them without a physics simulation (it would not settle).
LARGE = 400
#: The font sizes of node labels, of a saved question's answers (bold) and of edge labels, in canvas units. The
#: page opens at a zoom of at least :data:`MIN_SCALE`, so a label is never drawn smaller than 12 px.
NODE_FONT = 15
ANSWER_FONT = 18
EDGE_FONT = 13
MIN_SCALE = 0.85

#: The colour and shape of each kind of entity, by the kind's class IRI (a renamed label keeps its style).
_KIND_STYLE: dict[URIRef, tuple[str, str]] = {
    MSKG.Therapy: ("#1f77b4", "dot"),
    MSKG.MolecularTarget: ("#d62728", "diamond"),
    MSKG.CellType: ("#2ca02c", "triangle"),
    MSKG.AnatomicalCompartment: ("#8c564b", "square"),
    MSKG.Mechanism: ("#9467bd", "hexagon"),
    MSKG.DiseaseForm: ("#ff7f0e", "star"),
    MSKG.Outcome: ("#17becf", "triangleDown"),
    MSKG.AdministrationRoute: ("#7f7f7f", "square"),
    MSKG.AdverseEvent: ("#e377c2", "diamond"),
    MSKG.SafetyProfile: ("#bcbd22", "hexagon"),
    MSKG.Pathology: ("#aa3939", "star"),
    MSKG.UnmetNeed: ("#393b79", "triangleDown"),
    MSKG.ResearchNeed: ("#637939", "dot"),
    MSKG.Comparator: ("#c7c7c7", "square"),
    MSKG.Drug: ("#8c6d31", "diamond"),
    MSKG.OutcomeMeasure: ("#6baed6", "triangle"),
}
_OTHER_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"]
LEVEL_STYLE: dict[str, tuple[str, float]] = {
    "A": ("#1a5e20", 5.0),
    "B": ("#3d8b40", 4.0),
    "C": ("#7cb342", 3.0),
    "D": ("#c0a000", 2.0),
    "E": ("#9e9e9e", 1.5),
}
#: How an edge that no claim supports is drawn (only refuted, mixed or debated claims): thin and muted, so that
#: strong evidence of a debate never looks like strong evidence for the statement.
UNSUPPORTED_STYLE: tuple[str, float] = ("#8e6c8a", 1.5)
#: How an edge is dashed by the most contested direction among its claims (vis-network dash patterns).
DIRECTION_DASHES: dict[str, list[int] | bool] = {
    "supports": False,
    "mixed": [8, 6],
    "debated": [2, 5],
    "refutes": [12, 4, 2, 4],
}

#: The red halo (a vis-network edge shadow) that marks an edge whose claims conflict (``mskg:conflictsWith``).
CONFLICT_HALO: dict[str, Any] = {"enabled": True, "color": "rgba(214, 39, 40, 0.85)", "size": 14, "x": 0, "y": 0}


@dataclass
class Lens:
    """A saved question shown on the page: its words, its answer rows, and the nodes to highlight."""

    question: str
    description: str
    columns: list[str]
    rows: list[list[str]]
    answers: list[str]


def default_output(
    store_dir: Path, graph_file: Path | None, query: str | None, params: dict[str, str] | None = None
) -> Path:
    """Where `mskg view` writes when no --output is given: in the build folder, or beside the viewed file.

    The name says what the page shows, so views of one question with different parameters do not overwrite each
    other: ``build/graph-evidence-for-therapy-ahsct.html``.
    """
    stem = graph_file.stem if graph_file is not None else "graph"
    folder = graph_file.parent if graph_file is not None else store_dir
    words = [stem, *([query] if query else []), *(_slug(value) for _, value in sorted((params or {}).items()))]
    return folder / ("-".join(word for word in words if word) + ".html")


def _slug(text: str) -> str:
    """A parameter value as a file-name word: ``CAR T`` → ``car-t``, ``MONDO:0005284`` → ``mondo-0005284``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def lens_from_results(question: str, description: str, results: Results, model: GraphModel) -> Lens:
    """A lens from a saved query's answer: every node the rows name is highlighted."""
    answers: list[str] = []
    for row in results.rows:
        for value in row.values():
            if isinstance(value, URIRef | BNode) and str(value) in model.nodes and str(value) not in answers:
                answers.append(str(value))
    shown = [name for name in results.variables if f"{name}Label" not in results.variables]
    rows = [[short(row[name]) if name in row else "" for name in shown] for row in results.rows]
    columns = [name.removesuffix("Label") if name.endswith("Label") else name for name in shown]
    return Lens(question, description, columns, rows, answers)


def render(model: GraphModel, lens: Lens | None = None, max_nodes: int = DEFAULT_MAX_NODES) -> str:
    """The page for ``model`` (and ``lens``), as one HTML string."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
    from pyvis.network import Network

    nodes, notice = _limit(model, max_nodes, lens.answers if lens else [])
    kept_edges = [e for e in model.edges if e.source in nodes and e.target in nodes]
    degree: dict[str, int] = defaultdict(int)
    for edge in kept_edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    kinds = _kind_styles(nodes.values())
    answers = set(lens.answers) if lens else set()
    qualifier_edges = _qualifier_edges(nodes, kept_edges)
    qualifier_ids = {edge.id for edge in qualifier_edges}
    sizes = {node: 10 + 4 * math.sqrt(degree[node]) for node in nodes}
    boxes = {
        node.id: box_of(
            _wrapped(node.label),
            sizes[node.id],
            ANSWER_FONT if node.id in answers else NODE_FONT,
            bold=node.id in answers,
        )
        for node in nodes.values()
    }
    positions = layout(nodes, [(e.source, e.target) for e in kept_edges + qualifier_edges], boxes, focus=answers)
    network = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading=model.title)
    for node in nodes.values():
        colour, shape = kinds[node.kind]
        x, y = positions[node.id]
        network.add_node(
            node.id,
            label=_wrapped(node.label),
            shape=shape,
            color=colour,
            size=sizes[node.id],
            kind=node.kind,
            x=x,
            y=y,
        )
    for edge in kept_edges:
        if edge.claims and not edge.supported_level:
            colour, width = UNSUPPORTED_STYLE
        else:
            colour, width = LEVEL_STYLE.get(edge.supported_level, ("#b0b0b0", 1.0))
        network.add_edge(
            edge.source,
            edge.target,
            id=edge.id,
            label=edge.text,
            color=colour,
            width=width,
            dashes=DIRECTION_DASHES[edge.direction],
            shadow=CONFLICT_HALO if edge.conflicting else False,
            level=edge.level,
            arrows="to",
        )
    for edge in qualifier_edges:
        network.add_edge(
            edge.source, edge.target, id=edge.id, label=edge.relation, color="#b0b0b0", width=1, dashes=[1, 4]
        )
    network.set_options(_options())
    environment = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(str(resources.files("mskg").joinpath("templates"))),
                FileSystemLoader(network.template_dir),
            ]
        ),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    environment.globals["mskg"] = {
        "title": model.title,
        "notice": notice,
        "data": {
            "mskg": model.mskg,
            "kinds": [{"name": name, "colour": c, "shape": s} for name, (c, s) in kinds.items()],
            "levels": [{"name": level, "colour": c, "width": w} for level, (c, w) in LEVEL_STYLE.items()],
            "unsupported": {"colour": UNSUPPORTED_STYLE[0], "width": UNSUPPORTED_STYLE[1]},
            "nodes": {node.id: _shallow(node) for node in nodes.values()},
            "edges": {
                edge.id: {
                    **_shallow(edge),
                    "level": edge.level,
                    "supportedLevel": edge.supported_level,
                    "text": edge.text,
                    "contested": edge.contested,
                    "direction": edge.direction,
                    "conflicting": edge.conflicting,
                    "qualifier": edge.id in qualifier_ids,
                }
                for edge in kept_edges + qualifier_edges
            },
            "directions": [{"name": name, "dashes": dashes} for name, dashes in DIRECTION_DASHES.items()],
            "conflictColour": CONFLICT_HALO["color"],
            "lens": asdict(lens) if lens else None,
            "large": len(nodes) > LARGE,
            "minScale": MIN_SCALE,
        },
    }
    network.templateEnv = environment
    network.path = "graph.html"
    return str(network.generate_html(name="graph.html"))


def _limit(model: GraphModel, max_nodes: int, answers: list[str]) -> tuple[dict[str, GraphNode], str | None]:
    """The nodes to draw: all of them, or ``max_nodes`` of them with a message saying so.

    A saved question's answers are kept first, then their neighbours, then the best-connected of the rest: on a
    graph too large to draw whole, the page still shows what the question found.
    """
    if len(model.nodes) <= max_nodes:
        return model.nodes, None
    degree: dict[str, int] = defaultdict(int)
    neighbours: set[str] = set()
    focus = set(answers)
    for edge in model.edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
        if edge.source in focus:
            neighbours.add(edge.target)
        if edge.target in focus:
            neighbours.add(edge.source)
    kept = sorted(model.nodes, key=lambda n: (n not in focus, n not in neighbours, -degree[n], n))[:max_nodes]
    shown = (
        f"Showing {max_nodes:,} of {len(model.nodes):,} nodes: the question's answers, their neighbours and the "
        "best-connected others."
        if focus
        else f"Showing the {max_nodes:,} best-connected of {len(model.nodes):,} nodes."
    )
    notice = f"{shown} Use a saved query (mskg view --query NAME) or --max-nodes to see others."
    return {n: model.nodes[n] for n in kept}, notice


def _kind_styles(nodes: Any) -> dict[str, tuple[str, str]]:
    styles: dict[str, tuple[str, str]] = {}
    others = iter(_OTHER_COLOURS * 10)
    for node in sorted(nodes, key=lambda n: n.kind):
        if node.kind not in styles:
            styles[node.kind] = _KIND_STYLE.get(URIRef(node.kind_iri)) or (next(others, "#999999"), "dot")
    return styles


def _qualifier_edges(nodes: dict[str, GraphNode], edges: list[GraphEdge]) -> list[GraphEdge]:
    """Dotted edges that tie a node no relation reaches to the claims it qualifies, so it never floats unexplained.

    A route, population or comparator can be named only as a claim's qualifier ("intravenous administration" is
    the comparator route of a claim about MSCs): such a node has no edge of its own. It gets one edge to each
    subject of a claim it qualifies, labelled by its role there; its details list the claims.
    """
    linked = {e.source for e in edges} | {e.target for e in edges}
    tied: dict[tuple[str, str, str], GraphEdge] = {}
    for node in nodes.values():
        if node.id in linked:
            continue
        for use in node.qualifies:
            key = (use["subject"], use["role"], node.id)
            if use["subject"] in nodes and key not in tied:
                tied[key] = GraphEdge(f"q{len(tied)}", use["subject"], node.id, use["role"])
    return list(tied.values())


def _options() -> str:
    """vis-network options: positions come from :func:`mskg.base.layout.layout`, so physics is off when the page opens.

    The solver's settings are kept for the switch that adds claims and sources as nodes, which places them with a
    short simulation (on graphs up to :data:`LARGE` nodes).
    """
    return (
        f'{{"nodes": {{"font": {{"size": {NODE_FONT}, "face": "system-ui, sans-serif"}}, "borderWidth": 1}}, '
        f'"edges": {{"font": {{"size": {EDGE_FONT}, "align": "middle", "strokeWidth": 3}}, '
        '"smooth": {"type": "continuous"}, "arrows": {"to": {"scaleFactor": 0.5}}}, '
        '"interaction": {"hover": true, "tooltipDelay": 150, "navigationButtons": false, "keyboard": false}, '
        '"layout": {"randomSeed": 7}, '
        '"physics": {"enabled": false, "solver": "forceAtlas2Based", "forceAtlas2Based": {"gravitationalConstant": '
        '-60, "springLength": 120, "avoidOverlap": 0.4}, "stabilization": {"iterations": 300, "updateInterval": 50}, '
        '"minVelocity": 1.5}}'
    )


def _shallow(item: GraphNode | GraphEdge) -> dict[str, Any]:
    """A node's or edge's fields as a dict for the page's JSON, sharing their lists.

    ``dataclasses.asdict`` would deep-copy every claim of every edge: rendering a 1M-triple graph took 3.5 s with
    it and 1.7 s without.
    """
    return {field.name: getattr(item, field.name) for field in fields(item)}


def _wrapped(label: str, width: int = 24) -> str:
    r"""A node's whole name on lines of about ``width`` characters, never cut.

    >>> _wrapped("autologous hematopoietic stem cell transplantation")
    'autologous hematopoietic\nstem cell\ntransplantation'
    """
    return "\n".join(textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False)) or label
