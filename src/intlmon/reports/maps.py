"""World choropleth of partner countries from the world-atlas geometry shipped with the project.

`assets/world-110m.json` is world-atlas 2 `countries-110m.json` (Natural Earth 1:110m, TopoJSON,
ISC licence, see `world-110m.LICENSE`). Its features carry ISO 3166 numeric ids ("398"); reports
speak alpha-2 ("KZ"), so each feature gets its alpha-2 code through pycountry when the geometry is
loaded. Three features have no ISO id in the atlas: Kosovo is given the user-assigned "XK" the
registry uses; Northern Cyprus and Somaliland stay without a code and are always grey.

One geoshape per country (a single layer, so one SVG path per feature): countries with a count are
shaded by class (rounded quantile breaks, a legend entry per class such as "10–49"), Kazakhstan is
drawn in its own colour, the rest grey. Antarctica is
left out: no partners there, and it would take a quarter of the page.
"""

from __future__ import annotations

import json
from functools import lru_cache
from numbers import Number

import pycountry

from intlmon.reports.charts import (
    ASSETS,
    PAGE_WIDTH_PX,
    ChartSpec,
    _axis_format,
    _describe_items,
    _finish,
    _num,
    channel,
    mark,
)

GEOMETRY_PATH = ASSETS / "world-110m.json"
#: features without an ISO numeric id in world-atlas, by their name there
CODES_BY_NAME = {"Kosovo": "XK"}
EXCLUDED_CODES = frozenset({"AQ"})
HOME = "KZ"
HOME_COLOUR = "#c0392b"
NO_DATA_COLOUR = "#dcdcdc"
BORDER_COLOUR = "#ffffff"
#: light-to-dark blue classes; the lightest stays distinguishable from the grey of "no data"
CLASS_COLOURS = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b")
MAX_CLASSES = 5
#: stands in for the geometry while the spec is built; `world_map` puts the geometry in its place
GEOMETRY_SLOT = {"type": "Topology", "objects": {}, "arcs": []}


@lru_cache(maxsize=1)
def _geometry() -> dict:
    """The TopoJSON with `properties.code` (alpha-2, "" when unknown), Antarctica removed."""
    topo = json.loads(GEOMETRY_PATH.read_text(encoding="utf-8"))
    countries = topo["objects"]["countries"]
    kept = []
    for geometry in countries["geometries"]:
        props = geometry.setdefault("properties", {})
        numeric = geometry.get("id")
        country = pycountry.countries.get(numeric=numeric) if numeric else None
        code = country.alpha_2 if country else CODES_BY_NAME.get(props.get("name", ""), "")
        if code in EXCLUDED_CODES:
            continue
        props["code"] = code
        kept.append(geometry)
    countries["geometries"] = kept
    del topo["objects"]["land"]
    return topo


def geometry() -> dict:
    """A copy of the map geometry (callers may not alter the cached one): read back from its JSON text, five
    times faster than `copy.deepcopy` of its ~30,000 lists (a tenth of a second of each map drawn)."""
    return json.loads(_geometry_text())


@lru_cache(maxsize=1)
def _geometry_text() -> str:
    return json.dumps(_geometry(), ensure_ascii=False)


def feature_codes() -> list[str]:
    """Alpha-2 code of each drawn feature, in drawing order ("" for those without one)."""
    return [g["properties"]["code"] for g in _geometry()["objects"]["countries"]["geometries"]]


def _nice(value: float) -> int:
    """The 1–2–5 number nearest below `value` (at least 1): class breaks a reader can take in."""
    import math

    if value < 1:
        return 1
    power = 10 ** int(math.floor(math.log10(value)))
    return max(step * power for step in (1, 2, 5) if step * power <= value)


def class_breaks(values: list[float], classes: int = MAX_CLASSES) -> list[int]:
    """Lower bounds of the shading classes (the first is the smallest value).

    A linear (or square-root) scale let Russia's 1 710 agreements wash every other country out to
    the lightest blue; classes cut at rounded quantiles give each band about as many countries, so
    Poland (271) and Latvia (90) no longer look alike.
    """
    ordered = sorted(v for v in values if v is not None)
    if not ordered:
        return []
    lows = [int(ordered[0])]
    for k in range(1, classes):
        cut = _nice(ordered[min(len(ordered) - 1, (len(ordered) * k) // classes)])
        if cut > lows[-1]:
            lows.append(cut)
    return lows


def class_label(lows: list[int], i: int, top: float, lang: str) -> str:
    """'10–49' for a band, the top band up to the largest value ('500–1 710'), '1' for a single number."""
    from intlmon.reports.document import format_number

    low = lows[i]
    high = lows[i + 1] - 1 if i + 1 < len(lows) else int(top)
    if high <= low:
        return format_number(low, lang)
    return f"{format_number(low, lang)}–{format_number(high, lang)}"


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
    conditions = [{"test": f"datum.code === '{home}'", "value": HOME_COLOUR},
                  {"test": f"!isValid(datum.{'band' if integral and data_rows else 'value'})", "value": NO_DATA_COLOUR}]
    if integral and data_rows:
        colour_field = channel(
            "band:N", title=legend_title or None, sort=labels,
            scale={"domain": labels, "range": colours[: len(labels)]},
            legend={"direction": "vertical", "orient": "bottom-left", "symbolSize": 120, "symbolStrokeWidth": 0,
                    "symbolType": "square"},
            condition=conditions,
        )
    else:  # shares or no data: a continuous ramp (classes of fractions would read oddly)
        colour_field = channel(
            "value:Q", title=legend_title or None,
            scale={"domainMin": 0, "range": [CLASS_COLOURS[1], CLASS_COLOURS[-1]], "type": "linear", "zero": True},
            legend={"direction": "horizontal", "format": fmt, "gradientLength": 160, "orient": "bottom-left"}
            if data_rows else None,
            condition=conditions,
        )
    home_label = home_label or "Kazakhstan"
    no_data_label = no_data_label or "no data"
    # The geometry goes into the finished spec as the cached dict's copy (no builder walks its 127 kB of arcs).
    shapes = {
        "data": {"values": GEOMETRY_SLOT, "format": {"type": "topojson", "feature": "countries"}},
        "mark": mark("geoshape", stroke=BORDER_COLOUR, strokeWidth=0.4, invalid=None),
        # Vega-Lite takes a list of value conditions before the field
        "encoding": {"color": colour_field,
                     "tooltip": [channel("name:N", title=" "),
                                 channel("value:Q", title=legend_title or " ", format=fmt)]},
        "transform": [
            {"calculate": "datum.properties.code", "as": "code"},
            {"lookup": "code",
             "from": {"data": {"values": data_rows or [{"code": "__", "value": 0, "name": "", "band": ""}]},
                      "key": "code", "fields": ["value", "name", "band"]}},
        ],
    }
    # The two fixed legend entries: a nominal legend on an invisible layer beside the colour ramp.
    key = {
        "data": {"values": [{"entry": home_label, "longitude": 0, "latitude": 0},
                            {"entry": no_data_label, "longitude": 0, "latitude": 0}]},
        "mark": mark("point", shape="square", filled=True, opacity=0, size=0),
        "encoding": {
            "fill": channel("entry:N", title=None, sort=[home_label, no_data_label],
                            scale={"domain": [home_label, no_data_label], "range": [HOME_COLOUR, NO_DATA_COLOUR]},
                            legend={"orient": "bottom-right", "symbolSize": 120, "symbolStrokeWidth": 0}),
            "latitude": channel("latitude:Q"),
            "longitude": channel("longitude:Q"),
        },
    }
    height = 270
    chart = {"layer": [shapes, key], "height": height, "projection": {"type": "equalEarth"},
             "resolve": {"scale": {"color": "independent", "fill": "independent"}}, "width": PAGE_WIDTH_PX}
    described = [(names.get(r["code"], r["code"]), r["value"]) for r in data_rows]
    alt_text = f"{title}. {_describe_items(described, lang)}" if described else title
    finished = _finish(chart, title=title, alt_text=alt_text, lang=lang, height=height,
                       codes=sorted(r["code"] for r in data_rows), classes=labels)
    data = finished.spec["layer"][0]["data"]
    if data["values"] != GEOMETRY_SLOT:
        raise AssertionError("the map's first layer no longer carries the geometry slot")
    data["values"] = geometry()
    return finished
