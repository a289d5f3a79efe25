"""`intlmon template --year 2024 [--institution ID] [--lang kk|ru|en] [-o form.xlsx]`: write the form.

Exit codes: 0 written, 1 rejected (unknown institution, year out of range, file not writable),
2 usage error (argparse).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from intlmon.collection.sections import LANGS
from intlmon.collection.template import UnknownInstitution, write_template

YEARS = (1990, 2100)


class Command(BaseCommand):
    help = "Write the collection workbook (xlsx) for a reporting year, optionally prefilled for one institution."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="reporting year, e.g. 2024")
        parser.add_argument("--institution", help="institution id from the registry (e.g. kaznu)")
        parser.add_argument("--lang", choices=LANGS, help="language of headers and instructions (default: settings)")
        parser.add_argument("-o", "--output", help="output .xlsx path (default: intlmon-<year>[-<id>]-<lang>.xlsx)")

    def handle(self, *args, year: int, institution: str | None = None, lang: str | None = None,
               output: str | None = None, **options):
        if not YEARS[0] <= year <= YEARS[1]:
            raise CommandError(f"Year {year} is out of range ({YEARS[0]}–{YEARS[1]}).")
        lang = lang or (settings.LANGUAGE_CODE or "ru")[:2]
        if lang not in LANGS:
            lang = "ru"
        if output is None:
            output = f"intlmon-{year}{'-' + institution if institution else ''}-{lang}.xlsx"
        path = Path(output)
        if path.suffix.lower() != ".xlsx":
            raise CommandError(f"Output {output!r} must be an .xlsx file.")
        try:
            written = write_template(path, year, lang, institution=institution)
        except UnknownInstitution as exc:
            raise CommandError(f"{exc} Load the registry (`intlmon load-registry`) or check the id.") from exc
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc}") from exc
        who = f" for {institution}" if institution else ""
        self.stdout.write(f"Wrote {written} (year {year}{who}, language {lang}).")
