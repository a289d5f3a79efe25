"""A dashboard table as data, and its export: the page, the CSV and the XLSX are fed by the same rows.

A `Table` holds plain values (text and numbers, no formatting) so the export writes numbers as numbers;
each row may carry the link to its figure's drill-down. `export` finds a table of a page by its key
(the page builds its tables again from the same GET parameters), so no view formats a table twice.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from intlmon.lib.neutralise import for_csv, needs_quote_prefix

CSV_TYPE = "text/csv; charset=utf-8"
#: rows a page draws of one table; a longer table (by HEI on a database of a thousand HEIs) shows its largest
#: rows and says how many more the CSV and XLSX hold. Above every table of the 2023 data (≈120 HEIs, ≈100
#: countries), so those pages show everything; on 1,000 HEIs it spares drawing ~85 % of the rows.
SHOWN_ROWS = 150
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Row:
    cells: list  # text and numbers as the read service gave them
    # the drill-down of the row's figure, or what makes it: a table by HEI on 1,000 HEIs draws 150 of its rows,
    # and making the links of the others was a tenth of the overview's time
    link_to: str | Callable[[], str] = ""

    @property
    def link(self) -> str:
        return self.link_to() if callable(self.link_to) else self.link_to


@dataclass
class Table:
    key: str  # unique on its page; the export's `table` parameter
    caption: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)

    @property
    def shown_rows(self) -> list[Row]:
        """The rows the page draws: all of them, or the SHOWN_ROWS largest by the last (numeric) column."""
        if len(self.rows) <= SHOWN_ROWS:
            return self.rows
        return sorted(self.rows, key=lambda r: _sort_number(r.cells[-1]), reverse=True)[:SHOWN_ROWS]

    @property
    def hidden_count(self) -> int:
        return max(len(self.rows) - SHOWN_ROWS, 0)

    def values(self) -> list[list]:
        """Header then rows, numbers kept as numbers (what CSV and XLSX write)."""
        return [list(self.columns)] + [[_plain(c) for c in r.cells] for r in self.rows]


def _sort_number(value) -> float:
    return float(value) if isinstance(value, (int, float, Decimal)) else float("-inf")


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return "" if value is None else value


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Kazakh and Russian names right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([for_csv(value) for value in row] for row in table.values())
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = table.key[:31]
    for r, row in enumerate(table.values(), start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            cell.value = value
            if needs_quote_prefix(value):  # openpyxl stores '=…' as a formula; keep the name as text
                cell.data_type = "s"
                cell.quotePrefix = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
