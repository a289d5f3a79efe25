"""Uncertainty analysis in COINr's way (get_sensitivity with SA_type = "UA"): rebuild the coin
from Raw once per run with that run's choices (weights, normalisation, aggregation, winsorisation
limit, imputation) and summarise each unit's rank over the runs (Nominal, Mean, Median, Q5, Q95;
quantiles of R's type 7, which is numpy's default "linear").

Two ways in: ``monte_carlo`` draws the choices from a seeded generator; ``replay`` takes a table
of run settings and weight sets (COINr's own draws, e.g. the vignette's ``runs.csv`` and
``noisy_weights.csv``), so a run of R can be reproduced exactly. A setting the table lacks keeps
its nominal value."""
from __future__ import annotations

import copy
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .aggregate import AGGREGATORS, aggregate_runs, rank_scores, tree_of
from .data import CompositeInputError, numeric_column
from .impute import IMPUTATION_METHODS
from .normalise import NORMALISERS
from .pipeline import build


@dataclass
class UncertaintyResult:
    rank_stats: pd.DataFrame   # uCode, Nominal, Mean, Median, Q5, Q95
    ranks: pd.DataFrame        # uCode then one column per run
    scores: pd.DataFrame       # uCode then one column per run
    settings: list[dict]       # the settings of every run, in order


def with_settings(steps: list[dict], setting: dict) -> list[dict]:
    """Nominal steps with one run's choices written in (keys: winmax, f_n, f_n_para, f_ag, weights, f_i)."""
    steps = copy.deepcopy(steps)
    for step in steps:
        (name, para), = step.items()
        if name == "Treat" and "winmax" in setting:
            para["winmax"] = setting["winmax"]
        elif name == "Normalise" and "f_n" in setting:
            for key in ("l_u", "m_sd", "gposts", "f_n_para"):
                para.pop(key, None)
            para["f_n"] = setting["f_n"]
            para["f_n_para"] = setting.get("f_n_para")
        elif name == "Aggregate":
            if "f_ag" in setting:
                para["f_ag"] = setting["f_ag"]
            if "weights" in setting:
                para["weights"] = setting["weights"]
        elif name == "Impute" and "f_i" in setting:
            para["f_i"] = setting["f_i"]
    return steps


def quantile7(values, p: float) -> float:
    """R's quantile(type = 7) with R's own arithmetic ((1 − h)·x[lo] + h·x[hi]), so a rank band
    prints as R prints it (numpy's "linear" is the same definition, rounded differently)."""
    x = np.sort(np.asarray(values, dtype=float)[~np.isnan(values)])
    if x.size == 0:
        return float("nan")
    index = (x.size - 1) * p
    lo, hi = int(np.floor(index)), int(np.ceil(index))
    h = index - lo
    if index > lo and x[hi] != x[lo]:
        return float((1 - h) * x[lo] + h * x[hi])
    return float(x[lo])


def run_many(idata, meta, steps, settings: list[dict], target: str = "Index") -> UncertaintyResult:
    """Every run of ``settings`` (see ``with_settings``), summarised. Runs that share their choices up
    to Normalise share one coin up to there (pipeline.build's cache), and every run of one such coin
    and one aggregation is aggregated at once, its weight sets as the rows of a matrix
    (aggregate.aggregate_runs) — the same arithmetic as building each run's coin alone."""
    cache: dict = {}
    nominal = build(idata, meta, steps, cache=cache).data["Aggregated"]
    units = list(nominal["uCode"])
    row_of = {u: i for i, u in enumerate(units)}
    tree = tree_of(meta)
    scores = np.full((len(units), len(settings)), np.nan)
    groups: dict[tuple, list[int]] = {}
    for j, setting in enumerate(settings):
        choices = {k: v for k, v in setting.items() if k != "weights"}
        groups.setdefault(repr(sorted(choices.items())), []).append(j)
    cut = next((i for i, step in enumerate(steps) if "Aggregate" in step), None)
    if cut is None:
        raise CompositeInputError("uncertainty: the steps have no Aggregate step, so there is no score to rank")
    for members in groups.values():
        run_steps = with_settings(steps, {k: v for k, v in settings[members[0]].items() if k != "weights"})
        data = build(idata, meta, run_steps[:cut], ranks=False, cache=cache).last
        para = dict(run_steps[cut]["Aggregate"] or {})
        nominal_weights = tree.weight_matrix(para.get("weights"))
        weights = np.vstack([tree.weight_matrix(settings[j]["weights"]) if "weights" in settings[j]
                             else nominal_weights for j in members])
        codes = list(data.columns.drop("uCode"))
        block = data[codes].to_numpy(dtype=float)
        values = {c: block[:, [i]] for i, c in enumerate(codes)}
        try:
            aggregated = aggregate_runs(values, tree, para.get("f_ag", "a_amean"), weights, list(data["uCode"]),
                                        para.get("dat_thresh"))
        except CompositeInputError as error:
            first = settings[members[0]]
            choices = ", ".join(f"{k} {v}" for k, v in first.items() if k != "weights") or "nominal choices"
            raise CompositeInputError(f"run {members[0] + 1} ({choices}): {error}") from None
        if target in aggregated:
            result = aggregated[target]
        elif target in values:  # an indicator: it does not depend on the weights
            result = np.broadcast_to(values[target], (len(data), len(members)))
        else:
            raise CompositeInputError(f"uncertainty: {target!r} is neither an aggregate nor an indicator of iMeta")
        rows = [row_of.get(u) for u in data["uCode"]]
        present = [i for i, r in enumerate(rows) if r is not None]
        scores[np.ix_([rows[i] for i in present], members)] = result[present]
    ranks = rank_scores(scores)
    with warnings.catch_warnings():  # a unit without a score in any run has NaN statistics, as R's NA
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(ranks, axis=1) if settings else np.nan
        median = np.nanmedian(ranks, axis=1) if settings else np.nan
    stats = pd.DataFrame({
        "uCode": units,
        "Nominal": rank_scores(nominal[target]),
        "Mean": mean,
        "Median": median,
        "Q5": [quantile7(row, 0.05) for row in ranks],
        "Q95": [quantile7(row, 0.95) for row in ranks],
    })
    columns = [f"run{j + 1}" for j in range(len(settings))]
    return UncertaintyResult(
        rank_stats=stats,
        ranks=pd.concat([pd.DataFrame({"uCode": units}), pd.DataFrame(ranks, columns=columns)], axis=1),
        scores=pd.concat([pd.DataFrame({"uCode": units}), pd.DataFrame(scores, columns=columns)], axis=1),
        settings=settings)


RUN_COLUMNS = {"Winmax": "Treat", "Normalisation": "Normalise", "Normalisation_para": "Normalise",
               "Aggregation": "Aggregate", "idx_Weights": "Aggregate", "Imputation": "Impute"}
PARA_KEYS = {"n_minmax": ("l_u", 2), "n_zscore": ("m_sd", 2), "n_goalposts": ("gposts", 3)}


def settings_from_tables(runs: pd.DataFrame, weight_sets: pd.DataFrame | None = None,
                         names: tuple[str, str | None] = ("the runs table", "the weights table")) -> list[dict]:
    """Run settings from COINr's replay columns (Normalisation, Normalisation_para, Aggregation,
    Winmax, idx_Weights, Imputation); a column that is absent keeps the nominal setting, COINr's
    other columns (run, u_*, idx_* of the other inputs, failed) are read past. A bad cell is
    refused naming the table, its line and column."""
    runs_name, weights_name = names[0], names[1] or "the weights table"
    if runs.empty:
        raise CompositeInputError(f"{runs_name}: no runs; expected one row per run")
    if weight_sets is not None:
        if "idx_Weights" not in runs.columns:
            raise CompositeInputError(f"{runs_name}: a weights table was given but the runs table has no idx_Weights column")
        missing = [c for c in ("wset", "iCode", "Weight") if c not in weight_sets.columns]
        if missing:
            raise CompositeInputError(f"{weights_name}: column(s) {', '.join(missing)} missing; expected wset, iCode, "
                                      "Level, Weight (COINr's noisy weights in long form)")
        numeric_column(weight_sets, "Weight", weights_name, "iCode")
    elif "idx_Weights" in runs.columns:
        raise CompositeInputError(f"{runs_name}: column idx_Weights names weight sets, but no replay_weights table was given")
    sets = {} if weight_sets is None else {k: v for k, v in weight_sets.groupby("wset")}
    out = []
    for i, run in enumerate(runs.to_dict("records")):
        def bad(column, expected, run=run, line=i + 2):
            return CompositeInputError(f"{runs_name}, line {line}, column {column}: {run[column]!r} is not "
                                       f"{expected}")
        setting: dict = {}
        if "Winmax" in runs.columns:
            if not _whole(run["Winmax"]) or run["Winmax"] < 0:
                raise bad("Winmax", "a whole number ≥ 0")
            setting["winmax"] = int(run["Winmax"])
        if "Normalisation" in runs.columns:
            f_n = run["Normalisation"]
            if f_n not in NORMALISERS and f_n != "none":
                raise bad("Normalisation", f"one of {', '.join(NORMALISERS)}")
            setting["f_n"], setting["f_n_para"] = f_n, None
            if "Normalisation_para" in runs.columns and pd.notna(run["Normalisation_para"]) and f_n in PARA_KEYS:
                key, n = PARA_KEYS[f_n]
                try:
                    para = [float(v) for v in str(run["Normalisation_para"]).split(",")]
                except ValueError:
                    para = []
                if len(para) != n:
                    raise bad("Normalisation_para", f"{n} numbers separated by commas (the {key} of {f_n})")
                setting["f_n_para"] = {key: para}
        if "Aggregation" in runs.columns:
            if run["Aggregation"] not in AGGREGATORS:
                raise bad("Aggregation", f"one of {', '.join(AGGREGATORS)}")
            setting["f_ag"] = run["Aggregation"]
        if "Imputation" in runs.columns:
            if run["Imputation"] not in IMPUTATION_METHODS:
                raise bad("Imputation", f"one of {', '.join(IMPUTATION_METHODS)}")
            setting["f_i"] = run["Imputation"]
        if weight_sets is not None:
            if not _whole(run["idx_Weights"]) or int(run["idx_Weights"]) not in sets:
                raise bad("idx_Weights", f"a wset of {weights_name}")
            setting["weights"] = sets[int(run["idx_Weights"])][["iCode", "Weight"]].reset_index(drop=True)
        out.append(setting)
    return out


def _whole(value) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not pd.isna(value) and float(value).is_integer()


def replay(idata, meta, steps, runs: pd.DataFrame, weight_sets: pd.DataFrame | None = None,
           target: str = "Index", names: tuple[str, str | None] = ("the runs table", "the weights table")
           ) -> UncertaintyResult:
    """Replay a table of run settings (and weight sets) — e.g. COINr's own draws — on the coin of
    ``steps``. A column whose step is not among ``steps`` is refused rather than ignored."""
    present = {name for step in steps for name in step}
    for column, step in RUN_COLUMNS.items():
        if column in runs.columns and step not in present:
            raise CompositeInputError(f"{names[0]}: column {column} varies the {step} step, which the steps do not have")
    settings = settings_from_tables(runs, weight_sets, names)
    tree = tree_of(meta)
    vectors: dict[int, np.ndarray] = {}
    for i, setting in enumerate(settings):
        if "weights" in setting:
            wset = int(runs["idx_Weights"].iloc[i])
            if wset not in vectors:
                try:
                    vectors[wset] = tree.weight_matrix(setting["weights"])[0]
                except CompositeInputError as error:
                    raise CompositeInputError(f"{names[1] or 'the weights table'}, wset {wset}: {error}") from None
            setting["weights"] = vectors[wset]
    return run_many(idata, meta, steps, settings, target)


def noisy_weights(meta: pd.DataFrame, noise: dict[int, float], rng: np.random.Generator) -> pd.DataFrame:
    """COINr's get_noisy_weights: each weight of a level in ``noise`` times (1 ± uniform noise)."""
    tree = meta[meta["Level"].notna()][["iCode", "Level", "Weight"]].copy()
    tree["Weight"] = _noisy_vector(tree_of(meta), tree["Level"].to_numpy(), noise, rng)
    return tree.reset_index(drop=True)


def _noisy_vector(tree, levels: np.ndarray, noise: dict[int, float], rng: np.random.Generator) -> np.ndarray:
    """One noisy weight set in ``tree.codes`` order (the draws of ``noisy_weights``, without a frame)."""
    factors = np.ones(len(levels))
    for level, amount in noise.items():
        on = levels == level
        factors[on] = 1 + rng.uniform(-amount, amount, on.sum())
    return tree.weights * factors


def monte_carlo(idata, meta, steps, n: int, seed: int, *, weight_noise: dict[int, float] | None = None,
                normalisations: list[tuple[str, dict]] | None = None, aggregations: list[str] | None = None,
                winmax: list[int] | None = None, imputations: list[str] | None = None,
                target: str = "Index") -> UncertaintyResult:
    """Draw ``n`` runs with ``numpy.random.default_rng(seed)``; each alternative equally likely.
    An input left as None is not varied."""
    rng = np.random.default_rng(seed)
    tree = tree_of(meta)
    levels = meta[meta["Level"].notna()]["Level"].to_numpy()
    settings = []
    for _ in range(n):
        setting: dict = {}
        if weight_noise:  # a vector in tree order (what noisy_weights draws, without building a frame)
            setting["weights"] = _noisy_vector(tree, levels, weight_noise, rng)
        if normalisations:
            f_n, para = normalisations[rng.integers(len(normalisations))]
            setting.update(f_n=f_n, f_n_para=para)
        if aggregations:
            setting["f_ag"] = aggregations[rng.integers(len(aggregations))]
        if winmax:
            setting["winmax"] = int(winmax[rng.integers(len(winmax))])
        if imputations:
            setting["f_i"] = imputations[rng.integers(len(imputations))]
        settings.append(setting)
    return run_many(idata, meta, steps, settings, target)
