"""`intlmon export opendata --year Y [-o DIR]`: the year's open-data package (docs/opendata.md).

Writes `datapackage.json` and `data/*.csv` into DIR (default: INTLMON_OUT_DIR/opendata_Y), validates the
written package with frictionless and prints the descriptor's path. Exit 0 on success; 1 when the year
has no counted data ("no data for 2031": an empty package would look like a year without activity, as
`report` refuses it) or when the written package does not validate (the first problems are listed);
2 on usage errors.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

KINDS = ("opendata",)


class Command(BaseCommand):
    help = "Export the year's data: the open-data package (Frictionless Data Package v2, CC BY 4.0)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS, help="what to export: opendata (registry, statistics, records)")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("-o", "--output", type=Path, default=None,
                            help="folder for the package (default: INTLMON_OUT_DIR/opendata_YEAR)")

    def handle(self, *args, kind, year, output=None, **options):
        from intlmon.analytics.availability import has_data
        from intlmon.opendata.package import export, validate

        if not has_data(year):
            raise CommandError(_("no data for %(year)s: there is nothing to export") % {"year": year}, returncode=1)
        directory = output if output is not None else Path(settings.OUT_DIR) / f"opendata_{year}"
        path = export(year, directory)
        report = validate(path)
        if not report.valid:
            problems = report.flatten(["resourceName", "rowNumber", "fieldName", "note"])
            lines = [" ".join(str(x) for x in p if x is not None) for p in problems[:10]]
            raise CommandError(_("the package written to %(path)s does not validate:") % {"path": path}
                               + "\n" + "\n".join(lines), returncode=1)
        self.stdout.write(str(path))
