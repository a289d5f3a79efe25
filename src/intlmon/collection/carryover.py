"""The template prefilled with what carries over from last year: agreements still in force, programmes
still running.

An HEI reports most of its agreements and programmes again every year; retyping them is where spelling
drifts and rows go missing. So the template for year Y can start from the HEI's *counted* version of
Y-1 (the latest approved one, `analytics.scope.counted_version`: what the Centre accepted, never a
draft), keeping only the rows that can still be true in Y:

- an agreement or a programme contract is still in force when it is open-ended, renews itself, has no
  known end (the HEI did not say; it is kept for the clerk to confirm or delete) or ends on or after
  1 January of Y;
- the year's own figures are not carried: a programme's enrolment is left empty for the clerk to fill.

The rows are written as the HEI typed them (`cells.record_cells`: raw partner, country, dates and terms),
so the upload re-resolves exactly what was reported. `template.write_template` already writes any
`rows` it is given, so no change to the template writer was needed: `prefilled_template` is the call.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from intlmon.collection.cells import record_cells, records_of
from intlmon.collection.models import Submission
from intlmon.collection.sections import section
from intlmon.collection.template import write_template

#: Sections that carry over, and the cells of each that belong to one year only (left empty).
CARRIED: dict[str, tuple[str, ...]] = {
    "agreements": (),
    "joint_programmes": ("enrolment",),
    "double_degree_programmes": ("enrolment",),
}


def source_version(institution_id: str, year: int) -> Submission | None:
    """The version last year's rows come from: the HEI's counted (approved) version of `year - 1`."""
    from intlmon.analytics.scope import counted_version

    return counted_version(institution_id, year - 1)


def in_force(record, year: int) -> bool:
    """Whether an agreement or programme contract can still be in force during `year`."""
    if record.open_ended or record.auto_renewal:
        return True
    return record.valid_until is None or record.valid_until >= dt.date(year, 1, 1)


def carried_rows(institution_id: str, year: int) -> dict[str, list[dict]]:
    """Section key → template rows carried from the HEI's counted version of `year - 1` ({} when none)."""
    source = source_version(institution_id, year)
    if source is None:
        return {}
    rows: dict[str, list[dict]] = {}
    for key, yearly in CARRIED.items():
        s = section(key)
        found = []
        for record in records_of(source, s):
            if in_force(record, year):
                cells = record_cells(s, record)
                found.append({k: (None if k in yearly else v) for k, v in cells.items()})
        if found:
            rows[key] = found
    return rows


def prefilled_template(path: str | Path, year: int, institution_id: str, lang: str = "ru") -> Path:
    """The HEI's template for `year` in `lang`, with last year's rows that carry over already in it."""
    return write_template(path, year, lang=lang, institution=institution_id, rows=carried_rows(institution_id, year))
