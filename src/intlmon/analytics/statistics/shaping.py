"""From a plan's grouped rows to values: codes mapped, derived dimensions added, lists exploded.

Split from `base` (which declares statistics and fetches their grouped rows) to keep each module short.
Two dimensions are derived rather than stored: `category` comes from the HEI's ownership category of
that year and `region` from the country's monitoring region of that year (one small lookup query each,
kept for the run). Multi-valued JSON lists (agreement directions, programme languages) are grouped as
stored and exploded here: a programme taught in two languages counts once under each. A cell naming
several countries counts once under each country, and the dimension sets without country/region are
computed as well (each row once; `Value.multi` says which dimensions are multi-valued).

Issue 17 made this step cheap for a big year (some 100 000 grouped rows, 75 000 values): codes are
read column by column, keys sorted as joined strings, `Value`s filled without the frozen dataclass's
`__init__`, and the cyclic garbage collector paused while they are built
(`tests/analytics/test_shape_fast.py` keeps the plain row-by-row version as an oracle).
"""

from __future__ import annotations

import gc
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import TYPE_CHECKING

from intlmon.analytics.registry import Source, Value, memo, remember

if TYPE_CHECKING:
    from intlmon.analytics.statistics.base import Plan

MULTI_VALUED = {"languages", "directions"}


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


@contextmanager
def collector_paused(promote: bool = False):
    """Python's cyclic garbage collector off while grouped rows become values, back on after.

    A big year turns some 100 000 grouped rows into 75 000 values (dicts, tuples, `Value`s: none of
    them in a reference cycle, so reference counting frees them all the same). Every 700 new
    containers the collector would walk the young ones, and now and then everything the process holds
    (all of Django): measured on the synthetic year, that was 40 % of the Python time of the whole set.
    Nested uses leave it to the outermost; if it was off already, it stays off.

    `promote` (the whole set, `compute_all`): switched back on, the collector would walk everything made
    meanwhile at once (all of it young, and the values outlive the run): 150 000 objects, some 10 % of the
    whole set's time. They go straight to the oldest generation instead (`gc.freeze()` then
    `gc.unfreeze()`: two list splices), as they would after surviving two young collections; a full
    collection walks them as it walks the rest. Everything else young in the process goes with them, so
    this is done once per whole set, not per statistic a page reads; and not when the process keeps
    objects frozen itself (`gc.freeze()` after a fork): unfreezing would undo it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if promote and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        gc.enable()


class Columns:
    """Grouped rows held column by column: `columns[name]` = that column's value in every row, in order.

    A pass's output rows become each plan's columns in C (`zip(*rows)`), with no dict per row and plan;
    rows of one query per statistic (dicts) are turned into columns (`of`)."""

    __slots__ = ("data", "n")

    def __init__(self, data: dict[str, Sequence], n: int):
        self.data, self.n = data, n

    @classmethod
    def of(cls, rows: list[dict], names: Iterable[str]) -> Columns:
        names = list(names)
        return cls({name: [r.get(name) for r in rows] for name in names}, len(rows))

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, name: str) -> Sequence:
        return self.data[name]

    def get(self, name: str) -> Sequence:
        """The column, or None in every row when the rows have no such column."""
        found = self.data.get(name)
        return [None] * self.n if found is None else found

    def row(self, i: int) -> dict:
        return {name: column[i] for name, column in self.data.items()}

    def dicts(self) -> list[dict]:
        return [self.row(i) for i in range(self.n)]


def shape(p: Plan, rows: Columns | list[dict], year: int) -> list[Value]:
    """The grouped rows of a plan as values: codes mapped, derived dimensions added, lists exploded."""
    return shape_parts(p, rows, year).shaped()


class Part:
    """The values of one dimension set of a plan, with the totals they were made from (`kept_values` brings
    them up to date): `totals` = key → sum (a count or a sum), or key → {code: rows naming it} for a count
    of distinct codes; `keys` = the shown keys in order (a total of 0 is not shown, except the one total
    of no dimension), `values` = their values, same order."""

    __slots__ = ("dims", "multi", "totals", "keys", "values")

    def __init__(self, dims: tuple[str, ...], multi: tuple[str, ...], totals: dict, keys: list, values: list[Value]):
        self.dims, self.multi, self.totals, self.keys, self.values = dims, multi, totals, keys, values


class PlanValues:
    """A plan's values, part by part, and what bringing them up to date needs: `rows` = how many grouped
    rows they were made from, `several` = how many of those name several countries (which decides whether
    the dimension sets without country and region are parts of their own: `part_dims`)."""

    __slots__ = ("parts", "rows", "several")

    def __init__(self, parts: list[Part], rows: int, several: int):
        self.parts, self.rows, self.several = parts, rows, several

    def shaped(self) -> Shaped:
        # (copies: a caller may change its lists; these are kept)
        return _shaped([(part.dims, part.multi, list(part.values)) for part in self.parts])


def context(p: Plan, rows: Columns, year: int) -> tuple[dict, dict, Sequence, dict[int, list[str]]]:
    """What every part of a plan reads of its rows: categories and regions (for the dimensions that need
    them), each row's one country code (`places`, None where it names several, listed in `several`)."""
    dims, cols, measure, country_col, listed = p.dims, p.cols, p.measure, p.country_col, p.listed
    if "category" in dims:
        categories = category_map(year, {_code(raw) for raw in set(rows[cols["category"]])})
    else:
        categories = {}
    regions = region_map(year) if "region" in dims else {}

    # the codes of a `countries` value, by its identity (one pass hands the same decoded list to every
    # row holding the same JSON text); the value is kept beside them so that its id cannot be reused
    seen_lists: dict[int, tuple[object, list[str]]] = {}

    def named_in(stored, cell: str) -> list[str]:
        """Every country a row with a list names (the list's codes; none: its one country cell)."""
        known = seen_lists.get(id(stored))
        if known is None or known[0] is not stored:
            known = seen_lists[id(stored)] = (stored, [c for c in _explode(stored) if c])
        return known[1] or [cell]

    place_dims = tuple(d for d in dims if cols[d] == country_col)
    needs_places = bool(place_dims) or measure.column in ("_country", "country_id")
    # each row's one country code (None: the row names several, kept in `several`); "" without any
    several: dict[int, list[str]] = {}
    if not needs_places:
        places: Sequence = [""] * len(rows)
    else:
        places = _texts(rows.get(country_col))
        stored_lists = rows.get("countries") if listed else ()
        # most rows have no list (None, [] and "" name no country): their one country cell
        with_list = [i for i, stored in enumerate(stored_lists) if stored]
        if with_list:
            places = list(places)
            for i in with_list:
                named = named_in(stored_lists[i], places[i])
                if len(named) == 1:
                    places[i] = named[0]
                else:
                    places[i] = None
                    several[i] = named
    return categories, regions, places, several


def part_dims(p: Plan, spread: bool) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The dimension sets a plan's values come in, each with the place dimensions a row may count under
    twice: the plan's own, and — when some row names several countries (`spread`) — those without them.

    A row naming several countries counts once under each of them, so a breakdown over country (or
    region) adds up to more than the total. The dimension sets without them are computed too, each row
    counted once: the read service answers totals and other breakdowns from those."""
    dims, cols = p.dims, p.cols
    place_dims = tuple(d for d in dims if cols[d] == p.country_col)
    if not (place_dims and spread):
        return [(dims, ())]
    multi = tuple(sorted(place_dims, key=lambda d: d != "country"))  # country tells the parts apart
    out = [(dims, multi)]
    if "country" in place_dims and "region" in place_dims:
        out.append((tuple(d for d in dims if d != "country"), ("region",)))
    out.append((tuple(d for d in dims if d not in place_dims), ()))
    return out


def shape_parts(p: Plan, rows: Columns | list[dict], year: int) -> PlanValues:
    """`shape`, part by part (`PlanValues`), with the totals behind each part's values."""
    if not isinstance(rows, Columns):  # one query's rows (dicts)
        rows = Columns.of(rows, (*p.group, "_v"))
    categories, regions, places, several = context(p, rows, year)
    distinct = p.measure.kind == "distinct"
    parts = []
    for dims, multi in part_dims(p, bool(several)):
        totals = totals_of(rows, dims, multi, p.cols, p.measure, categories, regions, places, several)
        keys, values = values_of(dims, multi, distinct, totals)
        parts.append(Part(dims, multi, totals, keys, values))
    return PlanValues(parts, len(rows), len(several))


class Shaped(list):
    """A plan's values, and (`sets`) how they group by dimension set — known as they are made, one set per
    `_aggregate`, so the read service need not group a result's tens of thousands of values again
    (`read.choice.value_sets`, which `StatResult.value_sets` skips when the list has them; a test compares)."""

    __slots__ = ("sets",)


def _shaped(parts: list[tuple[tuple[str, ...], tuple[str, ...], list[Value]]]) -> Shaped:
    from intlmon.analytics.read.choice import ValueSet

    out = Shaped()
    sets: dict[frozenset[str], ValueSet] | None = {}
    for dims, multi, values in parts:
        out.extend(values)
        if dims and values and sets is not None:
            key = frozenset(dims)
            # (two parts of one dimension set do not occur; were they to, `value_sets` would group them)
            sets = None if key in sets else {**sets, key: ValueSet(key, multi[0] if multi else None, values)}
    out.sets = None if sets is None else list(sets.values())
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


def _texts(column: Sequence) -> Sequence:
    """The codes of a column: None → "", other values as text (a column of texts is returned as it is)."""
    if set(map(type, column)) <= {str}:
        return column
    return ["" if raw is None else raw if type(raw) is str else str(raw) for raw in column]


def _codes(rows: Columns, dim, col, kind, places, categories, regions) -> Sequence:
    """The code of every row for one dimension, in row order; None where the row has several (spread)."""
    if kind == PLAIN:
        return _texts(rows[col])
    if kind == COUNTRY:
        return places
    if kind == REGION:
        get = regions.get
        return [get(place, "") for place in places]
    if kind == CATEGORY:
        get = categories.get
        return [get(code, "") for code in _texts(rows[col])]
    return [listed[0] if len(listed := _explode(raw)) == 1 else None for raw in rows[col]]


def totals_of(rows, dims, multi, cols, measure, categories, regions, places, several) -> dict:
    """Add the grouped rows up over `dims`; `multi` = the place dimensions a row may count under twice.

    key → the sum of the measure; for a count of distinct codes, key → {code: how many rows name it} (how
    many, not just which: `kept_values` takes rows out again).

    `places[i]` = the one country row i names ("" for none), None when it names several (`several[i]`
    lists them; `shape`). Most rows name one country and one code per dimension: their key is read
    column by column (`_codes`: one list per dimension over all rows, zipped into keys; tens of
    thousands of rows in a big year); a row naming several countries or several codes of a listed
    dimension is spread over every combination (`_spread`).
    """
    place_dims = [d for d in dims if cols[d] in ("_country", "country_id")]  # country, region
    how = [(d, cols[d], COUNTRY if d in place_dims and d == "country" else REGION if d in place_dims
            else LISTED if cols[d] in MULTI_VALUED else CATEGORY if d == "category" else PLAIN) for d in dims]
    distinct, column = measure.kind == "distinct", measure.column
    distinct_places = distinct and column in ("_country", "country_id")
    columns = [_codes(rows, d, col, kind, places, categories, regions) for d, col, kind in how]
    keys: list = list(zip(*columns, strict=True)) if columns else [()] * len(rows)
    # a row is spread when it names several countries or several codes of a listed dimension; most
    # years have none, which a scan in C per listed dimension tells without a loop over the keys
    listed = [codes for codes, (_, _, kind) in zip(columns, how, strict=True) if kind == LISTED]
    if several or any(None in codes for codes in listed):
        awkward = [i for i, key in enumerate(keys) if None in key or i in several]
    else:
        awkward = []
    for i in awkward:
        keys[i] = None
    measured = rows["_v"]
    totals: dict[tuple, int | Decimal]
    if not distinct and not awkward:
        # each row its own key (the usual case: a grouped row is one combination of codes) and an int
        # measure (`0 + (v or 0)` is then v itself): one dict, built in C; else added up row by row
        totals = dict(zip(keys, measured, strict=True))
        if len(totals) != len(keys) or set(map(type, totals.values())) != {int}:
            totals = defaultdict(int)
            for key, v in zip(keys, measured, strict=True):
                totals[key] += v or 0
        return totals
    if not distinct:
        totals = defaultdict(int)
        for i, key in enumerate(keys):
            spread = [key] if key is not None else _spread(rows.row(i), several[i] if i in several else [places[i]],
                                                         dims, place_dims, how, categories, regions)
            for each in spread:
                totals[each] += measured[i] or 0
        return totals
    seen: dict[tuple, dict] = defaultdict(dict)
    of_column = None if distinct_places else rows[column]
    for i, key in enumerate(keys):
        named = several[i] if i in several else [places[i]]
        spread = [key] if key is not None else _spread(rows.row(i), named, dims, place_dims, how, categories, regions)
        for each in spread:
            if distinct_places:
                got = seen[each]  # (a row naming no country still makes its key)
                for c in named:
                    if c:
                        got[c] = got.get(c, 0) + 1
            elif (code := of_column[i]) not in (None, ""):
                got = seen[each]
                got[code] = got.get(code, 0) + 1
    return seen


def values_of(dims: tuple[str, ...], multi: tuple[str, ...], distinct: bool, totals: dict) -> tuple[list, list[Value]]:
    """The shown keys in order and their values (a total of 0 is not shown, except the one of no dimension)."""
    if distinct:
        totals = {k: len(v) for k, v in totals.items()}
    multi = tuple(multi)
    records = Source.RECORDS
    keys = [k for k in _in_order(totals) if totals[k] or not dims]
    return keys, [make_value(dict(zip(dims, k)), totals[k], records, "", multi)  # noqa: B905 (a code per dimension)
                  for k in keys]


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
