"""The collection workbook a university fills in: written from the declaration in `collection.sections`.

Layout of the .xlsx (the reader relies on the sheet `_intlmon` and on row 1; everything else is for people):

- **Instructions** (first, active sheet; named in the chosen language): the title, the reporting year,
  the institution (B5 holds its id, C5 its name — locked; the sheet is protected without a password),
  how to fill the form, and one line per section sheet.
- **One sheet per section**, named with the section title in the chosen language, in `SECTIONS` order:
  - row 1 (hidden): the machine column keys (`partner`, `country`, …), one per column, from column A;
  - row 2 (visible, frozen): the headers in the chosen language; required columns end with ` *`;
  - rows 3+: the data, one record per row (prefilled from `rows` when given).
  Every column has an input message (its help); choice/country/field columns have a dropdown that
  refers to the hidden `lists` sheet (lists longer than Excel's 255-character inline limit, such as
  countries); integer columns accept whole numbers ≥ 0 (year columns 1950–2100); yes/no columns an
  inline Yes/No list. Multi-value columns (directions, languages) show the dropdown but accept any text,
  since a cell may name several entries separated by ';'.
- **lists** (hidden): one column per dropdown list — row 1 the list name, rows 2+ the labels.
- **_intlmon** (very hidden): key/value rows — `format`, `version`, `year`, `institution`, `lang`, and
  `sheet:<section_key>` → sheet name (also `sheet:instructions`), so a workbook is recognised whatever
  language it was written in.

`write_template(path, year, lang, institution=None, rows=None)` writes it; `rows` maps a section key to
a list of dicts column key → value. Values for choice columns may be model values (`"bachelor"`), ISO codes
(countries), classifier codes (fields), booleans, or lists of values (directions, languages): they are
written as labels of the chosen language. Anything else is written as given (dates as Excel dates).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from intlmon.collection.sections import (
    LANGS,
    MULTI_VALUE_LISTS,
    SECTIONS,
    Column,
    Section,
    choice_values,
)
from intlmon.lib.neutralise import needs_quote_prefix
from intlmon.registry.models import Country, FieldOfEducation, Institution

FORMAT_NAME = "intlmon-collection-workbook"
FORMAT_VERSION = 1
META_SHEET = "_intlmon"
LISTS_SHEET = "lists"
MACHINE_ROW = 1  # 1-based Excel rows
HEADER_ROW = 2
FIRST_DATA_ROW = 3
INSTITUTION_CELL = "B5"
MIN_VALIDATED_ROWS = 1000
YEAR_RANGE = (1950, 2100)

# Lists a user may need to step outside (a country spelled another way, several entries in one cell).
_SOFT_LISTS = {"countries": "warning", "fields": "warning"}

@functools.cache
def texts(lang: str) -> dict[str, str]:
    """The form's printed texts in `lang`, from the collection catalogue (context "workbook").

    Yes/No are the `booleans` list's labels (collection.sections), the words the reader accepts back.
    """
    from django.utils import translation
    from django.utils.translation import pgettext

    yes, no = (label for _, label in choice_values("booleans", lang))
    with translation.override(lang):
        return {
            "instructions": pgettext("workbook", "Instructions"),
            "title": pgettext("workbook", "Monitoring of the international activity of higher education "
                                          "institutions: form for %(year)s"),
            "year": pgettext("workbook", "Reporting year"),
            "institution": pgettext("workbook", "Institution"),
            "language": pgettext("workbook", "Form language"),
            "not_specified": pgettext("workbook", "not specified (set when the file is uploaded)"),
            "how": pgettext("workbook", "How to fill in the form"),
            "sheets": pgettext("workbook", "Sheets of the form"),
            "required": pgettext("workbook", "required"),
            "yes": yes,
            "no": no,
            "bad_integer": pgettext("workbook", "Enter a whole number (0 or more)."),
            "bad_year": pgettext("workbook", "Enter a four-digit year, e.g. 2024."),
            "bad_choice": pgettext("workbook", "Choose a value from the list."),
        }


@functools.cache
def how_to(lang: str) -> tuple[str, ...]:
    """The instructions sheet's lines in `lang`."""
    from django.utils import translation
    from django.utils.translation import pgettext

    with translation.override(lang):
        return (
            pgettext("workbook", "Fill in each sheet: one row is one record (an agreement, a programme, a project, "
                                 "etc.). Do not change the headers or the order of columns and sheets."),
            pgettext("workbook", "Columns marked * are required. Selecting a cell shows its help; where a column has "
                                 "a dropdown, choose the value from the list."),
            pgettext("workbook", "Dates as DD.MM.YYYY; if only the year is known, enter the year. Numbers are whole "
                                 "numbers, without spaces or text."),
            pgettext("workbook", "Do not add 'Total' rows or notes under the tables: the system computes the totals."),
            pgettext("workbook", "If a section does not apply to your institution, leave its sheet empty."),
            pgettext("workbook", "Upload the completed file to the monitoring portal."),
        )


WIDE_COLUMNS = {"partner", "title", "name", "programme", "funder", "directions"}


class UnknownInstitution(LookupError):
    """No institution with this id in the registry; `suggestions` are close ids."""

    def __init__(self, ident: str, suggestions: list[str]):
        self.ident = ident
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"Unknown institution {ident!r}: no institution with this id in the registry.{hint}")


def resolve_institution(institution: Institution | str | None) -> Institution | None:
    if institution is None or isinstance(institution, Institution):
        return institution
    found = Institution.objects.filter(pk=str(institution).strip()).first()
    if found is None:
        ids = list(Institution.objects.values_list("pk", flat=True))
        raise UnknownInstitution(str(institution), difflib.get_close_matches(str(institution), ids, n=3))
    return found


def sheet_name(section: Section, lang: str) -> str:
    name = section.title(lang)
    for char in "[]:*?/\\":
        name = name.replace(char, " ")
    return name[:31].strip()


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Lists:
    """The hidden `lists` sheet: written lazily, one column per list actually used."""

    def __init__(self, worksheet, lang: str):
        self.ws = worksheet
        self.lang = lang
        self.ranges: dict[str, str | None] = {}
        self.values: dict[str, list[tuple[str, str]]] = {}
        self.next_col = 0

    def pairs(self, name: str) -> list[tuple[str, str]]:
        if name not in self.values:
            self.values[name] = choice_values(name, self.lang)
        return self.values[name]

    def source(self, name: str) -> str | None:
        if name not in self.ranges:
            pairs = self.pairs(name)
            if not pairs:
                self.ranges[name] = None
            else:
                col = self.next_col
                self.next_col += 1
                self.ws.write_string(0, col, name)
                for i, (_value, label) in enumerate(pairs, start=1):
                    self.ws.write_string(i, col, label)
                letter = xlsxwriter.utility.xl_col_to_name(col)
                self.ranges[name] = f"={LISTS_SHEET}!${letter}$2:${letter}${len(pairs) + 1}"
        return self.ranges[name]

    def label(self, name: str, value: object) -> str | None:
        for v, label in self.pairs(name):
            if v == str(value):
                return label
        return None


def _display(column: Column, value: object, lists: _Lists, lang: str) -> object:
    """What to write in a cell for a prefilled value: labels for list values, as given otherwise."""
    if value is None:
        return None
    if column.kind == "boolean" and isinstance(value, bool):
        return texts(lang)["yes" if value else "no"]
    if isinstance(value, Country):
        return value.display_name(lang)
    if isinstance(value, FieldOfEducation):
        return f"{value.code} {value.display_name(lang)}"
    if column.choices and column.choices != "booleans":
        if isinstance(value, list | tuple):
            parts = [lists.label(column.choices, v) or str(v) for v in value]
            return "; ".join(parts)
        label = lists.label(column.choices, value)
        if label is not None:
            return label
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value


def _validation(column: Column, lang: str, lists: _Lists) -> dict:
    help_text = column.help_text(lang)
    if column.required:
        help_text = f"{help_text} ({texts(lang)['required']})"
    base = {
        "input_title": _clip(column.header(lang), 32),
        "input_message": _clip(help_text, 255),
        "ignore_blank": True,
    }
    if column.kind == "integer":
        lo, hi = YEAR_RANGE if column.key.endswith("_year") else (0, None)
        options = {"validate": "integer", "error_type": "stop"}
        if hi is None:
            options.update(criteria=">=", value=lo, error_message=texts(lang)["bad_integer"])
        else:
            options.update(criteria="between", minimum=lo, maximum=hi, error_message=texts(lang)["bad_year"])
        return {**base, **options}
    if column.kind == "boolean":
        return {**base, "validate": "list", "source": [texts(lang)["yes"], texts(lang)["no"]],
                "error_type": "warning", "error_message": texts(lang)["bad_choice"]}
    if column.choices:
        source = lists.source(column.choices)
        if source is not None:
            if column.choices in MULTI_VALUE_LISTS:
                return {**base, "validate": "list", "source": source, "show_error": False}
            return {**base, "validate": "list", "source": source,
                    "error_type": _SOFT_LISTS.get(column.choices, "stop"),
                    "error_message": texts(lang)["bad_choice"]}
    return {**base, "validate": "any"}


def write_template(
    path: str | Path,
    year: int,
    lang: str = "ru",
    institution: Institution | str | None = None,
    rows: dict[str, list[dict[str, object]]] | None = None,
) -> Path:
    """Write the workbook for `year` in `lang`; raises UnknownInstitution, ValueError for bad rows."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    inst = resolve_institution(institution)
    rows = rows or {}
    sections_by_key = {s.key: s for s in SECTIONS}
    for key, section_rows in rows.items():
        if key not in sections_by_key:
            raise ValueError(f"rows for unknown section {key!r}")
        known = set(sections_by_key[key].column_keys)
        for i, row in enumerate(section_rows, start=1):
            unknown = set(row) - known
            if unknown:
                raise ValueError(f"{key} row {i}: unknown column(s) {', '.join(sorted(unknown))}")

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    wb.set_properties({"title": texts(lang)["title"] % {"year": year}, "company": "intlmon"})
    fmt = {
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "label": wb.add_format({"bold": True}),
        "locked": wb.add_format({"locked": True, "bold": True, "bg_color": "#EDEDED", "border": 1}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
        "header": wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1,
                                 "bg_color": "#DDEBF7"}),
        "header_req": wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1,
                                     "bg_color": "#FCE4D6"}),
        "machine": wb.add_format({"font_color": "#808080"}),
        "date": wb.add_format({"num_format": "dd.mm.yyyy"}),
        "text_prefixed": wb.add_format({"quote_prefix": True}),  # text Excel must never take for a formula
    }

    names = {s.key: sheet_name(s, lang) for s in SECTIONS}
    instructions = wb.add_worksheet(_clip(texts(lang)["instructions"], 31))
    data_sheets = {s.key: wb.add_worksheet(names[s.key]) for s in SECTIONS}
    lists_ws = wb.add_worksheet(LISTS_SHEET)
    meta_ws = wb.add_worksheet(META_SHEET)
    lists = _Lists(lists_ws, lang)

    # Instructions -----------------------------------------------------------------------
    ws = instructions
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 2, 90)
    ws.write_string(0, 0, texts(lang)["title"] % {"year": year}, fmt["title"])
    ws.write_string(3, 0, texts(lang)["year"], fmt["label"])
    ws.write_number(3, 1, year, fmt["locked"])
    ws.write_string(4, 0, texts(lang)["institution"], fmt["label"])
    if inst is not None:
        ws.write_string(4, 1, inst.pk, fmt["locked"])
        ws.write_string(4, 2, inst.display_name(lang), fmt["locked"])
    else:
        ws.write_string(4, 1, "—", fmt["locked"])
        ws.write_string(4, 2, texts(lang)["not_specified"], fmt["locked"])
    ws.write_string(5, 0, texts(lang)["language"], fmt["label"])
    ws.write_string(5, 1, lang, fmt["locked"])
    line = 7
    ws.write_string(line, 0, texts(lang)["how"], fmt["label"])
    line += 1
    for i, text in enumerate(how_to(lang), start=1):
        ws.write_string(line, 0, f"{i}.")
        ws.merge_range(line, 1, line, 2, text, fmt["wrap"])
        ws.set_row(line, 30)
        line += 1
    line += 1
    ws.write_string(line, 0, texts(lang)["sheets"], fmt["label"])
    line += 1
    for s in SECTIONS:
        ws.write_string(line, 0, names[s.key], fmt["label"])
        ws.merge_range(line, 1, line, 2, s.help.get(lang, ""), fmt["wrap"])
        ws.set_row(line, 30)
        line += 1
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    ws.activate()

    # Section sheets ---------------------------------------------------------------------
    for s in SECTIONS:
        ws = data_sheets[s.key]
        section_rows = rows.get(s.key, [])
        last_row = max(MIN_VALIDATED_ROWS, len(section_rows) + 500) + FIRST_DATA_ROW - 1
        ws.set_row(MACHINE_ROW - 1, None, fmt["machine"], {"hidden": True})
        ws.set_row(HEADER_ROW - 1, 45)
        ws.freeze_panes(HEADER_ROW, 0)
        for c, col in enumerate(s.columns):
            ws.write_string(MACHINE_ROW - 1, c, col.key, fmt["machine"])
            header = col.header(lang) + (" *" if col.required else "")
            ws.write_string(HEADER_ROW - 1, c, header, fmt["header_req" if col.required else "header"])
            width = 42 if col.key in WIDE_COLUMNS else 26 if col.kind in ("country", "field", "choice") else 16
            ws.set_column(c, c, width, fmt["date"] if col.kind == "date" else None)
            ws.data_validation(FIRST_DATA_ROW - 1, c, last_row - 1, c, _validation(col, lang, lists))
        for r, row in enumerate(section_rows, start=FIRST_DATA_ROW - 1):
            for c, col in enumerate(s.columns):
                value = _display(col, row.get(col.key), lists, lang)
                if value is None or value == "":
                    continue
                if isinstance(value, dt.datetime | dt.date):
                    ws.write_datetime(r, c, value if isinstance(value, dt.datetime) else
                                      dt.datetime.combine(value, dt.time()), fmt["date"])
                elif isinstance(value, bool):
                    ws.write_string(r, c, texts(lang)["yes" if value else "no"])
                elif isinstance(value, int | float):
                    ws.write_number(r, c, value)
                elif needs_quote_prefix(str(value)):
                    ws.write_string(r, c, str(value), fmt["text_prefixed"])
                else:
                    ws.write_string(r, c, str(value))
        ws.autofilter(HEADER_ROW - 1, 0, HEADER_ROW - 1, len(s.columns) - 1)

    # Hidden sheets ----------------------------------------------------------------------
    lists_ws.hide()
    meta = [
        ("format", FORMAT_NAME),
        ("version", FORMAT_VERSION),
        ("year", year),
        ("institution", inst.pk if inst is not None else ""),
        ("lang", lang),
        ("sheet:instructions", instructions.get_name()),
        *((f"sheet:{s.key}", names[s.key]) for s in SECTIONS),
    ]
    for r, (key, value) in enumerate(meta):
        meta_ws.write_string(r, 0, key)
        if isinstance(value, int):
            meta_ws.write_number(r, 1, value)
        else:
            meta_ws.write_string(r, 1, str(value))
    meta_ws.very_hidden()
    wb.close()
    return path
