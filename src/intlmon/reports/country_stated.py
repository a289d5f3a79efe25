"""What a bilateral source states in its own text, read as published figures for the country note.

The France note of 2022 (`000_*.txt`) states figures that no record carries: 84 agreements signed by
27 HEIs, 3 degree-seeking students, 8 projects of 5 HEIs, "4 DDP are in English", and breakdowns of
the 25 visiting specialists by format, HEI category, degree and field. The import keeps each as a
`PublishedFigure` (`stated:<table>` with the source's label, see `collection.legacy.stated_totals`);
`STATED` below says which quantity of the note each label is, and `analytics`' `from_published` reads
them (one value per quantity, its source line in `Value.note`). Nothing is computed here: the note
compares these with what the records add up to and prints the source's figure with its line.

Quantities are note-level codes (`agreements`, `visiting`, …) with the country and, for breakdowns,
the usual dimension codes (format, category, field, funding, language) or a degree code of `DEGREES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from intlmon.analytics.registry import Value
from intlmon.analytics.statistics.base import Printed, from_published

MOBILITY = "stated:student_mobility_counts"
VISITING = "stated:visiting_specialists_extrabudgetary+visiting_specialists_republican_budget"
VISITING_EB = "stated:visiting_specialists_extrabudgetary"
VISITING_RB = "stated:visiting_specialists_republican_budget"
COOPERATION = "stated:international_projects"  # the note files its agreements/projects sentences there
DDP = "stated:double_degree_programs"

# Degrees as the France note names them (line 39–41); the records keep the tables' raw wording.
DEGREES = {
    "phd": _("PhD"),
    "doctor_of_sciences": _("Doctor of Sciences"),
    "master_of_sciences": _("Master of Sciences"),
}
# The French students' specialties (line 9), which the source gives in words, not as field codes.
SPECIALTIES = {
    "International Relations": _("International Relations"),
    "Management": _("Management"),
}


def _fr(quantity: str, **dims: str) -> dict[str, str]:
    return {"country": "FR", "quantity": quantity, **dims}


# (published statistic, label as imported from stated_totals.csv) → the note's quantity
STATED: tuple[Printed, ...] = (
    Printed(MOBILITY, label="in text: Kazakhstani students in academic mobility in France, 2022",
            extra=_fr("outbound_students")),
    Printed(MOBILITY, label="in text: French students studying in Kazakhstan, 2022", extra=_fr("inbound_students")),
    Printed(MOBILITY, label="in text: students from France enrolled at KazNPU/KIMEP, 2022-2023",
            extra=_fr("degree_students")),
    Printed(MOBILITY, label="in text: Kazakhstani teaching staff in exchange with France, 2022",
            extra=_fr("outbound_staff")),
    Printed(MOBILITY, label="in text: French teaching staff in exchange, 2022", extra=_fr("inbound_staff")),
    Printed(VISITING, label="in text: specialists from France teaching in Kazakhstan, 2022", extra=_fr("visiting")),
    Printed(VISITING, label="in text: OVPO hosting French specialists", extra=_fr("visiting_institutions")),
    Printed(VISITING_EB, label="in text: specialists paid from extra-budgetary funds",
            extra=_fr("visiting", funding="extra_budgetary")),
    Printed(VISITING_RB, label="in text: specialists paid from the republican budget",
            extra=_fr("visiting", funding="republican_budget")),
    Printed(VISITING, label="in text: specialists, offline format", extra=_fr("visiting", format="physical")),
    Printed(VISITING, label="in text: specialists, online format", extra=_fr("visiting", format="online")),
    Printed(VISITING, label="in text: specialists at national OVPO", extra=_fr("visiting", category="national")),
    Printed(VISITING, label="in text: specialists at state OVPO", extra=_fr("visiting", category="state")),
    Printed(VISITING, label="in text: specialists at JSC OVPO", extra=_fr("visiting", category="joint_stock")),
    Printed(VISITING, label="in text: specialists at private OVPO", extra=_fr("visiting", category="private")),
    Printed(VISITING, label="in text: specialists with PhD", extra=_fr("visiting", degree="phd")),
    Printed(VISITING, label="in text: specialists, Doctor of Sciences", extra=_fr("visiting", degree="doctor_of_sciences")),
    Printed(VISITING, label="in text: specialists, Master of Sciences", extra=_fr("visiting", degree="master_of_sciences")),
    Printed(VISITING, label="in text: specialists by area: Pedagogical sciences", extra=_fr("visiting", field="01")),
    Printed(VISITING, label="in text: specialists by area: Arts and Humanities", extra=_fr("visiting", field="02")),
    Printed(VISITING, label="in text: specialists by area: Business, Management and Law", extra=_fr("visiting", field="04")),
    Printed(VISITING, label="in text: specialists by area: Natural Sciences, Mathematics and Statistics",
            extra=_fr("visiting", field="05")),
    Printed(VISITING, label="in text: specialists by area: Engineering, manufacturing and construction",
            extra=_fr("visiting", field="07")),
    Printed(VISITING, label="in text: specialists by area: Healthcare", extra=_fr("visiting", field="10")),
    Printed(COOPERATION, label="in text: international agreements with French organisations", extra=_fr("agreements")),
    Printed(COOPERATION, label="in text: Kazakhstani OVPO with agreements with France", extra=_fr("agreement_institutions")),
    Printed(COOPERATION, label="in text: international projects with French partners", extra=_fr("projects")),
    Printed(COOPERATION, label="in text: OVPO participating in projects with France", extra=_fr("project_institutions")),
    Printed(DDP, label="in text: double-degree programs with French partners", extra=_fr("ddp")),
    Printed(DDP, label="in text: DDP taught in English", extra=_fr("ddp", language="en")),
    Printed(DDP, label="in text: DDP contingent, 2022", extra=_fr("ddp_enrolment")),
    Printed(DDP, label="in text: Kazakhstani OVPO implementing DDP with France", extra=_fr("ddp_institutions")),
    # the lists of line 5 and 9 item by item: by Kazakh HEI (with the printed name, and the HEI when it
    # resolved), by French home institution and by specialty
    Printed("mobility_students_inbound", extra={"quantity": "inbound_students"}),
    Printed("mobility_students_outbound", extra={"quantity": "outbound_students"}),
)
DIMENSIONS = ("country", "quantity", "funding", "format", "category", "degree", "field", "language",
              "by", "partner", "specialty", "name", "institution")

SOURCE_LINE = re.compile(r"seed (?P<document>\S+) line (?P<line>\d+)")


@dataclass(frozen=True)
class Citation:
    """Where a stated figure is printed: the source document and its line numbers."""

    document: str
    lines: tuple[int, ...]

    @classmethod
    def of(cls, *values: Value) -> Citation | None:
        found = [m for v in values for m in SOURCE_LINE.finditer(v.note)]
        if not found:
            return None
        return cls(found[0]["document"], tuple(sorted({int(m["line"]) for m in found})))

    def lines_text(self) -> str:
        """'31', '34–37', '5, 9': consecutive lines as a range."""
        runs: list[list[int]] = []
        for n in self.lines:
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


class StatedFigures:
    """The figures a bilateral source states about one country and year, by quantity."""

    def __init__(self, country: str, year: int):
        self.country = country
        self.values = [v for v in from_published(year, DIMENSIONS, STATED) if v.dimension.get("country") == country]

    def get(self, quantity: str) -> Value | None:
        """The stated headline of a quantity (no breakdown dimension)."""
        for v in self.values:
            if v.dimension == {"country": self.country, "quantity": quantity}:
                return v
        return None

    def by(self, quantity: str, dim: str, where: dict[str, str] | None = None) -> list[Value]:
        """The stated values of a quantity by one dimension (as printed; largest first)."""
        base = {"country": self.country, "quantity": quantity, **(where or {})}
        rows = [v for v in self.values if set(v.dimension) == set(base) | {dim}
                and all(v.dimension.get(k) == c for k, c in base.items())]
        return sorted(rows, key=lambda v: (-v.value, v.dimension[dim]))

    def listed(self, quantity: str, by: str) -> list[Value]:
        """A list the source prints item by item ("KazNU – 31, …, AIMU – 27"), as printed: each value has
        the printed `name` and the `institution` it resolved to ("" while the name awaits review)."""
        rows = [v for v in self.values if v.dimension.get("quantity") == quantity and v.dimension.get("by") == by
                and "name" in v.dimension]
        return sorted(rows, key=lambda v: (-v.value, v.dimension["name"]))
