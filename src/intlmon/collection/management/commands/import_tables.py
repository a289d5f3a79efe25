"""`intlmon import-tables DIR --year Y`: import the Centre's consolidated tables for a year.

Re-running it on the same tables adds no versions: an HEI whose records are identical to its latest
version is left as it is (`store.store_version` compares the records' sha256), and the command says so.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intlmon.collection.legacy import ImportRejected, import_tables
from intlmon.collection.models import Submission


class Command(BaseCommand):
    help = "Import consolidated tables shaped like data/reference/2023: rows routed to each HEI's submission."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, directory: Path, year: int, format: str = "text", **options):
        before = Submission.objects.filter(period__year=year).count()
        try:
            report = import_tables(directory, year)
        except ImportRejected as exc:
            raise CommandError("rejected, nothing was changed:\n  " + "\n  ".join(exc.problems)) from exc
        data = report.as_dict()
        data["new_versions"] = Submission.objects.filter(period__year=year).count() - before
        data["unchanged"] = data["institutions"] - data["new_versions"]
        if format == "json":
            data["unresolved_names"] = report.unresolved
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(
            f"Imported {directory} as {year}: {data['institutions']} HEIs, "
            f"{sum(data['records'].values())} records, {data['published_figures']} published figures"
        )
        self.stdout.write(f"  {data['new_versions']} new versions; {data['unchanged']} HEIs unchanged "
                          "(identical to their latest version, not stored again)")
        for model, n in sorted(data["records"].items()):
            self.stdout.write(f"  {model:<24} {n:>5}")
        if report.unresolved:
            self.stdout.write(f"  {len(report.unresolved)} names left for review (partner or country not resolved)")
        # Every row not stored as printed is named (legacy.ImportReport): nothing is dropped silently.
        for r in report.repeated:
            self.stdout.write(
                f"  repeated row stored once: {r['table']} row {r['row']} (№ {r['printed_no'] or '–'}, line {r['lines']}) "
                f"repeats row {r['repeats']} (№ {r['repeats_printed_no'] or '–'}, line {r['repeats_lines']})"
                + (", spelled with look-alike letters" if r["lookalike"] else "")
            )
        for r in report.attributed:
            self.stdout.write(f"  placed by row_attributions.csv: {r['table']} row {r['row']} (line {r['lines']}) → "
                              f"{r['institution']}")
        for r in report.adjusted:
            self.stdout.write(f"  read with care: {r['table']} row {r['row']} (line {r['lines']}): {r['reason']}")
        for r in report.skipped:
            where = f"{r['table']} row {r['row']}" if "table" in r else r.get("figure", "")
            self.stdout.write(f"  not stored as a record: {where}: {r.get('reason') or r.get('value', '')}")
        for r in report.unknown_values:
            self.stdout.write(f"  not in the vocabulary (not stored): {r['table']} row {r['row']}, {r['column']}: "
                              f"{r['unknown']}")
