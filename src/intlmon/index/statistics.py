"""The per-HEI figures the index needs that no section statistic gives, declared like every other
statistic (one aggregate query, read through the read service) so the index never counts records
itself:

- the denominators of the HEI profile sheet (students, academic staff): a profile without the
  number leaves it out (never a 0 that would make every ratio of that HEI infinite or zero);
- the two sides of QS's International Research Network, L/ln P: distinct partner countries (L) and
  distinct partner organisations (P) of each HEI's international agreements;
- publications with foreign co-authors by HEI (the share of internationally co-authored output).

Registered when the index app is ready (apps.py), listed in docs/statistics.md.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intlmon.analytics.statistics.base import declare, distinct, sum_of
from intlmon.records.models import Agreement, InstitutionProfile, Publications

declare(
    "students_by_institution", _("Students by HEI"),
    _("Students at all levels as the HEI profile sheet states them (1 October of the year); an empty cell is not a value."),
    model=InstitutionProfile, dimensions=("institution", "category"), unit="students", section="profile",
    measure=sum_of("students"), where=Q(students__isnull=False),
)
declare(
    "academic_staff_by_institution", _("Academic staff by HEI"),
    _("Full-time academic staff (headcount) as the HEI profile sheet states them; an empty cell is not a value."),
    model=InstitutionProfile, dimensions=("institution", "category"), unit="persons", section="profile",
    measure=sum_of("academic_staff"), where=Q(academic_staff__isnull=False),
)
declare(
    "agreement_partner_countries_by_institution", _("Partner countries of agreements by HEI"),
    _("Distinct countries of the partners of each HEI's international agreements."),
    model=Agreement, dimensions=("institution", "category"), unit="countries", section="agreements",
    measure=distinct("country_id"),
)
declare(
    "agreement_partners_by_institution", _("Partner organisations of agreements by HEI"),
    _("Distinct resolved foreign partner organisations of each HEI's international agreements."),
    model=Agreement, dimensions=("institution", "category"), unit="organisations", section="agreements",
    measure=distinct("partner_id"),
)
declare(
    "publications_with_foreign_coauthors_by_institution", _("Publications with foreign co-authors by HEI"),
    _("Indexed articles with at least one foreign co-author, by HEI, HEI category and database."),
    model=Publications, dimensions=("database", "institution", "category"), unit="publications",
    section="publications", measure=sum_of("with_foreign_coauthors"), where=Q(with_foreign_coauthors__isnull=False),
)
