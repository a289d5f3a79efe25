"""COINr ``Treat`` with its default specification: winsorise, then ``log_CT``.

An indicator passes when |skew| < ``skew_thresh`` (2) or kurtosis < ``kurt_thresh`` (3.5), with the
sample skewness and excess kurtosis of e1071 ("type 2"). A failing indicator has its highest value
replaced by the next highest (the lowest by the next lowest when skew < 0), one step at a time, until
it passes or ``winmax`` points are changed (tied values count as several points). If it still fails,
``log_CT`` is applied to the ORIGINAL values. The details table reports what was done per indicator.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd


def _moments(x) -> tuple[int, np.ndarray | None, float]:
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x)]
    if x.size < 3:
        return x.size, None, math.nan
    d = x - x.mean()
    d2 = d * d
    return x.size, d, float(np.sum(d2))


def _skew(n: int, d: np.ndarray, m2: float) -> float:
    with np.errstate(invalid="ignore", divide="ignore"):
        y = math.sqrt(n) * np.sum(d ** 3) / np.float64(m2) ** 1.5
    return float(y * math.sqrt(n * (n - 1)) / (n - 2))


def _kurt(n: int, d: np.ndarray, m2: float) -> float:
    with np.errstate(invalid="ignore", divide="ignore"):
        r = n * np.sum(d ** 4) / np.float64(m2) ** 2
    return float(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))


def skew(x) -> float:
    """e1071::skewness type 2 (COINr's ``skew``); NaN with fewer than 3 values."""
    n, d, m2 = _moments(x)
    return math.nan if n < 3 else _skew(n, d, m2)


def kurt(x) -> float:
    """e1071::kurtosis type 2 (excess kurtosis, COINr's ``kurt``); NaN with fewer than 4 values."""
    n, d, m2 = _moments(x)
    return math.nan if n < 4 else _kurt(n, d, m2)


def check_skew_kurt(x, skew_thresh: float = 2, kurt_thresh: float = 3.5) -> tuple[bool | None, float, float]:
    """COINr's check_SkewKurt: (pass, skew, kurt); pass is None when it cannot be judged (constant or too short)."""
    n, d, m2 = _moments(x)
    sk = math.nan if n < 3 else _skew(n, d, m2)
    kt = math.nan if n < 4 else _kurt(n, d, m2)
    low_skew = None if math.isnan(sk) else abs(sk) < skew_thresh
    low_kurt = None if math.isnan(kt) else kt < kurt_thresh
    if low_skew is True or low_kurt is True:  # R: NA | TRUE is TRUE
        return True, sk, kt
    if low_skew is None or low_kurt is None:
        return None, sk, kt
    return False, sk, kt


def winsorise(x, winmax: int | None = 5, skew_thresh: float = 2, kurt_thresh: float = 3.5):
    """COINr's ``winsorise``: returns (values, nwin, treated labels). Mirrors R line by line, including
    that ``nwin`` and the labels count the points tied at the limit in the last step."""
    x = np.asarray(x, dtype=float).copy()
    passing = check_skew_kurt(x, skew_thresh, kurt_thresh)[0]
    nwin = 0
    imax = np.array([], dtype=int)
    imin = np.array([], dtype=int)
    if not passing:
        while (not passing) and (winmax is None or nwin < winmax):
            if skew(x) >= 0:
                imax = np.flatnonzero(x == np.nanmax(x))
                x[imax] = np.nanmax(np.delete(x, imax))
            else:
                imin = np.flatnonzero(x == np.nanmin(x))
                x[imin] = np.nanmin(np.delete(x, imin))
            nwin = imax.size + imin.size
            passing = check_skew_kurt(x, skew_thresh, kurt_thresh)[0]
            if passing is None:  # R stops here ("missing value where TRUE/FALSE needed")
                raise Undecidable("winsorising left no spread to judge")
    treated = np.full(x.size, "", dtype=object)
    treated[imax] = "winhi"
    treated[imin] = "winlo"
    return x, nwin, treated


def log_CT(x) -> np.ndarray:  # noqa: N802 - COINr's name
    """COINr's ``log_CT``: log(x − min + 0.01·(max − min))."""
    x = np.asarray(x, dtype=float)
    lo, hi = np.nanmin(x), np.nanmax(x)
    return np.log(x - lo + 0.01 * (hi - lo))


class Undecidable(ValueError):
    """The skew/kurtosis check cannot be computed any more (COINr returns the indicator untreated)."""


@dataclass
class TreatResult:
    data: pd.DataFrame       # COINr's ``Treated`` data set
    details: pd.DataFrame    # COINr's Dets_Table plus a plain ``Treatment`` column
    points: pd.DataFrame     # COINr's Treated_Points ("winhi", "winlo", "log_CT" or "")


def treat_column(x, winmax: int | None = 5, skew_thresh: float = 2, kurt_thresh: float = 3.5):
    """Treat one indicator; returns (values, details row, point labels)."""
    x = np.asarray(x, dtype=float)
    pass0, sk0, kt0 = check_skew_kurt(x, skew_thresh, kurt_thresh)
    row = {"check_SkewKurt0.Pass": pass0, "check_SkewKurt0.Skew": sk0, "check_SkewKurt0.Kurt": kt0}
    labels = np.full(x.size, "", dtype=object)
    if pass0 is None:
        row["Treatment"] = "not checked: fewer than 4 values or no spread"
        return x, row, labels
    if pass0:
        row["Treatment"] = "none"
        return x, row, labels
    try:
        x1, nwin, labels = winsorise(x, winmax, skew_thresh, kurt_thresh)
    except Undecidable as why:
        row["Treatment"] = f"not treated: {why}"
        return x, row, labels
    pass1, sk1, kt1 = check_skew_kurt(x1, skew_thresh, kurt_thresh)
    row.update({"winsorise.nwin": nwin, "check_SkewKurt1.Pass": pass1,
                "check_SkewKurt1.Skew": sk1, "check_SkewKurt1.Kurt": kt1})
    if pass1 or pass1 is None:
        row["Treatment"] = f"winsorised {nwin} point(s)"
        return x1, row, labels
    x2 = log_CT(x)
    pass2, sk2, kt2 = check_skew_kurt(x2, skew_thresh, kurt_thresh)
    row.update({"check_SkewKurt2.Pass": pass2, "check_SkewKurt2.Skew": sk2, "check_SkewKurt2.Kurt": kt2})
    row["Treatment"] = "log_CT" + ("" if pass2 else " (still fails the skew/kurtosis check)")
    both = np.array([f"{w}+log_CT" if w else "log_CT" for w in labels], dtype=object)
    return x2, row, both


def treat(data: pd.DataFrame, winmax: int | None = 5, skew_thresh: float = 2,
          kurt_thresh: float = 3.5) -> TreatResult:
    codes = list(data.columns.drop("uCode"))
    block = data[codes].to_numpy(dtype=float)
    out = {"uCode": data["uCode"]}
    rows, points = [], {"uCode": data["uCode"]}
    for i, code in enumerate(codes):
        values, row, labels = treat_column(block[:, i], winmax, skew_thresh, kurt_thresh)
        out[code] = values
        rows.append({"iCode": code, **row})
        points[code] = labels
    return TreatResult(data=pd.DataFrame(out), details=pd.DataFrame(rows), points=pd.DataFrame(points))
