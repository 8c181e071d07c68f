"""Regenerate docs/graph.png, the README's picture of the graph view: `python docs/screenshot.py`.

It builds the graph into a temporary folder, writes the view focused by the first saved question, opens it in
Debian's Chromium (headless, offline) and selects CD19-directed CAR T-cell therapy so the details panel shows.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from mskg.engine.queries import discover, run_saved
from mskg.engine.store import EmbeddedStore
from mskg.outputs.graphmodel import mskg_model
from mskg.outputs.view import lens_from_results, render
from mskg.pipeline.build import build

HERE = Path(__file__).resolve().parent
QUESTION = "therapies-targeting-compartmentalized-b-cells"


def main() -> None:
    """Build, render, open, select, and save the picture."""
    with tempfile.TemporaryDirectory() as folder:
        result = build(Path(folder) / "build")
        store = EmbeddedStore(result.out / "store")
        model = mskg_model(store)
        saved = discover()[QUESTION]
        lens = lens_from_results(saved.summary, saved.description, run_saved(store, saved, {}), model)
        page_file = Path(folder) / "graph.html"
        page_file.write_text(render(model, lens), encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
            )
            page = browser.new_context(offline=True, viewport={"width": 1600, "height": 950}).new_page()
            page.goto(page_file.as_uri())
            page.wait_for_selector("body[data-ready=true]")
            page.evaluate("window.mskg.search('CD19-directed CAR T-cell therapy')")
            page.wait_for_timeout(600)
            page.screenshot(path=str(HERE / "graph.png"))
            browser.close()
    print(f"wrote {HERE / 'graph.png'}")


if __name__ == "__main__":
    main()
