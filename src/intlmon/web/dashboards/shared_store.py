"""The read service's per-build store shared by every dashboard page computed at one counted stamp.

Why: an HEI page, a country's drill-down or an export that is not kept yet (web/page_cache.py) reads
the same statistics of the same year as every other page — `Reader.get` computes a statistic for all
HEIs and codes at once and the page slices it. Keeping the `Reader`'s store (`analytics.read.Reader(…,
store=…)`: computed statistics, labels, published figures) in the page cache under the counted stamp
means the first page of a year pays for the statistics it needs and the next pages only slice them.

A `StatResult` holds its `Statistic`, whose compute function is local to its declaration and does not
pickle; it is pickled as (statistic id, year, values) and rebuilt from the registry of statistics
(`analytics.registry.all_statistics`), so nothing but numbers and codes is stored.

Two workers that add different statistics at once both write the store; the later write wins and the
other's additions are computed again later — a cost, never a wrong number (both are of one stamp).
"""

from __future__ import annotations

import copyreg
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import caches

from intlmon.analytics import stamp
from intlmon.analytics.registry import StatResult, all_statistics


def _rebuild(stat_id: str, year: int, values: list) -> StatResult:
    return StatResult(all_statistics()[stat_id], year, values)


def _reduce(result: StatResult):
    return _rebuild, (result.statistic.id, result.year, result.values)


copyreg.pickle(StatResult, _reduce)


@contextmanager
def reader_store(at: str | None = None) -> Iterator[dict]:
    """The shared store at the counted stamp `at` (read now when not given); what the block adds is written back."""
    cache = caches[stamp.CACHE_ALIAS]
    key = stamp.cache_key("reader-store", (), at or stamp.data_stamp(counted=True))
    store = cache.get(key) or {}
    before = len(store)
    yield store
    if len(store) > before:
        cache.set(key, store)
