"""A submission's review page and the Centre's decisions on it (issue 12, Deliver 3).

What the page shows is `quality.review.review_data`: the version's problems (its kept file read again),
the audit findings for the HEI, the year-on-year changes of its main figures against its last approved
year and the difference from its previous version. The decisions — approve, return (a comment is
required), lock, reopen — are `workflow.transition` with the request's `Actor`, which checks the role,
the state and the lock and writes the audit entry; the view only passes on its verdict. A viewer reads
the page (approved versions only, as `workflow.visible_to` says) and gets 403 on every decision.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intlmon.collection.models import Submission
from intlmon.collection.workflow import ACTION_LABELS, TRANSITIONS, Role, TransitionError, history, transition
from intlmon.quality.review import review_data
from intlmon.web import page_cache
from intlmon.web.access import require_role, submission_for
from intlmon.web.analyst_common import DECIDERS, READERS, page_language
from intlmon.web.clerk_pages import _section_view  # the difference laid out as the clerk's page shows it

#: The workflow's actions that the Centre takes (approve, return, lock, reopen), in the table's order.
CENTRE_ACTIONS = tuple(name for name, rule in TRANSITIONS.items() if Role.ANALYST in rule.roles)


def offered(submission: Submission) -> list[dict]:
    """The Centre's actions whose starting state and lock, as the workflow's table declares them, fit the
    version: the buttons the page shows. The workflow still decides when one is pressed."""
    if not submission.is_current:
        return []
    locked = submission.locked_at is not None
    out = []
    for name in CENTRE_ACTIONS:
        rule = TRANSITIONS[name]
        fits = (locked if rule.lock is False else not locked) and submission.status in rule.allowed_from
        if rule.lock is None:  # a judgement of the content: never of imported tables
            fits = fits and submission.origin == Submission.Origin.UPLOAD
        if fits:
            out.append({"name": name, "label": ACTION_LABELS[name], "needs_comment": rule.needs_comment})
    return out


@require_role(*READERS)
def review(request, pk: int):
    """GET: everything an analyst reads before deciding on this version; the decisions for the Centre.

    The audit of the whole year is the slow part (about a second and a half for 83 HEIs), so the page comes
    without it and htmx asks for the findings once it is shown (`?findings=1`, answered with the findings
    section alone); without JavaScript the same address shows the whole page with the findings. What
    `review_data` answers is kept per (version, language, with findings, the HEI's versions) under the
    counted stamp (`hei_versions`). The history below it is read on every request.
    """
    submission = submission_for(request, pk)
    lang = page_language()
    with_findings = request.GET.get("findings") == "1"
    data = page_cache.public("review-data", (submission.pk, lang, with_findings, hei_versions(submission)),
                             lambda: review_data(submission, lang, audit=with_findings))
    context = {
        "submission": data.submission, "data": data, "with_findings": with_findings,
        "can_decide": request.actor.role in DECIDERS,
        "findings": [{"finding": f, "message": f.message(lang), "action": f.action(lang)} for f in data.findings],
    }
    if with_findings and request.headers.get("HX-Request") == "true":
        return render(request, "web/analyst/_findings.html", context)
    by_sheet: dict[str, list[dict]] = defaultdict(list)
    for problem in data.problems or []:
        by_sheet[problem.sheet].append(problem.as_dict(lang))
    entries = history(Submission.objects.filter(pk=submission.pk))
    return render(request, "web/analyst/review.html", {
        **context,
        "sheets": sorted(by_sheet.items(), key=lambda item: item[0] != ""),
        "diff_sections": [_section_view(s, lang) for s in data.diff.sections] if data.diff else [],
        "diff_counts": data.diff.counts() if data.diff else None,
        "entries": [(entry, ACTION_LABELS.get(entry.action, entry.action)) for entry in entries],
        "actions": offered(data.submission) if request.actor.role in DECIDERS else [],
    })


def hei_versions(submission: Submission) -> tuple:
    """Every version of the submission's HEI (all years) as the review page reads them: the part of the
    review's cache key the counted stamp does not hold.

    What `review_data` answers is made of the version itself (its row, file and records: a new version or
    a correction is a new row), its HEI's earlier versions (the difference, the last counted year), and
    counted data of every HEI (the changes and findings "as if this version counted"; the counted stamp,
    with the registry, the periods and the explanations). So it is kept under the counted stamp and this
    fingerprint: a decision, a lock or a new version of this HEI computes it again; another HEI's upload,
    submission or audit entry — every few seconds while the HEIs report — does not.
    """
    return tuple(Submission.objects.filter(institution_id=submission.institution_id).order_by("pk").values_list(
        "pk", "period_id", "version", "status", "origin", "is_current", "locked_at", "uploaded_at", "file_sha256",
        "coverage", "confirmed_warnings", "comment"))


@require_POST
@require_role(*DECIDERS)
def decide(request, pk: int):
    """POST action=approve|return|lock|reopen (+ comment): the workflow applies it or says why not."""
    submission = submission_for(request, pk)
    action = request.POST.get("action", "")
    if action not in CENTRE_ACTIONS:
        return HttpResponseBadRequest(_("Unknown action."))
    try:
        done = transition(submission, action, request.actor, comment=request.POST.get("comment", ""))
    except TransitionError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Version %(version)s of %(hei)s: %(action)s.") % {
            "version": done.version, "hei": done.institution.display_name(page_language()),
            "action": ACTION_LABELS[action]})
    return redirect("web:analyst-review", pk=submission.pk)
