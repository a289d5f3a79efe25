"""Where the portal's CPU goes, per page kind: each kind requested in-process, timed in CPU seconds.

    .venv/bin/python benchmarks/web.py --keep --quick --db intlmon_bench_web --workdir /tmp/intlmon-bench-web
    .venv/bin/python benchmarks/web_kinds.py --db intlmon_bench_web --workdir /tmp/intlmon-bench-web
        [--rounds 5] [--kinds web:clerk-home api:institution-list …] [--profile KIND] [--uploads 3]

Why: on a loaded machine wall-clock times say little, and gunicorn's CPU seconds in `web.py` are one
figure for the whole mix. This script uses the database and users `web.py --keep` set up, and for each
role (clerk, analyst, viewer) and each page kind of the role (the same `KINDS` table and URLs as the
load test) sends the request through Django's whole middleware stack with the test client (a session
made by `force_login`, as after the login form), after one untimed request (the worker's first, which
fills per-process caches). Printed per kind: the median of `--rounds` requests in process CPU ms (the
Python side, what gunicorn's workers spend), the database queries and their wall ms (PostgreSQL's own CPU
is on the other side of the socket). `--uploads N` times N workbook uploads (validate + store) of an
uploader. `--profile KIND` prints cProfile's top functions for that kind instead.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import web  # noqa: E402 — benchmarks/web.py: the page kinds, their URLs and the kept set-up


class QueryCounter:
    """A connection execute wrapper: how many queries, and their wall time."""

    def __init__(self):
        self.n, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.n += 1
            self.seconds += time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="intlmon_bench_web")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/intlmon-bench-web"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--kinds", nargs="*", help="only these page kinds (default: every GET kind)")
    parser.add_argument("--profile", help="cProfile this kind (--rounds requests) and print the top functions")
    parser.add_argument("--uploads", type=int, default=0, help="also time this many uploads through the upload page")
    parser.add_argument("--after-change", action="store_true",
                        help="before each timed request, write an audit entry (as every upload does): pages kept "
                             "under the whole data stamp are then computed again, as under the load test's uploaders")
    args = parser.parse_args(argv)
    state = args.workdir / "state.json"
    if not state.exists():
        raise SystemExit(f"no kept set-up in {state}: run benchmarks/web.py --keep first")
    os.environ.update(DATABASE_URL=f"{args.pg_url.rstrip('/')}/{args.db}", INTLMON_VAR_DIR=str(args.workdir / "var"),
                      INTLMON_OUT_DIR=str(args.workdir / "out"), DEBUG="0")
    os.environ.pop("INTLMON_PRODUCTION", None)
    web.setup_django()
    from django.contrib.auth import get_user_model
    from django.core import signals
    from django.db import close_old_connections, connection
    from django.test import Client

    from intlmon.collection.models import AuditEntry

    # one connection for the whole run (its PostgreSQL backend's CPU is read from /proc); the requests' own
    # connection set-up is not counted here (the server's CONN_MAX_AGE decides it)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)

    saved = json.loads(state.read_text())
    users = {g: [web.User(**u) for u in m] for g, m in saved["users"].items()}
    ids = saved["ids"]
    personas = {web.CLERK: users["reader_clerks"][0], web.ANALYST: users["analysts"][0], web.VIEWER: users["viewers"][0]}
    User = get_user_model()
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f} ({os.cpu_count()} CPUs); database {args.db}; "
          f"{args.rounds} timed requests per kind and role after one untimed")
    backend = pg_backend(connection)
    print(f"{'page kind':32} {'role':8} {'CPU ms':>7} {'PG CPU':>7} {'queries':>7} {'db ms':>6} {'status':>6}"
          + ("   (after a change to the whole stamp)" if args.after_change else ""))
    profile = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not wall (the machine is shared)
    totals = []
    for role, persona in personas.items():
        client = Client()
        client.force_login(User.objects.get(username=persona.name))
        reader = web.Reader("http://testserver", persona, web.Tally(), 0.0, ids=ids,
                            sections=sorted(ids["section_records"]) or ["agreements"])
        rng = random.Random(7)
        for kind in reader.kinds:
            if args.profile and kind.name != args.profile or args.kinds and kind.name not in args.kinds:
                continue
            if kind.name == "web:clerk-row-edit" and not reader.row_links:
                page = client.get("/hei/rows/?section=double_degree_programmes")
                import html
                import re

                reader.row_links = [html.unescape(h) for h in re.findall(r'href="(/hei/rows/\d+/\?[^"]*)"',
                                                                        page.content.decode())]
            path = reader.path_for(kind.name, rng)
            if path is None:
                continue
            status = client.get(path).status_code  # the untimed first request
            cpu, queries, db, pg = [], [], [], []
            for _ in range(args.rounds):
                if args.after_change:
                    AuditEntry.objects.create(actor="web_kinds", action="benchmark_touch", detail={})
                counter = QueryCounter()
                pg0 = backend_cpu(backend)
                with connection.execute_wrapper(counter):
                    if profile:
                        profile.enable()
                    started = time.process_time()
                    response = client.get(path)
                    if hasattr(response, "streaming_content"):
                        b"".join(response.streaming_content)
                    cpu.append(1000 * (time.process_time() - started))
                    if profile:
                        profile.disable()
                status = response.status_code
                pg.append(1000 * (backend_cpu(backend) - pg0))
                queries.append(counter.n)
                db.append(1000 * counter.seconds)
            totals.append((kind.name, role, statistics.median(cpu)))
            print(f"{kind.name:32} {role:8} {statistics.median(cpu):7.1f} {statistics.median(pg):7.1f} "
                  f"{statistics.median(queries):7.0f} "
                  f"{statistics.median(db):6.1f} {status:>6}")
    if args.uploads:
        upload(args, users, User, Client)
    if profile:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(45)
        print(out.getvalue())
    return 0


def pg_backend(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def backend_cpu(pid: int) -> float:
    """CPU seconds a PostgreSQL backend process on this machine has run (the scheduler's ns, not 10 ms ticks)."""
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9


def upload(args, users, User, Client) -> None:
    """Time `--uploads` rounds of an uploader's steps, as `web.Uploader` takes them: the form, the POST (validate
    and store), the result page, the confirmation when warnings are asked, the annotated copy."""
    import re

    from django.db import connection

    saved = json.loads((args.workdir / "state.json").read_text())
    uploader = users["uploaders"][0]
    books = saved["ids"]["uploads"][uploader.institution]
    client = Client()
    client.force_login(User.objects.get(username=uploader.name))
    backend = pg_backend(connection)

    def step(name, method, path, data=None):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            pg0, started = backend_cpu(backend), time.process_time()
            response = client.get(path) if method == "GET" else client.post(path, data)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            cpu = 1000 * (time.process_time() - started)
        print(f"{name:32} {'clerk':8} {cpu:7.1f} {1000 * (backend_cpu(backend) - pg0):7.1f} {counter.n:7d} "
              f"{1000 * counter.seconds:6.1f} {response.status_code:>6}")
        return response

    for i in range(args.uploads):
        step("web:clerk-upload", "GET", "/hei/upload/")
        with open(books[i % len(books)], "rb") as f:
            posted = step("upload POST (validate + store)", "POST", "/hei/upload/", {"workbook": f})
        location = posted.headers["Location"]
        page = step("web:clerk-upload-result", "GET", location)
        asked = re.findall(r'name="confirm" value="([^"]+)"', page.content.decode())
        outcome = re.findall(r'class="[^"]*(outcome-\w+)', page.content.decode())
        print(f"  {Path(books[i % len(books)]).name}: {', '.join(outcome) or '?'}")
        if asked:
            step("upload confirm POST (store)", "POST", location + "confirm/", {"confirm": asked})
            page = step("web:clerk-upload-result", "GET", location)
        if 'href="' + location + 'annotated/"' in page.content.decode():
            step("web:clerk-upload-annotated", "GET", location + "annotated/")


if __name__ == "__main__":
    sys.exit(main())
