"""The headline summary card: one number per indicator, each from its own declared statistic.

It reuses the other statistics (so its queries are theirs: fixed, whatever the number of HEIs) and
keeps each number's source; an indicator with no data that year is left out rather than shown as 0.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intlmon.analytics.registry import Source, Statistic, Value, compute, register

# indicator → (statistic, dimension filter for StatResult.by, or None for the total)
INDICATORS = {
    "agreements": ("agreements", None),
    "partner_countries": ("agreement_partner_countries", None),
    "foreign_branches_in_kz": ("foreign_branches_in_kz", None),
    "kz_branches_abroad": ("kz_branches_abroad", None),
    "projects": ("projects", None),
    "publications": ("publications", None),
    "joint_programmes": ("joint_programmes", None),
    "joint_programmes_enrolment": ("joint_programmes_enrolment", None),
    "double_degree_programmes": ("double_degree_programmes", None),
    "double_degree_programmes_enrolment": ("double_degree_programmes_enrolment", None),
    "outbound_mobility": ("mobility", ("direction", "outbound")),
    "inbound_mobility": ("mobility", ("direction", "inbound")),
    "visiting_faculty": ("visiting_faculty", None),
    "international_students": ("international_students", None),
}


def summary(year: int) -> list[Value]:
    values = []
    for indicator, (stat_id, part) in INDICATORS.items():
        result = compute(stat_id, year)
        if result.is_empty:
            continue
        number = result.total() if part is None else result.by(part[0]).get(part[1])
        if not number:
            continue
        source = Source.RECORDS if result.sources == {Source.RECORDS} else Source.PUBLISHED
        values.append(Value({"indicator": indicator}, number, source, stat_id))
    return values


register(Statistic(
    "summary", _("Summary card"),
    _("The headline figures of the year: agreements, partner countries, branches both ways, projects, "
      "publications, programmes and their enrolment, mobility, visiting faculty, international students."),
    ("indicator",), "mixed", summary, section="summary", additive=False,
))
