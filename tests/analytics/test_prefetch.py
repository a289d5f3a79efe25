"""`compute_all` on PostgreSQL sends its section passes ahead from a second thread (`statistics.prefetch`).

The thread uses the caller's connection (inside the test's transaction here, so it sees the rows the
test wrote and nothing else): the values are those of each statistic computed alone, in the declared
order; what a pass raises is raised in the caller as Django raises it; no thread outlives the call; the
query log holds every pass. On SQLite nothing is sent ahead (`test_passes` compares the values there).
"""

from __future__ import annotations

import os
import threading

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from intlmon.analytics.registry import all_statistics, compute, compute_all
from intlmon.analytics.statistics import passes, prefetch
from intlmon.analytics.statistics.base import PLANS
from tests.analytics.test_passes import busy  # noqa: F401  (the fixture: a world of awkward rows)

pytestmark = pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                                reason="the passes are sent ahead on PostgreSQL only")


def passes_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "intlmon-analytics-passes"]


def test_the_passes_sent_ahead_give_what_each_statistic_gives_alone(busy, monkeypatch):  # noqa: F811
    started = []
    real = prefetch.start

    def spy(year):
        finish = real(year)
        started.append(finish is not None)
        return finish

    monkeypatch.setattr(prefetch, "start", spy)
    alone = {stat_id: compute(stat_id, 2023).values for stat_id in all_statistics()}
    with CaptureQueriesContext(connection) as ctx:
        together = compute_all(2023)
    assert started == [True]
    assert list(together) == list(all_statistics())  # computed in another order, returned in this one
    assert {stat_id: r.values for stat_id, r in together.items()} == alone
    assert together["mobility_by_country"].values and together["agreements"].values
    # every pass is in the query log, as when the caller sent it
    assert sum("GROUPING SETS" in q["sql"] for q in ctx.captured_queries) == len(PLANS)
    assert not passes_threads()


def test_a_pass_that_fails_raises_in_the_caller_and_leaves_no_thread(busy, monkeypatch):  # noqa: F811
    real = passes.prepare

    def broken(model, plans, year):
        one = real(model, plans, year)
        if model.__name__ == "MobilityFlow":
            one.sql = one.sql.replace("GROUPING SETS", "GROUPING SETZ")
        return one

    monkeypatch.setattr(passes, "prepare", broken)
    with pytest.raises(DatabaseError):  # as Django raises it (django.db.utils.ProgrammingError)
        compute_all(2023)
    assert not passes_threads()
