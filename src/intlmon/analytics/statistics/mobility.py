"""Academic mobility both ways, visiting foreign faculty and international degree-seeking students.

Mobility is split into one statistic per breakdown (by level/format/funding, by HEI, by country,
by field) so that no single query returns an HEI × country × level × … cross-table.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intlmon.analytics.statistics.base import Printed, declare, sum_of
from intlmon.records.models import InternationalStudents, MobilityFlow, VisitingFaculty

HEADCOUNT = sum_of("headcount")
FRANCE = "stated:student_mobility_counts"
FRANCE_FLOWS = [
    Printed(FRANCE, label="in text: Kazakhstani students in academic mobility in France, 2022",
            extra={"direction": "outbound", "person": "student", "country": "FR"}),
    Printed(FRANCE, label="in text: French students studying in Kazakhstan, 2022",
            extra={"direction": "inbound", "person": "student", "country": "FR"}),
    Printed(FRANCE, label="in text: Kazakhstani teaching staff in exchange with France, 2022",
            extra={"direction": "outbound", "person": "staff", "country": "FR"}),
    Printed(FRANCE, label="in text: French teaching staff in exchange, 2022",
            extra={"direction": "inbound", "person": "staff", "country": "FR"}),
]

declare(
    "mobility", _("Academic mobility"),
    _("Students and staff going abroad (outbound) and coming to Kazakhstan (inbound), by level, format and funding."),
    model=MobilityFlow, dimensions=("direction", "person", "level", "format", "funding"), unit="persons",
    section="mobility", measure=HEADCOUNT,
)
declare(
    "mobility_by_institution", _("Academic mobility by HEI"),
    _("Outbound and inbound students and staff by Kazakh HEI and HEI category."),
    model=MobilityFlow, dimensions=("direction", "person", "institution", "category", "country"), unit="persons",
    section="mobility", measure=HEADCOUNT,
)
declare(
    "mobility_by_country", _("Academic mobility by partner country"),
    _("Outbound and inbound students and staff by partner country and region."),
    model=MobilityFlow, dimensions=("direction", "person", "country", "region"), unit="persons",
    section="mobility", measure=HEADCOUNT, printed=FRANCE_FLOWS,
)
declare(
    "mobility_by_field", _("Academic mobility by field"),
    _("Outbound and inbound students and staff by field of education."),
    model=MobilityFlow, dimensions=("direction", "person", "field"), unit="persons",
    section="mobility", measure=HEADCOUNT,
)
declare(
    "visiting_faculty", _("Visiting foreign faculty"),
    _("Foreign academics teaching at Kazakh HEIs, by HEI, HEI category, format and funding."),
    model=VisitingFaculty, dimensions=("institution", "category", "format", "funding", "country"), unit="persons",
    section="mobility", measure=HEADCOUNT,
)
declare(
    "visiting_faculty_by_country", _("Visiting foreign faculty by country"),
    _("Foreign academics by the country of their organisation and its region."),
    model=VisitingFaculty, dimensions=("country", "region"), unit="persons", section="mobility",
    measure=HEADCOUNT,
)
declare(
    "visiting_faculty_by_field", _("Visiting foreign faculty by field and academic degree"),
    _("Foreign academics by field of education and academic degree (as reported)."),
    model=VisitingFaculty, dimensions=("field", "degree", "country"), unit="persons", section="mobility",
    measure=HEADCOUNT,
)
declare(
    "international_students", _("International degree-seeking students"),
    _("Foreign citizens studying for a degree at Kazakh HEIs, by level, country of citizenship and region."),
    model=InternationalStudents, dimensions=("level", "country", "region"), unit="students",
    section="mobility", measure=HEADCOUNT,
)
declare(
    "international_students_by_institution", _("International degree-seeking students by HEI"),
    _("Foreign degree-seeking students by Kazakh HEI and HEI category."),
    model=InternationalStudents, dimensions=("institution", "category"), unit="students",
    section="mobility", measure=HEADCOUNT,
)
