"""Time the full national report: 3 languages × 3 formats (goal ≤ 30 s on a 2-core machine).

Run against a database holding the 2023 data (see README: load-registry + import-tables), e.g.
    DATABASE_URL=sqlite:////tmp/x/db.sqlite3 .venv/bin/python benchmarks/reports.py --year 2023
Prints the time of building each language's document (statistics are computed once and shared) and
of each renderer, then the total. Chart images are cached per spec, as in `intlmon report`.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--langs", default="kk,ru,en")
    parser.add_argument("--formats", default="html,pdf,docx")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intlmon.settings")
    import django

    django.setup()
    from intlmon.reports.formats import FORMATS, SUFFIX
    from intlmon.reports.national import build_national_report

    out = Path(tempfile.mkdtemp(prefix="intlmon-bench-"))
    cache: dict = {}
    per_format: dict[str, float] = {}
    started = time.perf_counter()
    for lang in args.langs.split(","):
        t = time.perf_counter()
        document = build_national_report(args.year, lang, cache)
        print(f"{lang}  build  {time.perf_counter() - t:6.2f} s")
        for fmt in args.formats.split(","):
            t = time.perf_counter()
            FORMATS[fmt](document, out / f"national_{lang}{SUFFIX[fmt]}")
            elapsed = time.perf_counter() - t
            per_format[fmt] = per_format.get(fmt, 0.0) + elapsed
            print(f"{lang}  {fmt:5}  {elapsed:6.2f} s")
    total = time.perf_counter() - started
    for fmt, elapsed in per_format.items():
        print(f"all   {fmt:5}  {elapsed:6.2f} s")
    print(f"total {total:6.2f} s  (goal ≤ 30 s)  files in {out}")


if __name__ == "__main__":
    main()
