"""The portal's pages: plain function views, each guarded by `access` and calling the domain functions.

No view computes or validates anything itself: which versions a user sees is `workflow.visible_to`,
which are current is `store.current_submissions`, their history is `workflow.history`.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from intlmon.collection.models import Submission
from intlmon.collection.store import current_submissions
from intlmon.collection.workflow import ACTION_LABELS, Role, history, visible_to
from intlmon.web.access import require_role, submission_for
from intlmon.web.clerk_pages import home_context  # the clerk home's sections, what is missing, comments
from intlmon.web.periods import current_period

CENTRE_ROLES = (Role.ANALYST, Role.VIEWER, Role.ADMIN)


@require_role()
def home(request):
    """Each role's own start page."""
    return redirect("web:clerk-home" if request.actor.role is Role.CLERK else "web:centre-home")


@require_role(Role.CLERK)
def clerk_home(request):
    """The clerk's HEI: the current period, its deadline and every version of the HEI for that period."""
    period = current_period()
    versions = Submission.objects.none()
    if period is not None:
        versions = visible_to(request.actor, Submission.objects.filter(period=period)).order_by("-version")
    return render(request, "web/clerk_home.html", {
        "period": period,
        "institution": request.user.portal.institution,
        "versions": versions.select_related("period"),
        **home_context(request, period),
    })


@require_role(*CENTRE_ROLES)
def centre_home(request):
    """The Centre's view of the current period: each HEI's current version that this role may see."""
    period = current_period()
    submissions = Submission.objects.none()
    if period is not None:
        submissions = visible_to(request.actor, current_submissions(period.year))
    return render(request, "web/centre_home.html", {
        "period": period,
        "submissions": submissions.select_related("institution", "period").order_by("institution_id"),
    })


@require_role()
def submission_detail(request, pk: int):
    """One version: its state, the Centre's comment and its history (who did what, when)."""
    submission = submission_for(request, pk)
    entries = history(Submission.objects.filter(pk=submission.pk))
    return render(request, "web/submission_detail.html", {
        "submission": submission,
        "entries": [(entry, ACTION_LABELS.get(entry.action, entry.action)) for entry in entries],
    })


@require_POST
def set_language(request):
    """The language switcher: saved on the user's profile (so it follows them) and in the cookie (anonymous)."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    profile = getattr(request.user, "portal", None) if request.user.is_authenticated else None
    if profile is not None and profile.language != language:
        profile.language = language
        profile.save(update_fields=["language"])
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                        samesite="Lax", secure=settings.SESSION_COOKIE_SECURE, httponly=True)
    return response
