"""`intlmon composite run CONFIG.json [--format json] [--lang kk|ru|en]`: COINr's pipeline on any
COINr-shaped data (issue 14, Deliver 2).

Only parses its arguments and calls the Django-free engine (`intlmon.lib.composite.config.run_config`,
docs/composite.md), which checks the whole configuration and computes every data set before it
writes one file. A refused configuration is one message naming the key, file, line or column and
what is expected (the engine's COINr vocabulary, in English), exit 1, nothing written; a usage
error exits 2. Needs no database.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext, ngettext

from intlmon.collection.problems import message_language
from intlmon.lib.composite.config import run_config
from intlmon.lib.composite.data import CompositeInputError


class Command(BaseCommand):
    help = "A composite indicator in COINr's terms: run a configuration of COINr steps on COINr-shaped data."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser("run", help="build the coin CONFIG.json describes and write its data sets as CSV")
        run.add_argument("config", metavar="CONFIG.json")
        run.add_argument("--format", choices=["text", "json"], default="text")
        run.add_argument("--lang", choices=["kk", "ru", "en"], help="language of the output (default: LANGUAGE_CODE)")

    def handle(self, *args, action, config, format="text", lang=None, **options):
        with translation.override(message_language(lang)):
            try:
                summary = run_config(config)
            except CompositeInputError as exc:
                raise CommandError(gettext("composite: the configuration is refused: %(reason)s") % {
                    "reason": exc}) from exc
            if format == "json":
                self.stdout.write(json.dumps(summary.as_json(), ensure_ascii=False, indent=2))
                return
            self.stdout.write(ngettext("%(n)d file written to %(out)s:", "%(n)d files written to %(out)s:",
                                       len(summary.files)) % {"n": len(summary.files), "out": summary.out})
            for path in summary.files:
                self.stdout.write(f"  {path.name}")
            if summary.removed_units:
                self.stdout.write(gettext("units screened out: %(units)s") % {"units": ", ".join(summary.removed_units)})
            if summary.runs:
                self.stdout.write(ngettext("uncertainty: %(n)d run replayed (RankStats.csv)",
                                           "uncertainty: %(n)d runs replayed (RankStats.csv)", summary.runs)
                                  % {"n": summary.runs})
