"""Whether a reporting year has anything to count, asked before a report or an audit is made.

A report or an audit of a year with no counted records and no published figures is not a clean
result but a mistake (a mistyped year, an empty database): `intlmon report` and `intlmon audit` refuse
it with "no data for 2031" instead of writing an empty document or "no findings".
"""

from __future__ import annotations

from intlmon.analytics.scope import counted_submissions
from intlmon.records.models import PublishedFigure


def has_data(year: int) -> bool:
    """Counted submissions (approved, locked or imported) or figures as published for the year."""
    return counted_submissions(year).exists() or PublishedFigure.objects.filter(period__year=year).exists()


def years_with_data() -> list[int]:
    from intlmon.records.models import ReportingPeriod

    return [y for y in ReportingPeriod.objects.order_by("year").values_list("year", flat=True) if has_data(y)]
