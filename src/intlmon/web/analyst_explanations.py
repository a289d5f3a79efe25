"""Explanations of audit findings (issue 12, Deliver 3): the list, a form to add one, withdrawing one.

Adding is `quality.explanations.explain` — the same checks and refusals as `intlmon explain` (unknown
check, HEI or statistic, a year without data, no such finding, already explained) — and withdrawing is
`explanations.withdraw`; the view shows their message when they refuse. Both are written to the audit
log with the user. The Ministry's viewer reads the list (explanations become report footnotes) and
acts on nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intlmon.quality.explanations import ExplanationRefused, explain, listing, withdraw
from intlmon.web.access import require_role
from intlmon.web.analyst_common import DECIDERS, READERS, audited, period_of

FIELDS = ("check", "institution", "statistic", "text")


@require_role(*READERS)
def explanations(request):
    """GET (?year=, and a finding's check/institution/statistic to fill in the form): every explanation
    valid for the year, withdrawn ones included; POST (the Centre): add one."""
    period = period_of(request)
    year = period.year if period else None
    form = {k: request.GET.get(k, "") for k in FIELDS}
    if request.method == "POST":
        if request.actor.role not in DECIDERS:
            raise PermissionDenied
        form = {k: request.POST.get(k, "") for k in FIELDS}
        year = int(request.POST["year"]) if request.POST.get("year", "").isdigit() else year
        if year is None:
            raise Http404
        try:
            with audited(request, "explain", year=year, check=form["check"], institution=form["institution"],
                         statistic=form["statistic"]) as detail:
                stored = explain(form["check"], year, form["text"], request.actor.name,
                                 institution_id=form["institution"] or None, statistic=form["statistic"])
                detail["explanation"] = stored.pk
        except ExplanationRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Explanation %(id)s stored.") % {"id": stored.pk})
            return redirect(f"{reverse('web:analyst-explanations')}?year={year}")
    shown = listing(year, include_withdrawn=True) if year is not None else []
    return render(request, "web/analyst/explanations.html", {
        "period": period, "year": year, "explanations": shown, "form": form,
        "can_decide": request.actor.role in DECIDERS,
    })


@require_POST
@require_role(*DECIDERS)
def withdraw_explanation(request, pk: int):
    """POST: withdraw explanation `pk` (the library refuses an unknown or already withdrawn one)."""
    try:
        with audited(request, "explain_withdraw", explanation=pk):
            withdraw(pk, by=request.actor.name)
    except ExplanationRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Explanation %(id)s withdrawn.") % {"id": pk})
    year = request.POST.get("year", "")
    return redirect(reverse("web:analyst-explanations") + (f"?year={year}" if year.isdigit() else ""))
