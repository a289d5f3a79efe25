"""`intlmon submission`: the approval workflow from the command line.

    intlmon submission list --year Y [--institution ID] [--format json]
    intlmon submission submit|approve|return|reopen|lock ID --year Y --actor NAME [--comment TEXT]
    intlmon submission lock-overdue --year Y [--today YYYY-MM-DD] [--deadline YYYY-MM-DD]

The web portal will call the same `workflow.transition`; the command exists so an analyst (or a cron
job at the deadline) can act without the portal. Exit 1 when a transition is not allowed.
"""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from intlmon.collection.models import Submission
from intlmon.collection.workflow import TRANSITIONS, TransitionError, lock_after_deadline, transition
from intlmon.records.models import ReportingPeriod


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"'{text}' is not a date; YYYY-MM-DD is expected.", returncode=2) from exc


class Command(BaseCommand):
    help = "List submissions and move them through the approval workflow (submit, approve, return, lock, reopen)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "lock-overdue", *TRANSITIONS])
        parser.add_argument("institution", nargs="?", help="registry id of the HEI (for a transition)")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--actor", default="", help="who acts (recorded in the audit log)")
        parser.add_argument("--comment", default="", help="the comment for the HEI (required to return)")
        parser.add_argument("--today", type=_date, help="for lock-overdue: the date to compare with (default: today)")
        parser.add_argument("--deadline", type=_date, help="for lock-overdue: set the period's deadline first")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, action, institution=None, year, actor="", comment="", today=None, deadline=None,
               format="text", **options):
        if action == "list":
            return self._list(year, institution, format)
        if action == "lock-overdue":
            if deadline is not None:
                ReportingPeriod.objects.update_or_create(year=year, defaults={"deadline": deadline})
            locked = lock_after_deadline(year, today or timezone.localdate(), actor=actor or "system")
            self._say(format, {"locked": locked}, f"Locked {locked} submission(s) of {year}.")
            return
        if not institution:
            raise CommandError(f"'{action}' needs the HEI id: intlmon submission {action} ID --year {year}", returncode=2)
        if not actor:
            raise CommandError("--actor is required: every transition is recorded with who made it.", returncode=2)
        sub = Submission.objects.filter(institution_id=institution, period__year=year, is_current=True).first()
        if sub is None:
            raise CommandError(f"{institution} has no submission for {year}.")
        try:
            sub = transition(sub, action, actor=actor, comment=comment)
        except TransitionError as exc:
            raise CommandError(f"{institution} {year}: {exc}") from exc
        self._say(format, {"institution": institution, "year": year, "version": sub.version, "status": sub.status},
                  f"{institution} {year} v{sub.version}: {sub.status}")

    def _list(self, year, institution, format):
        subs = Submission.objects.filter(period__year=year).order_by("institution_id", "version")
        if institution:
            subs = subs.filter(institution_id=institution)
        rows = [
            {"institution": s.institution_id, "version": s.version, "current": s.is_current, "status": s.status,
             "origin": s.origin, "file": s.file_name, "uploaded_at": s.uploaded_at.isoformat()}
            for s in subs
        ]
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in rows:
            mark = "*" if r["current"] else " "
            self.stdout.write(f"{mark} {r['institution']:<28} v{r['version']:<3} {r['status']:<10} {r['origin']:<7} {r['file']}")

    def _say(self, format, data, text):
        self.stdout.write(json.dumps(data, ensure_ascii=False) if format == "json" else text)
