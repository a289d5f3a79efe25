"""The `index` resource of the open-data package: one row per HEI of the year's index — score, rank,
the Q5–Q95 rank band, coverage — or, for an HEI screened out, the reason (score and ranks then carry
ETER's code `a`, not applicable). English reasons; the framework version and run count are in the
description so the numbers can be reproduced."""

from __future__ import annotations

from intlmon.analytics.read import Reader
from intlmon.index import framework as fw
from intlmon.index.compute import compute_index
from intlmon.index.present import reason_text
from intlmon.opendata.codes import NOT_APPLICABLE
from intlmon.opendata.table import Table, cell, column, refers


def index_table(year: int) -> Table:
    result = compute_index(year, Reader(year))
    table = Table(
        "index", "Internationalisation index",
        f"The intlmon internationalisation index {year}, framework {result.version} (docs/index.md): score 0-100, "
        f"rank (ties share the best rank) and the ranks at 5 % and 95 % of {result.runs} seeded Monte Carlo runs "
        f"(seed {result.seed}); HEIs below the data-availability threshold of {round(100 * fw.DAT_THRESH)} % are "
        f"listed with the reason. Indicators computable this year: {', '.join(i.code for i in result.indicators) or '-'}.",
        [column("institution", "string", "HEI registry id", required=True),
         column("framework_version", "string", "version of the framework (src/intlmon/index/framework.py)"),
         column("score", "number", "index score, 0-100"),
         column("rank", "integer", "rank of the score"),
         column("rank_median", "number", "median rank over the Monte Carlo runs"),
         column("rank_q5", "number", "rank at 5 % of the Monte Carlo runs (R quantile type 7)"),
         column("rank_q95", "number", "rank at 95 % of the Monte Carlo runs (R quantile type 7)"),
         column("indicators_available", "integer", "indicators with a value for the HEI"),
         column("indicators_computable", "integer", "indicators computable for the year"),
         column("screened_out_reason", "string", "why the HEI is not ranked (empty when ranked)")],
        ["institution"], foreign_keys=[refers("institution", "institutions", "id")])
    for r in result.rows:
        table.rows.append([r.code, result.version, cell(round(r.score, 6)), r.rank, cell(round(r.median, 2)),
                           cell(round(r.q5, 2)), cell(round(r.q95, 2)), r.available, result.computable, ""])
    for s in result.screened:
        table.rows.append([s.code, result.version, NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE,
                           NOT_APPLICABLE, s.available, result.computable, reason_text(s.reason, "en")])
    return table
