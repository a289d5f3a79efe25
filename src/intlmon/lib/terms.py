"""Contract terms: how long an agreement runs, and whether it renews itself.

The same column holds a duration ('5 лет'), an end date ('08.03.2041', '2025'), a period, or
'бессрочно'. A monitoring question like "which agreements expire this year?" needs to know which
of these it has, so the parser keeps them apart instead of converting everything to an end date
(a duration has no end date until you know the start, which sits in another column).

Renewal wording is read from the text with its spaces removed, because the extraction splits
words across lines ('автоматическо й пролонгацией', 'прологлирован ием').
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from intlmon.lib.counts import Missing, Unrecognised, clean_cell
from intlmon.lib.dates import DateList, DateRange, DateValue, Pending, parse_date

UntilEvent = Literal["programme_completion", "obligations_fulfilled"]


@dataclass(frozen=True)
class Term:
    """What the cell says about the agreement's duration; fields it does not mention stay empty.

    `open_ended` means no calendar end is fixed: either indefinite ('бессрочно', 'until the date
    of termination') or bound to an event named in `until_event`.
    `auto_renewal` is set when the text says the agreement prolongs itself; `renewable` also
    covers a mere possibility of renewal ('с возможностью продления'), which needs a new decision.
    """

    raw: str
    years: int | None = None
    start: DateValue | None = None
    end: DateValue | None = None
    open_ended: bool = False
    until_event: UntilEvent | None = None
    auto_renewal: bool = False
    renewable: bool = False
    renewal_years: int | None = None
    note: str | None = None


_NUMBER_WORDS = {
    "один": 1, "одного": 1, "одна": 1, "два": 2, "двух": 2, "три": 3, "трех": 3, "четыре": 4,
    "пять": 5, "шесть": 6, "семь": 7, "десять": 10, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "ten": 10,
}  # fmt: skip
_N = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_YEARS_UNIT = r"(?:лет|года|год|years?|yrs?|жыл\w*)"
_YEARS = re.compile(rf"(?<![\w.]){_N}[\s-]*{_YEARS_UNIT}(?![\w])", re.IGNORECASE)
_RENEWAL_FOR = re.compile(
    rf"(?:продл\w*|пролонг\w*|prolong\w*|renew\w*|extended)\s+(?:на|for)\s+{_N}[\s-]*{_YEARS_UNIT}",
    re.IGNORECASE,
)

_PENDING = re.compile(r"в процессе|на стадии|в стадии|на пролонгации|in progress", re.IGNORECASE)
# 'на пролонгации' and 'в процессе обновления': a renewal is under way, so no term can be read yet.

# Matched against the text with spaces removed (see the module docstring).
_OPEN_ENDED = ("бессрочн", "бесрочн", "безсрочн", "indefinite", "unlimited", "мерзімсіз", "open-ended", "openended",
               "untilthedateoftermination", "untilterminated", "дорасторжения", "додатырасторжения")  # fmt: skip
_UNTIL_EVENT: dict[str, UntilEvent] = {
    "доокончанияреализациипрограммы": "programme_completion",
    "untiltheendoftheprogramme": "programme_completion",
    "доокончанияисполнениясторонамисвоихобязательств": "obligations_fulfilled",
    "доисполненияобязательств": "obligations_fulfilled",
}
_AUTO = ("автоматич", "авт.", "automatic", "tacit")
_RENEWAL = ("пролонг", "пролог", "продлон", "продлен", "продлев", "prolong", "renew", "ұзарт")
_MAYBE = ("возможност", "possibilit", "maybe", "can be")
_SAME_TERM = ("натотжесрок", "наэтотжесрок", "forthesameperiod", "forthesameterm")

# Words that frame a term without adding to it; anything else left over is kept as `note`.
_FRAME = re.compile(
    r"(?<![\w])(?:срок действия|срок|действия|на|с|со|до|по|и|в|the|validity|period|is|of|for|"
    r"with|until|valid|term|тот же|же|последующим|возможностью|ежегодной)(?![\w])",
    re.IGNORECASE,
)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _renewal_words(text: str) -> str:
    """Strip the renewal phrase itself, so its words don't end up in `note`."""
    pattern = r"(?<![\w])(?:авт\.|\w*(?:автоматич|пролонг|пролог|продл|prolong|renew|automatic)\w*)"
    return re.sub(pattern, " ", text, flags=re.IGNORECASE)


def parse_term(text: object) -> Term | Pending | Missing | Unrecognised:
    """Read a contract-term cell; a cell that names no duration, date or open end is unrecognised.

    A bare number ('4') is unrecognised on purpose: four years is likely, but the unit is not
    written, and a wrong term silently shifts every expiry the system reports.
    """
    raw = "" if text is None else str(text)
    s = clean_cell(raw).replace("ё", "е").replace("Ё", "Е")
    if not s or s == "-":
        return Missing(raw)
    low = s.lower()
    compact = re.sub(r"\s+", "", low)

    pending = _PENDING.search(s)
    if pending:
        return Pending(raw, pending.group(0))

    renewal_years: int | None = None
    m = _RENEWAL_FOR.search(s)
    if m:
        renewal_years = _number(m.group(1))
        s = s[: m.start()] + " " + s[m.end() :]

    renewable = any(k in compact for k in _RENEWAL)
    auto_renewal = renewable and not any(k in compact for k in _MAYBE)
    auto_renewal = auto_renewal or any(k in compact for k in _AUTO)
    renewable = renewable or auto_renewal
    if "ежегодн" in compact and renewable:  # 'с ежегодной пролонгацией': renews year by year
        renewal_years = renewal_years or 1

    open_ended = any(k in compact for k in _OPEN_ENDED)
    until_event = next((v for k, v in _UNTIL_EVENT.items() if k in compact), None)

    years: int | None = None
    ym = _YEARS.search(s)
    if ym:
        years = _number(ym.group(1))
        s = s[: ym.start()] + " " + s[ym.end() :]
    if renewable and renewal_years is None and any(k in compact for k in _SAME_TERM):
        renewal_years = years

    start = end = None
    note_parts: list[str] = []
    rest = _FRAME.sub(" ", _renewal_words(s))
    if re.fullmatch(r"\s*\d{1,2}\s*", rest):
        return Unrecognised(raw, "bare number without a unit")
    if re.search(r"\d", rest):
        parsed = parse_date(rest)
        if isinstance(parsed, DateValue):
            end = parsed
        elif isinstance(parsed, DateRange):
            start, end = parsed.start, parsed.end
        elif isinstance(parsed, DateList) and all(isinstance(i, DateRange) for i in parsed.items):
            # '2017-2022; 2022-2028': successive periods of one agreement, i.e. it was renewed.
            first, last = parsed.items[0], parsed.items[-1]
            assert isinstance(first, DateRange) and isinstance(last, DateRange)
            start, end = first.start, last.end
            renewable = True
        else:
            reason = parsed.reason if isinstance(parsed, Unrecognised) else "no single end date"
            return Unrecognised(raw, reason)
        if parsed.note:
            note_parts.append(parsed.note)
    elif not (open_ended or until_event or years):
        return Unrecognised(raw, "no duration, end date or open end found")

    return Term(
        raw=raw,
        years=years,
        start=start,
        end=end,
        open_ended=open_ended or until_event is not None,
        until_event=until_event,
        auto_renewal=auto_renewal,
        renewable=renewable,
        renewal_years=renewal_years,
        note=" ".join(note_parts) or None,
    )
