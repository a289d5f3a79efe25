"""The whole set's section passes sent ahead, so that PostgreSQL works while Python shapes (issue 17).

`compute_all` reads ten section tables (`passes`: one grouped query each) and turns each one's grouped
rows into values (`shaping`). Done one after the other, the wall time was the server's time plus this
process's time. On PostgreSQL `start` sends the passes from a second thread, one after the other, on
the SAME connection — the same session and transaction, so the rows are exactly those the caller's own
queries would see — while the calling thread shapes the rows that have arrived: psycopg waits for the
server without holding the GIL, so the server groups section k+1 while Python shapes section k.

The connection is shared safely: psycopg serialises every use of a connection with its lock, so a
query of the calling thread meanwhile (a lookup of categories or regions) waits for the pass on the wire
to end. `passes.fetch` takes a section's rows from here (re-raising what its query raised, as Django
would), and logs the query where Django logs its own (so query counts stay what they were). The thread
has ended before `compute_all` returns, raised or not. SQLite: nothing is sent ahead.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from queue import SimpleQueue

from django.db import connection

from intlmon.analytics.registry import remember

# The order the passes are sent in and their statistics computed in (Johnson's rule for two machines in
# a row, the server then Python): first the sections whose query takes less than shaping its rows, by
# query time rising; then the others, by shaping time falling — so that neither waits for long. Measured
# on the synthetic year (1 000 HEIs): the programmes, visiting faculty, then mobility (the biggest both
# ways), agreements, and the small ones. A section not named here comes last.
ORDER = ("JointProgramme", "DoubleDegreeProgramme", "VisitingFaculty", "MobilityFlow", "Agreement", "Publications",
         "Project", "InternationalStudents", "Presence", "InstitutionProfile")


def rank(model) -> int:
    name = model.__name__
    return ORDER.index(name) if name in ORDER else len(ORDER)


def in_order(ids: list[str]) -> list[str]:
    """The statistics in the order their passes are sent; those of no section table (the summary card,
    the enrolment per programme) last: they then read no table while a pass is on the wire."""
    from intlmon.analytics.statistics.base import MODEL_OF

    return sorted(ids, key=lambda stat_id: rank(MODEL_OF[stat_id]) if stat_id in MODEL_OF else len(ORDER) + 1)


class Waiting(Future):
    """A pass sent ahead: its query (`one`, a `passes.Pass`), then its (columns, rows, `kept_passes.Kept`)."""

    def __init__(self, one, job):
        super().__init__()
        self.one, self.job = one, job
        self.logged: dict | None = None  # what Django's query log gets when the rows are taken


def start(year: int, first: Iterable[str] = ()) -> Callable[[], None] | None:
    """Send every declared section's pass for `year` ahead; returns what ends the thread (it has sent
    every pass then, or it stops before the next one when the run ended early) and waits for it.

    `first`: statistics whose sections go first, in that order (a page reads its sections in its own order:
    `analytics.read.Reader.passes_ahead`); the others follow in `ORDER`.
    None (nothing sent) on other databases than PostgreSQL, or when no version counts that year."""
    if connection.vendor != "postgresql":
        return None
    from intlmon.analytics.scope import counted_ids
    from intlmon.analytics.statistics import kept_passes, passes
    from intlmon.analytics.statistics.base import MODEL_OF, PLANS
    from intlmon.analytics.statistics.shaping import category_map, region_map

    # the run's lookups first: asked for while a pass is on the wire, they would wait for it to end
    category_map(year)
    region_map(year)
    ids, basis = counted_ids(year), kept_passes.basis(year)
    leading = list(dict.fromkeys(MODEL_OF[stat_id] for stat_id in first if MODEL_OF.get(stat_id) in PLANS))
    models = leading + [model for model in sorted(PLANS, key=rank) if model not in leading]
    first_pass = passes.prepare(models[0], list(PLANS[models[0]].values()), year) if models else None
    if first_pass is None:
        return None
    connection.ensure_connection()
    raw = connection.connection
    logged = connection.queries_logged
    queue: SimpleQueue = SimpleQueue()  # the passes to send, in order; None: no more

    def run() -> None:
        failed: BaseException | None = None
        while (waiting := queue.get()) is not None:
            if failed is not None:  # the passes after a failed one are not sent: raised where taken
                waiting.set_exception(failed)
                continue
            job = waiting.job
            try:
                began = time.perf_counter()
                with raw.cursor() as cursor:
                    columns, fetched, kept = kept_passes.execute(cursor, job)
                    if logged and job.sql is not None:  # (the kept rows as they were: no query sent)
                        waiting.logged = {"sql": connection.ops.last_executed_query(cursor, job.sql, job.params),
                                          "time": f"{time.perf_counter() - began:.3f}"}
            except BaseException as exc:  # raised where the rows are taken
                failed = exc
                waiting.set_exception(exc)
                continue
            waiting.set_result((columns, fetched, kept))

    thread = threading.Thread(target=run, name="intlmon-analytics-passes", daemon=True)
    thread.start()

    def finish() -> None:
        queue.put(None)
        thread.join()

    try:
        # the first pass is on the wire while the others' SQL is compiled here
        for model in models:
            one = first_pass if model is models[0] else passes.prepare(model, list(PLANS[model].values()), year)
            if one is None:
                continue
            waiting = Waiting(one, kept_passes.Job(one, ids, basis))  # (a signed pass compiled here, not there)
            remember(("prefetched", model, year), waiting)
            queue.put(waiting)
    except BaseException:
        finish()
        raise
    return finish
