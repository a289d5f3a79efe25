"""Which records count: per HEI and period, the latest *approved* version (docs/workflow.md).

The version an HEI works on (`is_current`, its latest upload) and the version the statistics count are
different things: a new draft, a version awaiting approval or a returned one never counts, and it does
not take the previously approved version out of the figures either. A lock only freezes: it neither
makes a version count nor stops an approved one from counting. Imported consolidated tables
(origin=import) count as approved: they are the published record of years before the system.

Precisely: the current version when it is approved, else the newest approved version older than it.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

from intlmon.collection.models import Submission

APPROVED = Q(status=Submission.Status.APPROVED) | Q(origin=Submission.Origin.IMPORT)


def counted_submissions(year: int) -> QuerySet:
    """The one counted version of each HEI that has an approved version for `year`."""
    latest = Submission.objects.filter(
        institution_id=OuterRef("institution_id"), period_id=OuterRef("period_id"), is_current=True
    ).values("version")[:1]
    newer_approved = Submission.objects.filter(
        APPROVED,
        institution_id=OuterRef("institution_id"),
        period_id=OuterRef("period_id"),
        version__gt=OuterRef("version"),
        version__lte=OuterRef("latest_version"),
    )
    return (
        Submission.objects.filter(APPROVED, period__year=year)
        .annotate(latest_version=Subquery(latest))
        .filter(version__lte=F("latest_version"))
        .exclude(Exists(newer_approved))
    )


def current(model, year: int) -> QuerySet:
    """Rows of a section model that belong to the counted version of each HEI for `year`."""
    return model.objects.filter(period__year=year, submission_id__in=counted_submissions(year).values("pk"))


def counted_version(institution_id: str, year: int) -> Submission | None:
    """The HEI's counted version for `year`, or None when none of its versions is approved."""
    return counted_submissions(year).filter(institution_id=institution_id).first()


def is_national(year: int) -> bool:
    """Whether the counted records of `year` describe whole HEIs, not just one country's slice.

    The France note's tables are stored as 2022 records of eight HEIs with coverage 'FR': enough
    for a bilateral note, but national figures for 2022 must come from what was published for 2022
    (195 double-degree programmes, not the 8 with French partners).
    """
    return counted_submissions(year).filter(coverage="").exists()
