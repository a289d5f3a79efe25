"""Which statistics a dashboard section reads: one declaration, in the order the pages show them.

A section names its statistics (the total from the first: for agreements the table by partner country, the
finest data held, as the national report prints it); a card, a breakdown or a filtered figure takes the first of them whose
dimensions hold every key it needs (the read service's `Topic` rule), so "agreements by region" comes
from `agreements_by_country` and "agreements by HEI category" from `agreements`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from intlmon.analytics.registry import all_statistics

#: the filters of every dashboard page (GET parameters), in the order of the filter form
FILTERS = ("region", "category", "field", "level")
#: breakdowns a section shows when its statistics have the dimension
BREAKDOWNS = ("region", "category", "field", "level", "country", "institution")


@dataclass(frozen=True)
class Section:
    key: str
    title: object  # lazy translation
    ids: tuple[str, ...]  # the statistics it reads, the section's total first

    def statistic_for(self, needed: Iterable[str]) -> str | None:
        """The first statistic of the section whose dimensions hold every key of `needed`."""
        needed = set(needed)
        statistics = all_statistics()
        for stat_id in self.ids:
            stat = statistics[stat_id]
            if stat.additive and needed <= set(stat.dimensions):
                return stat_id
        return None


SECTIONS = (
    Section("agreements", _("International agreements"), ("agreements_by_country", "agreements")),
    Section("foreign_branches", _("Foreign branches and representations in Kazakhstan"), ("foreign_branches_in_kz",)),
    Section("branches_abroad", _("Branches and representations of Kazakh HEIs abroad"), ("kz_branches_abroad",)),
    Section("projects", _("International projects"), ("projects", "projects_by_country", "projects_by_field")),
    Section("publications", _("Publications"), ("publications", "publications_by_institution")),
    Section("joint_programmes", _("Joint educational programmes"), ("joint_programmes",)),
    Section("double_degree_programmes", _("Double-degree programmes"), ("double_degree_programmes",)),
    Section("mobility", _("Academic mobility"), ("mobility", "mobility_by_country", "mobility_by_institution",
                                                  "mobility_by_field")),
    Section("visiting_faculty", _("Visiting faculty"), ("visiting_faculty", "visiting_faculty_by_country",
                                                        "visiting_faculty_by_field")),
    Section("international_students", _("International students"), ("international_students",
                                                                     "international_students_by_institution")),
)
BY_KEY = {s.key: s for s in SECTIONS}
