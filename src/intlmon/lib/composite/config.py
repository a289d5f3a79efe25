"""Run the engine from a COINr-shaped configuration — the library half of issue 14's
``intlmon composite run CONFIG.json`` (the command only parses its arguments and calls ``run_config``):

    {"iData": "…csv", "iMeta": "…csv", "out": "DIR",
     "steps": [{"Denominate": {}}, {"Impute": {"f_i": "i_mean_grp", "use_group": "EurAsia_group"}}, …],
     "uncertainty": {"replay_runs": "runs.csv", "replay_weights": "weights.csv"}}

Relative paths are read from the configuration's folder. It writes one CSV per data set named as
COINr names it (Raw, Denominated, …, Aggregated; uCode then one column per iCode),
``Aggregated_ranks.csv``, ``Treated_details.csv`` and, with uncertainty, ``RankStats.csv``.
Numbers are written with 17 significant digits (they read back exactly), NA as an empty field.

Everything is checked and computed before the first file is written, so a refused configuration
(a ``CompositeInputError`` naming the key, file, row or column and what is expected) changes nothing.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .data import CompositeInputError, read_idata, read_imeta, read_table
from .pipeline import STEP_NAMES, build
from .uncertainty import replay

KEYS = ("iData", "iMeta", "out", "steps", "uncertainty")
UNCERTAINTY_KEYS = ("replay_runs", "replay_weights")
# COINr's parameter names each step understands (docs/composite.md gives their meaning and defaults)
STEP_PARAMETERS = {
    "Denominate": (),
    "Impute": ("f_i", "use_group"),
    "Screen": ("unit_screen", "dat_thresh", "nonzero_thresh"),
    "Treat": ("winmax", "skew_thresh", "kurt_thresh"),
    "Normalise": ("f_n", "f_n_para", "l_u", "m_sd", "gposts"),
    "Aggregate": ("f_ag", "weights", "dat_thresh"),
}
VECTOR_LENGTHS = {"l_u": 2, "m_sd": 2, "gposts": 3}


@dataclass
class RunSummary:
    out: Path
    files: list[Path] = field(default_factory=list)
    removed_units: list[str] = field(default_factory=list)   # by Screen
    runs: int = 0                                             # uncertainty runs replayed

    def as_json(self) -> dict:
        return {"out": str(self.out), "files": [p.name for p in self.files], "removed_units": self.removed_units,
                "uncertainty_runs": self.runs}


def _write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, float_format="%.17g", na_rep="")


def load_config(config_path) -> dict:
    """The configuration as JSON, its keys checked; refuses with the file's name and the key."""
    config_path = Path(config_path)
    if not config_path.is_file():
        raise CompositeInputError(f"{config_path}: configuration file not found")
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise CompositeInputError(f"{config_path}: not valid JSON (line {error.lineno}: {error.msg})") from None
    except UnicodeDecodeError:
        raise CompositeInputError(f"{config_path}: not UTF-8 text; expected a JSON file") from None
    if not isinstance(config, dict):
        raise CompositeInputError(f"{config_path}: expected a JSON object with the keys {', '.join(KEYS[:4])}")
    for key in KEYS[:4]:
        if key not in config:
            raise CompositeInputError(f"{config_path}: key {key!r} is missing; expected iData, iMeta, out and steps")
    unknown = [k for k in config if k not in KEYS]
    if unknown:
        raise CompositeInputError(f"{config_path}: key {unknown[0]!r} is unknown; expected {', '.join(KEYS)}")
    for key in ("iData", "iMeta", "out"):
        if not isinstance(config[key], str) or not config[key].strip():
            raise CompositeInputError(f"{config_path}: {key!r} must be a path (text), got {config[key]!r}")
    check_steps(config["steps"], str(config_path))
    uncertainty = config.get("uncertainty")
    if uncertainty is not None:
        if not isinstance(uncertainty, dict) or "replay_runs" not in uncertainty:
            raise CompositeInputError(f"{config_path}: 'uncertainty' must be an object with 'replay_runs' (a table of "
                                      "run settings) and optionally 'replay_weights' (the weight sets)")
        unknown = [k for k in uncertainty if k not in UNCERTAINTY_KEYS]
        if unknown:
            raise CompositeInputError(f"{config_path}: uncertainty key {unknown[0]!r} is unknown; expected "
                                      f"{' and '.join(UNCERTAINTY_KEYS)}")
        for key, value in uncertainty.items():
            if not isinstance(value, str):
                raise CompositeInputError(f"{config_path}: uncertainty {key!r} must be a path (text), got {value!r}")
        if not any("Aggregate" in step for step in config["steps"]):
            raise CompositeInputError(f"{config_path}: 'uncertainty' ranks the aggregated Index, but the steps have "
                                      "no Aggregate step")
    return config


def check_steps(steps, where: str) -> None:
    """Each step is {"Name": {COINr parameters}}, named once, with parameters of the right kind."""
    if not isinstance(steps, list) or not steps:
        raise CompositeInputError(f"{where}: 'steps' must be a list such as [{{\"Denominate\": {{}}}}, "
                                  f"{{\"Impute\": {{\"f_i\": \"i_mean\"}}}}]; got {steps!r}")
    seen = set()
    for i, step in enumerate(steps):
        label = f"{where}: steps[{i}]"
        if not isinstance(step, dict) or len(step) != 1:
            raise CompositeInputError(f"{label} must be an object with one step name, e.g. {{\"Treat\": {{\"winmax\": 5}}}}")
        (name, para), = step.items()
        if name not in STEP_PARAMETERS:
            raise CompositeInputError(f"{label}: step {name!r} is unknown; expected one of {', '.join(STEP_NAMES)}")
        if name in seen:
            raise CompositeInputError(f"{label}: step {name!r} appears twice; each step runs once")
        seen.add(name)
        if para is None:
            continue
        if not isinstance(para, dict):
            raise CompositeInputError(f"{label} {name}: parameters must be an object, got {para!r}")
        for key, value in para.items():
            if key not in STEP_PARAMETERS[name]:
                expected = ", ".join(STEP_PARAMETERS[name]) or "none"
                raise CompositeInputError(f"{label} {name}: parameter {key!r} is unknown; expected {expected}")
            _check_value(f"{label} {name}: {key}", key, value)
        for key in ("l_u", "m_sd", "gposts"):
            if key in para and "f_n_para" in para:
                raise CompositeInputError(f"{label} {name}: give {key} either beside f_n or inside f_n_para, not both")


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_value(label: str, key: str, value) -> None:
    if key in ("f_i", "use_group", "unit_screen", "f_n", "f_ag", "weights"):
        if not isinstance(value, str):
            raise CompositeInputError(f"{label} must be text, got {value!r}")
    elif key in ("dat_thresh", "nonzero_thresh"):
        if not _number(value) or not 0 <= value <= 1:
            raise CompositeInputError(f"{label} must be a number from 0 to 1, got {value!r}")
    elif key == "winmax":
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise CompositeInputError(f"{label} must be a whole number ≥ 0 (points to winsorise) or null, got {value!r}")
    elif key in ("skew_thresh", "kurt_thresh"):
        if not _number(value):
            raise CompositeInputError(f"{label} must be a number, got {value!r}")
    elif key in VECTOR_LENGTHS:
        n = VECTOR_LENGTHS[key]
        if not isinstance(value, list) or len(value) != n or not all(_number(v) for v in value):
            raise CompositeInputError(f"{label} must be a list of {n} numbers, got {value!r}")
        if key == "l_u" and value[0] >= value[1]:
            raise CompositeInputError(f"{label} must be [lower, upper] with lower < upper, got {value!r}")
        if key == "m_sd" and value[1] <= 0:
            raise CompositeInputError(f"{label} must be [mean, sd] with sd > 0, got {value!r}")
    elif key == "f_n_para":
        if not isinstance(value, dict) or not value:
            raise CompositeInputError(f"{label} must be an object such as {{\"l_u\": [0, 100]}}, got {value!r}")
        for inner, v in value.items():
            if inner not in VECTOR_LENGTHS:
                raise CompositeInputError(f"{label}: {inner!r} is unknown; expected l_u, m_sd or gposts")
            _check_value(f"{label}.{inner}", inner, v)


def run_config(config_path) -> RunSummary:
    """Build the coin the configuration describes and write its data sets; returns what was written."""
    config_path = Path(config_path)
    config = load_config(config_path)
    base = config_path.parent
    idata = read_idata(base / config["iData"])
    meta = read_imeta(base / config["iMeta"])
    steps = _with_weight_tables(config["steps"], base)
    coin = build(idata, meta, steps)
    result = None
    uncertainty = config.get("uncertainty")
    if uncertainty:
        runs = read_table(base / uncertainty["replay_runs"], "replay_runs")
        weights = (read_table(base / uncertainty["replay_weights"], "replay_weights")
                   if uncertainty.get("replay_weights") else None)
        result = replay(idata, meta, steps, runs, weights,
                        names=(uncertainty["replay_runs"], uncertainty.get("replay_weights")))
    out = base / config["out"]
    if out.exists() and not out.is_dir():
        raise CompositeInputError(f"{config_path}: 'out' {config['out']!r} is a file; expected a folder")
    out.mkdir(parents=True, exist_ok=True)
    tables = dict(coin.data)
    if "Aggregated_ranks" in coin.analysis:
        tables["Aggregated_ranks"] = coin.analysis["Aggregated_ranks"]
    if "Treated" in coin.analysis:
        tables["Treated_details"] = coin.analysis["Treated"].details
    if result is not None:
        tables["RankStats"] = result.rank_stats
    summary = RunSummary(out=out, runs=len(result.settings) if result is not None else 0)
    if "Screened" in coin.analysis:
        summary.removed_units = list(coin.analysis["Screened"].removed)
    for name, frame in tables.items():
        summary.files.append(out / f"{name}.csv")
        _write(frame, summary.files[-1])
    return summary


def _with_weight_tables(steps: list[dict], base: Path) -> list[dict]:
    """Aggregate's ``weights`` names a CSV (iCode, Weight) in the configuration; read it here."""
    out = []
    for step in steps:
        (name, para), = step.items()
        para = dict(para or {})
        if name == "Aggregate" and "weights" in para:
            para["weights"] = read_table(base / para["weights"], "Aggregate weights", ("iCode", "Weight"))
        out.append({name: para})
    return out
