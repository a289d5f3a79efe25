"""COINr ``Denominate``: each indicator with a Denominator in iMeta is divided by that unit column
(e.g. flights per head of population). Indicators without a Denominator are left as they are."""
from __future__ import annotations

import pandas as pd

from .data import CompositeInputError, indicator_codes, numeric_column, unit_columns


def denominate(data: pd.DataFrame, idata: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """Return the ``Denominated`` data set (COINr's f_denom = ``/``, ScaleFactor 1)."""
    rows = meta[(meta["Type"] == "Indicator") & meta["Denominator"].notna()] if "Denominator" in meta else meta.iloc[0:0]
    denominators = sorted(set(rows["Denominator"]))
    denoms = unit_columns(idata, denominators).set_index("uCode").reindex(data["uCode"])
    out = {c: data[c] for c in data.columns}
    known = set(indicator_codes(meta))
    for code, denom in zip(rows["iCode"], rows["Denominator"], strict=True):
        if code not in known:
            raise CompositeInputError(f"iMeta: Denominator given for {code!r}, which is not an indicator")
        values = numeric_column(denoms.reset_index(), denom, idata.attrs.get("source", "iData"))
        out[code] = data[code].to_numpy() / values
    return pd.DataFrame(out)
