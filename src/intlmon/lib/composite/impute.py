"""COINr ``Impute`` by column: ``i_mean``, ``i_median``, ``i_mean_grp``, ``i_median_grp`` or ``none``.

Only missing cells change; a column that is entirely missing stays missing (COINr warns and returns
it unchanged), and a group with no observed value leaves its units missing (R's mean of nothing is
NaN)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .data import CompositeInputError

IMPUTATION_METHODS = ("i_mean", "i_median", "i_mean_grp", "i_median_grp", "none")


def _fill(values: np.ndarray, centre) -> np.ndarray:
    out = values.copy()
    observed = out[~np.isnan(out)]
    if observed.size:
        out[np.isnan(out)] = centre(observed)
    return out


def i_mean(x) -> np.ndarray:
    return _fill(np.asarray(x, dtype=float), np.mean)


def i_median(x) -> np.ndarray:
    return _fill(np.asarray(x, dtype=float), np.median)


def _by_group(x, f, column_method) -> np.ndarray:
    x = np.asarray(x, dtype=float).copy()
    f = pd.Series(f).to_numpy(dtype=object)
    known = pd.notna(f)
    if not known.any():
        raise CompositeInputError("the group column has no value; COINr needs at least one group")
    for group in pd.unique(f[known]):
        member = known & (f == group)
        x[member] = column_method(x[member])
    return x  # units with no group keep their value (COINr's skip_f_na = TRUE)


def i_mean_grp(x, f) -> np.ndarray:
    return _by_group(x, f, i_mean)


def i_median_grp(x, f) -> np.ndarray:
    return _by_group(x, f, i_median)


def impute(data: pd.DataFrame, f_i: str = "i_mean", use_group: str | None = None,
           groups: pd.Series | None = None) -> pd.DataFrame:
    """The ``Imputed`` data set. ``groups`` holds the ``use_group`` column aligned to ``data``'s rows."""
    if f_i not in IMPUTATION_METHODS:
        raise CompositeInputError(f"Impute: f_i {f_i!r} is unknown; expected one of {', '.join(IMPUTATION_METHODS)}")
    if f_i == "none":
        return data.copy()
    out = {c: data[c] for c in data.columns}
    if f_i.endswith("_grp") and (use_group is None or groups is None):
        raise CompositeInputError(f"Impute: f_i {f_i!r} needs use_group (the iData column naming each unit's group)")
    method = {"i_mean": i_mean, "i_median": i_median}.get(f_i)
    for code in data.columns.drop("uCode"):
        column = data[code].to_numpy(dtype=float)
        if not np.isnan(column).any() or np.isnan(column).all():
            continue
        if method is not None:
            out[code] = method(column)
        else:
            out[code] = (i_mean_grp if f_i == "i_mean_grp" else i_median_grp)(column, groups)
    return pd.DataFrame(out)
