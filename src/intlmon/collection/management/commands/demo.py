"""`intlmon demo`: the main job on the embedded default — what was loaded and produced, and where."""

from __future__ import annotations

import csv
import json

from django.conf import settings
from django.core.management.base import BaseCommand

from intlmon.registry.loading import registry_summary


def reference_summary() -> dict[str, int]:
    base = settings.DATA_DIR / "reference" / "2023"
    out: dict[str, int] = {}
    for path in sorted(base.rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            out[str(path.relative_to(base))] = sum(1 for _ in csv.DictReader(fh))
    return out


class Command(BaseCommand):
    help = "Run the main job on the loaded database and print what it produced and where."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, format: str = "text", **options):
        result = {
            "database": str(settings.DATABASES["default"]["NAME"]),
            "registry": registry_summary(),
            "reference_2023_rows": reference_summary(),
        }
        if format == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Database: {result['database']}")
        self.stdout.write("Registry:")
        for key, value in result["registry"].items():
            self.stdout.write(f"  {key:<22} {value:>6}")
        self.stdout.write(f"Reference data 2023 ({settings.DATA_DIR / 'reference' / '2023'}):")
        for key, value in result["reference_2023_rows"].items():
            self.stdout.write(f"  {key:<48} {value:>5} rows")
