"""Named individuals of the graph, so tests read like the domain."""

from __future__ import annotations

from mskg.base.namespaces import MSKGID

AHSCT = MSKGID["therapy/ahsct"]
CAR_T = MSKGID["therapy/car-t"]
CD19_CAR_T = MSKGID["therapy/cd19-car-t"]
BCMA_CAR_T = MSKGID["therapy/bcma-car-t"]
MSC = MSKGID["therapy/msc"]
MSC_NP = MSKGID["therapy/msc-np"]
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
INTRATHECAL = MSKGID["route/intrathecal"]
INTRAVENOUS = MSKGID["route/intravenous"]
REVIEW = MSKGID["source/pubmed-41997827"]
MIST = MSKGID["study/mist"]
MESEMS = MSKGID["study/mesems-2021"]
PETROU_2020 = MSKGID["study/petrou-2020"]
HARRIS_2024 = MSKGID["study/harris-2024-msc-np"]
ZHOU_2019 = MSKGID["study/zhou-2019-msc-meta"]
NUROWN = MSKGID["study/nurown-pms"]
ISLAM_2023 = MSKGID["study/islam-2023-msc-meta"]
