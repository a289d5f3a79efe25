"""Run the engine from a COINr-shaped configuration (issue 14 Deliver 2, the Django-free part of
`intlmon composite run CONFIG.json`):

    {"iData": "…csv", "iMeta": "…csv", "out": "DIR",
     "steps": [{"Denominate": {}}, {"Impute": {"f_i": "i_mean_grp", "use_group": "EurAsia_group"}}, …],
     "uncertainty": {"replay_runs": "runs.csv", "replay_weights": "weights.csv"}}

Relative paths are read from the configuration's folder. It writes one CSV per data set named as
COINr names it (Raw, Denominated, …, Aggregated; uCode then one column per iCode),
``Aggregated_ranks.csv``, ``Treated_details.csv`` and, with uncertainty, ``RankStats.csv``.
Numbers are written with 17 significant digits (they read back exactly), NA as an empty field.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .data import CompositeInputError, read_idata, read_imeta
from .pipeline import build
from .uncertainty import replay


def _write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, float_format="%.17g", na_rep="")


def run_config(config_path) -> list[Path]:
    """Build the coin the configuration describes; returns the files written."""
    config_path = Path(config_path)
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise CompositeInputError(f"{config_path}: not valid JSON (line {error.lineno}: {error.msg})") from None
    for key in ("iData", "iMeta", "out", "steps"):
        if key not in config:
            raise CompositeInputError(f"{config_path}: key {key!r} is missing; expected iData, iMeta, out and steps")
    base = config_path.parent
    idata = read_idata(base / config["iData"])
    meta = read_imeta(base / config["iMeta"])
    out = base / config["out"]
    out.mkdir(parents=True, exist_ok=True)
    coin = build(idata, meta, config["steps"])
    written = []
    for name, frame in coin.data.items():
        written.append(out / f"{name}.csv")
        _write(frame, written[-1])
    if "Aggregated_ranks" in coin.analysis:
        written.append(out / "Aggregated_ranks.csv")
        _write(coin.analysis["Aggregated_ranks"], written[-1])
    if "Treated" in coin.analysis:
        written.append(out / "Treated_details.csv")
        _write(coin.analysis["Treated"].details, written[-1])
    uncertainty = config.get("uncertainty")
    if uncertainty:
        if "replay_runs" not in uncertainty:
            raise CompositeInputError(f"{config_path}: uncertainty needs 'replay_runs' (a table of run settings)")
        runs = pd.read_csv(base / uncertainty["replay_runs"])
        weights = pd.read_csv(base / uncertainty["replay_weights"]) if uncertainty.get("replay_weights") else None
        result = replay(idata, meta, config["steps"], runs, weights)
        written.append(out / "RankStats.csv")
        _write(result.rank_stats, written[-1])
    return written
