"""mskg: a knowledge graph of multiple sclerosis therapies and the evidence behind every claim.

The few calls most users make are here (see :mod:`mskg.pipeline.api`), imported when first used so that ``import mskg``
and ``mskg --help`` stay instant:

>>> import mskg
>>> mskg.__all__
['MskgError', '__version__', 'ask', 'build_graph', 'check_curation', 'open_store', 'render_view']
>>> store = mskg.open_store(build_dir)
>>> len(mskg.ask(store, "unmet-needs").rows) > 0
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mskg.base.errors import MskgError

if TYPE_CHECKING:
    from mskg.pipeline.api import ask, build_graph, check_curation, open_store, render_view

__version__ = "0.1.0"

__all__ = ["MskgError", "__version__", "ask", "build_graph", "check_curation", "open_store", "render_view"]


def __getattr__(name: str) -> Any:
    """The calls of :mod:`mskg.pipeline.api`, imported on first use."""
    if name in ("ask", "build_graph", "check_curation", "open_store", "render_view"):
        from mskg.pipeline import api

        return getattr(api, name)
    raise AttributeError(f"module 'mskg' has no attribute {name!r}")
