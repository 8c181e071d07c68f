"""How the graph view scales: render time, file size and time until the page is usable, against plain pyvis.

Run: `python benchmarks/view_scale.py [--sizes 100,1000,5000] [--timeout 60]` (needs Debian's chromium).

For each size it makes a deterministic scale-free graph (networkx Barabasi-Albert, seed 1), renders it with
mskg's view and with pyvis's own template and default physics (the baseline), opens both in headless Chromium
from file:// with the network off, and measures the time until the page is ready: for mskg, until the view says
so (its positions come with the page, so it is drawn once); for pyvis, until vis-network reports its physics stabilized.
It prints a Markdown table with the ratios.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import Browser, sync_playwright
from pyvis.network import Network

from mskg.outputs.graphmodel import GraphEdge, GraphModel, GraphNode
from mskg.outputs.view import render

KINDS = ["therapy", "molecular target", "cell type", "mechanism", "disease form", "outcome"]


def synthetic(size: int) -> GraphModel:
    graph = nx.barabasi_albert_graph(size, 2, seed=1)
    model = GraphModel(f"synthetic graph of {size} nodes", mskg=False)
    for node in graph.nodes:
        kind = KINDS[node % len(KINDS)]
        iri = f"https://example.org/n{node}"
        model.nodes[iri] = GraphNode(iri, f"node {node}", kind, kind)
    for index, (a, b) in enumerate(graph.edges):
        model.edges.append(GraphEdge(f"e{index}", f"https://example.org/n{a}", f"https://example.org/n{b}", "related"))
    return model


def pyvis_baseline(model: GraphModel) -> str:
    network = Network(cdn_resources="in_line")
    for node in model.nodes.values():
        network.add_node(node.id, label=node.label)
    for edge in model.edges:
        network.add_edge(edge.source, edge.target)
    return str(network.generate_html())


def time_until_ready(browser: Browser, page_file: Path, script: str | None, timeout: float) -> float | None:
    """Seconds from opening the page until it is ready (``script`` true, or mskg's ready mark); None if never."""
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.route("http://**/*", lambda route: route.abort())
    page.route("https://**/*", lambda route: route.abort())
    started = time.perf_counter()
    page.goto(page_file.as_uri())
    try:
        if script is None:  # mskg's page forbids eval (its CSP), so wait for the mark it sets instead
            page.wait_for_selector("body[data-ready=true]", timeout=timeout * 1000)
        else:
            page.wait_for_function(script, timeout=timeout * 1000, polling=100)
    except Exception:  # the page did not get there in time
        context.close()
        return None
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def row(
    size: int,
    edges: int,
    render_seconds: float,
    size_bytes: int,
    ready: float | None,
    baseline: float | None,
    timeout: float,
) -> str:
    """One Markdown table row; a page that never got ready within the timeout shows as "> timeout"."""

    def seconds(value: float | None) -> str:
        return f"> {timeout:.0f}" if value is None else f"{value:.2f}"

    if ready is None:
        ratio = "n/a"
    elif baseline is None:
        ratio = f"> {timeout / ready:.0f}"
    else:
        ratio = f"{baseline / ready:.1f}"
    return (
        f"| {size:,} | {edges:,} | {render_seconds:.2f} | {size_bytes / 1e6:.2f} | {seconds(ready)} | "
        f"{seconds(baseline)} | {ratio} |"
    )


def main() -> None:
    """Measure each size and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500,1000,2000,5000")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for a page to settle")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"Machine: {platform.machine()}, Python {platform.python_version()}; timeout {args.timeout:.0f} s\n")
    print("| nodes | edges | mskg render (s) | mskg file (MB) | mskg ready (s) | pyvis ready (s) | pyvis / mskg |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        for size in sizes:
            model = synthetic(size)
            started = time.perf_counter()
            html = render(model)
            render_seconds = time.perf_counter() - started
            ours = Path(folder, f"mskg-{size}.html")
            ours.write_text(html, encoding="utf-8")
            theirs = Path(folder, f"pyvis-{size}.html")
            theirs.write_text(pyvis_baseline(model), encoding="utf-8")
            ready = time_until_ready(browser, ours, None, args.timeout)
            baseline = time_until_ready(
                browser,
                theirs,
                "typeof network !== 'undefined' && network.physics && network.physics.stabilized",
                args.timeout,
            )
            print(row(size, len(model.edges), render_seconds, len(html.encode()), ready, baseline, args.timeout))
        browser.close()


if __name__ == "__main__":
    main()
