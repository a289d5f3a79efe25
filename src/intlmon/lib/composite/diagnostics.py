"""Statistical checks of a coin (COINr's get_corr / get_corr_flags and get_cronbach): which
indicators move together so closely (|r| ≥ 0.9) that one may be double-counting the other, and
how consistent the indicators of one aggregate are (Cronbach's alpha)."""
from __future__ import annotations

import pandas as pd


def correlations(data: pd.DataFrame, codes: list[str] | None = None, method: str = "pearson") -> pd.DataFrame:
    """Pairwise correlations over the units where both values exist (R's use = "pairwise")."""
    codes = codes or list(data.columns.drop("uCode"))
    return data[codes].astype(float).corr(method=method)


def correlation_flags(data: pd.DataFrame, codes: list[str] | None = None, cor_thresh: float = 0.9,
                      method: str = "pearson") -> pd.DataFrame:
    """Pairs with |r| ≥ ``cor_thresh`` (COINr's get_corr_flags default 0.9), strongest first."""
    matrix = correlations(data, codes, method)
    rows = []
    names = list(matrix.columns)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            r = matrix.loc[a, b]
            if pd.notna(r) and abs(r) >= cor_thresh:
                rows.append({"Ind1": a, "Ind2": b, "Corr": float(r)})
    flags = pd.DataFrame(rows, columns=["Ind1", "Ind2", "Corr"])
    return flags.reindex(flags["Corr"].abs().sort_values(ascending=False).index).reset_index(drop=True)


def cronbach_alpha(data: pd.DataFrame, codes: list[str]) -> float:
    """α = k/(k − 1)·(1 − Σ var(item)/var(Σ items)) over units with every value present
    (complete cases, as COINr's get_cronbach with use = "complete.obs")."""
    block = data[codes].astype(float).dropna().to_numpy()
    k = block.shape[1]
    if k < 2 or block.shape[0] < 2:
        return float("nan")
    item_var = block.var(axis=0, ddof=1).sum()
    total_var = block.sum(axis=1).var(ddof=1)
    return float(k / (k - 1) * (1 - item_var / total_var))
