"""Classification conflicts: one HEI in two categories, a country under the wrong region, a
partner whose country differs from the row's."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from intlmon.quality.checks.common import (
    current,
    figure_ref,
    figures,
    reader,
    record_ref,
    statistic_of_figure,
)
from intlmon.quality.checks.figure_keys import REGION_WORDS, words
from intlmon.quality.findings import Finding, Severity
from intlmon.quality.registry import check
from intlmon.records.models import Agreement, DoubleDegreeProgramme, JointProgramme, Presence, Project
from intlmon.registry.models import InstitutionCategory

# The report's one table by HEI category is the agreements table: an explanation of a category
# conflict becomes its footnote there.
CATEGORY_STATISTIC = "agreements"
# the statistic by partner country of each section (a partner's country conflict shows up there)
BY_COUNTRY = {Agreement: "agreements_by_country", Project: "projects_by_country",
              JointProgramme: "joint_programmes", DoubleDegreeProgramme: "double_degree_programmes"}
# the statistic counting each section's rows (a missing reverse row changes it)
COUNTED_IN = {Agreement: "agreements", JointProgramme: "joint_programmes",
              DoubleDegreeProgramme: "double_degree_programmes"}


def presence_statistic(row) -> str:
    return "foreign_branches_in_kz" if row.direction == Presence.Direction.INBOUND else "kz_branches_abroad"


@check(
    "category_conflict",
    Severity.WARNING,
    _("One HEI placed in two categories"),
    gettext_noop("Confirm the HEI's ownership category for the year in the registry and use it in every table."),
)
def category_conflict(year: int) -> list[Finding]:
    findings = []
    for row in InstitutionCategory.objects.filter(year=year).exclude(conflicts="").order_by("institution_id"):
        findings.append(Finding(
            check="category_conflict",
            severity=Severity.WARNING,
            msgid=gettext_noop("%(hei)s is %(category)s in the registry for %(year)d, but the sources also give %(conflicts)s"),
            params={"hei": row.institution_id, "category": row.category, "year": year, "conflicts": row.conflicts},
            statistic=CATEGORY_STATISTIC,
            institution_id=row.institution_id,
        ))
    return findings


@check(
    "wrong_region",
    Severity.WARNING,
    _("Country filed under the wrong region"),
    gettext_noop("Move the country to its region (or change the region mapping for the year) and recompute the subtotals."),
)
def wrong_region(year: int) -> list[Finding]:
    regions = reader(year).regions()
    findings = []
    for fig in figures(year).filter(period__year=year).exclude(statistic__startswith="stated:").exclude(
            statistic__endswith="_enrolment"):
        section, code = fig.dimension.get("region_section"), fig.dimension.get("country", "")
        if not section or not code or "," in code or code not in regions:
            continue
        printed = words(section, REGION_WORDS)
        if printed and regions[code] and printed != regions[code]:
            findings.append(Finding(
                check="wrong_region",
                severity=Severity.WARNING,
                msgid=gettext_noop("%(label)s (%(code)s) is listed under «%(section)s» but belongs to %(region)s"),
                params={"label": fig.label, "code": code, "section": section, "region": regions[code]},
                statistic=statistic_of_figure(fig.statistic, fig.dimension, fig.value_raw),
                figures=[figure_ref(fig)],
            ))
    return findings


@check(
    "partner_country",
    Severity.WARNING,
    _("Partner whose country conflicts with the organisation or the row"),
    gettext_noop("Check the partner and the country cell; correct whichever is wrong."),
)
def partner_country(year: int) -> list[Finding]:
    findings = []
    for model in (Agreement, Presence, Project, JointProgramme, DoubleDegreeProgramme):
        rows = current(model, year).exclude(partner=None).exclude(country=None).exclude(partner__country=None)
        for row in rows.select_related("partner").order_by("source_sheet", "source_row", "pk"):
            if row.partner.country_id != row.country_id:
                findings.append(Finding(
                    check="partner_country",
                    severity=Severity.WARNING,
                    msgid=gettext_noop("%(hei)s: partner %(partner)s is in %(org_country)s, the row says %(country)s («%(raw)s»)"),
                    params={"hei": row.institution_id, "partner": row.partner_id, "org_country": row.partner.country_id,
                            "country": row.country_id, "raw": row.country_raw},
                    statistic=presence_statistic(row) if model is Presence else BY_COUNTRY[model],
                    institution_id=row.institution_id,
                    records=[record_ref(row)],
                ))
    return findings


@check(
    "reciprocity",
    Severity.WARNING,
    _("Agreement or programme between two Kazakh HEIs reported by only one"),
    gettext_noop("Ask the other HEI to report the agreement or programme too (or the first to remove it)."),
)
def reciprocity(year: int) -> list[Finding]:
    """A partner cell that names a Kazakh HEI: the named HEI should report the reverse row."""
    from intlmon.registry.resolve import resolve_institution

    findings = []
    for model in (Agreement, JointProgramme, DoubleDegreeProgramme):
        rows = list(current(model, year).filter(partner=None).exclude(partner_raw="").order_by("source_sheet", "source_row", "pk"))
        named = defaultdict(list)
        for row in rows:
            res = resolve_institution(row.partner_raw)
            if res.id and res.decision.value == "auto" and res.id != row.institution_id:
                named[(row.institution_id, res.id)].append(row)
        for (reporter, other), same in named.items():
            if (other, reporter) in named:
                continue
            findings.append(Finding(
                check="reciprocity",
                severity=Severity.WARNING,
                msgid=gettext_noop("%(model)s: %(reporter)s names %(other)s as partner, but %(other)s reports no such row"),
                params={"model": model._meta.verbose_name_plural, "reporter": reporter, "other": other},
                statistic=COUNTED_IN[model],
                institution_id=other,
                records=[record_ref(r) for r in same],
            ))
    return findings
