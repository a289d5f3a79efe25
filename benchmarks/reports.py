"""Time the reports as a user waits for them (issue #17): the nine national documents in one process
(`intlmon report national --lang kk,ru,en --format docx,pdf,html`, goal ≤ 15 s) and one country note
in one format (goal ≤ 1.5 s each), each beside its goal and the load average of the machine.

Run against a database holding the 2023 data (the Makefile's demo target), e.g.
    INTLMON_VAR_DIR=/tmp/x/var .venv/bin/python benchmarks/reports.py
    INTLMON_VAR_DIR=/tmp/x/var .venv/bin/python benchmarks/reports.py --baseline /tmp/old/src --rounds 3

Every figure is a whole `intlmon report` process (start-up included), timed from outside: wall seconds
and CPU seconds (user + system of the process and of the worker processes it started). With
`--baseline SRC` (another checkout's `src`, e.g. `git archive <commit> | tar -x -C /tmp/old` followed
by `make messages` there) the old code runs too, old and new in turn, so both see the same machine;
the ratio new/old is printed per case. The medians of `--rounds` runs are printed.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the `intlmon` script beside this Python (as a user runs it); PYTHONPATH picks the code it imports
INTLMON = [str(Path(sys.executable).with_name("intlmon"))]


def cases(year: int, country: str, country_year: int) -> list[tuple[str, list[str], float]]:
    """(name, arguments of `intlmon report`, goal in seconds)."""
    note = ["country", country, "--year", str(country_year), "--lang", "en"]
    return [
        ("national kk,ru,en x docx,pdf,html", ["national", "--year", str(year), "--lang", "kk,ru,en",
                                               "--format", "docx,pdf,html"], 15.0),
        (f"country note {country} {country_year} en pdf", [*note, "--format", "pdf"], 1.5),
        (f"country note {country} {country_year} en docx", [*note, "--format", "docx"], 1.5),
        (f"country note {country} {country_year} en html", [*note, "--format", "html"], 1.5),
    ]


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--country", default="RU", help="the country of the country note (default RU)")
    parser.add_argument("--country-year", type=int, default=2023)
    parser.add_argument("--src", default=str(ROOT / "src"), help="the new code's src folder (default: this checkout's)")
    parser.add_argument("--baseline", metavar="SRC", help="the old code's src folder, run in turn with the new")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--only", choices=["national", "country"], help="one kind of case")
    args = parser.parse_args()
    versions = [("new", args.src)] + ([("old", args.baseline)] if args.baseline else [])
    chosen = [c for c in cases(args.year, args.country, args.country_year)
              if not args.only or c[0].startswith(args.only)]
    results: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    out = Path(tempfile.mkdtemp(prefix="intlmon-bench-reports-"))
    print(f"{os.cpu_count()} CPUs; load average at start {os.getloadavg()[0]:.1f}; files in {out}", flush=True)
    for round_ in range(args.rounds):
        for name, report_args, _goal in chosen:
            for version, src in (versions if round_ % 2 == 0 else versions[::-1]):
                wall, cpu, load = run(report_args, src, out / version)
                results.setdefault((name, version), []).append((wall, cpu, load))
                print(f"  round {round_ + 1} {version:3} {name:40} wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
                      f"load {load:4.1f}", flush=True)
    print(f"\nmedians of {args.rounds} run(s), whole processes:")
    print(f"{'case':40} {'code':4} {'wall s':>7} {'cpu s':>7} {'load':>5} {'goal s':>7}  new/old wall, cpu")
    for name, _args, goal in chosen:
        for version, _src in versions:
            runs = results[(name, version)]
            wall, cpu, load = (statistics.median(r[i] for r in runs) for i in range(3))
            ratio = ""
            if version == "new" and args.baseline:
                old = results[(name, "old")]
                ratio = (f"{wall / statistics.median(r[0] for r in old):.2f}, "
                         f"{cpu / statistics.median(r[1] for r in old):.2f}")
            print(f"{name:40} {version:4} {wall:7.2f} {cpu:7.2f} {load:5.1f} {goal:7.1f}  {ratio}")


if __name__ == "__main__":
    main()
