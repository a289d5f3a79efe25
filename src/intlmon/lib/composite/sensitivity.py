"""Sensitivity analysis: which uncertain choice moves the ranking most. First-order (S1) and total
(ST) Sobol indices by SALib (Saltelli sampling, Jansen/Saltelli estimators), the output of a run
being the mean absolute shift of the units' ranks from the nominal ranking — COINr's choice for
get_sensitivity with SA_type = "SA". Each input is a uniform on [0, 1) mapped to one of its
alternatives, as COINr does."""
from __future__ import annotations

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from .uncertainty import run_many


def sobol_indices(idata, meta, steps, inputs: dict[str, list[dict]], n: int, seed: int,
                  target: str = "Index") -> pd.DataFrame:
    """``inputs`` maps an input name to its alternatives, each a partial run setting (e.g.
    {"Aggregation": [{"f_ag": "a_amean"}, {"f_ag": "a_gmean"}]}). Runs n·(2k + 2) coins.
    Returns one row per input: S1, S1_conf, ST, ST_conf."""
    names = list(inputs)
    problem = {"num_vars": len(names), "names": names, "bounds": [[0, 1]] * len(names)}
    sample = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    choices = [tuple(min(int(u * len(inputs[name])), len(inputs[name]) - 1) for u, name in zip(point, names, strict=True))
               for point in sample]
    distinct = sorted(set(choices))
    settings = []
    for choice in distinct:
        setting: dict = {}
        for index, name in zip(choice, names, strict=True):
            setting.update(inputs[name][index])
        settings.append(setting)
    runs = run_many(idata, meta, steps, settings, target)  # each distinct combination built once
    nominal = runs.rank_stats["Nominal"].to_numpy()
    shift = np.nanmean(np.abs(runs.ranks.iloc[:, 1:].to_numpy() - nominal[:, None]), axis=0)
    by_choice = dict(zip(distinct, shift, strict=True))
    outputs = np.array([by_choice[c] for c in choices])
    result = sobol_analyze.analyze(problem, outputs, calc_second_order=False, seed=seed)
    return pd.DataFrame({"Input": names, "S1": result["S1"], "S1_conf": result["S1_conf"],
                         "ST": result["ST"], "ST_conf": result["ST_conf"]})
