"""Headcounts from report cells, plus the cell outcomes every parser in `intlmon.lib` shares.

A headcount is an integer. The reports print them as '30,00' (a spreadsheet number format),
'811 обуч.' (with a unit) or leave the cell blank. Blank and dash mean *no figure given*; that
must never turn into 0, because a zero is a statement ('nobody studied') and a blank is not.

`Missing`, `Unrecognised` and `clean_cell` live here rather than in a module of their own only
because this package's current work order limits which files may be added; every parser imports
them from here so that one `isinstance` check works for all of them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Missing:
    """The cell gives no value (blank or a dash). Kept apart from zero and from garbage."""

    raw: str


@dataclass(frozen=True)
class Unrecognised:
    """The cell holds something we cannot read with confidence; the raw text goes to a person."""

    raw: str
    reason: str


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "−": "-", "‒": "-"})


def clean_cell(text: object) -> str:
    """Drop the markup the extraction kept on purpose and unify dashes and spacing.

    Parsers see the same text whether the cell came from HTML, markdown or a spreadsheet, so
    their patterns need only one spelling of a dash and of a space.
    """
    if text is None:
        return ""
    s = html.unescape(_TAG.sub(" ", str(text)))
    s = s.replace("**", " ").replace("\u00a0", " ").replace("\u202f", " ")
    return _SPACE.sub(" ", s.translate(_DASHES)).strip()


_MISSING_MARKS = {"", "-", "--", "н/д", "нет", "нет данных", "n/a", "na"}
# Units seen after a number in the reports: 'обуч.' (обучающихся), 'чел.', 'студ.', 'адам'.
_UNITS = r"(?:обуч\w*|чел\w*|студ\w*|магистрант\w*|докторант\w*|адам|persons?|people|students?)\.?"
_COUNT = re.compile(
    rf"^(?P<int>\d{{1,3}}(?: \d{{3}})+|\d+)(?:[.,](?P<frac>\d+))?(?:\s*{_UNITS})?$", re.IGNORECASE
)


def parse_count(text: object) -> int | Missing | Unrecognised:
    """Read a headcount; never guess a number that is not there.

    A fractional part is accepted only when it is all zeros ('30,00' is a spreadsheet format);
    '2,5' people is not a headcount, so it goes to review instead of being rounded.
    """
    raw = "" if text is None else str(text)
    s = clean_cell(raw)
    if s.lower() in _MISSING_MARKS:
        return Missing(raw)
    m = _COUNT.match(s)
    if not m:
        return Unrecognised(raw, "not a whole number")
    if m["frac"] and set(m["frac"]) != {"0"}:
        return Unrecognised(raw, "fractional headcount")
    return int(m["int"].replace(" ", ""))
