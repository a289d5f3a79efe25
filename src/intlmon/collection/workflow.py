"""The approval workflow: who may move a version from which state to which (docs/workflow.md).

    upload → draft → submit → submitted → approve → approved
                                        ↘ return (comment) → returned → submit …
    lock (deadline or analyst) freezes the current version in whatever state it is; reopen unfreezes.

The state of a version and its lock are separate on purpose: a lock at the deadline must not make a
draft or a returned version count, and an analyst's lock of an approved version must not make it stop
counting. What the statistics count is `analytics.scope` (the latest approved version per HEI and
period), never "the current version" — a new draft does not take the approved data out of the figures.

Every function takes an `Actor` (name, role and, for a clerk, their HEI): the command line and the
portal call exactly these functions, so the role rules live here once. Every transition writes an
audit entry with the actor, the time and the comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from intlmon.collection.models import AuditEntry, Submission

S = Submission.Status


class Role(StrEnum):
    CLERK = "clerk"  # one HEI: uploads its drafts and submits them
    ANALYST = "analyst"  # the Centre: approves, returns, locks and reopens every HEI's versions
    VIEWER = "viewer"  # reads what is counted; acts on nothing
    ADMIN = "admin"  # may do everything (the command line runs as admin unless told otherwise)


@dataclass(frozen=True)
class Actor:
    """Who acts: a name for the audit log, a role, and the HEI a clerk belongs to."""

    name: str
    role: Role
    institution_id: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "role", Role(self.role))
        if not self.name.strip():
            raise ValueError("an actor needs a name: every action is recorded with who made it")
        if self.role is Role.CLERK and not self.institution_id:
            raise ValueError("a clerk acts for one HEI: give its registry id")

    def __str__(self) -> str:
        hei = f", {self.institution_id}" if self.institution_id else ""
        return f"{self.name} ({self.role}{hei})"


SYSTEM = Actor("system", Role.ADMIN)


@dataclass(frozen=True)
class Action:
    allowed_from: frozenset[str]  # the states the version may be in
    to: str | None  # its new state; None leaves the state as it is (lock, reopen)
    roles: frozenset[Role]
    refused: object  # the message when the role may not do it (lazy: rendered in the reader's language)
    wrong_state: object = None  # the message when the version is in another state
    needs_comment: bool = False
    lock: bool | None = None  # True locks, False reopens, None leaves the lock as it is


EVERY_STATE = frozenset(S.values)
CENTRE = frozenset({Role.ANALYST, Role.ADMIN})

TRANSITIONS: dict[str, Action] = {
    "submit": Action(
        frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, frozenset({Role.CLERK, Role.ADMIN}),
        gettext_lazy("Only a clerk of the HEI may submit its data for approval."),
        gettext_lazy("Only a draft or a returned version can be submitted; version %(version)s is %(status)s."),
    ),
    "approve": Action(
        frozenset({S.SUBMITTED}), S.APPROVED, CENTRE,
        gettext_lazy("Only an analyst of the Centre may approve data."),
        gettext_lazy("Only a submitted version can be approved; version %(version)s is %(status)s."),
    ),
    "return": Action(
        frozenset({S.SUBMITTED, S.APPROVED}), S.RETURNED, CENTRE,
        gettext_lazy("Only an analyst of the Centre may return data to the HEI."),
        gettext_lazy("Only a submitted or approved version can be returned; version %(version)s is %(status)s."),
        needs_comment=True,
    ),
    "lock": Action(EVERY_STATE, None, CENTRE, gettext_lazy("Only an analyst of the Centre may lock data."), lock=True),
    "reopen": Action(EVERY_STATE, None, CENTRE, gettext_lazy("Only an analyst of the Centre may reopen locked data."),
                     lock=False),
}
#: How the audit log's actions read in a history.
ACTION_LABELS = {
    "store_version": pgettext_lazy("workflow action", "uploaded"),
    "submit": pgettext_lazy("workflow action", "submitted"),
    "approve": pgettext_lazy("workflow action", "approved"),
    "return": pgettext_lazy("workflow action", "returned"),
    "lock": pgettext_lazy("workflow action", "locked"),
    "reopen": pgettext_lazy("workflow action", "reopened"),
}
#: Actions that judge the content; imported consolidated tables are the Centre's published record.
REVIEW_ACTIONS = frozenset({"submit", "approve", "return"})
UPLOAD_ROLES = frozenset({Role.CLERK, Role.ADMIN})


class TransitionError(ValueError):
    """The version is not in a state (or not the version) the action applies to."""


class NotAllowed(TransitionError):
    """The actor's role or HEI may not do this."""


def check_upload(actor: Actor, institution_id: str) -> None:
    """A clerk uploads for their own HEI only; an analyst reviews and does not upload; admin may."""
    if actor.role not in UPLOAD_ROLES:
        raise NotAllowed(_("Only a clerk of the HEI (or an administrator) may upload its data."))
    _check_own_hei(actor, institution_id)


def _check_own_hei(actor: Actor, institution_id: str) -> None:
    if actor.role is Role.CLERK and actor.institution_id != institution_id:
        raise NotAllowed(_("A clerk acts only on the data of their own HEI (%(own)s), not of %(other)s.")
                         % {"own": actor.institution_id, "other": institution_id})


def transition(submission: Submission, action: str, actor: Actor, comment: str = "") -> Submission:
    """Apply `action` to the version if the actor may and the version is in a state that allows it."""
    if action not in TRANSITIONS:
        raise ValueError(f"unknown action '{action}'; expected one of {', '.join(TRANSITIONS)}")
    rule = TRANSITIONS[action]
    comment = comment.strip()
    with transaction.atomic():
        current = Submission.objects.select_for_update().select_related("period").get(pk=submission.pk)
        if actor.role not in rule.roles:
            raise NotAllowed(str(rule.refused))
        _check_own_hei(actor, current.institution_id)
        _check_state(current, action, rule)
        if rule.needs_comment and not comment:
            raise TransitionError(_("Returning data to the HEI needs a comment saying what to correct."))
        before, was_locked = current.status, current.locked_at is not None
        if rule.to is not None:
            current.status = rule.to
        if rule.lock is not None:
            current.locked_at = timezone.now() if rule.lock else None
        if comment and action in REVIEW_ACTIONS:  # the word on the content, shown to the clerk; a lock's
            current.comment = comment  # reason stays in the audit log and does not hide a return comment
        current.save(update_fields=["status", "locked_at", "comment"])
        AuditEntry.objects.create(
            actor=actor.name,
            action=action,
            submission=current,
            detail={
                "role": str(actor.role), "institution": actor.institution_id, "version": current.version,
                "from": before, "to": current.status, "locked": current.locked_at is not None,
                "was_locked": was_locked, "comment": comment,
            },
        )
    return current


def _check_state(sub: Submission, action: str, rule: Action) -> None:
    latest = Submission.objects.filter(institution_id=sub.institution_id, period_id=sub.period_id, is_current=True)
    latest_version = latest.values_list("version", flat=True).first()
    if not sub.is_current:
        raise TransitionError(
            _("Version %(version)s has been replaced by version %(current)s; only the latest version moves through "
              "the workflow.") % {"version": sub.version, "current": latest_version})
    if action in REVIEW_ACTIONS and sub.origin == Submission.Origin.IMPORT:
        raise TransitionError(_("Imported tables are the Centre's published record; they are not submitted or "
                                "reviewed. Upload a workbook to replace them."))
    locked = sub.locked_at is not None
    if rule.lock is True and locked:
        raise TransitionError(_("Version %(version)s is already locked.") % {"version": sub.version})
    if rule.lock is False and not locked:
        raise TransitionError(_("Version %(version)s is not locked; there is nothing to reopen.")
                              % {"version": sub.version})
    if rule.lock is None and locked:
        raise TransitionError(_("Version %(version)s is locked; an analyst of the Centre must reopen it first.")
                              % {"version": sub.version})
    if sub.status not in rule.allowed_from:
        raise TransitionError(str(rule.wrong_state) % {"version": sub.version, "status": sub.get_status_display()})


def lock_after_deadline(year: int, today, actor: Actor = SYSTEM) -> int:
    """Freeze every current version of a period whose deadline has passed, whatever its state.

    A lock never makes data count: a version that was not approved stays uncounted (and the HEI's
    last approved version, if any, stays counted). Returns how many versions were locked.
    """
    due = Submission.objects.filter(period__year=year, is_current=True, period__deadline__lt=today,
                                    locked_at__isnull=True)
    locked = 0
    for sub in due:
        transition(sub, "lock", actor=actor, comment=_("deadline passed"))
        locked += 1
    return locked


def visible_to(actor: Actor, submissions: QuerySet) -> QuerySet:
    """What an actor may see: a clerk their HEI's versions, the Centre every version but HEIs' drafts
    (a draft is the HEI's own until submitted), a viewer only approved ones, admin everything."""
    if actor.role is Role.CLERK:
        return submissions.filter(institution_id=actor.institution_id)
    if actor.role is Role.ANALYST:
        return submissions.exclude(status=S.DRAFT)
    if actor.role is Role.VIEWER:
        return submissions.filter(status=S.APPROVED)
    return submissions


def history(submissions: QuerySet) -> list[AuditEntry]:
    """Every recorded step of these versions, oldest first: uploads and transitions with actor, time, comment."""
    return list(AuditEntry.objects.filter(submission__in=submissions).select_related("submission").order_by("at", "id"))
