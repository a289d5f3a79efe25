"""World choropleth of partner countries from the world-atlas geometry shipped with the project.

`assets/world-110m.json` is world-atlas 2 `countries-110m.json` (Natural Earth 1:110m, TopoJSON,
ISC licence, see `world-110m.LICENSE`). Its features carry ISO 3166 numeric ids ("398"); reports
speak alpha-2 ("KZ"), so each feature gets its alpha-2 code through pycountry when the geometry is
loaded. Three features have no ISO id in the atlas: Kosovo is given the user-assigned "XK" the
registry uses; Northern Cyprus and Somaliland stay without a code and are always grey.

One geoshape per country (a single layer, so one SVG path per feature): countries with a value are
coloured on a sequential scale, Kazakhstan is drawn in its own colour, the rest grey. Antarctica is
left out: no partners there, and it would take a quarter of the page.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from numbers import Number

import altair as alt
import pycountry

from intlmon.reports.charts import (
    ASSETS,
    PAGE_WIDTH_PX,
    ChartSpec,
    _axis_format,
    _describe_items,
    _finish,
    _num,
)

GEOMETRY_PATH = ASSETS / "world-110m.json"
#: features without an ISO numeric id in world-atlas, by their name there
CODES_BY_NAME = {"Kosovo": "XK"}
EXCLUDED_CODES = frozenset({"AQ"})
HOME = "KZ"
HOME_COLOUR = "#c0392b"
NO_DATA_COLOUR = "#dcdcdc"
BORDER_COLOUR = "#ffffff"
#: light-to-dark blue; the light end stays distinguishable from the grey of "no data"
RAMP = ("#9ecae1", "#08306b")


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
    """A copy of the map geometry (callers may not alter the cached one)."""
    return copy.deepcopy(_geometry())


def feature_codes() -> list[str]:
    """Alpha-2 code of each drawn feature, in drawing order ("" for those without one)."""
    return [g["properties"]["code"] for g in _geometry()["objects"]["countries"]["geometries"]]


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
    home_label = home_label or "Kazakhstan"
    no_data_label = no_data_label or "no data"
    topo = geometry()
    shapes = (
        alt.Chart(alt.Data(values=topo, format=alt.DataFormat(type="topojson", feature="countries")))
        .mark_geoshape(stroke=BORDER_COLOUR, strokeWidth=0.4, invalid=None)
        .transform_calculate(code="datum.properties.code")
        .transform_lookup(
            lookup="code",
            from_=alt.LookupData(alt.Data(values=data_rows or [{"code": "__", "value": 0, "name": ""}]),
                                 key="code", fields=["value", "name"]),
        )
        .encode(
            # Vega-Lite takes a list of value conditions before the field; Altair's chain does not.
            color=alt.Color(
                "value:Q", title=legend_title or None,
                scale=alt.Scale(range=list(RAMP), type="sqrt", domainMin=0, zero=True),
                legend=alt.Legend(orient="bottom-left", format=fmt, gradientLength=160,
                                  direction="horizontal", tickMinStep=1) if data_rows else None,
                condition=[{"test": f"datum.code === '{home}'", "value": HOME_COLOUR},
                           {"test": "!isValid(datum.value)", "value": NO_DATA_COLOUR}],
            ),
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
    return _finish(chart, title=title, alt_text=alt_text, lang=lang, height=height,
                   codes=sorted(r["code"] for r in data_rows))
