"""The read service: the one way anything reads a figure (reports, the audit, `intlmon stats`, later
the portal and the API).

A `Reader` owns, for one document build or one request:
- the cache: each (statistic, year, source) is computed once and shared, e.g. across the three
  languages of the national report;
- which versions count: `analytics.scope` (through `registry.compute`);
- the published-figure policy: with `national=True` a year whose counted records are only a
  bilateral slice (the France note's 2022 tables) is read from its published figures, so national
  figures never shrink to one country's slice; a country note or an HEI profile reads the records;
- the choice of one consistent dimension set (`choice.py`), slicing by any dimension (`Slice`),
  ranking with ties (`ranking.py`), labels fetched once per build (`analytics.labels`) and the one
  JSON shape of a figure (`figure.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from intlmon.analytics import labels as names
from intlmon.analytics import registry
from intlmon.analytics.read.choice import Number, add, collapse, consistent, finest, headline_note, source_of
from intlmon.analytics.read.choice import total as total_of
from intlmon.analytics.read.figure import Figure
from intlmon.analytics.registry import Source, StatResult


@contextmanager
def session():
    """Share registry lookups and labels for the duration of one build (nothing outlives it)."""
    if registry._memo.get() is not None:
        yield
        return
    token = registry._memo.set({})
    try:
        yield
    finally:
        registry._memo.reset(token)


def label(dim: str, code: str, lang: str) -> str:
    """Display name of a dimension code in `lang` (`analytics.labels`).

    Within a `session()` the names of a registry dimension (countries, HEIs, regions, fields) are
    fetched in one query the first time one is asked for, and every label is remembered.
    """
    store = registry._memo.get()
    if store is None:
        return names.label(dim, code, lang)
    key = ("label", dim, code, lang)
    if key in store:
        return store[key]
    batch_key = ("labels", dim, lang)
    if batch_key not in store:
        store[batch_key] = names.registry_names(dim, lang)
    batch = store[batch_key]
    found = batch[code] if batch is not None and code and code in batch else names.label(dim, code, lang)
    store[key] = found
    return found


@dataclass(frozen=True)
class Topic:
    """Statistics that can answer one question (the first with the wanted dimensions wins), plus fixed codes."""

    ids: tuple[str, ...]
    fixed: dict[str, str] = field(default_factory=dict)


class Reader:
    def __init__(self, year: int | None = None, *, national: bool = False, store: dict | None = None):
        self.year = year
        self.national = national
        self.store = store if store is not None else {}
        self._labels: dict[tuple, str] = {}
        self._by: dict[tuple, dict] = {}

    # -- the cache and the policy ------------------------------------------------------------------
    def _year(self, year: int | None) -> int:
        year = self.year if year is None else year
        if year is None:
            raise ValueError("no year: pass one or build the Reader with one")
        return year

    def is_national(self, year: int) -> bool:
        """Whether the counted records of `year` describe whole HEIs (see `analytics.scope.is_national`)."""
        key = ("is_national", year)
        if key not in self.store:
            from intlmon.analytics.scope import is_national

            self.store[key] = is_national(year)
        return self.store[key]

    def get(self, stat_id: str, year: int | None = None, source: Source | None = None) -> StatResult:
        """The statistic's values for the year; KeyError for an unknown id (a bug, not missing data)."""
        year = self._year(year)
        if source is None and self.national and not self.is_national(year):
            source = Source.PUBLISHED
        key = (stat_id, year, source)
        if key not in self.store:
            self.store[key] = registry.compute(stat_id, year, source=source)
        return self.store[key]

    @contextmanager
    def passes_ahead(self, ids: Iterable[str], year: int | None = None):
        """Within the block, the section passes of `year` sent ahead on PostgreSQL (`statistics.prefetch`), the
        sections of `ids` first, when this build will compute `ids` from records: a page reading statistic by
        statistic then has the server group the next section while Python shapes this one (the overview after
        an approval: ~0.6 s of the server's grouping no longer waited for). Nothing is sent outside a
        `session()`, when every one of `ids` is kept in the store already, or when the year's national figures
        come from published ones (`is_national`)."""
        from intlmon.analytics.statistics import prefetch

        year = self._year(year)
        ids = list(ids)
        finish = None
        if (registry._memo.get() is not None and any((stat_id, year, None) not in self.store for stat_id in ids)
                and (not self.national or self.is_national(year))):
            finish = prefetch.start(year, ids)
        try:
            yield
        finally:
            if finish is not None:
                finish()

    def records(self, stat_id: str, year: int | None = None) -> StatResult:
        """Only what the counted records add up to (the audit's side of a comparison)."""
        return self.get(stat_id, year, Source.RECORDS)

    # -- reading numbers ---------------------------------------------------------------------------
    def total(self, stat_id: str, year: int | None = None, source: Source | None = None) -> Number | None:
        """The statistic's total; None when it has no value that year."""
        r = self.get(stat_id, year, source)
        if r.is_empty:
            return None
        return total_of(r.values, r.statistic.dimensions, r.statistic.additive, r.value_sets())

    def values(self, stat_id: str, year: int | None = None, *dims: str, source: Source | None = None,
               **where: str) -> list:
        """The values of one consistent dimension set having `dims` and `where`, restricted to `where`."""
        r = self.get(stat_id, year, source)
        if any(d not in r.statistic.dimensions for d in (*dims, *where)):
            return []
        return consistent(r.values, r.statistic.dimensions, r.statistic.additive, dims, where, r.value_sets())

    def overlapping(self, stat_id: str, year: int | None, *dims: str, **where: str) -> bool:
        """Whether a breakdown by `dims` counts some record under several codes (a programme with
        partners in CH and ES is under both): its rows then add up to more than the total, and a
        table of it prints the total (`total`) with a note instead of the sum of its rows."""
        return any(v.multi for v in self.values(stat_id, year, *dims, **where))

    def by(self, stat_id: str, year: int | None, dim: str, source: Source | None = None,
           **where: str) -> dict[str, Number]:
        """{code: value} of `dim` over the values matching `where`, largest first; {} when not available.

        Kept for the build (a page asks for some breakdowns twice: the partner countries for the map and the
        table); callers get a copy."""
        r = self.get(stat_id, year, source)
        key = (stat_id, self._year(year), dim, source, tuple(sorted(where.items())), id(r))
        found = self._by.get(key)
        if found is None:
            found = self._by[key] = collapse(self.values(stat_id, year, dim, source=source, **where), dim,
                                             r.statistic.additive)
        return dict(found)

    def part(self, stat_id: str, year: int | None, dim: str, code: str, source: Source | None = None) -> Number | None:
        """One slice of a statistic, e.g. the research projects of `projects` (None when not stated)."""
        return self.by(stat_id, year, dim, source).get(code)

    def count(self, stat_id: str, year: int | None, dim: str, source: Source | None = None, **where: str) -> int:
        """How many distinct known codes of `dim` have a value (e.g. partner countries listed)."""
        return len([c for c, v in self.by(stat_id, year, dim, source, **where).items() if c and v])

    def slice(self, topic: Topic, where: dict[str, str], year: int | None = None) -> Slice:
        return Slice(self, topic, where, self._year(year))

    # -- registry lookups --------------------------------------------------------------------------
    def regions(self, year: int | None = None) -> dict[str, str]:
        """Country code → monitoring region of the year (the registry's rule, as statistics use it)."""
        from intlmon.analytics.statistics.base import region_map

        return region_map(self._year(year))

    def categories(self, year: int | None = None, institutions: Iterable[str] = ()) -> dict[str, str]:
        """HEI id → ownership category of the year (as statistics use it)."""
        from intlmon.analytics.statistics.base import category_map

        return category_map(self._year(year), institutions)

    def label(self, dim: str, code: str, lang: str) -> str:
        key = ("label", dim, code, lang)
        found = self._labels.get(key)
        if found is None:
            # the store may be a page cache's (`web.dashboards.shared_store.YearStore`: a mapping over parts,
            # several calls a lookup); a page asks for some 10,000 labels, so they are also kept here
            if key not in self.store:
                self.store[key] = label(dim, code, lang)
            found = self._labels[key] = self.store[key]
        return found

    def labels(self, dim: str, codes: Iterable[str], lang: str) -> dict[str, str]:
        return {code: self.label(dim, code, lang) for code in codes}

    # -- figures in the one JSON shape -------------------------------------------------------------
    def figure(self, stat_id: str, year: int | None = None, source: Source | None = None, **where: str) -> Figure:
        """One figure: the total (no `where`) or the sum over the values matching `where`."""
        r = self.get(stat_id, year, source)
        unit = r.statistic.unit
        if not where:
            dims, additive = r.statistic.dimensions, r.statistic.additive
            sets = r.value_sets()
            value = None if r.is_empty else total_of(r.values, dims, additive, sets)
            scalars = [v for v in r.values if not v.dimension]
            if scalars and value == scalars[0].value:
                v = scalars[0]
                return Figure(stat_id, r.year, v.value, unit, {}, v.source, v.note)
            rows = consistent(r.values, dims, additive, sets=sets)
            differs = headline_note(r.values, dims, additive, sets)
            sources = {v.note for v in rows if v.note}
            # the one printed line every row comes from, else only the differing headline
            note = differs or (sources.pop() if len(sources) == 1 else "")
            return Figure(stat_id, r.year, value, unit, {}, source_of(rows), note)
        else:
            rows = self.values(stat_id, year, source=source, **where)
            exact = [v for v in rows if v.dimension == where]
            if not r.statistic.additive:
                rows = exact
            value = add(v.value for v in rows) if rows else None
        notes = [v.note for v in rows if v.note]
        return Figure(stat_id, r.year, value, unit, dict(where), source_of(rows), "; ".join(dict.fromkeys(notes)))

    def stated(self, year: int | None = None, statistic: str | None = None, **where: str) -> list[Figure]:
        """What a source states in its own text about a statistic (`published.stated_figures`), cached.

        E.g. `stated(2022, country="FR")`: the France note's 84 agreements, 3 degree students, the
        visiting specialists by format …, each a published Figure whose note names its source lines.
        """
        year = self._year(year)
        key = ("stated", year, statistic, tuple(sorted(where.items())))
        if key not in self.store:
            from intlmon.analytics.read.published import stated_figures

            self.store[key] = stated_figures(year, statistic, **where)
        return self.store[key]

    def figures(self, stat_id: str, year: int | None = None, source: Source | None = None) -> list[Figure]:
        """Every value of the statistic as a figure (the whole first), e.g. for `intlmon stats --format json`."""
        r = self.get(stat_id, year, source)
        out = [self.figure(stat_id, year, source)]
        for v in finest(r.values):
            if v.dimension:
                out.append(Figure(stat_id, r.year, v.value, r.statistic.unit, dict(v.dimension), v.source, v.note))
        return out


class Slice:
    """One topic restricted to `where` (e.g. {"country": "FR"} or {"institution": "kaznu"})."""

    def __init__(self, reader: Reader, topic: Topic, where: dict[str, str], year: int):
        self.reader, self.topic, self.year = reader, topic, year
        self.where = {**topic.fixed, **where}

    def _candidates(self, extra: Iterable[str]):
        for stat_id in self.topic.ids:
            result = self.reader.get(stat_id, self.year)
            if not result.statistic.additive or result.is_empty:
                continue
            needed = set(self.where) | set(extra)
            if not any(v.dimension and needed <= v.dimension.keys() for v in result.values):
                continue
            yield stat_id, self.reader.values(stat_id, self.year, *extra, **self.where)

    def sources(self, extra: Iterable[str] = ()) -> list[str]:
        """The statistic id a figure of this slice is taken from (for footnotes and tests)."""
        return [stat_id for stat_id, rows in self._candidates(extra) if rows][:1]

    def total(self) -> Number | None:
        """The sum for the slice; None when no statistic has these dimensions (0 when one has, but empty)."""
        seen_any = False
        for _stat_id, rows in self._candidates(()):
            seen_any = True
            if rows:
                return add(v.value for v in rows)
        return 0 if seen_any else None

    def by(self, dim: str) -> dict[str, Number]:
        """{code: value} for the slice without zeros, largest first; {} when not available."""
        for _stat_id, rows in self._candidates((dim,)):
            if rows:
                return {k: v for k, v in collapse(rows, dim).items() if v}
        return {}
