"""The index's two figures as Vega-Lite specs (Altair), rendered like every report chart by
`reports.charts` (vl-convert, DejaVu Sans): the ranking with each rank's Q5–Q95 band drawn as an
interval, and the Sobol sensitivity indices of the uncertain choices."""

from __future__ import annotations

import altair as alt

from intlmon.reports.charts import (
    LABEL_FONT_PX,
    PAGE_WIDTH_PX,
    PRIMARY,
    SERIES_COLOURS,
    ChartSpec,
    _finish,
)

STEP_PX = 18
LABEL_PX = 130


def rank_bands(rows: list[dict], title: str, rank_title: str, lang: str) -> ChartSpec:
    """rows: {"label", "rank", "q5", "q95", "median"} best first. A grey interval from Q5 to Q95, a dot at
    the rank, a tick at the median rank; rank 1 on the left."""
    values = [{**r, "order": i} for i, r in enumerate(rows)]
    last = max((r["q95"] for r in rows), default=1)
    y = alt.Y("label:N", sort=alt.SortField("order"), title=None,
              axis=alt.Axis(labelLimit=LABEL_PX, labelFontSize=LABEL_FONT_PX))
    x_scale = alt.Scale(domain=[0.5, last + 0.5], nice=False, zero=False)
    # every rank labelled while there are few (a ranking of two showed only "1"), else 1, 5, 10, …
    ticks = list(range(1, int(last) + 1)) if last < 10 else [1, *range(5, int(last) + 1, 5)]
    base = alt.Chart(alt.Data(values=values))
    band = base.mark_rule(strokeWidth=5, color="#b7c9d8").encode(
        y=y, x=alt.X("q5:Q", title=rank_title, scale=x_scale,
                     axis=alt.Axis(tickMinStep=1, format="d", values=ticks)), x2="q95:Q")
    median = base.mark_tick(color=SERIES_COLOURS[1], thickness=2, size=10).encode(y=y, x=alt.X("median:Q", scale=x_scale))
    rank = base.mark_circle(color=PRIMARY, size=40, opacity=1).encode(
        y=y, x=alt.X("rank:Q", scale=x_scale),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("rank:Q", title=rank_title),
                 alt.Tooltip("q5:Q"), alt.Tooltip("q95:Q")])
    height = max(STEP_PX * len(rows), 60)
    chart = alt.layer(band, median, rank).properties(width=PAGE_WIDTH_PX - LABEL_PX - 20, height=height)
    alt_text = f"{title}. " + "; ".join(f"{r['label']}: {r['rank']} ({r['q5']:g}–{r['q95']:g})" for r in rows[:5])
    return _finish(chart, title=title, alt_text=alt_text, lang=lang, height=height)


def sobol(rows: list[dict], title: str, value_title: str, lang: str) -> ChartSpec:
    """rows: {"input", "index" (S1 or ST label), "value"} — grouped horizontal bars per input."""
    height = max(18 * len(rows), 60)
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        y=alt.Y("input:N", title=None, sort=list(dict.fromkeys(r["input"] for r in rows)),
                axis=alt.Axis(labelFontSize=LABEL_FONT_PX, labelLimit=LABEL_PX)),
        yOffset=alt.YOffset("index:N"),
        x=alt.X("value:Q", title=value_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".1f", tickCount=5)),
        color=alt.Color("index:N", title=None, scale=alt.Scale(range=SERIES_COLOURS[:2]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("input:N"), alt.Tooltip("index:N"), alt.Tooltip("value:Q", format=".2f")],
    ).properties(width=PAGE_WIDTH_PX - LABEL_PX - 20, height=height)
    alt_text = f"{title}. " + "; ".join(f"{r['input']} {r['index']}: {r['value']:.2f}" for r in rows)
    return _finish(chart, title=title, alt_text=alt_text, lang=lang, height=height)
