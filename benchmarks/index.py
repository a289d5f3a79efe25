"""Benchmark of the composite-indicator engine (issue 14, "Done when"): the full COINr pipeline
(Denominate → Impute → Screen → Treat → Normalise → Aggregate) with a Monte Carlo uncertainty analysis
on synthetic data, then the time.

    .venv/bin/python benchmarks/index.py [--units 120] [--indicators 30] [--runs 1000] [--seed 1] [--peer 50]

Data: `--units` HEIs × `--indicators` indicators drawn from a seeded generator (lognormal sizes, so
some indicators are skewed and get winsorised or log_CT; 5 % missing cells; two groups), a
denominator column, six pillars, two sub-indices and an Index with equal weights. The Monte Carlo
varies weights (±25 % on levels 2 and 3), normalisation ([1, 100] min-max or z-scores (10, 2)),
aggregation (a_amean or a_gmean), winmax (1–5) and imputation (i_mean or i_mean_grp).
Goal: ≤ 5 s for the full pipeline (one deterministic coin, then 1 000 Monte Carlo runs) on 120 × 30.
The run prints wall time and this process's CPU time beside the goal, with the machine's load average
(`os.getloadavg`) at start and end: the machine is shared, so the wall time is taken under whatever
load is there; CPU time is the steadier figure. How it is fast: runs that share their choices up to
Normalise share one coin up to there (imputation × winmax × normalisation = 20 coins here), and every
run of one such coin and one aggregation is aggregated at once with its weight sets as the rows of a
matrix (uncertainty.run_many, aggregate.aggregate_runs). Results are in benchmarks/RESULTS.md
("Composite index").
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from intlmon.lib.composite.pipeline import build  # noqa: E402
from intlmon.lib.composite.uncertainty import monte_carlo, with_settings  # noqa: E402


def synthetic(units: int, indicators: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    codes = [f"I{i + 1:02d}" for i in range(indicators)]
    idata = pd.DataFrame({"uCode": [f"H{u + 1:03d}" for u in range(units)],
                          "Group": rng.choice(["A", "B"], units),
                          "Students": rng.lognormal(8, 1, units)})
    for i, code in enumerate(codes):
        values = rng.lognormal(2, 0.4 + 0.8 * (i % 3), units)
        values[rng.random(units) < 0.05] = np.nan
        idata[code] = values
    pillars = [f"P{p + 1}" for p in range(6)]
    rows = [{"Level": 1, "iCode": c, "Direction": -1 if i % 7 == 0 else 1, "Weight": 1,
             "Denominator": "Students" if i % 4 == 0 else np.nan, "Parent": pillars[i % 6], "Type": "Indicator"}
            for i, c in enumerate(codes)]
    rows += [{"Level": 2, "iCode": p, "Direction": 1, "Weight": 1, "Parent": "S1" if k < 3 else "S2",
              "Type": "Aggregate"} for k, p in enumerate(pillars)]
    rows += [{"Level": 3, "iCode": s, "Direction": 1, "Weight": 1, "Parent": "Index", "Type": "Aggregate"}
             for s in ("S1", "S2")]
    rows += [{"Level": 4, "iCode": "Index", "Direction": 1, "Weight": 1, "Type": "Aggregate"}]
    return idata, pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=120)
    parser.add_argument("--indicators", type=int, default=30)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--peer", type=int, default=50, metavar="N",
                        help="also time N of the same runs built one coin per run (the naive way), as the peer "
                             "figure under the same load; 0 to skip")
    args = parser.parse_args()
    idata, meta = synthetic(args.units, args.indicators, args.seed)
    steps = [{"Denominate": {}}, {"Impute": {"f_i": "i_mean_grp", "use_group": "Group"}},
             {"Screen": {"unit_screen": "byNA", "dat_thresh": 2 / 3}}, {"Treat": {"winmax": 5}},
             {"Normalise": {"f_n": "n_minmax", "l_u": [1, 100]}}, {"Aggregate": {"f_ag": "a_amean"}}]
    load_start = os.getloadavg()
    start, cpu = time.perf_counter(), time.process_time()
    coin = build(idata, meta, steps)
    one, one_cpu = time.perf_counter() - start, time.process_time() - cpu
    result = monte_carlo(idata, meta, steps, n=args.runs, seed=args.seed, weight_noise={2: 0.25, 3: 0.25},
                         normalisations=[("n_minmax", {"l_u": [1, 100]}), ("n_zscore", {"m_sd": [10, 2]})],
                         aggregations=["a_amean", "a_gmean"], winmax=[1, 2, 3, 4, 5],
                         imputations=["i_mean", "i_mean_grp"])
    total, total_cpu = time.perf_counter() - start, time.process_time() - cpu
    load_end = os.getloadavg()
    treated = coin.analysis["Treated"].details["Treatment"].value_counts().to_dict()
    width = (result.rank_stats["Q95"] - result.rank_stats["Q5"]).median()
    goal = 5.0
    print(f"{args.units} units × {args.indicators} indicators, {args.runs} Monte Carlo runs (seed {args.seed}); "
          f"treatment: {treated}")
    print(f"one deterministic coin:            {one:6.2f} s wall, {one_cpu:6.2f} s CPU")
    print(f"full pipeline + {args.runs} runs:        {total:6.2f} s wall, {total_cpu:6.2f} s CPU   "
          f"goal ≤ {goal:.0f} s  → {'MET' if total <= goal else 'MISSED'} (wall)")
    if args.peer:
        start, cpu = time.perf_counter(), time.process_time()
        for setting in result.settings[:args.peer]:
            build(idata, meta, with_settings(steps, setting), ranks=False)
        peer, peer_cpu = time.perf_counter() - start, time.process_time() - cpu
        n = min(args.peer, len(result.settings))
        print(f"peer: {n} runs one coin each:       {peer:6.2f} s wall, {peer_cpu:6.2f} s CPU   "
              f"(≈ {peer * args.runs / n:.0f} s wall, {peer_cpu * args.runs / n:.0f} s CPU for {args.runs})")
    print(f"median Q5–Q95 rank band width: {width:.1f}")
    print("load average (1, 5, 15 min): start {:.2f} {:.2f} {:.2f}, end {:.2f} {:.2f} {:.2f} on {} cores".format(
        *load_start, *load_end, os.cpu_count()))

if __name__ == "__main__":
    main()
