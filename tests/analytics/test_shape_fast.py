"""The fast way grouped rows become values (`shaping.shape`) gives exactly what the plain way gave.

Issue 17 made the step from grouped rows to values cheaper: codes read column by column, keys sorted
as joined strings, `Value`s built without the frozen dataclass's `__init__`, the garbage collector
paused. The plain version it replaced — one row at a time, tuples compared, `Value(...)` — is kept
below as the oracle (`plain_shape`, as it was at commit aebec01). Every declared plan's grouped rows,
on a world full of awkward rows, on the 2023 reference tables and on a random sample, must give the
same values, in the same order, with the same types (int stays int, Decimal stays Decimal).
"""

from __future__ import annotations

import gc
import random
import weakref
from collections import defaultdict
from decimal import Decimal

import pytest

from intlmon.analytics.registry import Source, Value, _memo, all_statistics, compute, compute_all
from intlmon.analytics.statistics import base
from intlmon.analytics.statistics.base import (
    MULTI_VALUED,
    PLANS,
    Columns,
    _code,
    _explode,
    category_map,
    grouped_rows,
    region_map,
    shape,
)
from tests.analytics.test_passes import busy  # noqa: F401  (the fixture: a world of awkward rows)

PLAIN, LISTED, CATEGORY, COUNTRY, REGION = range(5)


# -- the oracle: base.shape as it was before issue 17's second round ----------------------------------
def plain_shape(p, rows, year):
    """The grouped rows of a plan as values: codes mapped, derived dimensions added, lists exploded."""
    dims, cols, measure, country_col, listed = p.dims, p.cols, p.measure, p.country_col, p.listed
    categories = category_map(year, {_code(r[cols["category"]]) for r in rows}) if "category" in dims else {}
    regions = region_map(year) if "region" in dims else {}

    # the codes of a `countries` value, by its identity (one pass hands the same decoded list to every
    # row holding the same JSON text); the value is kept beside them so that its id cannot be reused
    seen_lists: dict[int, tuple[object, list[str]]] = {}

    def places(row) -> list[str]:
        """Every country the row names (its list, else its one country cell or its partner's country)."""
        if listed:
            stored = row.get("countries")
            known = seen_lists.get(id(stored))
            if known is None or known[0] is not stored:
                known = seen_lists[id(stored)] = (stored, [c for c in _explode(stored) if c])
            if known[1]:
                return known[1]
        return [_code(row.get(country_col))]

    place_dims = tuple(d for d in dims if cols[d] == country_col)
    needs_places = bool(place_dims) or measure.column in ("_country", "country_id")
    if not needs_places:
        row_places: list = [()] * len(rows)
    elif listed:
        row_places = [places(r) for r in rows]
    else:  # one country cell per row
        row_places = [["" if (c := r.get(country_col)) is None else str(c)] for r in rows]
    several = bool(place_dims) and any(len(pl) > 1 for pl in row_places)
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




def _aggregate(rows, dims, multi, cols, measure, categories, regions, row_places):
    """Add the grouped rows up over `dims`; `multi` = the place dimensions a row may count under twice.

    `row_places[i]` = every country row i names (`shape.places`). Most rows name one country and one
    code per dimension: their one key is read straight off the row (the loop below, tens of thousands of
    rows in a big year); a row naming several is spread over every combination (`_spread`).
    """
    place_dims = [d for d in dims if cols[d] in ("_country", "country_id")]  # country, region
    how = [(d, cols[d], COUNTRY if d in place_dims and d == "country" else REGION if d in place_dims
            else LISTED if cols[d] in MULTI_VALUED else CATEGORY if d == "category" else PLAIN) for d in dims]
    distinct, column = measure.kind == "distinct", measure.column
    distinct_places = distinct and column in ("_country", "country_id")
    totals: dict[tuple, int | Decimal] = defaultdict(int)
    seen: dict[tuple, set] = defaultdict(set)
    for row, named in zip(rows, row_places, strict=True):
        # the key: the row's code of each dimension, in the order of `dims`
        key: tuple | None = None
        if len(named) <= 1:
            place = named[0] if named else ""
            codes: list[str] | None = []
            for _, col, kind in how:
                if kind == PLAIN:
                    raw = row[col]
                    codes.append("" if raw is None else str(raw))
                elif kind == COUNTRY:
                    codes.append(place)
                elif kind == REGION:
                    codes.append(regions.get(place, ""))
                elif kind == CATEGORY:
                    raw = row[col]
                    codes.append(categories.get("" if raw is None else str(raw), ""))
                else:
                    listed = _explode(row[col])
                    if len(listed) != 1:
                        codes = None
                        break
                    codes.append(listed[0])
            if codes is not None:
                key = tuple(codes)
        keys = [key] if key is not None else _spread(row, named, dims, place_dims, how, categories, regions)
        for key in keys:
            if not distinct:
                totals[key] += row["_v"] or 0
            elif distinct_places:
                seen[key].update(c for c in named if c)
            elif row[column] not in (None, ""):
                seen[key].add(row[column])
    if distinct:
        totals = {k: len(v) for k, v in seen.items()}
    multi = tuple(multi)
    return [Value(dict(zip(dims, k)), v, Source.RECORDS, "", multi)  # noqa: B905 (a key has a code per dimension)
            for k, v in sorted(totals.items()) if v or not dims]


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



# -- the comparison -----------------------------------------------------------------------------------
def described(values: list[Value]) -> list[tuple]:
    """Everything a reader of a value can see, in order: codes (and their order), value and its type."""
    return [(list(v.dimension.items()), v.value, type(v.value), v.source, v.note, v.multi, type(v)) for v in values]


def assert_same_as_plain(year: int) -> int:
    """Every declared plan's grouped rows shaped both ways; returns how many values were compared."""
    all_statistics()  # every plan declared
    compared = 0
    token = _memo.set({})
    try:
        for plans in PLANS.values():
            for p in plans.values():
                rows = grouped_rows(p, year)  # a pass's rows come column by column
                fast = shape(p, rows, year)
                as_dicts = rows.dicts() if isinstance(rows, Columns) else rows
                assert described(fast) == described(plain_shape(p, as_dicts, year)), (p.model.__name__, p.dims)
                assert described(shape(p, as_dicts, year)) == described(fast)  # rows of one query: dicts
                compared += len(fast)
    finally:
        _memo.reset(token)
    return compared


def test_the_awkward_world_gives_the_same_values_both_ways(busy):  # noqa: F811
    assert assert_same_as_plain(2023) > 50


def test_the_2023_reference_tables_give_the_same_values_both_ways(reference_2023, db):
    from django.core.management import call_command

    from intlmon.registry import resolve as resolver
    from intlmon.registry.loading import load_registry

    resolver.invalidate()
    try:
        load_registry()
        call_command("import_tables", str(reference_2023), year=2023, verbosity=0)
        call_command("import_tables", str(reference_2023 / "france"), year=2022, verbosity=0)
        assert assert_same_as_plain(2023) > 300
        assert assert_same_as_plain(2022) > 0  # the France note's records
    finally:
        resolver.invalidate()


@pytest.fixture
def sample(db):
    """A random world: many HEIs, lists of several countries, several directions and languages, empty cells."""
    from intlmon.records.models import (
        Agreement,
        DoubleDegreeProgramme,
        InternationalStudents,
        JointProgramme,
        MobilityFlow,
        Project,
        Publications,
        VisitingFaculty,
    )
    from tests.analytics.conftest import World

    rng = random.Random(17)
    world = World(n_heis=12)
    countries = ["FR", "RU", "CN", "TR", None]

    def pick_countries():
        country = rng.choice(countries)
        listed = rng.choice([[], [country] if country else [], ["CN", "TR"], ["FR", "RU", "TR"], ["TR", "TR"]])
        return {"country_id": country, "countries": listed}

    for hei in world.heis:
        for _ in range(rng.randint(3, 12)):
            world.add(Agreement, hei, **pick_countries(),
                      directions=rng.choice([[], ["mobility"], ["research", "mobility"], ["joint_projects"]]))
            world.add(MobilityFlow, hei, **pick_countries(), direction=rng.choice(["outbound", "inbound"]),
                      person=rng.choice(["student", "staff"]), level=rng.choice(["", "bachelor", "master"]),
                      field_id=rng.choice([None, "04", "05"]), format=rng.choice(["", "online", "physical"]),
                      funding=rng.choice(["", "grant"]), headcount=rng.choice([0, 1, 7]))
            for model in (JointProgramme, DoubleDegreeProgramme):
                world.add(model, hei, **pick_countries(), level=rng.choice(["", "master"]),
                          field_id=rng.choice([None, "05"]), enrolment=rng.choice([None, 0, 3]),
                          languages=rng.choice([[], ["en"], ["en", "ru"], ["kk", "ru", "en"]]))
            world.add(Project, hei, **pick_countries(), kind=rng.choice(["research", "educational"]),
                      field_id=rng.choice([None, "04"]), funder=rng.choice(["", "Erasmus+"]), quantity=rng.randint(0, 3))
            world.add(VisitingFaculty, hei, **pick_countries(), headcount=rng.randint(0, 3),
                      field_id=rng.choice([None, "05"]), academic_degree=rng.choice(["", "PhD"]))
            world.add(InternationalStudents, hei, country_id=rng.choice(countries),
                      level=rng.choice(["bachelor", "master"]), headcount=rng.randint(1, 9))
            world.add(Publications, hei, database=rng.choice(["scopus", "wos"]), field_id=rng.choice([None, "04"]),
                      count=rng.randint(0, 9), with_foreign_coauthors=rng.choice([None, 0, 2]))
    return world


def test_a_random_sample_gives_the_same_values_both_ways(sample):
    assert assert_same_as_plain(2023) > 500


def test_the_whole_set_leaves_the_garbage_collector_as_it_found_it(sample):
    """It is paused while values are built (they hold no cycles) and switched back on after; a caller
    that had it off keeps it off; objects the process froze stay frozen."""
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    compute_all(2023)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # what the run made went to the oldest generation, nothing stays frozen
    gc.disable()
    try:
        compute_all(2023)
        assert not gc.isenabled()
    finally:
        gc.enable()
    # a process that froze its objects itself (after a fork) keeps them frozen
    gc.freeze()
    try:
        assert gc.get_freeze_count() > 0
        compute_all(2023)
        assert gc.isenabled() and gc.get_freeze_count() > 0  # (a frozen object freed meanwhile leaves it)
    finally:
        gc.unfreeze()


def test_a_value_built_the_fast_way_is_an_ordinary_frozen_value():
    fast = base.make_value({"country": "FR"}, 3, Source.RECORDS, "", ("country",))
    assert fast == Value({"country": "FR"}, 3, Source.RECORDS, "", ("country",))
    assert repr(fast) == repr(Value({"country": "FR"}, 3, Source.RECORDS, "", ("country",)))
    with pytest.raises(AttributeError):  # dataclasses.FrozenInstanceError
        fast.value = 4


class _Node:
    pass


def _young_cycle() -> weakref.ref:
    node = _Node()
    node.itself = node  # garbage once dropped, found only by the cyclic collector
    return weakref.ref(node)


def test_only_the_whole_set_sends_what_it_made_to_the_oldest_generation(sample):
    """A statistic read alone (a page's `session()`) pauses the collector too, but leaves young objects
    young: a young collection still frees the process's cyclic garbage after it. The whole set moves
    everything young to the oldest generation once (a full collection frees it there)."""
    gc.collect()
    cycle = _young_cycle()
    compute("mobility_by_country", 2023)
    gc.collect(0)
    assert cycle() is None
    gc.collect()  # (the count of new objects starts again: no young collection before the run pauses it)
    cycle = _young_cycle()
    compute_all(2023)
    gc.collect(0)
    assert cycle() is not None  # promoted with the values
    gc.collect()
    assert cycle() is None
