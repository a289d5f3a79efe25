"""`intlmon warm [--year Y ...] [--lang kk,ru,en]`: compute the dashboards' overview ahead of its visitors.

Why: the portal warms the overview itself after an approval commits (web/dashboards/warm.py); after
changes made outside a request — `import-tables`, a restore, a cleared cache — this fills the page cache
so the first visitor does not wait for ten years of statistics.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compute the dashboards' overview (and each year's statistics) ahead of its visitors."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="a year held (repeatable; default: the latest)")
        parser.add_argument("--lang", default="", help="comma-separated languages (default: all of the portal's)")

    def handle(self, *args, year=None, lang="", **options):
        from intlmon.web.dashboards.warm import warm

        started = time.perf_counter()
        done = warm(years=year, languages=[code for code in lang.split(",") if code] or None)
        self.stdout.write(f"warm: {len(done)} overview page(s) kept in {time.perf_counter() - started:.1f} s"
                          + ("" if done else " (no year has counted data)"))
