"""`intlmon audit --year Y [--format text|json] [--lang L] [--only CHECK…] [--fail-on error|warning]`.

Prints every finding grouped by check, with severity, what is involved and what to do. Exit 0 even
with findings (an audit that found something did its job); `--fail-on error` exits 1 when any
finding of that severity or worse is left unexplained, for CI. A year with no counted data exits 1
("no data for 2031"): an empty audit would read like clean data.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from intlmon.analytics.read import session
from intlmon.quality.audit import run_audit, summary
from intlmon.quality.findings import Severity
from intlmon.quality.registry import CHECKS


class Command(BaseCommand):
    help = "Data-quality audit of a reporting year: findings grouped by check."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--lang", choices=["kk", "ru", "en"], help="default: LANGUAGE_CODE")
        parser.add_argument("--only", nargs="+", metavar="CHECK", help="run only these checks")
        parser.add_argument("--fail-on", choices=["error", "warning"], help="exit 1 if a finding this severe is unexplained")

    def handle(self, *args, year, format="text", lang=None, only=None, fail_on=None, **options):
        lang = lang or translation.get_language() or "ru"
        from intlmon.quality import checks  # noqa: F401

        unknown = [c for c in only or () if c not in CHECKS]
        if unknown:
            raise CommandError(f"unknown check(s): {', '.join(unknown)}; known: {', '.join(CHECKS)}", returncode=2)
        from intlmon.analytics.availability import has_data

        if not has_data(year):
            with translation.override(lang):
                raise CommandError(_("no data for %(year)s") % {"year": year}, returncode=1)
        findings = run_audit(year, only)
        with session():  # HEI and partner names fetched once per dimension, not once per finding
            if format == "json":
                payload = {"year": year, "summary": summary(findings), "findings": [f.as_dict(lang) for f in findings]}
                self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
            else:
                with translation.override(lang):
                    self.write_text(year, findings, lang)
        if fail_on:
            limit = Severity(fail_on).rank
            if any(f.severity.rank <= limit and f.explanation is None for f in findings):
                raise CommandError(f"findings of severity {fail_on} or worse", returncode=1)

    def write_text(self, year, findings, lang):
        self.stdout.write(_("Data-quality audit %(year)d: %(count)s") % {
            "year": year, "count": ngettext("%(n)d finding", "%(n)d findings", len(findings)) % {"n": len(findings)}})
        by_check = {}
        for f in findings:
            by_check.setdefault(f.check, []).append(f)
        for chk in sorted(CHECKS.values(), key=lambda c: c.order):
            group = by_check.get(chk.id)
            if not group:
                continue
            severities = sorted({f.severity for f in group}, key=lambda s: s.rank)
            self.stdout.write("")
            self.stdout.write(f"== {chk.id} [{'/'.join(severity_word(s) for s in severities)}] {chk.title}: {len(group)}")
            for f in sorted(group, key=lambda f: f.severity.rank):
                self.stdout.write(f"  [{severity_word(f.severity)}] {f.message(lang)}")
                for ref in f.figures:
                    self.stdout.write(f"      {_('figure')}: {ref.describe()}")
                for ref in f.records:
                    self.stdout.write(f"      {_('record')}: {ref.describe(lang)}")
                self.stdout.write(f"      → {f.action(lang)}")
                if f.explanation is not None:
                    self.stdout.write(f"      {_('explained by')} {f.explanation.author}: {f.explanation.text}")
        if not findings:
            self.stdout.write(_("No findings."))


def severity_word(severity: Severity) -> str:
    """The severity as `ingest` prints it, in the active language ('[ошибка]', '[қате]'); the JSON keeps the id."""
    return {Severity.ERROR: pgettext("severity", "error"), Severity.WARNING: pgettext("severity", "warning"),
            Severity.INFO: pgettext("severity", "note")}[severity]
