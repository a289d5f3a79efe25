"""Which sheet is which section, which row is the header and which column holds which key.

Part of the collection reader (`collection.reader`; the grid itself is `collection.sheet_grid`).

- **Sheets by name.** A sheet is a section by its name: the section key, its title in kk/ru/en or a known
  legacy name such as 'СОП', 'ДДП'; a name starting with one, e.g. 'ДДП 2023', counts
  (`section_for_sheet_name`); else by its headers when exactly one section fits (`detect_by_headers`).
- **Columns.** By the machine header row (the template's hidden row 1 of column keys) if one of the
  first rows is one, otherwise by header text in any language or a legacy alias, compared
  case-, space-, quote- and punctuation-insensitively; a header that merely begins with a known
  spelling at a word start ('…СОП шеңберінде оқитын студенттер контингенті') is matched as a fallback.
  Never by position. The header may be on any of the first `HEADER_SCAN_ROWS` rows (titles above it are
  ignored); a second header row directly below (sub-headers under a merged group) is merged in.
  Legacy tables may also carry the Kazakh HEI (`institution`, see `sections.INSTITUTION_COLUMN`); '№'
  columns are ignored (`IGNORE`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from intlmon.collection.sections import (
    IGNORED_HEADERS,
    INSTITUTION_COLUMN,
    LANGS,
    SECTIONS,
    Section,
    normalise_header,
)
from intlmon.collection.sheet_grid import IGNORE, Raw, Sheet, is_number, normal

HEADER_SCAN_ROWS = 12
MIN_CONTAINED_ALIAS = 5  # shortest spelling matched inside a longer header

INSTRUCTION_SHEET_NAMES = {normalise_header(t) for t in ("Нұсқаулық", "Инструкция", "Instructions", "Readme")}


@dataclass
class HeaderIndex:
    exact: dict[str, str]
    contained: list[tuple[str, str]]  # (spelling, key), longest first
    keys: frozenset[str]

    def match(self, text: object) -> str | None:
        if text is None or str(text).strip() == "":
            return None
        key = normal(text)
        if not key:  # only symbols: '№', '#'
            return IGNORE
        if key in self.exact:
            return self.exact[key]
        for spelling, col in self.contained:
            if re.search(r"(?:^| )" + re.escape(spelling), key):
                return col
        return None


_INDEXES: dict[str, HeaderIndex] = {}


def header_index(section: Section) -> HeaderIndex:
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
        _INDEXES[section.key] = HeaderIndex(exact, contained, keys)
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
    by_title = _title_languages()
    for name in names:
        found.update(by_title.get(normal(name), ()))
    return found.pop() if len(found) == 1 else None


@functools.cache
def _title_languages() -> dict[str, set[str]]:
    """A section title's normal form → the languages it names a section in alone (a title that reads the
    same in two languages of one section names neither)."""
    langs_of: dict[str, set[str]] = {}
    for sec in SECTIONS:
        for key in {normal(sec.title(lang)) for lang in LANGS}:
            langs = {lang for lang in LANGS if normal(sec.title(lang)) == key}
            if len(langs) == 1:
                langs_of.setdefault(key, set()).update(langs)
    return langs_of


def section_for_sheet_name(name: str) -> str | None:
    """The section a sheet name stands for: equal to, or starting with, a known name of it."""
    key = normal(name)
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


@dataclass
class Header:
    header_row: int  # 0-based
    data_start: int
    columns: dict[int, str]  # 0-based column → key (or IGNORE)
    machine: bool
    score: int
    problems: list[tuple[str, int, dict]] = field(default_factory=list)  # (code, column, params)


def _score_text_row(row: list[Raw], index: HeaderIndex) -> tuple[int, dict[int, str | None], bool]:
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


def find_header(sheet: Sheet, section: Section) -> Header | None:
    index = header_index(section)
    limit = min(HEADER_SCAN_ROWS, len(sheet.grid))
    # 1. the template's machine row
    for r in range(limit):
        row = sheet.row(r)
        cells = [(c, v) for c, v in enumerate(row) if v is not None]
        hits = [(c, v) for c, v in cells if isinstance(v, str) and v in index.keys]
        if len(hits) >= 2 or (hits and len(hits) == len(cells)):
            header = Header(r, r + 1, {}, True, len(hits))
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
                    said = index.exact.get(normal(text)) if isinstance(text, str) else None
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
    header = Header(r, r + 1, {}, False, score)
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
    all_text = all(isinstance(v, str) and not is_number(v) for v in below_cells.values())
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


def detect_by_headers(sheet: Sheet) -> tuple[list[str], dict[str, Header]]:
    """Sections whose headers fit the sheet best (most distinct columns recognised).

    A section fits when its header row is found and names at least one of its required columns (or it
    has none); missing required columns are then reported as usual. Several best fits are ambiguous.
    """
    fits: dict[str, Header] = {}
    for sec in SECTIONS:
        header = find_header(sheet, sec)
        if header is None:
            continue
        found = set(header.columns.values())
        if not sec.required_keys or found & set(sec.required_keys):
            fits[sec.key] = header
    if not fits:
        return [], {}
    top = max(h.score for h in fits.values())
    return [k for k, h in fits.items() if h.score == top], fits

