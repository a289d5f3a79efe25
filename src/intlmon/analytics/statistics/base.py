"""The engine every section module uses: one aggregate query over the counted records, then fallback.

`from_records` groups the counted rows of a section model by the columns behind the statistic's
dimensions (`values(...).annotate(...)`: one query, whatever the number of HEIs) and maps the codes
in Python. Two dimensions are derived rather than stored: `category` comes from the HEI's ownership
category of that year and `region` from the country's monitoring region of that year (one small
lookup query each). Multi-valued JSON lists (agreement directions, programme languages) are grouped
as stored and exploded here: a programme taught in two languages counts once under each. The
country dimension is multi-valued too: a cell naming several countries (`PartnerMixin.countries`)
counts once under each country, each with its own region; the dimension sets without country/region
are then computed as well (each row once) and the values say which dimensions are multi-valued
(`Value.multi`), so the read service never adds a breakdown by country into a total.

`from_published` reads the figures as printed for a year without records: each published-figure id
maps to this statistic with fixed extra dimensions (e.g. `projects_research` → kind=research), and
the printed dimension keys are translated into codes (region headings, field names, direction names).
"""

from __future__ import annotations

import gc
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from intlmon.analytics.registry import Source, Statistic, Value, memo, register, remember
from intlmon.analytics.scope import current

# dimension → the model column it is grouped by (derived dimensions name their base column)
COLUMNS = {
    "institution": "institution_id",
    "category": "institution_id",
    "country": "country_id",
    "region": "country_id",
    "field": "field_id",
    "level": "level",
    "funding": "funding",
    "format": "format",
    "kind": "kind",
    "person": "person",
    "database": "database",
    "degree": "academic_degree",
    "funder": "funder",
    "language": "languages",
}
MULTI_VALUED = {"languages", "directions"}


@dataclass(frozen=True)
class Measure:
    """What is added up: rows (count), a column (sum), or distinct values of a column (distinct)."""

    kind: str  # "count" | "sum" | "distinct"
    column: str = "id"


COUNT = Measure("count")


def sum_of(column: str) -> Measure:
    return Measure("sum", column)


def distinct(column: str) -> Measure:
    return Measure("distinct", column)


# -- derived dimensions ---------------------------------------------------------------------------
def category_map(year: int, institutions: Iterable[str] = ()) -> dict[str, str]:
    """HEI id → ownership category for `year` (else the latest earlier year, else the earliest later one).

    One query for the year; a second one only for HEIs of `institutions` that have no row that year.
    """
    from intlmon.registry.models import InstitutionCategory

    cached = memo(("category", year))
    if cached is None:
        cached = dict(InstitutionCategory.objects.filter(year=year).values_list("institution_id", "category"))
        remember(("category", year), cached)
    missing = {i for i in institutions if i and i not in cached}
    if not missing:
        return cached
    out = dict(cached)
    best: dict[str, tuple[tuple[int, int], str]] = {}
    rows = InstitutionCategory.objects.filter(institution_id__in=missing).values_list("institution_id", "year", "category")
    for inst, y, cat in rows:
        rank = (1, year - y) if y < year else (2, y - year)
        if inst not in best or rank < best[inst][0]:
            best[inst] = (rank, cat)
    out.update({inst: cat for inst, (_, cat) in best.items()})
    return out


@dataclass(frozen=True)
class _Link:
    """The three fields of a CountryRegion that `pick_region` reads, without building model instances."""

    region: SimpleNamespace
    year_from: int | None
    year_to: int | None


def region_map(year: int) -> dict[str, str]:
    """Country code → monitoring region for `year`, the most specific span winning (registry rule)."""
    from intlmon.registry.models import CountryRegion, pick_region

    cached = memo(("region", year))
    if cached is not None:
        return cached
    links = defaultdict(list)
    for country, region, year_from, year_to in CountryRegion.objects.values_list(
        "country_id", "region_id", "year_from", "year_to"
    ):
        links[country].append(_Link(SimpleNamespace(code=region), year_from, year_to))
    out = {}
    for code, rows in links.items():
        region = pick_region(rows, year)
        if region is not None:
            out[code] = region.code
    remember(("region", year), out)
    return out


def _code(value) -> str:
    return "" if value is None else str(value)


_EXPLODED: dict = {}


def _explode(value) -> list[str]:
    """The codes of a multi-valued cell (a JSON list, as stored or decoded), sorted, without repeats.

    Remembered by value (a handful of distinct lists recur over thousands of grouped rows); callers
    must not change the list they get."""
    if isinstance(value, str):
        key: tuple = ("text", value)
    elif isinstance(value, list):
        key = ("list", *value)
    else:  # None, numbers: nothing to remember
        return _explode_now(value)
    try:
        found = _EXPLODED.get(key)
    except TypeError:  # a list holding lists or dicts
        return _explode_now(value)
    if found is None:
        found = _explode_now(value)
        if len(_EXPLODED) < 10_000 and all(type(v) is str for v in key[1:]):  # codes only: 1 == 1.0
            _EXPLODED[key] = found
    return found


def _explode_now(value) -> list[str]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = [value]
    if not value:
        return [""]
    return sorted({str(v) for v in value})


# -- records ----------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Plan:
    """What one statistic reads from a section table: one grouped query (`passes` runs several as one)."""

    model: type
    dims: tuple[str, ...]
    cols: dict[str, str]  # dimension → the column (or `_country`) it is grouped by
    measure: Measure
    where: Q | None
    group: tuple[str, ...]  # the columns of the grouped query
    country_col: str  # `_country` (the cell, else the resolved partner's country) or `country_id`
    listed: bool  # whether the `countries` list names every country of a cell
    partner: bool  # whether the query needs `_country`

    @property
    def key(self) -> tuple:
        return (self.model._meta.label, self.dims, tuple(sorted(self.cols.items())), self.measure, str(self.where))


#: the plans of every declared statistic, by section model (what one pass over a table answers)
PLANS: dict[type, dict[tuple, Plan]] = defaultdict(dict)


def plan(model, dims: Iterable[str], measure: Measure = COUNT, where: Q | None = None,
         columns: dict[str, str] | None = None) -> Plan:
    dims = tuple(dims)
    cols = {d: (columns or {}).get(d, COLUMNS.get(d, d)) for d in dims}
    uses_country = "country_id" in cols.values() or measure.column == "country_id"
    fields = {f.name for f in model._meta.get_fields()}
    partner = uses_country and "partner" in fields
    if partner:
        # a row without a country cell still has one through its resolved partner organisation
        cols = {d: ("_country" if c == "country_id" else c) for d, c in cols.items()}
        if measure.column == "country_id":
            measure = Measure(measure.kind, "_country")
    country_col = "_country" if "_country" in cols.values() or measure.column == "_country" else "country_id"
    # a cell naming several countries ('Швейцария, Испания') keeps them all in `countries`
    listed = uses_country and "countries" in fields
    group = tuple(sorted(set(cols.values()) | ({measure.column} if measure.kind == "distinct" else set())
                         | ({"countries"} if listed else set())))
    return Plan(model, dims, cols, measure, where, group, country_col, listed, partner)


def grouped_rows(p: Plan, year: int) -> list[dict]:
    """The plan's grouped rows for `year`: within a `compute_all` run or read `session()` every declared
    plan of the section is fetched in one pass (`passes`) and kept for the run; else one query."""
    from intlmon.analytics.registry import _memo

    store = _memo.get()
    declared = PLANS.get(p.model, {})
    if store is None or p.key not in declared:
        return _query(p, year)
    key = ("rows", p.key, year)
    if key not in store:
        from intlmon.analytics.statistics import passes

        plans = list(declared.values())
        for each, rows in zip(plans, passes.fetch(p.model, plans, year), strict=True):
            store[("rows", each.key, year)] = rows
    return store[key]


def _query(p: Plan, year: int) -> list[dict]:
    qs = current(p.model, year)
    if p.partner:
        qs = qs.annotate(_country=Coalesce("country_id", "partner__country_id"))
    if p.where is not None:
        qs = qs.filter(p.where)
    agg = Sum(p.measure.column) if p.measure.kind == "sum" else Count("id")
    if p.group:
        return list(qs.values(*p.group).annotate(_v=agg).order_by())
    return [qs.aggregate(_v=agg)]


def from_records(
    model,
    year: int,
    dims: Iterable[str],
    measure: Measure = COUNT,
    where: Q | None = None,
    columns: dict[str, str] | None = None,
) -> list[Value]:
    """One grouped query over the counted records of `year`, mapped to dimension codes."""
    p = plan(model, dims, measure, where, columns)
    if not gc.isenabled():  # paused already (the whole set): no context to enter and leave
        return shape(p, grouped_rows(PLANS.get(model, {}).get(p.key, p), year), year)
    with collector_paused():
        return shape(p, grouped_rows(PLANS.get(model, {}).get(p.key, p), year), year)


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector off while grouped rows become values, back on after.

    A big year turns some 100 000 grouped rows into 75 000 values (dicts, tuples, `Value`s: none of
    them in a reference cycle, so reference counting frees them all the same). Every 700 new
    containers the collector would walk the young ones, and now and then everything the process holds
    (all of Django): measured on the synthetic year, that was 40 % of the Python time of the whole set.
    Nested uses leave it to the outermost; if it was off already, it stays off."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def shape(p: Plan, rows: list[dict], year: int) -> list[Value]:
    """The grouped rows of a plan as values: codes mapped, derived dimensions added, lists exploded."""
    dims, cols, measure, country_col, listed = p.dims, p.cols, p.measure, p.country_col, p.listed
    if "category" in dims:
        column = cols["category"]
        categories = category_map(year, {_code(raw) for raw in {r[column] for r in rows}})
    else:
        categories = {}
    regions = region_map(year) if "region" in dims else {}

    # the codes of a `countries` value, by its identity (one pass hands the same decoded list to every
    # row holding the same JSON text); the value is kept beside them so that its id cannot be reused
    seen_lists: dict[int, tuple[object, list[str]]] = {}

    def places(row) -> list[str]:
        """Every country the row names (its list, else its one country cell or its partner's country)."""
        stored = row.get("countries")
        if stored:  # None, [] and "" name no country: the cell (or the partner's country) does
            known = seen_lists.get(id(stored))
            if known is None or known[0] is not stored:
                known = seen_lists[id(stored)] = (stored, [c for c in _explode(stored) if c])
            if known[1]:
                return known[1]
        return ["" if (c := row.get(country_col)) is None else str(c)]

    place_dims = tuple(d for d in dims if cols[d] == country_col)
    needs_places = bool(place_dims) or measure.column in ("_country", "country_id")
    if not needs_places:
        row_places: list = [()] * len(rows)
    elif listed:  # most rows have no list: their one country cell
        row_places = [places(r) if r.get("countries") else ["" if (c := r.get(country_col)) is None else str(c)]
                      for r in rows]
    else:  # one country cell per row
        row_places = [["" if (c := r.get(country_col)) is None else str(c)] for r in rows]
    several = bool(place_dims) and bool(rows) and max(map(len, row_places)) > 1
    if not several:
        return _aggregate(rows, dims, (), cols, measure, categories, regions, row_places)
    # A row naming several countries counts once under each of them, so a breakdown over country (or
    # region) adds up to more than the total. The dimension sets without them are computed too, each
    # row counted once: the read service answers totals and other breakdowns from those.
    spread = tuple(sorted(place_dims, key=lambda d: d != "country"))  # country tells the parts apart
    out = _aggregate(rows, dims, spread, cols, measure, categories, regions, row_places)
    if "country" in place_dims and "region" in place_dims:
        out += _aggregate(rows, tuple(d for d in dims if d != "country"), ("region",), cols, measure,
                          categories, regions, row_places)
    out += _aggregate(rows, tuple(d for d in dims if d not in place_dims), (), cols, measure, categories,
                      regions, row_places)
    return out


PLAIN, LISTED, CATEGORY, COUNTRY, REGION = range(5)  # how `_aggregate` reads a dimension's code

_new = object.__new__


def make_value(dimension: dict[str, str], value, source: Source, note: str = "", multi: tuple = ()) -> Value:
    """`Value(dimension, value, source, note, multi)`, built without the frozen dataclass's `__init__`.

    A frozen dataclass sets each field through `object.__setattr__`, about four times the cost of
    filling the instance's dict; a big year builds some 75 000 values (a few per cent of the whole
    set's time). The result is the same object (same fields in the same order, equal, same repr), and
    it stays frozen: assigning a field still raises."""
    made = _new(Value)
    fields = made.__dict__
    fields["dimension"] = dimension
    fields["value"] = value
    fields["source"] = source
    fields["note"] = note
    fields["multi"] = multi
    return made


def _codes(rows, dim, col, kind, places, categories, regions) -> list:
    """The code of every row for one dimension, in row order; None where the row has several (spread)."""
    if kind == PLAIN:
        return ["" if (raw := r[col]) is None else raw if type(raw) is str else str(raw) for r in rows]
    if kind == COUNTRY:
        return places
    if kind == REGION:
        get = regions.get
        return [get(place, "") for place in places]
    if kind == CATEGORY:
        get = categories.get
        return [get("" if (raw := r[col]) is None else raw if type(raw) is str else str(raw), "") for r in rows]
    return [listed[0] if len(listed := _explode(r[col])) == 1 else None for r in rows]


def _aggregate(rows, dims, multi, cols, measure, categories, regions, row_places) -> list[Value]:
    """Add the grouped rows up over `dims`; `multi` = the place dimensions a row may count under twice.

    `row_places[i]` = every country row i names (`shape.places`). Most rows name one country and one
    code per dimension: their key is read column by column (`_codes`: one list per dimension over all
    rows, zipped into keys; tens of thousands of rows in a big year); a row naming several countries or
    several codes of a listed dimension is spread over every combination (`_spread`).
    """
    place_dims = [d for d in dims if cols[d] in ("_country", "country_id")]  # country, region
    how = [(d, cols[d], COUNTRY if d in place_dims and d == "country" else REGION if d in place_dims
            else LISTED if cols[d] in MULTI_VALUED else CATEGORY if d == "category" else PLAIN) for d in dims]
    distinct, column = measure.kind == "distinct", measure.column
    distinct_places = distinct and column in ("_country", "country_id")
    # one place per row (None: several, spread below); a row without any place reads as ""
    places = [named[0] if len(named) == 1 else "" if not named else None for named in row_places]
    columns = [_codes(rows, d, col, kind, places, categories, regions) for d, col, kind in how]
    keys: list = list(zip(*columns, strict=True)) if columns else [()] * len(rows)
    awkward = [i for i, key in enumerate(keys) if None in key or places[i] is None]
    for i in awkward:
        keys[i] = None
    totals: dict[tuple, int | Decimal] = defaultdict(int)
    seen: dict[tuple, set] = defaultdict(set)
    if not distinct and not awkward:
        for key, row in zip(keys, rows, strict=True):
            totals[key] += row["_v"] or 0
    else:
        for i, (key, row) in enumerate(zip(keys, rows, strict=True)):
            named = row_places[i]
            spread = [key] if key is not None else _spread(row, named, dims, place_dims, how, categories, regions)
            for each in spread:
                if not distinct:
                    totals[each] += row["_v"] or 0
                elif distinct_places:
                    seen[each].update(c for c in named if c)
                elif row[column] not in (None, ""):
                    seen[each].add(row[column])
    if distinct:
        totals = {k: len(v) for k, v in seen.items()}
    multi = tuple(multi)
    records = Source.RECORDS
    return [make_value(dict(zip(dims, k)), totals[k], records, "", multi)  # noqa: B905 (a code per dimension)
            for k in _in_order(totals) if totals[k] or not dims]


def _in_order(totals) -> list[tuple[str, ...]]:
    """The keys sorted as tuples of codes, compared as one string each: the same order, several times faster.

    Codes joined by NUL sort as the tuples do (NUL is below every other character, so a code that is
    the start of another sorts first either way); when a code holds a NUL itself (none can in
    PostgreSQL) the tuples are compared instead. Every key has one code per dimension."""
    keys = list(totals)
    if len(keys) < 2:
        return keys
    try:
        joined = ["\x00".join(k) for k in keys]
    except TypeError:  # a key that is not all text
        return sorted(keys)
    if "\x01".join(joined).count("\x00") != len(keys) * max(len(keys[0]) - 1, 0):
        return sorted(keys)
    order = sorted(range(len(keys)), key=joined.__getitem__)
    return [keys[i] for i in order]


def _spread(row, named, dims, place_dims, how, categories, regions) -> list[tuple]:
    """Every key of a row naming several countries or several codes of a listed dimension."""
    fixed: dict[str, list[str]] = {}
    for d, col, kind in how:
        if kind == LISTED:
            fixed[d] = _explode(row[col])
        elif kind == CATEGORY:
            fixed[d] = [categories.get(_code(row[col]), "")]
        elif kind == PLAIN:
            fixed[d] = [_code(row[col])]
    # country and region go in pairs: each country the row names with its own region, once each
    where = sorted({tuple(c if d == "country" else regions.get(c, "") for d in place_dims) for c in named})
    combos: list[dict[str, str]] = [dict(zip(place_dims, p, strict=True)) for p in where] if place_dims else [{}]
    for d, codes in fixed.items():
        combos = [{**c, d: code} for c in combos for code in codes]
    return [tuple(combo[d] for d in dims) for combo in combos]


# -- published figures ----------------------------------------------------------------------------------
REGION_HEADINGS = {
    "тмд": "cis", "тмд елдері": "cis", "снг": "cis",
    "азия": "asia", "оша": "asia",
    "европа": "europe", "еуропа": "europe",
    "африка": "africa",
    "америка": "americas", "оңтүстік және солтүстік америка": "americas", "ақш": "americas",
    "австралия": "oceania", "океания": "oceania",
}
AGREEMENT_DIRECTIONS = {
    "поқ алмасу және студенттердің академиялық ұтқырлығы": "mobility",
    "біліктілікті арттыру": "professional_development",
    "бірлескен жобалар": "joint_projects",
    "қос дипломдық және бірлескен білім беру бағдарламалары": "degree_programmes",
    "бірлескен зерттеу": "research",
}
CATEGORY_HEADINGS = {
    "ұлттық": "national", "national": "national",
    "мемлекеттік": "state", "state": "state",
    "ақ": "joint_stock", "jsc": "joint_stock",
    "жекеменшік": "private", "private": "private",
    "халықаралық": "international",
}


# the report's own short names of fields (Кесте 4) → classifier code, by their first words
PRINTED_FIELDS = {
    "гуманитарлық ғылымдар": "02",
    "социальные науки": "03",
    "естественные науки": "05",
    "инженерные": "07",
    "сельскохозяйственные": "08",
    "здравоохранение": "10",
}


def _key(text: str) -> str:
    return " ".join(str(text).casefold().replace("ё", "е").split())


@dataclass(frozen=True)
class Printed:
    """A published-figure id read as this statistic, with fixed extra dimensions.

    `label` selects stated figures (statistic 'stated:…') by their label; `section_as` turns the
    printed section heading (e.g. 'Ұлттық') into a dimension (e.g. category).
    """

    statistic: str
    extra: dict[str, str] = field(default_factory=dict)
    label: str = ""
    section_as: str = ""


def _field_codes() -> dict[str, str]:
    from intlmon.registry.models import FieldOfEducation

    out = {}
    for code, *names in FieldOfEducation.objects.values_list("code", "name_kk", "name_ru", "name_en"):
        for name in names:
            if name:
                out[_key(name)] = code
    return out


def _translate(dimension: dict, fields: Callable[[], dict[str, str]]) -> dict[str, str] | None:
    out = {}
    for key, raw in dimension.items():
        if key == "region_section":
            out["region"] = REGION_HEADINGS.get(_key(raw), "")
        elif key == "field_raw":
            printed = next((code for start, code in PRINTED_FIELDS.items() if _key(raw).startswith(start)), "")
            out["field"] = fields().get(_key(raw), printed)
        elif key == "direction":
            out["direction"] = AGREEMENT_DIRECTIONS.get(_key(raw), raw if raw.isascii() else "")
        elif key in ("kind", "section", "label"):
            continue  # the shape of a stated figure, not a dimension
        else:
            out[key] = "" if raw is None else str(raw)
    return out


def from_published(year: int, dims: Iterable[str], printed: Iterable[Printed]) -> list[Value]:
    """Figures as printed for `year`, one per dimension (the most often printed value; conflicts noted)."""
    from intlmon.records.models import PublishedFigure

    dims = set(dims)
    printed = list(printed)
    if not printed:
        return []
    ids = {p.statistic for p in printed}
    figures = list(
        PublishedFigure.objects.filter(period__year=year, statistic__in=ids).order_by("id")
        .values("statistic", "dimension", "value", "source", "label")
    )
    field_cache: dict[str, str] | None = None
    regions: dict[str, str] | None = None

    def fields() -> dict[str, str]:
        nonlocal field_cache
        if field_cache is None:
            field_cache = _field_codes()
        return field_cache

    found: dict[tuple, dict[tuple, list]] = defaultdict(lambda: defaultdict(list))
    for fig in figures:
        for p in printed:
            if p.statistic != fig["statistic"]:
                continue
            raw = fig["dimension"] or {}
            if isinstance(raw, str):
                raw = json.loads(raw)
            if p.label and raw.get("label", "") != p.label:
                continue
            dimension = _translate(raw, fields)
            if p.section_as:
                dimension[p.section_as] = CATEGORY_HEADINGS.get(_key(raw.get("section", "")), "")
            dimension.update(p.extra)
            if "region" in dims and "country" in dimension and "region" not in dimension:
                if regions is None:
                    regions = region_map(year)
                dimension["region"] = regions.get(dimension["country"], "")
            if not set(dimension) <= dims:
                continue
            key = tuple(sorted(dimension.items()))
            printed_as = (p.statistic, json.dumps(raw, sort_keys=True, ensure_ascii=False))
            found[key][printed_as].append((fig["value"], fig["source"]))
    values = []
    for key, originals in sorted(found.items()):
        # the same figure printed on several lines counts once (the most often printed value wins,
        # the others are noted); different printed rows that map to one code (two spellings of a
        # field) add up
        total, notes = Decimal(0), []
        for printed_values in originals.values():
            counts = Counter(v for v, _ in printed_values)
            value = counts.most_common(1)[0][0]
            source = next(s for v, s in printed_values if v == value)
            others = sorted({f"{_number(v)} ({s})" for v, s in printed_values if v != value})
            total += value
            notes.append(source + (f"; also printed: {'; '.join(others)}" if others else ""))
        values.append(Value(dict(key), _number(total), Source.PUBLISHED, " + ".join(notes)))
    return values


def _number(value: Decimal) -> int | Decimal:
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else value.normalize()


# -- declaring a statistic --------------------------------------------------------------------------------
def declare(
    id: str,
    title,
    description,
    *,
    model,
    dimensions: tuple[str, ...],
    unit: str,
    section: str,
    measure: Measure = COUNT,
    where: Q | None = None,
    printed: Iterable[Printed] = (),
    columns: dict[str, str] | None = None,
    require_known: tuple[str, ...] = (),
    listed_in: tuple[str, str, str] = ("", "", ""),
) -> Statistic:
    """Register a statistic computed by `from_records`, falling back to `from_published`.

    `require_known` keeps only rows where those dimensions are filled (e.g. projects by country:
    rows without a country say nothing about countries, and when no row has one the printed table
    is the better answer).

    `listed_in` = (statistic, dimension, whole), for a count of distinct things: in a year without
    records the count is how many known codes that statistic's published table lists (the finest data
    held: the 78 countries of the table by partner country), a differing stated count kept as the
    note — provided the table is complete, i.e. adds up to at least the total of `whole` (a handful
    of countries quoted for an earlier year is not a list of all partner countries).
    """
    printed = tuple(printed)
    condition = where
    for d in require_known:
        col = (columns or {}).get(d, COLUMNS.get(d, d))
        known = Q(**{f"{col}__isnull": False}) & ~Q(**{col: ""}) if not col.endswith("_id") else Q(**{f"{col}__isnull": False})
        condition = known if condition is None else condition & known

    declared = plan(model, dimensions, measure, condition, columns)
    PLANS[model].setdefault(declared.key, declared)

    def records(year: int) -> list[Value]:
        return from_records(model, year, dimensions, measure, condition, columns)

    def published(year: int) -> list[Value]:
        stated = from_published(year, dimensions, printed)
        table, dim, whole = listed_in
        if table:
            from intlmon.analytics.read.choice import total
            from intlmon.analytics.registry import STATISTICS

            listing = [v for v in STATISTICS[table].published(year) if v.dimension.get(dim)]
            codes = {v.dimension[dim] for v in listing}
            whole_values = STATISTICS[whole].published(year)
            whole_total = total(whole_values, STATISTICS[whole].dimensions) if whole_values else None
            complete = whole_total is not None and sum(v.value for v in listing) >= whole_total
            if codes and complete:
                head = next((v for v in stated if not v.dimension), None)
                note = f"{len(codes)} listed in {table}"
                if head is not None and head.value != len(codes):
                    note += f"; published: {head.value} ({head.note})"
                return [Value({}, len(codes), Source.PUBLISHED, note)]
        return stated

    def compute(year: int) -> list[Value]:
        values = records(year)
        if values and any(v.value for v in values):
            return values
        return published(year) or values

    return register(Statistic(id, title, description, dimensions, unit, compute, section=section,
                              records=records, published=published,
                              printed=tuple(dict.fromkeys(p.statistic for p in printed))))
