"""`intlmon import-tables DIR --year Y [--lang L]`: import the Centre's consolidated tables for a year.

Re-running it on the same tables adds no versions: an HEI whose records are identical to its latest
version is left as it is (`store.store_version` compares the records' sha256), and the command says so.
A table row the import cannot place stops it with problems in the one shape (table, row, column,
seed line, what to do), nothing changed. Its output is in `--lang`, else LANGUAGE_CODE; `--format json`
prints the report's fields (problems in the one shape) with English reasons. A progress bar shows on
a terminal while the HEIs' versions are stored, nothing when the output is piped.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext, ngettext

from intlmon.collection.legacy import ImportRejected, import_tables
from intlmon.collection.models import Submission
from intlmon.collection.problems import message_language


def _reason(value) -> str:
    return value.text(translation.get_language()) if hasattr(value, "text") else str(value or "")


class Command(BaseCommand):
    help = "Import consolidated tables shaped like data/reference/2023: rows routed to each HEI's submission."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--lang", choices=["kk", "ru", "en"], help="language of the output (default: LANGUAGE_CODE)")

    def handle(self, *args, directory: Path, year: int, format: str = "text", lang: str | None = None, **options):
        lang = message_language(lang)
        before = Submission.objects.filter(period__year=year).count()
        try:
            report = import_tables(directory, year)
        except ImportRejected as exc:
            if format == "json":
                self.stdout.write(json.dumps({"rejected": True, "problems": [p.as_dict(lang) for p in exc.problems]},
                                             ensure_ascii=False, indent=2))
            lines = []
            for p in exc.problems:
                lines.append(f"{p.where(lang)}: {p.message(lang)}")
                if hint := p.hint(lang):
                    lines.append(f"    → {hint}")
            with translation.override(lang):
                head = ngettext("%(n)d problem; the tables were rejected and nothing was changed:",
                                "%(n)d problems; the tables were rejected and nothing was changed:",
                                len(exc.problems)) % {"n": len(exc.problems)}
            raise CommandError(head + "\n  " + "\n  ".join(lines)) from exc
        data = report.as_dict()
        data["new_versions"] = Submission.objects.filter(period__year=year).count() - before
        data["unchanged"] = data["institutions"] - data["new_versions"]
        if format == "json":
            data["unresolved_names"] = report.unresolved
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
            return
        with translation.override(lang):
            self.write_text(directory, year, report, data)

    def write_text(self, directory: Path, year: int, report, data: dict) -> None:
        w = self.stdout.write
        records = sum(data["records"].values())
        w(gettext("Imported %(directory)s as %(year)s: %(heis)s, %(records)s, %(figures)s") % {
            "directory": directory, "year": year,
            "heis": ngettext("%(n)d HEI", "%(n)d HEIs", data["institutions"]) % {"n": data["institutions"]},
            "records": ngettext("%(n)d record", "%(n)d records", records) % {"n": records},
            "figures": ngettext("%(n)d published figure", "%(n)d published figures", data["published_figures"]) % {
                "n": data["published_figures"]}})
        w("  " + ngettext("%(n)d new version", "%(n)d new versions", data["new_versions"]) % {"n": data["new_versions"]}
          + "; " + ngettext("%(n)d HEI unchanged (identical to its latest version, not stored again)",
                            "%(n)d HEIs unchanged (identical to their latest version, not stored again)",
                            data["unchanged"]) % {"n": data["unchanged"]})
        for model, n in sorted(data["records"].items()):
            w(f"  {model:<24} {n:>5}")
        if report.unresolved:
            w("  " + ngettext("%(n)d name left for review (partner or country not resolved)",
                              "%(n)d names left for review (partner or country not resolved)",
                              len(report.unresolved)) % {"n": len(report.unresolved)})
        # Every row not stored as printed is named (legacy.ImportReport): nothing is dropped silently.
        for r in report.repeated:
            w("  " + gettext("repeated row stored once: %(table)s row %(row)s (№ %(no)s, line %(lines)s) repeats row "
                             "%(repeats)s (№ %(repeats_no)s, line %(repeats_lines)s)") % {
                "table": r["table"], "row": r["row"], "no": r["printed_no"] or "–", "lines": r["lines"],
                "repeats": r["repeats"], "repeats_no": r["repeats_printed_no"] or "–",
                "repeats_lines": r["repeats_lines"]}
              + (gettext(", spelled with look-alike letters") if r["lookalike"] else ""))
        for r in report.attributed:
            w("  " + gettext("placed by row_attributions.csv: %(table)s row %(row)s (line %(lines)s) → %(institution)s")
              % {k: r[k] for k in ("table", "row", "lines", "institution")})
        for r in report.adjusted:
            w("  " + gettext("read with care: %(table)s row %(row)s (line %(lines)s): %(reason)s") % {
                "table": r["table"], "row": r["row"], "lines": r["lines"], "reason": _reason(r["reason"])})
        for r in report.skipped:
            where = (gettext("%(table)s row %(row)s") % r) if "table" in r else r.get("figure", "")
            w("  " + gettext("not stored as a record: %(where)s: %(reason)s") % {
                "where": where, "reason": _reason(r.get("reason")) or r.get("value", "")})
        for r in report.unknown_values:
            unknown = r["unknown"] if isinstance(r["unknown"], str) else ", ".join(map(str, r["unknown"]))
            w("  " + gettext("not in the vocabulary (not stored): %(table)s row %(row)s, %(column)s: %(unknown)s") % {
                "table": r["table"], "row": r["row"], "column": r["column"], "unknown": unknown})
