"""mskg: a knowledge graph of multiple sclerosis therapies and the evidence behind every claim.

The few functions most users call are re-exported here; the modules hold the rest.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
