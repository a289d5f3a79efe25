"""Everything an analyst reads before approving or returning one version of an HEI's submission.

`review_data(submission, lang)` gathers, for the portal's review page (issue 12):

1. **Its problems.** What is stored with a version is the list of warning rules its uploader confirmed
   (`Submission.confirmed_warnings`, also in the upload's audit entry). Where they were is not stored,
   but the original file is (`Submission.file_content`), so the file is read again through the
   upload's own functions (`reader.read_workbook` + `ingest.validate_and_convert`, nothing stored, no
   review-queue entry): each problem with sheet, row, column and value, in the one problem shape. They
   are today's verdict (a partner name confirmed since the upload no longer shows as unknown).
   Imported tables have no file: their problems are None, not [].
2. **The audit findings for the HEI in the year**, and
3. **Year-on-year changes** of the HEI's main figures (the institution profile's indicators) against
   its last year with an approved (counted) version, worded by `analytics.yoy`.

   Both are read as if *this* version were the counted one, since an analyst reviews a version before
   it counts. The rule of what counts lives in one place (`analytics.scope`) and is not copied here:
   `as_if_counted` lets the database show this version as the HEI's current approved one inside a
   transaction that is always rolled back, and the audit (`quality.audit.run_audit`) and the read
   service (`analytics.read.Reader`) run unchanged inside it. Nothing of it is ever committed; other
   connections never see it (on PostgreSQL the HEI's version rows stay locked for the time of the
   computation, so a transition of this HEI waits for it; SQLite holds its write lock as long).
   The audit covers every HEI of the year and is filtered on the institution: a finding names it
   (`Finding.institution_id`) or one of its records does (`RecordRef.institution_id`).
4. **The difference from its previous version** (`collection.diff.diff_versions`), None for a first
   version.
"""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import translation

from intlmon.collection.models import Submission
from intlmon.collection.problems import Problem, Severity

Number = int | Decimal


@contextmanager
def as_if_counted(submission: Submission):
    """Inside the block the statistics and the audit count `submission` for its HEI and period.

    The version is made the HEI's current one and approved, in a transaction that is rolled back on
    leaving the block whatever happens (see the module docstring for why, and what it locks).
    """
    from intlmon.analytics import registry

    memo = registry._memo.set({})  # a fresh cache: nothing computed here may serve a caller's outer session
    with transaction.atomic():
        siblings = Submission.objects.filter(institution_id=submission.institution_id, period_id=submission.period_id)
        siblings.filter(is_current=True).exclude(pk=submission.pk).update(is_current=False)
        siblings.filter(pk=submission.pk).update(is_current=True, status=Submission.Status.APPROVED)
        try:
            yield
        finally:
            transaction.set_rollback(True)
            registry._memo.reset(memo)


@dataclass
class FigureChange:
    """One main figure of the HEI: the previous counted year's value and this version's."""

    key: str
    title: str
    old: Number | None  # None: not stated that year
    new: Number | None
    change: str  # analytics.yoy's wording ('' when either side is not stated)

    def as_dict(self) -> dict:
        from intlmon.analytics.read.figure import json_number

        return {"key": self.key, "title": self.title, "old": json_number(self.old), "new": json_number(self.new),
                "change": self.change}


@dataclass
class ReviewData:
    submission: Submission
    lang: str
    confirmed_warnings: list[str]  # rule ids the uploader confirmed, as stored with the version
    problems: list[Problem] | None  # the kept file read again; None when the version has no file
    findings: list = field(default_factory=list)  # quality.findings.Finding of this HEI and year
    previous_year: int | None = None  # the HEI's last earlier year with a counted version
    changes: list[FigureChange] = field(default_factory=list)
    diff: object | None = None  # collection.diff.VersionDiff against the previous version, None for v1

    @property
    def institution_id(self) -> str:
        return self.submission.institution_id

    @property
    def year(self) -> int:
        return self.submission.period.year

    def as_dict(self) -> dict:
        sub, lang = self.submission, self.lang
        problems = None if self.problems is None else [p.as_dict(lang) for p in self.problems]
        return {
            "institution": sub.institution_id, "year": self.year, "version": sub.version, "status": sub.status,
            "locked": sub.locked_at is not None, "current": sub.is_current, "origin": sub.origin,
            "comment": sub.comment, "confirmed_warnings": list(self.confirmed_warnings),
            "problems": problems,
            "problem_counts": None if self.problems is None else {
                str(s): sum(p.severity is s for p in self.problems) for s in (Severity.ERROR, Severity.WARNING)},
            "findings": [f.as_dict(lang) for f in self.findings],
            "previous_year": self.previous_year,
            "changes": [c.as_dict() for c in self.changes],
            "diff": None if self.diff is None else self.diff.as_dict(),
        }


def review_data(submission: Submission, lang: str = "ru", *, audit: bool = True) -> ReviewData:
    """The review page's data for one version (see the module docstring). `audit=False` skips the audit."""
    from intlmon.collection.diff import diff_versions

    submission = Submission.objects.select_related("period").get(pk=submission.pk)
    data = ReviewData(submission=submission, lang=lang, confirmed_warnings=list(submission.confirmed_warnings or []),
                      problems=stored_problems(submission))
    previous = (Submission.objects.select_related("period")
                .filter(institution_id=submission.institution_id, period_id=submission.period_id,
                        version__lt=submission.version).order_by("-version").first())
    data.diff = None if previous is None else diff_versions(previous, submission, lang=lang)
    data.previous_year = last_counted_year(submission.institution_id, submission.period.year)
    with as_if_counted(submission):
        whole = submission.origin == Submission.Origin.UPLOAD and not submission.coverage
        data.changes = figure_changes(submission.institution_id, submission.period.year, data.previous_year, lang,
                                      whole_workbook=whole)
        if audit:
            data.findings = institution_findings(submission.institution_id, submission.period.year)
    return data


def stored_problems(submission: Submission) -> list[Problem] | None:
    """The kept file's problems, read again by the upload's own reader and rules; None without a file."""
    from intlmon.collection.ingest import validate_and_convert
    from intlmon.collection.reader import read_workbook

    if not submission.file_content:
        return None
    label = Path(submission.file_name).name or f"v{submission.version}.xlsx"
    with tempfile.TemporaryDirectory(prefix="intlmon-review-") as folder:
        path = Path(folder) / label
        path.write_bytes(bytes(submission.file_content))
        read = read_workbook(path, file_label=label, year=submission.period.year)
        problems = list(read.problems)
        if not any(p.severity is Severity.ERROR for p in problems):
            _records, found, _rows = validate_and_convert(read, submission.period.year, read.lang or "", label)
            problems.extend(found)
    return problems


def last_counted_year(institution_id: str, year: int) -> int | None:
    """The HEI's latest year before `year` with a counted (approved or imported) version."""
    from intlmon.analytics.scope import counted_version

    years = (Submission.objects.filter(institution_id=institution_id, period__year__lt=year)
             .order_by("-period__year").values_list("period__year", flat=True).distinct())
    for earlier in years:
        if counted_version(institution_id, earlier) is not None:
            return earlier
    return None


def figure_changes(institution_id: str, year: int, previous_year: int | None, lang: str,
                   whole_workbook: bool = True) -> list[FigureChange]:
    """The institution profile's indicators for the HEI: `previous_year` → `year`, through the read service.

    Indicators the HEI states in neither year are left out; one side unstated keeps the row without wording.
    With `whole_workbook` (the version is an upload of the HEI's whole activity) an indicator the version
    does not state is 0, not "not stated": the workbook has the section and the HEI left it empty, which is
    exactly the fall ("from 35 to 0") an analyst must see. An earlier year's missing value stays None: the
    tables of years before the system give some figures only by category, not by HEI.
    """
    from intlmon.analytics.read import Reader, session
    from intlmon.analytics.yoy import change
    from intlmon.reports.institution import _indicators

    where = {"institution": institution_id}
    out = []
    with session(), translation.override(lang):
        now = Reader(year)
        before = Reader(previous_year) if previous_year is not None else None
        for key, title, topic in _indicators():
            new = now.slice(topic, where).total()
            if new is None and whole_workbook:
                new = 0
            old = before.slice(topic, where).total() if before is not None else None
            if not new and not old:
                continue
            wording = change(old, new).describe(lang) if old is not None and new is not None else ""
            out.append(FigureChange(key, str(title), old, new, wording))
    return out


def institution_findings(institution_id: str, year: int) -> list:
    """The year's audit findings that concern the HEI: naming it, or one of its records."""
    from intlmon.quality.audit import run_audit

    return [f for f in run_audit(year)
            if f.institution_id == institution_id or any(r.institution_id == institution_id for r in f.records)]
