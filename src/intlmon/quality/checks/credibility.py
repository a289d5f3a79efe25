"""Year-on-year credibility and outliers across HEIs.

A change is suspect when the larger value is more than `1 + max(1, 4/sqrt(smaller))` times the
smaller: big counts may double at most (1000 → 1100 is normal, 1000 → 2100 is not), small counts
get room for noise (3 → 6 passes, 10 → 506 does not); from 0, a jump to 20 or more is suspect.
Pairs come from the records of both years (per HEI) and from the report's own quotes 'new
(prev-year – old)'. Outliers: modified z-score |0.6745 (x − median) / MAD| > 3.5 (Iglewicz–Hoaglin).
"""

from __future__ import annotations

import math
import re
import statistics
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from intlmon.quality.checks.common import current, figure_ref, figures, number
from intlmon.quality.findings import Finding, Severity
from intlmon.quality.registry import check
from intlmon.records.models import (
    DoubleDegreeProgramme,
    JointProgramme,
    MobilityFlow,
    Project,
    Publications,
    PublishedFigure,
)

Z_LIMIT = 3.5
PER_HEI = (
    ("double_degree_programmes", DoubleDegreeProgramme, Count("pk")),
    ("double_degree_programmes_enrolment", DoubleDegreeProgramme, Sum("enrolment")),
    ("joint_programmes", JointProgramme, Count("pk")),
    ("joint_programmes_enrolment", JointProgramme, Sum("enrolment")),
    ("projects", Project, Sum("quantity")),
    ("publications", Publications, Sum("count")),
    ("mobility", MobilityFlow, Sum("headcount")),
)


def suspect(old, new) -> bool:
    old, new = float(old), float(new)
    low, high = min(old, new), max(old, new)
    if low <= 0:
        return high >= 20
    return high / low > 1 + max(1.0, 4 / math.sqrt(low))


def per_hei(model, aggregate, year: int) -> dict[str, int]:
    # Only whole-activity versions: a bilateral slice (coverage 'FR') is not comparable with a whole year.
    rows = current(model, year).filter(submission__coverage="").values("institution_id").annotate(v=aggregate)
    return {r["institution_id"]: r["v"] for r in rows if r["v"] is not None}


def quoted_pair(fig: PublishedFigure, year: int) -> Decimal | None:
    """The current-year value printed before '(prev-year …old…)' in the figure's label."""
    match = re.search(rf"\(\(?\s*{fig.period.year}(?!\d)", fig.label)
    if not match:
        return None
    before = fig.label[: match.start()].replace("*", "")
    numbers = re.findall(r"\d+(?:[.,]\d+)?", before)
    return Decimal(numbers[-1].replace(",", ".")) if numbers else None


@check(
    "yoy_credibility",
    Severity.WARNING,
    _("Year-on-year changes too large to be credible"),
    gettext_noop("Ask the HEI to confirm both years' figures (a unit, a scope or a typing error is likely)."),
)
def yoy_credibility(year: int) -> list[Finding]:
    findings = []
    for statistic, model, aggregate in PER_HEI:
        now, before = per_hei(model, aggregate, year), per_hei(model, aggregate, year - 1)
        for hei in sorted(set(now) & set(before)):
            if suspect(before[hei], now[hei]):
                findings.append(Finding(
                    check="yoy_credibility", severity=Severity.WARNING,
                    msgid=gettext_noop("%(statistic)s of %(hei)s: %(old)s in %(prev)d, %(new)s in %(year)d"),
                    params={"statistic": statistic, "hei": hei, "old": before[hei], "new": now[hei],
                            "prev": year - 1, "year": year},
                    statistic=statistic, institution_id=hei,
                ))
    for fig in figures(year).filter(period__year=year - 1).exclude(statistic__startswith="stated:"):
        new = quoted_pair(fig, year)
        if new is not None and suspect(fig.value, new):
            hei = fig.dimension.get("institution")
            findings.append(Finding(
                check="yoy_credibility", severity=Severity.WARNING,
                msgid=gettext_noop("%(statistic)s of %(hei)s: %(old)s in %(prev)d, %(new)s in %(year)d"),
                params={"statistic": fig.statistic, "hei": hei or fig.dimension or "—", "old": number(fig.value),
                        "new": number(new), "prev": year - 1, "year": year},
                statistic=fig.statistic, institution_id=hei, figures=[figure_ref(fig)],
            ))
    return findings


@check(
    "text_vs_table",
    Severity.WARNING,
    _("A figure quoted in the text differs from the table"),
    gettext_noop("Correct the text to the table's value (or the table, if the text is right)."),
)
def text_vs_table(year: int) -> list[Finding]:
    """The current-year value quoted beside a previous-year figure against the table or records."""
    findings = []
    for fig in figures(year).filter(period__year=year - 1).exclude(statistic__startswith="stated:"):
        quoted = quoted_pair(fig, year)
        if quoted is None or not fig.dimension:
            continue
        table = table_value(fig.statistic, fig.dimension, year)
        if table is None or table[0] == quoted:
            continue
        value, where = table
        findings.append(Finding(
            check="text_vs_table", severity=Severity.WARNING,
            msgid=gettext_noop("«%(text)s» quotes %(quoted)s for %(year)d, %(where)s gives %(value)s"),
            params={"text": fig.label[:80], "quoted": number(quoted), "year": year, "where": where, "value": number(value)},
            statistic=fig.statistic, institution_id=fig.dimension.get("institution"), figures=[figure_ref(fig)],
        ))
    return findings


def table_value(statistic: str, dimension: dict, year: int):
    same = [f for f in PublishedFigure.objects.filter(period__year=year, statistic=statistic).order_by("pk")
            if all(f.dimension.get(k) == v for k, v in dimension.items())]
    if same:
        return same[0].value, same[0].source.split(";")[-1].strip()
    kinds = {"projects_research": "research", "projects_educational": "educational"}
    if statistic in kinds and set(dimension) == {"institution"}:
        qs = current(Project, year).filter(kind=kinds[statistic], institution_id=dimension["institution"])
        if qs.exists():
            return Decimal(qs.aggregate(n=Sum("quantity"))["n"]), "the records"
    return None


@check(
    "outliers",
    Severity.INFO,
    _("Outliers across HEIs (modified z-score)"),
    gettext_noop("Check the HEI's figure against its size and last year's report."),
)
def outliers(year: int) -> list[Finding]:
    findings = []
    values_by_stat = {s: per_hei(m, a, year) for s, m, a in PER_HEI}
    for statistic, values in values_by_stat.items():
        if len(values) < 5:
            continue
        median = statistics.median(values.values())
        mad = statistics.median(abs(v - median) for v in values.values())
        if not mad:
            continue
        for hei, v in sorted(values.items()):
            z = 0.6745 * (v - median) / mad
            if abs(z) > Z_LIMIT:
                findings.append(Finding(
                    check="outliers", severity=Severity.INFO,
                    msgid=gettext_noop("%(statistic)s of %(hei)s is %(value)s against a median of %(median)s across %(n)d HEIs (modified z = %(z)s)"),
                    params={"statistic": statistic, "hei": hei, "value": v, "median": f"{median:g}",
                            "n": len(values), "z": f"{z:.1f}"},
                    statistic=statistic, institution_id=hei,
                ))
    return findings


def grouped(values):
    out = defaultdict(list)
    for k, v in values:
        out[k].append(v)
    return out
