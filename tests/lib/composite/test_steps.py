"""Each COINr function on small data, the expected values worked out by hand from the definitions."""
import math

import numpy as np
import pandas as pd
import pytest

from intlmon.lib.composite.aggregate import a_amean, a_gmean, a_hmean, aggregate, rank_scores
from intlmon.lib.composite.data import CompositeInputError
from intlmon.lib.composite.denominate import denominate
from intlmon.lib.composite.impute import i_mean_grp, i_median_grp, impute
from intlmon.lib.composite.normalise import n_goalposts, n_minmax, n_rank, n_zscore, normalise
from intlmon.lib.composite.screen import screen
from intlmon.lib.composite.treat import kurt, log_CT, skew, treat, treat_column, winsorise


def frame(**columns):
    n = len(next(iter(columns.values())))
    return pd.DataFrame({"uCode": [f"U{i}" for i in range(n)], **columns})


def test_skew_and_kurtosis_are_e1071_type_2():
    # x = 1, 2, 3, 4, 10: mean 4, deviations −3 −2 −1 0 6; Σd² = 50, Σd³ = 180, Σd⁴ = 1394.
    # g1 = √5·180/50^1.5 = 0.72·√2.5; G1 = g1·√(5·4)/3 = 0.72·√50/3 = 0.24·√50 = 1.6970563
    # r = 5·1394/50² = 2.788; kurt = ((6)(2.788 − 3) + 6)·4/(3·2) = 4.728·2/3 = 3.152
    x = [1, 2, 3, 4, 10]
    assert skew(x) == pytest.approx(0.24 * math.sqrt(50), rel=1e-12)
    assert kurt(x) == pytest.approx(3.152, rel=1e-12)
    assert math.isnan(skew([1, 2])) and math.isnan(kurt([1, 2, 3]))


def test_winsorise_replaces_the_highest_by_the_next_highest():
    # 1..9 and 100: skew 3.12 ≥ 2 and kurtosis 9.80 ≥ 3.5 fail (scipy bias=False agrees); 100 → 9 gives 1..9, 9, which passes
    x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100]
    values, nwin, labels = winsorise(x, winmax=5)
    assert list(values) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 9]
    assert nwin == 1 and list(labels) == [""] * 9 + ["winhi"]


def test_negative_skew_winsorises_the_lowest():
    x = [-100, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    values, nwin, labels = winsorise(x, winmax=5)
    assert list(values) == [1, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert nwin == 1 and labels[0] == "winlo"


def test_log_ct_fallback_on_the_original_values_when_winmax_is_reached():
    # 1..18, 1000, 2000 with winmax = 1: 2000 → 1000 leaves two points at 1000 among 20 (still
    # skew 2.89, kurtosis 7.03), so log_CT is applied to the ORIGINAL values:
    # log(x − 1 + 0.01·(2000 − 1)) = log(x + 18.99)
    x = list(range(1, 19)) + [1000, 2000]
    values, row, labels = treat_column(x, winmax=1)
    assert row["winsorise.nwin"] == 1 and row["check_SkewKurt1.Pass"] is False
    assert row["Treatment"].startswith("log_CT")
    np.testing.assert_allclose(values, np.log(np.array(x, dtype=float) + 18.99), rtol=1e-14)
    assert labels[-1] == "winhi+log_CT" and labels[0] == "log_CT"
    np.testing.assert_allclose(log_CT([0, 10]), [math.log(0.1), math.log(10.1)])


def test_treat_reports_each_indicator_and_leaves_constant_and_empty_columns():
    data = frame(ok=[1.0, 2, 3, 4, 5, 6], const=[7.0] * 6, empty=[np.nan] * 6,
                 outlier=[1.0, 2, 3, 4, 5, 500])
    result = treat(data)
    details = result.details.set_index("iCode")
    assert details.loc["ok", "Treatment"] == "none"
    assert details.loc["const", "Treatment"].startswith("not checked")
    assert details.loc["empty", "Treatment"].startswith("not checked")
    assert list(result.data["const"]) == [7.0] * 6
    # 1..5, 500: 500 → 5 passes (skew of 1, 2, 3, 4, 5, 5 is small)
    assert list(result.data["outlier"]) == [1, 2, 3, 4, 5, 5]
    assert details.loc["outlier", "Treatment"] == "winsorised 1 point(s)"


def test_ties_at_the_maximum_count_as_several_points():
    # 1..18, 500, 500: one step replaces BOTH 500s by 18 → nwin 2 (COINr counts tied points)
    x = list(range(1, 19)) + [500, 500]
    values, nwin, labels = winsorise(x, winmax=5)
    assert list(values) == list(range(1, 19)) + [18, 18]
    assert nwin == 2 and list(labels[-2:]) == ["winhi", "winhi"]
    # with winmax = 1 the first step already changes 2 points, so winsorising stops there as well
    assert winsorise(x, winmax=1)[1] == 2


def test_winsorising_away_all_spread_leaves_the_indicator_untreated():
    # 0 ×19 and 50: the one step makes every value 0; the check cannot be computed (R stops),
    # COINr returns the indicator untreated and so do we, saying why
    x = [0.0] * 19 + [50.0]
    values, row, _ = treat_column(x, winmax=5)
    assert row["check_SkewKurt0.Pass"] is False
    assert row["Treatment"].startswith("not treated") and list(values) == x


def test_minmax_zscore_rank_goalposts_and_direction():
    assert list(n_minmax([2, 4, 6], (1, 100))) == [1, 50.5, 100]
    # mean 4, sd √((4 + 0 + 4)/2) = 2 → (x − 4)/2·2 + 10
    assert list(n_zscore([2, 4, 6], (10, 2))) == [8, 10, 12]
    assert list(n_rank([5, 1, 5, np.nan])) [:3] == [2, 1, 2]
    assert list(n_goalposts([0, 5, 20], (0, 10, 100))) == [0, 50, 100]
    data = frame(a=[2.0, 4, 6], b=[2.0, 4, 6])
    out = normalise(data, {"a": 1, "b": -1})
    assert list(out["a"]) == [0, 50, 100] and list(out["b"]) == [100, 50, 0]
    assert np.isnan(n_minmax([3, 3, 3])).all()
    with pytest.raises(CompositeInputError, match="Direction"):
        normalise(data, {"a": 1, "b": 0})


def test_imputation_by_column_and_by_group():
    x = [1, np.nan, 3, 10, np.nan]
    groups = ["a", "a", "a", "b", "b"]
    assert list(i_mean_grp(x, groups)) == [1, 2, 3, 10, 10]
    assert list(i_median_grp([1, np.nan, 3, 8, 10, np.nan], ["a"] * 3 + ["b"] * 3)) == [1, 2, 3, 8, 10, 9]
    data = frame(x=[1.0, np.nan, 3, 8], empty=[np.nan] * 4)
    out = impute(data, "i_mean")
    assert list(out["x"]) == [1, 4, 3, 8]                 # (1 + 3 + 8)/3 = 4
    assert out["empty"].isna().all()                       # all-NA column stays missing
    assert list(impute(data, "i_median")["x"]) == [1, 3, 3, 8]
    with pytest.raises(CompositeInputError, match="use_group"):
        impute(data, "i_mean_grp")


def test_screen_by_data_availability():
    data = frame(a=[1.0, np.nan, 3], b=[1.0, np.nan, 0], c=[1.0, 2, np.nan])
    result = screen(data, "byNA")                          # default dat_thresh 2/3
    # U0 3/3, U1 1/3 < 2/3 removed, U2 2/3 kept (not below the threshold)
    assert result.removed == ["U1"] and list(result.data["uCode"]) == ["U0", "U2"]
    assert list(result.summary["N_zero"]) == [0, 0, 1]
    assert screen(data, "byNA", dat_thresh=0.9).removed == ["U1", "U2"]


def test_denominate_divides_by_the_unit_column():
    meta = pd.DataFrame({"Level": [1, 1], "iCode": ["x", "y"], "Direction": [1, 1], "Weight": [1, 1],
                         "Parent": ["I", "I"], "Type": ["Indicator"] * 2, "Denominator": ["Pop", np.nan]})
    idata = pd.DataFrame({"uCode": ["B", "A"], "Pop": [4.0, 2.0]})
    data = frame(x=[10.0, 10.0], y=[1.0, 2.0]).assign(uCode=["A", "B"])
    out = denominate(data, idata, meta)
    assert list(out["x"]) == [5, 2.5] and list(out["y"]) == [1, 2]


def test_aggregation_functions():
    # weights 1, 2, 3 with the middle value missing: (1·50 + 3·100)/(1 + 3) = 87.5
    assert a_amean([50, np.nan, 100], [1, 2, 3]) == 87.5
    assert math.isnan(a_amean([np.nan, np.nan], [1, 1]))
    assert a_gmean([4, 16], [1, 1]) == pytest.approx(8, rel=1e-14)        # √(4·16)
    assert a_hmean([1, 4], [1, 1]) == pytest.approx(1.6, rel=1e-14)       # 2/(1 + 1/4)
    with pytest.raises(CompositeInputError, match="negative or zero"):
        a_gmean([0, 16], [1, 1])


def test_aggregate_through_the_tree_and_rank_with_ties_min():
    meta = pd.DataFrame({"Level": [1, 1, 1, 2, 2, 3], "iCode": ["a", "b", "c", "P", "Q", "Index"],
                         "Direction": [1] * 6, "Weight": [1, 3, 1, 1, 1, 1],
                         "Parent": ["P", "P", "Q", "Index", "Index", np.nan],
                         "Type": ["Indicator"] * 3 + ["Aggregate"] * 3})
    data = frame(a=[0.0, 100, 40], b=[100.0, np.nan, 40], c=[60.0, 20, 60])
    out = aggregate(data, meta)
    # P: U0 (0 + 300)/4 = 75; U1 b missing → a alone = 100; U2 40. Index = (P + c)/2
    assert list(out["P"]) == [75, 100, 40]
    assert list(out["Index"]) == [67.5, 60, 50]
    assert list(rank_scores([10, 20, 20, 5, np.nan])[:4]) == [3, 1, 1, 4]
    assert np.isnan(rank_scores([10, np.nan])[1])
    with pytest.raises(CompositeInputError, match="unit U0, aggregate P"):
        aggregate(data, meta, "a_gmean")
    weights = pd.DataFrame({"iCode": ["a", "b", "c", "P", "Q"], "Weight": [1, 1, 1, 3, 1]})
    out = aggregate(data, meta, weights=weights)
    # U0: P = 50, Index = (3·50 + 60)/4 = 52.5
    assert out["Index"][0] == 52.5
