"""`intlmon load-registry [--institutions FILE.csv]`: load or correct the registry, idempotently."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intlmon.registry.loading import (
    RegistryInputError,
    load_institutions_file,
    load_registry,
    registry_summary,
)


class Command(BaseCommand):
    help = "Load the registry (countries, regions, fields, HEIs, partners, aliases) from data/registry."

    def add_arguments(self, parser):
        parser.add_argument(
            "--institutions",
            type=Path,
            metavar="FILE.csv",
            help="add or correct institutions from a CSV with the columns of kz_institutions.csv",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, institutions: Path | None = None, format: str = "text", **options):
        try:
            if institutions is not None:
                if not institutions.is_file():
                    raise CommandError(f"{institutions}: no such file")
                load_institutions_file(institutions)
            else:
                load_registry()
        except RegistryInputError as exc:
            raise CommandError("rejected, nothing was changed:\n  " + "\n  ".join(exc.problems)) from exc
        summary = registry_summary()
        if format == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("Registry loaded: " + ", ".join(f"{k} {v}" for k, v in summary.items()))
