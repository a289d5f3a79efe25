"""A worksheet as a grid of clean values, and its data rows read under a recognised header.

Part of the collection reader (`collection.reader`, which decides which sheet is which section, and
`collection.headers`, which finds the header row and the column of each key).

- **Cells.** calamine's values are cleaned once (`clean`): text without non-breaking or zero-width
  spaces and trimmed ('' → None), whole floats as int, midnight datetimes as dates.
- **Rows.** Blank rows are skipped silently. Skipped and recorded as `SkippedRow` with a reason:
  a row of column numbers under the header ('1 2 3 …'), total rows ('Всего', 'Итого', 'Барлығы',
  'Жалпы саны', 'In total' … with only numbers beside), notes ('Примечание', 'Ескерту', 'Note', '*', or in
  a legacy table a lone long text after the data), rows holding only a row number, and — in legacy
  tables — headings (a lone short text such as 'МАГИСТРАТУРА' or 'Мемлекеттік ЖОО 30'), which are
  also handed to the following rows in `SheetRow.headings`.
- **Merged cells.** A merged range's value belongs to its top-left cell. In the data area a vertically
  merged range (an HEI name spanning its rows) is filled down its first column; horizontal extent is not
  copied.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from django.utils.translation import gettext_noop

from intlmon.collection.problems import Message
from intlmon.collection.sections import normalise_header

if TYPE_CHECKING:
    from intlmon.collection.headers import Header

LONG_NOTE = 60  # a lone text this long after the data is a note, not a heading
IGNORE = "_ignore"  # the key of a column that holds no data ('№')

TOTAL_MARKERS = tuple(
    normalise_header(t)
    for t in ("всего", "итого", "итог", "барлығы", "барлыгы", "жиыны", "жалпы саны", "in total", "total",
              "grand total", "общее количество", "общий итог")
)
TOTAL_INSIDE = tuple(normalise_header(t) for t in ("бойынша жалпы саны", "жалпы саны", "всего по", "итого по"))
# The comparison form of a text, remembered: sheet names, titles and header texts recur in every file.
# `typed`: 1, 1.0 and True are equal keys but read '1', '1.0' and 'True'.
normal = functools.lru_cache(maxsize=8192, typed=True)(normalise_header)

NOTE_MARKERS = tuple(
    normalise_header(t)
    for t in ("примечание", "прим", "ескерту", "ескертпе", "ескерт", "note", "notes", "источник", "дереккөз",
              "source")
)


Raw = str | int | float | dt.date | None


class CellValue(NamedTuple):
    """One cell of a data row. A named tuple, not a dataclass: a national year makes 200,000 of them, and
    a frozen dataclass costs three times as much to create."""

    raw: Raw
    column: str  # Excel column letter

    @property
    def text(self) -> str:
        """The value as text: '' when empty; dates as DD.MM.YYYY; whole numbers without '.0'."""
        if self.raw is None:
            return ""
        if isinstance(self.raw, dt.datetime):
            return self.raw.strftime("%d.%m.%Y %H:%M")
        if isinstance(self.raw, dt.date):
            return self.raw.strftime("%d.%m.%Y")
        return str(self.raw)


class SheetRow:
    """One data row: its values in the order of `keys` (column keys), which it shares with every row read
    under the same header, as it shares `letters` (column key → Excel letter). `cells` gives them as
    `CellValue`s, made on first use: the ingest reads `keys` and `values` directly (a national year has
    26,000 rows and 190,000 mapped cells)."""

    __slots__ = ("sheet", "row", "keys", "values", "letters", "headings", "_cells")

    def __init__(self, sheet: str, row: int, keys: tuple[str, ...], values: tuple[Raw, ...] | list[Raw],
                 letters: dict[str, str], headings: tuple[str, ...] = ()):
        self.sheet = sheet
        self.row = row  # 1-based Excel row
        self.keys = keys
        self.values = values
        self.letters = letters
        self.headings = headings  # legacy tables: the heading rows seen above this row, in order
        self._cells: dict[str, CellValue] | None = None

    @property
    def cells(self) -> dict[str, CellValue]:
        if self._cells is None:
            letters = self.letters
            self._cells = {k: CellValue(v, letters[k]) for k, v in zip(self.keys, self.values, strict=True)}
        return self._cells

    def raw(self, key: str) -> Raw:
        cell = self.cells.get(key)
        return cell.raw if cell is not None else None

    def __repr__(self) -> str:
        return f"SheetRow({self.sheet!r}, {self.row}, {dict(zip(self.keys, self.values, strict=True))!r})"


@dataclass(frozen=True)
class SkippedRow:
    sheet: str
    row: int
    reason: str  # one of SKIP_REASONS
    text: str

    def describe(self, lang: str = "ru") -> str:
        return f"{SKIP_REASONS[self.reason].text(lang)}: {self.text}"


SKIP_REASONS: dict[str, Message] = {
    "total": Message(gettext_noop("total row")),
    "note": Message(gettext_noop("note below the table")),
    "heading": Message(gettext_noop("heading row")),
    "column_numbers": Message(gettext_noop("column numbers")),
    "numbered_blank": Message(gettext_noop("numbered blank row")),
    "unmapped": Message(gettext_noop("values only in unrecognised columns")),
}


def column_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# --------------------------------------------------------------------------------------------
# Cell values


def clean(value: object) -> Raw:
    if value is None:
        return None
    kind = type(value)  # the types calamine gives first, exactly (bool is an int, datetime a date)
    if kind is str:
        text = value.replace("\xa0", " ").replace("\u200b", "").strip()
        return text or None
    if kind is int:
        return value
    if kind is float:
        return int(value) if value.is_integer() else value
    if isinstance(value, str):
        text = value.replace("\xa0", " ").replace("\u200b", "").strip()
        return text or None
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date | int):
        return value
    return str(value)


NUMBER_TEXT = re.compile(r"[\d\s.,%()+-]+")


def is_number(value: Raw) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and NUMBER_TEXT.fullmatch(value) is not None


def _is_total(text: str) -> bool:
    key = normal(text)
    if any(key == m or key.startswith(m + " ") for m in TOTAL_MARKERS):
        return True
    return any(f" {m}" in f" {key}" and len(key) < 80 for m in TOTAL_INSIDE)


def _is_note(text: str) -> bool:
    stripped = text.lstrip()
    if stripped.startswith("*"):
        return True
    key = normal(text)
    return any(key == m or key.startswith(m + " ") for m in NOTE_MARKERS)


# --------------------------------------------------------------------------------------------
# The grid and its data rows


class Sheet:
    """One worksheet as a 0-based grid of raw values plus its merged ranges (r1, c1, r2, c2)."""

    def __init__(self, name: str, grid: list[list[object]], merges: list[tuple[int, int, int, int]]):
        self.name = name
        # `clean`, with a text (most cells; '' is calamine's empty cell) cleaned inline, without a call
        self.grid = [[(v.replace("\xa0", " ").replace("\u200b", "").strip() or None) if type(v) is str
                      else None if v is None else clean(v) for v in row] for row in grid]
        self.merges = merges

    def row(self, r: int) -> list[Raw]:
        return self.grid[r] if 0 <= r < len(self.grid) else []

    def cell(self, r: int, c: int) -> Raw:
        row = self.row(r)
        return row[c] if c < len(row) else None

    def ensure(self, r: int, c: int) -> None:
        width = max((len(row) for row in self.grid), default=0)
        width = max(width, c + 1)
        while len(self.grid) <= r:
            self.grid.append([None] * width)
        for row in self.grid:
            if len(row) < width:
                row.extend([None] * (width - len(row)))


def _fill_merged_down(sheet: Sheet, data_start: int) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Copy each vertical merge's top-left value down its first column.

    Returns the cells filled this way and the top-left cells of merges at least three columns wide.
    """
    wide: set[tuple[int, int]] = set()
    filled: set[tuple[int, int]] = set()
    for r1, c1, r2, c2 in sheet.merges:
        if r1 < data_start:
            continue
        if c2 - c1 >= 2:
            wide.add((r1, c1))
        if r2 > r1:
            sheet.ensure(r2, c1)
            value = sheet.cell(r1, c1)
            for r in range(r1 + 1, r2 + 1):
                sheet.grid[r][c1] = value
                filled.add((r, c1))
    return wide, filled


def read_rows(sheet: Sheet, header: Header, skipped: list[SkippedRow]) -> list[SheetRow]:
    """The data rows below `header`; rows skipped on purpose (totals, notes, headings …) go to `skipped`."""
    wide, filled = _fill_merged_down(sheet, header.data_start)
    mapped = {c: k for c, k in header.columns.items() if k != IGNORE}
    keys = tuple(mapped.values())
    letters = {k: column_letter(c) for c, k in mapped.items()}
    take = operator.itemgetter(*mapped) if len(mapped) > 1 else None  # a row's mapped values, as a tuple
    needed = max(mapped, default=-1) + 1  # a row at least this wide holds every mapped column
    ignored = {c for c, k in header.columns.items() if k == IGNORE}
    rows: list[SheetRow] = []
    headings: list[str] = []
    seen_data = False
    after_note = False
    for r in range(header.data_start, len(sheet.grid)):
        values = sheet.grid[r]
        nonempty = {c: v for c, v in enumerate(values) if v is not None}
        if not nonempty or (filled and all((r, c) in filled for c in nonempty)):  # blank but for values
            continue  # merged down from above

        def skip(reason: str, r: int = r, nonempty: dict = nonempty) -> None:
            text = " | ".join(str(v) for _c, v in sorted(nonempty.items()))
            skipped.append(SkippedRow(sheet.name, r + 1, reason, text))

        # a row number in an ignored column ('№') does not count as content
        significant = {c: v for c, v in nonempty.items() if not (c in ignored and is_number(v))} if ignored else nonempty
        if not significant:
            skip("numbered_blank")
            continue
        if not seen_data and not rows:
            numbers = list(nonempty.values())
            if (
                len(numbers) >= 2
                and all(isinstance(v, int) and not isinstance(v, bool) for v in numbers)
                and sorted(numbers) == list(range(min(numbers), min(numbers) + len(numbers)))
                and min(numbers) in (0, 1)
            ):
                skip("column_numbers")
                continue
        # the texts that are not numbers, in column order (`significant` was built by enumerating the row);
        # only whether there is one, and which, matters below: the search stops at the second
        texts = []
        for c, v in significant.items():
            if isinstance(v, str) and not NUMBER_TEXT.fullmatch(v):
                texts.append((c, v))
                if len(texts) > 1:
                    break
        # a total row: one text, a total marker, and only numbers beside it (a second text is not a number)
        if len(texts) == 1 and all(
            is_number(v) for c, v in significant.items() if c != texts[0][0]
        ) and _is_total(texts[0][1]):
            skip("total")
            continue
        if len(significant) == 1 and texts:
            c, value = texts[0]
            if _is_note(value) or after_note:
                after_note = True
                skip("note")
                continue
            if header.machine:
                if c not in mapped:  # text written beside the table
                    skip("note")
                    continue
            else:
                if seen_data and len(value) >= LONG_NOTE:
                    after_note = True
                    skip("note")
                    continue
                if c not in mapped or (r, c) in wide or value.isupper():
                    headings.append(value)
                    skip("heading")
                    continue
        if take is not None and len(values) >= needed:
            cells = take(values)
        else:
            width = len(values)
            cells = tuple(values[c] if c < width else None for c in mapped)
        if cells.count(None) == len(cells):
            skip("unmapped")
            continue
        seen_data = True
        rows.append(SheetRow(sheet.name, r + 1, keys, cells, letters, tuple(headings)))
    return rows
