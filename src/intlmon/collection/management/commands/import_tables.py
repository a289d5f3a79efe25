"""`intlmon import-tables DIR --year Y`: import the Centre's consolidated tables for a year."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intlmon.collection.legacy import ImportRejected, import_tables


class Command(BaseCommand):
    help = "Import consolidated tables shaped like data/reference/2023: rows routed to each HEI's submission."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, directory: Path, year: int, format: str = "text", **options):
        try:
            report = import_tables(directory, year)
        except ImportRejected as exc:
            raise CommandError("rejected, nothing was changed:\n  " + "\n  ".join(exc.problems)) from exc
        data = report.as_dict()
        if format == "json":
            data["unresolved_names"] = report.unresolved
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(
            f"Imported {directory} as {year}: {data['institutions']} HEIs, "
            f"{sum(data['records'].values())} records, {data['published_figures']} published figures"
        )
        for model, n in sorted(data["records"].items()):
            self.stdout.write(f"  {model:<24} {n:>5}")
        if report.unresolved:
            self.stdout.write(f"  {len(report.unresolved)} names left for review (partner or country not resolved)")
