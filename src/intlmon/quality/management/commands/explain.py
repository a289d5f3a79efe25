"""`intlmon explain CHECK --year Y [--institution ID] [--statistic S] --text "…" --author NAME`,
`intlmon explain --list [--year Y] [--all] [--format json]`, `intlmon explain --withdraw ID [--author NAME]`.

Stores an analyst's explanation of a finding of the year's audit; it applies to the same check, HEI
and statistic from that year on, and reports print it once as a footnote with author and date. A
check, HEI or statistic that does not exist, a year without data, or a finding that the audit of
that year does not produce is refused (exit 1) with a message saying which.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from intlmon.quality.explanations import ExplanationRefused, explain, listing, withdraw


class Command(BaseCommand):
    help = "Mark a finding of the audit as explained (remembered for later years); list or withdraw explanations."

    def add_arguments(self, parser):
        parser.add_argument("check", nargs="?", help="id of the audit check (see `intlmon audit`)")
        parser.add_argument("--year", type=int, help="the audit year of the finding (with --list: valid in that year)")
        parser.add_argument("--institution", help="registry id of the HEI the finding is about")
        parser.add_argument("--statistic", default="", help="statistic id of the finding, as `audit --format json` prints it")
        parser.add_argument("--text")
        parser.add_argument("--author")
        parser.add_argument("--lang", choices=["kk", "ru", "en"], help="language of the messages")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--list", dest="show_list", action="store_true", help="list the explanations")
        action.add_argument("--withdraw", type=int, metavar="ID", help="withdraw explanation ID")
        parser.add_argument("--all", dest="include_withdrawn", action="store_true", help="with --list: include withdrawn explanations")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="with --list")

    def handle(self, *args, check=None, year=None, institution=None, statistic="", text=None, author=None,
               lang=None, show_list=False, withdraw=None, include_withdrawn=False, format="text", **options):
        with translation.override(lang or translation.get_language()):
            try:
                if show_list:
                    return self.list(year, include_withdrawn, format)
                if withdraw is not None:
                    e = self.withdraw(withdraw, author)
                    self.stdout.write(_("explanation %(id)s withdrawn") % {"id": e.pk})
                    return
                if not check or year is None or text is None or author is None:
                    raise CommandError(_("give CHECK --year Y --text T --author NAME (or --list, or --withdraw ID)"),
                                       returncode=2)
                e = explain(check, year, text, author, institution, statistic)
            except ExplanationRefused as exc:
                raise CommandError(str(exc), returncode=1) from exc
            self.stdout.write(_("explanation %(id)s: %(check)s %(institution)s %(statistic)s from %(year)s") % {
                "id": e.pk, "check": check, "institution": institution or "-", "statistic": statistic or "-", "year": year})
            if not statistic:
                self.stdout.write(_("It names no statistic, so no report prints it as a footnote."))

    def withdraw(self, explanation_id, author):
        return withdraw(explanation_id, by=author or "")

    def list(self, year, include_withdrawn, format):
        rows = [{
            "id": e.pk, "check": e.check_id, "institution": e.institution_id, "statistic": e.statistic,
            "year_from": e.year_from, "author": e.author, "date": timezone.localdate(e.created).isoformat(),
            "text": e.text,
            "withdrawn": timezone.localdate(e.withdrawn_at).isoformat() if e.withdrawn_at else None,
            "withdrawn_by": e.withdrawn_by or None,
        } for e in listing(year, include_withdrawn)]
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write(_("No explanations."))
            return
        for r in rows:
            line = f"{r['id']:>4}  {r['check']}  {r['institution'] or '-'}  {r['statistic'] or '-'}  " \
                   f"{r['year_from']}+  {r['author']} {r['date']}: {r['text']}"
            if r["withdrawn"]:
                line += "  [" + _("withdrawn %(date)s") % {"date": r["withdrawn"]} + "]"
            self.stdout.write(line)
