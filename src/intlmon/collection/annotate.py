"""An annotated copy of the uploader's workbook: problem cells filled and commented (message and hint) in
their language.

Text cells that Excel could take for a formula ('=…', '+…', '-…', '@…') get the quote-prefix style
(`lib.neutralise`), so the copy we hand out never turns user text into a live formula when edited.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from intlmon.collection.problems import Problem, Severity
from intlmon.lib.neutralise import needs_quote_prefix

FILLS = {
    Severity.ERROR: PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE"),
    Severity.WARNING: PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C"),
}


def annotate_workbook(source: Path, problems: list[Problem], target: Path, lang: str = "ru") -> int:
    """Returns the number of cells marked. Problems without a cell position are not marked."""
    workbook = load_workbook(source)
    by_cell: dict[tuple[str, str], list[Problem]] = {}
    for p in problems:
        if p.sheet in workbook.sheetnames and p.row and p.column:
            by_cell.setdefault((p.sheet, f"{p.column}{p.row}"), []).append(p)
    for (sheet, ref), found in by_cell.items():
        cell = workbook[sheet][ref]
        worst = Severity.ERROR if any(p.severity is Severity.ERROR for p in found) else Severity.WARNING
        cell.fill = FILLS[worst]
        cell.comment = Comment("\n".join(f"{p.rule}: {p.message(lang)}" + (f" → {p.hint(lang)}" if p.hint(lang) else "")
                                     for p in found), "intlmon")
    for ws in workbook.worksheets:  # user text that Excel could take for a formula stays text
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "s" and needs_quote_prefix(cell.value):
                    cell.quotePrefix = True
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return len(by_cell)
