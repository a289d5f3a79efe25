"""The completeness and timeliness board of a period (issue 12, Deliver 3), for the Centre and the Ministry.

Every count and rate on the page is `analytics.completeness.completeness_board` (the same board as
`intlmon submission board`); the view only picks the period and links each HEI to the review page of
its current version when this user may see it (`workflow.visible_to`).

Each HEI's row is drawn by `web/analyst/_board_row.html` and kept in the process by what it shows (`row_html`):
the key is the row's every field (state, version, lock, dates, name …), the review link, the language and
the time zone (a group's counts likewise, by the counts), so a kept row is exactly the HTML the template would draw now — it is never stale, and a
change of any HEI draws that HEI's row again. Drawing the ~130 rows with Django's templates was most of
the page's ~60 ms of CPU; while a period is collected only the rows of the HEIs that uploaded change.
"""

from __future__ import annotations

from dataclasses import fields

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from intlmon.analytics.completeness import STATE_LABELS, HeiStatus, State, Tally, completeness_board
from intlmon.analytics.read import Reader
from intlmon.collection.models import Submission
from intlmon.collection.workflow import visible_to
from intlmon.lib.bounded import Bounded
from intlmon.records.models import ReportingPeriod
from intlmon.web.access import require_role
from intlmon.web.analyst_common import READERS, page_language, period_of

#: rows kept per process (two periods × three languages of ~130 HEIs, and room for the rows that change)
ROWS_KEPT = 4000
_rows = Bounded(ROWS_KEPT)
_FIELDS = tuple(f.name for f in fields(HeiStatus))


def _drawn(key: tuple, template: str, context: dict) -> SafeString:
    """`template` drawn with `context`, kept by `key` (everything the drawing depends on) with the language
    and the time zone added."""
    key = (translation.get_language(), timezone.get_current_timezone_name(), template, *key)
    html = _rows.get(key)
    if html is None:
        html = render_to_string(template, context)
        _rows.put(key, html)
    return mark_safe(html)  # noqa: S308 — our template's output, escaped when it was drawn


def row_html(row: HeiStatus, review: int | None) -> SafeString:
    """One HEI's `<tr>`: kept by everything it shows (see the module's docstring), drawn when not kept."""
    return _drawn((tuple(getattr(row, name) for name in _FIELDS), review), "web/analyst/_board_row.html",
                  {"row": row, "pk": review, "state": STATE_LABELS[row.state]})


def tally_html(tally: Tally) -> SafeString:
    """A group's counts and rates (`<td>`s), kept by the counts they are made of."""
    key = (tally.expected, tuple(sorted(tally.states.items())), tally.locked, tally.reported, tally.on_time,
           tally.late, tally.has_deadline)
    return _drawn(key, "web/analyst/_tally.html", {"t": tally})


@require_role(*READERS)
def board(request):
    """GET (?year=): totals, rates, by category and by city, then each HEI's state."""
    period = period_of(request)
    context = {"period": period, "years": ReportingPeriod.objects.order_by("-year").values_list("year", flat=True)}
    if period is not None:
        lang = page_language()
        result = completeness_board(period.year, lang=lang)
        reader = Reader(period.year)
        no_region = reader.label("region", "", lang)
        groups = [("category", reader.label("category", code, lang), tally_html(tally))
                  for code, tally in result.by_category.items()]
        groups += [("region", code or no_region, tally_html(tally)) for code, tally in result.by_region.items()]
        reviewable = dict(visible_to(request.actor, Submission.objects.filter(period=period, is_current=True))
                          .values_list("institution_id", "pk"))
        context.update({
            "board": result, "totals": tally_html(result.totals), "basis": result.expected.describe(period.year, lang), "groups": groups,
            "states": [(str(s), STATE_LABELS[s]) for s in State],
            "rows": [row_html(row, reviewable.get(row.institution)) for row in result.rows],
        })
    return render(request, "web/analyst/board.html", context)
