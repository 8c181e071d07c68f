"""Named individuals of the graph, so tests read like the domain."""

from __future__ import annotations

from mskg.namespaces import MSKGID

AHSCT = MSKGID["therapy/ahsct"]
CAR_T = MSKGID["therapy/car-t"]
CD19_CAR_T = MSKGID["therapy/cd19-car-t"]
BCMA_CAR_T = MSKGID["therapy/bcma-car-t"]
MSC = MSKGID["therapy/msc"]
HIGH_EFFICACY_DMT = MSKGID["therapy/high-efficacy-dmt"]
CELL_BASED_THERAPY = MSKGID["therapy/cell-based-therapy"]
CD19 = MSKGID["target/cd19"]
BCMA = MSKGID["target/bcma"]
B_CELL = MSKGID["cell-type/b-cell"]
PLASMABLAST = MSKGID["cell-type/plasmablast"]
PLASMA_CELL = MSKGID["cell-type/plasma-cell"]
CNS = MSKGID["compartment/cns"]
MS = MSKGID["disease-form/ms"]
PROGRESSIVE_MS = MSKGID["disease-form/progressive-ms"]
NON_INFLAMMATORY_PROGRESSIVE_MS = MSKGID["disease-form/non-inflammatory-progressive-ms"]
HIGHLY_ACTIVE_REFRACTORY_MS = MSKGID["disease-form/highly-active-refractory-ms"]
CNS_PENETRATION = MSKGID["mechanism/cns-penetration"]
INTRATHECAL = MSKGID["route/intrathecal"]
REVIEW = MSKGID["source/pubmed-41997827"]
