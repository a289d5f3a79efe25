"""The process's own copy of the read service's year store (web/dashboards/shared_store.py): it is found
under the same key as the file cache's entry (so under the year's counted stamp), it picks up what another
worker wrote before computing a missing entry itself, and `stamp.clear` empties it."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from intlmon.analytics import stamp
from intlmon.web.dashboards import shared_store
from tests.web.kept_cache import own_cache  # noqa: F401  (this test's own cache folder)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stamps(db, own_cache):  # noqa: F811
    stamp.clear()
    found = stamp.YearStamps("shared-stamp")
    found[2023] = "stamp-of-2023"
    yield found
    stamp.clear()


def test_a_second_build_reads_the_processes_copy_not_the_file(stamps, monkeypatch):
    with shared_store.reader_store(stamps) as store:
        store[("agreements", 2023, None)] = "computed"
    reads = []
    cache = caches[stamp.CACHE_ALIAS]
    real = type(cache).get
    monkeypatch.setattr(type(cache), "get", lambda self, *a, **kw: reads.append(a[0]) or real(self, *a, **kw))
    with shared_store.reader_store(stamps) as store:
        assert store[("agreements", 2023, None)] == "computed"
    assert reads == []


def test_a_missing_key_is_read_from_what_another_worker_wrote(stamps):
    with shared_store.reader_store(stamps) as store:
        store[("agreements", 2023, None)] = "mine"
    key = shared_store.YearStore(stamps)._cache_key(2023)
    caches[stamp.CACHE_ALIAS].set(key, {("agreements", 2023, None): "mine", ("projects", 2023, None): "theirs"})
    with shared_store.reader_store(stamps) as store:
        assert ("projects", 2023, None) in store and store[("projects", 2023, None)] == "theirs"
        assert ("mobility", 2023, None) not in store  # read once more, still missing: the build computes it


def test_another_stamp_is_another_copy_and_a_clear_forgets_them(stamps):
    with shared_store.reader_store(stamps) as store:
        store[("agreements", 2023, None)] = "at the first stamp"
    changed = stamp.YearStamps("shared-stamp")
    changed[2023] = "stamp-after-an-approval"
    with shared_store.reader_store(changed) as store:
        assert ("agreements", 2023, None) not in store
    stamp.clear()
    assert not shared_store._local
    with shared_store.reader_store(stamps) as store:
        assert ("agreements", 2023, None) not in store


def test_a_kept_result_comes_back_with_every_value_as_computed(stamps):
    """What the file cache returns is the result computed: codes, numbers (a Decimal too), source, note and the
    dimensions a record may count under twice — and the value still refuses to be changed."""
    import dataclasses
    from decimal import Decimal

    from intlmon.analytics.registry import Source, StatResult, Value, all_statistics

    statistic = all_statistics()["double_degree_programmes"]
    values = [Value({"level": "master", "country": "FR"}, 3, Source.RECORDS, "", ("country",)),
              Value({}, Decimal("2.5"), Source.PUBLISHED, "seed 001, line 12")]
    cache = caches[stamp.CACHE_ALIAS]
    cache.set("kept-result", {("double_degree_programmes", 2023, None): StatResult(statistic, 2023, values)})
    back = cache.get("kept-result")[("double_degree_programmes", 2023, None)]
    assert back == StatResult(statistic, 2023, values)
    assert [(v.dimension, v.value, v.source, v.note, v.multi) for v in back.values] == [
        ({"level": "master", "country": "FR"}, 3, Source.RECORDS, "", ("country",)),
        ({}, Decimal("2.5"), Source.PUBLISHED, "seed 001, line 12")[:4] + ((),)]
    assert back.values[1].source is Source.PUBLISHED and back.by("country") == {"FR": 3}
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.values[0].value = 4


def test_within_a_request_the_file_is_written_once_the_response_is_sent(stamps):
    """The process keeps its copy at once; the other workers' copy (the file) is written when Django closes the
    response (`request_finished`, after a WSGI server has sent it), not while the visitor waits."""
    from django.core.signals import request_finished, request_started

    key = shared_store.YearStore(stamps)._cache_key(2023)
    request_started.send(sender=None)
    try:
        with shared_store.reader_store(stamps) as store:
            store[("agreements", 2023, None)] = "computed"
        assert caches[stamp.CACHE_ALIAS].get(key) is None  # not yet written for the others
        assert shared_store._local_get(key) == {("agreements", 2023, None): "computed"}  # kept here already
    finally:
        request_finished.send(sender=None)
    assert caches[stamp.CACHE_ALIAS].get(key) == {("agreements", 2023, None): "computed"}
    with shared_store.reader_store(stamps) as store:  # outside a request: written at once, as before
        store[("projects", 2023, None)] = "also"
    assert ("projects", 2023, None) in caches[stamp.CACHE_ALIAS].get(key)
