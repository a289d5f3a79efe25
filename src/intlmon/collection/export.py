"""Counted records of an HEI written back into the collection template (the demo's upload path).

The versions are those the statistics count (`analytics.scope`: each HEI's latest approved version),
not each HEI's latest upload, which may be a draft nobody approved.

Raw text is written where it was kept (partner, country, dates, terms), so the upload path re-reads
and re-resolves exactly what the HEI typed. Projects imported from legacy per-HEI counts have no
rows to write (the tables give counts, not projects) and are left out, which the demo says.
"""

from __future__ import annotations

from pathlib import Path

from intlmon.collection.models import Submission
from intlmon.collection.template import write_template
from intlmon.records.models import DoubleDegreeProgramme, JointProgramme, Presence

EXPORTABLE = {"joint_programmes": JointProgramme, "double_degree_programmes": DoubleDegreeProgramme, "presences": Presence}


def _country(rec):
    return rec.country_raw or (rec.country if rec.country_id else None)


def programme_row(rec) -> dict:
    return {
        "level": rec.level or None,
        "programme": rec.programme_raw or None,
        "partner": rec.partner_raw or None,
        "country": _country(rec),
        "field": rec.field if rec.field_id else None,
        "contract_date": rec.contract_date_raw or (rec.contract_date.strftime("%d.%m.%Y") if rec.contract_date else None),
        "term": rec.term_raw or None,
        "languages": rec.languages or None,
        "funding": rec.funding or None,
        "enrolment": rec.enrolment,
    }


def presence_row(rec) -> dict:
    return {
        "direction": rec.direction,
        "kind": rec.kind,
        "name": rec.name,
        "partner": rec.partner_raw or None,
        "country": _country(rec),
        "city": rec.city or None,
    }


def rows_for(submission: Submission) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {}
    for key, model in EXPORTABLE.items():
        related = ("country",) if model is Presence else ("country", "field")
        qs = model.objects.filter(submission=submission).select_related(*related).order_by("id")
        convert = presence_row if model is Presence else programme_row
        found = [convert(rec) for rec in qs]
        if found:
            rows[key] = found
    return rows


def write_submissions(year: int, out_dir: Path, lang: str = "ru") -> list[Path]:
    from intlmon.analytics.scope import counted_submissions

    paths = []
    for sub in counted_submissions(year).select_related("institution").order_by("institution_id"):
        rows = rows_for(sub)
        if not rows:
            continue
        path = out_dir / f"{sub.institution_id}.xlsx"
        write_template(path, year, lang=lang, institution=sub.institution, rows=rows)
        paths.append(path)
    return paths


def section_counts(year: int, counted: bool = True) -> dict[str, int]:
    """Rows per exportable section in the counted versions of a year (`counted=False`: in each HEI's
    current version — the demo's upload database, whose freshly uploaded drafts count for nothing yet)."""
    from intlmon.analytics.scope import current

    return {
        key: (current(model, year) if counted else model.objects.filter(submission__is_current=True, period__year=year))
        .count()
        for key, model in EXPORTABLE.items()
    }
