"""The completeness and timeliness board of a period (issue 12, Deliver 3), for the Centre and the Ministry.

Every count and rate on the page is `analytics.completeness.completeness_board` (the same board as
`intlmon submission board`); the view only picks the period and links each HEI to the review page of
its current version when this user may see it (`workflow.visible_to`).
"""

from __future__ import annotations

from django.shortcuts import render

from intlmon.analytics.completeness import STATE_LABELS, State, completeness_board
from intlmon.analytics.read import Reader
from intlmon.collection.models import Submission
from intlmon.collection.workflow import visible_to
from intlmon.records.models import ReportingPeriod
from intlmon.web.access import require_role
from intlmon.web.analyst_common import READERS, page_language, period_of


@require_role(*READERS)
def board(request):
    """GET (?year=): totals, rates, by category and by city, then each HEI's state."""
    period = period_of(request)
    context = {"period": period, "years": ReportingPeriod.objects.order_by("-year").values_list("year", flat=True)}
    if period is not None:
        lang = page_language()
        result = completeness_board(period.year, lang=lang)
        data = result.as_dict()
        no_region = Reader(period.year).label("region", "", lang)
        groups = [("category", row["label"], result.by_category[row["category"]]) for row in data["by_category"]]
        groups += [("region", code or no_region, tally) for code, tally in result.by_region.items()]
        reviewable = dict(visible_to(request.actor, Submission.objects.filter(period=period, is_current=True))
                          .values_list("institution_id", "pk"))
        context.update({
            "board": result, "data": data, "groups": groups,
            "states": [(str(s), STATE_LABELS[s]) for s in State],
            "rows": [(row, reviewable.get(row.institution), STATE_LABELS[row.state]) for row in result.rows],
        })
    return render(request, "web/analyst/board.html", context)
