"""COINr ``Aggregate``: scores level by level through the iMeta tree, then ranks.

``a_amean`` drops missing values and rescales the remaining weights; ``a_gmean`` refuses values
≤ 0 (it takes logs) and ``a_hmean`` refuses zeros, each with a message naming the unit and level."""
from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Tree:
    """iMeta's aggregation tree, read once: every code with a Level (in iMeta order, the order a
    weight vector follows), their iMeta weights, and per level the parents (sorted, as COINr's
    tapply orders them) with the positions of their children in ``codes``."""
    codes: tuple[str, ...]
    weights: np.ndarray
    levels: tuple[tuple[int, tuple[tuple[str, tuple[int, ...]], ...]], ...]

    def weight_matrix(self, weights) -> np.ndarray:
        """Weights as a runs × codes matrix. ``weights``: None (iMeta's), a frame (iCode, Weight) as
        COINr's weight sets, a mapping iCode → weight, a vector in ``codes`` order or a matrix of them."""
        if weights is None:
            return self.weights[None, :].copy()
        if isinstance(weights, np.ndarray):
            matrix = np.atleast_2d(weights).astype(float)
            if matrix.shape[1] != len(self.codes):
                raise CompositeInputError(f"Aggregate: a weight vector needs {len(self.codes)} values (one per iCode "
                                          f"of iMeta's tree), got {matrix.shape[1]}")
            return matrix
        if isinstance(weights, pd.DataFrame):
            if not {"iCode", "Weight"} <= set(weights.columns):
                raise CompositeInputError("Aggregate: a weights table needs the columns iCode and Weight")
            weights = dict(zip(weights["iCode"], weights["Weight"].astype(float), strict=True))
        used = {self.codes[i] for _level, parents in self.levels for _parent, children in parents for i in children}
        absent = [c for c in self.codes if c in used and c not in weights]
        if absent:
            raise CompositeInputError(f"Aggregate: the weights lack iCode(s) {', '.join(absent[:5])}; a weight set "
                                      "gives every indicator and aggregate that has a parent in iMeta's tree")
        return np.array([[float(weights.get(c, w)) for c, w in zip(self.codes, self.weights, strict=True)]])


def tree_of(meta: pd.DataFrame) -> Tree:
    tree = meta[meta["Level"].notna()]
    codes = tuple(tree["iCode"])
    position = {c: i for i, c in enumerate(codes)}
    levels = []
    for level in range(2, int(tree["Level"].max()) + 1):
        children = tree[tree["Level"] == level - 1]
        parents = tuple((parent, tuple(position[c] for c in children["iCode"][children["Parent"] == parent]))
                        for parent in sorted(set(children["Parent"].dropna())))
        levels.append((level, parents))
    return Tree(codes, tree["Weight"].to_numpy(dtype=float), tuple(levels))


def aggregate(data: pd.DataFrame, meta: pd.DataFrame, f_ag: str = "a_amean",
              weights=None, dat_thresh: float | None = None) -> pd.DataFrame:
    """The ``Aggregated`` data set: the input columns plus one column per aggregate of every level.
    ``weights``: by default the iMeta weights, else a frame (iCode, Weight) or what
    ``Tree.weight_matrix`` takes. ``dat_thresh`` leaves an aggregate missing when the unit's share of
    available children is below it (COINr: no limit)."""
    tree = tree_of(meta)
    values = {c: data[c].to_numpy(dtype=float)[:, None] for c in data.columns.drop("uCode")}
    scores = aggregate_runs(values, tree, f_ag, tree.weight_matrix(weights), list(data["uCode"]), dat_thresh)
    out = {c: data[c].to_numpy() for c in data.columns}
    out.update({code: column[:, 0] for code, column in scores.items()})
    return pd.DataFrame(out)


def aggregate_runs(values: dict[str, np.ndarray], tree: Tree, f_ag: str, weights: np.ndarray, units: list[str],
                   dat_thresh: float | None = None) -> dict[str, np.ndarray]:
    """Every aggregate for many weight sets at once: ``values`` maps each indicator to a units × 1
    (or units × runs) array, ``weights`` is runs × ``tree.codes``; returns aggregate → units × runs.
    One run is the same arithmetic as many (the Monte Carlo then costs a few array operations per
    aggregate instead of a coin per run)."""
    if f_ag not in AGGREGATORS:
        raise CompositeInputError(f"Aggregate: f_ag {f_ag!r} is unknown; expected one of {', '.join(AGGREGATORS)}")
    out: dict[str, np.ndarray] = {}
    known_codes = {**values}
    for level, parents in tree.levels:
        for parent, children in parents:
            codes = [tree.codes[i] for i in children]
            absent = [c for c in codes if c not in known_codes]
            if absent:
                raise CompositeInputError(f"Aggregate: {parent!r} (level {level}) needs {', '.join(absent)}, "
                                          "which the data set lacks")
            block = np.stack(np.broadcast_arrays(*[known_codes[c] for c in codes]), axis=-1)
            scores = _aggregate_block(f_ag, block, weights[:, list(children)], units, parent, level)
            if dat_thresh is not None:
                scores[np.broadcast_to(np.mean(~np.isnan(block), axis=-1) < dat_thresh, scores.shape)] = np.nan
            out[parent] = known_codes[parent] = scores
    return out


def _aggregate_block(f_ag: str, block: np.ndarray, w: np.ndarray, units: list[str], parent, level) -> np.ndarray:
    """The a_amean / a_gmean / a_hmean of a units × runs × children block (runs may be 1 and
    broadcast) with runs × children weights; the same arithmetic as the one-unit functions above,
    which document it."""
    if np.isnan(w).any():
        raise CompositeInputError(f"Aggregate: a weight of a child of {parent!r} (level {level}) is missing")
    known = ~np.isnan(block)
    wk = np.where(known, w[None, :, :], 0.0)
    total = wk.sum(axis=-1)
    none = ~known.any(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        if f_ag == "a_amean":
            scores = np.sum(wk / total[..., None] * np.where(known, block, 0.0), axis=-1)
        else:
            bad = known & ((block <= 0) if f_ag == "a_gmean" else (block == 0))
            if bad.any():
                row, run = (int(i[0]) for i in np.nonzero(bad.any(axis=-1)))
                try:
                    AGGREGATORS[f_ag](block[row, run], w[min(run, w.shape[0] - 1)])
                except CompositeInputError as error:
                    raise CompositeInputError(f"{error} (unit {units[row]}, aggregate {parent}, level {level})") from None
            x = np.where(known, block, 1.0)
            if f_ag == "a_gmean":
                scores = np.exp(np.sum(wk * np.log(x), axis=-1) / total)
            else:
                scores = total / np.sum(wk / x, axis=-1)
    scores[np.broadcast_to(none, scores.shape)] = np.nan
    return scores


def rank_scores(scores) -> np.ndarray:
    """COINr's ranks: rank(−x, ties.method = "min", na.last = "keep"); the highest score is 1.
    ``scores`` is one vector or a units × runs matrix (each column ranked on its own)."""
    x = -np.asarray(scores, dtype=float)
    if x.ndim == 1:
        return rank_scores(-x[:, None])[:, 0] if x.size else x
    missing = np.isnan(x)
    filled = np.where(missing, np.inf, x)
    order = np.argsort(filled, axis=0, kind="stable")
    ordered = np.take_along_axis(filled, order, axis=0)
    starts = np.ones(ordered.shape, dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    first = np.maximum.accumulate(np.where(starts, np.arange(1, x.shape[0] + 1)[:, None], 0), axis=0)
    ranks = np.empty(x.shape)
    np.put_along_axis(ranks, order, first.astype(float), axis=0)
    ranks[missing] = np.nan
    return ranks


def ranks_table(aggregated: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    ranks = rank_scores(aggregated[codes].to_numpy(dtype=float)) if codes else np.empty((len(aggregated), 0))
    return pd.concat([aggregated[["uCode"]].reset_index(drop=True),
                      pd.DataFrame(ranks, columns=codes)], axis=1)
