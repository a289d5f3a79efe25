"""Which records count: per HEI and period, the latest *approved* version (docs/workflow.md).

The version an HEI works on (`is_current`, its latest upload) and the version the statistics count are
different things: a new draft, a version awaiting approval or a returned one never counts, and it does
not take the previously approved version out of the figures either. A lock only freezes: it neither
makes a version count nor stops an approved one from counting. Imported consolidated tables
(origin=import) count as approved: they are the published record of years before the system.

Precisely: the current version when it is approved, else the newest approved version older than it.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from intlmon.analytics.registry import memo, remember
from intlmon.collection.models import Submission


def counted_ids(year: int) -> list[int]:
    """Ids of the one counted version of each HEI that has an approved version for `year`.

    Decided in Python over one small query (a few hundred versions a year): the same rule as a
    correlated SQL subquery, but Django compiled that subquery again for every statistic, which
    doubled the time of `compute_all`. Within one `compute_all` run or read `session()` (whose
    results are kept for the run anyway) the answer is read once, not once per statistic.
    """
    cached = memo(("counted", year))
    if cached is None:
        cached = tuple(_counted_ids(year))
        remember(("counted", year), cached)
    return list(cached)


def _counted_ids(year: int) -> list[int]:
    rows = (Submission.objects.filter(period__year=year).order_by()
            .values_list("pk", "institution_id", "period_id", "version", "is_current", "status", "origin"))
    latest: dict[tuple, int] = {}
    approved: dict[tuple, list[tuple[int, int]]] = {}
    for pk, institution, period, version, is_current, status, origin in rows:
        key = (institution, period)
        if is_current:
            latest[key] = version
        if status == Submission.Status.APPROVED or origin == Submission.Origin.IMPORT:
            approved.setdefault(key, []).append((version, pk))
    counted = []
    for key, versions in approved.items():
        eligible = [(v, pk) for v, pk in versions if key in latest and v <= latest[key]]
        if eligible:
            counted.append(max(eligible)[1])
    return sorted(counted)


def counted_submissions(year: int) -> QuerySet:
    """The one counted version of each HEI that has an approved version for `year`."""
    return Submission.objects.filter(pk__in=counted_ids(year))


def current(model, year: int) -> QuerySet:
    """Rows of a section model that belong to the counted version of each HEI for `year`.

    Which versions count is read when this is called (one small query), not when the rows are read."""
    return model.objects.filter(period__year=year, submission_id__in=counted_ids(year))


def current_unnested(model, year: int, ids: list[int] | None = None) -> QuerySet:
    """The rows of `current`, for a query that is sent as it is (not nested into another queryset).

    On PostgreSQL the counted versions go in as ONE array parameter (`submission_id = ANY(%s)`)
    rather than an `IN` list of one parameter per HEI: with 1 000 HEIs, Django built a thousand
    lookups and the driver split a thousand placeholders for every section's pass, and the server
    parsed them again. The condition names the table, so a query that Django would relabel as a
    subquery must use `current` instead. No counted version: `current` (its empty answer). `ids`: the counted
    versions when the caller has read them (or a list standing for them: `passes._build`)."""
    ids = counted_ids(year) if ids is None else ids
    if connection.vendor != "postgresql" or not ids:
        return current(model, year)
    column = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name('submission_id')}"
    return model.objects.filter(period__year=year).filter(
        RawSQL(f"{column} = ANY(%s)", (ids,), output_field=BooleanField()))


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
