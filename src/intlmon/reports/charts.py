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


#: the Vega-Lite version the specs are written for (Altair 6's; vl-convert 1.9 compiles it)
SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
#: the `config` of every spec: `_base_config` as Altair's `configure` wrote it (its default theme's view
#: size first, then the keys in order), so the specs — and the pictures' keys — are what they were
CONFIG = {
    "view": {"continuousWidth": 300, "continuousHeight": 300, "stroke": None},
    **{key: value for key, value in sorted(_base_config().items()) if key != "view"},
}


def _finish(chart, *, title: str, alt_text: str, lang: str, height: int, **meta) -> ChartSpec:
    """The finished spec: `chart` is a Vega-Lite dict without `config` (the builders here) or an Altair
    chart (the index's figures, `intlmon.index.charts`).

    Why dicts: Altair validates each object against the Vega-Lite schema as it is made and deep-copies
    the chart at every step of a chain; importing it costs about 0.3 s of CPU, a fifth of a country note
    written by a fresh process (#17). The builders below write the dict Altair wrote, key for key
    (tests/reports/test_chart_dicts.py compares them with the Altair builders they replace), and
    tests/reports/test_chart_specs.py validates each against the schema.
    """
    if isinstance(chart, dict):
        spec = {"config": copy.deepcopy(CONFIG), **chart, "$schema": SCHEMA_URL}
    else:
        # Not validated against the Vega-Lite schema here (2 s of a national report): every builder's
        # spec is tested (tests/reports/test_chart_specs.py).
        spec = chart.configure(**_base_config()).to_dict(validate=False)
    spec["description"] = title
    return ChartSpec(spec=spec, alt=alt_text, title=title, lang=lang, width_px=PAGE_WIDTH_PX,
                     height_px=height, meta=meta)


# --------------------------------------------------------------------------- Vega-Lite pieces
#: a property left out of the spec (None is written: Vega-Lite's "no title", "no legend")
OMIT = object()


def channel(shorthand: str | None = None, **props) -> dict:
    """An encoding channel as Altair writes it: "field:T" split into field and type, `aggregate(field)`
    into aggregate and field, the properties in alphabetical order, `OMIT`ted ones left out."""
    if shorthand is not None:
        field, _, kind = shorthand.partition(":")
        if "(" in field:
            props["aggregate"], field = field[:-1].split("(", 1)
        props["field"] = field
        props["type"] = {"N": "nominal", "Q": "quantitative", "O": "ordinal"}[kind]
    return {key: props[key] for key in sorted(props) if props[key] is not OMIT}


def mark(kind: str, **props) -> dict:
    return {"type": kind, **{key: props[key] for key in sorted(props)}}


def layer(*layers: dict) -> list[dict]:
    """Layers with their encodings' channels in alphabetical order (as Altair writes them)."""
    return [{**item, "encoding": {k: item["encoding"][k] for k in sorted(item["encoding"])}} for item in layers]


def highlight_test(field: str, value: str) -> str:
    """`alt.datum.<field> == value` as Altair writes the expression (Python's repr of the string)."""
    return f"(datum.{field} === {value!r})"


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
    sort = {"field": "order", "order": "ascending"}
    colour = (
        {"condition": {"test": highlight_test("label", highlight), "value": SERIES_COLOURS[1]}, "value": PRIMARY}
        if highlight is not None
        else {"value": PRIMARY}
    )
    value_axis = {"format": fmt, "tickMinStep": 1}
    tooltip = [channel("label:N", title=x_title or " "), channel("value:Q", title=y_title, format=fmt)]
    if horizontal:
        step = _bar_step([r["label"] for r in rows])
        height = max(step * len(rows), 60)
        # the category axis title is left off: it stands beside long labels, and the caption names them
        base = {
            "y": channel("label:N", title=None, sort=sort,
                         axis={"labelExpr": WRAPPED_LABELS, "labelFontSize": LABEL_FONT_PX,
                               "labelLimit": LABEL_WIDTH_PX, "labelLineHeight": LINE_HEIGHT_PX}),
            "x": channel("value:Q", title=y_title, axis=value_axis), "tooltip": tooltip,
        }
        layers = [{"mark": mark("bar", height={"band": 0.75}), "encoding": {**base, "color": colour}}]
        if show_values:
            layers.append({"mark": mark("text", align="left", dx=3, fontSize=10),
                           "encoding": {**base, "text": channel("value:Q", format=fmt)}})
        width = PAGE_WIDTH_PX - LABEL_WIDTH_PX - 20
    else:
        height = 240
        base = {
            "x": channel("label:N", title=x_title or None, sort=sort, axis={"labelAngle": -40, "labelLimit": 120}),
            "y": channel("value:Q", title=y_title, axis=value_axis), "tooltip": tooltip,
        }
        layers = [{"mark": mark("bar"), "encoding": {**base, "color": colour}}]
        if show_values:
            layers.append({"mark": mark("text", baseline="bottom", dy=-2, fontSize=10),
                           "encoding": {**base, "text": channel("value:Q", format=fmt)}})
        width = PAGE_WIDTH_PX - 60
    chart = {"layer": layer(*layers), "data": {"values": rows}, "height": height, "width": width}
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
    # more parts than colours: Vega's own category scheme (Altair refused the spec then)
    scale = ({"domain": parts, "range": SERIES_COLOURS[: max(len(parts), 1)]} if len(parts) <= len(SERIES_COLOURS)
             else {"domain": parts})
    colour = channel("part:N", title=legend_title or None, sort=parts, scale=scale,
                     legend={"columns": 2, "orient": "bottom"})
    value_enc = channel("sum(value):Q", title=y_title, axis={"format": fmt, "tickMinStep": 1})
    cat_enc = channel("label:N", title=x_title or None, sort=categories,
                      axis={"labelExpr": WRAPPED_LABELS, "labelFontSize": LABEL_FONT_PX, "labelLimit": LABEL_WIDTH_PX,
                            "labelLineHeight": LINE_HEIGHT_PX}
                      if horizontal else {"labelAngle": -40, "labelLimit": 120})
    height = max(_bar_step(categories) * len(categories), 60) if horizontal else 240
    encoding = {
        "color": colour, "order": channel("porder:Q"),
        "tooltip": [channel("label:N", title=x_title or " "), channel("part:N", title=legend_title or " "),
                    channel("value:Q", title=y_title, format=fmt)],
        "x": value_enc if horizontal else cat_enc,
        "y": cat_enc if horizontal else value_enc,
    }
    chart = {"data": {"values": values}, "mark": mark("bar"), "encoding": encoding, "height": height,
             "width": PAGE_WIDTH_PX - (LABEL_WIDTH_PX + 20 if horizontal else 60)}
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
        {"value": PRIMARY} if single
        else channel("series:N", title=None, sort=names, legend={"columns": 2, "orient": "bottom"},
                     scale={"domain": names, "range": SERIES_COLOURS[: len(names)]}
                     if len(names) <= len(SERIES_COLOURS) else {"domain": names})
    )
    base = {
        "x": channel("year:O", title=x_title or None, sort=years, axis={"labelAngle": 0}),
        "y": channel("value:Q", title=y_title, axis={"format": fmt, "tickMinStep": 1}),
        "color": colour,
        "tooltip": [channel("series:N", title=" "), channel("year:O", title=x_title or " "),
                    channel("value:Q", title=y_title, format=fmt)],
    }
    layers = [{"mark": mark("line", strokeWidth=2), "encoding": base},
              {"mark": mark("point", filled=True, size=40, opacity=1), "encoding": base}]
    if single:
        layers.append({"mark": mark("text", dy=-9, fontSize=10),
                       "encoding": {**base, "text": channel("value:Q", format=fmt)}})
    chart = {"layer": layer(*layers), "data": {"values": values}, "height": 220, "width": PAGE_WIDTH_PX - 60}
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
    scale = ({"domain": labels, "range": SERIES_COLOURS[: len(labels)]} if len(labels) <= len(SERIES_COLOURS)
             else {"domain": labels})
    base = {
        "theta": channel("value:Q", stack=True),
        "order": channel("order:Q"),
        "color": channel("label:N", title=legend_title or None, sort=labels, scale=scale, legend={"orient": "right"}),
        "tooltip": [channel("label:N", title=" "), channel("value:Q", format=fmt), channel("share:Q", format=".1%")],
    }
    outer = 100
    arcs = {"mark": mark("arc", innerRadius=55 if donut else 0, outerRadius=outer, stroke="white"), "encoding": base}
    text = {"mark": mark("text", radius=outer + 14, fontSize=10, color="#333"),
            "encoding": {**base, "text": channel("ring:N"), "color": {"value": "#333"}}}
    chart = {"layer": layer(arcs, text), "data": {"values": rows}, "height": 240, "width": 240}
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
