"""A dashboard export never hands a spreadsheet a formula: names are user text (an HEI or partner typed
'=HYPERLINK(…)' would run when an analyst opens the CSV or edits the XLSX cell)."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from intlmon.web.dashboards.tables import Row, Table, to_csv, to_xlsx

RISKY = '=HYPERLINK("http://example.org","x")'


def table() -> Table:
    return Table("partners", "Partners", ["partner", "agreements"], [Row([RISKY, 3]), Row(["Sorbonne", 2])])


def test_the_csv_quotes_a_formula_like_name_and_keeps_the_rest_as_is():
    rows = list(csv.reader(io.StringIO(to_csv(table()).decode("utf-8-sig"))))
    assert rows[1] == ["'" + RISKY, "3"] and rows[2] == ["Sorbonne", "2"]


def test_the_xlsx_keeps_a_formula_like_name_as_text_with_the_quote_prefix():
    sheet = load_workbook(io.BytesIO(to_xlsx(table()))).active
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s" and cell.value == RISKY and cell.quotePrefix
    assert sheet.cell(row=2, column=2).value == 3 and sheet.cell(row=3, column=1).value == "Sorbonne"
