"""The chart builders as they were written with Altair before #17, kept as the reference the dict
builders of `intlmon.reports.charts` and `intlmon.reports.maps` must equal key for key
(`test_chart_dicts.py`): the pictures and their cache keys stay what they were."""

from __future__ import annotations

from numbers import Number

import altair as alt

from intlmon.reports.charts import (
    LABEL_FONT_PX,
    LABEL_WIDTH_PX,
    LINE_HEIGHT_PX,
    MIN_LABELLED_SHARE,
    PAGE_WIDTH_PX,
    PRIMARY,
    SERIES_COLOURS,
    WRAPPED_LABELS,
    ChartSpec,
    _axis_format,
    _babel_locale,
    _bar_step,
    _describe_items,
    _finish,
    _num,
    wrap_label,
)
from intlmon.reports.maps import (
    BORDER_COLOUR,
    CLASS_COLOURS,
    GEOMETRY_SLOT,
    HOME,
    HOME_COLOUR,
    NO_DATA_COLOUR,
    class_breaks,
    class_label,
    geometry,
)


def bar_chart(
    items: list[tuple[str, Number]],
    title: str,
    x_title: str,
    y_title: str,
    lang: str,
    *,
    horizontal: bool = True,
    highlight: str | None = None,
    show_values: bool = True,
) -> ChartSpec:
    """Bars in the given order (callers sort; a ranking keeps its order).

    Horizontal by default: category names (countries, HEIs) are long and read better on the left.
    `x_title` names the categories' axis and `y_title` the values' axis in both orientations.
    `highlight` draws one category (e.g. the HEI of a profile) in a contrasting colour.
    """
    rows = [{"label": wrap_label(label) if horizontal else str(label), "value": _num(value), "order": i}
            for i, (label, value) in enumerate(items)]
    fmt = _axis_format([r["value"] for r in rows])
    data = alt.Data(values=rows)
    sort = alt.SortField("order", order="ascending")
    colour = (
        alt.condition(alt.datum.label == highlight, alt.value(SERIES_COLOURS[1]), alt.value(PRIMARY))
        if highlight is not None
        else alt.value(PRIMARY)
    )
    value_enc = dict(field="value", type="quantitative", title=y_title, axis=alt.Axis(format=fmt, tickMinStep=1))
    cat_enc = dict(field="label", type="nominal", title=x_title or None, sort=sort)
    tooltip = [alt.Tooltip("label:N", title=x_title or " "), alt.Tooltip("value:Q", title=y_title, format=fmt)]
    if horizontal:
        step = _bar_step([r["label"] for r in rows])
        height = max(step * len(rows), 60)
        # the category axis title is left off: it stands beside long labels, and the caption names them
        base = alt.Chart(data).encode(
            y=alt.Y(**{**cat_enc, "title": None},
                    axis=alt.Axis(labelLimit=LABEL_WIDTH_PX, labelExpr=WRAPPED_LABELS, labelLineHeight=LINE_HEIGHT_PX,
                                  labelFontSize=LABEL_FONT_PX)),
            x=alt.X(**value_enc), tooltip=tooltip
        )
        bars = base.mark_bar(height={"band": 0.75}).encode(color=colour)
        layers = [bars]
        if show_values:
            layers.append(base.mark_text(align="left", dx=3, fontSize=10).encode(text=alt.Text("value:Q", format=fmt)))
        chart = alt.layer(*layers).properties(width=PAGE_WIDTH_PX - LABEL_WIDTH_PX - 20, height=height)
    else:
        height = 240
        base = alt.Chart(data).encode(
            x=alt.X(**cat_enc, axis=alt.Axis(labelAngle=-40, labelLimit=120)), y=alt.Y(**value_enc), tooltip=tooltip
        )
        layers = [base.mark_bar().encode(color=colour)]
        if show_values:
            layers.append(base.mark_text(baseline="bottom", dy=-2, fontSize=10).encode(text=alt.Text("value:Q", format=fmt)))
        chart = alt.layer(*layers).properties(width=PAGE_WIDTH_PX - 60, height=height)
    return _finish(chart, title=title, alt_text=f"{title}. {_describe_items(items, lang)}", lang=lang, height=height)


def stacked_bar(
    rows: list[tuple[str, str, Number]],
    title: str,
    x_title: str,
    y_title: str,
    lang: str,
    *,
    legend_title: str = "",
    horizontal: bool = True,
) -> ChartSpec:
    """Bars split into parts: rows are (category, part, value), categories and parts in the given order."""
    name = wrap_label if horizontal else str
    categories = list(dict.fromkeys(name(c) for c, _, _ in rows))
    parts = list(dict.fromkeys(p for _, p, _ in rows))
    values = [
        {"label": name(c), "part": str(p), "value": _num(v), "order": categories.index(name(c)), "porder": parts.index(p)}
        for c, p, v in rows
    ]
    fmt = _axis_format([r["value"] for r in values])
    colour = alt.Color(
        "part:N", title=legend_title or None, sort=parts,
        scale=alt.Scale(domain=parts, range=SERIES_COLOURS[: max(len(parts), 1)] if len(parts) <= len(SERIES_COLOURS) else None),
        legend=alt.Legend(orient="bottom", columns=2),
    )
    value_enc = alt.X if horizontal else alt.Y
    cat_enc = alt.Y if horizontal else alt.X
    enc = {
        ("x" if horizontal else "y"): value_enc("sum(value):Q", title=y_title, axis=alt.Axis(format=fmt, tickMinStep=1)),
        ("y" if horizontal else "x"): cat_enc(
            "label:N", title=x_title or None, sort=categories,
            axis=alt.Axis(labelLimit=LABEL_WIDTH_PX, labelExpr=WRAPPED_LABELS, labelLineHeight=LINE_HEIGHT_PX,
                          labelFontSize=LABEL_FONT_PX)
            if horizontal else alt.Axis(labelAngle=-40, labelLimit=120),
        ),
    }
    height = max(_bar_step(categories) * len(categories), 60) if horizontal else 240
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(color=colour, order=alt.Order("porder:Q"),
                tooltip=[alt.Tooltip("label:N", title=x_title or " "), alt.Tooltip("part:N", title=legend_title or " "),
                         alt.Tooltip("value:Q", title=y_title, format=fmt)], **enc)
        .properties(width=PAGE_WIDTH_PX - (LABEL_WIDTH_PX + 20 if horizontal else 60), height=height)
    )
    totals = {}
    for c, _, v in rows:
        totals[c] = totals.get(c, 0) + float(v or 0)
    return _finish(chart, title=title, alt_text=f"{title}. {_describe_items(list(totals.items()), lang)}",
                   lang=lang, height=height)


def line_chart(
    series: dict[str, dict[int, Number]],
    title: str,
    x_title: str,
    y_title: str,
    lang: str,
) -> ChartSpec:
    """Yearly series, one line per name; years on the x axis as whole numbers (no '2,023')."""
    values = [
        {"series": str(name), "year": int(year), "value": _num(v)}
        for name, points in series.items()
        for year, v in sorted(points.items())
    ]
    fmt = _axis_format([r["value"] for r in values])
    years = sorted({r["year"] for r in values})
    names = list(series)
    single = len(names) == 1
    colour = (
        alt.value(PRIMARY) if single
        else alt.Color("series:N", title=None, sort=names, legend=alt.Legend(orient="bottom", columns=2),
                       scale=alt.Scale(domain=names, range=SERIES_COLOURS[: len(names)])
                       if len(names) <= len(SERIES_COLOURS) else alt.Scale(domain=names))
    )
    base = alt.Chart(alt.Data(values=values)).encode(
        x=alt.X("year:O", title=x_title or None, sort=years, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format=fmt, tickMinStep=1)),
        color=colour,
        tooltip=[alt.Tooltip("series:N", title=" "), alt.Tooltip("year:O", title=x_title or " "),
                 alt.Tooltip("value:Q", title=y_title, format=fmt)],
    )
    layers = [base.mark_line(strokeWidth=2), base.mark_point(filled=True, size=40, opacity=1)]
    if single:
        layers.append(base.mark_text(dy=-9, fontSize=10).encode(text=alt.Text("value:Q", format=fmt)))
    chart = alt.layer(*layers).properties(width=PAGE_WIDTH_PX - 60, height=220)
    last = {name: pts[max(pts)] for name, pts in series.items() if pts}
    return _finish(chart, title=title, alt_text=f"{title}. {_describe_items(list(last.items()), lang)}",
                   lang=lang, height=220)


def pie_or_donut(
    items: list[tuple[str, Number]],
    title: str,
    lang: str,
    *,
    donut: bool = True,
    legend_title: str = "",
) -> ChartSpec:
    """Shares of a whole, for a handful of parts (more than eight parts belong in a bar chart).

    Every part's share is written in the legend ("Europe — 37.7 %"); on the ring only shares of at
    least `MIN_LABELLED_SHARE` get a label, because the labels of thin neighbouring slices (Africa
    0.1 %, Oceania 0.0 %, Americas 2.2 %) were printed on top of each other.
    """
    from babel.numbers import format_percent

    total = sum(float(_num(value) or 0) for _label, value in items) or 1.0
    rows = []
    for i, (label, value) in enumerate(items):
        share = float(_num(value) or 0) / total
        pattern, locale = "#,##0.0\u00a0%", _babel_locale(lang)
        shown = format_percent(share, format=pattern, locale=locale)
        if 0 < share < 0.0005:  # "< 0.1 %", not "0.0 %", for a part that is there
            shown = "<\u00a0" + format_percent(0.001, format=pattern, locale=locale)
        ring = format_percent(share, format="#,##0\u00a0%", locale=_babel_locale(lang))
        rows.append({"label": f"{label} — {shown}", "value": _num(value), "order": i, "share": share,
                     "ring": ring if share >= MIN_LABELLED_SHARE else ""})
    labels = [r["label"] for r in rows]
    fmt = _axis_format([r["value"] for r in rows])
    scale = alt.Scale(domain=labels, range=SERIES_COLOURS[: len(labels)]) if len(labels) <= len(SERIES_COLOURS) else alt.Scale(domain=labels)
    base = alt.Chart(alt.Data(values=rows)).encode(
        theta=alt.Theta("value:Q", stack=True),
        order=alt.Order("order:Q"),
        color=alt.Color("label:N", title=legend_title or None, sort=labels, scale=scale,
                        legend=alt.Legend(orient="right")),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("value:Q", format=fmt),
                 alt.Tooltip("share:Q", format=".1%")],
    )
    outer = 100
    arcs = base.mark_arc(innerRadius=55 if donut else 0, outerRadius=outer, stroke="white")
    text = base.mark_text(radius=outer + 14, fontSize=10, color="#333").encode(
        text=alt.Text("ring:N"), color=alt.value("#333"))
    chart = alt.layer(arcs, text).properties(width=240, height=240)
    return _finish(chart, title=title, alt_text=f"{title}. {_describe_items(items, lang)}", lang=lang, height=240)


def world_map(
    values: dict[str, Number],
    title: str,
    lang: str,
    *,
    legend_title: str = "",
    names: dict[str, str] | None = None,
    home_label: str | None = None,
    no_data_label: str | None = None,
    home: str = HOME,
) -> ChartSpec:
    """Countries coloured by value (keys are ISO alpha-2), `home` highlighted, countries without data grey.

    `names` (alpha-2 → display name) feeds the tooltip and the alt text; `home_label` and
    `no_data_label` are the legend entries for the highlighted country and the grey ones (kk/ru/en
    come from the caller, which owns the gettext catalogue; English defaults otherwise).
    """
    names = names or {}
    data_rows = [
        {"code": code.upper(), "value": _num(v), "name": names.get(code.upper(), code.upper())}
        for code, v in values.items()
        if v is not None and code and code.upper() != home
    ]
    fmt = _axis_format([r["value"] for r in data_rows])
    integral = fmt == ",d"
    lows = class_breaks([float(r["value"]) for r in data_rows]) if integral else []
    top = max((float(r["value"]) for r in data_rows), default=0)
    labels = [class_label(lows, i, top, lang) for i in range(len(lows))]
    for r in data_rows:
        band = max(i for i, low in enumerate(lows) if float(r["value"]) >= low) if lows else 0
        r["band"] = labels[band] if labels else ""
    colours = list(CLASS_COLOURS[-len(labels):]) if len(labels) > 1 else [CLASS_COLOURS[3]]
    if integral and data_rows:
        colour_field = alt.Color(
            "band:N", title=legend_title or None, sort=labels,
            scale=alt.Scale(domain=labels, range=colours[: len(labels)]),
            legend=alt.Legend(orient="bottom-left", direction="vertical", symbolType="square", symbolSize=120,
                              symbolStrokeWidth=0),
            condition=[{"test": f"datum.code === '{home}'", "value": HOME_COLOUR},
                       {"test": "!isValid(datum.band)", "value": NO_DATA_COLOUR}],
        )
    else:  # shares or no data: a continuous ramp (classes of fractions would read oddly)
        colour_field = alt.Color(
            "value:Q", title=legend_title or None,
            scale=alt.Scale(range=[CLASS_COLOURS[1], CLASS_COLOURS[-1]], type="linear", domainMin=0, zero=True),
            legend=alt.Legend(orient="bottom-left", format=fmt, gradientLength=160,
                              direction="horizontal") if data_rows else None,
            condition=[{"test": f"datum.code === '{home}'", "value": HOME_COLOUR},
                       {"test": "!isValid(datum.value)", "value": NO_DATA_COLOUR}],
        )
    home_label = home_label or "Kazakhstan"
    no_data_label = no_data_label or "no data"
    # The geometry goes into the finished dict (below), not through Altair: Altair deep-copies its
    # 127 kB of arcs at every step of the chain (about 1 s a map).
    shapes = (
        alt.Chart(alt.Data(values=GEOMETRY_SLOT, format=alt.DataFormat(type="topojson", feature="countries")))
        .mark_geoshape(stroke=BORDER_COLOUR, strokeWidth=0.4, invalid=None)
        .transform_calculate(code="datum.properties.code")
        .transform_lookup(
            lookup="code",
            from_=alt.LookupData(alt.Data(values=data_rows or [{"code": "__", "value": 0, "name": "", "band": ""}]),
                                 key="code", fields=["value", "name", "band"]),
        )
        .encode(
            # Vega-Lite takes a list of value conditions before the field; Altair's chain does not.
            color=colour_field,
            tooltip=[alt.Tooltip("name:N", title=" "), alt.Tooltip("value:Q", title=legend_title or " ", format=fmt)],
        )
    )
    # The two fixed legend entries: a nominal legend on an invisible layer beside the colour ramp.
    key = (
        alt.Chart(alt.Data(values=[{"entry": home_label, "longitude": 0, "latitude": 0},
                                   {"entry": no_data_label, "longitude": 0, "latitude": 0}]))
        .mark_point(shape="square", filled=True, opacity=0, size=0)
        .encode(
            longitude="longitude:Q",
            latitude="latitude:Q",
            fill=alt.Fill("entry:N", title=None, sort=[home_label, no_data_label],
                          scale=alt.Scale(domain=[home_label, no_data_label], range=[HOME_COLOUR, NO_DATA_COLOUR]),
                          legend=alt.Legend(orient="bottom-right", symbolSize=120, symbolStrokeWidth=0)),
        )
    )
    height = 270
    chart = (
        alt.layer(shapes, key)
        .resolve_scale(color="independent", fill="independent")
        .properties(width=PAGE_WIDTH_PX, height=height, projection=alt.Projection(type="equalEarth"))
    )
    described = [(names.get(r["code"], r["code"]), r["value"]) for r in data_rows]
    alt_text = f"{title}. {_describe_items(described, lang)}" if described else title
    finished = _finish(chart, title=title, alt_text=alt_text, lang=lang, height=height,
                       codes=sorted(r["code"] for r in data_rows), classes=labels)
    data = finished.spec["layer"][0]["data"]
    if data["values"] != GEOMETRY_SLOT:
        raise AssertionError("the map's first layer no longer carries the geometry slot")
    data["values"] = geometry()
    return finished
