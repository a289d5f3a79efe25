"""A coin built step by step in COINr's order, each step writing the data set COINr names
(Raw, Denominated, Imputed, Screened, Treated, Normalised, Aggregated). The uncertainty analysis
rebuilds the whole coin from Raw with a run's settings through ``build``."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .aggregate import aggregate, ranks_table
from .data import CompositeInputError, directions, raw_dataset, unit_columns
from .denominate import denominate
from .impute import impute
from .normalise import normalise
from .screen import screen
from .treat import treat

STEP_NAMES = ("Denominate", "Impute", "Screen", "Treat", "Normalise", "Aggregate")


@dataclass
class Coin:
    data: dict[str, pd.DataFrame] = field(default_factory=dict)   # data sets by COINr name
    analysis: dict[str, object] = field(default_factory=dict)     # Treated details, Screen summary ...

    @property
    def last(self) -> pd.DataFrame:
        return list(self.data.values())[-1]


def build(idata: pd.DataFrame, meta: pd.DataFrame, steps: list[dict], ranks: bool = True,
          cache: dict | None = None) -> Coin:
    """Run ``steps`` ([{"Denominate": {}}, {"Impute": {"f_i": ...}}, ...]) from the Raw data set.

    ``cache`` (a dict the caller keeps for one iData/iMeta pair) remembers the data sets after every
    step before Aggregate, keyed by the steps so far: Monte Carlo runs that share their choices up to
    Normalise then only aggregate again. Steps never change the data sets they read, so sharing is safe.
    """
    coin = Coin()
    start = 0
    # only the steps before the first Aggregate are cached (weights tables do not make good keys)
    cacheable = next((i for i, step in enumerate(steps) if "Aggregate" in step), len(steps))
    if cache is not None:
        for i in range(cacheable, 0, -1):
            hit = cache.get(repr(steps[:i]))
            if hit is not None:
                coin.data, coin.analysis = dict(hit[0]), dict(hit[1])
                start = i
                break
    if start == 0:
        coin.data["Raw"] = raw_dataset(idata, meta)
    for i in range(start, len(steps)):
        (name, para), = steps[i].items()
        try:
            _run_step(coin, name, dict(para or {}), idata, meta, ranks)
        except CompositeInputError as error:
            raise CompositeInputError(f"steps[{i}] {name}: {error}") from None
        if cache is not None and i < cacheable:
            cache[repr(steps[:i + 1])] = (dict(coin.data), dict(coin.analysis))
    return coin


def _run_step(coin: Coin, name: str, para: dict, idata: pd.DataFrame, meta: pd.DataFrame, ranks: bool) -> None:
    current = coin.last
    if name == "Denominate":
        coin.data["Denominated"] = denominate(current, idata, meta)
    elif name == "Impute":
        group = para.get("use_group")
        groups = None
        if group:
            groups = unit_columns(idata, [group]).set_index("uCode")[group].reindex(current["uCode"]).to_numpy()
        coin.data["Imputed"] = impute(current, para.get("f_i", "i_mean"), group, groups)
    elif name == "Screen":
        result = screen(current, para.get("unit_screen", "byNA"), para.get("dat_thresh", 2 / 3),
                        para.get("nonzero_thresh", 0.05))
        coin.data["Screened"] = result.data
        coin.analysis["Screened"] = result
    elif name == "Treat":
        result = treat(current, para.get("winmax", 5), para.get("skew_thresh", 2), para.get("kurt_thresh", 3.5))
        coin.data["Treated"] = result.data
        coin.analysis["Treated"] = result
    elif name == "Normalise":
        f_n = para.get("f_n", "n_minmax")
        coin.data["Normalised"] = normalise(current, directions(meta), f_n, para.get("f_n_para", _inline_para(para)))
    elif name == "Aggregate":
        weights = para.get("weights")
        aggregated = aggregate(current, meta, para.get("f_ag", "a_amean"), weights, para.get("dat_thresh"))
        coin.data["Aggregated"] = aggregated
        if ranks:
            coin.analysis["Aggregated_ranks"] = ranks_table(aggregated, list(aggregated.columns.drop("uCode")))
    else:
        raise CompositeInputError(f"step {name!r} is unknown; expected one of {', '.join(STEP_NAMES)}")


def _inline_para(para: dict) -> dict | None:
    """Accept COINr's parameters written beside f_n (``{"f_n": "n_minmax", "l_u": [0, 100]}``)."""
    inline = {k: v for k, v in para.items() if k in ("l_u", "m_sd", "gposts")}
    return inline or None
