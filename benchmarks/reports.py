"""Time the reports as a user waits for them (issue #17): the nine national documents in one process
(`intlmon report national --lang kk,ru,en --format docx,pdf,html`, goal ≤ 15 s) and one country note
in one format (goal ≤ 1.5 s each), each beside its goal and the load average of the machine.

Run against a database holding the demo data (the Makefile's demo target: 2023 tables, France 2022), e.g.
    INTLMON_VAR_DIR=/tmp/x/var .venv/bin/python benchmarks/reports.py
    INTLMON_VAR_DIR=/tmp/x/var .venv/bin/python benchmarks/reports.py --baseline /tmp/old/src --rounds 3

A user waits for a country note in two places, and both are measured in the same run:
- **portal** (`warm`): the note is made in a gunicorn worker that has served requests before, so Python,
  Django, WeasyPrint and vl-convert's JavaScript engine are loaded once for many notes. One process is
  started, makes one note of another country (the warm-up), then times each case as the portal's download
  view does (`build_country_note` + the format's renderer), with the chart images forgotten (in memory
  and on disk), so every chart is drawn: the portal's first request for that note. (The warm-up note
  has no chart, so one chart is drawn as the portal's pages do: its JavaScript engine is started.)
- **command line** (`cold`): a fresh `intlmon report country …` process, timed from outside, start-up
  included, with the chart images on disk removed first (`VAR_DIR/chart-images`): nothing drawn before.
  `cold, charts kept` runs the same command again, as a user re-running it finds them (the national
  set is measured both ways too; its goal is judged on `cold`: after new data most charts change).
The goal applies to each; the verdict compares the wall time with it (on a loaded machine the wall time
is inflated: compare the CPU seconds, and re-measure on a quiet machine).

Every cold figure is a whole `intlmon report` process: wall seconds and CPU seconds (user + system of
the process and of the worker processes it started). With `--baseline SRC` (another checkout's `src`,
e.g. `git archive <commit> | tar -x -C /tmp/old` followed by `make messages` there) the old code runs
too, old and new in turn, so both see the same machine; the ratio new/old is printed per case. The
medians of `--rounds` runs are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the `intlmon` script beside this Python (as a user runs it); PYTHONPATH picks the code it imports
INTLMON = [str(Path(sys.executable).with_name("intlmon"))]
FORMATS = ("pdf", "docx", "html")
#: the note the warm process makes first (another country than the measured ones: no data of theirs is
#: read before they are timed); it has no chart, so a chart of the portal's pages is drawn too
WARM_UP = ("TR", 2023, "kk")


def var_dir() -> Path:
    return Path(os.environ.get("INTLMON_VAR_DIR") or ROOT / "var")


def national_case(year: int) -> tuple[str, list[str], float]:
    return ("national kk,ru,en x docx,pdf,html", ["national", "--year", str(year), "--lang", "kk,ru,en",
                                                  "--format", "docx,pdf,html"], 15.0)


def note_cases(notes: list[tuple[str, int]]) -> list[tuple[str, str, int, str]]:
    """(name, country, year, format) of each country note case."""
    return [(f"note {code} {year} en {fmt}", code, year, fmt) for code, year in notes for fmt in FORMATS]


def run(args: list[str], src: str | None, out: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, 1-minute load at the start) of one `intlmon report` process."""
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([*INTLMON, "report", *args, "-o", str(out)], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"intlmon report {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, load


def forget_chart_images() -> None:
    shutil.rmtree(var_dir() / "chart-images", ignore_errors=True)


# -- the warm process (the portal's case) ------------------------------------------------------------
def warm_child(cases: list[list], out: str, repeats: int) -> None:
    """Runs in its own process: Django set up, one warm-up note, then each case `repeats` times; prints
    one JSON line {name: [[wall, cpu], …]}."""
    sys.argv = ["intlmon"]
    from intlmon.cli import configure

    configure()
    import django

    django.setup()
    from intlmon.reports import chart_images
    from intlmon.reports.country import build_country_note
    from intlmon.reports.formats import FORMATS as RENDER
    from intlmon.reports.formats import SUFFIX

    folder = Path(out)
    code, year, lang = WARM_UP
    for fmt in FORMATS:
        RENDER[fmt](build_country_note(code, year, lang), folder / f"warm_up{SUFFIX[fmt]}")
    images = chart_images.images
    from intlmon.reports.charts import bar_chart

    images.svg(bar_chart([("Almaty", 1), ("Astana", 2)], "", "", "", lang))  # vl-convert's engine started
    images.folder = None  # every chart drawn: none kept on disk
    timings: dict[str, list] = {}
    for _ in range(repeats):
        for name, code, year, fmt in cases:
            images._done.clear()  # forgotten in memory too: the first request for this note
            wall, cpu = time.perf_counter(), time.process_time()
            RENDER[fmt](build_country_note(code, year, "en"), folder / f"{name.replace(' ', '_')}{SUFFIX[fmt]}")
            timings.setdefault(name, []).append([time.perf_counter() - wall, time.process_time() - cpu])
    print(json.dumps(timings))


def run_warm(cases, src: str | None, out: Path, repeats: int) -> tuple[dict, float]:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    out.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    done = subprocess.run([sys.executable, __file__, "--warm-child", json.dumps(cases), str(out), str(repeats)],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the warm process failed ({done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1]), load


def verdict(wall: float, goal: float) -> str:
    return "PASS" if wall <= goal else "MISS"


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--warm-child":
        return warm_child(json.loads(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--notes", default="RU:2023,FR:2022",
                        help="the country notes timed, COUNTRY:YEAR,… (default RU:2023 — no chart —, FR:2022 — a chart)")
    parser.add_argument("--src", default=str(ROOT / "src"), help="the new code's src folder (default: this checkout's)")
    parser.add_argument("--baseline", metavar="SRC", help="the old code's src folder, run in turn with the new")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--only", choices=["national", "note"], help="one kind of case")
    args = parser.parse_args()
    versions = [("new", args.src)] + ([("old", args.baseline)] if args.baseline else [])
    notes = [(item.split(":")[0].upper(), int(item.split(":")[1])) for item in args.notes.split(",") if item]
    national = national_case(args.year)
    notes_ = note_cases(notes)
    rows: list[tuple[str, str, float]] = []  # (case, mode, goal) in print order
    results: dict[tuple[str, str, str], list[tuple[float, float, float]]] = {}
    out = Path(tempfile.mkdtemp(prefix="intlmon-bench-reports-"))
    print(f"{os.cpu_count()} CPUs; load average at start {os.getloadavg()[0]:.1f}; files in {out}", flush=True)

    def note(key, wall, cpu, load, round_, version):
        results.setdefault(key, []).append((wall, cpu, load))
        print(f"  round {round_ + 1} {version:3} {key[0]:34} {key[1]:18} wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
              f"load {load:4.1f}", flush=True)

    if args.only != "note":
        rows += [(national[0], "cold", national[2]), (national[0], "cold, charts kept", national[2])]
    if args.only != "national":
        for name, *_rest in notes_:
            rows += [(name, "portal (warm)", 1.5), (name, "cold", 1.5), (name, "cold, charts kept", 1.5)]
    for round_ in range(args.rounds):
        order = versions if round_ % 2 == 0 else versions[::-1]
        if args.only != "note":
            for version, src in order:
                forget_chart_images()
                note((national[0], "cold", version), *run(national[1], src, out / version), round_, version)
                note((national[0], "cold, charts kept", version), *run(national[1], src, out / version), round_,
                     version)
        if args.only == "national":
            continue
        for version, src in order:
            timings, load = run_warm(notes_, src, out / version / "warm", 1)
            for name, runs in timings.items():
                for wall, cpu in runs:
                    note((name, "portal (warm)", version), wall, cpu, load, round_, version)
        for name, code, year, fmt in notes_:
            report = ["country", code, "--year", str(year), "--lang", "en", "--format", fmt]
            for version, src in order:
                forget_chart_images()
                note((name, "cold", version), *run(report, src, out / version), round_, version)
                note((name, "cold, charts kept", version), *run(report, src, out / version), round_, version)
    print(f"\nmedians of {args.rounds} run(s); cold = a whole `intlmon report` process, warm = in a process that "
          f"has made a note before (the portal)")
    print(f"{'case':34} {'mode':18} {'code':4} {'wall s':>7} {'cpu s':>7} {'load':>5} {'goal s':>7} {'':4}  new/old wall, cpu")
    for name, mode, goal in rows:
        for version, _src in versions:
            runs = results[(name, mode, version)]
            wall, cpu, load = (statistics.median(r[i] for r in runs) for i in range(3))
            ratio = ""
            if version == "new" and args.baseline:
                old = results[(name, mode, "old")]
                ratio = (f"{wall / statistics.median(r[0] for r in old):.2f}, "
                         f"{cpu / statistics.median(r[1] for r in old):.2f}")
            print(f"{name:34} {mode:18} {version:4} {wall:7.2f} {cpu:7.2f} {load:5.1f} {goal:7.1f} "
                  f"{verdict(wall, goal):4}  {ratio}")


if __name__ == "__main__":
    main()
