"""Year-on-year credibility and outliers across HEIs.

A change is suspect when the larger value is more than `1 + max(1, 4/sqrt(smaller))` times the
smaller: big counts may double at most (1000 → 1100 is normal, 1000 → 2100 is not), small counts
get room for noise (3 → 6 passes, 10 → 506 does not); from 0, a jump to 20 or more is suspect.
Pairs come from the records of both years (per HEI, read through `analytics.read`, only for years
whose records describe whole HEIs) and from the report's own quotes 'new (prev-year – old)'. Outliers: modified z-score |0.6745 (x − median) / MAD| > 3.5 (Iglewicz–Hoaglin).
"""

from __future__ import annotations

import math
import re
import statistics
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from intlmon.analytics.registry import Source
from intlmon.collection.problems import ngettext_noop
from intlmon.quality.checks.common import figure_ref, figures, number, reader, statistic_of_figure
from intlmon.quality.findings import Finding, Severity
from intlmon.quality.registry import check
from intlmon.records.models import PublishedFigure

Z_LIMIT = 3.5
# (name in the message, the registered statistic by HEI it is read from)
PER_HEI = (
    ("double_degree_programmes", "double_degree_programmes"),
    ("double_degree_programmes_enrolment", "double_degree_programmes_enrolment"),
    ("joint_programmes", "joint_programmes"),
    ("joint_programmes_enrolment", "joint_programmes_enrolment"),
    ("projects", "projects"),
    ("publications", "publications_by_institution"),
    ("mobility", "mobility_by_institution"),
)


def suspect(old, new) -> bool:
    old, new = float(old), float(new)
    low, high = min(old, new), max(old, new)
    if low <= 0:
        return high >= 20
    return high / low > 1 + max(1.0, 4 / math.sqrt(low))


def per_hei(stat_id: str, year: int) -> dict[str, int]:
    """{HEI: value} from the records; {} for a year whose records are only a bilateral slice (coverage 'FR'
    is not comparable with a whole year)."""
    read = reader(year)
    if not read.is_national(year):
        return {}
    return {code: v for code, v in read.by(stat_id, year, "institution", Source.RECORDS).items() if code}


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
    for name, statistic in PER_HEI:
        now, before = per_hei(statistic, year), per_hei(statistic, year - 1)
        for hei in sorted(set(now) & set(before)):
            if suspect(before[hei], now[hei]):
                findings.append(Finding(
                    check="yoy_credibility", severity=Severity.WARNING,
                    msgid=gettext_noop("%(statistic)s of %(hei)s: %(old)s in %(prev)d, %(new)s in %(year)d"),
                    params={"statistic": name, "hei": hei, "old": before[hei], "new": now[hei],
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
                statistic=statistic_of_figure(fig.statistic, fig.dimension), institution_id=hei,
                figures=[figure_ref(fig)],
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
            statistic=statistic_of_figure(fig.statistic, fig.dimension),
            institution_id=fig.dimension.get("institution"), figures=[figure_ref(fig)],
        ))
    return findings


def table_value(statistic: str, dimension: dict, year: int):
    same = [f for f in PublishedFigure.objects.filter(period__year=year, statistic=statistic).order_by("pk")
            if all(f.dimension.get(k) == v for k, v in dimension.items())]
    if same:
        return same[0].value, same[0].source.split(";")[-1].strip()
    kinds = {"projects_research": "research", "projects_educational": "educational"}
    if statistic in kinds and set(dimension) == {"institution"}:
        by_hei = reader(year).by("projects", year, "institution", Source.RECORDS, kind=kinds[statistic])
        if dimension["institution"] in by_hei:
            return Decimal(by_hei[dimension["institution"]]), "the records"
    return None


@check(
    "outliers",
    Severity.INFO,
    _("Outliers across HEIs (modified z-score)"),
    gettext_noop("Check the HEI's figure against its size and last year's report."),
)
def outliers(year: int) -> list[Finding]:
    findings = []
    for name, statistic in PER_HEI:
        values = per_hei(statistic, year)
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
                    msgid=ngettext_noop("%(statistic)s of %(hei)s is %(value)s against a median of %(median)s across %(n)d HEI (modified z = %(z)s)",
                                        "%(statistic)s of %(hei)s is %(value)s against a median of %(median)s across %(n)d HEIs (modified z = %(z)s)"),
                    params={"statistic": name, "hei": hei, "value": v, "median": f"{median:g}",
                            "n": len(values), "z": f"{z:.1f}"},
                    statistic=statistic, institution_id=hei,
                ))
    return findings
