"""COINr ``Screen``: drop units whose data availability is below ``dat_thresh`` (default 2/3) or
whose share of non-zero values is below ``nonzero_thresh`` (default 0.05), as chosen by
``unit_screen`` ("byNA", "byzeros", "byNAandzeros"). The summary says why each unit is out."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .data import CompositeInputError

UNIT_SCREENS = ("byNA", "byzeros", "byNAandzeros")


@dataclass
class ScreenResult:
    data: pd.DataFrame          # COINr's ``Screened`` data set
    summary: pd.DataFrame       # COINr's DataSummary, one row per unit
    removed: list[str]          # COINr's RemovedUnits


def data_availability(data: pd.DataFrame) -> pd.DataFrame:
    """COINr's get_data_avail: counts of missing and zero values and the availability shares."""
    values = data.drop(columns="uCode")
    n = values.shape[1]
    missing = values.isna().sum(axis=1)
    zero = (values == 0).sum(axis=1)
    return pd.DataFrame({
        "uCode": data["uCode"], "N_missing": missing, "N_zero": zero, "N_miss_or_zero": missing + zero,
        "Dat_Avail": 1 - missing / n, "Non_Zero": 1 - (missing + zero) / n,
    })


def screen(data: pd.DataFrame, unit_screen: str = "byNA", dat_thresh: float = 2 / 3,
           nonzero_thresh: float = 0.05) -> ScreenResult:
    if unit_screen not in UNIT_SCREENS:
        raise CompositeInputError(f"Screen: unit_screen {unit_screen!r} is unknown; expected one of {', '.join(UNIT_SCREENS)}")
    for name, value in (("dat_thresh", dat_thresh), ("nonzero_thresh", nonzero_thresh)):
        if not 0 <= value <= 1:
            raise CompositeInputError(f"Screen: {name} must lie between 0 and 1, got {value}")
    summary = data_availability(data)
    summary["LowData"] = summary["Dat_Avail"] < dat_thresh
    summary["LowNonZero"] = summary["Non_Zero"] < nonzero_thresh
    summary["LowDatOrZeroFlag"] = summary["LowData"] | summary["LowNonZero"]
    flag = {"byNA": "LowData", "byzeros": "LowNonZero", "byNAandzeros": "LowDatOrZeroFlag"}[unit_screen]
    summary["Included"] = ~summary[flag]
    kept = summary["Included"].to_numpy()
    return ScreenResult(data=data[kept].reset_index(drop=True), summary=summary.reset_index(drop=True),
                        removed=list(data["uCode"][~kept]))
