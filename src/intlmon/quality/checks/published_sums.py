"""Published totals against their own rows: grand totals vs rows and vs subtotals, subtotals vs the
rows of their section, and totals of earlier years vs their breakdown by level or category.

Only printed numbers are compared here; what the records add up to is `stated_vs_records`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from intlmon.collection.problems import ngettext_noop
from intlmon.quality.checks.common import figure_ref, figures, number, statistic_of_figure
from intlmon.quality.findings import Finding, Severity
from intlmon.quality.registry import check
from intlmon.records.models import PublishedFigure

# (table, column) of a stated total → the published statistic of the table's rows (and its year)
ROW_STATISTIC = {
    ("agreements_by_country", "agreement_count"): ("agreements", 0),
    ("agreements_by_direction", "agreement_count"): ("agreements", 0),
    ("sop_by_hei", "sop_count"): ("joint_programmes", 0),
    ("sop_by_hei", "contingent"): ("joint_programmes_enrolment", 0),
    ("sop_by_partner_country", "sop_count"): ("joint_programmes", 0),
    ("sop_by_partner_country", "contingent"): ("joint_programmes_enrolment", 0),
    ("ddp_by_hei", "ddp_count"): ("double_degree_programmes", 0),
    ("ddp_by_hei", "contingent"): ("double_degree_programmes_enrolment", 0),
    ("ddp_by_partner_country", "ddp_count"): ("double_degree_programmes", 0),
    ("ddp_by_partner_country", "contingent"): ("double_degree_programmes_enrolment", 0),
    ("publications_by_field", "scopus_2022"): ("publications_scopus", -1),
    ("publications_by_field", "scopus_2023"): ("publications_scopus", 0),
    ("publications_by_field", "wos_2022"): ("publications_wos", -1),
    ("publications_by_field", "wos_2023"): ("publications_wos", 0),
}
GRAND = re.compile(r"^\s*(барлығы|жалпы саны|всего|in total|total)", re.IGNORECASE)
FULL_BREAKDOWN = {"level": {"bachelor", "master", "doctorate"},
                  "category": {"national", "state", "joint_stock", "private", "international"}}


def split_statistic(statistic: str) -> tuple[str, str]:
    table, _, column = statistic.removeprefix("stated:").partition(".")
    return table, column


def mismatch(msgid, params, figs, institution=None) -> Finding:
    """A finding filed under the registered statistic the first figure measures."""
    first = figs[0]
    return Finding(check="published_sums", severity=Severity.ERROR, msgid=msgid, params=params,
                   statistic=statistic_of_figure(first.statistic, first.dimension, first.value_raw),
                   institution_id=institution, figures=[figure_ref(f) for f in figs])


@check(
    "published_sums",
    Severity.ERROR,
    _("Published totals that do not add up"),
    gettext_noop("Recompute the total from its rows and correct the printed figure (or the row that is wrong)."),
)
def published_sums(year: int) -> list[Finding]:
    findings: list[Finding] = []
    totals = defaultdict(list)
    for fig in figures(year).filter(period__year=year, statistic__startswith="stated:", dimension__kind="total_row"):
        totals[split_statistic(fig.statistic)].append(fig)
    for (table, column), stated in totals.items():
        grand = [f for f in stated if not f.dimension.get("section") and GRAND.match(f.label)]
        subtotals = [f for f in stated if f not in grand]
        rows = []
        if (table, column) in ROW_STATISTIC:
            statistic, shift = ROW_STATISTIC[(table, column)]
            if column[-4:].isdigit():
                shift = int(column[-4:]) - year
            rows = list(PublishedFigure.objects.filter(
                statistic=statistic, period__year=year + shift, source__contains=f"; {table}.csv row ").order_by("pk"))
        for total in grand:
            if rows:
                computed = sum((r.value for r in rows), Decimal(0))
                if computed != total.value:
                    findings.append(mismatch(
                        gettext_noop("%(table)s: the rows of column %(column)s add up to %(computed)s, the total line «%(label)s» says %(stated)s"),
                        {"table": table, "column": column, "computed": number(computed), "label": total.label,
                         "stated": number(total.value)},
                        [total]))
            if len(subtotals) >= 2:
                computed = sum((s.value for s in subtotals), Decimal(0))
                if computed != total.value:
                    findings.append(mismatch(
                        gettext_noop("%(table)s: the subtotals of column %(column)s add up to %(computed)s, the total line «%(label)s» says %(stated)s"),
                        {"table": table, "column": column, "computed": number(computed), "label": total.label,
                         "stated": number(total.value)},
                        [total, *subtotals]))
        for sub in subtotals:
            section = sub.dimension.get("section")
            members = [r for r in rows if section and r.dimension.get("region_section") == section]
            if members:
                computed = sum((r.value for r in members), Decimal(0))
                if computed != sub.value:
                    findings.append(mismatch(
                        ngettext_noop("%(table)s, section %(section)s: its %(count)d row adds up to %(computed)s, the subtotal «%(label)s» says %(stated)s",
                                      "%(table)s, section %(section)s: its %(count)d rows add up to %(computed)s, the subtotal «%(label)s» says %(stated)s", "count"),
                        {"table": table, "section": section, "count": len(members), "computed": number(computed),
                         "label": sub.label, "stated": number(sub.value)},
                        [sub]))
    findings.extend(breakdown_sums(year))
    return findings


def breakdown_sums(year: int) -> list[Finding]:
    """A figure with no dimension against the sum of its full breakdown by level or category."""
    groups = defaultdict(list)
    for fig in figures(year).exclude(statistic__startswith="stated:"):
        groups[(fig.period.year, fig.statistic)].append(fig)
    findings = []
    for (fig_year, statistic), figs in sorted(groups.items()):
        wholes = {f.value: f for f in figs if not f.dimension}
        for dim, members in FULL_BREAKDOWN.items():
            parts = {}
            for f in figs:
                if set(f.dimension) == {dim}:
                    parts.setdefault(f.dimension[dim], f)
            if set(parts) != members:
                continue
            computed = sum((f.value for f in parts.values()), Decimal(0))
            for value, whole in wholes.items():
                if value != computed:
                    findings.append(mismatch(
                        gettext_noop("%(statistic)s %(year)d: the figures by %(dimension)s add up to %(computed)s, the total printed is %(stated)s"),
                        {"statistic": statistic, "year": fig_year, "dimension": dim, "computed": number(computed),
                         "stated": number(value)},
                        [whole, *parts.values()]))
    return findings
