"""The clerk's other pages: the home page's section status and comments, the template download, the
version history, the difference between two versions, and submitting the current version.

Every number and every verdict comes from the collection library: rows per section from
`store.record_counts`, carried rows from `carryover.carried_rows`, the template from
`carryover.prefilled_template`, the difference from `diff.diff_versions`, the submission from
`workflow.transition` (which checks the role, the HEI, the state and the lock, and writes the audit
entry). Versions are fetched through `workflow.visible_to` / `access.submission_for`, so a clerk of
another HEI gets 404.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from intlmon.collection.carryover import carried_rows, prefilled_template, source_version
from intlmon.collection.cells import SECTION_BY_MODEL
from intlmon.collection.diff import NotComparable, diff_versions
from intlmon.collection.models import Submission
from intlmon.collection.sections import SECTIONS, section
from intlmon.collection.store import record_counts
from intlmon.collection.workflow import ACTION_LABELS, Role, TransitionError, history, transition, visible_to
from intlmon.web import page_cache
from intlmon.web.access import require_role, submission_for
from intlmon.web.clerk_upload import XLSX, page_language
from intlmon.web.periods import current_period

ROWS_NEVER_CHANGE = "stored-version"  # the "stamp" of what only a version's own id, file and time decide
COMMENT_ACTIONS = ("return", "approve", "lock", "reopen")  # the Centre's steps a clerk must read
#: The workflow's labels plus the browser corrections' own audit actions (collection.correct), so a
#: history never shows a bare action id.
STEP_LABELS = {
    **ACTION_LABELS,
    "correct_edit": pgettext_lazy("workflow action", "row corrected in the browser"),
    "correct_delete": pgettext_lazy("workflow action", "row deleted in the browser"),
    "correct_add": pgettext_lazy("workflow action", "row added in the browser"),
}


def own_versions(request, period):
    """The clerk's HEI's versions for `period`, newest first (none without a period)."""
    if period is None:
        return Submission.objects.none()
    return visible_to(request.actor, Submission.objects.filter(period=period)).select_related("period") \
        .order_by("-version")


def section_status(submission: Submission | None, lang: str) -> list[dict]:
    """Each section of the workbook with its rows in the version (0 for a section not filled in)."""
    # a version's rows never change (no code updates a stored record; a correction is a new version), so its
    # counts are kept under the version itself — id, file and upload time — with no data stamp to read
    counts = page_cache.public("version-row-counts", _version_key(submission), lambda: record_counts(submission),
                               at=ROWS_NEVER_CHANGE) if submission is not None else {}
    by_section = {SECTION_BY_MODEL[name]: n for name, n in counts.items()}
    return [{"key": s.key, "title": s.titles.get(lang) or s.titles["ru"], "rows": by_section.get(s.key, 0)}
            for s in SECTIONS]


def home_context(request, period) -> dict:
    """What the clerk's home page adds to p1's version list: the current version's sections, what is
    missing, and the Centre's comments on the HEI's versions."""
    lang = page_language()
    versions = own_versions(request, period)
    current = versions.filter(is_current=True).first()
    sections = section_status(current, lang)
    comments = [(entry, ACTION_LABELS.get(entry.action, entry.action)) for entry in history(versions)
                if entry.action in COMMENT_ACTIONS and (entry.detail or {}).get("comment")]
    return {
        "current": current,
        "sections": sections,
        "missing": [s for s in sections if not s["rows"]],
        "comments": list(reversed(comments)),
        "can_submit": current is not None and current.status in (Submission.Status.DRAFT, Submission.Status.RETURNED)
        and current.locked_at is None,
    }


@require_role(Role.CLERK)
def template(request):
    """GET: what the template holds (last year's rows that carry over); with ?download=1 the workbook."""
    period = current_period()
    if period is None:
        raise Http404
    hei = request.actor.institution_id
    lang = request.GET.get("lang") or page_language()
    if lang not in ("kk", "ru", "en"):
        lang = page_language()
    if request.GET.get("download"):
        name = f"{hei}-{period.year}-{lang}.xlsx"
        with tempfile.TemporaryDirectory(prefix="intlmon-template-") as directory:
            content = prefilled_template(Path(directory) / name, period.year, hei, lang=lang).read_bytes()
        return FileResponse(io.BytesIO(content), as_attachment=True, filename=name, content_type=XLSX)
    carried = carried_rows(hei, period.year)
    return render(request, "web/clerk/template.html", {
        "period": period, "source": source_version(hei, period.year), "lang": lang,
        "carried": [(section(key).titles.get(page_language()) or section(key).titles["ru"], len(rows))
                    for key, rows in carried.items()],
    })


@require_role(Role.CLERK)
def versions(request):
    """Every version of the HEI for the period, with who did what, and a form to compare two of them."""
    period = current_period()
    found = list(own_versions(request, period))
    entries = history(Submission.objects.filter(pk__in=[v.pk for v in found]))
    steps: dict[int, list] = {}
    for entry in entries:
        steps.setdefault(entry.submission_id, []).append((entry, STEP_LABELS.get(entry.action, entry.action)))
    return render(request, "web/clerk/versions.html", {
        "period": period, "versions": [(v, steps.get(v.pk, [])) for v in found],
    })


def _version_arg(request, name: str) -> Submission | None:
    raw = request.GET.get(name, "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return submission_for(request, int(raw))


@require_role(Role.CLERK)
def version_diff(request):
    """Rows added, removed and changed per section between two versions (default: the last two)."""
    period = current_period()
    old, new = _version_arg(request, "old"), _version_arg(request, "new")
    choices = list(own_versions(request, period))
    if new is None and choices:
        new = choices[0]
    if old is None and new is not None:
        old = next((v for v in choices if v.version < new.version), None)
    result = None
    if old is not None and new is not None:
        try:
            # both versions passed the HEI check above; a version's rows never change (a correction is a new
            # version), so the difference is kept under the counted stamp (the registry's names and labels it
            # shows), not the whole one that every HEI's upload changes
            result = page_cache.public("version-diff", (*_version_key(old), *_version_key(new), page_language()),
                                       lambda: diff_versions(old, new, lang=page_language()))
        except NotComparable:
            raise Http404 from None
    return render(request, "web/clerk/diff.html", {
        "period": period, "choices": choices, "old": old, "new": new,
        "sections": [_section_view(s, page_language()) for s in result.sections] if result else [],
        "counts": result.counts() if result else None,
    })


def _version_key(version: Submission) -> tuple:
    return (version.pk, version.file_sha256, str(version.uploaded_at))


def _section_view(diff_section, lang: str) -> dict:
    """One section of the difference laid out for a table: headers, and per row its cells with the
    changed ones marked (old → new)."""
    headers = [(c["key"], c["headers"].get(lang) or c["headers"]["ru"]) for c in diff_section.columns]

    def cells(row, changed=()):
        marks = {c.column: c for c in changed}
        return [{"text": row.cells.get(key, ""), "change": marks.get(key)} for key, _header in headers]

    return {
        "key": diff_section.key,
        "title": diff_section.titles.get(lang) or diff_section.titles["ru"],
        "headers": [h for _key, h in headers],
        "added": [(r, cells(r)) for r in diff_section.added],
        "removed": [(r, cells(r)) for r in diff_section.removed],
        "changed": [(r, cells(r, r.changed)) for r in diff_section.changed],
        "unchanged": diff_section.unchanged,
    }


@require_POST
@require_role(Role.CLERK)
def submit(request, pk: int):
    """Submit the HEI's current version to the Centre (the workflow decides whether it may be)."""
    submission = submission_for(request, pk)
    try:
        done = transition(submission, "submit", request.actor, comment=request.POST.get("comment", ""))
    except TransitionError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Version %(version)s has been submitted to the Centre.") % {"version": done.version})
    return redirect("web:clerk-home")

