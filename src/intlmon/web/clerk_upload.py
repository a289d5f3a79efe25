"""The clerk's upload: send a workbook, read what is wrong with it on the page, take the annotated copy,
confirm the warnings, and (when stored) go on to submit.

Validation is `ingest.ingest_file`, exactly what `intlmon ingest` runs, with the clerk as the workflow's
actor (so the role, own-HEI and locked-period rules apply and the upload is in the audit log under their
name). Accepting warnings is the same call again on the same file with the rule ids confirmed, as
`intlmon ingest --confirm RULE`. The page is a redirect target (post/redirect/get): reloading it, or
switching the language, shows the same result and never uploads twice.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intlmon.collection.ingest import ingest_file
from intlmon.collection.models import Submission
from intlmon.collection.problems import LANGS
from intlmon.collection.safety import FILE_RULES, MAX_FILE_BYTES, _mb
from intlmon.collection.workflow import Role, TransitionError
from intlmon.web.access import require_role
from intlmon.web.periods import current_period
from intlmon.web.uploads import record_result, save_upload, upload_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def page_language() -> str:
    """The page's language as the collection library names it (kk, ru or en)."""
    lang = (get_language() or "").split("-")[0]
    return lang if lang in LANGS else "ru"


@require_role(Role.CLERK)
def upload(request):
    """GET: the form. POST: validate the workbook for the current period; store it when it passes."""
    period = current_period()
    if request.method == "POST":
        workbook = request.FILES.get("workbook")
        too_large = getattr(request, "upload_too_large", "")  # stopped while arriving (web/upload_limits.py)
        if too_large:
            problem = FILE_RULES["file_too_large"].at(
                too_large, size_mb=_mb(int(request.META.get("CONTENT_LENGTH") or 0)), limit_mb=_mb(MAX_FILE_BYTES))
            shown = problem.as_dict(page_language())
            messages.error(request, f"{shown['message']} {shown['hint'] or ''}".strip())
        elif period is None:
            messages.error(request, _("No reporting period has been opened yet."))
        elif workbook is None:
            messages.error(request, _("Choose the workbook to upload."))
        else:
            saved = save_upload(request, workbook, request.actor.institution_id, period.year)
            try:
                result = ingest_file(saved.original, period.year, request.actor.institution_id,
                                     lang=page_language(), actor=request.actor)
            except TransitionError as refused:  # role or HEI refused by the workflow
                messages.error(request, str(refused))
                return redirect("web:clerk-upload")
            record_result(saved, result)
            return redirect("web:clerk-upload-result", token=saved.token)
    return render(request, "web/clerk/upload.html", {"period": period})


@require_role(Role.CLERK)
def upload_result(request, token: str):
    """The validation result: problems grouped by sheet, the annotated copy, warnings to confirm, submit."""
    saved = upload_for(request, token)
    result = saved.result(page_language())
    by_sheet: dict[str, list[dict]] = defaultdict(list)
    for problem in result["problems"]:
        by_sheet[problem["sheet"]].append(problem)
    stored = identical = None
    if saved.meta.get("stored"):
        stored = Submission.objects.select_related("period").filter(pk=saved.meta["stored"]).first()
    if saved.meta.get("identical"):
        identical = Submission.objects.select_related("period").filter(pk=saved.meta["identical"]).first()
    return render(request, "web/clerk/upload_result.html", {
        "upload": saved, "result": result, "sheets": sorted(by_sheet.items(), key=lambda item: item[0] != ""),
        "stored": stored, "identical": identical, "annotated": saved.annotated is not None,
    })


@require_POST
@require_role(Role.CLERK)
def confirm_warnings(request, token: str):
    """Validate the same file again with the chosen warning rules confirmed (`--confirm RULE`)."""
    saved = upload_for(request, token)
    asked = saved.result(page_language())["to_confirm"]
    confirmed = [rule for rule in request.POST.getlist("confirm") if rule in asked]
    if not confirmed:
        messages.error(request, _("Tick the warnings you have checked and accept."))
        return redirect("web:clerk-upload-result", token=token)
    try:
        result = ingest_file(saved.original, saved.meta["year"], saved.meta["institution"], lang=page_language(),
                             actor=request.actor, confirmed=confirmed)
    except TransitionError as refused:
        messages.error(request, str(refused))
        return redirect("web:clerk-upload-result", token=token)
    record_result(saved, result)
    return redirect("web:clerk-upload-result", token=token)


@require_role(Role.CLERK)
def annotated_workbook(request, token: str):
    """The clerk's own workbook with every problem cell coloured and commented (message and hint)."""
    saved = upload_for(request, token)
    path = saved.annotated
    if path is None:
        raise Http404
    suffix = _("checked")  # the file name says it is the marked copy, in the clerk's language
    return FileResponse(open(path, "rb"), as_attachment=True, filename=f"{path.stem}-{suffix}.xlsx",
                        content_type=XLSX)
