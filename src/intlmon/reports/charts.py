"""Chart definitions for reports: one Vega-Lite spec per figure, rendered statically without a browser.

A figure is declared once, as a Vega-Lite dict built with Altair (`ChartSpec`). The same spec becomes
a PNG for DOCX, an SVG for HTML/PDF (`render_png`, `render_svg`, both through vl-convert, which
bundles the Vega JavaScript and needs neither a browser nor a network) and, later, an interactive
chart on the web (vega-embed reads the same dict). Text is set in the DejaVu Sans shipped in
`assets/fonts/`, registered with vl-convert on first use, so Kazakh letters (ә ғ қ ң ө ұ ү һ і) come
out as glyphs, not boxes, on any machine. Numbers follow the language's conventions (ru/kk:
"1 234,5" with a non-breaking space; en: "1,234.5").
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from decimal import Decimal
from numbers import Number
from pathlib import Path

import altair as alt

ASSETS = Path(__file__).resolve().parent / "assets"
FONT_DIR = ASSETS / "fonts"
FONT_FAMILY = "DejaVu Sans"

#: A4 portrait with 2 cm margins leaves about 17 cm = 480 CSS px of text width.
PAGE_WIDTH_PX = 480
BAR_STEP_PX = 20
SERIES_COLOURS = ["#1f5f8b", "#e07b39", "#4a9a5b", "#b0413e", "#7a5195", "#8c8c8c", "#d4a017", "#2a9d8f"]
PRIMARY = SERIES_COLOURS[0]



@dataclass(frozen=True)
class ChartSpec:
    """A figure as data: the Vega-Lite dict, a text alternative for screen readers, and its language.

    The title is kept beside the spec (the document's numbered caption shows it), not drawn into the
    image, so the caption and the picture never say it twice.
    """

    spec: dict
    alt: str
    title: str = ""
    lang: str = "en"
    width_px: int = PAGE_WIDTH_PX
    height_px: int = 0
    meta: dict = field(default_factory=dict)

    def to_json(self) -> str:
        """The spec as JSON, for vega-embed on the web."""
        return json.dumps(self.spec, ensure_ascii=False)


# --------------------------------------------------------------------------- numbers and locale


def format_locale(lang: str) -> dict:
    """d3-format locale for the language: ru and kk write 1 234,5; en writes 1,234.5."""
    if lang in ("ru", "kk"):
        return {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0₸"]}
    return {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", ""]}


def _num(value: Number | Decimal | None) -> float | int | None:
    """JSON-safe number (Decimal is not JSON)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _is_integral(values) -> bool:
    return all(v is None or float(v).is_integer() for v in values)


def _axis_format(values) -> str:
    return ",d" if _is_integral(values) else ",.1f"


def _base_config() -> dict:
    """Fonts and sizes readable at 100 % on an A4 page."""
    return {
        "font": FONT_FAMILY,
        "view": {"stroke": None},
        "axis": {
            "labelFont": FONT_FAMILY, "titleFont": FONT_FAMILY, "labelFontSize": 11, "titleFontSize": 11,
            "titleFontWeight": "normal", "gridColor": "#e6e6e6", "domainColor": "#888", "tickColor": "#888",
        },
        "legend": {
            "labelFont": FONT_FAMILY, "titleFont": FONT_FAMILY, "labelFontSize": 11, "titleFontSize": 11,
            "titleFontWeight": "normal", "labelLimit": 260, "symbolOpacity": 1,
        },
        "title": {"font": FONT_FAMILY, "fontSize": 13, "fontWeight": "bold", "anchor": "start"},
        "text": {"font": FONT_FAMILY},
        "background": "white",
    }


def _finish(chart: alt.TopLevelMixin, *, title: str, alt_text: str, lang: str, height: int, **meta) -> ChartSpec:
    # Not validated against the Vega-Lite schema here (2 s of a national report): every builder's
    # spec is ours and tests/reports/test_chart_specs.py validates each one.
    spec = chart.configure(**_base_config()).to_dict(validate=False)
    spec["description"] = title
    return ChartSpec(spec=spec, alt=alt_text, title=title, lang=lang, width_px=PAGE_WIDTH_PX,
                     height_px=height, meta=meta)


def _describe_items(items, lang: str, limit: int = 5) -> str:
    """Alt text: the largest few values spelled out, so the figure is readable without the picture."""
    from babel.numbers import format_decimal

    shown = sorted(items, key=lambda kv: -float(kv[1] or 0))[:limit]
    return "; ".join(f"{label}: {format_decimal(value or 0, locale=_babel_locale(lang))}" for label, value in shown)


def _babel_locale(lang: str) -> str:
    return {"kk": "kk_KZ", "ru": "ru_RU"}.get(lang, "en_GB" if lang == "en" else lang)


# --------------------------------------------------------------------------- category labels

#: the room left of horizontal bars for category names, and the characters of DejaVu Sans 10 px
#: that fit in it (about 6.1 px a letter); longer names wrap onto a second or third line, never cut
#: with "…" (the longest HEI names of 2023 take two lines)
LABEL_WIDTH_PX = 280
LABEL_LINE_CHARS = 45
LABEL_FONT_PX = 10
LINE_HEIGHT_PX = 12
#: Vega draws an array of strings as lines; a label carries its line breaks
WRAPPED_LABELS = "split(datum.value, '\\n')"


def wrap_label(text: str, width: int = LABEL_LINE_CHARS) -> str:
    """A long category name broken into lines of at most `width` characters at spaces (line breaks between).

    HEI names run to 90 letters ("Казахский национальный исследовательский технический университет
    имени К. И. Сатпаева"); cut at the axis they became "Казахский национальный исследоват…", which
    no reader can tell from its neighbours. A single word longer than the line stays whole.
    """
    import textwrap

    lines = textwrap.wrap(str(text), width=width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) or str(text)


def _bar_step(labels: list[str]) -> int:
    """The band of one bar: tall enough for the label with the most lines."""
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    return max(BAR_STEP_PX, LINE_HEIGHT_PX * lines + 6)


# --------------------------------------------------------------------------- builders


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


#: the smallest share that gets a label on the ring (smaller ones are read from the legend)
MIN_LABELLED_SHARE = 0.04


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


def world_map(values: dict[str, Number], title: str, lang: str, **options) -> ChartSpec:
    """A choropleth of countries by ISO alpha-2 code; see `intlmon.reports.maps.world_map`."""
    from intlmon.reports.maps import world_map as build

    return build(values, title, lang, **options)


# --------------------------------------------------------------------------- rendering


def register_fonts() -> None:
    """Make the shipped fonts known to vl-convert (once per process; later calls are free)."""
    from intlmon.reports.chart_images import register_fonts as register

    register()


def _spec_of(chart: ChartSpec | dict) -> tuple[dict, str]:
    if isinstance(chart, ChartSpec):
        return chart.spec, chart.lang
    return chart, "en"


def render_png(chart: ChartSpec | dict, scale: float = 2.0) -> bytes:
    """PNG bytes; scale 2 gives about 150 dpi at the chart's A4 size, sharp enough for print."""
    import vl_convert as vlc

    register_fonts()
    spec, lang = _spec_of(chart)
    return vlc.vegalite_to_png(copy.deepcopy(spec), scale=scale, format_locale=format_locale(lang))


def render_svg(chart: ChartSpec | dict) -> str:
    """SVG text; labels stay <text> elements in DejaVu Sans (searchable and selectable in the PDF)."""
    import vl_convert as vlc

    register_fonts()
    spec, lang = _spec_of(chart)
    return vlc.vegalite_to_svg(copy.deepcopy(spec), format_locale=format_locale(lang))
