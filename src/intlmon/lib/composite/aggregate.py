"""COINr ``Aggregate``: scores level by level through the iMeta tree, then ranks.

``a_amean`` drops missing values and rescales the remaining weights; ``a_gmean`` refuses values
≤ 0 (it takes logs) and ``a_hmean`` refuses zeros, each with a message naming the unit and level."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .data import CompositeInputError


def a_amean(x, w) -> float:
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    if np.isnan(w).any():
        raise CompositeInputError("a_amean: a weight is missing")
    keep = ~np.isnan(x)
    if not keep.any():
        return np.nan
    w = w[keep] / w[keep].sum()
    return float(np.sum(w * x[keep]))


def a_gmean(x, w) -> float:
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    keep = ~np.isnan(x)
    if not keep.any():
        return np.nan
    if (x[keep] <= 0).any():
        raise CompositeInputError(
            "a_gmean: negative or zero values found; the geometric mean takes logarithms. Normalise to "
            "positive values first (e.g. n_minmax with l_u = [1, 100]) or use a_amean")
    return float(np.exp(np.sum(w[keep] * np.log(x[keep])) / np.sum(w[keep])))


def a_hmean(x, w) -> float:
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    keep = ~np.isnan(x)
    if not keep.any():
        return np.nan
    if (x[keep] == 0).any():
        raise CompositeInputError("a_hmean: zero values found; the harmonic mean divides by each value. "
                                  "Normalise away from zero first or use a_amean")
    return float(np.sum(w[keep]) / np.sum(w[keep] / x[keep]))


AGGREGATORS = {"a_amean": a_amean, "a_gmean": a_gmean, "a_hmean": a_hmean}


def aggregate(data: pd.DataFrame, meta: pd.DataFrame, f_ag: str = "a_amean",
              weights: pd.DataFrame | None = None, dat_thresh: float | None = None) -> pd.DataFrame:
    """The ``Aggregated`` data set: the input columns plus one column per aggregate of every level.
    ``weights`` is a frame (iCode, Weight); by default the iMeta weights. ``dat_thresh`` leaves an
    aggregate missing when the unit's share of available children is below it (COINr: no limit)."""
    if f_ag not in AGGREGATORS:
        raise CompositeInputError(f"Aggregate: f_ag {f_ag!r} is unknown; expected one of {', '.join(AGGREGATORS)}")
    tree = meta[meta["Level"].notna()]
    wsource = tree if weights is None else weights
    wmap = dict(zip(wsource["iCode"], wsource["Weight"].astype(float), strict=True))
    out = {c: data[c].to_numpy() for c in data.columns}
    units = list(data["uCode"])
    for level in range(2, int(tree["Level"].max()) + 1):
        children = tree[tree["Level"] == level - 1]
        for parent in sorted(set(children["Parent"].dropna())):  # COINr's tapply orders parents
            codes = list(children["iCode"][children["Parent"] == parent])
            w = np.array([wmap[c] for c in codes], dtype=float)
            block = np.column_stack([out[c] for c in codes]).astype(float)
            scores = _aggregate_rows(f_ag, block, w, units, parent, level)
            if dat_thresh is not None:
                scores[np.mean(~np.isnan(block), axis=1) < dat_thresh] = np.nan
            out[parent] = scores
    return pd.DataFrame(out)


def _aggregate_rows(f_ag: str, block: np.ndarray, w: np.ndarray, units: list[str], parent, level) -> np.ndarray:
    """The row-wise a_amean / a_gmean / a_hmean of a units × children block, vectorised (the same
    arithmetic as the one-unit functions above, which document it)."""
    known = ~np.isnan(block)
    wk = np.where(known, w, 0.0)
    total = wk.sum(axis=1)
    none = ~known.any(axis=1)
    x = np.where(known, block, 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        if f_ag == "a_amean":
            scores = np.sum(wk / total[:, None] * np.where(known, block, 0.0), axis=1)
        else:
            bad = known & ((block <= 0) if f_ag == "a_gmean" else (block == 0))
            if bad.any():
                row = int(np.flatnonzero(bad.any(axis=1))[0])
                try:
                    AGGREGATORS[f_ag](block[row], w)
                except CompositeInputError as error:
                    raise CompositeInputError(f"{error} (unit {units[row]}, aggregate {parent}, level {level})") from None
            if f_ag == "a_gmean":
                scores = np.exp(np.sum(wk * np.log(x), axis=1) / total)
            else:
                scores = total / np.sum(wk / x, axis=1)
    scores[none] = np.nan
    return scores


def rank_scores(scores) -> np.ndarray:
    """COINr's ranks: rank(−x, ties.method = "min", na.last = "keep"); the highest score is 1."""
    from .normalise import n_rank
    return n_rank(-np.asarray(scores, dtype=float), "min")


def ranks_table(aggregated: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    out = pd.DataFrame({"uCode": aggregated["uCode"]})
    for code in codes:
        out[code] = rank_scores(aggregated[code])
    return out
