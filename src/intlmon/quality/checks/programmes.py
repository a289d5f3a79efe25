"""Consistency of programme rows: joint and double-degree at once, level against the code, expired
contracts still reported, zero enrolment on a programme reported as running."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from intlmon.lib import programme_codes as pc
from intlmon.quality.checks.common import current, record_ref
from intlmon.quality.checks.duplicates import PROGRAMME_MODELS
from intlmon.quality.findings import Finding, Severity
from intlmon.quality.registry import check
from intlmon.records.models import Agreement, DoubleDegreeProgramme, JointProgramme


@check(
    "joint_and_double",
    Severity.WARNING,
    _("The same programme reported as joint and as double-degree"),
    gettext_noop("Ask the HEI which it is and keep the programme in one section only."),
)
def joint_and_double(year: int) -> list[Finding]:
    joint = {}
    for row in current(JointProgramme, year).exclude(programme_code="").order_by("source_row", "pk"):
        joint.setdefault((row.institution_id, row.programme_code), []).append(row)
    findings = []
    seen = set()
    for row in current(DoubleDegreeProgramme, year).exclude(programme_code="").order_by("source_row", "pk"):
        key = (row.institution_id, row.programme_code)
        if key in joint and key not in seen:
            seen.add(key)
            doubles = [r for r in current(DoubleDegreeProgramme, year).filter(
                institution_id=row.institution_id, programme_code=row.programme_code).order_by("source_row")]
            findings.append(Finding(
                check="joint_and_double",
                severity=Severity.WARNING,
                msgid=gettext_noop("%(hei)s reports programme %(code)s both as a joint programme and as a double-degree programme"),
                params={"hei": row.institution_id, "code": row.programme_code},
                statistic="double_degree_programmes",
                institution_id=row.institution_id,
                records=[record_ref(r) for r in joint[key] + doubles],
            ))
    return findings


@check(
    "level_code",
    Severity.ERROR,
    _("Programme level inconsistent with its code"),
    gettext_noop("Correct the level or the programme code (6B bachelor, 7M master, 8D doctorate)."),
)
def level_code(year: int) -> list[Finding]:
    findings = []
    for model, statistic in PROGRAMME_MODELS:
        for row in current(model, year).exclude(programme_code="").exclude(level="").order_by("source_row", "pk"):
            codes = [c for c in pc.find_programme_codes(row.programme_code) if c.scheme == "kz"]
            if codes and codes[0].level != row.level:
                findings.append(Finding(
                    check="level_code",
                    severity=Severity.ERROR,
                    msgid=gettext_noop("%(hei)s: programme %(code)s is filed as %(level)s but its code says %(code_level)s"),
                    params={"hei": row.institution_id, "code": row.programme_code, "level": row.level,
                            "code_level": codes[0].level},
                    statistic=statistic,
                    institution_id=row.institution_id,
                    records=[record_ref(row)],
                ))
    return findings


@check(
    "expired_contract",
    Severity.WARNING,
    _("Expired contract still reported as active"),
    gettext_noop("Ask the HEI for the extension or renewal, or remove the row from the year's report."),
)
def expired_contract(year: int) -> list[Finding]:
    """A contract whose term ended before the reporting year began and has no renewal clause."""
    start = date(year, 1, 1)
    findings = []
    for model, statistic in (*PROGRAMME_MODELS, (Agreement, "agreements")):
        rows = current(model, year).filter(valid_until__lt=start, open_ended=False, auto_renewal=False)
        for row in rows.order_by("source_sheet", "source_row", "pk"):
            findings.append(Finding(
                check="expired_contract",
                severity=Severity.WARNING,
                msgid=gettext_noop("%(hei)s: %(model)s with %(partner)s ended on %(until)s (term «%(term)s») but is reported for %(year)d"),
                params={"hei": row.institution_id, "model": model._meta.verbose_name, "partner": (row.partner_raw or "")[:60],
                        "until": row.valid_until.isoformat(), "term": row.term_raw, "year": year},
                statistic=statistic,
                institution_id=row.institution_id,
                records=[record_ref(row)],
            ))
    return findings


@check(
    "zero_enrolment",
    Severity.WARNING,
    _("Zero enrolment on an active programme"),
    gettext_noop("Ask the HEI whether the programme admits students; report it as inactive if not."),
)
def zero_enrolment(year: int) -> list[Finding]:
    findings = []
    for model, statistic in PROGRAMME_MODELS:
        for row in current(model, year).filter(enrolment=0).order_by("source_row", "pk"):
            findings.append(Finding(
                check="zero_enrolment",
                severity=Severity.WARNING,
                msgid=gettext_noop("%(hei)s: %(model)s %(code)s with %(partner)s has no students"),
                params={"hei": row.institution_id, "model": model._meta.verbose_name,
                        "code": row.programme_code or row.programme_raw[:40], "partner": (row.partner_raw or "")[:60]},
                statistic=f"{statistic}_enrolment",
                institution_id=row.institution_id,
                records=[record_ref(row)],
            ))
    return findings
