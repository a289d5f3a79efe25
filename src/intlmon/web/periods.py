"""Which reporting period the portal opens on."""

from __future__ import annotations

from intlmon.records.models import ReportingPeriod


def current_period() -> ReportingPeriod | None:
    """The latest open period (the one HEIs are reporting for now), else the latest period of any status.

    Several periods can be open at once (a late year kept open for corrections); the home pages show the
    newest, and later pages let the user pick another.
    """
    periods = ReportingPeriod.objects.order_by("-year")
    return periods.filter(status=ReportingPeriod.Status.OPEN).first() or periods.first()
