"""The read service's per-build store shared by every dashboard page computed at one counted stamp.

Why: an HEI page, a country's drill-down or an export that is not kept yet (web/page_cache.py) reads
the same statistics of the same year as every other page — `Reader.get` computes a statistic for all
HEIs and codes at once and the page slices it. Keeping the `Reader`'s store (`analytics.read.Reader(…,
store=…)`: computed statistics, labels, published figures) in the page cache means the first page of a
year pays for the statistics it needs and the next pages only slice them. It is kept per year, under
that year's counted stamp (`analytics.stamp.year_stamps`): the overview's trends read every year held,
and an approval of a 2023 version then computes 2023 again, not the nine years it did not touch.

A `StatResult` holds its `Statistic`, whose compute function is local to its declaration and does not
pickle; it is pickled as (statistic id, year, values as tuples packed by marshal: `_reduce`) and rebuilt from the registry of statistics
(`analytics.registry.all_statistics`), so nothing but numbers and codes is stored.

Two workers that add different statistics at once both write the store; the later write wins and the
other's additions are computed again later — a cost, never a wrong number (both are of one stamp).

Each process also keeps the parts it last read or wrote (`_local`, by the same cache key, so under the same
year's stamp: a change of the data makes a new key, and `stamp.clear` empties it): reading a year's part
from the file cache is a file read and an unpickling of every statistic the year holds (~20 ms of an HEI
page's ~140 when nothing of it was kept), and the entries never change under one key. A build starts from a
copy of the kept part (its additions stay its own until `save`), and when it asks for a key the copy lacks
it reads the file once more (another worker may have computed it) before computing it itself.
"""

from __future__ import annotations

import copyreg
import logging
import marshal
import sys
import threading
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from decimal import Decimal

from django.core.cache import caches
from django.core.signals import request_finished, request_started

from intlmon.analytics import stamp
from intlmon.analytics.registry import Source, StatResult, all_statistics
from intlmon.analytics.statistics.shaping import make_value
from intlmon.lib.bounded import Bounded

log = logging.getLogger(__name__)

_SOURCES = {str(s): s for s in Source}
#: how a result's values are packed (`_reduce`), part of every store's cache key: marshal's format may change
#: between Python versions, and an entry written by another one is then simply not found
PACKING = f"marshal{marshal.version}-py{sys.version_info[0]}.{sys.version_info[1]}"


def _rebuild(stat_id: str, year: int, packed: bytes) -> StatResult:
    sources = _SOURCES
    return StatResult(all_statistics()[stat_id], year,
                      [make_value(dimension, value if type(value) is int else Decimal(value), sources[source], note,
                                  multi)
                       for dimension, value, source, note, multi in marshal.loads(packed)])


def _reduce(result: StatResult):
    """(statistic id, year, the values as plain tuples packed by `marshal`): a year's store on 1,000 HEIs holds
    ~63,000 values, which took 0.4–0.8 s to pickle as objects and ~0.1 s so (pickle memoises every dict, tuple
    and text it writes; marshal writes them as they come). A number is an int, or a Decimal written as text."""
    rows = []
    for v in result.values:
        value = v.value
        if type(value) is not int:
            if not isinstance(value, Decimal):
                raise TypeError(f"{result.statistic.id}: a value must be an int or a Decimal, not {value!r}")
            value = str(value)
        rows.append((v.dimension, value, str(v.source), v.note, v.multi))
    return _rebuild, (result.statistic.id, result.year, marshal.dumps(rows))


copyreg.pickle(StatResult, _reduce)

#: cache key → a part's entries as this process last read or wrote them (never changed in place: a build works
#: on a copy and `save` puts a new dict here); the newest LOCAL_PARTS keys (the years of a stamp or two)
LOCAL_PARTS = 24
_local = Bounded(LOCAL_PARTS)


def _local_get(key: str) -> dict | None:
    return _local.get(key)


def _local_put(key: str, entries: dict) -> None:
    _local.put(key, entries)


def forget_local() -> None:
    """Drop the process's kept parts (`stamp.clear` calls it: the cache they mirror was cleared)."""
    _local.clear()


stamp.on_clear(forget_local)


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
        self.reread: set = set()  # parts read again from the file cache after a key was missing
        self.cache = caches[stamp.CACHE_ALIAS]

    def _cache_key(self, part) -> str:
        if part is None:
            return stamp.cache_key("reader-store", ("shared", PACKING), self.stamps.shared)
        return stamp.cache_key("reader-store", ("year", part, PACKING), self.stamps[part])

    @staticmethod
    def _part_of(key, stamps: stamp.YearStamps):
        year = key[1] if isinstance(key, tuple) and len(key) > 1 and type(key[1]) is int else None
        return year if year in stamps else None

    def _part(self, key) -> dict:
        part = self._part_of(key, self.stamps)
        if part not in self.parts:
            cache_key = self._cache_key(part)
            kept = _local_get(cache_key)
            if kept is None:
                kept = self.cache.get(cache_key) or {}
                _local_put(cache_key, kept)
            self.parts[part] = dict(kept)
            self.sizes[part] = len(kept)
        return self.parts[part]

    def _reread(self, key, entries: dict) -> bool:
        """Once per part and build: what another worker wrote to the file cache since this process kept it."""
        part = self._part_of(key, self.stamps)
        if part in self.reread:
            return False
        self.reread.add(part)
        found = self.cache.get(self._cache_key(part))
        if not found:
            return False
        added = {k: v for k, v in found.items() if k not in entries}
        entries.update(added)
        self.sizes[part] += len(added)  # another worker's entries: not this build's to write back
        return bool(added)

    def __getitem__(self, key):
        return self._part(key)[key]

    def __setitem__(self, key, value) -> None:
        self._part(key)[key] = value

    def __delitem__(self, key) -> None:
        del self._part(key)[key]

    def __contains__(self, key) -> bool:
        entries = self._part(key)
        return key in entries or (self._reread(key, entries) and key in entries)

    def __iter__(self):
        for part in list(self.parts.values()):
            yield from part

    def __len__(self) -> int:
        return sum(len(p) for p in self.parts.values())

    def save(self) -> None:
        """Write back the parts this build added to (one cache write per changed year): kept in the process now,
        written to the file cache now or, within a request, once its response is sent (`_pending`)."""
        grown = {self._cache_key(part): entries for part, entries in self.parts.items()
                 if len(entries) > self.sizes[part]}
        for part, entries in self.parts.items():
            if len(entries) > self.sizes[part] or part in self.reread:
                _local_put(self._cache_key(part), dict(entries))
        if not grown:
            return
        pending = getattr(_pending, "writes", None)
        if pending is None:
            self.cache.set_many(grown)
        else:
            pending.update(grown)


# -- the file write after the response -----------------------------------------------------------------------
# Writing a year's part to the file cache pickles every statistic it holds (~60,000 values on 1,000 HEIs:
# a third of the overview's time after an approval). The process has its copy already (`_local_put`); the
# file is for the other workers, which meanwhile compute what they miss themselves (a cost, never a wrong
# number: the key is the year's counted stamp). So within a request the write waits until Django closes the
# response — which a WSGI server does after sending it (`request_finished`): the visitor does not wait for it.
_pending = threading.local()


def _request_started(**_kwargs) -> None:
    _pending.writes = {}


def _request_finished(**_kwargs) -> None:
    writes, _pending.writes = getattr(_pending, "writes", None), None
    if not writes:
        return
    try:
        caches[stamp.CACHE_ALIAS].set_many(writes)
    except Exception:  # after the response: logged (a full disk, say), and Django's other receivers still run
        log.exception("writing the year store to the file cache failed; the other workers compute it themselves")


request_started.connect(_request_started, dispatch_uid="intlmon-shared-store-started")
request_finished.connect(_request_finished, dispatch_uid="intlmon-shared-store-finished")


@contextmanager
def reader_store(stamps: stamp.YearStamps | None = None) -> Iterator[YearStore]:
    """The shared store at the counted stamps `stamps` (read now when not given); what the block adds is written back."""
    store = YearStore(stamps if stamps is not None else stamp.year_stamps())
    yield store
    store.save()
