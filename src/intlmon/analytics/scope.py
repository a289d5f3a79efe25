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


def is_national(year: int) -> bool:
    """Whether the counted records of `year` describe whole HEIs, not just one country's slice.

    The France note's tables are stored as 2022 records of eight HEIs with coverage 'FR': enough
    for a bilateral note, but national figures for 2022 must come from what was published for 2022
    (195 double-degree programmes, not the 8 with French partners).
    """
    return counted_submissions(year).filter(coverage="").exists()
