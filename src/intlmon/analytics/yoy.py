"""Year-over-year change, computed right and worded honestly in kk/ru/en.

The 2023 report calls 167 → 159 "0,5 %" (it is −4.8 %) and 195 → 212 "12 % growth" (it is +8.7 %).
Here the relative change is (new − old) / old, and the wording depends on the numbers:

- equal → "unchanged at 12"; from zero → "rose from 0 to 4" (no percentage of nothing); to zero → "fell from 4 to 0";
- exact multiples → "doubled, from 3 to 6", "tripled, …", "halved, …";
- small counts (an integer base under 10) → "rose from 3 to 5" without a percentage, which would overstate;
- at least twice the old value → "rose from 10 to 506 (×50.6)" rather than "+4 960 %";
- otherwise → "decreased from 167 to 159 (−4.8 %)".

Kazakh attaches case endings to numerals (167-ден 159-ға), chosen by the last spoken word of the number.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal
from django.utils import translation
from django.utils.translation import gettext

SMALL_BASE = 10
MINUS = "\u2212"
NBSP = "\u00a0"

# last spoken word of a number: (ends in, vowel harmony) → ablative and dative endings
_UNITS = ["нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"]
_TENS = ["", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан"]
_BACK = set("аоұы")
_FRONT = set("әөүіеи")
_VOICELESS = set("кқпстшфхцчщбвгд")
_NASAL = set("мнң")


def _last_word(n: int) -> str:
    if n == 0:
        return "нөл"
    if n % 10:
        return _UNITS[n % 10]
    if n % 100:
        return _TENS[(n % 100) // 10]
    if n % 1000:
        return "жүз"
    if n % 1_000_000:
        return "мың"
    if n % 1_000_000_000:
        return "миллион"
    return "миллиард"


def kk_suffix(number_text: str, case: str) -> str:
    """The Kazakh ablative ('abl': -дан/-ден/-тан/-тен/-нан/-нен) or dative ('dat': -ға/-ге/-қа/-ке) ending."""
    digits = number_text.replace(NBSP, "").replace(" ", "")
    tail = digits.split(",")[-1] if "," in digits else digits
    word = _last_word(int(tail or 0))
    back = next((ch in _BACK for ch in reversed(word) if ch in _BACK | _FRONT), False)
    last = word[-1]
    if case == "abl":
        stem = "н" if last in _NASAL else ("т" if last in _VOICELESS else "д")
        return stem + ("ан" if back else "ен")
    stem = "қ" if back and last in _VOICELESS else ("к" if last in _VOICELESS else "г")
    stem = "ғ" if back and stem == "г" else stem
    return stem + ("а" if back else "е")


def _locale(lang: str) -> str:
    return {"kk": "kk_KZ", "ru": "ru_RU"}.get(lang, "en")


def format_number(value: int | Decimal, lang: str) -> str:
    value = Decimal(value)
    pattern = "#,##0" if value == value.to_integral_value() else "#,##0.0##"
    return format_decimal(value, format=pattern, locale=_locale(lang))


def format_percent(fraction: Decimal, lang: str) -> str:
    pct = (fraction * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    sign = "+" if pct > 0 else (MINUS if pct < 0 else "")
    return f"{sign}{format_decimal(abs(pct), format='#,##0.0', locale=_locale(lang))}{NBSP}%"


def format_multiple(factor: Decimal, lang: str) -> str:
    factor = factor.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return "×" + format_decimal(factor, format="#,##0.0", locale=_locale(lang))


@dataclass(frozen=True)
class Change:
    old: int | Decimal
    new: int | Decimal
    absolute: int | Decimal
    relative: Decimal | None

    @property
    def kind(self) -> str:
        """unchanged, from_zero, to_zero, doubled, tripled, halved, small_rise, small_fall, multiple, rise, fall."""
        old, new = Decimal(self.old), Decimal(self.new)
        if old == new:
            return "unchanged"
        if old == 0:
            return "from_zero"
        if new == 0:
            return "to_zero"
        if new == 2 * old:
            return "doubled"
        if new == 3 * old:
            return "tripled"
        if 2 * new == old:
            return "halved"
        integers = old == old.to_integral_value() and new == new.to_integral_value()
        if integers and old < SMALL_BASE:
            return "small_rise" if new > old else "small_fall"
        if new >= 2 * old:
            return "multiple"
        return "rise" if new > old else "fall"

    def describe(self, lang: str, unit: str | None = None) -> str:
        """One honest phrase in `lang`; `unit` (e.g. 'programmes') prefixes its translated name."""
        with translation.override(lang):
            text = self._phrase(lang)
            if unit:
                from intlmon.analytics.labels import unit_label

                text = f"{unit_label(unit, lang)}: {text}"
        return text

    def _phrase(self, lang: str) -> str:
        old, new = format_number(self.old, lang), format_number(self.new, lang)
        args = {"old": old, "new": new}
        if lang == "kk":
            args["old"] = f"{old}-{kk_suffix(old, 'abl')}"
            args["new"] = f"{new}-{kk_suffix(new, 'dat')}"
        kind = self.kind
        if kind == "unchanged":
            return gettext("unchanged at %(value)s") % {"value": new}
        if kind == "from_zero":
            return gettext("rose from %(old)s to %(new)s") % args
        if kind == "to_zero":
            return gettext("fell from %(old)s to %(new)s") % args
        if kind == "doubled":
            return gettext("doubled, from %(old)s to %(new)s") % args
        if kind == "tripled":
            return gettext("tripled, from %(old)s to %(new)s") % args
        if kind == "halved":
            return gettext("halved, from %(old)s to %(new)s") % args
        if kind == "small_rise":
            return gettext("rose from %(old)s to %(new)s") % args
        if kind == "small_fall":
            return gettext("decreased from %(old)s to %(new)s") % args
        if kind == "multiple":
            args["change"] = format_multiple(Decimal(self.new) / Decimal(self.old), lang)
            return gettext("rose from %(old)s to %(new)s (%(change)s)") % args
        args["change"] = format_percent(self.relative, lang)
        if kind == "rise":
            return gettext("rose from %(old)s to %(new)s (%(change)s)") % args
        return gettext("decreased from %(old)s to %(new)s (%(change)s)") % args


def change(old: int | Decimal, new: int | Decimal) -> Change:
    """(new − old) and (new − old) / old; no relative change from zero."""
    absolute = new - old
    relative = None if old == 0 else (Decimal(new) - Decimal(old)) / Decimal(old)
    return Change(old, new, absolute, relative)
