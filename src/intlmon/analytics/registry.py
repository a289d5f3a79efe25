"""Declared statistics: every number the system shows is one of these, computed by one function.

In the spirit of zulip's analytics `COUNT_STATS`: a `Statistic` has an id, a title and description in
kk/ru/en, its dimensions, its unit and one `compute(year) -> list[Value]`. Each `Value` says where it
came from (the current approved/imported records, or a figure as published for years before the
system), so a report can footnote a number honestly.

Values of one result normally share the statistic's full set of dimensions (a cross-tabulation
computed from records). Published figures are not that regular, so a result may hold values with
different dimension sets; reading them (one consistent set, slicing, ranking, the JSON shape) is the
read service's job: `intlmon.analytics.read`.
"""

from __future__ import annotations

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
    # dimensions under which one record may count more than once (a programme with partners in CH and
    # ES is under both countries): this value's dimension set is not additive into totals over them;
    # the first is the one that tells a record's parts apart (country; its region goes with it)
    multi: tuple[str, ...] = ()

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
    # the published-figure ids it reads (so a finding about a printed figure can name this statistic)
    printed: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.id


STATISTICS: dict[str, Statistic] = {}


def register(statistic: Statistic) -> Statistic:
    if statistic.id in STATISTICS:
        raise ValueError(f"statistic {statistic.id!r} registered twice")
    STATISTICS[statistic.id] = statistic
    return statistic


@dataclass
class StatResult:
    statistic: Statistic
    year: int
    values: list[Value] = field(default_factory=list)
    # `value_sets()` as last computed, with the identity and length of the values it was computed from
    _sets: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def value_sets(self):
        """The values grouped by dimension set (`read.choice.value_sets`), grouped once per result: a page
        asks one result for many breakdowns. Computed again if `values` was replaced or grown."""
        from intlmon.analytics.read.choice import value_sets

        found = self._sets
        if found is None or found[0] is not self.values or found[1] != len(self.values):
            made = getattr(self.values, "sets", None)  # grouped as they were made (`shaping.Shaped`)
            found = self._sets = (self.values, len(self.values), made if made is not None else value_sets(self.values))
        return found[2]

    # Reading values is the read service's job (`intlmon.analytics.read`); these are shortcuts to it.
    def total(self) -> int | Decimal:
        """The stated scalar when there is one, else the sum of one consistent dimension set."""
        from intlmon.analytics.read.choice import total

        return total(self.values, self.statistic.dimensions, self.statistic.additive, sets=self.value_sets())

    def by(self, dim: str) -> dict[str, int | Decimal]:
        """Collapse one consistent dimension set to `dim`: {code: value}, largest first (code order on ties)."""
        from intlmon.analytics.read.choice import collapse, consistent

        stat = self.statistic
        return collapse(consistent(self.values, stat.dimensions, stat.additive, (dim,), sets=self.value_sets()),
                        dim, stat.additive)

    def get(self, **dimension: str) -> Value | None:
        """The value for these codes (summed over the other dimensions of one consistent set); None if not stated."""
        from intlmon.analytics.read.choice import consistent, source_of

        wanted = {k: str(v) for k, v in dimension.items()}
        exact = [v for v in self.values if v.dimension == wanted]
        if exact:
            return exact[0]
        if not self.statistic.additive:
            return None
        rows = consistent(self.values, self.statistic.dimensions, True, where=wanted, sets=self.value_sets())
        if not rows:
            return None
        total: int | Decimal = 0
        for v in rows:
            total += v.value
        return Value(wanted, total, source_of(rows))

    @property
    def sources(self) -> set[Source]:
        return {v.source for v in self.values}

    @property
    def is_empty(self) -> bool:
        return not self.values


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
    from intlmon.analytics.statistics import prefetch
    from intlmon.analytics.statistics.base import collector_paused  # (why: see there)

    ids = list(only) if only is not None else list(all_statistics())
    # the rows kept for the run are freed before the collector is switched back on (not walked once more)
    with collector_paused(promote=True):
        token = _memo.set({})
        finish = None
        try:
            # the whole set on PostgreSQL: every section's query sent ahead (prefetch: why and how)
            finish = prefetch.start(year) if only is None else None
            done = {stat_id: compute(stat_id, year) for stat_id in (ids if finish is None else prefetch.in_order(ids))}
            return {stat_id: done[stat_id] for stat_id in ids}
        finally:
            if finish is not None:
                finish()
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

