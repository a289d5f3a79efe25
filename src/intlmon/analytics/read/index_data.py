"""The composite index's iData read through the read service (issue 14, first step of Deliver 4).

The composite-indicator engine (`intlmon.lib.composite`) is Django-free and reads COINr-shaped
tables. This module is the one place where intlmon's figures become such a table: one row per HEI
(`uCode` = the registry's institution id), one column per indicator, each value read with
`Reader.by(statistic, year, "institution", **where)` — so the index never computes a figure a report
would print differently. An HEI without a value for an indicator gets a missing cell (never an
invented 0), and an indicator whose statistic has no by-HEI values is reported as not computable,
with the reason, instead of becoming an empty column silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from intlmon.analytics.read.service import Reader


@dataclass(frozen=True)
class IndexIndicator:
    """One indicator of the index: its iCode and the statistic (and fixed codes) it is read from."""

    code: str
    statistic: str
    where: dict[str, str] = field(default_factory=dict)


@dataclass
class IndexData:
    idata: pd.DataFrame                                        # uCode + one column per computable indicator
    not_computable: dict[str, str] = field(default_factory=dict)  # iCode → why it has no values


def read_idata(reader: Reader, indicators: list[IndexIndicator], year: int | None = None) -> IndexData:
    """Per-HEI values of ``indicators`` for ``year``; units are the HEIs with at least one value."""
    columns: dict[str, dict[str, float]] = {}
    missing: dict[str, str] = {}
    for indicator in indicators:
        values = reader.by(indicator.statistic, year, "institution", **indicator.where)
        values = {code: float(v) for code, v in values.items() if code}
        if values:
            columns[indicator.code] = values
        else:
            missing[indicator.code] = f"statistic {indicator.statistic!r} has no value by HEI for this year"
    units = sorted({code for values in columns.values() for code in values})
    frame = pd.DataFrame({"uCode": units})
    for code, values in columns.items():
        frame[code] = [values.get(unit, float("nan")) for unit in units]
    return IndexData(idata=frame, not_computable=missing)
