"""From raw cells to record fields: parse with `intlmon.lib`, resolve with the registry, keep raw text.

Shared by the workbook ingest and the import of consolidated tables, so a cell means the same
thing whichever way it arrives. Each converter returns the field values and, separately, notes on
what could not be read; it never raises on user data.

A workbook repeats itself: the same partners, countries, terms and list labels row after row. A
`FileCache`, one per file, answers each distinct cell text once — the parsers of `intlmon.lib` and the
registry's resolvers are pure for the length of one upload — so a 2,000-row sheet costs a few hundred
resolutions, not 2,000 of each. The registry's answers (`registry_answers`) are kept beyond the file, for
as long as the registry they were read from: a national year names the same partners and countries in
file after file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from intlmon.lib.counts import Missing, Unrecognised, parse_count
from intlmon.lib.dates import DateList, DateRange, DateValue, parse_date
from intlmon.lib.resolution import Decision

HOME = "KZ"  # the Kazakh side of a consortium is not a partner country
NUMBERED = re.compile(r"(?:^|\s)\d+\)\s*")  # '1) Greece 2) Egypt' is a list of countries


@dataclass
class Converted:
    """Field values for one record plus what a person should look at."""

    values: dict = field(default_factory=dict)
    unreadable: list[tuple[str, str, str]] = field(default_factory=list)  # (key, raw, reason)
    unresolved: list[tuple[str, str, list]] = field(default_factory=list)  # (key, raw, candidates)


class FileCache:
    """Answers of the parsers and resolvers for one file, each asked once per distinct argument.

    Keys carry the argument types, so 1, 1.0 and True (equal in Python) are asked apart. Answers are
    shared between rows: callers copy what they change (lists handed to a record are copied here).

    The pure parsers (`PURE`: dates, counts, terms, programme codes, languages — functions of the
    text alone) keep their answers for the process, not only the file: the next upload types the same
    dates and terms, and a portal worker serves many uploads. The registry's resolvers are asked
    once per file unless `registry=True`: then the answers of the partner and country resolvers
    (`resolve_organisation`, `resolve_country_cell`) come from `registry_answers()`, kept across files
    for as long as the registry snapshot they were computed from is the current one."""

    def __init__(self, registry: bool = False):
        self._answers: dict[tuple, object] = {}
        self._registry = registry
        self._registry_fns: frozenset = frozenset()
        if registry:
            from intlmon.registry.countries import resolve_country_cell
            from intlmon.registry.resolve import resolve_organisation

            self._registry_fns = frozenset({resolve_country_cell, resolve_organisation})
        self._registry_answers: dict | None = None

    @property
    def has_registry(self) -> bool:
        """Whether the registry's answers are kept beyond this file (`registry=True`)."""
        return self._registry

    def registry(self) -> dict:
        """The registry answers this file reads (`registry_answers()`, fetched when first needed)."""
        if self._registry_answers is None:
            self._registry_answers = registry_answers()
        return self._registry_answers

    def ask(self, fn, *args):
        if len(args) == 1:  # most questions have one argument: the key built without a map
            key = (fn, args[0], type(args[0]))
        else:
            key = (fn, *args, *map(type, args))
        if fn in PURE:
            answers = _PURE_ANSWERS
        elif fn in self._registry_fns:
            answers = self._registry_answers
            if answers is None:  # the registry's current snapshot, read when the file first asks it
                answers = self.registry()
        else:
            answers = self._answers
        try:
            return answers[key]
        except KeyError:
            if answers is _PURE_ANSWERS and len(answers) >= PURE_ANSWERS_MAX:
                answers.clear()  # bounded: a fresh start costs one re-parse per text
            answer = answers[key] = fn(*args)
            return answer


_PURE_ANSWERS: dict[tuple, object] = {}
PURE_ANSWERS_MAX = 100_000


# The answers of the registry's resolvers, kept across uploads while the registry is the same: keyed by
# the two indexes they are computed from — the organisation index (`registry.resolve.index_for` hands out
# a new one whenever an institution, organisation, alias or rejection changes, here or, within its
# recheck interval, in another process) and the country index (`registry.countries` builds a new one
# after any change of a country or country alias). A partner's resolution reads both (its country cell
# is resolved first); a country cell's reads the second. While both are the same objects, asking again
# gives the same answer. Bounded like the pure answers.
_REGISTRY: dict[str, object] = {"indexes": None, "answers": {}}
REGISTRY_ANSWERS_MAX = 100_000


def registry_answers() -> dict:
    """The dict of registry answers valid for the current registry (see `FileCache`)."""
    from intlmon.registry import countries
    from intlmon.registry.models import ReviewItem
    from intlmon.registry.resolve import index_for

    organisations, places = index_for(ReviewItem.Kind.ORGANISATION), countries._index()
    kept, answers = _REGISTRY["indexes"], _REGISTRY["answers"]
    if kept is None or kept[0] is not organisations or kept[1] is not places or len(answers) >= REGISTRY_ANSWERS_MAX:
        answers = {}
        _REGISTRY.update(indexes=(organisations, places), answers=answers)
    return answers


def _ask(cache: FileCache | None, fn, *args):
    return fn(*args) if cache is None else cache.ask(fn, *args)


def first_date(raw) -> tuple[date | None, str]:
    """The first date a cell states (a contract date, or the start of a range), and a reason if none."""
    result = parse_date(raw)
    if isinstance(result, DateValue):
        return result.value, ""
    if isinstance(result, DateRange):
        return result.start.value, ""
    if isinstance(result, DateList) and result.items:
        item = result.items[0]
        return (item.value if isinstance(item, DateValue) else item.start.value), ""
    if isinstance(result, Missing):
        return None, ""
    if isinstance(result, Unrecognised):
        return None, result.reason
    return None, ""  # Pending: deliberately no date yet


def count_value(raw) -> tuple[int | None, str]:
    result = parse_count(raw)
    if isinstance(result, int):
        return result, ""
    if isinstance(result, Missing):
        return None, ""
    return None, result.reason


def term_fields(raw) -> tuple[dict, str]:
    """Contract term → term_years / valid_until / open_ended / auto_renewal."""
    from intlmon.lib import terms

    result = terms.parse_term(raw)
    if isinstance(result, Missing) or not str(raw or "").strip():
        return {}, ""
    if isinstance(result, Unrecognised):
        return {}, result.reason
    values = {}
    years = getattr(result, "years", None)  # Pending terms have none
    if years is not None:
        values["term_years"] = int(years)
    if getattr(result, "end", None) is not None:
        values["valid_until"] = result.end.value
    if getattr(result, "open_ended", False):
        values["open_ended"] = True
    if getattr(result, "auto_renewal", False):
        values["auto_renewal"] = True
    return values, ""


def programme_fields(raw) -> tuple[dict, str]:
    """Programme cell → code, level and field of education (when a code is present)."""
    from intlmon.lib import programme_codes as pc

    codes = pc.find_programme_codes(raw or "")
    if not codes:
        return {}, "no programme code"
    code = codes[0]
    values = {"programme_code": code.code}
    if code.level:
        values["_code_level"] = code.level
    if getattr(code, "field", None):
        values["field_id"] = code.field
    return values, ""


def language_codes(raw) -> tuple[list[str], str]:
    from intlmon.lib import languages

    if not str(raw or "").strip():
        return [], ""
    result = languages.parse_languages(raw)
    codes = getattr(result, "codes", None)
    if codes is None:
        return [], getattr(result, "reason", "unrecognised languages")
    return list(codes), ""


#: Converters whose answer depends on their argument only (no registry, no date of today): see FileCache.
PURE = frozenset({first_date, count_value, term_fields, programme_fields, language_codes})


def resolve_country_field(raw: str, conv: Converted, key: str = "country", cache: FileCache | None = None) -> str | None:
    """Resolve a country cell: the first country in `<key>_id`, the cell as typed in `<key>_raw`, and —
    for the partner country (`key="country"`) — every country the cell names in `countries`
    (`records.PartnerMixin.countries`; Kazakhstan left out of a list naming others, as the Kazakh side
    of a consortium). Returns the first code.

    One reading for the upload and the legacy import: "Швейцария, Испания" counts for both countries
    whichever way it arrives; a numbered list ('1) Greece 2) Egypt') names each. `cache`: the file's
    `FileCache`, so that each distinct cell is resolved once.
    """
    from intlmon.registry.countries import resolve_country_cell

    text = (raw or "").strip()
    conv.values[f"{key}_raw"] = text[:200]
    if key == "country":
        conv.values["countries"] = []
    if not text:
        return None
    cleaned = NUMBERED.sub(", ", text).strip(" ,")
    cell = _ask(cache, resolve_country_cell, cleaned)
    codes = list(dict.fromkeys(cell.codes or ()))
    if len(codes) > 1 and HOME in codes:
        codes.remove(HOME)
    if key == "country":
        conv.values["countries"] = codes
    if cell.kind == "country" and codes:
        conv.values[f"{key}_id"] = codes[0]
        return codes[0]
    if cell.kind in ("consortium", "not_country"):
        return None
    conv.unresolved.append((key, cleaned, []))
    return None


def resolve_partner_field(raw: str, country: str | None, conv: Converted, cache: FileCache | None = None) -> None:
    from intlmon.registry.resolve import resolve_organisation

    conv.values["partner_raw"] = (raw or "").strip()[:500]
    if not (raw or "").strip():
        return
    res = _ask(cache, resolve_organisation, raw, country)
    if res.decision is Decision.AUTO:
        conv.values["partner_id"] = res.id
    else:
        conv.unresolved.append(("partner", raw, [(c.id, c.score) for c in res.candidates[:5]]))


def resolve_institution_id(raw: str) -> tuple[str | None, list]:
    from intlmon.registry.resolve import resolve_institution

    res = resolve_institution(raw)
    return res.id, [(c.id, c.score) for c in res.candidates[:5]]


def end_from_start(values: dict, start_key: str = "contract_date") -> None:
    """A term in years and a start date give the end date ('5 лет' from 27.03.2019 → 27.03.2024)."""
    start, years = values.get(start_key), values.get("term_years")
    if start and years and not values.get("valid_until") and not values.get("open_ended"):
        try:
            values["valid_until"] = start.replace(year=start.year + years)
        except ValueError:  # 29 February
            values["valid_until"] = start.replace(year=start.year + years, day=28)
