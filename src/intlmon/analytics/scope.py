"""Which records count: the current version of each HEI's submission, once it is approved.

A statistic never counts a draft, a returned or a superseded version. Imported consolidated tables
(origin=import) count as they are: they are the published record of years before the system.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from intlmon.collection.models import Submission

COUNTED_STATUSES = (Submission.Status.APPROVED, Submission.Status.LOCKED)


def counted_submissions(year: int) -> QuerySet:
    return Submission.objects.filter(period__year=year, is_current=True).filter(
        Q(status__in=COUNTED_STATUSES) | Q(origin=Submission.Origin.IMPORT)
    )


def current(model, year: int) -> QuerySet:
    """Rows of a section model that belong to the counted submission of each HEI for `year`."""
    return model.objects.filter(
        period__year=year, submission__is_current=True
    ).filter(Q(submission__status__in=COUNTED_STATUSES) | Q(submission__origin=Submission.Origin.IMPORT))
