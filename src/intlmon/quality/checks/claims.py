"""Percentages printed in the text that do not compute.

Two shapes are read from a published figure's label or value: a year-on-year claim ('167-ден
159-ға дейін 0,5% - ға қысқарды', '(195 ҚДП) 12% өсім') and a share ('48%' of a section in the
table's grand total). A claim is wrong when the printed percentage differs from the computed one
by more than one percentage point (the report rounds to whole percents).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from intlmon.quality.checks.common import figure_ref, figures, number, statistic_of_figure
from intlmon.quality.checks.published_sums import GRAND
from intlmon.quality.findings import Finding, Severity
from intlmon.quality.registry import check
from intlmon.records.models import PublishedFigure

PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
FROM_TO = re.compile(r"(\d[\d\s]*)\s*-\s*(?:ден|дан|нан|тен|тан|нен)\s+(\d[\d\s]*)\s*-\s*(?:ға|ге|қа|ке)")
TOLERANCE = Decimal(1)


def pct(text: str) -> Decimal | None:
    match = PERCENT.search(text or "")
    return Decimal(match.group(1).replace(",", ".")) if match else None


def same_year_total(statistic: str, year: int) -> PublishedFigure | None:
    """The year's value of an earlier-year figure's statistic: a stated grand total or an in-text total."""
    candidates = {
        "agreements": ("stated:agreements_by_country.agreement_count", None),
        "double_degree_programmes": ("stated:ddp_by_hei.ddp_count", None),
        "joint_programmes": ("stated:sop_by_hei.sop_count", None),
    }
    if statistic not in candidates:
        return None
    stat, _ = candidates[statistic]
    for fig in PublishedFigure.objects.filter(period__year=year, statistic=stat, dimension__kind="total_row").order_by("pk"):
        if not fig.dimension.get("section") and GRAND.match(fig.label):
            return fig
    return None


@check(
    "percentages",
    Severity.ERROR,
    _("Percentages that do not compute"),
    gettext_noop("Recompute the percentage from the two figures and correct the text."),
)
def percentages(year: int) -> list[Finding]:
    findings = []
    for fig in figures(year):
        text = f"{fig.label} {fig.value_raw}"
        stated = pct(text)
        if stated is None:
            continue
        involved = [fig]
        pair = FROM_TO.search(fig.label)
        if pair:
            old, new = (Decimal(re.sub(r"\s", "", g)) for g in pair.groups())
            kind = "change"
        elif fig.period.year < year:
            total = same_year_total(fig.statistic, year)
            if total is None:
                continue
            old, new, kind = fig.value, total.value, "change"
            involved.append(total)
        else:
            share = share_of(fig, year)
            if share is None:
                continue
            part, whole = share
            involved += [part, whole]
            old, new, kind = whole.value, part.value, "share"
        if kind == "change":
            if old == 0:
                continue
            computed = abs(new - old) / old * 100
        else:
            computed = new / old * 100 if old else Decimal(0)
        if abs(computed - stated) > TOLERANCE:
            findings.append(Finding(
                check="percentages",
                severity=Severity.ERROR,
                msgid=(gettext_noop("«%(text)s»: from %(old)s to %(new)s is %(computed)s %%, not %(stated)s %%") if kind == "change"
                       else gettext_noop("«%(text)s»: %(new)s of %(old)s is %(computed)s %%, not %(stated)s %%")),
                params={"text": fig.label[:90], "old": number(old), "new": number(new),
                        "computed": f"{computed:.1f}", "stated": number(stated)},
                statistic=statistic_of_figure(fig.statistic, fig.dimension, fig.value_raw),
                figures=[figure_ref(f) for f in involved],
            ))
    return findings


def share_of(fig: PublishedFigure, year: int):
    """A '48%' stated for a section: that section's total line against the table's grand total."""
    if not fig.statistic.startswith("stated:"):
        return None
    section = (fig.dimension.get("section") or "").casefold()
    if not section:
        return None
    table = fig.statistic.removeprefix("stated:").split(".")[0]
    lines = PublishedFigure.objects.filter(period__year=year, statistic__startswith=f"stated:{table}.",
                                           dimension__kind="total_row").order_by("pk")
    part = next((f for f in lines if (f.dimension.get("section") or "").casefold().startswith(section)), None)
    whole = next((f for f in lines if not f.dimension.get("section") and GRAND.match(f.label)), None)
    return (part, whole) if part and whole else None
