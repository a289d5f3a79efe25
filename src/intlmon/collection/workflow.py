"""The approval workflow: draft → submitted → approved / returned → locked; an analyst can reopen.

Transitions are declared in one table so that what is allowed is visible at a glance, and every
transition writes an audit entry.
"""

from __future__ import annotations

from django.db import transaction

from intlmon.collection.models import AuditEntry, Submission

S = Submission.Status

TRANSITIONS: dict[str, tuple[set[str], str]] = {
    # action: (allowed from, to)
    "submit": ({S.DRAFT, S.RETURNED}, S.SUBMITTED),
    "approve": ({S.SUBMITTED}, S.APPROVED),
    "return": ({S.SUBMITTED, S.APPROVED}, S.RETURNED),
    "lock": ({S.DRAFT, S.SUBMITTED, S.APPROVED, S.RETURNED}, S.LOCKED),
    "reopen": ({S.LOCKED, S.APPROVED}, S.SUBMITTED),
}


class TransitionError(ValueError):
    pass


def transition(submission: Submission, action: str, actor: str = "", comment: str = "") -> Submission:
    if action not in TRANSITIONS:
        raise TransitionError(f"unknown action '{action}'; expected one of {', '.join(TRANSITIONS)}")
    allowed_from, target = TRANSITIONS[action]
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        if current.status not in allowed_from:
            raise TransitionError(
                f"cannot {action} a submission that is {current.status}; allowed from: "
                + ", ".join(sorted(allowed_from))
            )
        if action == "return" and not comment.strip():
            raise TransitionError("returning a submission needs a comment for the HEI")
        before = current.status
        current.status = target
        if comment:
            current.comment = comment
        current.save(update_fields=["status", "comment"])
        AuditEntry.objects.create(
            actor=actor,
            action=action,
            submission=current,
            detail={"from": before, "to": target, "comment": comment},
        )
    return current


def lock_after_deadline(year: int, today, actor: str = "system") -> int:
    """Lock every current submission of a period whose deadline has passed; returns how many."""
    locked = 0
    for sub in Submission.objects.filter(period__year=year, is_current=True, period__deadline__lt=today).exclude(
        status=S.LOCKED
    ):
        transition(sub, "lock", actor=actor)
        locked += 1
    return locked
