"""The read service's per-build store shared by every dashboard page computed at one counted stamp.

Why: an HEI page, a country's drill-down or an export that is not kept yet (web/page_cache.py) reads
the same statistics of the same year as every other page — `Reader.get` computes a statistic for all
HEIs and codes at once and the page slices it. Keeping the `Reader`'s store (`analytics.read.Reader(…,
store=…)`: computed statistics, labels, published figures) in the page cache means the first page of a
year pays for the statistics it needs and the next pages only slice them. It is kept per year, under
that year's counted stamp (`analytics.stamp.year_stamps`): the overview's trends read every year held,
and an approval of a 2023 version then computes 2023 again, not the nine years it did not touch.

A `StatResult` holds its `Statistic`, whose compute function is local to its declaration and does not
pickle; it is pickled as (statistic id, year, values) and rebuilt from the registry of statistics
(`analytics.registry.all_statistics`), so nothing but numbers and codes is stored.

Two workers that add different statistics at once both write the store; the later write wins and the
other's additions are computed again later — a cost, never a wrong number (both are of one stamp).
"""

from __future__ import annotations

import copyreg
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager

from django.core.cache import caches

from intlmon.analytics import stamp
from intlmon.analytics.registry import StatResult, all_statistics


def _rebuild(stat_id: str, year: int, values: list) -> StatResult:
    return StatResult(all_statistics()[stat_id], year, values)


def _reduce(result: StatResult):
    return _rebuild, (result.statistic.id, result.year, result.values)


copyreg.pickle(StatResult, _reduce)


class YearStore(MutableMapping):
    """The `Reader`'s store split by year: each reporting year's entries kept under that year's counted stamp.

    A key whose second item is a year held (`(statistic, year, source)`, `("is_national", year)`,
    `("provisional", year)`, `("stated", year, …)`) goes to that year's part; anything else (labels, a year
    with no reporting period) to the shared part, kept under the stamp of what every year shares (the
    registry, the periods: `YearStamps.shared`). A part is read from the cache the first time a key of it
    is asked for, so a page of one year reads one year.
    """

    def __init__(self, stamps: stamp.YearStamps):
        self.stamps = stamps
        self.parts: dict[object, dict] = {}
        self.sizes: dict[object, int] = {}
        self.cache = caches[stamp.CACHE_ALIAS]

    def _cache_key(self, part) -> str:
        if part is None:
            return stamp.cache_key("reader-store", ("shared",), self.stamps.shared)
        return stamp.cache_key("reader-store", ("year", part), self.stamps[part])

    def _part(self, key) -> dict:
        year = key[1] if isinstance(key, tuple) and len(key) > 1 and type(key[1]) is int else None
        part = year if year in self.stamps else None
        if part not in self.parts:
            self.parts[part] = self.cache.get(self._cache_key(part)) or {}
            self.sizes[part] = len(self.parts[part])
        return self.parts[part]

    def __getitem__(self, key):
        return self._part(key)[key]

    def __setitem__(self, key, value) -> None:
        self._part(key)[key] = value

    def __delitem__(self, key) -> None:
        del self._part(key)[key]

    def __contains__(self, key) -> bool:
        return key in self._part(key)

    def __iter__(self):
        for part in list(self.parts.values()):
            yield from part

    def __len__(self) -> int:
        return sum(len(p) for p in self.parts.values())

    def save(self) -> None:
        """Write back the parts this build added to (one cache write per changed year)."""
        grown = {self._cache_key(part): entries for part, entries in self.parts.items()
                 if len(entries) > self.sizes[part]}
        if grown:
            self.cache.set_many(grown)


@contextmanager
def reader_store(stamps: stamp.YearStamps | None = None) -> Iterator[YearStore]:
    """The shared store at the counted stamps `stamps` (read now when not given); what the block adds is written back."""
    store = YearStore(stamps if stamps is not None else stamp.year_stamps())
    yield store
    store.save()
