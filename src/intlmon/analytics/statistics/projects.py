"""International projects (research and educational): by HEI, partner country, field and funder.

Legacy tables give counts per HEI rather than rows (`quantity`), so projects are summed, not counted.
Breakdowns that need a column the rows may lack (country, field, funder) count only rows that have
it; when none has, the printed table by country answers.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intlmon.analytics.statistics.base import Printed, declare, distinct, sum_of
from intlmon.records.models import Project

QUANTITY = sum_of("quantity")
BY_KIND = [
    Printed("projects"),
    Printed("projects_research", extra={"kind": "research"}),
    Printed("projects_educational", extra={"kind": "educational"}),
]

declare(
    "projects", _("International projects"),
    _("Research and educational projects with foreign partners, by kind, HEI and HEI category."),
    model=Project, dimensions=("kind", "institution", "category"), unit="projects", section="projects",
    measure=QUANTITY, printed=BY_KIND,
)
declare(
    "projects_by_country", _("International projects by partner country"),
    _("Projects by the partner's country and region (rows without a country are left out)."),
    model=Project, dimensions=("kind", "country", "region"), unit="projects", section="projects",
    measure=QUANTITY, require_known=("country",), printed=BY_KIND[1:],
)
declare(
    "projects_by_field", _("International projects by field"),
    _("Projects by field of education (rows without a field are left out)."),
    model=Project, dimensions=("kind", "field"), unit="projects", section="projects",
    measure=QUANTITY, require_known=("field",),
)
declare(
    "projects_by_funder", _("International projects by funder"),
    _("Projects by programme or funder as reported (Erasmus+, British Council …; rows without one are left out)."),
    model=Project, dimensions=("kind", "funder"), unit="projects", section="projects",
    measure=QUANTITY, require_known=("funder",),
)
declare(
    "institutions_with_projects", _("HEIs taking part in international projects"),
    _("Kazakh HEIs with at least one international project, by HEI category."),
    model=Project, dimensions=("category",), unit="institutions", section="projects",
    measure=distinct("institution_id"), where=Q(quantity__gt=0), printed=[Printed("institutions_with_projects")],
)
