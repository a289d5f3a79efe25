"""The engine run from a COINr-shaped configuration writes COINr's data sets as CSV."""
import json

import numpy as np
import pandas as pd
import pytest

from intlmon.lib.composite.config import run_config
from intlmon.lib.composite.data import CompositeInputError

from .conftest import EXAMPLE_STEPS, REFERENCE


def test_run_config_writes_every_data_set_as_coinr_does(tmp_path):
    runs = pd.read_csv(REFERENCE / "p2_example_UA_vignette_runs.csv").head(5)
    runs.to_csv(tmp_path / "runs.csv", index=False)
    config = {"iData": str(REFERENCE / "ASEM_iData.csv"), "iMeta": str(REFERENCE / "ASEM_iMeta.csv"),
              "out": "out", "steps": EXAMPLE_STEPS,
              "uncertainty": {"replay_runs": "runs.csv",
                              "replay_weights": str(REFERENCE / "p2_example_UA_vignette_noisy_weights.csv")}}
    (tmp_path / "config.json").write_text(json.dumps(config))
    written = run_config(tmp_path / "config.json")
    names = {p.name for p in written.files}
    assert {"Raw.csv", "Denominated.csv", "Imputed.csv", "Screened.csv", "Treated.csv", "Normalised.csv",
            "Aggregated.csv", "Aggregated_ranks.csv", "Treated_details.csv", "RankStats.csv"} <= names
    mine = pd.read_csv(tmp_path / "out" / "Aggregated.csv")
    ref = pd.read_csv(REFERENCE / "p2_example_Aggregated.csv")
    np.testing.assert_allclose(mine[ref.columns[1:]].to_numpy(), ref[ref.columns[1:]].to_numpy(), rtol=1e-9)
    stats = pd.read_csv(tmp_path / "out" / "RankStats.csv")
    assert list(stats.columns) == ["uCode", "Nominal", "Mean", "Median", "Q5", "Q95"]
    # the first five runs of COINr's vignette, rank by rank
    ranks = pd.read_csv(REFERENCE / "p2_example_UA_vignette_Ranks.csv")[[f"r_{i}" for i in range(1, 6)]]
    assert list(stats["Median"]) == list(ranks.median(axis=1))


def test_a_config_without_steps_is_refused_with_its_name(tmp_path):
    (tmp_path / "c.json").write_text(json.dumps({"iData": "a.csv", "iMeta": "b.csv", "out": "o"}))
    with pytest.raises(CompositeInputError, match="c.json: key 'steps' is missing"):
        run_config(tmp_path / "c.json")
