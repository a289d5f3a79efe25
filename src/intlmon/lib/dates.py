"""Contract dates as printed in the reports, with the precision the source actually gives.

Cells mix Russian, Kazakh and English month names, two-digit years, Excel serial numbers that
leaked from spreadsheets, ranges, several dates in one cell and words around them ('Соглашение
о СОП от 13.08.2019 г.'). A year-only cell must stay a year: widening '2019' to 2019-01-01 would
invent a day nobody wrote, so every value carries its precision.

Beyond the four outcomes of the brief, the parser also answers `Missing` (blank cell: nothing was
said, which is not the same as unreadable) and `DateList` (a cell listing several agreements;
picking one of them would silently drop the others).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from intlmon.lib.counts import Missing, Unrecognised, clean_cell

Precision = Literal["day", "month", "year"]

# Kazakh universities' international agreements start after independence; a number outside
# this window is more likely a count, a document number or a typo than a date.
MIN_YEAR, MAX_YEAR = 1990, 2100
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, shifted for its fictitious 29.02.1900
_SERIAL_MIN = (date(MIN_YEAR, 1, 1) - _EXCEL_EPOCH).days
_SERIAL_MAX = (date(MAX_YEAR, 12, 31) - _EXCEL_EPOCH).days


@dataclass(frozen=True)
class DateValue:
    """A date as far as the source pins it: `value` is the first day of the stated period."""

    value: date
    precision: Precision
    raw: str = ""
    note: str | None = None  # words around the date that were not part of it
    excel_serial: bool = False

    @property
    def year(self) -> int:
        return self.value.year


@dataclass(frozen=True)
class DateRange:
    """A period; `end` is None when the source leaves it open ('12.03.2020 -')."""

    start: DateValue
    end: DateValue | None
    raw: str = ""
    note: str | None = None


@dataclass(frozen=True)
class DateList:
    """Several dates or periods in one cell, in source order (e.g. a contract and its addenda)."""

    items: tuple[DateValue | DateRange, ...]
    raw: str = ""
    note: str | None = None


@dataclass(frozen=True)
class Pending:
    """The agreement is being negotiated or renewed: there is deliberately no date yet."""

    raw: str
    phrase: str = field(default="")


_MONTH_FORMS: dict[int, tuple[str, ...]] = {
    1: ("январь", "января", "янв", "january", "jan"),
    2: ("февраль", "февраля", "февр", "фев", "february", "feb"),
    3: ("март", "марта", "мар", "march", "mar"),
    4: ("апрель", "апреля", "апр", "april", "apr"),
    5: ("май", "мая", "may"),
    6: ("июнь", "июня", "июн", "june", "jun"),
    7: ("июль", "июля", "июл", "july", "jul"),
    8: ("август", "августа", "авг", "august", "aug"),
    9: ("сентябрь", "сентября", "сент", "сен", "september", "sept", "sep"),
    10: ("октябрь", "октября", "окт", "october", "oct"),
    11: ("ноябрь", "ноября", "нояб", "ноя", "november", "nov"),
    12: ("декабрь", "декабря", "дек", "december", "dec"),
}
# Kazakh month names take case endings ('наурызда', 'қаңтардағы'), so they match as stems.
_KK_MONTHS = {
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6,
    "шілде": 7, "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
}  # fmt: skip
_MONTH_LOOKUP = {form: m for m, forms in _MONTH_FORMS.items() for form in forms}

_KK_ALT = "|".join(sorted(_KK_MONTHS, key=len, reverse=True))
_RU_EN_ALT = "|".join(sorted(_MONTH_LOOKUP, key=len, reverse=True))
_MONTH = rf"(?:(?:{_KK_ALT})[а-яәғқңөұүһі]{{0,5}}|(?:{_RU_EN_ALT}))(?![a-zа-яәғқңөұүһі])\.?"
_Y4 = r"(?:19|20|21)\d{2}"

_TOKEN = re.compile(
    rf"""
    (?<!\d)(?<!\d[.])(?P<iso_y>{_Y4})-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}})(?![\d])
  | (?<!\d)(?<!\d[.])(?P<d>\d{{1,2}})[./](?P<m>\d{{1,2}})[./](?P<y>\d{{4}}|\d{{2}})(?![\d])
  | (?<!\d)(?<!\d[.])(?P<dn_d>\d{{1,2}})\s+(?P<dn_m>{_MONTH})[\s,]*(?P<dn_y>{_Y4})(?!\d)
  | (?<![\w])(?P<nd_m>{_MONTH})\s*(?P<nd_d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<nd_y>{_Y4})(?!\d)
  | (?<!\d)(?<!\d[.])(?P<kk_y>{_Y4})\s*(?:ж\.|жыл\w*)?\s+(?P<kk_d>\d{{1,2}})\s+(?P<kk_m>{_MONTH})
  | (?<![\w])(?P<my_m>{_MONTH})[\s.,]*(?P<my_y>{_Y4}|\d{{2}})(?!\.?\d)
  | (?<!\d)(?<!\d[.])(?P<year>\d{{4}})(?!\.?\d)
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Words that only decorate a date: 'г.', 'год', 'жылғы', 'от', document numbers ('№197').
_DOC_NUMBER = re.compile(r"№\s*[\w/-]*\d[\w/-]*", re.IGNORECASE)
_FILLER = re.compile(
    r"(?<![\w])(?:гг|г|год[ау]?|ж|жыл\w*|от|года|year|dated|of|on)(?![\w])\.?", re.IGNORECASE
)
_RANGE_GAP = re.compile(r"^\s*(?:-|до|по|to|until|till)\s*$", re.IGNORECASE)
_OPEN_END = re.compile(r"^\s*-\s*(?:[,;]|$)")
_PENDING = re.compile(
    r"в процессе|в стадии|на стадии|на согласовании|на подписании|in progress|under negotiation|"
    r"being (?:negotiated|renewed)|үдерісте|сатысында",
    re.IGNORECASE,
)


def _two_digit_year(yy: int) -> int:
    # '24.05.11г.' — the reports cover agreements from the 1990s on, so 00..69 are 20xx.
    return 2000 + yy if yy < 70 else 1900 + yy


def _month_number(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w in _MONTH_LOOKUP:
        return _MONTH_LOOKUP[w]
    for stem, m in _KK_MONTHS.items():
        if w.startswith(stem):
            return m
    return None


def _make(y: int, m: int, d: int | None, precision: Precision, raw: str) -> DateValue | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return DateValue(date(y, m, d or 1), precision, raw=raw)
    except ValueError:
        return None


def _token_value(m: re.Match[str]) -> DateValue | None:
    g = m.groupdict()
    raw = m.group(0)
    if g["iso_y"]:
        return _make(int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"]), "day", raw)
    if g["d"]:
        y = int(g["y"])
        y = _two_digit_year(y) if len(g["y"]) == 2 else y
        return _make(y, int(g["m"]), int(g["d"]), "day", raw)
    for prefix in ("dn", "nd", "kk"):
        if g[f"{prefix}_d"]:
            month = _month_number(g[f"{prefix}_m"])
            return _make(int(g[f"{prefix}_y"]), month or 0, int(g[f"{prefix}_d"]), "day", raw)
    if g["my_m"]:
        # 'апр.22' is how a spreadsheet prints a month-and-year cell (format МММ.ГГ), so the
        # number is a two-digit year, not a day.
        y = int(g["my_y"])
        y = _two_digit_year(y) if len(g["my_y"]) == 2 else y
        return _make(y, _month_number(g["my_m"]) or 0, None, "month", raw)
    return _make(int(g["year"]), 1, None, "year", raw)


def _leftover(text: str) -> str:
    s = _FILLER.sub(" ", _DOC_NUMBER.sub(" ", text))
    s = re.sub(r"[\s,;:.()\[\]\-–/]+", " ", s)
    return s.strip()


def parse_date(text: object) -> DateValue | DateRange | DateList | Pending | Missing | Unrecognised:
    """Read a date cell; anything doubtful becomes `Unrecognised` rather than a wrong date.

    Numbers left over after the dates are taken out make the whole cell doubtful ('5 лет' in a
    date column, an impossible '31.02.2020'), while leftover words are kept as `note`: they
    usually name the document the date belongs to and are worth showing to a reviewer.
    """
    raw = "" if text is None else str(text)
    s = clean_cell(raw)
    if not s or s == "-":
        return Missing(raw)

    if re.fullmatch(r"\d{5}(?:[.,]0+)?", s):
        serial = int(re.split(r"[.,]", s)[0])
        if _SERIAL_MIN <= serial <= _SERIAL_MAX:
            value = _EXCEL_EPOCH + timedelta(days=serial)
            return DateValue(value, "day", raw=raw, excel_serial=True)
        return Unrecognised(raw, "five-digit number outside the plausible Excel serial range")

    tokens: list[tuple[int, int, DateValue]] = []
    for m in _TOKEN.finditer(s):
        value = _token_value(m)
        if value is None:
            return Unrecognised(raw, f"impossible or implausible date {m.group(0)!r}")
        tokens.append((m.start(), m.end(), value))

    if not tokens:
        pending = _PENDING.search(s)
        if pending:
            return Pending(raw, pending.group(0))
        return Unrecognised(raw, "no date found")

    items: list[DateValue | DateRange] = []
    consumed: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        start, end, value = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt and _RANGE_GAP.match(s[end : nxt[0]]):
            items.append(DateRange(value, nxt[2], raw=s[start : nxt[1]]))
            consumed.append((start, nxt[1]))
            i += 2
            continue
        open_end = _OPEN_END.match(s[end:])
        if open_end:
            dash_end = end + s[end:].index("-") + 1
            items.append(DateRange(value, None, raw=s[start:dash_end]))
            consumed.append((start, dash_end))
        else:
            items.append(value)
            consumed.append((start, end))
        i += 1

    rest = s
    for a, b in reversed(consumed):
        rest = rest[:a] + " " + rest[b:]
    rest = _leftover(rest)
    if re.search(r"\d", rest):
        return Unrecognised(raw, f"numbers besides the date: {rest!r}")
    note = rest or None

    if len(items) == 1:
        only = items[0]
        if isinstance(only, DateValue):
            return DateValue(only.value, only.precision, raw=raw, note=note)
        return DateRange(only.start, only.end, raw=raw, note=note)
    return DateList(tuple(items), raw=raw, note=note)
