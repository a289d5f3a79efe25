"""Reading a collection workbook — our template or a legacy table — into raw rows per section.

`read_workbook(path, file_label=None) -> ReadResult` never raises for a bad file: structural problems are
returned in `ReadResult.problems` (errors block the upload, warnings ask for confirmation). Values are
kept raw (str / int / float / date); parsing and resolving them is the job of the validation layer.

How a workbook is understood:

- **Engine.** Every format goes through python-calamine (.xlsx, .xlsm, .xlsb, .xls, .ods). Merged ranges
  come from calamine (`CalamineSheet.merged_cell_ranges`, xlsx/xls, python-calamine ≥ 0.3); when it
  gives none for an .xlsx/.xlsm (older versions) openpyxl reads them. ODS merges are not available:
  covered cells read as empty.
- **Metadata.** The template's very hidden sheet `_intlmon` gives the year, the institution id, the
  language and which sheet holds which section (`WorkbookMeta`).
- **Sheets.** A sheet is a section by that metadata, else by its name (the section key, its title in
  kk/ru/en or a known legacy name such as 'СОП', 'ДДП'; a name starting with one, e.g. 'ДДП 2023',
  counts), else by its headers when exactly one section fits. Sheets that fit none are reported as a
  warning and ignored; a section with no sheet is simply empty.
- **Columns.** By the machine header row (the template's hidden row 1 of column keys) if one of the
  first rows is one, otherwise by header text in any language or a legacy alias, compared
  case-, space-, quote- and punctuation-insensitively; a header that merely begins with a known
  spelling at a word start ('…СОП шеңберінде оқитын студенттер контингенті') is matched as a fallback.
  Never by position. The header may be on any of the first `HEADER_SCAN_ROWS` rows (titles above it are
  ignored); a second header row directly below (sub-headers under a merged group) is merged in.
  Unknown headers → warning; a required column missing → error. Legacy tables may also carry the
  Kazakh HEI (`institution`, see `sections.INSTITUTION_COLUMN`); '№' columns are ignored.
- **Rows.** Blank rows are skipped silently. Skipped and recorded in `ReadResult.skipped` with a reason:
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
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.utils.translation import gettext_noop

from intlmon.collection import safety
from intlmon.collection.problems import Label, Message, Problem, Rule, Severity, ngettext_noop
from intlmon.collection.sections import (
    IGNORED_HEADERS,
    INSTITUTION_COLUMN,
    LANGS,
    SECTION_BY_KEY,
    SECTIONS,
    Section,
    normalise_header,
)

META_SHEET = "_intlmon"
LISTS_SHEET = "lists"
HEADER_SCAN_ROWS = 12
MIN_CONTAINED_ALIAS = 5  # shortest spelling matched inside a longer header
LONG_NOTE = 60  # a lone text this long after the data is a note, not a heading
IGNORE = "_ignore"
SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
TEMPLATE_FORMAT = "intlmon-collection-workbook"  # = template.FORMAT_NAME (template imports the ORM)
TEMPLATE_VERSION = 1  # = template.FORMAT_VERSION
YEAR_RANGE = (1950, 2100)  # = template.YEAR_RANGE: what the form's year cells accept
MAX_COUNT = 1_000_000  # no count of one HEI comes near: the largest has ~35,000 students

INSTRUCTION_SHEET_NAMES = {normalise_header(t) for t in ("Нұсқаулық", "Инструкция", "Instructions", "Readme")}
TOTAL_MARKERS = tuple(
    normalise_header(t)
    for t in ("всего", "итого", "итог", "барлығы", "барлыгы", "жиыны", "жалпы саны", "in total", "total",
              "grand total", "общее количество", "общий итог")
)
TOTAL_INSIDE = tuple(normalise_header(t) for t in ("бойынша жалпы саны", "жалпы саны", "всего по", "итого по"))
# The comparison form of a text, remembered: sheet names, titles and header texts recur in every file.
# `typed`: 1, 1.0 and True are equal keys but read '1', '1.0' and 'True'.
_normal = functools.lru_cache(maxsize=8192, typed=True)(normalise_header)

NOTE_MARKERS = tuple(
    normalise_header(t)
    for t in ("примечание", "прим", "ескерту", "ескертпе", "ескерт", "note", "notes", "источник", "дереккөз",
              "source")
)


# --------------------------------------------------------------------------------------------
# Results


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


@dataclass
class SheetRow:
    sheet: str
    row: int  # 1-based Excel row
    cells: dict[str, CellValue]
    headings: tuple[str, ...] = ()  # legacy tables: the heading rows seen above this row, in order

    def raw(self, key: str) -> Raw:
        cell = self.cells.get(key)
        return cell.raw if cell is not None else None


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


@dataclass
class WorkbookMeta:
    year: int | None = None
    institution: str | None = None
    lang: str | None = None
    format: str | None = None
    version: int | None = None
    sheets: dict[str, str] = field(default_factory=dict)  # section key → sheet name (template only)


E, W = Severity.ERROR, Severity.WARNING
DOWNLOAD_FORM = gettext_noop("Download the current form and copy the data into it.")

# The reader's own rules; the file-level ones (`safety.FILE_RULES`) share the `read.` prefix.
READ_RULES: dict[str, Rule] = {
    r.id.removeprefix("read."): r
    for r in [
        Rule("read.not_a_workbook", E, gettext_noop(
            "The file '%(file)s' could not be read as an Excel or ODS workbook (%(detail)s)."), safety.SAVE_AS),
        Rule("read.unreadable_sheet", E, gettext_noop("The sheet '%(sheet)s' could not be read (%(detail)s)."),
             safety.SAVE_AS),
        Rule("read.no_sections", W, gettext_noop("No sheet of the form was found in the file.")),
        Rule("read.unknown_sheet", W, gettext_noop(
            "The sheet '%(sheet)s' matches no section of the form and was skipped.")),
        Rule("read.ambiguous_sheet", W, gettext_noop(
            "The sheet '%(sheet)s' fits several sections (%(candidates)s) and was skipped."),
             gettext_noop("Name the sheet after its section.")),
        Rule("read.duplicate_section", W, gettext_noop(
            "The sheets '%(sheet)s' and '%(other)s' belong to the same section ('%(section)s'); rows of both "
            "were read.")),
        Rule("read.no_header", E, ngettext_noop(
            "No header row was found in the first %(rows)d row of the sheet '%(sheet)s' (section '%(section)s').",
            "No header row was found in the first %(rows)d rows of the sheet '%(sheet)s' (section '%(section)s').",
            "rows")),
        Rule("read.missing_required_column", E, gettext_noop(
            "The sheet '%(sheet)s' has no column '%(column_name)s', which is required.")),
        Rule("read.unknown_column", W, gettext_noop(
            "Column %(letter)s ('%(header)s') of the sheet '%(sheet)s' was not recognised and is ignored.")),
        Rule("read.duplicate_column", W, gettext_noop(
            "Column %(letter)s ('%(header)s') of the sheet '%(sheet)s' repeats the column '%(column_name)s' and is "
            "ignored.")),
        Rule("read.template_version", E, gettext_noop(
            "The file '%(file)s' was made from another version of the form (%(found)s); version %(expected)s is "
            "expected."), DOWNLOAD_FORM),
        Rule("read.wrong_year", E, gettext_noop(
            "The file '%(file)s' is the form for %(found)s, but the upload is for %(expected)s."),
             gettext_noop("Download the form for %(expected)s.")),
        Rule("read.missing_sheet", W, gettext_noop(
            "The sheet '%(sheet)s' (section '%(section)s') has been removed from the file '%(file)s'."),
             gettext_noop("If your institution has records for this section, restore the sheet (download a fresh "
                          "form); if not, confirm.")),
        Rule("read.header_mismatch", E, gettext_noop(
            "The header of column %(letter)s of the sheet '%(sheet)s' reads '%(header)s', but in the form this is "
            "the column '%(column_name)s': headers were retyped or moved."),
             gettext_noop("Move whole columns, or download a fresh form.")),
        Rule("read.number_out_of_range", E, gettext_noop(
            "The number %(value)s in the cell %(letter)s%(row)s of the sheet '%(sheet)s' (column '%(column_name)s') is "
            "implausible: a number from %(low)s to %(high)s is expected.")),
    ]
}
RULES: dict[str, Rule] = {**safety.FILE_RULES, **READ_RULES}


@dataclass
class ReadResult:
    file: str
    sections: dict[str, list[SheetRow]] = field(default_factory=dict)
    meta: WorkbookMeta = field(default_factory=WorkbookMeta)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    sheets: dict[str, str] = field(default_factory=dict)  # sheet name → section key, as recognised
    sheet_lang: str | None = None  # the one language whose section titles name the sheets, if any

    @property
    def lang(self) -> str | None:
        """The workbook's language: its template record says, else its sheet titles do (None: unknown)."""
        return self.meta.lang if self.meta.lang in LANGS else self.sheet_lang

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def rows(self, section_key: str) -> list[SheetRow]:
        return self.sections.get(section_key, [])


# --------------------------------------------------------------------------------------------
# Matching headers and sheet names


def column_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class _HeaderIndex:
    exact: dict[str, str]
    contained: list[tuple[str, str]]  # (spelling, key), longest first
    keys: frozenset[str]

    def match(self, text: object) -> str | None:
        if text is None or str(text).strip() == "":
            return None
        key = _normal(text)
        if not key:  # only symbols: '№', '#'
            return IGNORE
        if key in self.exact:
            return self.exact[key]
        for spelling, col in self.contained:
            if re.search(r"(?:^| )" + re.escape(spelling), key):
                return col
        return None


_INDEXES: dict[str, _HeaderIndex] = {}


def header_index(section: Section) -> _HeaderIndex:
    if section.key not in _INDEXES:
        exact: dict[str, str] = {}
        for col in (*section.columns, INSTITUTION_COLUMN):
            for spelling in col.spellings:
                exact.setdefault(normalise_header(spelling), col.key)
        for text in IGNORED_HEADERS:
            exact.setdefault(normalise_header(text), IGNORE)
        for col in section.columns:  # a header typed as the machine key itself, if not taken
            exact.setdefault(normalise_header(col.key), col.key)
        contained = sorted(
            ((s, k) for s, k in exact.items() if len(s) >= MIN_CONTAINED_ALIAS and k != IGNORE),
            key=lambda item: -len(item[0]),
        )
        keys = frozenset((*section.column_keys, INSTITUTION_COLUMN.key))
        _INDEXES[section.key] = _HeaderIndex(exact, contained, keys)
    return _INDEXES[section.key]


def _sheet_names_index() -> list[tuple[str, str]]:
    pairs = []
    for sec in SECTIONS:
        for text in (sec.key, *sec.titles.values(), *sec.aliases):
            pairs.append((normalise_header(text), sec.key))
    return sorted(pairs, key=lambda p: -len(p[0]))


def language_of_sheet_names(names: list[str]) -> str | None:
    """The language whose section titles name the workbook's sheets, when exactly one language does.

    A workbook without the template's record (an older form, a table typed by hand) still shows its
    language in its sheet titles; a Kazakh title that happens to equal the Russian one decides nothing.
    """
    found = set()
    for name in names:
        key = _normal(name)
        for sec in SECTIONS:
            langs = {lang for lang in LANGS if _normal(sec.title(lang)) == key}
            if len(langs) == 1:
                found |= langs
    return found.pop() if len(found) == 1 else None


def section_for_sheet_name(name: str) -> str | None:
    """The section a sheet name stands for: equal to, or starting with, a known name of it."""
    key = _normal(name)
    if not key:
        return None
    pairs = _sheet_names_index()
    for spelling, sec in pairs:
        if key == spelling:
            return sec
    for spelling, sec in pairs:
        if key.startswith(spelling + " "):
            return sec
    return None


# --------------------------------------------------------------------------------------------
# Cell values


def _clean(value: object) -> Raw:
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


_NUMBER_TEXT = re.compile(r"[\d\s.,%()+-]+")


def _is_number(value: Raw) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and _NUMBER_TEXT.fullmatch(value) is not None


def _is_total(text: str) -> bool:
    key = _normal(text)
    if any(key == m or key.startswith(m + " ") for m in TOTAL_MARKERS):
        return True
    return any(f" {m}" in f" {key}" and len(key) < 80 for m in TOTAL_INSIDE)


def _is_note(text: str) -> bool:
    stripped = text.lstrip()
    if stripped.startswith("*"):
        return True
    key = _normal(text)
    return any(key == m or key.startswith(m + " ") for m in NOTE_MARKERS)


# --------------------------------------------------------------------------------------------
# Reading


class _Sheet:
    """One worksheet as a 0-based grid of raw values plus its merged ranges (r1, c1, r2, c2)."""

    def __init__(self, name: str, grid: list[list[object]], merges: list[tuple[int, int, int, int]]):
        self.name = name
        self.grid = [[v if v is None else _clean(v) for v in row] for row in grid]
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


@dataclass
class _Header:
    header_row: int  # 0-based
    data_start: int
    columns: dict[int, str]  # 0-based column → key (or IGNORE)
    machine: bool
    score: int
    problems: list[tuple[str, int, dict]] = field(default_factory=list)  # (code, column, params)


def _score_text_row(row: list[Raw], index: _HeaderIndex) -> tuple[int, dict[int, str | None], bool]:
    matched: dict[int, str | None] = {}
    keys: set[str] = set()
    all_headerish = True
    nonempty = 0
    for c, value in enumerate(row):
        if value is None:
            continue
        nonempty += 1
        if not isinstance(value, str):
            all_headerish = False
            matched[c] = None
            continue
        key = index.match(value)
        matched[c] = key
        if key is None:
            all_headerish = False
        elif key != IGNORE:
            keys.add(key)
    return len(keys), matched, all_headerish and nonempty > 0


def _find_header(sheet: _Sheet, section: Section) -> _Header | None:
    index = header_index(section)
    limit = min(HEADER_SCAN_ROWS, len(sheet.grid))
    # 1. the template's machine row
    for r in range(limit):
        row = sheet.row(r)
        cells = [(c, v) for c, v in enumerate(row) if v is not None]
        hits = [(c, v) for c, v in cells if isinstance(v, str) and v in index.keys]
        if len(hits) >= 2 or (hits and len(hits) == len(cells)):
            header = _Header(r, r + 1, {}, True, len(hits))
            for c, v in cells:
                if isinstance(v, str) and v in index.keys and v not in header.columns.values():
                    header.columns[c] = v
                else:
                    header.problems.append(("unknown_column", c, {"header": str(v)}))
            score, _matched, _ = _score_text_row(sheet.row(r + 1), index)
            if score:
                header.data_start = r + 2
                # the visible header must agree with the hidden key above it: headers retyped or moved
                # within the row (not whole columns) would put every value under the wrong column
                for c, key in header.columns.items():
                    text = sheet.cell(r + 1, c)
                    said = index.exact.get(_normal(text)) if isinstance(text, str) else None
                    if said not in (None, IGNORE, key, INSTITUTION_COLUMN.key):
                        header.problems.append(("header_mismatch", c, {"header": text, "column_key": key}))
            return header
    # 2. the best row of header texts
    best: tuple[int, int, dict[int, str | None]] | None = None
    for r in range(limit):
        score, matched, all_headerish = _score_text_row(sheet.row(r), index)
        if score >= 2 or (score == 1 and all_headerish):
            if best is None or score > best[0]:
                best = (score, r, matched)
    if best is None:
        return None
    score, r, matched = best
    header = _Header(r, r + 1, {}, False, score)
    # a sub-header row directly below (texts under a merged group header)
    # (it must name a column where the header row is blank, hold only texts, and each of them must be
    # a header or stand under a blank or group header cell — so a first data row is never taken for it)
    group_cols: set[int] = set()
    for r1, c1, r2, c2 in sheet.merges:
        if r1 <= r <= r2 and c2 > c1:
            group_cols.update(range(c1, c2 + 1))
    _below_score, below, _ = _score_text_row(sheet.row(r + 1), index)
    below_cells = {c: v for c, v in enumerate(sheet.row(r + 1)) if v is not None}
    fills_gap = any(k not in (None, IGNORE) and sheet.cell(r, c) is None for c, k in below.items())
    all_text = all(isinstance(v, str) and not _is_number(v) for v in below_cells.values())
    placed = all(below.get(c) is not None or sheet.cell(r, c) is None or c in group_cols for c in below_cells)
    if below_cells and fills_gap and all_text and placed:
        for c, key in below.items():
            if key not in (None, IGNORE) and (sheet.cell(r, c) is None or c in group_cols):
                matched[c] = key
        header.data_start = r + 2
    for r1, _c1, r2, _c2 in sheet.merges:  # header cells merged downwards
        if r1 <= r < r2 or (header.data_start == r + 2 and r1 <= r + 1 < r2):
            header.data_start = max(header.data_start, r2 + 1)
    texts = {c: sheet.cell(r, c) if sheet.cell(r, c) is not None else sheet.cell(r + 1, c) for c in matched}
    for c in sorted(matched):
        key = matched[c]
        if key is None:
            header.problems.append(("unknown_column", c, {"header": str(texts[c])}))
        elif key != IGNORE and key in header.columns.values():
            header.problems.append(("duplicate_column", c, {"header": str(texts[c]), "column_key": key}))
        else:
            header.columns[c] = key
    header.score = len({k for k in header.columns.values() if k != IGNORE})
    return header


def _fill_merged_down(sheet: _Sheet, data_start: int) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
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


def _read_rows(sheet: _Sheet, section: Section, header: _Header, result: ReadResult) -> list[SheetRow]:
    wide, filled = _fill_merged_down(sheet, header.data_start)
    mapped = {c: k for c, k in header.columns.items() if k != IGNORE}
    letters = {c: column_letter(c) for c in mapped}
    ignored = {c for c, k in header.columns.items() if k == IGNORE}
    rows: list[SheetRow] = []
    headings: list[str] = []
    seen_data = False
    after_note = False
    for r in range(header.data_start, len(sheet.grid)):
        values = sheet.row(r)
        nonempty = {c: v for c, v in enumerate(values) if v is not None}
        if not nonempty or (filled and all((r, c) in filled for c in nonempty)):  # blank but for values
            continue  # merged down from above

        def skip(reason: str, r: int = r, nonempty: dict = nonempty) -> None:
            text = " | ".join(str(v) for _c, v in sorted(nonempty.items()))
            result.skipped.append(SkippedRow(sheet.name, r + 1, reason, text))

        # a row number in an ignored column ('№') does not count as content
        significant = {c: v for c, v in nonempty.items() if not (c in ignored and _is_number(v))} if ignored else nonempty
        if not significant:
            skip("numbered_blank")
            continue
        numbers = list(nonempty.values())
        if (
            not seen_data
            and not rows
            and len(numbers) >= 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in numbers)
            and sorted(numbers) == list(range(min(numbers), min(numbers) + len(numbers)))
            and min(numbers) in (0, 1)
        ):
            skip("column_numbers")
            continue
        # (`significant` is in column order already: it was built by enumerating the row)
        texts = [(c, v) for c, v in significant.items() if isinstance(v, str) and not _NUMBER_TEXT.fullmatch(v)]
        # a total row: one text, a total marker, and only numbers beside it (a second text is not a number)
        if len(texts) == 1 and all(
            _is_number(v) for c, v in significant.items() if c != texts[0][0]
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
        width = len(values)
        cells = {key: CellValue(values[c] if c < width else None, letters[c]) for c, key in mapped.items()}
        if all(cell.raw is None for cell in cells.values()):
            skip("unmapped")
            continue
        seen_data = True
        rows.append(SheetRow(sheet.name, r + 1, cells, tuple(headings)))
    return rows


def _problem(result: ReadResult, code: str, sheet: str | None = None, row: int | None = None,
             column: str | None = None, value: object = "", **params) -> None:
    """Record a problem; section and column keys are named in the workbook's language when it declares one
    (a Kazakh form's problems name the headers its sheets show), else in the reader's."""
    names = result.lang or ""
    section = SECTION_BY_KEY.get(params.get("section_key") or "")
    if section is not None:
        params["section"] = Label.of(section.titles, names)
        if params.get("column_key") in section.column_keys:
            params["column_name"] = Label.of(section.column(params["column_key"]).headers, names)
    if "candidates" in params:
        params["candidates"] = [Label.of(SECTION_BY_KEY[k].titles, names) if k in SECTION_BY_KEY else str(k)
                                for k in params["candidates"]]
    result.problems.append(RULES[code].at(file=result.file, sheet=sheet, row=row, column=column, value=value,
                                          **params))


def _read_meta(sheet: _Sheet) -> WorkbookMeta:
    meta = WorkbookMeta()
    for row in sheet.grid:
        if len(row) < 2 or row[0] is None:
            continue
        key, value = str(row[0]).strip(), row[1]
        if key == "year" and value is not None:
            try:
                meta.year = int(value)
            except (TypeError, ValueError):
                meta.year = None
        elif key == "institution":
            meta.institution = str(value) if value not in (None, "") else None
        elif key == "lang":
            meta.lang = str(value) if value else None
        elif key == "format":
            meta.format = str(value) if value else None
        elif key == "version" and value is not None:
            try:
                meta.version = int(value)
            except (TypeError, ValueError):
                meta.version = None
        elif key.startswith("sheet:") and value:
            meta.sheets[key.removeprefix("sheet:")] = str(value)
    return meta


def _openpyxl_merges(path: Path) -> dict[str, list[tuple[int, int, int, int]]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=True)
    try:
        return {
            ws.title: [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
            for ws in wb.worksheets
        }
    finally:
        wb.close()


def _detect_by_headers(sheet: _Sheet) -> tuple[list[str], dict[str, _Header]]:
    """Sections whose headers fit the sheet best (most distinct columns recognised).

    A section fits when its header row is found and names at least one of its required columns (or it
    has none); missing required columns are then reported as usual. Several best fits are ambiguous.
    """
    fits: dict[str, _Header] = {}
    for sec in SECTIONS:
        header = _find_header(sheet, sec)
        if header is None:
            continue
        found = set(header.columns.values())
        if not sec.required_keys or found & set(sec.required_keys):
            fits[sec.key] = header
    if not fits:
        return [], {}
    top = max(h.score for h in fits.values())
    return [k for k, h in fits.items() if h.score == top], fits


def read_workbook(path: str | Path, file_label: str | None = None, *, year: int | None = None) -> ReadResult:
    """Read every section sheet of a workbook; structural problems are returned, never raised.

    The raw file is first inspected by `safety.check_file` (size, zip bombs, DTDs, macros, passwords,
    rows per sheet, formulas); a file failing it never reaches a parser. With `year`, a template made
    for another year is refused.
    """
    from python_calamine import CalamineWorkbook, PasswordError

    path = Path(path)
    result = ReadResult(file=file_label or path.name)
    result.problems.extend(safety.check_file(path, result.file))
    if result.errors:
        return result
    rows_counted = path.suffix.lower() in (".xlsx", ".xlsm")  # by the safety scan, before parsing
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        _problem(result, "password_protected")
        return result
    except Exception as exc:  # noqa: BLE001 - corrupt, empty, not a workbook, unreadable: one problem
        _problem(result, "not_a_workbook", detail=_short(exc))
        return result

    with wb:
        names = list(wb.sheet_names)
        result.sheet_lang = language_of_sheet_names(names)
        loaded: dict[str, _Sheet] = {}
        openpyxl_merges: dict[str, list[tuple[int, int, int, int]]] | None = None

        def load(name: str) -> _Sheet | None:
            nonlocal openpyxl_merges
            if name in loaded:
                return loaded[name]
            try:
                ws = wb.get_sheet_by_name(name)
                if not rows_counted and ws.height > safety.MAX_ROWS_PER_SHEET:  # before any cell is converted
                    _problem(result, "too_many_rows", sheet=name, rows=ws.height, limit=safety.MAX_ROWS_PER_SHEET)
                    return None
                grid = ws.to_python(skip_empty_area=False)
                ranges = getattr(ws, "merged_cell_ranges", None)
            except Exception as exc:  # noqa: BLE001
                _problem(result, "unreadable_sheet", sheet=name, detail=_short(exc))
                return None
            if ranges is None and path.suffix.lower() in (".xlsx", ".xlsm"):
                if openpyxl_merges is None:
                    try:
                        openpyxl_merges = _openpyxl_merges(path)
                    except Exception:  # noqa: BLE001 - merges are a refinement; read without them
                        openpyxl_merges = {}
                merges = openpyxl_merges.get(name, [])
            else:
                merges = [(a[0], a[1], b[0], b[1]) for a, b in (ranges or [])]
            loaded[name] = _Sheet(name, grid, merges)
            return loaded[name]

        if META_SHEET in names:
            meta_sheet = load(META_SHEET)
            if meta_sheet is not None:
                result.meta = _read_meta(meta_sheet)
                if not _check_meta(result, names, year):
                    return result
        by_meta = {sheet: key for key, sheet in result.meta.sheets.items() if key in SECTION_BY_KEY}
        skip_names = {META_SHEET, LISTS_SHEET, result.meta.sheets.get("instructions")}

        first_sheet_of: dict[str, str] = {}
        for name in names:
            if name in skip_names or _normal(name) in INSTRUCTION_SHEET_NAMES:
                continue
            sheet = load(name)
            if sheet is None:
                continue
            key = by_meta.get(name) or section_for_sheet_name(name)
            header = None
            if key is None:
                if not any(v is not None for row in sheet.grid for v in row):
                    continue  # an empty extra sheet ('Лист2')
                candidates, fits = _detect_by_headers(sheet)
                if len(candidates) == 1:
                    key, header = candidates[0], fits[candidates[0]]
                elif candidates:
                    _problem(result, "ambiguous_sheet", sheet=name, candidates=candidates)
                    continue
                else:
                    _problem(result, "unknown_sheet", sheet=name)
                    continue
            sec = SECTION_BY_KEY[key]
            result.sheets[name] = key
            result.sections.setdefault(key, [])
            if key in first_sheet_of:
                _problem(result, "duplicate_section", sheet=name, other=first_sheet_of[key], section_key=key)
            else:
                first_sheet_of[key] = name
            if header is None:
                header = _find_header(sheet, sec)
            if header is None:
                if any(v is not None for row in sheet.grid for v in row):
                    _problem(result, "no_header", sheet=name, section_key=key, rows=HEADER_SCAN_ROWS)
                continue
            for code, c, params in header.problems:
                row = header.header_row + (2 if code == "header_mismatch" else 1)  # the visible header row
                _problem(result, code, sheet=name, row=row, column=column_letter(c),
                         section_key=key, **params)
            present = set(header.columns.values())
            for col in sec.columns:
                if col.required and col.key not in present:
                    _problem(result, "missing_required_column", sheet=name, row=header.header_row + 1,
                             section_key=key, column_key=col.key)
            section_rows = _read_rows(sheet, sec, header, result)
            _check_numbers(result, sec, section_rows)
            result.sections[key].extend(section_rows)

    if not result.sheets and not result.problems:
        _problem(result, "no_sections")
    return result


def _check_meta(result: ReadResult, names: list[str], year: int | None) -> bool:
    """The template's own record: its format version, its year, its sheets. False: stop reading."""
    meta = result.meta
    if meta.format != TEMPLATE_FORMAT or meta.version != TEMPLATE_VERSION:
        found = f"{meta.version}" if meta.format == TEMPLATE_FORMAT else (meta.format or "?")
        _problem(result, "template_version", found=found, expected=TEMPLATE_VERSION)
        return False
    if year is not None and meta.year is not None and meta.year != year:
        _problem(result, "wrong_year", found=meta.year, expected=year)
        return False
    for key, sheet in meta.sheets.items():
        if key in SECTION_BY_KEY and sheet not in names:
            _problem(result, "missing_sheet", sheet=sheet, section_key=key)
    return True


# Plausible ranges of integer columns (negative counts are the `non_negative` rule's, not checked here).
NUMBER_RANGES = {"term_years": (0, 100), "kazakh_language_disciplines": (0, 10_000)}


def _check_numbers(result: ReadResult, section: Section, rows: list[SheetRow]) -> None:
    """Absurd numbers (a year 1900, 10^12 students) are refused here, before they reach the database,
    whose integer columns would overflow on them."""
    columns = [c for c in section.columns if c.kind == "integer"]
    for row in rows:
        for col in columns:
            cell = row.cells.get(col.key)
            value = cell.raw if cell is not None else None
            if isinstance(value, str) and re.fullmatch(r"\d[\d \u202f]*", value):
                value = int(re.sub(r"\D", "", value))
            if not isinstance(value, int | float) or isinstance(value, bool):
                continue
            is_year = col.key.endswith("_year")
            low, high = YEAR_RANGE if is_year else NUMBER_RANGES.get(col.key, (0, MAX_COUNT))
            if value > high or (is_year and value < low):
                _problem(result, "number_out_of_range", sheet=row.sheet, row=row.row, column=cell.column,
                         section_key=section.key, column_key=col.key, value=cell.text, low=low, high=high)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]
