"""`intlmon explain CHECK --year Y [--institution ID] [--statistic S] --text "…" --author NAME`.

Stores an analyst's explanation of a finding; it applies to the same check, HEI and statistic from
that year on, and reports print it as a footnote.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from intlmon.quality.explanations import explain
from intlmon.quality.registry import CHECKS
from intlmon.registry.models import Institution


class Command(BaseCommand):
    help = "Mark a finding of the audit as explained (remembered for later years)."

    def add_arguments(self, parser):
        parser.add_argument("check")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--institution", help="registry id of the HEI the finding is about")
        parser.add_argument("--statistic", default="", help="statistic id of the finding")
        parser.add_argument("--text", required=True)
        parser.add_argument("--author", required=True)

    def handle(self, *args, check, year, institution=None, statistic="", text, author, **options):
        from intlmon.quality import checks  # noqa: F401

        if check not in CHECKS:
            raise CommandError(f"unknown check '{check}'; known: {', '.join(CHECKS)}", returncode=2)
        if institution and not Institution.objects.filter(pk=institution).exists():
            raise CommandError(f"unknown institution '{institution}'", returncode=1)
        if not text.strip() or not author.strip():
            raise CommandError("--text and --author must not be empty", returncode=1)
        e = explain(check, year, text.strip(), author.strip(), institution, statistic)
        self.stdout.write(f"explanation {e.pk}: {check} {institution or '-'} {statistic or '-'} from {year}")
