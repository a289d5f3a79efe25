"""Which uncertain choice moves the index's ranking most: first-order and total Sobol indices from
the engine (`lib.composite.sensitivity.sobol_indices`, SALib) over the same five inputs the Monte
Carlo varies (docs/index.md, "Sensitivity"). The weights input takes one of SOBOL_WEIGHT_SETS noisy
weight sets drawn with the framework's seed, so the result is reproducible."""

from __future__ import annotations

import numpy as np
import pandas as pd

from intlmon.index import framework as fw
from intlmon.index.compute import IndexResult
from intlmon.lib.composite.sensitivity import sobol_indices
from intlmon.lib.composite.uncertainty import noisy_weights

SOBOL_N = 256           # SALib base sample (a power of 2): 256 · (2·5 + 2) = 3 072 evaluations
SOBOL_WEIGHT_SETS = 8
INPUTS = ("weights", "normalisation", "aggregation", "winmax", "imputation")


def sobol(result: IndexResult, n: int = SOBOL_N) -> pd.DataFrame | None:
    """Input, S1, S1_conf, ST, ST_conf per input; None when fewer than 3 HEIs are ranked."""
    if result.meta is None or len(result.rows) < 3:
        return None
    rng = np.random.default_rng(fw.MC_SEED)
    inputs = {
        "weights": [{"weights": noisy_weights(result.meta, fw.WEIGHT_NOISE, rng)} for _ in range(SOBOL_WEIGHT_SETS)],
        "normalisation": [{"f_n": f_n, "f_n_para": para} for f_n, para in fw.NORMALISATIONS],
        "aggregation": [{"f_ag": f_ag} for f_ag in fw.AGGREGATIONS],
        "winmax": [{"winmax": w} for w in fw.WINMAX],
        "imputation": [{"f_i": f_i} for f_i in fw.IMPUTATIONS],
    }
    return sobol_indices(result.idata, result.meta, fw.STEPS, inputs, n, fw.MC_SEED)
