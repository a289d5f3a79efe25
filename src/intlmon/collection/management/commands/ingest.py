"""`intlmon ingest FILE… --year Y [--institution ID] [--lang L] [--report-json OUT.json]`.

Exit 0 when every file was stored, 1 when any was rejected (its problems are printed in the
uploader's language), 2 on usage errors. A rejected file changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intlmon.collection.ingest import ingest_file
from intlmon.progress import track


class Command(BaseCommand):
    help = "Validate an HEI's workbook and store it as a new submission version (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--institution", help="registry id of the HEI (default: read from the workbook)")
        parser.add_argument("--lang", choices=["kk", "ru", "en"], default="ru")
        parser.add_argument("--accept-warnings", action="store_true", help="store even if there are warnings")
        parser.add_argument("--confirm", action="append", default=[], metavar="RULE", help="confirm a warning rule")
        parser.add_argument("--report-json", type=Path, metavar="OUT.json")
        parser.add_argument("--annotated", type=Path, metavar="OUT.xlsx", help="write a copy with problem cells marked")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, files, year, institution=None, lang="ru", accept_warnings=False, confirm=(),
               report_json=None, annotated=None, format="text", **options):
        results = []
        for path in track(files, "ingest"):
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            results.append(
                ingest_file(path, year, institution, lang=lang, actor="cli", accept_warnings=accept_warnings,
                            confirmed=list(confirm))
            )
        report = [r.as_dict(lang) for r in results]
        if report_json:
            report_json.parent.mkdir(parents=True, exist_ok=True)
            report_json.write_text(json.dumps(report if len(report) > 1 else report[0], ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        if annotated and len(results) == 1:
            from intlmon.collection.annotate import annotate_workbook

            annotate_workbook(files[0], results[0].problems, annotated, lang)
        if format == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        else:
            for r in results:
                self.write_text(r, lang)
        rejected = [r for r in results if not r.accepted]
        if rejected:
            raise CommandError(f"{len(rejected)} of {len(results)} file(s) rejected; nothing was stored for them")

    def write_text(self, result, lang):
        words = {
            "kk": ("сақталды, нұсқа", "қабылданбады", "қате", "ескерту"),
            "ru": ("сохранено, версия", "отклонено", "ошибок", "предупреждений"),
            "en": ("stored as version", "rejected", "errors", "warnings"),
        }[lang]
        d = result.as_dict(lang)
        status = f"{words[0]} {d['version']}" if result.accepted else words[1]
        self.stdout.write(f"{result.file}: {status} ({d['errors']} {words[2]}, {d['warnings']} {words[3]})")
        for p in result.problems:
            self.stdout.write(f"  [{p.severity.value}] {p.where(lang)}: {p.message(lang)} ({p.rule})")
