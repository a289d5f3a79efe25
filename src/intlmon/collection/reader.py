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
- **Sheets.** A sheet is a section by that metadata, else by its name or its headers
  (`collection.headers`). Sheets that fit none are reported as a warning and ignored; a section with no
  sheet is simply empty.
- **Columns.** Found by `collection.headers.find_header`: the machine key row, else header texts in any
  language (never by position). Unknown headers → warning; a required column missing → error.
- **Rows.** Read under the header by `collection.sheet_grid.read_rows`: blank, total, note, heading and
  column-number rows are skipped (recorded in `ReadResult.skipped`); vertically merged cells are filled
  down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_noop

from intlmon.collection import safety
from intlmon.collection.headers import (
    HEADER_SCAN_ROWS,
    INSTRUCTION_SHEET_NAMES,
    detect_by_headers,
    find_header,
    language_of_sheet_names,
    section_for_sheet_name,
)
from intlmon.collection.problems import Label, Problem, Rule, Severity, ngettext_noop
from intlmon.collection.sections import LANGS, SECTION_BY_KEY, Section
from intlmon.collection.sheet_grid import (
    CellValue,
    Sheet,
    SheetRow,
    SkippedRow,
    column_letter,
    normal,
    read_rows,
)

META_SHEET = "_intlmon"
LISTS_SHEET = "lists"
SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
TEMPLATE_FORMAT = "intlmon-collection-workbook"  # = template.FORMAT_NAME (template imports the ORM)
TEMPLATE_VERSION = 1  # = template.FORMAT_VERSION
YEAR_RANGE = (1950, 2100)  # = template.YEAR_RANGE: what the form's year cells accept
MAX_COUNT = 1_000_000  # no count of one HEI comes near: the largest has ~35,000 students


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


def _read_meta(sheet: Sheet) -> WorkbookMeta:
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
        loaded: dict[str, Sheet] = {}
        openpyxl_merges: dict[str, list[tuple[int, int, int, int]]] | None = None

        def load(name: str) -> Sheet | None:
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
            loaded[name] = Sheet(name, grid, merges)
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
            if name in skip_names or normal(name) in INSTRUCTION_SHEET_NAMES:
                continue
            sheet = load(name)
            if sheet is None:
                continue
            key = by_meta.get(name) or section_for_sheet_name(name)
            header = None
            if key is None:
                if not any(v is not None for row in sheet.grid for v in row):
                    continue  # an empty extra sheet ('Лист2')
                candidates, fits = detect_by_headers(sheet)
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
                header = find_header(sheet, sec)
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
            section_rows = read_rows(sheet, header, result.skipped)
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
    places: dict[tuple[str, ...], list[tuple[int, object]]] = {}  # a header's keys → (position, column)
    for row in rows:
        if row.keys not in places:
            places[row.keys] = [(row.keys.index(col.key), col) for col in columns if col.key in row.keys]
        for i, col in places[row.keys]:
            value = row.values[i]
            if isinstance(value, str) and re.fullmatch(r"\d[\d \u202f]*", value):
                value = int(re.sub(r"\D", "", value))
            if not isinstance(value, int | float) or isinstance(value, bool):
                continue
            is_year = col.key.endswith("_year")
            low, high = YEAR_RANGE if is_year else NUMBER_RANGES.get(col.key, (0, MAX_COUNT))
            if value > high or (is_year and value < low):
                cell = CellValue(row.values[i], row.letters[col.key])
                _problem(result, "number_out_of_range", sheet=row.sheet, row=row.row, column=cell.column,
                         section_key=section.key, column_key=col.key, value=cell.text, low=low, high=high)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]
