"""Whether a reporting year has anything to count, asked before a report or an audit is made.

A report or an audit of a year with no counted records and no published figures is not a clean
result but a mistake (a mistyped year, an empty database): `intlmon report` and `intlmon audit` refuse
it with "no data for 2031" instead of writing an empty document or "no findings".
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from intlmon.analytics.scope import counted_submissions
from intlmon.records.models import PublishedFigure


def has_data(year: int) -> bool:
    """Counted submissions (approved, locked or imported) or figures as published for the year."""
    return counted_submissions(year).exists() or PublishedFigure.objects.filter(period__year=year).exists()


def years_with_data() -> list[int]:
    """The years for which `has_data` holds, in one query (the dashboards ask on every change of the data:
    one `has_data` per year read every version of every year in Python, ~0.5 s on 1,000 HEIs × 10 years).

    A year counts a version when an HEI has an approved or imported version no newer than its current one
    (`analytics.scope`'s rule: the current version if approved, else the newest approved older one —
    there is one exactly when such a version exists); `tests/analytics/test_availability.py` checks
    that both functions agree."""
    from intlmon.collection.models import Submission
    from intlmon.records.models import ReportingPeriod

    counted = Submission.objects.filter(
        Q(status=Submission.Status.APPROVED) | Q(origin=Submission.Origin.IMPORT),
        period=OuterRef("pk"),
    ).filter(Exists(Submission.objects.filter(
        institution=OuterRef("institution"), period=OuterRef("period"), is_current=True,
        version__gte=OuterRef("version"))))
    published = PublishedFigure.objects.filter(period=OuterRef("pk"))
    return list(ReportingPeriod.objects.filter(Exists(counted) | Exists(published))
                .order_by("year").values_list("year", flat=True).distinct())
