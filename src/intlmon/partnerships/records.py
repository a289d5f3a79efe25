"""What the counted records say about one partnership: its HEIs' records with one of its partners.

The double-degree, research, mobility and visiting-staff criteria read the *counted* records only —
the rows of each HEI's one counted version for the year (`analytics.scope.current`, the rule every
statistic uses: the latest approved or imported version), never a draft. A record is "with the
partner" when its resolved partner, or any partner its cell names (`partners`, the list a breakdown by
partner counts it under), is one of the partnership's registry organisations. A partner known only by
name (not in the registry) cannot be matched to records: its criteria read "no evidence".

`RecordEvidence` keeps which records matched (model, id, HEI, sheet and row) and how many rows the HEIs
reported in that section at all, so a criterion can tell "reported, none with the partner" (not met)
from "nothing reported" (no evidence).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from intlmon.analytics.scope import current
from intlmon.records import models as records


@dataclass
class RecordEvidence:
    section: str  # records model name
    matched: list[dict] = field(default_factory=list)  # one dict per record with the partner
    reported: int = 0  # rows of the HEIs' counted versions in this section (with any partner or none)
    with_named_partner: int = 0  # of which name a partner (resolved or not)
    quantity: int = 0  # headcount / programmes / projects the matched rows stand for

    @property
    def count(self) -> int:
        return len(self.matched)


def _matches(row: dict, partners: set[str]) -> bool:
    return row["partner_id"] in partners or any(p in partners for p in (row["partners"] or []))


def counted_with_partner(model, year: int, institutions: set[str], partners: set[str],
                         amount: str | None = None, **where) -> RecordEvidence:
    """The counted rows of `model` for `year` of the given HEIs, and those with one of `partners`."""
    evidence = RecordEvidence(model.__name__)
    if not institutions:
        return evidence
    fields = ["id", "institution_id", "partner_id", "partners", "partner_raw", "source_sheet", "source_row",
              "submission__version"]
    if amount:
        fields.append(amount)
    rows = current(model, year).filter(institution_id__in=sorted(institutions), **where).values(*fields)
    for row in rows.order_by("institution_id", "source_row", "id"):
        evidence.reported += 1
        if row["partner_id"] or row["partner_raw"]:
            evidence.with_named_partner += 1
        if partners and _matches(row, partners):
            evidence.matched.append({
                "model": model.__name__, "id": row["id"], "institution": row["institution_id"],
                "version": row["submission__version"], "sheet": row["source_sheet"], "row": row["source_row"],
            })
            evidence.quantity += (row[amount] or 0) if amount else 1
    return evidence


def double_degrees(year: int, institutions: set[str], partners: set[str]) -> RecordEvidence:
    return counted_with_partner(records.DoubleDegreeProgramme, year, institutions, partners)


def research_projects(year: int, institutions: set[str], partners: set[str]) -> RecordEvidence:
    return counted_with_partner(records.Project, year, institutions, partners, "quantity",
                                kind=records.Project.Kind.RESEARCH)


def mobility(year: int, institutions: set[str], partners: set[str]) -> RecordEvidence:
    return counted_with_partner(records.MobilityFlow, year, institutions, partners, "headcount")


def visiting_staff(year: int, institutions: set[str], partners: set[str]) -> RecordEvidence:
    return counted_with_partner(records.VisitingFaculty, year, institutions, partners, "headcount")
