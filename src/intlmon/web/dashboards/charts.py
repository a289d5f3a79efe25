"""The reports' charts on a page: the same Vega-Lite spec for vega-embed, and its SVG as the fallback.

`ChartBlock` carries the spec (passed to the page with `json_script`, so no inline script is needed
under the CSP), the SVG the reports draw with vl-convert (`reports.formats.chart_svg`, cached per
spec) shown until vega-embed replaces it or when scripts are off, and the text alternative. The SVG is
an `<img>` with a data URI: inline, its `style` attributes would be refused by the CSP (style-src
without 'unsafe-inline'), an image's own styles are not.

A chart of a page with many variants (an HEI's peers and trends: one page per HEI, year and language) or
one drawn again after every approval (the overview's map and trends) is *linked* instead (`link=`): its
SVG is drawn only when a browser without scripts (`<noscript>`) or one whose vega-embed failed asks for it
at that address (`views.hei_chart`, `views.overview_chart`). Drawing an SVG with vl-convert costs 40–180 ms
of CPU (the world map ~0.9 s), most of such a page's first request, and a browser with scripts never shows it.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.utils.translation import gettext as _

from intlmon.reports import charts, maps
from intlmon.reports.charts import ChartSpec
from intlmon.reports.formats import chart_svg


@dataclass
class ChartBlock:
    key: str  # the element id of the chart on its page
    spec: dict
    svg_uri: str  # data:image/svg+xml;base64,…
    alt: str
    title: str
    lang: str
    linked: bool = False  # svg_uri is the address where the SVG is drawn on request, not the SVG itself

    @classmethod
    def of(cls, key: str, chart: ChartSpec, link: str | None = None) -> ChartBlock:
        """The block of `chart`; with `link` (the address of the chart's SVG) nothing is drawn now."""
        if link is not None:
            return cls(key, chart.spec, link, chart.alt, chart.title, chart.lang, linked=True)
        svg = base64.b64encode(chart_svg(chart).encode("utf-8")).decode("ascii")
        return cls(key, chart.spec, f"data:image/svg+xml;base64,{svg}", chart.alt, chart.title, chart.lang)

    def svg(self) -> str:
        """The SVG of the spec (drawn by the reports' vl-convert, kept per spec: `reports.chart_images`)."""
        return chart_svg(self)

    @property
    def spec_id(self) -> str:
        return f"{self.key}-spec"

    @property
    def data(self) -> dict:
        """What static/web/js/dashboard-charts.js reads: the spec and the number format of the language."""
        return {"spec": self.spec, "locale": charts.format_locale(self.lang)}


def partner_map(values: dict, names: dict[str, str], lang: str, home_label: str,
                link: str | None = None) -> ChartBlock:
    title = _("Partner countries of international agreements")
    return ChartBlock.of("chart-map", maps.world_map(values, title, lang, legend_title=_("agreements"), names=names,
                                                     home_label=home_label, no_data_label=_("no agreements")), link)


def trend(key: str, title: str, points: dict[int, object], y_title: str, lang: str,
          link: str | None = None) -> ChartBlock:
    return ChartBlock.of(key, charts.line_chart({title: points}, title, _("Year"), y_title, lang), link)


def bars(key: str, title: str, items: list[tuple[str, object]], y_title: str, lang: str,
         highlight: str | None = None, link: str | None = None) -> ChartBlock:
    return ChartBlock.of(key, charts.bar_chart(items, title, "", y_title, lang, highlight=highlight), link)
