"""The view's layout, on small made-up graphs: the same every time, no two boxes overlapping, answers together."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from mskg.base.layout import SPRING_LIMIT, Box, box_of, layout, overlaps


def _graph(size: int, seed: int = 1) -> tuple[list[str], list[tuple[str, str]], dict[str, Box]]:
    """A scale-free graph: a few hubs with many leaves, where a plain force layout piles labels up."""
    graph = nx.barabasi_albert_graph(size, 2, seed=seed)
    nodes = [f"n{i}" for i in graph.nodes]
    edges = [(f"n{a}", f"n{b}") for a, b in graph.edges]
    boxes = {
        node: box_of(f"a long name for\nnode {node}", 10 + 4 * math.sqrt(graph.degree[int(node[1:])]), 15)
        for node in nodes
    }
    return nodes, edges, boxes


@pytest.mark.parametrize("size", [3, 60, SPRING_LIMIT + 100])
def test_no_two_boxes_overlap(size: int) -> None:
    nodes, edges, boxes = _graph(size)
    points = layout(nodes, edges, boxes)
    assert set(points) == set(nodes)
    assert overlaps(points, boxes) == []


def test_nodes_without_edges_and_nodes_at_one_place_are_separated() -> None:
    boxes = {name: Box(40, 10) for name in "abcd"}
    assert overlaps(layout("abcd", [], boxes), boxes) == []


def test_the_same_graph_gets_the_same_layout_in_any_order() -> None:
    nodes, edges, boxes = _graph(80)
    assert layout(nodes, edges, boxes) == layout(list(reversed(nodes)), list(reversed(edges)), boxes)


def test_focus_nodes_are_drawn_near_each_other() -> None:
    nodes, edges, boxes = _graph(120, seed=3)
    focus = ["n5", "n60", "n90", "n119"]

    def spread(points: dict[str, tuple[float, float]]) -> float:
        return max(math.dist(points[a], points[b]) for a in focus for b in focus)

    assert spread(layout(nodes, edges, boxes, focus=focus)) < 0.6 * spread(layout(nodes, edges, boxes))


def test_a_box_holds_the_shape_and_the_label_beneath_it() -> None:
    box = box_of("autologous hematopoietic\nstem cell", size=20, font=10)
    assert box.half_width == pytest.approx(24 * 10 * 0.56 / 2)  # the longer line
    assert box.half_height == pytest.approx(20 + 2 * 10 * 1.25 / 2)
    assert box.offset > 0  # its centre lies below the node's position
    assert box_of("x", size=20, font=10).half_width == 20  # never narrower than the shape
