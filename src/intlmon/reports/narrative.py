"""Sentences generated from statistics: counted nouns, year-on-year wording, shares.

Plural forms come from the gettext catalogue of this app (`reports/locale`): Russian has three forms
("1 договор / 2 договора / 5 договоров"), Kazakh two identical ones (a noun after a numeral stays
singular: "5 келісім"), English two. Numbers are formatted with Babel in the document's language.
Year-on-year wording is delegated to `intlmon.analytics.yoy` so every report says it the same way.
Call these inside `translation.override(lang)`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.translation import ngettext, pgettext

from intlmon.reports.document import format_number


def _units():
    # one literal ngettext per noun so that makemessages finds every form
    return {
        "agreements": lambda n: ngettext("%(n)s agreement", "%(n)s agreements", n),
        "countries": lambda n: ngettext("%(n)s country", "%(n)s countries", n),
        "institutions": lambda n: ngettext("%(n)s HEI", "%(n)s HEIs", n),
        "projects": lambda n: ngettext("%(n)s project", "%(n)s projects", n),
        "programmes": lambda n: ngettext("%(n)s programme", "%(n)s programmes", n),
        "students": lambda n: ngettext("%(n)s student", "%(n)s students", n),
        "branches": lambda n: ngettext("%(n)s branch or representation", "%(n)s branches and representations", n),
        "publications": lambda n: ngettext("%(n)s publication", "%(n)s publications", n),
        "persons": lambda n: ngettext("%(n)s person", "%(n)s persons", n),
    }


def count(n: int | Decimal, unit: str, lang: str) -> str:
    """'5 договоров', '1 agreement', '21 келісім' — the number and its noun in the right form."""
    n_int = int(n)
    form = _units().get(unit)
    number = format_number(n_int if Decimal(n) == n_int else n, lang)
    if form is None:
        return number
    return form(n_int) % {"n": number}


def percent(part: int | Decimal, whole: int | Decimal, lang: str, digits: int = 1) -> str:
    """'48,3 %' (kk, ru) / '48.3 %' (en); '—' when the whole is zero."""
    if not whole:
        return "—"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{format_number(value, lang, digits=digits)}\u00a0%"


def change(old, new, lang: str, unit: str | None = None) -> str:
    """The honest year-on-year phrase of `analytics.yoy` ('decreased from 167 to 159 (−4.8 %)')."""
    from intlmon.analytics.yoy import change as yoy_change

    return yoy_change(old, new).describe(lang)


def join(items: list[str], lang: str) -> str:
    """'A, B and C' / 'A, B и C' / 'A, B және C'."""
    if len(items) <= 1:
        return "".join(items)
    with translation.override(lang):
        word = pgettext("the last two items of a list", "and")
    return f"{', '.join(items[:-1])} {word} {items[-1]}"
