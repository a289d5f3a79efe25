"""Countries, monitoring regions and fields of education: loading them, and resolving country cells.

Loading (`load_countries`) is idempotent: every ISO 3166-1 country from pycountry (plus Kosovo, which
the 2023 report names but ISO does not list), the regions, the country→region spans, the Kazakh
classifier areas and the country aliases from `data/registry/*.csv` are upserted by their stable keys.

Resolving a country cell as it arrives from a report table:

- `country_key(text)` is the normalised form every lookup uses (stored in `CountryAlias.key`).
- `resolve_country_cell(text)` answers a `CountryCell`: the ISO alpha-2 codes the cell names, and
  what kind of cell it is (country, consortium, not_country, empty, unknown).
- `resolve_country(text)` answers the shared `Resolution` shape. Exact hits are `auto` with score
  100, one candidate per country (a cell naming several countries gives several candidates, all
  score 100, in the order of the cell). Near misses (typos) are `review`, never `auto`. Cells that
  name no country — empty, consortium or not-a-country markers, garbage — are `none` without
  candidates; ask `resolve_country_cell` for the kind.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from babel import Locale
from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from rapidfuzz import fuzz, process

from intlmon.lib.resolution import Candidate, Decision, Resolution
from intlmon.registry.models import Country, CountryAlias, CountryRegion, FieldOfEducation, Region

LANGS = ("kk", "ru", "en")

# Not in ISO 3166-1 (so not in pycountry), but named by the 2023 report ('Косово', Қосымша 1).
# XK / XKX are the user-assigned codes used by the EU, IMF, CLDR and Babel.
EXTRA_COUNTRIES = {"XK": {"alpha3": "XKX", "numeric": "", "name": "Kosovo"}}

CELL_KINDS = ("country", "consortium", "not_country", "empty", "unknown")

AUTO_SCORE = 100.0
REVIEW_CUTOFF = 85.0  # fuzz.ratio on keys: 'казахтан' ~ 'казахстан' is 94
LOCALITY_GUARD = 90.0  # a trailing part this close to a country name is a typo, not a city
# separators of a multi-country cell, including a numbered list ("1) Greece 2) Egypt")
SPLIT = re.compile(r"\s*[,;/]\s*|\s+и\s+|\s+және\s+|\s*\b\d{1,2}\)\s*", re.IGNORECASE)
CODE = re.compile(r"^[A-Z]{2,3}$")


class CountryDataError(ValueError):
    """A countries/regions/fields CSV that cannot be loaded; `problems` say file, row and what is wrong."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# --------------------------------------------------------------------------------------------
# Normalisation


_NON_WORD = re.compile(r"[\W_]+")
_CYR = re.compile(r"[\u0400-\u04ff]")
_LAT = re.compile(r"[a-z]")
# Look-alikes after casefold: a Latin letter typed inside a Cyrillic word and vice versa.
_LAT_TO_CYR = str.maketrans(dict(zip("abcehikmopxyt", "авсенікморхут", strict=True)))
_CYR_TO_LAT = str.maketrans(dict(zip("авсенікморхут", "abcehikmopxyt", strict=True)))
# Kazakh letters folded to their Russian base letters: 'Қырғызстан' and 'Кыргызстан' share a key.
_KAZAKH = str.maketrans(dict(zip("қғүұөәіңһ", "кгууоаинх", strict=True)))


def _fold_token(token: str) -> str:
    cyr = len(_CYR.findall(token))
    lat = len(_LAT.findall(token))
    if cyr and lat:
        token = token.translate(_LAT_TO_CYR if cyr >= lat else _CYR_TO_LAT)
    return token.translate(_KAZAKH) if _CYR.search(token) else token


def country_key(text: str | None) -> str:
    """The normalised lookup key of a country spelling.

    NFKC, casefold, ё→е; punctuation, quotes, brackets and '*' become spaces and runs of spaces
    collapse; in a word mixing scripts the minority letters are folded to their look-alikes in the
    majority script ('Pоссия' with a Latin P); Kazakh letters fold to Russian ones (қ→к, ғ→г, ү/ұ→у,
    ө→о, ә→а, і→и, ң→н, һ→х).
    """
    s = unicodedata.normalize("NFKC", text or "").casefold().replace("ё", "е")
    s = _NON_WORD.sub(" ", s)
    return " ".join(_fold_token(t) for t in s.split())


# --------------------------------------------------------------------------------------------
# Loading


def registry_dir() -> Path:
    return Path(settings.DATA_DIR) / "registry"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(fh)]


OFFICIAL_NAMES_FILE = "country_names_official.csv"


def cldr_name(code: str, lang: str) -> str:
    """The country's name in `lang` as CLDR (through Babel) gives it; "" when CLDR has none."""
    return Locale(lang).territories.get(code, "")


def official_name_overrides(base: Path | None = None) -> dict[tuple[str, str], str]:
    """(code, lang) → the name official Kazakh usage gives where CLDR's differs (`country_names_official.csv`).

    CLDR is a good default but not the usage of Kazakh official documents (ru 'Киргизия' for
    'Кыргызстан', kk 'Аустрия' for 'Австрия'); the reviewed table says where it is overruled and why.
    A row naming an unknown language, no name, or a (code, lang) twice is a CountryDataError.
    """
    path = (Path(base) if base else registry_dir()) / OFFICIAL_NAMES_FILE
    overrides: dict[tuple[str, str], str] = {}
    problems = []
    for number, row in enumerate(_read_csv(path), start=2):
        where = f"{OFFICIAL_NAMES_FILE}, row {number}"
        key = (row.get("code", "").upper(), row.get("lang", ""))
        if pycountry.countries.get(alpha_2=key[0]) is None and key[0] not in EXTRA_COUNTRIES:
            problems.append(f"{where}: unknown country code '{key[0]}'")
        if key[1] not in LANGS:
            problems.append(f"{where}: language '{key[1]}' is not one of {', '.join(LANGS)}")
        if not row.get("name"):
            problems.append(f"{where}: no name")
        if key in overrides:
            problems.append(f"{where}: {key[0]}/{key[1]} appears twice")
        overrides[key] = row.get("name", "")
    if problems:
        raise CountryDataError(problems)
    return overrides


def _names(code: str, overrides: dict[tuple[str, str], str]) -> dict[str, str]:
    return {lang: overrides.get((code, lang)) or cldr_name(code, lang) for lang in LANGS}


def iso_countries(base: Path | None = None) -> list[dict[str, str]]:
    """Every country to load: pycountry's ISO 3166-1 list plus EXTRA_COUNTRIES, with kk/ru/en names
    (CLDR, overruled by the reviewed official-usage table)."""
    overrides = official_name_overrides(base)
    rows = []
    for c in pycountry.countries:
        fallback = getattr(c, "common_name", None) or c.name
        names = _names(c.alpha_2, overrides)
        rows.append(
            {
                "code": c.alpha_2,
                "alpha3": c.alpha_3,
                "numeric": c.numeric,
                **{f"name_{lang}": names[lang] or fallback for lang in LANGS},
            }
        )
    for code, extra in EXTRA_COUNTRIES.items():
        names = _names(code, overrides)
        rows.append(
            {
                "code": code,
                "alpha3": extra["alpha3"],
                "numeric": extra["numeric"],
                **{f"name_{lang}": names[lang] or extra["name"] for lang in LANGS},
            }
        )
    return rows


def _year(value: str, where: str, problems: list[str]) -> int | None:
    if not value:
        return None
    if not value.isdigit():
        problems.append(f"{where}: year '{value}' is not a number")
        return None
    return int(value)


@transaction.atomic
def load_countries(base: Path | None = None) -> dict[str, int]:
    """Load countries, regions, country regions, fields and country aliases. Idempotent.

    Returns the number of rows loaded per table. Raises CountryDataError (and changes nothing) when
    a CSV names an unknown country or region or repeats a key.
    """
    base = Path(base) if base else registry_dir()
    counts: dict[str, int] = {}
    problems: list[str] = []

    # Regions
    region_rows = _read_csv(base / "regions.csv")
    for row in region_rows:
        Region.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_kk": row.get("name_kk", ""),
                "name_ru": row.get("name_ru", ""),
                "name_en": row.get("name_en", ""),
                "order": int(row.get("order") or 0),
            },
        )
    region_codes = {r["code"] for r in region_rows}
    counts["regions"] = len(region_rows)

    # Countries
    countries = iso_countries(base)
    for row in countries:
        Country.objects.update_or_create(
            code=row["code"], defaults={k: v for k, v in row.items() if k != "code"}
        )
    country_codes = {r["code"] for r in countries}
    counts["countries"] = len(countries)

    # Country → region spans (pure seed data: rows not in the file are removed)
    link_rows = _read_csv(base / "country_regions.csv")
    wanted: set[tuple[str, int | None, int | None]] = set()
    defaults: set[str] = set()
    for number, row in enumerate(link_rows, start=2):
        where = f"country_regions.csv, row {number}"
        code, region = row.get("country", ""), row.get("region", "")
        if code not in country_codes:
            problems.append(f"{where}: unknown country '{code}'")
        if region not in region_codes:
            problems.append(f"{where}: unknown region '{region}'")
        span = (
            code,
            _year(row.get("year_from", ""), where, problems),
            _year(row.get("year_to", ""), where, problems),
        )
        if span in wanted:
            problems.append(f"{where}: {span} appears twice")
        wanted.add(span)
        if span[1] is None and span[2] is None:
            defaults.add(code)
    missing = sorted(country_codes - defaults)
    if missing:
        problems.append(f"country_regions.csv: no default (yearless) row for {', '.join(missing)}")
    if problems:
        raise CountryDataError(problems)
    for row in link_rows:
        CountryRegion.objects.update_or_create(
            country_id=row["country"],
            year_from=int(row["year_from"]) if row.get("year_from") else None,
            year_to=int(row["year_to"]) if row.get("year_to") else None,
            defaults={"region_id": row["region"]},
        )
    for link in CountryRegion.objects.all():
        if (link.country_id, link.year_from, link.year_to) not in wanted:
            link.delete()
    counts["country_regions"] = len(link_rows)

    # Fields of education
    field_rows = _read_csv(base / "fields_of_education.csv")
    for row in field_rows:
        FieldOfEducation.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_kk": row.get("name_kk", ""),
                "name_ru": row.get("name_ru", ""),
                "name_en": row.get("name_en", ""),
                "isced_broad": row["isced_broad"],
            },
        )
    counts["fields_of_education"] = len(field_rows)

    # Country aliases (reviewer-added aliases not in the file are kept)
    alias_rows = _read_csv(base / "countries_aliases.csv")
    parsed = []
    seen: dict[str, int] = {}  # key → index in parsed
    for number, row in enumerate(alias_rows, start=2):
        where = f"countries_aliases.csv, row {number}"
        raw, kind = row.get("raw", ""), row.get("kind") or CountryAlias.Kind.COUNTRY
        key = country_key(raw)
        codes = [c.strip().upper() for c in row.get("codes", "").split(";") if c.strip()]
        if not key:
            problems.append(f"{where}: '{raw}' has an empty key")
            continue
        if key in seen:
            first = parsed[seen[key]]
            if (first[2], sorted(first[3])) != (kind, sorted(codes)):
                problems.append(f"{where}: '{raw}' has the key '{key}' of '{first[0]}' but another target")
            continue  # same key, same target ('Кыргызстан' / 'Қырғызстан'): the first row stands
        seen[key] = len(parsed)
        if kind not in CountryAlias.Kind.values:
            problems.append(f"{where}: kind '{kind}' is not one of {', '.join(CountryAlias.Kind.values)}")
        if kind == CountryAlias.Kind.COUNTRY and not codes:
            problems.append(f"{where}: kind country needs at least one code")
        if kind != CountryAlias.Kind.COUNTRY and codes:
            problems.append(f"{where}: kind {kind} takes no codes")
        for code in codes:
            if code not in country_codes:
                problems.append(f"{where}: unknown country code '{code}'")
        parsed.append((raw, key, kind, codes, row.get("source", "")))
    if problems:
        raise CountryDataError(problems)
    for raw, key, kind, codes, source in parsed:
        alias, _ = CountryAlias.objects.update_or_create(
            key=key, defaults={"raw": raw, "kind": kind, "source": source}
        )
        alias.countries.set(codes)
    counts["country_aliases"] = len(parsed)

    transaction.on_commit(clear_cache)
    clear_cache()
    return counts


# --------------------------------------------------------------------------------------------
# Lookup index (built from the database once, cached)


@dataclass
class _Index:
    aliases: dict[str, tuple[tuple[str, ...], str, str]] = field(
        default_factory=dict
    )  # key → codes, kind, raw
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # key → code, reason
    codes: dict[str, str] = field(default_factory=dict)  # ALPHA-2/ALPHA-3 → alpha-2
    ambiguous_names: dict[str, set[str]] = field(default_factory=dict)
    fuzzy: dict[str, tuple[str, str]] = field(default_factory=dict)  # key → code, label
    name_tokens: set[str] = field(default_factory=set)  # distinctive words of country names


_INDEX: _Index | None = None


def clear_cache(*args, **kwargs) -> None:
    """Forget the lookup index; the next resolve rebuilds it from the database."""
    global _INDEX
    _INDEX = None


def _name_variants(name: str) -> list[str]:
    """The name and, when it has a bracketed part, the name without it ('Мьянма (Бирма)' → 'Мьянма')."""
    variants = [name]
    bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if bare and bare != name:
        variants.append(bare)
    return variants


def _build_index() -> _Index:
    idx = _Index()
    found: dict[str, dict[str, str]] = {}  # key → {code: reason}
    for country in Country.objects.all():
        labels = [(f"name_{lang}", getattr(country, f"name_{lang}")) for lang in LANGS]
        # CLDR's names stay spellings to recognise where the official-usage table overrules them
        labels += [(f"CLDR {lang}", cldr_name(country.code, lang)) for lang in LANGS]
        iso = pycountry.countries.get(alpha_2=country.code)
        if iso is not None:
            labels += [
                (f"ISO {attr}", getattr(iso, attr, None)) for attr in ("name", "official_name", "common_name")
            ]
        for label, name in labels:
            for variant in _name_variants(name or ""):
                key = country_key(variant)
                if key:
                    found.setdefault(key, {}).setdefault(country.code, f"{label} '{variant}'")
        idx.codes[country.code.upper()] = country.code
        idx.codes[country.alpha3.upper()] = country.code
    for key, by_code in found.items():
        if len(by_code) == 1:
            ((code, reason),) = by_code.items()
            idx.names[key] = (code, reason)
        else:
            idx.ambiguous_names[key] = set(by_code)
    for alias in CountryAlias.objects.prefetch_related("countries"):
        codes = tuple(sorted(c.code for c in alias.countries.all()))
        idx.aliases[alias.key] = (codes, alias.kind, alias.raw)
    for key, (code, reason) in idx.names.items():
        idx.fuzzy[key] = (code, reason)
    for key, (codes, kind, raw) in idx.aliases.items():
        if kind == CountryAlias.Kind.COUNTRY and len(codes) == 1:
            idx.fuzzy[key] = (codes[0], f"alias '{raw}'")
    # keep the order of the source spelling for multi-country aliases ('США, Афганистан, Нигерия')
    for key, (codes, kind, raw) in list(idx.aliases.items()):
        if len(codes) > 1:
            idx.aliases[key] = (_codes_in_text_order(raw, set(codes), idx), kind, raw)
    generic = {"республика", "республикасы", "остров", "острова", "аралдары", "islands", "island", "republic"}
    whole_names = [k for k in idx.names] + [
        k
        for k, (codes, kind, raw) in idx.aliases.items()
        if kind == CountryAlias.Kind.COUNTRY and len(SPLIT.split(raw)) == 1
    ]
    idx.name_tokens = {t for key in whole_names for t in key.split() if len(t) >= 4 and t not in generic}
    return idx


def _codes_in_text_order(raw: str, codes: set[str], idx: _Index) -> tuple[str, ...]:
    ordered = []
    for part in SPLIT.split(raw):
        hit = idx.fuzzy.get(country_key(part))
        if hit and hit[0] in codes and hit[0] not in ordered:
            ordered.append(hit[0])
    ordered += sorted(codes - set(ordered))
    return tuple(ordered)


def _index() -> _Index:
    global _INDEX
    if _INDEX is None:
        _INDEX = _build_index()
    return _INDEX


for _model in (Country, CountryAlias):
    post_save.connect(clear_cache, sender=_model, dispatch_uid=f"countries-cache-save-{_model.__name__}")
    post_delete.connect(clear_cache, sender=_model, dispatch_uid=f"countries-cache-delete-{_model.__name__}")
m2m_changed.connect(clear_cache, sender=CountryAlias.countries.through, dispatch_uid="countries-cache-m2m")


# --------------------------------------------------------------------------------------------
# Resolution


@dataclass(frozen=True)
class CountryCell:
    raw: str
    codes: tuple[str, ...]
    kind: str  # one of CELL_KINDS


@dataclass
class _Outcome:
    cell: CountryCell
    reasons: dict[str, str] = field(default_factory=dict)  # code → why
    pending: list[str] = field(default_factory=list)  # keys of parts that resolved to nothing


def _exact(raw: str, idx: _Index) -> tuple[tuple[str, ...], str, str] | None:
    """Whole-text hit: (codes, kind, reason) from an alias, a name or an ISO code, in that order."""
    key = country_key(raw)
    if key in idx.aliases:
        codes, kind, alias_raw = idx.aliases[key]
        return codes, kind, f"alias '{alias_raw}'"
    if key in idx.names:
        code, reason = idx.names[key]
        return (code,), CountryAlias.Kind.COUNTRY, reason
    stripped = raw.strip().strip(".")
    if CODE.match(stripped) and stripped in idx.codes:
        kind = "alpha-2" if len(stripped) == 2 else "alpha-3"
        return (idx.codes[stripped],), CountryAlias.Kind.COUNTRY, f"ISO {kind} code '{stripped}'"
    return None


def _looks_like_country(key: str, idx: _Index) -> bool:
    """Whether an unresolved part is close to a country name (a typo, or a piece of a longer name
    such as 'Босния'), so that it must not be dropped as a locality."""
    if len(key) >= 4 and process.extractOne(
        key, idx.fuzzy.keys(), scorer=fuzz.ratio, score_cutoff=LOCALITY_GUARD
    ):
        return True
    tokens = [t for t in key.split() if len(t) >= 4]
    return any(
        process.extractOne(t, idx.name_tokens, scorer=fuzz.ratio, score_cutoff=LOCALITY_GUARD) for t in tokens
    )


def _resolve(text: str | None) -> _Outcome:
    raw = text or ""
    if not country_key(raw):
        return _Outcome(CountryCell(raw, (), "empty"))
    idx = _index()
    hit = _exact(raw, idx)
    if hit:
        codes, kind, reason = hit
        return _Outcome(CountryCell(raw, tuple(codes), str(kind)), {c: reason for c in codes})

    parts = [p for p in SPLIT.split(raw) if country_key(p)]
    if len(parts) < 2:
        return _Outcome(CountryCell(raw, (), "unknown"), pending=[country_key(raw)])
    codes: list[str] = []
    reasons: dict[str, str] = {}
    kinds: set[str] = set()
    pending: list[str] = []
    for part in parts:
        part_hit = _exact(part, idx)
        if part_hit:
            part_codes, kind, reason = part_hit
            kinds.add(str(kind))
            for code in part_codes:
                if code not in codes:
                    codes.append(code)
                    reasons[code] = f"part '{part.strip()}': {reason}"
            continue
        key = country_key(part)
        if codes and not _looks_like_country(key, idx):
            continue  # a locality after a country: 'Латвия, Рига', 'РФ, г.Астрахань'
        pending.append(key)
    if pending:
        return _Outcome(CountryCell(raw, (), "unknown"), reasons, pending)
    if codes:
        return _Outcome(CountryCell(raw, tuple(codes), "country"), reasons)
    if kinds == {CountryAlias.Kind.CONSORTIUM}:
        return _Outcome(CountryCell(raw, (), "consortium"))
    return _Outcome(CountryCell(raw, (), "not_country"))


def resolve_country_cell(text: str | None) -> CountryCell:
    """The ISO codes and kind of a country cell ('Латвия, Рига' → LV; 'ЕО' → consortium, no codes).

    Lookup order: the whole cell as an alias; as a country name (kk/ru/en, pycountry official and
    common names); as an upper-case ISO alpha-2/alpha-3 code. Otherwise the cell is split on ',',
    ';', '/', ' и ', ' және ' and list numbers ('1) … 2) …') and each part is looked up the same way; a part that names no country
    and comes after a country is dropped as a locality unless it is close to a country name (a typo),
    which makes the cell 'unknown'.
    """
    return _resolve(text).cell


def resolve_country(text: str | None) -> Resolution:
    """Resolve a country cell into the shared Resolution shape.

    - exact alias / name / code hits: auto, one candidate per country, score 100, reason naming the
      alias or rule (several candidates for a multi-country cell);
    - no exact hit: rapidfuzz ratio over every known key; matches ≥ REVIEW_CUTOFF are review
      candidates (never auto); parts of the cell that did resolve are listed with score 100 so the
      reviewer sees them; nothing close is none;
    - empty, consortium and not-a-country cells: none, without candidates.
    """
    raw = text or ""
    outcome = _resolve(raw)
    cell = outcome.cell
    if cell.kind == "country":
        return Resolution(
            raw, Decision.AUTO, [Candidate(code, AUTO_SCORE, outcome.reasons[code]) for code in cell.codes]
        )
    if cell.kind != "unknown":
        return Resolution(raw, Decision.NONE, [])
    idx = _index()
    best: dict[str, Candidate] = {}
    for key in outcome.pending:
        for choice, score, _ in process.extract(
            key, idx.fuzzy.keys(), scorer=fuzz.ratio, score_cutoff=REVIEW_CUTOFF, limit=10
        ):
            code, label = idx.fuzzy[choice]
            if code not in best or best[code].score < score:
                best[code] = Candidate(
                    code, round(float(score), 1), f"similar to {label} ('{key}' ~ '{choice}')"
                )
    if not best and not outcome.reasons:
        return Resolution(raw, Decision.NONE, [])
    candidates = list(best.values())
    candidates += [
        Candidate(code, AUTO_SCORE, reason) for code, reason in outcome.reasons.items() if code not in best
    ]
    candidates.sort(key=lambda c: -c.score)
    return Resolution(raw, Decision.REVIEW, candidates)
