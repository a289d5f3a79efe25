"""From the workbook to the register: what the counted versions' "Strategic partnerships" sheets say.

Each counted row of `records.StrategicPartnership` (the latest approved version of its HEI, the scope every
statistic uses) is matched to the register by HEI, resolved partner and model. A matching partnership gets
the row's facts for the fields it does not state yet (an analyst's value is never overwritten; a different
value is reported as a conflict); a row without a match becomes a new partnership. Each fact taken keeps its
origin in `sources` ("workbook: HEI, version N, sheet, row R"). Rows whose partner is not resolved are left
out and reported: the register links partners by registry id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction

from intlmon.analytics.scope import current
from intlmon.partnerships.models import Partnership, PartnershipPartner
from intlmon.records.models import StrategicPartnership

# record field → (register field, conversion)
FIELDS = {
    "start_year": ("start_year", None),
    "term_years": ("term_years", None),
    "status": ("status", None),
    "ministry_agreement": ("ministry_agreement", None),
    "ministry_agreement_date": ("ministry_agreement_date", None),
    "languages": ("teaching_languages", None),
    "kazakh_language_disciplines": ("kazakh_language_disciplines", None),
    "foreign_staff_share": ("foreign_staff_share", None),
    "registered": ("registration", lambda v: "yes (workbook)" if v else None),
    "licensed": ("licence", lambda v: "yes (workbook)" if v else None),
    "funding": ("funding_sources", lambda v: [v]),
    "other_parties": ("other_parties", lambda v: [x.strip() for x in re.split(r"[;\n]", v) if x.strip()]),
    "joint_committees": ("joint_committees", lambda v: [x.strip() for x in re.split(r"[;\n]", v) if x.strip()]),
    "quality_assurance": ("quality_assurance", None),
}
NEGATIVE = {"registered": "registration", "licensed": "licence"}  # "No" in the sheet: stated as absent


@dataclass
class Collected:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


def _empty(value) -> bool:
    return value in (None, "", [], {})


def collect(year: int) -> Collected:
    out = Collected()
    rows = current(StrategicPartnership, year).select_related("submission").order_by("institution_id", "source_row")
    with transaction.atomic():
        for row in rows:
            origin = (f"workbook: {row.institution_id}, version {row.submission.version}, "
                      f"{row.source_sheet}, row {row.source_row}")
            if not row.partner_id:
                out.unresolved.append(f"{origin}: {row.partner_raw}")
                continue
            p = (Partnership.objects.filter(model=row.model, institutions=row.institution_id,
                                            partners__organisation_id=row.partner_id).distinct().first())
            if p is None:
                p = Partnership.objects.create(
                    key=f"{row.institution_id}-{row.partner_id}-{row.model}"[:80].replace("_", "-"),
                    name=f"{row.partner.name_en} — {row.institution.name_en}", model=row.model,
                    sources={"model": origin, "partners": origin, "institutions": origin})
                p.institutions.add(row.institution_id)
                PartnershipPartner.objects.create(partnership=p, organisation_id=row.partner_id, lead=True)
                out.created.append(p.key)
            changed = False
            for source_field, (target, convert) in FIELDS.items():
                value = getattr(row, source_field)
                if source_field in NEGATIVE and value is False and _empty(getattr(p, target)):
                    if target not in p.stated_none:
                        p.stated_none = [*p.stated_none, target]
                        p.sources[target] = origin
                        changed = True
                    continue
                if _empty(value):
                    continue
                value = convert(value) if convert else value
                if _empty(value):
                    continue
                held = getattr(p, target)
                if _empty(held):
                    setattr(p, target, value)
                    p.sources[target] = origin
                    changed = True
                elif held != value:
                    out.conflicts.append(f"{p.key}.{target}: {held!r} ≠ {value!r} ({origin})")
            if changed:
                p.save()
                if p.key not in out.created:
                    out.updated.append(p.key)
    return out
