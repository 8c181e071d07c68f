"""The few calls a Python user makes, re-exported by :mod:`mskg`: build, check, open a store, ask, render.

Each is what the command of the same purpose does, without the printing: ``mskg build`` is :func:`build_graph`,
``mskg check`` :func:`check_curation`, ``mskg query`` :func:`ask` on :func:`open_store`, ``mskg view``
:func:`render_view`. (Their names differ from the modules :mod:`mskg.pipeline.build` and :mod:`mskg.outputs.view`.)
Every error a user can cause is an :class:`~mskg.base.errors.MskgError` with a message that says how to fix it.

>>> store = open_store(build_dir)
>>> answer = ask(store, "therapies-targeting-compartmentalized-b-cells")
>>> sorted({str(row["therapyLabel"]) for row in answer.rows})
['BCMA-directed CAR T-cell therapy', 'CD19-directed CAR T-cell therapy']
>>> ask(store, "targets-of-therapy", therapy="no such therapy")  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
mskg.engine.queries.QueryError: ...
>>> page = render_view(store, "therapies-targeting-compartmentalized-b-cells")
>>> page.lower().startswith("<!doctype html>"), "CD19-directed CAR T-cell therapy" in page
(True, True)
"""

from __future__ import annotations

from pathlib import Path

from mskg.curation.report import Report
from mskg.engine.queries import find_saved, run_saved
from mskg.engine.store import STORE_DIR, EmbeddedStore, QueryStore, Results
from mskg.pipeline.build import BuildResult
from mskg.pipeline.build import build as _build
from mskg.pipeline.flow import check as _check

__all__ = ["ask", "build_graph", "check_curation", "open_store", "render_view"]


def build_graph(out: Path | str = "build", *, reason: bool = True) -> BuildResult:
    """Build the project's graph into ``out``, all or nothing (what ``mskg build`` does, quietly)."""
    return _build(Path(out), reason=reason)


def check_curation(*, reason: bool = True) -> Report:
    """Every check on the project's curation, writing nothing: the report ``mskg check`` prints.

    ``check_curation().errors`` is 0 when the curation would build; ``report.lines()`` says what fails and how to
    fix it (the tests run it on the shipped curation and on broken copies).
    """
    return _check(reason=reason)


def open_store(build_dir: Path | str = "build") -> EmbeddedStore:
    """The store of a build folder, opened read-only."""
    return EmbeddedStore(Path(build_dir) / STORE_DIR)


def ask(store: QueryStore, question: str, **params: str) -> Results:
    """The answer of a saved question (``mskg queries`` lists them), with its parameters by name."""
    return run_saved(store, find_saved(question), params)


def render_view(store: QueryStore, question: str | None = None, **params: str) -> str:
    """The graph view as one HTML page, highlighting a saved question's answers when one is named."""
    from mskg.outputs.graphmodel import mskg_model
    from mskg.outputs.view import lens_from_results, render

    model = mskg_model(store)
    lens = None
    if question is not None:
        saved = find_saved(question)
        lens = lens_from_results(saved.summary, saved.description, run_saved(store, saved, params), model)
    return render(model, lens)
