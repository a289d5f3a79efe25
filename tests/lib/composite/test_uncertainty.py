"""Monte Carlo uncertainty, replay and Sobol sensitivity on the ASEM coin: properties a user relies on."""
import numpy as np
import pandas as pd
import pytest

from intlmon.lib.composite.aggregate import rank_scores
from intlmon.lib.composite.data import CompositeInputError
from intlmon.lib.composite.diagnostics import correlation_flags, cronbach_alpha
from intlmon.lib.composite.pipeline import build
from intlmon.lib.composite.sensitivity import sobol_indices
from intlmon.lib.composite.uncertainty import monte_carlo, quantile7, replay, run_many, with_settings

from .conftest import EXAMPLE_STEPS


def _mc(asem, seed):
    return monte_carlo(*asem, EXAMPLE_STEPS, n=12, seed=seed, weight_noise={2: 0.25, 3: 0.25},
                       normalisations=[("n_minmax", {"l_u": [1, 100]}), ("n_zscore", {"m_sd": [10, 2]})],
                       aggregations=["a_amean", "a_gmean"], winmax=[1, 2, 3, 4, 5],
                       imputations=["i_mean", "i_mean_grp"])


def test_monte_carlo_rank_bands_are_ordered_and_nominal_is_the_deterministic_run(asem, example_coin):
    result = _mc(asem, seed=7)
    stats = result.rank_stats
    assert (stats["Q5"] <= stats["Median"]).all() and (stats["Median"] <= stats["Q95"]).all()
    assert (stats["Q5"] >= 1).all() and (stats["Q95"] <= len(stats)).all()
    nominal = example_coin.analysis["Aggregated_ranks"]["Index"]
    assert list(stats["Nominal"]) == list(nominal)
    assert (stats["Q95"] - stats["Q5"]).max() > 0          # the choices do move some ranks
    again = _mc(asem, seed=7)
    pd.testing.assert_frame_equal(stats, again.rank_stats)  # a fixed seed repeats itself


def test_replay_is_deterministic_and_equals_the_runs_done_one_by_one(asem):
    runs = pd.DataFrame({"run": [1, 2, 3], "Normalisation": ["n_minmax", "n_zscore", "n_minmax"],
                         "Normalisation_para": ["1,100", "10,2", "0,100"],
                         "Aggregation": ["a_gmean", "a_amean", "a_amean"], "Winmax": [1, 5, 3]})
    first = replay(*asem, EXAMPLE_STEPS, runs)
    second = replay(*asem, EXAMPLE_STEPS, runs)
    pd.testing.assert_frame_equal(first.ranks, second.ranks)
    one = {"winmax": 1, "f_n": "n_minmax", "f_n_para": {"l_u": [1.0, 100.0]}, "f_ag": "a_gmean"}
    scores = build(*asem, with_settings(EXAMPLE_STEPS, one)).data["Aggregated"]["Index"]
    np.testing.assert_array_equal(first.scores["run1"], scores)
    np.testing.assert_array_equal(first.ranks["run1"], rank_scores(scores))
    # the third run differs from the nominal coin only by winmax 3 instead of 5
    assert run_many(*asem, EXAMPLE_STEPS, [{"winmax": 3}]).ranks["run1"].tolist() == first.ranks["run3"].tolist()


def test_replay_without_a_column_keeps_the_nominal_setting(asem, example_coin):
    result = replay(*asem, EXAMPLE_STEPS, pd.DataFrame({"run": [1]}))
    np.testing.assert_array_equal(result.scores["run1"], example_coin.data["Aggregated"]["Index"])


def test_quantile_type_7():
    # ranks 1..10: index = 9·0.05 = 0.45 → 1 + 0.45·(2 − 1) = 1.45; 9·0.95 = 8.55 → 9.55
    # (R's own arithmetic, (1 − h)·x[lo] + h·x[hi], also prints 1.4500000000000002)
    assert abs(quantile7(np.arange(1, 11), 0.05) - 1.45) < 1e-12
    assert abs(quantile7(np.arange(1, 11), 0.95) - 9.55) < 1e-12
    assert quantile7(np.array([3.0, 3.0, np.nan]), 0.05) == 3.0


def test_sobol_gives_no_share_to_an_input_with_one_alternative(asem):
    inputs = {"Aggregation": [{"f_ag": "a_amean"}, {"f_ag": "a_gmean"}],
              "Winmax": [{"winmax": 1}, {"winmax": 5}],
              "Nothing": [{}]}
    table = sobol_indices(*asem, [*EXAMPLE_STEPS[:4], {"Normalise": {"f_n": "n_minmax", "l_u": [1, 100]}},
                                  EXAMPLE_STEPS[5]], inputs, n=16, seed=3).set_index("Input")
    assert table.loc["Nothing", "ST"] == 0 and table.loc["Nothing", "S1"] == 0
    assert table.loc["Aggregation", "ST"] > 0 and table.loc["Winmax", "ST"] > 0
    assert (table["ST"] >= table["S1"] - table["S1_conf"] - table["ST_conf"]).all()


def test_correlation_flags_and_cronbach_alpha():
    data = pd.DataFrame({"uCode": list("ABCD"), "x": [1.0, 2, 3, 4], "y": [2.0, 4, 6, 8.5],
                         "z": [4.0, 1, 3, 2]})
    flags = correlation_flags(data)
    assert list(zip(flags["Ind1"], flags["Ind2"], strict=True)) == [("x", "y")] and flags["Corr"][0] >= 0.9
    # items (1, 2, 3) and (1, 3, 2): item variances 1 and 1; totals 2, 5, 5 → variance 3;
    # α = 2/(2 − 1)·(1 − 2/3) = 2/3
    two = pd.DataFrame({"p": [1.0, 2, 3], "q": [1.0, 3, 2]})
    assert abs(cronbach_alpha(two, ["p", "q"]) - 2 / 3) < 1e-12


def test_rank_bands_of_an_indicator_or_a_pillar_and_an_unknown_target(asem, example_coin):
    meta = asem[1]
    tree = meta[meta["Level"].notna()]
    nominal = dict(zip(tree["iCode"], tree["Weight"], strict=True))
    # the sub-index Conn (level 3) weighs 0.2 or 5: the Index moves, a pillar and an indicator cannot
    settings = [{"weights": {**nominal, "Conn": w}} for w in (0.2, 5.0)]
    index = run_many(*asem, EXAMPLE_STEPS, settings).rank_stats
    assert (index["Q95"] - index["Q5"]).max() > 0
    pillar = run_many(*asem, EXAMPLE_STEPS, settings, target="ConEcFin").rank_stats
    assert list(pillar["Nominal"]) == list(example_coin.analysis["Aggregated_ranks"]["ConEcFin"])
    indicator = run_many(*asem, EXAMPLE_STEPS, settings, target="Goods").rank_stats
    assert list(indicator["Nominal"]) == list(rank_scores(example_coin.data["Normalised"]["Goods"]))
    for stats in (pillar, indicator):
        assert list(stats["Q5"]) == list(stats["Nominal"]) == list(stats["Q95"])
    with pytest.raises(CompositeInputError, match="'Nowhere' is neither an aggregate nor an indicator"):
        run_many(*asem, EXAMPLE_STEPS, settings, target="Nowhere")
