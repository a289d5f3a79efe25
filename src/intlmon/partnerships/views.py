"""The portal's read-only pages of strategic partnerships (issue 15): the register with the year's national
summary, and one partnership's scorecard. Every state and count is `partnerships.assess` (the CLI's and the
report's); `access.visible_to` decides which partnerships the user sees (a clerk: their HEI's; else 404)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from intlmon.partnerships import assess as scoring
from intlmon.partnerships.access import visible_to
from intlmon.partnerships.criteria import CRITERIA, MET, NO_EVIDENCE, NOT_APPLICABLE, NOT_MET
from intlmon.partnerships.report import heading_of
from intlmon.records.models import ReportingPeriod
from intlmon.web.access import require_role
from intlmon.web.analyst_common import page_language, period_of

STATES = (MET, NOT_MET, NO_EVIDENCE, NOT_APPLICABLE)


def _context(request):
    period = period_of(request)
    years = ReportingPeriod.objects.order_by("-year").values_list("year", flat=True)
    return period, {"period": period, "years": years, "states": [(s, scoring.state_label(s)) for s in STATES]}


@require_role()
def register(request):
    """GET (?year=): the national summary of the partnerships this user sees, then each partnership's tally."""
    period, context = _context(request)
    if period is not None:
        lang = page_language()
        cards = scoring.assess_all(period.year, visible_to(request.actor))
        totals = scoring.summary(cards)
        context.update({
            "cards": [(c, heading_of(c.partnership, lang), scoring.model_label(c.partnership.model),
                       [c.count(s) for s in STATES]) for c in cards],
            "per_model": [(scoring.model_label(m), n) for m, n in totals["per_model"].items()],
            "per_criterion": [(c.text[lang], [totals["per_criterion"][c.id][s] for s in STATES]) for c in CRITERIA],
            "total": totals["partnerships"],
        })
    return render(request, "partnerships/register.html", context)


@require_role()
def scorecard(request, pk: int):
    """GET (?year=): one partnership's facts and every criterion with its state and evidence; 404 when unseen."""
    partnership = visible_to(request.actor).filter(pk=pk).first()
    if partnership is None:
        raise Http404
    period, context = _context(request)
    context["partnership"] = partnership
    context["title"] = heading_of(partnership, page_language())
    context["model"] = scoring.model_label(partnership.model)
    if period is not None:
        lang = page_language()
        card = scoring.assess(partnership, period.year)
        context["rows"] = [(c.text[lang], o.state, scoring.state_label(o.state),
                            [scoring.describe(e, lang) for e in o.evidence]) for c, o in card.results]
    return render(request, "partnerships/scorecard.html", context)
