"""What the analyst pages share: the Centre's roles, the page's language, the period a page is about, and
the audit entry of a decision that the library stores without one.

Workflow transitions write their own audit entry (`collection.workflow.transition`). A name-review
decision (`registry.resolve`) and an explanation (`quality.explanations`) record their author on their
own rows only; the portal adds an `AuditEntry` with the user for them, in the same transaction as the
library call, so that every action taken in the portal is in one audit log.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import transaction
from django.http import Http404

from intlmon.collection.models import AuditEntry
from intlmon.collection.workflow import Role
from intlmon.records.models import ReportingPeriod
from intlmon.web.clerk_upload import page_language  # noqa: F401  (the one rule for a page's kk/ru/en)
from intlmon.web.periods import current_period

READERS = (Role.ANALYST, Role.VIEWER, Role.ADMIN)  # may read the board, the review pages, the explanations
DECIDERS = (Role.ANALYST, Role.ADMIN)  # may act: approve, return, lock, reopen, decide names, explain


def period_of(request) -> ReportingPeriod | None:
    """The period named by `?year=` (404 for a year with no period), else the portal's current one."""
    raw = request.GET.get("year", "")
    if not raw:
        return current_period()
    if not raw.isdigit():
        raise Http404
    period = ReportingPeriod.objects.filter(year=int(raw)).first()
    if period is None:
        raise Http404
    return period


@contextmanager
def audited(request, action: str, **detail):
    """Run a library call and record it with the user in the audit log; nothing is recorded if it fails."""
    with transaction.atomic():
        yield detail
        AuditEntry.objects.create(actor=request.actor.name, action=action,
                                  detail={"role": str(request.actor.role), **detail})
