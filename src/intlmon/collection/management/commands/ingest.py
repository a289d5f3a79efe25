"""`intlmon ingest FILE… --year Y [--institution ID] [--lang L] [--report-json OUT.json]`.

Exit 0 when every file was stored, 1 when any was rejected (its problems are printed in the
uploader's language), 2 on usage errors. A rejected file changes nothing.

A stored file is a *draft* of its HEI until submitted (`intlmon submission submit`); `--check`
validates and stores nothing; a file identical to the HEI's latest version is reported, not stored
again (exit 0). `--actor NAME --role clerk --actor-hei ID` uploads as that HEI's clerk would (the
portal passes the logged-in user); without them the command line acts as admin (docs/workflow.md).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

from intlmon.collection.ingest import ingest_file
from intlmon.collection.problems import Severity, message_language
from intlmon.collection.workflow import Actor, NotAllowed, Role
from intlmon.progress import track


class Command(BaseCommand):
    help = "Validate an HEI's workbook and store it as a new submission version (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--institution", help="registry id of the HEI (default: read from the workbook)")
        parser.add_argument("--lang", choices=["kk", "ru", "en"],
                            help="language of the messages (default: the workbook's, else LANGUAGE_CODE)")
        parser.add_argument("--accept-warnings", action="store_true", help="store even if there are warnings")
        parser.add_argument("--confirm", action="append", default=[], metavar="RULE", help="confirm a warning rule")
        parser.add_argument("--report-json", type=Path, metavar="OUT.json")
        parser.add_argument("--annotated", type=Path, metavar="OUT.xlsx", help="write a copy with problem cells marked")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--check", action="store_true", help="validate only: store nothing, queue no names")
        parser.add_argument("--actor", default="cli", help="who uploads (recorded in the audit log)")
        parser.add_argument("--role", choices=[r.value for r in Role], default=Role.ADMIN.value,
                            help="the uploader's role (default: admin, the holder of the database)")
        parser.add_argument("--actor-hei", metavar="ID", help="with --role clerk: the HEI the clerk belongs to")

    def handle(self, *args, files, year, institution=None, lang=None, accept_warnings=False, confirm=(),
               report_json=None, annotated=None, format="text", check=False, actor="cli", role="admin",
               actor_hei=None, **options):
        try:
            uploader = Actor(actor, Role(role), actor_hei)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        results = []
        for path in track(files, "ingest"):
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            try:
                results.append(
                    ingest_file(path, year, institution, lang=lang, actor=uploader, accept_warnings=accept_warnings,
                                confirmed=list(confirm), check=check)
                )
            except NotAllowed as exc:
                raise CommandError(f"{path.name}: {exc}") from exc
        report = [r.as_dict() for r in results]  # each in its own language (--lang, else its workbook's)
        if report_json:
            report_json.parent.mkdir(parents=True, exist_ok=True)
            report_json.write_text(json.dumps(report if len(report) > 1 else report[0], ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        if annotated and len(results) == 1:
            from intlmon.collection.annotate import annotate_workbook

            annotate_workbook(files[0], results[0].problems, annotated, results[0].lang)
        if format == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        else:
            for r in results:
                with translation.override(r.lang):
                    self.write_text(r)
        rejected = [r for r in results if not r.accepted]
        if rejected:
            langs = {r.lang for r in results}
            with translation.override(message_language(lang, langs.pop() if len(langs) == 1 else None)):
                self.stderr.write(ngettext(
                    "%(rejected)d file of %(total)d rejected; nothing was stored for it.",
                    "%(rejected)d files of %(total)d rejected; nothing was stored for them.", len(rejected),
                ) % {"rejected": len(rejected), "total": len(results)})
            raise SystemExit(1)  # not CommandError: Django would prefix the line with the English 'CommandError:'

    def write_text(self, result):
        """One line per file (status and counts), then each problem with where it is and what to do."""
        errors = sum(p.severity is Severity.ERROR for p in result.problems)
        warnings = sum(p.severity is Severity.WARNING for p in result.problems)
        notes = sum(p.severity is Severity.INFO for p in result.problems)
        status = self.status(result, errors)
        counts = [ngettext("%(n)d error", "%(n)d errors", errors) % {"n": errors},
                  ngettext("%(n)d warning", "%(n)d warnings", warnings) % {"n": warnings}]
        if notes:  # told, never asked: an unknown partner stored with its raw text and queued for review
            counts.append(ngettext("%(n)d note", "%(n)d notes", notes) % {"n": notes})
        self.stdout.write(f"{result.file}: {status} ({', '.join(counts)})")
        words = {Severity.ERROR: pgettext("severity", "error"), Severity.WARNING: pgettext("severity", "warning"),
                 Severity.INFO: pgettext("severity", "note")}
        for p in result.problems:
            severity = words[p.severity]
            self.stdout.write(f"  [{severity}] {p.where(result.lang)}: {p.message(result.lang)} ({p.rule})")
            if hint := p.hint(result.lang):
                self.stdout.write(f"      → {hint}")
        self.next_step(result)

    @staticmethod
    def status(result, errors: int) -> str:
        if result.identical is not None:
            return gettext("identical to version %(version)s, which is already stored; nothing stored again") % {
                "version": result.identical.version}
        if result.check:
            return gettext("valid; nothing stored (--check)") if result.passed else gettext("rejected")
        if result.stored is not None:
            return gettext("stored as version %(version)s") % {"version": result.stored.submission.version}
        if not errors and result.to_confirm:
            return gettext("not stored until its warnings are confirmed")
        return gettext("rejected")

    def next_step(self, result) -> None:
        """What the uploader does next: confirm the listed warnings, or submit the draft."""
        if result.to_confirm and not any(p.is_error for p in result.problems):
            options = " ".join(f"--confirm {rule}" for rule in result.to_confirm)
            self.stdout.write(gettext("To store the file with these warnings, run the command again with %(options)s "
                                      "(or --accept-warnings to accept every warning).") % {"options": options})
        elif result.stored is not None:
            self.stdout.write(gettext("Version %(version)s is a draft, seen only by the HEI. To send it for approval: "
                                      "intlmon submission submit %(institution)s --year %(year)s") % {
                "version": result.stored.submission.version, "institution": result.institution_id, "year": result.year})
