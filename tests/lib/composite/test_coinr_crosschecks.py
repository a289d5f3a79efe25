"""Issue 14, Deliver 3: configurations other than build_example_coin() must match COINr too —
column-mean imputation, the log_CT fallback with a small winmax, [1, 100] with the geometric mean,
and z-scores.

Two kinds of evidence:
1. COINr's own output. The vignette's 100 replayed runs (../shared/reference/coinr) contain 29 runs
   with winmax 1 (eleven ASEM indicators then fall back to log_CT), 21 runs of [1, 100] min-max
   with the geometric mean and 48 runs of z-scores (10, 2); each group is compared with COINr's
   scores and ranks on its own, so a failure names the configuration.
2. Where COINr's output has no such run (column-mean imputation; and, for the other three, on data
   small enough to follow by hand), the expected values are computed here in plain numpy from the
   formulas of COINr 1.1.14's R source (R/impute.R i_mean, R/treat.R skew/kurt/check_SkewKurt/
   winsorise/log_CT and Treat.numeric with combine_treat = FALSE, R/normalise.R n_minmax/n_zscore
   and Normalise's "x × Direction", R/aggregate.R a_amean/a_gmean, ranks as rank(−x, ties "min")) —
   never from the engine.
"""
import math

import numpy as np
import pandas as pd
import pytest

from intlmon.lib.composite.pipeline import build
from intlmon.lib.composite.uncertainty import replay

from .conftest import EXAMPLE_STEPS, REFERENCE

# ---------------------------------------------------------------- COINr's formulas, in plain numpy


def r_mean(x):                      # mean(x, na.rm = TRUE)
    x = x[~np.isnan(x)]
    return x.sum() / x.size


def r_sd(x):                        # stats::sd(x, na.rm = TRUE): n − 1 in the denominator
    x = x[~np.isnan(x)]
    return math.sqrt(((x - x.mean()) ** 2).sum() / (x.size - 1))


def r_skew(x):                      # COINr skew (e1071 type 2), na.rm = TRUE
    x = x[~np.isnan(x)]
    n, d = x.size, x - x.mean()
    return math.sqrt(n) * (d ** 3).sum() / (d ** 2).sum() ** 1.5 * math.sqrt(n * (n - 1)) / (n - 2)


def r_kurt(x):                      # COINr kurt (e1071 type 2, excess), na.rm = TRUE
    x = x[~np.isnan(x)]
    n, d = x.size, x - x.mean()
    r = n * (d ** 4).sum() / (d ** 2).sum() ** 2
    return ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))


def r_pass(x):                      # check_SkewKurt: |skew| < 2 OR kurt < 3.5
    return abs(r_skew(x)) < 2 or r_kurt(x) < 3.5


def r_winsorise(x, winmax):         # winsorise(): imax/imin are the LAST step's points; nwin counts them
    x = x.copy()
    imax = imin = np.array([], dtype=int)
    nwin = 0
    passing = r_pass(x)
    while not passing and nwin < winmax:
        if r_skew(x) >= 0:
            imax = np.flatnonzero(x == np.nanmax(x))
            x[imax] = np.nanmax(np.delete(x, imax))
        else:
            imin = np.flatnonzero(x == np.nanmin(x))
            x[imin] = np.nanmin(np.delete(x, imin))
        nwin = imax.size + imin.size
        passing = r_pass(x)
    return x, nwin


def r_log_ct(x):                    # log_CT(x, na.rm = TRUE)
    lo, hi = np.nanmin(x), np.nanmax(x)
    return np.log(x - lo + 0.01 * (hi - lo))


def r_treat(x, winmax):             # Treat.numeric: f_pass, f1 = winsorise, f_pass, f2 = log_CT on the ORIGINAL x
    if r_pass(x):
        return x, "none"
    winsorised, nwin = r_winsorise(x, winmax)
    if r_pass(winsorised):
        return winsorised, f"winsorised {nwin}"
    return r_log_ct(x), "log_CT"


def r_minmax(x, lo, hi):
    return (x - np.nanmin(x)) / (np.nanmax(x) - np.nanmin(x)) * (hi - lo) + lo


def r_zscore(x, m, s):
    return (x - r_mean(x)) / r_sd(x) * s + m


def r_amean(x, w):                  # drop NAs, w/sum(w), sum(w*x)
    keep = ~np.isnan(x)
    if not keep.any():
        return np.nan
    w = w[keep] / w[keep].sum()
    return (w * x[keep]).sum()


def r_gmean(x, w):                  # w[is.na(x)] <- NA; exp(sum(w*log(x), na.rm)/sum(w, na.rm))
    keep = ~np.isnan(x)
    return math.exp((w[keep] * np.log(x[keep])).sum() / w[keep].sum())


def r_rank_desc(x):                 # rank(−x, ties.method = "min", na.last = "keep")
    return np.array([np.nan if np.isnan(v) else 1 + np.sum(x[~np.isnan(x)] > v) for v in x])


# ---------------------------------------------------------------- a coin small enough to follow

UNITS = [f"U{i:02d}" for i in range(1, 15)]  # sorted as COINr sorts uCode
X = {
    # fails the check (skew 3.71, kurtosis 13.8); one point (200 → 13) makes it pass
    "x1": np.array([*range(1, 14), 200.0]),
    # fails (2.81, 7.70); winmax 1 allows only 2000 → 1000, which still fails (2.29, 3.79): log_CT
    # on the ORIGINAL values
    "x2": np.array([*range(1, 13), 1000, 2000.0]),
    # lower is better (Direction −1); two missing values
    "x3": np.array([3, np.nan, 5, 8, 2, np.nan, 7, 4, 6, 9, 1, 5, 3, 2.0]),
    "x4": np.array([10, 20, 15, np.nan, 30, 25, 5, 12, 18, 22, 8, 14, 27, 11.0]),
}
DIRECTION = {"x1": 1, "x2": 1, "x3": -1, "x4": 1}
WEIGHT = {"x1": 1.0, "x2": 2.0, "x3": 1.0, "x4": 1.0, "P1": 1.0, "P2": 3.0}
PARENT = {"x1": "P1", "x2": "P1", "x3": "P2", "x4": "P2"}


@pytest.fixture(scope="module")
def small():
    idata = pd.DataFrame({"uCode": UNITS, **X})
    meta = pd.DataFrame(
        [{"Level": 1, "iCode": c, "Direction": DIRECTION[c], "Weight": WEIGHT[c], "Parent": PARENT[c],
          "Type": "Indicator", "Denominator": np.nan} for c in X]
        + [{"Level": 2, "iCode": p, "Direction": 1, "Weight": WEIGHT[p], "Parent": "Index", "Type": "Aggregate",
            "Denominator": np.nan} for p in ("P1", "P2")]
        + [{"Level": 3, "iCode": "Index", "Direction": 1, "Weight": 1.0, "Parent": np.nan, "Type": "Aggregate",
            "Denominator": np.nan}])
    return idata, meta


def expected_tree(normalised: dict[str, np.ndarray], mean) -> dict[str, np.ndarray]:
    pillars = {}
    for p in ("P1", "P2"):
        codes = [c for c in X if PARENT[c] == p]
        w = np.array([WEIGHT[c] for c in codes])
        pillars[p] = np.array([mean(np.array([normalised[c][u] for c in codes]), w) for u in range(len(UNITS))])
    w = np.array([WEIGHT["P1"], WEIGHT["P2"]])
    index = np.array([mean(np.array([pillars["P1"][u], pillars["P2"][u]]), w) for u in range(len(UNITS))])
    return {**pillars, "Index": index}


def assert_coin(coin, normalised, tree):
    got = coin.data["Normalised"]
    for code, values in normalised.items():
        np.testing.assert_allclose(got[code].to_numpy(float), values, rtol=1e-12, atol=1e-12, err_msg=code)
    aggregated = coin.data["Aggregated"]
    for code, values in tree.items():
        np.testing.assert_allclose(aggregated[code].to_numpy(float), values, rtol=1e-12, err_msg=code)
    assert list(coin.analysis["Aggregated_ranks"]["Index"]) == list(r_rank_desc(tree["Index"]))


def test_column_mean_imputation_then_minmax_and_the_arithmetic_mean(small):
    coin = build(*small, [{"Impute": {"f_i": "i_mean"}}, {"Normalise": {"f_n": "n_minmax", "l_u": [0, 100]}},
                          {"Aggregate": {"f_ag": "a_amean"}}])
    imputed = {c: np.where(np.isnan(x), r_mean(x), x) for c, x in X.items()}
    # by hand: x3's missing units take the mean of its 12 values, 55/12; x4's 217/13
    assert imputed["x3"][1] == pytest.approx(55 / 12, rel=1e-15) and imputed["x4"][3] == pytest.approx(217 / 13, rel=1e-15)
    for code, values in imputed.items():
        np.testing.assert_allclose(coin.data["Imputed"][code].to_numpy(float), values, rtol=1e-15)
    normalised = {c: r_minmax(x * DIRECTION[c], 0, 100) for c, x in imputed.items()}
    assert_coin(coin, normalised, expected_tree(normalised, r_amean))


def test_log_ct_fallback_with_winmax_1(small):
    coin = build(*small, [{"Treat": {"winmax": 1}}, {"Normalise": {"f_n": "n_minmax", "l_u": [0, 100]}},
                          {"Aggregate": {"f_ag": "a_amean"}}])
    treated = {c: r_treat(x, 1) for c, x in X.items()}
    assert treated["x1"][1] == "winsorised 1" and treated["x2"][1] == "log_CT"    # the data do what they are for
    # by hand: x2 → log(x − 1 + 0.01·1999) = log(x + 18.99); x1's 200 becomes 13
    np.testing.assert_allclose(treated["x2"][0], np.log(X["x2"] + 18.99), rtol=1e-15)
    assert list(treated["x1"][0]) == [*range(1, 14), 13]
    details = coin.analysis["Treated"].details.set_index("iCode")
    for code, (values, what) in treated.items():
        np.testing.assert_allclose(coin.data["Treated"][code].to_numpy(float), values, rtol=1e-15, err_msg=code)
        assert details.loc[code, "Treatment"].startswith({"none": "none", "log_CT": "log_CT"}.get(what, "winsorised"))
        assert details.loc[code, "check_SkewKurt0.Skew"] == pytest.approx(r_skew(X[code]), rel=1e-12)
        assert details.loc[code, "check_SkewKurt0.Kurt"] == pytest.approx(r_kurt(X[code]), rel=1e-12)
    assert details.loc["x2", "winsorise.nwin"] == 1 and not details.loc["x2", "check_SkewKurt1.Pass"]
    normalised = {c: r_minmax(v * DIRECTION[c], 0, 100) for c, (v, _) in treated.items()}
    assert_coin(coin, normalised, expected_tree(normalised, r_amean))


def test_minmax_1_100_with_the_geometric_mean_and_missing_values(small):
    coin = build(*small, [{"Normalise": {"f_n": "n_minmax", "l_u": [1, 100]}}, {"Aggregate": {"f_ag": "a_gmean"}}])
    normalised = {c: r_minmax(x * DIRECTION[c], 1, 100) for c, x in X.items()}
    # by hand: U2 has no x3, so P2 is x4 alone: (20 − 5)/(30 − 5)·99 + 1 = 60.4
    tree = expected_tree(normalised, r_gmean)
    assert tree["P2"][1] == pytest.approx(60.4, rel=1e-14)
    assert_coin(coin, normalised, tree)


def test_zscores_with_mean_10_and_sd_2(small):
    coin = build(*small, [{"Normalise": {"f_n": "n_zscore", "m_sd": [10, 2]}}, {"Aggregate": {"f_ag": "a_amean"}}])
    normalised = {c: r_zscore(x * DIRECTION[c], 10, 2) for c, x in X.items()}
    # by hand: x3 × −1 has mean −55/12; each z-score column has mean 10 and sd 2 over its known values
    for values in normalised.values():
        assert r_mean(values) == pytest.approx(10, rel=1e-14) and r_sd(values) == pytest.approx(2, rel=1e-14)
    assert_coin(coin, normalised, expected_tree(normalised, r_amean))


# ---------------------------------------------------------------- the same configurations in COINr's own runs


@pytest.fixture(scope="module")
def vignette(asem):
    runs = pd.read_csv(REFERENCE / "p2_example_UA_vignette_runs.csv")
    weights = pd.read_csv(REFERENCE / "p2_example_UA_vignette_noisy_weights.csv")
    result = replay(*asem, EXAMPLE_STEPS, runs, weights)
    scores = pd.read_csv(REFERENCE / "p2_example_UA_vignette_Scores.csv")
    ranks = pd.read_csv(REFERENCE / "p2_example_UA_vignette_Ranks.csv")
    return runs, result, scores, ranks


@pytest.mark.parametrize("configuration, selects, count", [
    ("winmax 1 (log_CT fallback)", lambda r: r["Winmax"] == 1, 29),
    ("[1, 100] with the geometric mean", lambda r: (r["Normalisation"] == "n_minmax") & (r["Aggregation"] == "a_gmean"), 21),
    ("z-scores (10, 2)", lambda r: r["Normalisation"] == "n_zscore", 48),
])
def test_coinrs_own_runs_of_each_configuration(vignette, configuration, selects, count):
    runs, result, ref_scores, ref_ranks = vignette
    chosen = runs.index[selects(runs)]
    assert len(chosen) == count, configuration
    mine = result.scores.iloc[:, 1:].to_numpy()[:, chosen]
    theirs = ref_scores[[f"r_{i + 1}" for i in chosen]].to_numpy()
    np.testing.assert_allclose(mine, theirs, rtol=1e-9, err_msg=configuration)
    assert np.array_equal(result.ranks.iloc[:, 1:].to_numpy()[:, chosen],
                          ref_ranks[[f"r_{i + 1}" for i in chosen]].to_numpy()), configuration


def test_winmax_1_really_falls_back_to_log_ct_on_asem(asem):
    """The runs above exercise the fallback: with winmax 1, eleven ASEM indicators end in log_CT."""
    coin = build(*asem, [*EXAMPLE_STEPS[:3], {"Treat": {"winmax": 1}}])
    treatments = coin.analysis["Treated"].details["Treatment"]
    assert treatments.str.startswith("log_CT").sum() == 11
