"""Where the graph view places each node: computed before the page opens, the same every time, labels apart.

The browser is never asked to lay the graph out. A physics simulation in the page took 35 s to settle for 252
nodes on this machine's Chromium, started from random places (a different picture each time a file opened), and
stopped wherever its labels happened to lie on top of each other. Here the positions are computed once, in
Python: a force-directed layout with a fixed seed for graphs up to :data:`SPRING_LIMIT` nodes, a spectral layout
above, then a pass that pushes apart any two nodes whose drawn boxes (shape and wrapped label) overlap. All
positions scale together when the user zooms, so labels apart at one zoom are apart at every zoom.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy import float64
    from numpy.typing import NDArray

__all__ = ["SPRING_LIMIT", "Box", "box_of", "layout", "overlaps"]

#: Up to this many nodes the layout is force-directed (networkx's spring layout); above, spectral (faster).
SPRING_LIMIT = 400
#: Space kept between two boxes, in the page's canvas units.
GAP = 16.0
#: The drawing's area as a multiple of what the nodes' boxes cover: room for edges and their labels.
SPREAD = 10.0
#: Overlap passes before the drawing is widened by :data:`WIDEN` about its centre, and the most passes in all.
PASSES_PER_ROUND = 25
WIDEN = 1.15
MAX_PASSES = 2000
#: An average glyph's width as a share of the font size (system-ui; bold is wider).
_GLYPH = 0.56
_GLYPH_BOLD = 0.62
_LINE = 1.25
#: The hidden node the focus nodes are tied to, and how strongly (an ordinary edge weighs 1).
_CENTRE = "\x00focus"
_FOCUS_PULL = 10.0


@dataclass(frozen=True)
class Box:
    """The space a node takes on the canvas.

    Half its width and height, and how far below the node's position the box's centre lies (the label hangs
    under the shape).
    """

    half_width: float
    half_height: float
    offset: float = 0.0


def box_of(label: str, size: float, font: float, *, bold: bool = False) -> Box:
    """The box of a node drawn as a shape of radius ``size`` with its (newline-wrapped) label beneath it.

    vis-network draws the label under the shape: the box reaches from the shape's top to the label's last line.
    """
    lines = label.split("\n") or [""]
    text_width = max(len(line) for line in lines) * font * (_GLYPH_BOLD if bold else _GLYPH)
    text_height = len(lines) * font * _LINE
    return Box(max(text_width / 2, size), size + text_height / 2, text_height / 2)


def layout(
    nodes: Iterable[str],
    edges: Iterable[tuple[str, str]],
    boxes: Mapping[str, Box],
    focus: Iterable[str] = (),
    seed: int = 7,
) -> dict[str, tuple[float, float]]:
    """Positions for every node, in canvas units: the same for the same graph, with no two boxes overlapping.

    Nodes and edges are sorted first, so that the order in which a store returned them does not change the
    picture. The ``focus`` nodes (a saved question's answers) are drawn near each other, so that the page can
    open on all of them at a legible zoom: in the force-directed layout each is tied to a hidden centre.
    """
    import networkx as nx

    order = sorted(set(nodes))
    graph = nx.Graph()
    graph.add_nodes_from(order)
    graph.add_edges_from(sorted((a, b) for a, b in edges if a != b and a in graph and b in graph), weight=1.0)
    if not order:
        return {}
    if graph.number_of_edges() == 0:
        start = nx.circular_layout(graph)
    elif len(order) <= SPRING_LIMIT:
        focused = sorted(set(focus) & set(order))
        if len(focused) > 1:
            graph.add_edges_from(((_CENTRE, node) for node in focused), weight=_FOCUS_PULL)
        start = nx.spring_layout(graph, seed=seed, iterations=200, weight="weight")
    else:
        start = nx.spectral_layout(graph)
    # Spread the unit layout over an area SPREAD times what the boxes cover, then separate what still overlaps.
    area = sum(4 * boxes[n].half_width * boxes[n].half_height for n in order)
    scale = math.sqrt(SPREAD * area) / 2
    points = {node: (float(start[node][0]) * scale, float(start[node][1]) * scale) for node in order}
    return _separate(order, points, boxes)


def overlaps(
    points: Mapping[str, tuple[float, float]], boxes: Mapping[str, Box], gap: float = 0.0
) -> list[tuple[str, str]]:
    """The pairs of nodes whose boxes (widened by ``gap``) overlap."""
    import numpy as np

    order = sorted(points)
    if len(order) < 2:
        return []
    xy = np.array([(points[n][0], points[n][1] + boxes[n].offset) for n in order])
    half = np.array([(boxes[n].half_width + gap / 2, boxes[n].half_height + gap / 2) for n in order])
    i, j = _overlapping_arrays(xy, half)
    return sorted((order[int(a)], order[int(b)]) for a, b in zip(i, j, strict=True))


def _overlapping_arrays(
    centres: NDArray[float64], halves: NDArray[float64]
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """The overlapping pairs as two index arrays (``i < j``)."""
    import numpy as np
    from scipy.spatial import cKDTree

    reach = 2 * float(np.hypot(halves[:, 0], halves[:, 1]).max())
    candidates = cKDTree(centres).query_pairs(reach, output_type="ndarray")
    if len(candidates) == 0:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    i, j = candidates[:, 0], candidates[:, 1]
    apart_x = np.abs(centres[i, 0] - centres[j, 0]) >= halves[i, 0] + halves[j, 0]
    apart_y = np.abs(centres[i, 1] - centres[j, 1]) >= halves[i, 1] + halves[j, 1]
    hit = ~(apart_x | apart_y)
    return i[hit], j[hit]


def _separate(
    order: list[str], points: dict[str, tuple[float, float]], boxes: Mapping[str, Box]
) -> dict[str, tuple[float, float]]:
    """Move overlapping boxes apart until none overlap.

    Each pass pushes every overlapping pair apart along the axis where they overlap least, half the overlap
    each (all pairs at once, with NumPy). Where a crowd keeps pushing its members into each other, the whole
    drawing is widened a little about its centre after every :data:`PASSES_PER_ROUND` passes; widening always
    ends the overlap of boxes at distinct places, so the loop ends with none, whatever the graph.
    """
    import numpy as np

    xy = np.array([(points[n][0], points[n][1] + boxes[n].offset) for n in order], dtype=float)
    half = np.array([(boxes[n].half_width + GAP / 2, boxes[n].half_height + GAP / 2) for n in order])
    for passes in range(MAX_PASSES):
        i, j = _overlapping_arrays(xy, half)
        if len(i) == 0:
            break
        if passes and passes % PASSES_PER_ROUND == 0:
            centre = xy.mean(axis=0)
            xy = centre + (xy - centre) * WIDEN
            continue
        dx = xy[j, 0] - xy[i, 0]
        dy = xy[j, 1] - xy[i, 1]
        need_x = half[i, 0] + half[j, 0] - np.abs(dx)
        need_y = half[i, 1] + half[j, 1] - np.abs(dy)
        # Two boxes at the same place go apart in a fixed direction (j after i), so the result is the same each time.
        along_x = need_x < need_y
        step_x = np.where(along_x, (need_x / 2 + 0.5) * np.where(dx >= 0, 1.0, -1.0), 0.0)
        step_y = np.where(along_x, 0.0, (need_y / 2 + 0.5) * np.where(dy >= 0, 1.0, -1.0))
        move_x = np.zeros(len(order))
        move_y = np.zeros(len(order))
        np.add.at(move_x, i, -step_x)
        np.add.at(move_x, j, step_x)
        np.add.at(move_y, i, -step_y)
        np.add.at(move_y, j, step_y)
        xy[:, 0] += move_x
        xy[:, 1] += move_y
    placed = zip(order, xy, strict=True)
    return {node: (round(float(x), 2), round(float(y) - boxes[node].offset, 2)) for node, (x, y) in placed}
