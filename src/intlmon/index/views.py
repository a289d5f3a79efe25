"""The portal page of the index, `/index/<year>/` (namespace `index`): public, like the dashboards,
because it is computed from counted figures only (its context is kept between requests under the counted
data stamp, `web.page_cache.public`). The ranking with every rank's band (table and the
report's interval chart, drawn by vega-embed with the SVG as fallback), the indicators not computable
and the HEIs screened out with the reason. A year without counted data is 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from intlmon.analytics.read import Reader, session
from intlmon.index import charts
from intlmon.index import framework as fw
from intlmon.index.compute import compute_index
from intlmon.index.present import as_json, pillar_name
from intlmon.index.report import band_text, chart_label, rank_number
from intlmon.registry.models import Institution
from intlmon.web import page_cache
from intlmon.web.dashboards.charts import ChartBlock


def index_page(request, year: int):
    from intlmon.analytics.availability import has_data, years_with_data

    if not has_data(year):
        raise Http404
    lang = (get_language() or "ru")[:2]
    context = page_cache.public("index:page", (year,), lambda: _context(year, lang))
    return render(request, "index/index.html", {**context, "years": years_with_data()})


def _context(year: int, lang: str) -> dict:
    with session():
        reader = Reader(year)
        result = compute_index(year, reader)
        data = as_json(result, lang, reader)
        heis = Institution.objects.in_bulk([r.code for r in result.rows])
        rows = [{**item, "band": band_text(item["rank_q5"], item["rank_q95"], lang),
                 "median": rank_number(item["rank_median"], lang)} for item in data["ranking"]]
        chart = None
        if result.rows:
            chart = ChartBlock.of("chart-index-bands", charts.rank_bands(
                [{"label": chart_label(heis[r.code], lang), "rank": r.rank, "q5": r.q5, "q95": r.q95,
                  "median": r.median} for r in result.rows],
                _("Ranks and their Q5–Q95 bands"), _("Rank"), lang))
    return {"year": year, "data": data, "rows": rows, "chart": chart,
            "pillars": [(p.code, pillar_name(p.code, lang), p.weight) for p in fw.PILLARS],
            "threshold": round(100 * fw.DAT_THRESH)}
