"""Correct, delete or add one row in the browser: a new draft version through the workbook's own validation.

How: the version is written back as a collection workbook (`template.write_template` with every row
of every section, from `cells.record_cells`), the clerk's edit is applied to those rows (cells typed as
raw strings, exactly what they would type into Excel), and the bytes go through `ingest.ingest_file`,
the same function an uploaded workbook goes through.

Why not call `validate_and_convert` on a hand-made reader result, or validate just the one row? Because
the workbook path *is* the definition of valid: the reader's own checks (numbers out of range), the
conversion of every cell kind, the row rules, the checks across rows (a corrected row that now repeats
another one is a `duplicate_row`), warnings to confirm, the unknown-partner queue, the locked-period
refusal, the role checks and the atomic store all live there. A second path would be a second validator
that drifts from the first. The cost is re-reading a whole workbook per correction: a few hundred rows,
well under a second.

The result carries the ingest's problems in the one problem shape (`problems.Problem`); with any error,
or a warning not yet confirmed, nothing is stored. Warnings the base version's uploader confirmed stay
confirmed (they were about rows the clerk did not touch). Refusals that come before validation (not the
current version, no such row, nothing changed, imported tables) are problems of this module's rules
(`CORRECT_RULES`), in the same shape.

Imported consolidated tables (origin=import) are refused: they are the Centre's published record, most
of them hold project *counts* a workbook row cannot express, and their legacy rows lack cells today's
form requires (34 `required` errors over the 35 expressible 2023 versions), so a clerk would be shown
errors in rows they never typed. An HEI replaces them by uploading a workbook (docs/workflow.md).

Only the HEI's *current* version can be corrected: a correction of an older version would quietly
drop everything the later versions changed. That is checked twice: before rebuilding (`correct.not_current`)
and again inside the store's transaction (`expected_version`), since another upload may land while the
workbook is rebuilt and validated; then nothing is stored and the problem is `version_changed`.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_noop

from intlmon.collection.cells import cell_text, record_cells, records_of
from intlmon.collection.ingest import IngestResult, ingest_file
from intlmon.collection.models import AuditEntry, Submission
from intlmon.collection.problems import LANGS, Label, Problem, Rule, Severity
from intlmon.collection.sections import SECTIONS, Section, section
from intlmon.collection.template import FIRST_DATA_ROW, sheet_name, write_template
from intlmon.collection.workflow import Actor

E = Severity.ERROR
CORRECT_RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        Rule("correct.not_current", E, gettext_noop(
            "Version %(version)s has been replaced by version %(current)s; only the current version can be "
            "corrected."), gettext_noop("Open the current version and correct it there.")),
        Rule("correct.no_row", E, gettext_noop("Version %(version)s has no such row in the section '%(section)s'.")),
        Rule("correct.unchanged", E, gettext_noop(
            "The row already has these values; nothing was changed and no version was made.")),
        Rule("correct.imported", E, gettext_noop(
            "Version %(version)s is the Centre's imported consolidated tables, which are not corrected row by row."),
             gettext_noop("Download the template, fill it in and upload it instead.")),
    ]
}


@dataclass
class Correction:
    """What a correction did: the ingest's result (problems, to_confirm, stored) and where the row went."""

    base: Submission
    section: str
    action: str  # "edit", "delete" or "add"
    sheet: str = ""  # where the edited or added row stands in the rebuilt workbook (its problems name it)
    row: int | None = None
    problems: list[Problem] = field(default_factory=list)
    ingest: IngestResult | None = None
    lang: str = "ru"

    @property
    def stored(self) -> Submission | None:
        return self.ingest.stored.submission if self.ingest and self.ingest.stored else None

    @property
    def to_confirm(self) -> list[str]:
        return self.ingest.to_confirm if self.ingest else []

    def row_problems(self) -> list[Problem]:
        """The problems of the corrected or added row (what a form shows beside its fields)."""
        return [p for p in self.problems if p.sheet == self.sheet and p.row == self.row and self.row is not None]

    def as_dict(self, lang: str | None = None) -> dict:
        lang = lang or self.lang
        return {
            "institution": self.base.institution_id, "year": self.base.period.year,
            "base_version": self.base.version, "section": self.section, "action": self.action,
            "sheet": self.sheet, "row": self.row,
            "version": self.stored.version if self.stored else None,
            "to_confirm": self.to_confirm,
            "errors": sum(p.is_error for p in self.problems),
            "warnings": sum(p.severity is Severity.WARNING for p in self.problems),
            "problems": [p.as_dict(lang) for p in self.problems],
        }


def correct_row(submission: Submission, section_key: str, record_id: int, values: dict[str, str], actor: Actor,
                lang: str = "ru", confirmed: list[str] | None = None, accept_warnings: bool = False) -> Correction:
    """Give the row `record_id` of `section_key` the typed `values` (column key → text; '' empties a cell)."""
    return _apply(submission, section_key, "edit", actor, lang, confirmed, accept_warnings,
                  record_id=record_id, values=values)


def delete_row(submission: Submission, section_key: str, record_id: int, actor: Actor, lang: str = "ru",
               confirmed: list[str] | None = None, accept_warnings: bool = False) -> Correction:
    """The version without the row `record_id` of `section_key`, as a new draft version."""
    return _apply(submission, section_key, "delete", actor, lang, confirmed, accept_warnings, record_id=record_id)


def add_row(submission: Submission, section_key: str, values: dict[str, str], actor: Actor, lang: str = "ru",
            confirmed: list[str] | None = None, accept_warnings: bool = False) -> Correction:
    """The version with one more row of `section_key` (column key → typed text), as a new draft version."""
    return _apply(submission, section_key, "add", actor, lang, confirmed, accept_warnings, values=values)


def _apply(submission: Submission, section_key: str, action: str, actor: Actor, lang: str,
           confirmed: list[str] | None, accept_warnings: bool, record_id: int | None = None,
           values: dict[str, str] | None = None) -> Correction:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    target = section(section_key)  # KeyError: the caller named a section that does not exist
    unknown = set(values or {}) - set(target.column_keys)
    if unknown:
        raise ValueError(f"{section_key} has no column(s) {', '.join(sorted(unknown))}")
    base = Submission.objects.select_related("period", "institution").get(pk=submission.pk)
    result = Correction(base=base, section=section_key, action=action, lang=lang, sheet=sheet_name(target, lang))
    refusal = _refusal(base, target, record_id, lang)
    if refusal is not None:
        result.problems.append(refusal)
        return result
    rows, index = _rows(base, target, record_id)
    section_rows = rows.setdefault(section_key, [])
    if action == "edit":
        typed = {k: (v or "").strip() for k, v in (values or {}).items()}
        if all(typed[k] == cell_text(target.column(k), section_rows[index].get(k), lang) for k in typed):
            result.problems.append(CORRECT_RULES["correct.unchanged"].at(sheet=result.sheet,
                                                                         row=FIRST_DATA_ROW + index))
            return result
        section_rows[index].update({k: v or None for k, v in typed.items()})
    elif action == "delete":
        del section_rows[index]
        index = None
    else:
        section_rows.append({k: (v or "").strip() or None for k, v in (values or {}).items()})
        index = len(section_rows) - 1
    result.row = FIRST_DATA_ROW + index if index is not None else None
    keep = list(dict.fromkeys([*(base.confirmed_warnings or []), *(confirmed or [])]))
    with tempfile.TemporaryDirectory(prefix="intlmon-correct-") as tmp:
        path = write_template(Path(tmp) / f"{base.institution_id}-{base.period.year}-v{base.version}-{action}.xlsx",
                              base.period.year, lang=lang, institution=base.institution, rows=rows)
        result.ingest = ingest_file(path, base.period.year, base.institution_id, lang=lang, actor=actor,
                                    confirmed=keep, accept_warnings=accept_warnings, expected_version=base.version)
    result.problems.extend(result.ingest.problems)
    if result.stored is not None:
        AuditEntry.objects.create(actor=actor.name, action=f"correct_{action}", submission=result.stored, detail={
            "role": str(actor.role), "institution": actor.institution_id, "base_version": base.version,
            "version": result.stored.version, "section": section_key, "record": record_id,
            "cells": {k: v for k, v in (values or {}).items()},
        })
    return result


def _refusal(base: Submission, target: Section, record_id: int | None, lang: str) -> Problem | None:
    if not base.is_current:
        current = Submission.objects.filter(institution_id=base.institution_id, period_id=base.period_id,
                                            is_current=True).values_list("version", flat=True).first()
        return CORRECT_RULES["correct.not_current"].at(version=base.version, current=current)
    if base.origin == Submission.Origin.IMPORT:
        return CORRECT_RULES["correct.imported"].at(version=base.version)
    if record_id is not None and not records_of(base, target).filter(pk=record_id).exists():
        return CORRECT_RULES["correct.no_row"].at(version=base.version, section=Label.of(target.titles))
    return None


def _rows(base: Submission, target: Section, record_id: int | None) -> tuple[dict[str, list[dict]], int | None]:
    """Every section's rows of the version as template cells, and the index of `record_id` among its section's."""
    rows: dict[str, list[dict]] = {}
    index = None
    for s in SECTIONS:
        records = list(records_of(base, s))
        if records:
            rows[s.key] = [record_cells(s, r) for r in records]
        if s.key == target.key and record_id is not None:
            index = next(i for i, r in enumerate(records) if r.pk == record_id)
    return rows, index
