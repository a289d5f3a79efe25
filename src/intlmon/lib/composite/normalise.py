"""COINr ``Normalise``: each indicator is multiplied by its Direction (so "lower is better" turns
round), then brought to a common scale. Default ``n_minmax`` with ``l_u`` = [0, 100]."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from .data import CompositeInputError


def n_minmax(x, l_u=(0, 100)) -> np.ndarray:
    """(x − min)/(max − min)·(u − l) + l; a column without spread becomes NaN, as in COINr."""
    x = np.asarray(x, dtype=float)
    lo, hi = np.nanmin(x), np.nanmax(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (x - lo) / (hi - lo) * (l_u[1] - l_u[0]) + l_u[0]


def n_zscore(x, m_sd=(0, 1)) -> np.ndarray:
    """(x − mean)/sd·sd' + mean' with the sample sd (n − 1), like R's ``sd``."""
    if m_sd[1] <= 0:
        raise CompositeInputError("n_zscore: the standard deviation in m_sd must be positive")
    x = np.asarray(x, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (x - np.nanmean(x)) / np.nanstd(x, ddof=1) * m_sd[1] + m_sd[0]


def n_rank(x, ties_method: str = "min") -> np.ndarray:
    """R's rank(x, ties.method = "min", na.last = "keep"): the lowest value gets 1."""
    x = np.asarray(x, dtype=float)
    out = np.full(x.size, np.nan)
    known = ~np.isnan(x)
    out[known] = rankdata(x[known], method=ties_method)
    return out


def n_dist2max(x) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    lo, hi = np.nanmin(x), np.nanmax(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        return 1 - (hi - x) / (hi - lo)


def n_dist2targ(x, targ: float, direction: int = 1, cap_max: bool = False) -> np.ndarray:
    """Distance to a target. As in COINr the data arrive already multiplied by the direction, so
    the target is passed multiplied by it too and ``direction`` stays 1."""
    x = np.asarray(x, dtype=float)
    if direction == 1:
        y = (x - np.nanmin(x)) / (targ - np.nanmin(x))
    else:
        y = (np.nanmax(x) - x) / (np.nanmax(x) - targ)
    return np.minimum(y, 1) if cap_max else y


def n_goalposts(x, gposts, direction: int = 1, trunc2posts: bool = True) -> np.ndarray:
    """(x − low)/(high − low), truncated to [0, 1], times gposts[2] (COINr's scale)."""
    x = np.asarray(x, dtype=float)
    if direction == -1:
        y = (x - gposts[1]) / (gposts[0] - gposts[1])
    else:
        y = (x - gposts[0]) / (gposts[1] - gposts[0])
    if trunc2posts:
        y = np.clip(y, 0, 1)
    return y * gposts[2]


NORMALISERS = {"n_minmax": n_minmax, "n_zscore": n_zscore, "n_rank": n_rank, "n_dist2max": n_dist2max,
               "n_dist2targ": n_dist2targ, "n_goalposts": n_goalposts}


def normalise(data: pd.DataFrame, directions: dict[str, int], f_n: str = "n_minmax",
              f_n_para: dict | None = None, indiv_para: dict[str, dict] | None = None) -> pd.DataFrame:
    """The ``Normalised`` data set. ``f_n_para`` as in COINr (e.g. {"l_u": [1, 100]});
    ``indiv_para`` gives per-indicator parameters (e.g. targets) by iCode."""
    if f_n != "none" and f_n not in NORMALISERS:
        raise CompositeInputError(f"Normalise: f_n {f_n!r} is unknown; expected one of {', '.join(NORMALISERS)} or none")
    if f_n_para is None:
        f_n_para = {"l_u": (0, 100)} if f_n == "n_minmax" else {}
    codes = list(data.columns.drop("uCode"))
    block = data[codes].to_numpy(dtype=float)
    out = {"uCode": data["uCode"]}
    for i, code in enumerate(codes):
        direction = directions.get(code)
        if direction not in (-1, 1):
            raise CompositeInputError(f"Normalise: indicator {code!r} has Direction {direction!r}; expected 1 or -1")
        x = block[:, i] * direction
        para = {**f_n_para, **(indiv_para or {}).get(code, {})}
        out[code] = x if f_n == "none" else NORMALISERS[f_n](x, **para)
    return pd.DataFrame(out)
