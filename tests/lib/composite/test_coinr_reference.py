"""COINr 1.1.14's build_example_coin() and its uncertainty vignette, reproduced step by step
(/work/shared/reference/coinr, README there)."""
import numpy as np
import pandas as pd
import pytest

from intlmon.lib.composite.uncertainty import replay

from .conftest import EXAMPLE_STEPS, REFERENCE


def _reference(name):
    return pd.read_csv(REFERENCE / f"p2_example_{name}.csv", keep_default_na=False, na_values=[""])


@pytest.mark.parametrize("name", ["Raw", "Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated"])
def test_every_data_set_matches_coinr(example_coin, name):
    ref = _reference(name)
    mine = example_coin.data[name]
    assert list(mine["uCode"]) == list(ref["uCode"])
    codes = list(ref.columns.drop("uCode"))
    assert sorted(mine.columns.drop("uCode")) == sorted(codes)
    a, b = mine[codes].to_numpy(float), ref[codes].to_numpy(float)
    assert np.array_equal(np.isnan(a), np.isnan(b))
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=0)


def test_ranks_match_coinr_exactly(example_coin):
    ref = _reference("Aggregated_ranks")
    mine = example_coin.analysis["Aggregated_ranks"]
    codes = list(ref.columns.drop("uCode"))
    assert np.array_equal(mine[codes].to_numpy(float), ref[codes].to_numpy(float), equal_nan=True)


def test_treatment_details_and_points_match_coinr(example_coin):
    ref = _reference("Treated_DetsTable").set_index("iCode")
    details = example_coin.analysis["Treated"].details.set_index("iCode").loc[ref.index]
    assert list(details["check_SkewKurt0.Pass"]) == list(ref["check_SkewKurt0.Pass"])
    np.testing.assert_allclose(details["check_SkewKurt0.Skew"], ref["check_SkewKurt0.Skew"], rtol=1e-9)
    np.testing.assert_allclose(details["check_SkewKurt0.Kurt"], ref["check_SkewKurt0.Kurt"], rtol=1e-9)
    assert np.array_equal(pd.to_numeric(details["winsorise.nwin"]).to_numpy(float),
                          ref["winsorise.nwin"].to_numpy(float), equal_nan=True)
    np.testing.assert_allclose(pd.to_numeric(details["check_SkewKurt1.Skew"]).to_numpy(float),
                               ref["check_SkewKurt1.Skew"].to_numpy(float), rtol=1e-9)
    points = pd.read_csv(REFERENCE / "p2_example_Treated_Points.csv", keep_default_na=False).set_index("uCode")
    mine = example_coin.analysis["Treated"].points.set_index("uCode")
    assert (mine[points.columns] == points).all(axis=None)


def test_screen_summary_matches_coinr(example_coin):
    ref = _reference("Screened_DataSummary")
    result = example_coin.analysis["Screened"]
    assert result.removed == []
    np.testing.assert_allclose(result.summary["Non_Zero"], ref["Non_Zero"], rtol=1e-12)
    assert list(result.summary["N_zero"]) == list(ref["N_zero"])
    assert list(result.summary["Included"]) == list(ref["Included"])


def test_replayed_uncertainty_matches_coinr(asem):
    """The vignette's 100 runs (winmax 1–5, [1, 100] min-max or z-scores (10, 2), arithmetic or
    geometric mean, 100 noisy weight sets) replayed: every run's Index scores to 1e-9, its ranks
    and the RankStats exactly."""
    runs = pd.read_csv(REFERENCE / "p2_example_UA_vignette_runs.csv")
    weights = pd.read_csv(REFERENCE / "p2_example_UA_vignette_noisy_weights.csv")
    result = replay(*asem, EXAMPLE_STEPS, runs, weights)
    ref_scores = pd.read_csv(REFERENCE / "p2_example_UA_vignette_Scores.csv")
    ref_ranks = pd.read_csv(REFERENCE / "p2_example_UA_vignette_Ranks.csv")
    assert list(ref_scores["uCode"]) == list(result.scores["uCode"])
    run_columns = [f"r_{i}" for i in range(1, 101)]
    np.testing.assert_allclose(result.scores.iloc[:, 1:].to_numpy(), ref_scores[run_columns].to_numpy(), rtol=1e-9)
    assert np.array_equal(result.ranks.iloc[:, 1:].to_numpy(), ref_ranks[run_columns].to_numpy())
    ref = pd.read_csv(REFERENCE / "p2_example_UA_vignette_RankStats.csv")
    for column in ["Nominal", "Mean", "Median", "Q5", "Q95"]:
        assert list(result.rank_stats[column]) == list(ref[column]), column
