"""Benchmark of the declared statistics: time of each statistic and of the whole set for one year.

    .venv/bin/python benchmarks/analytics.py [--datasets reference,synthetic] [--backends sqlite,postgres]
        [--year 2023] [--heis 1000] [--years 10] [--rows-per-hei 210] [--reuse] [--repeat 3]
        [--workdir /tmp/intlmon-bench] [--pg-url postgres://postgres@127.0.0.1:5432] [--db-prefix intlmon_bench]
        [--dump DIR] [--markdown] [--small-heis 100] [--before SRC] [--whole-only]

Datasets:
  (a) reference — the 2023 reference tables imported as the demo does (registry, 2023, France note as 2022);
  (b) synthetic — 1 000 HEIs × 10 years (2014–2023), ≈ 210 section rows per HEI-year, skewed sizes
      (a few large universities, many small ones) and sections mixed as in the report: ≥ 2 million
      records. Generated with bulk inserts in minutes; `--reuse` keeps a database that already holds it.
Backends: SQLite files under the work directory; PostgreSQL databases `<prefix>_ref` and `<prefix>`
(`--db-prefix`, default `intlmon_bench`; created if missing). Each (dataset, backend) runs in a child process because Django
reads DATABASE_URL once. Timings are the median of `--repeat` warm runs (one untimed run first), each with
nothing kept between runs ('nothing kept': every section's pass sent whole); on the synthetic dataset with
PostgreSQL also after an approval ('after an approval': one HEI's new version approved before each run, so the
passes the run before kept are brought up to date by a pass over the changed versions —
analytics/statistics/kept_passes.py, the pre-aggregate the issue allows, invalidated exactly by the versions
that count). Both are printed beside the limit.
Goal (issue 17): the whole set for one year on (b) with PostgreSQL ≤ 300 ms, printed beside that limit,
with a query count that does not depend on the number of HEIs: the same synthetic data is also built with
`--small-heis` HEIs (database `<prefix>_small`) and the whole set's query count printed for both sizes.
Besides the wall time, each run gives the CPU time of the Python process and of the PostgreSQL backend
serving it (read from /proc, when the server runs on this machine): on a loaded machine those move less.
`--before SRC` runs every child a second time on another source tree (e.g. `git archive <commit> src |
tar -x -C /tmp/before`, then `--before /tmp/before/src`), so that before and after are measured in the
same run, on the same databases.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics as pystats
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# -- child: runs inside one database ------------------------------------------------------------------
def setup_django(src: str | None = None):
    sys.path.insert(0, src or str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intlmon.settings")
    import django

    django.setup()


def ensure_reference() -> None:
    from django.core.management import call_command

    from intlmon.records.models import PublishedFigure

    call_command("migrate", verbosity=0)
    if PublishedFigure.objects.exists():
        return
    call_command("load_registry", verbosity=0)
    call_command("import_tables", str(ROOT / "data/reference/2023"), year=2023, verbosity=0)
    call_command("import_tables", str(ROOT / "data/reference/2023/france"), year=2022, verbosity=0)


# rows per HEI-year by section, for an HEI of average size (scaled by a skewed size factor)
MIX = {"Agreement": 60, "MobilityFlow": 80, "Presence": 1, "Project": 10, "JointProgramme": 3,
       "DoubleDegreeProgramme": 5, "VisitingFaculty": 10, "InternationalStudents": 20, "Publications": 12,
       "InstitutionProfile": 1}


def ensure_synthetic(heis: int, years: int, last_year: int, rows_per_hei: int, reuse: bool) -> int:
    from django.core.management import call_command
    from django.db import connection, transaction

    from intlmon.collection.models import Submission
    from intlmon.records import models as rec
    from intlmon.registry.models import Country, FieldOfEducation, Institution, InstitutionCategory

    call_command("migrate", verbosity=0)
    total = sum(m.objects.count() for m in rec.SECTION_MODELS)
    if reuse and total:
        print(f"reusing {total} records", file=sys.stderr)
        return total
    if total:
        raise SystemExit("the synthetic database is not empty; drop it or pass --reuse")
    call_command("load_registry", verbosity=0)
    rng = random.Random(2023)
    countries = list(Country.objects.values_list("code", flat=True))
    weights = [50 if c in ("RU", "TR", "CN", "UZ", "KG", "DE", "PL", "KR", "US", "FR") else 1 for c in countries]
    fields = list(FieldOfEducation.objects.values_list("code", flat=True))
    cats = [c for c, _ in InstitutionCategory.Category.choices]
    year_list = list(range(last_year - years + 1, last_year + 1))
    t0 = time.perf_counter()
    with transaction.atomic():
        insts = [Institution(id=f"bench-{i:04d}", name_en=f"Synthetic University {i}") for i in range(heis)]
        Institution.objects.bulk_create(insts, batch_size=2000)
        InstitutionCategory.objects.bulk_create(
            [InstitutionCategory(institution_id=i.id, year=y, category=cats[n % len(cats)])
             for n, i in enumerate(insts) for y in year_list], batch_size=5000)
        periods = {y: rec.ReportingPeriod.objects.create(year=y) for y in year_list}
        subs = Submission.objects.bulk_create(
            [Submission(institution_id=i.id, period=periods[y], version=1, is_current=True,
                        status="approved", origin="upload") for i in insts for y in year_list], batch_size=5000)
    sizes = {i.id: rng.paretovariate(1.6) for i in insts}
    scale = rows_per_hei / sum(MIX.values()) / (sum(sizes.values()) / len(sizes))
    levels, formats = ["bachelor", "master", "doctorate"], ["physical", "online", "blended"]
    fundings = ["republican_budget", "extra_budgetary", "student", "grant", "partner", "other"]
    directions = [d for d, _ in rec.Agreement.Direction.choices]
    made = 0
    for sub in subs:
        size = sizes[sub.institution_id] * scale
        base = {"period_id": sub.period_id, "submission_id": sub.id, "institution_id": sub.institution_id}
        hei_countries = rng.choices(countries, weights, k=12)
        batch: dict[str, list] = {}
        for name, per in MIX.items():
            n = max(1 if name == "InstitutionProfile" else 0, round(per * size * rng.uniform(0.5, 1.5)))
            model = getattr(rec, name)
            rows = []
            for _ in range(n):
                c = rng.choice(hei_countries)
                if name == "Agreement":
                    rows.append(model(**base, country_id=c, directions=rng.sample(directions, rng.randint(1, 3))))
                elif name == "MobilityFlow":
                    rows.append(model(**base, country_id=c, direction=rng.choice(["outbound", "inbound"]),
                                      person=rng.choice(["student", "staff"]), level=rng.choice(levels),
                                      field_id=rng.choice(fields), format=rng.choice(formats),
                                      funding=rng.choice(fundings), headcount=rng.randint(1, 20)))
                elif name == "Presence":
                    rows.append(model(**base, country_id=c, direction=rng.choice(["outbound", "inbound"]),
                                      kind="branch", name="Synthetic centre"))
                elif name == "Project":
                    rows.append(model(**base, country_id=c, kind=rng.choice(["research", "educational"]),
                                      field_id=rng.choice(fields), funder=rng.choice(["Erasmus+", "Horizon", "DAAD", ""])))
                elif name in ("JointProgramme", "DoubleDegreeProgramme"):
                    rows.append(model(**base, country_id=c, level=rng.choice(levels), field_id=rng.choice(fields),
                                      funding=rng.choice(fundings), enrolment=rng.randint(0, 40),
                                      languages=rng.sample(["kk", "ru", "en"], rng.randint(1, 2))))
                elif name == "VisitingFaculty":
                    rows.append(model(**base, country_id=c, headcount=rng.randint(1, 5), field_id=rng.choice(fields),
                                      format=rng.choice(formats), funding=rng.choice(fundings[:2])))
                elif name == "InternationalStudents":
                    rows.append(model(**base, country_id=c, level=rng.choice(levels), headcount=rng.randint(1, 60)))
                elif name == "Publications":
                    rows.append(model(**base, database=rng.choice(["scopus", "wos"]), field_id=rng.choice(fields),
                                      count=rng.randint(1, 200), with_foreign_coauthors=rng.randint(0, 50)))
                else:
                    rows.append(model(**base, students=rng.randint(500, 30000), academic_staff=rng.randint(50, 2000)))
            batch[name] = rows
        for name, rows in batch.items():
            pending.setdefault(name, []).extend(rows)
            made += len(rows)
        if sum(len(v) for v in pending.values()) >= 50_000:
            flush(transaction)
    flush(transaction)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    print(f"generated {made} records in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return made


pending: dict[str, list] = {}


def flush(transaction) -> None:
    from intlmon.records import models as rec

    with transaction.atomic():
        for name, rows in pending.items():
            getattr(rec, name).objects.bulk_create(rows, batch_size=2000)
    pending.clear()


def backend_cpu() -> float | None:
    """CPU seconds used so far by the PostgreSQL backend of this connection (None: not readable here)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_statistics(year: int, repeat: int, whole_only: bool = False, approvals: bool = False) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from intlmon.analytics.registry import all_statistics, compute, compute_all

    ids = list(all_statistics())
    per = {}
    if not whole_only:
        for stat_id in ids:  # warm: imports, connection, caches of the database
            compute(stat_id, year)
        for stat_id in ids:
            runs = []
            for _ in range(repeat):
                t = time.perf_counter()
                compute(stat_id, year)
                runs.append(time.perf_counter() - t)
            per[stat_id] = pystats.median(runs)
    with CaptureQueriesContext(connection) as ctx:  # warm, and the query count of the whole set
        results = compute_all(year)
    values = sum(len(r.values) for r in results.values())
    del results
    try:  # the passes kept between runs (issue 13/17; absent from an older tree given with --before)
        from intlmon.analytics.statistics.kept_passes import forget
    except ImportError:
        forget = None

    def timed(runs: tuple[list, list, list]) -> None:
        b, c, t = backend_cpu(), time.process_time(), time.perf_counter()
        kept = compute_all(year)  # held until timed: freeing 76 000 values is the caller's, when it is done
        runs[0].append(time.perf_counter() - t)
        runs[1].append(time.process_time() - c)
        if b is not None:
            runs[2].append(backend_cpu() - b)
        del kept

    cold: tuple[list, list, list] = ([], [], [])
    for _ in range(repeat):  # nothing kept: every section's pass sent whole
        if forget is not None:
            forget()
        timed(cold)
    after: tuple[list, list, list] = ([], [], [])
    if forget is not None and connection.vendor == "postgresql" and approvals:
        for i in range(repeat):  # one HEI's new version approved, then the whole set (the kept passes brought up to date)
            approve_one(year, i)
            timed(after)

    def median(runs: list) -> float | None:
        return pystats.median(runs) if runs else None

    return {"per_statistic": per, "whole_set": median(cold[0]), "whole_cpu": median(cold[1]),
            "whole_pg_cpu": median(cold[2]), "after_approval": median(after[0]), "after_cpu": median(after[1]),
            "after_pg_cpu": median(after[2]), "queries": len(ctx.captured_queries), "values": values}


def approve_one(year: int, i: int) -> None:
    """A new version of one synthetic HEI (one of the last tenth, a small one) with one double-degree row,
    approved — as benchmarks/overview.py does; the figures stay synthetic."""
    from intlmon.collection.store import store_version
    from intlmon.collection.workflow import Actor, Role, transition
    from intlmon.registry.models import Institution

    ids = sorted(Institution.objects.filter(id__startswith="bench-").values_list("id", flat=True))
    tail = ids[-max(len(ids) // 10, 1):]
    hei = tail[(int(time.time()) + i) % len(tail)]
    stored = store_version(institution_id=hei, year=year, status="submitted", actor="bench",
                           records={"DoubleDegreeProgramme": [{"level": "master",
                                                                "enrolment": int(time.time() * 1000) % 100000}]})
    transition(stored.submission, "approve", Actor("bench-analyst", Role.ANALYST))


def child(args) -> None:
    setup_django(args.src)
    from intlmon.records.models import SECTION_MODELS

    if args.dataset == "reference":
        ensure_reference()
    else:
        ensure_synthetic(args.heis, args.years, args.year, args.rows_per_hei, args.reuse)
    records = sum(m.objects.count() for m in SECTION_MODELS)
    out = time_statistics(args.year, args.repeat, args.whole_only, approvals=args.dataset == "synthetic")
    out["records"] = records
    if args.dump:
        dump_values(args.year, Path(args.dump) / f"{args.dataset}-{connection_vendor()}-{args.year}.json")
    print(json.dumps(out))


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


def dump_values(year: int, path: Path) -> None:
    """Every value of the whole set (the read service's JSON shape): compare before and after a change."""
    from intlmon.analytics.registry import compute_all

    out = {stat_id: sorted(([v.key(), str(v.value), v.source, v.note, list(v.multi)] for v in r.values), key=str)
           for stat_id, r in compute_all(year).items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=0, sort_keys=True, ensure_ascii=False, default=str))


# -- parent: one child per (dataset, backend) --------------------------------------------------------------
def database_url(dataset: str, backend: str, args, small: bool = False) -> str:
    if backend == "sqlite":
        name = "reference.sqlite3" if dataset == "reference" else f"synthetic{'_small' if small else ''}.sqlite3"
        return f"sqlite:///{Path(args.workdir) / name}"
    db = f"{args.db_prefix}_ref" if dataset == "reference" else f"{args.db_prefix}{'_small' if small else ''}"
    ensure_pg_database(args.pg_url, db)
    return f"{args.pg_url}/{db}"


def ensure_pg_database(pg_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{pg_url}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


LIMIT_MS = 300  # issue 17: the whole set for one year, synthetic data, PostgreSQL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", default="reference,synthetic")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--heis", type=int, default=1000)
    parser.add_argument("--small-heis", type=int, default=100,
                        help="HEIs of the second synthetic database (query count vs size; 0: none)")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--rows-per-hei", type=int, default=210)
    parser.add_argument("--reuse", action="store_true", help="reuse a generated synthetic database")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", default="/tmp/intlmon-bench")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db-prefix", default="intlmon_bench", help="PostgreSQL database name (and <prefix>_ref)")
    parser.add_argument("--dump", help="write every value of the whole set to DIR/<dataset>-<backend>-<year>.json")
    parser.add_argument("--markdown", action="store_true", help="print the result as a markdown table")
    parser.add_argument("--before", help="another source tree (its src/ directory) to time in the same run")
    parser.add_argument("--whole-only", action="store_true", help="time the whole set only, not each statistic")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dataset", help=argparse.SUPPRESS)
    parser.add_argument("--src", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    runs = []  # (dataset, backend, heis)
    for dataset in args.datasets.split(","):
        for backend in args.backends.split(","):
            runs.append((dataset, backend, args.heis))
            if dataset == "synthetic" and args.small_heis:
                runs.append((dataset, backend, args.small_heis))
    trees = [("after", None)] + ([("before", args.before)] if args.before else [])
    results = {}
    for dataset, backend, heis in runs:
        small = dataset == "synthetic" and heis != args.heis
        url = database_url(dataset, backend, args, small)
        for tree, src in trees:
            env = {**os.environ, "DATABASE_URL": url}
            cmd = [sys.executable, __file__, "--child", "--dataset", dataset, "--year", str(args.year),
                   "--heis", str(heis), "--years", str(args.years), "--rows-per-hei", str(args.rows_per_hei),
                   "--repeat", str(args.repeat)]
            cmd += ["--dump", str(Path(args.dump) / tree)] if args.dump and not small else []
            cmd += ["--reuse"] if args.reuse or dataset == "reference" else []
            cmd += ["--src", src] if src else []
            cmd += ["--whole-only"] if args.whole_only or small else []
            size = f" / {heis} HEIs" if dataset == "synthetic" else ""
            print(f"[{dataset} / {backend}{size} / {tree}] …", file=sys.stderr, flush=True)
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
            sys.stderr.write(done.stderr[-2000:])
            if done.returncode:
                raise SystemExit(f"{dataset}/{backend}/{tree} failed")
            results[(dataset + (f" ({heis} HEIs)" if small else ""), backend, tree)] = json.loads(
                done.stdout.strip().splitlines()[-1])
    report(results, args)


def report(results: dict, args) -> None:
    columns = [c for c in results if not c[0].endswith("HEIs)") and not results[c]["per_statistic"] == {}]
    if columns:
        stats = sorted({s for c in columns for s in results[c]["per_statistic"]})
        head = ["statistic"] + [f"{d}/{b}{'' if t == 'after' else ' ' + t} (ms)" for d, b, t in columns]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines.append("| records in the database | " + " | ".join(f"{results[c]['records']:,}" for c in columns) + " |")
        for s in stats:
            lines.append(f"| `{s}` | " + " | ".join(
                f"{results[c]['per_statistic'].get(s, 0) * 1000:.1f}" for c in columns) + " |")
        print("\n".join(lines) + "\n")

    def ms(x) -> str:
        return "–" if x is None else f"{x * 1000:.0f}"

    lines = [f"Whole set, year {args.year} (median of {args.repeat} warm runs; CPU = this process, PostgreSQL = "
             "the backend serving it). 'nothing kept': every section's pass sent whole; 'after an approval': one "
             "HEI's new version approved before each run, the passes kept from the run before brought up to date "
             "(analytics/statistics/kept_passes.py; PostgreSQL only)", "",
             "| dataset | backend | code | records | values | queries | when | wall (ms) | CPU Python (ms) "
             "| CPU PostgreSQL (ms) |", "|---|---|---|---|---|---|---|---|---|---|"]
    for (d, b, t), r in results.items():
        lines.append(f"| {d} | {b} | {t} | {r['records']:,} | {r['values']:,} | {r['queries']} | nothing kept "
                     f"| {ms(r['whole_set'])} | {ms(r['whole_cpu'])} | {ms(r['whole_pg_cpu'])} |")
        if r.get("after_approval") is not None:
            lines.append(f"| {d} | {b} | {t} | | | | after an approval | {ms(r['after_approval'])} "
                         f"| {ms(r['after_cpu'])} | {ms(r['after_pg_cpu'])} |")
    print("\n".join(lines) + "\n")
    big = results.get(("synthetic", "postgres", "after"))
    if big is not None:
        for name, key in (("nothing kept", "whole_set"), ("after an approval", "after_approval")):
            if big.get(key) is None:
                continue
            wall = big[key] * 1000
            print(f"whole set, synthetic, PostgreSQL, {name}: {wall:.0f} ms, limit {LIMIT_MS} ms -> "
                  f"{'met' if wall <= LIMIT_MS else 'MISSED'} (load average {os.getloadavg()[0]:.1f})")
    for backend in args.backends.split(","):
        big = results.get(("synthetic", backend, "after"))
        small = results.get((f"synthetic ({args.small_heis} HEIs)", backend, "after"))
        if big and small:
            same = "independent of the number of HEIs" if big["queries"] == small["queries"] else "DIFFERS"
            print(f"queries of the whole set, {backend}: {big['queries']} for {args.heis} HEIs "
                  f"({big['records']:,} records), {small['queries']} for {args.small_heis} HEIs "
                  f"({small['records']:,} records) -> {same}")


if __name__ == "__main__":
    main()
