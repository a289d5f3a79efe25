"""The engine every section module uses: one aggregate query over the counted records, then fallback.

`from_records` groups the counted rows of a section model by the columns behind the statistic's
dimensions (`values(...).annotate(...)`: one query, whatever the number of HEIs); `shaping` maps the
codes in Python. Two dimensions are derived rather than stored: `category` comes from the HEI's ownership
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
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from intlmon.analytics.registry import Source, Statistic, Value, register
from intlmon.analytics.scope import current
from intlmon.analytics.statistics import passes  # (the module: tests replace its functions)
from intlmon.analytics.statistics.shaping import (  # noqa: F401  (names other modules read from here)
    MULTI_VALUED,
    Columns,
    _code,
    _explode,
    category_map,
    collector_paused,
    make_value,
    region_map,
    shape,
)

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
#: the section model each declared statistic is computed from (`prefetch.in_order`)
MODEL_OF: dict[str, type] = {}


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


def read_in_pass(model, dims: Iterable[str], measure: Measure = COUNT, where: Q | None = None) -> Plan:
    """A plan that a statistic of its own kind reads through `grouped_rows` (e.g. the enrolment per
    programme): answered by its section's pass within a run, by its own query else."""
    p = plan(model, dims, measure, where)
    return PLANS[model].setdefault(p.key, p)


def grouped_rows(p: Plan, year: int) -> Columns | list[dict]:
    """The plan's grouped rows for `year`: within a `compute_all` run or read `session()` every declared
    plan of the section is fetched in one pass (`passes`) and kept for the run; else one query."""
    rows = _rows_or_kept(p, year)
    return rows.columns() if isinstance(rows, passes.PlanRows) else rows


def _rows_or_kept(p: Plan, year: int):
    """`grouped_rows`, or the plan's `passes.PlanRows` (whose values may be kept: `from_records`)."""
    from intlmon.analytics.registry import _memo

    store = _memo.get()
    declared = PLANS.get(p.model, {})
    if store is None or p.key not in declared:
        return _query(p, year)
    key = ("rows", p.key, year)
    if key not in store:
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
        return _shape(p, year)
    with collector_paused():
        return _shape(p, year)


def _shape(p: Plan, year: int) -> list[Value]:
    rows = _rows_or_kept(PLANS.get(p.model, {}).get(p.key, p), year)
    return rows.shaped(p, year) if isinstance(rows, passes.PlanRows) else shape(p, rows, year)


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
    MODEL_OF[id] = model

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
