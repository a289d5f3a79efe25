"""The dashboard overview on the 1,000-HEI × 10-year synthetic database after a change (issue 13: ≤ 1 s).

    .venv/bin/python benchmarks/overview.py --db intlmon_bench_overview_synth [--changes 3] [--warm]

`benchmarks/web.py --overview-synthetic` times the overview cold (the whole cache cleared: every year
computed) and kept. A visitor on a running portal meets neither: the cache holds every year, and an
approval changes the counted data of one year. This times what that visitor waits for, on the same
database (made by benchmarks/analytics.py's builder, reused when there): the overview of the latest year
requested in-process through Django's test client (Russian, as web.py does)

1. cold: the page cache cleared (the figure web.py prints, for comparison in the same run);
2. kept: 20 requests with nothing changed;
3. after an approval: `--changes` times, a new version of one synthetic HEI's 2023 data (one
   double-degree programme, so the content differs from every earlier run's) is stored, submitted and
   approved through the workflow (`collection.workflow.transition`), then the overview requested once —
   and with `--warm`, `intlmon warm`'s function (`web.dashboards.warm.warm`) run between the approval and
   the request, timed on its own (what a portal does in the background after the commit, so no visitor
   waits).

Each request is timed in wall seconds and in CPU seconds of this process and of the PostgreSQL backend
serving it (from /proc; the machine is shared, so wall time is inflated by others' load). The wall time is
until the response is complete; what a WSGI server runs after sending it (Django's `request_finished`: the
year store's file write for the other workers, web/dashboards/shared_store.py) is printed apart ("after the
response") and is in the CPU figure. The database is
changed by step 3 (one more approved version of `bench-09xx` per change); the figures stay synthetic.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def backend_cpu(pid: int) -> float:
    """CPU seconds (user + system) the PostgreSQL backend `pid` has used, or 0.0 when /proc does not tell."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="intlmon_bench_overview_synth")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/intlmon-bench-overview"))
    parser.add_argument("--cold", type=int, default=1, help="cold requests (the whole cache cleared before each)")
    parser.add_argument("--changes", type=int, default=3, help="approvals, each followed by one timed request")
    parser.add_argument("--warm", action="store_true", help="run the warming after each approval, before the request")
    args = parser.parse_args(argv)
    os.environ.update(DATABASE_URL=f"{args.pg_url.rstrip('/')}/{args.db}", INTLMON_VAR_DIR=str(args.workdir / "var"),
                      INTLMON_OUT_DIR=str(args.workdir / "out"), DEBUG="0")
    args.workdir.mkdir(parents=True, exist_ok=True)
    import analytics  # benchmarks/analytics.py: the synthetic data set's one builder
    import web  # benchmarks/web.py: Django's set-up as the other benchmarks do it

    analytics.ensure_pg_database(args.pg_url.rstrip("/"), args.db)
    web.setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from intlmon.analytics import stamp
    from intlmon.collection.store import store_version
    from intlmon.collection.workflow import Actor, Role, transition

    setup_test_environment()
    records = analytics.ensure_synthetic(1000, 10, 2023, 210, reuse=True)
    print(f"synthetic database {args.db}: {records} records")
    client = Client()
    url = "/dashboards/?year=2023"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    # what a WSGI server does after sending the response (Django's request_finished: the year store's file
    # write, web/dashboards/shared_store.py) is timed apart: the visitor has the page by then
    from django.core.signals import request_finished

    from intlmon.web.dashboards import shared_store

    after_response: list[float] = []

    def timed_file_write(**kwargs) -> None:
        began = time.perf_counter()
        shared_store._request_finished(**kwargs)
        after_response.append(1000 * (time.perf_counter() - began))

    if request_finished.disconnect(dispatch_uid="intlmon-shared-store-finished"):
        request_finished.connect(timed_file_write, weak=False)

    def request() -> tuple[float, float, float, float]:
        after_response.clear()
        wall, cpu, pg = time.perf_counter(), time.process_time(), backend_cpu(backend)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
        whole = 1000 * (time.perf_counter() - wall)
        return (whole - sum(after_response), 1000 * (time.process_time() - cpu),
                1000 * (backend_cpu(backend) - pg), sum(after_response))

    def show(name: str, runs: list[tuple[float, float, float, float]]) -> None:
        walls = sorted(r[0] for r in runs)
        print(f"  {name:44} n={len(runs):2d}  wall median {statistics.median(walls):8.0f} ms, max {walls[-1]:8.0f} ms;"
              f"  CPU median: Python {statistics.median(r[1] for r in runs):7.0f} ms,"
              f" PostgreSQL {statistics.median(r[2] for r in runs):7.0f} ms;"
              f" after the response {statistics.median(r[3] for r in runs):5.0f} ms")

    load = os.getloadavg()
    print(f"overview {url} on 1,000 HEIs × 10 years (PostgreSQL), goal ≤ 1000 ms; load {load[0]:.2f} at start")
    cold = []
    for _ in range(args.cold):
        stamp.clear()
        cold.append(request())
    if cold:
        show("cold (cache cleared: all 10 years computed)", cold)
    kept = [request() for _ in range(20)]
    show("kept (nothing changed)", kept)

    analyst = Actor("bench-analyst", Role.ANALYST)
    changed, warmed = [], []
    for i in range(args.changes):
        hei = f"bench-{900 + (int(time.time()) + i) % 100:04d}"
        stored = store_version(institution_id=hei, year=2023, status="submitted", actor="bench",
                               records={"DoubleDegreeProgramme": [{"level": "master",
                                                                    "enrolment": int(time.time() * 1000) % 100000}]})
        transition(stored.submission, "approve", analyst)
        if args.warm:
            from intlmon.web.dashboards.warm import warm

            wall, cpu, pg = time.perf_counter(), time.process_time(), backend_cpu(backend)
            warm(years=[2023], languages=["ru"])
            warmed.append((1000 * (time.perf_counter() - wall), 1000 * (time.process_time() - cpu),
                           1000 * (backend_cpu(backend) - pg)))
        changed.append(request())
    if warmed:
        show("the warming after each approval (no visitor)", warmed)
    if changed:
        show("first request after an approval of 2023" + (" (warmed)" if warmed else ""), changed)
    end = os.getloadavg()
    print(f"load average: end {end[0]:.2f} {end[1]:.2f} {end[2]:.2f} ({os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
