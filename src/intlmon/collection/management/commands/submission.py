"""`intlmon submission`: the approval workflow from the command line (docs/workflow.md).

    intlmon submission list --year Y [--institution ID] [--format json]
    intlmon submission show ID --year Y [--only-version N] [--format json]
    intlmon submission submit|approve|return|lock|reopen ID --year Y --actor NAME [--role R] [--comment TEXT]
    intlmon submission lock-overdue --year Y [--today YYYY-MM-DD] [--deadline YYYY-MM-DD]
    intlmon submission diff ID --year Y [--versions N M] [--lang L] [--format json]
    intlmon submission board --year Y [--today YYYY-MM-DD] [--lang L] [--format json]

ID is the HEI's registry id; a transition applies to its current (latest) version for the year. The
command calls the same `workflow` functions the portal will, with an `Actor`: `--role clerk
--actor-hei ID` acts as that HEI's clerk, `--role analyst` as the Centre's analyst; without `--role`
the command line acts as admin (whoever runs it holds the database). `list` and `show` show what that
actor may see. Exit 1 when the action is refused (the reason is printed), 2 on usage errors.
"""

from __future__ import annotations

import json
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext, pgettext

from intlmon.analytics.scope import counted_submissions
from intlmon.collection.models import AuditEntry, Submission
from intlmon.collection.workflow import (
    ACTION_LABELS,
    TRANSITIONS,
    Actor,
    Role,
    TransitionError,
    history,
    lock_after_deadline,
    transition,
    visible_to,
)
from intlmon.records.models import ReportingPeriod


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"'{text}' is not a date; YYYY-MM-DD is expected.", returncode=2) from exc


def _label(status: str) -> str:
    """A state's name in the reader's language; a state older versions of intlmon had ('locked') as written."""
    return str(Submission.Status(status).label) if status in Submission.Status.values else status


class Command(BaseCommand):
    help = "List and show submissions and move them through the approval workflow (submit, approve, return, lock, reopen)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "show", "lock-overdue", "diff", "board", *TRANSITIONS])
        parser.add_argument("institution", nargs="?", help="registry id of the HEI (for show and a transition)")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--actor", default="", help="who acts (recorded in the audit log; required to act)")
        parser.add_argument("--role", choices=[r.value for r in Role], default=Role.ADMIN.value,
                            help="the actor's role (default: admin, the holder of the database)")
        parser.add_argument("--actor-hei", metavar="ID", help="with --role clerk: the HEI the clerk belongs to")
        parser.add_argument("--comment", default="", help="the comment for the HEI (required to return)")
        parser.add_argument("--only-version", dest="version_number", type=int, metavar="N", help="for show: only this version")
        parser.add_argument("--versions", nargs=2, type=int, metavar=("N", "M"),
                            help="for diff: the two versions to compare (default: the previous and the current)")
        parser.add_argument("--today", type=_date, help="for lock-overdue and board: the date to compare with (default: today)")
        parser.add_argument("--deadline", type=_date, help="for lock-overdue: set the period's deadline first")
        parser.add_argument("--lang", choices=[code for code, _name in settings.LANGUAGES],
                            help="language of the messages (default: LANGUAGE_CODE)")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, action, institution=None, year, actor="", role="admin", actor_hei=None, comment="",
               version_number=None, today=None, deadline=None, lang=None, format="text", **options):
        try:
            who = Actor(actor or ("system" if action == "lock-overdue" else "cli"), Role(role), actor_hei)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        with translation.override(lang or settings.LANGUAGE_CODE):
            if action == "list":
                return self._list(who, year, institution, format)
            if action == "lock-overdue":
                return self._lock_overdue(who, year, today, deadline, format)
            if action == "board":
                return self._board(year, today, lang, format)
            if not institution:
                raise CommandError(f"'{action}' needs the HEI id: intlmon submission {action} ID --year {year}",
                                   returncode=2)
            if action == "show":
                return self._show(who, year, institution, version_number, format)
            if action == "diff":
                return self._diff(who, year, institution, options.get("versions"), lang, format)
            if not actor:
                raise CommandError("--actor is required: every transition is recorded with who made it.", returncode=2)
            sub = Submission.objects.filter(institution_id=institution, period__year=year, is_current=True).first()
            if sub is None:
                self._refuse(gettext("%(institution)s has no submission for %(year)s.")
                             % {"institution": institution, "year": year})
            try:
                sub = transition(sub, action, actor=who, comment=comment)
            except TransitionError as exc:
                self._refuse(f"{institution} {year}: {exc}")
            data = {"institution": institution, "year": year, "version": sub.version, "status": sub.status,
                    "locked": sub.locked_at is not None}
            self._say(format, data, f"{institution} {year} v{sub.version}: {self._state(sub)}")

    def _lock_overdue(self, who, year, today, deadline, format):
        if deadline is not None:
            ReportingPeriod.objects.update_or_create(year=year, defaults={"deadline": deadline})
        try:
            locked = lock_after_deadline(year, today or timezone.localdate(), actor=who)
        except TransitionError as exc:
            self._refuse(str(exc))
        self._say(format, {"locked": locked}, ngettext(
            "Locked %(n)s version of %(year)s; a lock does not make unapproved data count.",
            "Locked %(n)s versions of %(year)s; a lock does not make unapproved data count.", locked,
        ) % {"n": locked, "year": year})

    def _list(self, who, year, institution, format):
        subs = visible_to(who, Submission.objects.filter(period__year=year)).order_by("institution_id", "version")
        if institution:
            subs = subs.filter(institution_id=institution)
        counted = set(counted_submissions(year).values_list("pk", flat=True))
        last = {}
        for entry in AuditEntry.objects.filter(submission__in=subs).order_by("at", "id"):
            last[entry.submission_id] = entry
        rows = []
        for s in subs:
            entry = last.get(s.pk)
            rows.append({
                "institution": s.institution_id, "version": s.version, "current": s.is_current,
                "counted": s.pk in counted, "status": s.status, "locked": s.locked_at is not None,
                "origin": s.origin, "file": s.file_name, "uploaded_at": s.uploaded_at.isoformat(),
                "comment": s.comment, "actor": entry.actor if entry else "",
                "role": (entry.detail or {}).get("role", "") if entry else "",
                "last_action": entry.action if entry else "", "acted_at": entry.at.isoformat() if entry else "",
                "_sub": s,
            })
        if format == "json":
            self.stdout.write(json.dumps([{k: v for k, v in r.items() if k != "_sub"} for r in rows],
                                         ensure_ascii=False, indent=2))
            return
        self.stdout.write(gettext("* the current version (the one the HEI works on); + the version the statistics "
                                  "count (the latest approved)"))
        for r in rows:
            mark = ("*" if r["current"] else " ") + ("+" if r["counted"] else " ")
            by = f"{r['actor']} ({r['role']})" if r["role"] else r["actor"]
            comment = f" «{r['comment']}»" if r["comment"] else ""
            self.stdout.write(f"{mark} {r['institution']:<28} v{r['version']:<3} {self._state(r['_sub']):<28} "
                              f"{r['origin']:<7} {by:<24} {r['file']}{comment}")

    def _show(self, who, year, institution, version_number, format):
        subs = visible_to(who, Submission.objects.filter(period__year=year, institution_id=institution))
        if version_number is not None:
            subs = subs.filter(version=version_number)
        subs = list(subs.order_by("version"))
        if not subs:
            self._refuse(gettext("%(institution)s has no submission for %(year)s that you may see.")
                         % {"institution": institution, "year": year})
        counted = set(counted_submissions(year).filter(institution_id=institution).values_list("pk", flat=True))
        steps = history(Submission.objects.filter(pk__in=[s.pk for s in subs]))
        if format == "json":
            self.stdout.write(json.dumps({
                "institution": institution, "year": year,
                "versions": [{"version": s.version, "status": s.status, "locked": s.locked_at is not None,
                              "current": s.is_current, "counted": s.pk in counted, "origin": s.origin,
                              "file": s.file_name, "sha256": s.file_sha256, "comment": s.comment,
                              "confirmed_warnings": s.confirmed_warnings} for s in subs],
                "history": [{"at": e.at.isoformat(), "actor": e.actor, "role": (e.detail or {}).get("role", ""),
                             "action": e.action, "version": e.submission.version,
                             "from": (e.detail or {}).get("from"), "to": (e.detail or {}).get("to"),
                             "comment": (e.detail or {}).get("comment", "")} for e in steps],
            }, ensure_ascii=False, indent=2))
            return
        w = self.stdout.write
        w(f"{institution} {year}")
        for s in subs:
            marks = [gettext("current")] if s.is_current else []
            if s.pk in counted:
                marks.append(gettext("counted in the statistics"))
            warnings = ", ".join(s.confirmed_warnings)
            line = f"  v{s.version}: {self._state(s)}; {s.origin}; {s.file_name}; sha256 {s.file_sha256[:12]}"
            w(line + (f"; {', '.join(marks)}" if marks else "")
              + (f"; {gettext('confirmed warnings')}: {warnings}" if warnings else ""))
        w(gettext("History:"))
        for e in steps:
            detail = e.detail or {}
            role = f" ({detail['role']})" if detail.get("role") else ""
            change = ""
            if detail.get("from") and detail.get("to") and detail["from"] != detail["to"]:
                change = f": {_label(detail['from'])} → {_label(detail['to'])}"
            comment = f" — «{detail['comment']}»" if detail.get("comment") else ""
            action = ACTION_LABELS.get(e.action, e.action)
            w(f"  {timezone.localtime(e.at):%Y-%m-%d %H:%M}  {e.actor}{role}  {action} v{e.submission.version}"
              f"{change}{comment}")

    def _diff(self, who, year, institution, versions, lang, format):
        """Rows added, removed and changed between two versions the actor may see (collection.diff)."""
        from intlmon.collection.diff import diff_lines, diff_versions
        from intlmon.collection.problems import message_language

        subs = visible_to(who, Submission.objects.filter(period__year=year, institution_id=institution))
        subs = subs.select_related("period").order_by("version")
        if versions:
            found = {s.version: s for s in subs.filter(version__in=versions)}
            pair = [found.get(n) for n in versions]
        else:
            current = subs.filter(is_current=True).first()
            earlier = subs.filter(version__lt=current.version).last() if current else None
            pair = [earlier, current]
        if None in pair:
            self._refuse(gettext("%(institution)s has no two versions for %(year)s that you may see to compare.")
                         % {"institution": institution, "year": year})
        diff = diff_versions(pair[0], pair[1], lang=message_language(lang))
        if format == "json":
            self.stdout.write(json.dumps(diff.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write("\n".join(diff_lines(diff)))

    def _board(self, year, today, lang, format):
        """The completeness and timeliness board of the period (analytics.completeness)."""
        from intlmon.analytics.completeness import board_lines, completeness_board
        from intlmon.collection.problems import message_language

        board = completeness_board(year, today=today, lang=message_language(lang))
        if format == "json":
            self.stdout.write(json.dumps(board.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write("\n".join(board_lines(board)))

    @staticmethod
    def _state(sub: Submission) -> str:
        state = str(sub.get_status_display())
        return f"{state}, {pgettext('submission', 'locked')}" if sub.locked_at is not None else state

    def _refuse(self, message: str):
        self.stderr.write(message)
        raise SystemExit(1)  # not CommandError: Django would prefix the line with the English 'CommandError:'

    def _say(self, format, data, text):
        self.stdout.write(json.dumps(data, ensure_ascii=False) if format == "json" else text)
