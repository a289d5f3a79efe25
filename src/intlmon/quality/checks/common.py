"""Helpers shared by the checks: which records count, the read service, references to records and
figures, and the registered statistic a printed figure belongs to."""

from __future__ import annotations

from django.db.models import Q

from intlmon.analytics import registry
from intlmon.analytics.read import Reader, statistic_reading
from intlmon.analytics.scope import current  # noqa: F401  (the checks' one notion of which records count)
from intlmon.quality.findings import FigureRef, RecordRef
from intlmon.records.models import PublishedFigure


def record_ref(obj) -> RecordRef:
    return RecordRef(
        model=type(obj).__name__, pk=obj.pk, sheet=obj.source_sheet or "", row=obj.source_row,
        institution_id=obj.institution_id or "",
    )


def figure_ref(fig: PublishedFigure) -> FigureRef:
    return FigureRef(
        pk=fig.pk, statistic=fig.statistic, label=fig.label, value=fig.value_raw or str(fig.value),
        source=fig.source, year=fig.period.year if fig.period_id else None,
    )


def figures(year: int):
    """Published figures printed in the year's report: those of the year and earlier-year figures
    quoted by it (legacy import marks them with 'report_<year>_' in the source)."""
    return (
        PublishedFigure.objects.filter(Q(period__year=year) | Q(source__contains=f"report_{year}_"))
        .select_related("period")
        .order_by("pk")
    )


def number(value) -> str:
    """A Decimal shown without a trailing '.00' when it is whole."""
    return str(int(value)) if value == int(value) else str(value)


def reader(year: int) -> Reader:
    """The audit's read service for `year`: record totals come from here, never from queries of a check.

    Within `run_audit` (a read session) every check shares one Reader, so each statistic is computed once.
    """
    key = ("audit_reader", year)
    found = registry.memo(key)
    if found is None:
        found = Reader(year)
        registry.remember(key, found)
    return found


def statistic_of_figure(statistic: str, dimension: dict, value_raw: str = "") -> str:
    """The registered statistic a published or stated figure measures ('' when none does)."""
    from intlmon.quality.checks.figure_keys import key_of, statistic_of, statistic_of_table

    if statistic.startswith("stated:"):
        key = key_of(statistic, dimension or {}, value_raw or "")
        found = statistic_of(key) if key is not None else ""
        return found or statistic_of_table(statistic.removeprefix("stated:").partition(".")[0])
    return statistic_reading(statistic, dimension)
