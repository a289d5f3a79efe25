"""`intlmon index --year Y [--format text|json|csv] [--lang kk|ru|en] [--runs N]`.

The internationalisation index of a year (docs/index.md): score, rank and the Q5–Q95 rank band of the
seeded Monte Carlo per HEI, with coverage (indicators with a value / indicators computable that
year), the indicators that could not be computed and why, and the HEIs screened out with the reason.
Exit 0; 1 when the year has no counted data ("no data for 2031"); 2 on usage errors.
"""

from __future__ import annotations

import csv
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from intlmon.analytics.read import Reader
from intlmon.index import framework as fw
from intlmon.index.compute import compute_index
from intlmon.index.present import as_json


def band(item: dict) -> str:
    return f"{item['rank_q5']:g}–{item['rank_q95']:g}"


class Command(BaseCommand):
    help = "The internationalisation index of a year: score, rank, Q5–Q95 rank band and coverage per HEI."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["text", "json", "csv"], default="text")
        parser.add_argument("--lang", choices=["kk", "ru", "en"], default="ru")
        parser.add_argument("--runs", type=int, default=fw.MC_RUNS,
                            help=f"Monte Carlo runs of the rank bands (default {fw.MC_RUNS}; the framework's)")

    def handle(self, *args, year, format="text", lang="ru", runs=fw.MC_RUNS, **options):
        from intlmon.analytics.availability import has_data

        if runs < 0:
            raise CommandError("--runs must be 0 or more", returncode=2)
        with translation.override(lang):
            if not has_data(year):
                raise CommandError(_("no data for %(year)s") % {"year": year}, returncode=1)
            reader = Reader(year)
            data = as_json(compute_index(year, reader, runs=runs), lang, reader)
            if format == "json":
                self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            elif format == "csv":
                self.write_csv(data)
            else:
                self.write_text(data)

    def write_csv(self, data: dict) -> None:
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["institution", "name", "score", "rank", "rank_median", "rank_q5", "rank_q95",
                         "indicators_available", "indicators_computable", "coverage", "screened_out_reason"])
        for r in data["ranking"]:
            writer.writerow([r["institution"], r["name"], r["score"], r["rank"], r["rank_median"], r["rank_q5"],
                             r["rank_q95"], r["indicators_available"], r["indicators_computable"], r["coverage"], ""])
        for s in data["screened_out"]:
            writer.writerow([s["institution"], s["name"], "", "", "", "", "", s["indicators_available"],
                             len(data["indicators"]), "", s["reason"]])

    def write_text(self, data: dict) -> None:
        out = self.stdout.write
        out(_("Internationalisation index %(year)s (framework %(version)s)") % {
            "year": data["year"], "version": data["framework_version"]})
        out(_("Rank band: ranks 5 %% and 95 %% of %(runs)s Monte Carlo runs (seed %(seed)s).") % data)
        out("")
        header = [_("Rank"), _("Band Q5–Q95"), pgettext("index", "Score"), _("Coverage"), _("HEI")]
        out("  ".join(f"{h:<11}" for h in header[:4]) + header[4])
        for r in data["ranking"]:
            cover = f"{r['indicators_available']}/{r['indicators_computable']}"
            out(f"{r['rank']:<11}  {band(r):<11}  {r['score']:<11.1f}  {cover:<11}  {r['name']}")
        if data["not_computable"]:
            out("")
            out(_("Indicators not computable this year:"))
            for item in data["not_computable"]:
                out(f"  {item['code']} {item['name']}: {item['reason']}")
        if data["screened_out"]:
            out("")
            out(_("HEIs screened out:"))
            for s in data["screened_out"]:
                out(f"  {s['name']}: {s['reason']}")
