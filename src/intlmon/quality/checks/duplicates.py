"""Rows reported twice: within a section (same HEI, partner, programme code, level), across HEIs
(the same programme row under two HEIs), rows of the legacy tables the import stored once (also when
the repeat is spelled with Cyrillic look-alike letters), and in the published tables (one country or
HEI listed on two rows, e.g. one university under two spellings)."""

from __future__ import annotations

import re
from collections import defaultdict

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from intlmon.collection.problems import ngettext_noop
from intlmon.lib import programme_codes as pc
from intlmon.quality.checks.common import current, figure_ref, figures, record_ref, statistic_of_figure
from intlmon.quality.checks.figure_keys import statistic_of_table
from intlmon.quality.findings import Finding, RecordRef, Severity
from intlmon.quality.registry import check
from intlmon.records.models import DoubleDegreeProgramme, JointProgramme, Presence

PROGRAMME_MODELS = ((JointProgramme, "joint_programmes"), (DoubleDegreeProgramme, "double_degree_programmes"))
# legacy row tables → the model their rows are stored as
TABLE_MODELS = {"ddp_programs": DoubleDegreeProgramme, "sop_programs": JointProgramme,
                "kz_hei_branches_abroad": Presence, "foreign_hei_branches_in_kz": Presence}


def partner_key(row) -> str:
    if row.partner_id:
        return row.partner_id
    return re.sub(r"\W+", " ", (row.partner_raw or "").casefold()).strip()


def lookalike_code(row) -> bool:
    codes = pc.find_programme_codes(row.programme_raw or "")
    return any(c.repaired for c in codes)


@check(
    "duplicate_rows",
    Severity.WARNING,
    _("Rows reported twice"),
    gettext_noop("Keep one of the rows and ask the HEI to correct its submission."),
)
def duplicate_rows(year: int) -> list[Finding]:
    findings = []
    for model, statistic in PROGRAMME_MODELS:
        groups = defaultdict(list)
        rows = current(model, year).exclude(programme_code="").order_by("institution_id", "source_sheet", "source_row", "pk")
        for row in rows:
            groups[(row.institution_id, partner_key(row), row.programme_code, row.level)].append(row)
        for (institution, _partner, code, _level), same in groups.items():
            if len(same) < 2 or not _partner:
                continue
            lookalike = any(lookalike_code(r) for r in same)
            findings.append(Finding(
                check="duplicate_rows",
                severity=Severity.WARNING,
                msgid=(ngettext_noop("%(model)s: %(count)d row of %(hei)s with the same partner (%(partner)s), code %(code)s and level; one code is typed with a Cyrillic look-alike letter",
                                     "%(model)s: %(count)d rows of %(hei)s with the same partner (%(partner)s), code %(code)s and level; one code is typed with a Cyrillic look-alike letter", "count")
                       if lookalike else
                       ngettext_noop("%(model)s: %(count)d row of %(hei)s with the same partner (%(partner)s), code %(code)s and level",
                                     "%(model)s: %(count)d rows of %(hei)s with the same partner (%(partner)s), code %(code)s and level", "count")),
                params={"model": model._meta.verbose_name_plural, "count": len(same), "hei": institution,
                        "partner": same[0].partner_raw[:60] or same[0].partner_id, "code": code},
                statistic=statistic,
                institution_id=institution,
                records=[record_ref(r) for r in same],
            ))
        across = defaultdict(list)
        for row in rows.exclude(contract_date=None):
            across[(partner_key(row), row.programme_code, row.level, row.contract_date, row.enrolment)].append(row)
        for key, same in across.items():
            heis = {r.institution_id for r in same}
            if len(heis) > 1 and key[0]:
                findings.append(Finding(
                    check="duplicate_rows",
                    severity=Severity.WARNING,
                    msgid=gettext_noop("%(model)s: the same row (partner %(partner)s, code %(code)s, contract date, enrolment) is reported by %(heis)s"),
                    params={"model": model._meta.verbose_name_plural, "partner": same[0].partner_raw[:60],
                            "code": key[1], "heis": ", ".join(sorted(heis))},
                    statistic=statistic,
                    records=[record_ref(r) for r in same],
                ))
    findings.extend(repeated_import_rows(year))
    return findings


def repeated_import_rows(year: int) -> list[Finding]:
    """Rows of the legacy tables that repeat an earlier row: the import stored them once and kept a note."""
    from intlmon.collection.legacy import repeated_rows

    findings = []
    for entry in repeated_rows(year):
        table = entry["table"].removesuffix(".csv")
        model = TABLE_MODELS.get(table)
        stored = None
        if model is not None:
            stored = current(model, year).filter(source_sheet=entry["table"], source_row=entry["repeats"],
                                                 institution_id=entry["institution"]).first()
        what = ""
        if stored is not None:
            what = getattr(stored, "programme_code", "") or getattr(stored, "programme_raw", "")[:50] or getattr(stored, "name", "")[:60]
        repeat = RecordRef(model=model.__name__ if model else table, pk=0, sheet=entry["table"], row=entry["row"],
                           institution_id=entry["institution"])
        findings.append(Finding(
            check="duplicate_rows",
            severity=Severity.WARNING,
            msgid=(gettext_noop("%(table)s: row %(row)s (line %(lines)s) repeats row %(repeats)s (line %(repeats_lines)s) of %(hei)s, %(what)s; stored once, the repeat is spelled with Cyrillic look-alike letters")
                   if entry.get("lookalike") else
                   gettext_noop("%(table)s: row %(row)s (line %(lines)s) repeats row %(repeats)s (line %(repeats_lines)s) of %(hei)s, %(what)s; stored once")),
            params={"table": entry["table"], "row": entry["row"], "lines": entry.get("lines", ""),
                    "repeats": entry["repeats"], "repeats_lines": entry.get("repeats_lines", ""),
                    "hei": entry["institution"], "what": what or "—"},
            statistic=statistic_of_table(table),
            institution_id=entry["institution"],
            records=[*([record_ref(stored)] if stored is not None else []), repeat],
        ))
    return findings


def table_of(source: str) -> str:
    match = re.search(r"; ([\w+]+)\.csv row", source or "")
    return match.group(1) if match else ""


@check(
    "duplicate_published_rows",
    Severity.WARNING,
    _("One country or HEI on two rows of a published table"),
    gettext_noop("Merge the rows (they name the same country or HEI) and recompute the table's totals."),
)
def duplicate_published_rows(year: int) -> list[Finding]:
    groups = defaultdict(list)
    for fig in figures(year).exclude(statistic__startswith="stated:"):
        table = table_of(fig.source)
        key = fig.dimension.get("institution") or fig.dimension.get("country")
        if table and key and not table.startswith("report_"):  # quotes of earlier years repeat on purpose
            groups[(table, fig.statistic, fig.period_id, key)].append(fig)
    findings = []
    for (table, statistic, _period, key), same in groups.items():
        if len(same) < 2 or statistic.endswith("_enrolment"):
            continue
        institution = same[0].dimension.get("institution")
        findings.append(Finding(
            check="duplicate_published_rows",
            severity=Severity.WARNING,
            msgid=ngettext_noop("%(table)s lists %(key)s on %(count)d row: %(labels)s",
                                "%(table)s lists %(key)s on %(count)d rows: %(labels)s", "count"),
            params={"table": table, "key": key, "count": len(same), "labels": "; ".join(f.label for f in same)},
            statistic=statistic_of_figure(statistic, same[0].dimension, same[0].value_raw),
            institution_id=institution, names={"key": "institution" if institution else "country"},
            figures=[figure_ref(f) for f in same],
        ))
    return findings
