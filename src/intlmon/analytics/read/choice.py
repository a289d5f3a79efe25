"""Which values of a result answer a question: one consistent set of dimensions, never two summed.

Values computed from records all share the statistic's dimensions, so there is only one set. Figures
as published are not that regular: a report prints a table by country and another by direction, a
headline and a few values by HEI, a table by database × field and a lone quote by field. Adding all
of them would count things twice, so every question ("the total", "by country", "by HEI for
kind=research") is answered from ONE set of dimension keys: among the sets that have every key the
question needs, the one whose matching values add up to most (for a ratio: has most values), then
the one with fewer keys, then the statistic's own order of dimensions. A set whose values are
multi-valued over a dimension (`Value.multi`: a programme with partners in two countries is under
both) answers only questions that ask for that dimension, so it is never summed into a total or a
breakdown by level. This is the only place that rule is written; `StatResult`, the reports and the
audit all call it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from intlmon.analytics.registry import Source, Value

Number = int | Decimal


def add(values: Iterable[Number]) -> Number:
    """Sum that stays an int for ints (`sum` would too, but a Decimal start would not)."""
    total: Number = 0
    for v in values:
        total += v
    return total


def _matches(value: Value, where: Mapping[str, str]) -> bool:
    return all(value.dimension.get(k) == c for k, c in where.items())


class ValueSet:
    """The values of a result sharing one set of dimension keys (and so one `multi`), in their order."""

    __slots__ = ("dims", "multi", "values", "_whole")

    def __init__(self, dims: frozenset[str], multi: str | None, values: list[Value]):
        self.dims, self.multi, self.values = dims, multi, values
        self._whole: dict[bool, Number] = {}

    def whole(self, additive: bool) -> Number:
        """What the set covers: the sum of its values (a ratio: how many there are), computed once."""
        if additive not in self._whole:
            self._whole[additive] = add(v.value for v in self.values) if additive else len(self.values)
        return self._whole[additive]


def value_sets(values: Iterable[Value]) -> list[ValueSet] | None:
    """The values grouped by dimension set, in order of first appearance; scalars left out.

    A page asks one result for many breakdowns (`consistent` once each): grouping its tens of thousands
    of values once (`StatResult.value_sets`) instead of on every question was a fifth of the overview's
    time after an approval. None when the values of one set differ in `multi` (no statistic makes such a
    result; `consistent` then reads the values one by one, as it always could)."""
    sets: dict[frozenset[str], ValueSet] = {}
    key_sets: dict[tuple[str, ...], frozenset[str]] = {}  # one frozenset per key order met, not per value
    for v in values:
        if not v.dimension:
            continue
        order = tuple(v.dimension)
        dims = key_sets.get(order)
        if dims is None:
            dims = key_sets[order] = frozenset(order)
        multi = v.multi[0] if v.multi else None
        found = sets.get(dims)
        if found is None:
            sets[dims] = ValueSet(dims, multi, [v])
        elif found.multi != multi:
            return None
        else:
            found.values.append(v)
    return list(sets.values())


def consistent(values: Iterable[Value], dimensions: tuple[str, ...], additive: bool = True,
               needed: Iterable[str] = (), where: Mapping[str, str] | None = None,
               sets: list[ValueSet] | None = None) -> list[Value]:
    """The values of the best dimension set having every key of `needed` and `where`, restricted to `where`.

    Scalars (a headline with no dimension) never take part: they answer `total`, not a breakdown.
    `sets`: `value_sets(values)` when the caller keeps it (a `StatResult` does).
    """
    where = dict(where or {})
    keys = frozenset(needed) | frozenset(where)
    if sets is None:
        sets = value_sets(values)
    if sets is None:
        return _consistent_value_by_value(values, dimensions, additive, keys, where)
    # a set where one record counts under several codes of a dimension the question does not ask for
    # (a programme under CH and ES) would count it twice: only a question by country reads it
    # (`multi` tells a record's parts apart; the region that goes with each country does not)
    usable = [s for s in sets if keys <= s.dims and (s.multi is None or s.multi in keys)]
    if not usable:
        return []
    order = {d: i for i, d in enumerate(dimensions)}
    ranked = []
    for s in usable:
        whole = s.whole(additive)
        if where:
            rows = [v for v in s.values if _matches(v, where)]
            covered = add(v.value for v in rows) if additive else len(rows)
        else:
            rows, covered = s.values, whole
        ranked.append(((-covered, -whole, len(s.dims), sorted(order.get(d, 99) for d in s.dims)), rows))
    ranked.sort(key=lambda item: item[0])
    best = ranked[0][1]
    return list(best) if not where else best


def _consistent_value_by_value(values: Iterable[Value], dimensions: tuple[str, ...], additive: bool,
                               keys: frozenset[str], where: dict[str, str]) -> list[Value]:
    """`consistent` for values whose sets are not uniform in `multi`: each value judged on its own."""
    groups: dict[frozenset[str], list[Value]] = defaultdict(list)
    key_sets: dict[tuple[str, ...], frozenset[str]] = {}
    for v in values:
        if not v.dimension or (v.multi and v.multi[0] not in keys):
            continue
        order = tuple(v.dimension)
        dims = key_sets.get(order)
        if dims is None:
            dims = key_sets[order] = frozenset(order)
        if keys <= dims:
            groups[dims].append(v)
    if not groups:
        return []
    order = {d: i for i, d in enumerate(dimensions)}

    def coverage(vals: list[Value]) -> Number:
        return add(v.value for v in vals) if additive else len(vals)

    ranked = []
    for dims, vals in groups.items():
        rows = [v for v in vals if _matches(v, where)] if where else vals  # no condition: all of them
        whole = coverage(vals)
        ranked.append(((-(whole if rows is vals else coverage(rows)), -whole, len(dims),
                        sorted(order.get(d, 99) for d in dims)), rows))
    ranked.sort(key=lambda item: item[0])
    return ranked[0][1]


def finest(values: Iterable[Value]) -> list[Value]:
    """The values to list one by one (a JSON export, a table of every value): without the sets that a
    multi-valued breakdown was computed alongside (the same records without country, each once), which
    only answer totals and would count each record again if listed too."""
    values = list(values)
    spread = {frozenset(v.dimension) for v in values if v.multi and v.multi[0] == "country"}
    return [v for v in values if not any(frozenset(v.dimension) < keys for keys in spread)]


def collapse(values: Iterable[Value], dim: str, additive: bool = True) -> dict[str, Number]:
    """{code: value} over one dimension, largest first (codes in order on ties)."""
    out: dict[str, Number] = {}
    get = out.get
    if additive:  # (one loop per case: a breakdown by HEI adds up some 10,000 values on 1,000 HEIs)
        for v in values:
            code = v.dimension.get(dim, "")
            out[code] = get(code, 0) + v.value
    else:
        for v in values:
            out[v.dimension.get(dim, "")] = v.value
    return dict(sorted(out.items(), key=_largest_first))


def _largest_first(item: tuple[str, Number]) -> tuple:
    return (-item[1], item[0])


def source_of(values: Iterable[Value]) -> Source | None:
    """Records only when every value came from records; published as soon as one was printed."""
    sources = {v.source for v in values}
    if not sources:
        return None
    return Source.RECORDS if sources == {Source.RECORDS} else Source.PUBLISHED


def total(values: list[Value], dimensions: tuple[str, ...], additive: bool = True,
          sets: list[ValueSet] | None = None) -> Number:
    """The total from the finest data held: the sum of one dimension set, unless a headline says more.

    A published table whose rows add up to more than the printed headline (78 rows by partner country
    adding to 6 050, the headline 6 044) is the finer account and wins; the headline is then a
    footnote. A breakdown adding up to less is a partial list (the ten leading HEIs), so the headline
    stands. A ratio has no sum: its stated scalar is the total.
    """
    scalars = [v for v in values if not v.dimension]
    headline = scalars[0].value if scalars else None
    if not additive:
        return headline if headline is not None else 0
    rows = consistent(values, dimensions, additive, sets=sets)
    if not rows:
        return headline if headline is not None else 0
    summed = add(v.value for v in rows)
    return summed if headline is None or summed >= headline else headline


def headline_note(values: list[Value], dimensions: tuple[str, ...], additive: bool = True,
                  sets: list[ValueSet] | None = None) -> str:
    """'published: 6044 (source)' when a printed headline differs from the total of the finest data."""
    scalars = [v for v in values if not v.dimension]
    if not scalars or not additive:
        return ""
    value = total(values, dimensions, additive, sets)
    head = scalars[0]
    if head.value == value:
        return ""
    return f"published: {head.value}" + (f" ({head.note})" if head.note else "")
