"""A plan's values kept beside its kept pass, brought up to date from the groups an approval changed.

Why (issues 13 and 17): once `kept_passes` had taken PostgreSQL's grouping off the wait after an approval,
what was left was this process turning every grouped row of the year into values again — some 100,000 rows
into 76,000 values on the 1,000-HEI database, ~0.5 s of Python — for one HEI's new version. Values are
totals over the grouped rows: a sum of the measure per key, or for a count of distinct codes, the codes with
the number of rows naming each. So the totals for the new rows are the kept totals, minus what the changed
groups' old rows added, plus what their new rows add (`kept_passes.Kept.origin`: the old and new row of
every group the signed pass touched), and only the keys whose total changed get a new value, put in its
place in key order (the order `shaping` sorts in: tuples of codes).

The values stay exactly what `shaping.shape` gives for the whole of the new rows. What decides more than one
key is computed whole again: when the dimension sets themselves change (a first or last row naming several
countries: `shaping.part_dims`), when a total is not an int (a Decimal sum could keep an exponent the whole
computation would not), or when a count would go below zero (the kept totals out of step). The categories
and regions the keys map through are the same for both (the pass is kept under one records basis, which
covers the registry). `tests/analytics/test_kept_passes.py` compares every statistic with a fresh
computation after approvals, a version that stops counting and a registry change.
"""

from __future__ import annotations

from bisect import bisect_left

from intlmon.analytics.registry import Source
from intlmon.analytics.statistics.shaping import (
    Columns,
    Part,
    PlanValues,
    context,
    make_value,
    part_dims,
    totals_of,
)


class OutOfStep(Exception):
    """The changed rows do not fit the kept totals (or decide more than one key): the plan is shaped whole."""


def brought_up_to_date(kept: PlanValues, p, old: Columns, new: Columns, year: int) -> PlanValues | None:
    """The plan's values for its new rows, from the values `kept` for the old ones: `old` and `new` hold the
    old and new rows of the changed groups only. None when that cannot be done exactly (see above)."""
    try:
        return _updated(kept, p, old, new, year)
    except OutOfStep:
        return None


def _updated(kept: PlanValues, p, old: Columns, new: Columns, year: int) -> PlanValues:
    categories, regions, old_places, old_several = context(p, old, year)
    new_categories, new_regions, new_places, new_several = context(p, new, year)
    several = kept.several - len(old_several) + len(new_several)
    if [d for d, _ in part_dims(p, bool(several))] != [part.dims for part in kept.parts]:
        raise OutOfStep
    rows = kept.rows - len(old) + len(new)
    distinct = p.measure.kind == "distinct"
    # a part of no dimension shows its one total even at 0 — when it has one at all (`values_of`)
    exists = _exists_rule(p, rows)
    parts = []
    for part in kept.parts:
        taken = totals_of(old, part.dims, part.multi, p.cols, p.measure, categories, regions, old_places, old_several)
        added = totals_of(new, part.dims, part.multi, p.cols, p.measure, new_categories, new_regions, new_places,
                          new_several)
        totals = dict(part.totals)
        changed = set(taken) | set(added)
        if distinct:
            for key in changed:
                totals[key] = _codes_counted(totals.get(key), added.get(key), taken.get(key))
                if not totals[key]:
                    del totals[key]
        else:
            if not set(map(type, taken.values())) | set(map(type, added.values())) <= {int}:
                raise OutOfStep
            for key in changed:
                total = totals.get(key, 0) + added.get(key, 0) - taken.get(key, 0)
                if total < 0:  # (counts and sums of counts: never below zero unless out of step)
                    raise OutOfStep
                if total:
                    totals[key] = total
                else:
                    totals.pop(key, None)
        parts.append(_placed(part, totals, sorted(changed), distinct, exists))
    return PlanValues(parts, rows, several)


def _exists_rule(p, rows: int):
    """key, totals → whether a part of no dimension has its one total (then shown even at 0): in `totals_of`
    a count or a sum makes the key for every row, a count of distinct codes of a column only for a row
    naming one (a count of distinct countries: for every row)."""
    every_row = p.measure.kind != "distinct" or p.measure.column in ("_country", "country_id")

    def exists(key, totals) -> bool:
        return rows > 0 if every_row else key in totals

    return exists


def _codes_counted(kept: dict | None, added: dict | None, taken: dict | None) -> dict:
    """code → rows naming it, after the changed rows: a new dict (the kept one may be read meanwhile)."""
    out = dict(kept or {})
    for code, n in (added or {}).items():
        out[code] = out.get(code, 0) + n
    for code, n in (taken or {}).items():
        left = out.get(code, 0) - n
        if left < 0:
            raise OutOfStep
        if left:
            out[code] = left
        else:
            del out[code]
    return out


def _placed(part: Part, totals: dict, changed: list, distinct: bool, exists) -> Part:
    """The part with the changed keys' values replaced, added or taken out, in key order (new lists)."""
    keys, values = list(part.keys), list(part.values)
    dims, multi, records = part.dims, part.multi, Source.RECORDS
    for key in changed:
        found = totals.get(key)
        total = (len(found) if distinct else found) if found is not None else 0
        shown = bool(total) or (not dims and exists(key, totals))
        at = bisect_left(keys, key)
        there = at < len(keys) and keys[at] == key
        if shown and there:
            if values[at].value != total or type(values[at].value) is not type(total):
                values[at] = make_value(dict(zip(dims, key, strict=True)), total, records, "", multi)
        elif shown:
            keys.insert(at, key)
            values.insert(at, make_value(dict(zip(dims, key, strict=True)), total, records, "", multi))
        elif there:
            del keys[at]
            del values[at]
    return Part(dims, multi, totals, keys, values)
