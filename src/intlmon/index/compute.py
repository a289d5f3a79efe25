"""The index of one year: its iData read through the read service, the COINr build of the declared
framework, the Monte Carlo rank bands and the HEIs screened out — one `IndexResult` that the CLI,
the report, the portal page, the API and the open-data export all print.

What is missing stays missing: an HEI without a value of an indicator's statistic, or without its
denominator (the profile sheet's students or academic staff, 0 counting as no headcount), has no value
of that indicator; an indicator no HEI has a value of in the year is *not computable* and named with
the reason; COINr's Screen removes HEIs below the data-availability threshold and each is listed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from intlmon.analytics.read.index_data import IndexIndicator, read_idata
from intlmon.analytics.read.service import Reader
from intlmon.index import framework as fw
from intlmon.lib.composite.pipeline import build
from intlmon.lib.composite.uncertainty import monte_carlo


@dataclass(frozen=True)
class Reason:
    """Why something is missing, rendered in the reader's language by `messages.reason_text`."""

    kind: str                      # no_values | no_denominator | no_overlap | no_network | low_data | no_units | no_score
    params: dict = field(default_factory=dict)


@dataclass
class Row:
    code: str
    score: float
    rank: int
    median: float
    q5: float
    q95: float
    available: int                 # indicators of the year with a value for this HEI
    pillars: dict[str, float] = field(default_factory=dict)


@dataclass
class Screened:
    code: str
    available: int
    reason: Reason


@dataclass
class IndexResult:
    year: int
    version: str
    indicators: list[fw.Indicator]            # computable this year, in framework order
    not_computable: dict[str, Reason]         # iCode → why no HEI has a value
    rows: list[Row]                           # ranked HEIs, best first
    screened: list[Screened]
    missing_denominator: dict[str, list[str]]  # iCode → HEIs with the numerator but no denominator
    runs: int
    seed: int
    idata: pd.DataFrame = field(repr=False, default=None)
    meta: pd.DataFrame = field(repr=False, default=None)
    denominated: pd.DataFrame = field(repr=False, default=None)  # COINr's Denominated: the indicator values

    @property
    def computable(self) -> int:
        return len(self.indicators)

    @property
    def pillars(self) -> list[fw.Pillar]:
        used = {i.pillar for i in self.indicators}
        return [p for p in fw.PILLARS if p.code in used]


def _positive(values: dict) -> dict[str, float]:
    """{HEI: value} without the empty code and without zero headcounts (no denominator, not 0)."""
    return {code: float(v) for code, v in values.items() if code and v}


def read_index_data(reader: Reader, year: int, indicators: list[fw.Indicator] | None = None):
    """iData (uCode, denominator columns, one column per computable indicator) and the reasons."""
    indicators = indicators if indicators is not None else fw.INDICATORS
    not_computable: dict[str, Reason] = {}
    plain = [i for i in indicators if i.statistic]
    data = read_idata(reader, [IndexIndicator(i.code, i.statistic, dict(i.where)) for i in plain], year)
    for code, _why in data.not_computable.items():
        ind = fw.INDICATOR_BY_CODE[code]
        not_computable[code] = Reason("no_values", {"statistic": ind.statistic, "year": year})
    frame = data.idata.set_index("uCode")
    denominators = {name: _positive(reader.by(stat, year, "institution")) for name, stat in fw.DENOMINATORS.items()}
    if any(i.code == "IRN" for i in indicators):
        countries = _positive(reader.by("agreement_partner_countries_by_institution", year, "institution"))
        partners = _positive(reader.by("agreement_partners_by_institution", year, "institution"))
        irn = {code: countries.get(code, 0) / math.log(p) for code, p in partners.items() if p >= 2 and code in countries}
        if irn:
            frame = frame.reindex(frame.index.union(list(irn)))
            frame["IRN"] = pd.Series(irn)
        else:
            not_computable["IRN"] = Reason("no_network", {"year": year})
    units = set(frame.index)
    for name in fw.PROFILE_DENOMINATORS:
        units |= set(denominators[name])  # an HEI with a profile and nothing else is screened, not forgotten
    frame = frame.reindex(sorted(units))
    missing_denominator: dict[str, list[str]] = {}
    for ind in indicators:
        if ind.denominator is None or ind.code not in frame.columns or ind.code in not_computable:
            continue
        denom = denominators[ind.denominator]
        if not denom:
            not_computable[ind.code] = Reason("no_denominator", {"denominator": ind.denominator, "year": year})
            continue
        has = frame[ind.code].notna()
        lacking = [u for u in frame.index[has] if u not in denom]
        if lacking:
            missing_denominator[ind.code] = lacking
        if all(u not in denom for u in frame.index[has]):
            not_computable[ind.code] = Reason("no_overlap", {"denominator": ind.denominator, "year": year})
    computable = [i for i in indicators if i.code in frame.columns and i.code not in not_computable]
    idata = pd.DataFrame({"uCode": list(frame.index)})
    for name in fw.DENOMINATORS:
        idata[name] = [denominators[name].get(u, np.nan) for u in frame.index]
    for ind in computable:
        idata[ind.code] = frame[ind.code].to_numpy(dtype=float)
    return idata, computable, not_computable, missing_denominator


def compute_index(year: int, reader: Reader | None = None, *, weights: dict[str, float] | None = None,
                  runs: int = fw.MC_RUNS, seed: int = fw.MC_SEED,
                  indicators: list[fw.Indicator] | None = None) -> IndexResult:
    """The index of ``year`` (``weights`` overrides framework weights by iCode, for what-if and tests)."""
    reader = reader or Reader(year)
    idata, computable, not_computable, missing_denominator = read_index_data(reader, year, indicators)
    result = IndexResult(year, fw.FRAMEWORK_VERSION, computable, not_computable, [], [], missing_denominator,
                         runs, seed, idata, None)
    if not computable or idata.empty:
        result.screened = [Screened(u, 0, Reason("no_units", {})) for u in idata["uCode"]]
        return result
    meta = fw.imeta(computable, weights=weights)
    result.meta = meta
    coin = build(idata, meta, fw.STEPS)
    result.denominated = coin.data["Denominated"]
    summary = coin.analysis["Screened"].summary.set_index("uCode")
    available = {u: int(len(computable) - summary.loc[u, "N_missing"]) for u in summary.index}
    for unit in coin.analysis["Screened"].removed:
        result.screened.append(Screened(unit, available[unit], Reason("low_data", {
            "available": available[unit], "computable": len(computable),
            "share": float(summary.loc[unit, "Dat_Avail"]), "threshold": fw.DAT_THRESH})))
    aggregated = coin.data["Aggregated"]
    if aggregated.empty:
        return result
    stats = monte_carlo(idata, meta, fw.STEPS, runs, seed, weight_noise=fw.WEIGHT_NOISE,
                        normalisations=fw.NORMALISATIONS, aggregations=fw.AGGREGATIONS, winmax=fw.WINMAX,
                        imputations=fw.IMPUTATIONS).rank_stats.set_index("uCode") if runs else None
    ranks = coin.analysis["Aggregated_ranks"].set_index("uCode")["Index"]
    pillars = [p.code for p in result.pillars]
    for _i, row in aggregated.iterrows():
        unit = row["uCode"]
        if pd.isna(row["Index"]):
            result.screened.append(Screened(unit, available[unit], Reason("no_score", {})))
            continue
        band = stats.loc[unit] if stats is not None else None
        rank = int(ranks[unit])
        result.rows.append(Row(unit, float(row["Index"]), rank,
                               float(band["Median"]) if band is not None else float(rank),
                               float(band["Q5"]) if band is not None else float(rank),
                               float(band["Q95"]) if band is not None else float(rank),
                               available[unit], {p: float(row[p]) for p in pillars}))
    result.rows.sort(key=lambda r: (r.rank, r.code))
    return result
