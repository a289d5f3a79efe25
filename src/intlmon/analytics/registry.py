"""Declared statistics: every number the system shows is one of these, computed by one function.

In the spirit of zulip's analytics `COUNT_STATS`: a `Statistic` has an id, a title and description in
kk/ru/en, its dimensions, its unit and one `compute(year) -> list[Value]`. Each `Value` says where it
came from (the current approved/imported records, or a figure as published for years before the
system), so a report can footnote a number honestly.

Values of one result normally share the statistic's full set of dimensions (a cross-tabulation
computed from records). Published figures are not that regular: a report prints a table by country
and another by direction, a scalar headline and a few values by HEI. A result may therefore hold
values with different dimension sets; `total()` and `by()` choose one consistent set (see there) so
nothing is counted twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.utils.functional import Promise


class Source(StrEnum):
    RECORDS = "records"
    PUBLISHED = "published"


@dataclass(frozen=True)
class Value:
    dimension: dict[str, str]
    value: int | Decimal
    source: Source
    note: str = ""

    def key(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.dimension.items()))


@dataclass(frozen=True)
class Statistic:
    id: str
    title: Promise
    description: Promise
    dimensions: tuple[str, ...]
    unit: str
    compute: Callable[[int], list[Value]]
    section: str = ""
    additive: bool = True  # False for ratios: values are not summed across dimensions
    # the two halves of `compute`, when the statistic has both (compute = records, else published)
    records: Callable[[int], list[Value]] | None = None
    published: Callable[[int], list[Value]] | None = None

    def __str__(self) -> str:
        return self.id


STATISTICS: dict[str, Statistic] = {}


def register(statistic: Statistic) -> Statistic:
    if statistic.id in STATISTICS:
        raise ValueError(f"statistic {statistic.id!r} registered twice")
    STATISTICS[statistic.id] = statistic
    return statistic


def _zero(values: Iterable[int | Decimal]) -> int | Decimal:
    total: int | Decimal = 0
    for v in values:
        total += v
    return total


@dataclass
class StatResult:
    statistic: Statistic
    year: int
    values: list[Value] = field(default_factory=list)

    # -- choosing a consistent set of values --------------------------------------------------------
    def _groups(self) -> dict[frozenset[str], list[Value]]:
        groups: dict[frozenset[str], list[Value]] = defaultdict(list)
        for v in self.values:
            groups[frozenset(v.dimension)].append(v)
        return groups

    def _best_group(self, dim: str | None) -> list[Value]:
        """The values of one dimension set: the one covering `dim` that adds up to most (fewest keys on ties).

        With records every value has the same keys, so this is all values. With published figures the
        most complete set wins: a table by database × field (5 089 in all) over a lone headline by
        field (1 207), the projects by kind (363) over a top list by kind and HEI (40).
        """
        groups = [(keys, vals) for keys, vals in self._groups().items() if keys and (dim is None or dim in keys)]
        if not groups:
            return []
        order = {d: i for i, d in enumerate(self.statistic.dimensions)}

        def coverage(vals: list[Value]) -> int | Decimal:
            return _zero(v.value for v in vals) if self.statistic.additive else len(vals)

        groups.sort(key=lambda kv: (-coverage(kv[1]), len(kv[0]), sorted(order.get(k, 99) for k in kv[0])))
        return groups[0][1]

    def total(self) -> int | Decimal:
        """The stated scalar when there is one (a headline as published), else the sum of one dimension set."""
        scalars = [v for v in self.values if not v.dimension]
        if scalars:
            return scalars[0].value
        if not self.statistic.additive:
            return 0
        return _zero(v.value for v in self._best_group(None))

    def get(self, **dimension: str) -> Value | None:
        wanted = {k: str(v) for k, v in dimension.items()}
        for v in self.values:
            if v.dimension == wanted:
                return v
        if not self.statistic.additive:
            return None
        # collapse over the other dimensions of a full cross-tabulation
        matching = [v for v in self._best_group(next(iter(wanted), None)) if all(
            v.dimension.get(k) == c for k, c in wanted.items())]
        if not matching or not all(set(wanted) <= set(v.dimension) for v in matching):
            return None
        sources = {v.source for v in matching}
        return Value(wanted, _zero(v.value for v in matching), sources.pop() if len(sources) == 1 else Source.PUBLISHED)

    def by(self, dim: str) -> dict[str, int | Decimal]:
        """Collapse to one dimension: {code: value}, largest first (code order on ties)."""
        out: dict[str, int | Decimal] = {}
        for v in self._best_group(dim):
            code = v.dimension.get(dim, "")
            out[code] = out.get(code, 0) + v.value if self.statistic.additive else v.value
        return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))

    def top(self, n: int, dim: str | None = None) -> list[tuple[int, Value]]:
        """Competition ranking ("1224"): ties share a rank; every row tied with the n-th is kept.

        Rows with an unknown code ("") are not ranked: "not specified" is not a country.
        """
        if dim is None:
            rows = [v for v in self._best_group(None) if v.dimension]
        else:
            rows = [Value({dim: code}, value, self._source_of(dim, code)) for code, value in self.by(dim).items()]
        rows = [v for v in rows if all(v.dimension.values())]
        rows.sort(key=lambda v: (-v.value, v.key()))
        ranked: list[tuple[int, Value]] = []
        for i, v in enumerate(rows):
            rank = ranked[-1][0] if ranked and ranked[-1][1].value == v.value else i + 1
            if rank > n:
                break
            ranked.append((rank, v))
        return ranked

    def _source_of(self, dim: str, code: str) -> Source:
        sources = {v.source for v in self._best_group(dim) if v.dimension.get(dim, "") == code}
        return Source.RECORDS if sources == {Source.RECORDS} else Source.PUBLISHED

    @property
    def sources(self) -> set[Source]:
        return {v.source for v in self.values}

    @property
    def is_empty(self) -> bool:
        return not self.values

    def as_dict(self) -> dict:
        return {
            "id": self.statistic.id,
            "year": self.year,
            "unit": self.statistic.unit,
            "dimensions": list(self.statistic.dimensions),
            "sources": sorted(self.sources),
            "total": self.total(),
            "values": [
                {"dimension": v.dimension, "value": v.value, "source": str(v.source), **({"note": v.note} if v.note else {})}
                for v in self.values
            ],
        }


def _load() -> None:
    from intlmon.analytics import statistics  # noqa: F401  (registers on import)


def all_statistics() -> dict[str, Statistic]:
    _load()
    return STATISTICS


def compute(stat_id: str, year: int, source: Source | None = None) -> StatResult:
    """Compute one statistic for a year; KeyError when the id is not registered.

    `source` forces one side: e.g. the national figures printed for 2022 even though the France
    note's 2022 records exist (records always win otherwise).
    """
    statistic = all_statistics()[stat_id]
    if source is None:
        done = memo(("result", stat_id, year))
        if done is None:
            done = StatResult(statistic, year, statistic.compute(year))
            remember(("result", stat_id, year), done)
        return done
    fn = statistic.records if source == Source.RECORDS else statistic.published
    if fn is None:
        values = [v for v in statistic.compute(year) if v.source == source]
    else:
        values = [v for v in fn(year) if v.source == source]
    return StatResult(statistic, year, values)


def compute_all(year: int, only: Iterable[str] | None = None) -> dict[str, StatResult]:
    """Every statistic (or those named) for a year; registry lookups (categories, regions) are read once."""
    ids = list(only) if only is not None else list(all_statistics())
    token = _memo.set({})
    try:
        return {stat_id: compute(stat_id, year) for stat_id in ids}
    finally:
        _memo.reset(token)


# Lookups shared by the statistics of one compute_all run (none outside it, so nothing goes stale).
_memo: ContextVar[dict | None] = ContextVar("analytics_memo", default=None)


def memo(key):
    store = _memo.get()
    return None if store is None else store.get(key)


def remember(key, value) -> None:
    store = _memo.get()
    if store is not None:
        store[key] = value


def series(stat_id: str, years: Iterable[int], source: Source | None = None) -> dict[int, StatResult]:
    return {year: compute(stat_id, year, source) for year in years}

