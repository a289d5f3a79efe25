"""Every chart builder writes valid Vega-Lite: the builders skip Altair's schema validation when they
finish a spec (it cost 2 s of a national report, issue #17), so this is where each shape is checked.

A broken spec would otherwise only show as a vl-convert error (or a silently empty chart) in a report.
"""

from __future__ import annotations

import pytest
from altair.vegalite.v6.schema import core

from intlmon.reports.charts import bar_chart, line_chart, pie_or_donut, stacked_bar
from intlmon.reports.maps import feature_codes, world_map

LONG = "Казахский национальный исследовательский технический университет имени К. И. Сатпаева"

BUILDERS = {
    "bar": lambda: bar_chart([("Ресей", 30), (LONG, 7)], "Келісімдер", "Ел", "Саны", "kk"),
    "bar_highlight": lambda: bar_chart([("A", 3), ("B", 2.5)], "t", "x", "y", "en", highlight="B"),
    "bar_vertical_plain": lambda: bar_chart([("A", 3), ("B", 2)], "t", "x", "y", "ru", horizontal=False,
                                            show_values=False),
    "stacked": lambda: stacked_bar([("Ресей", "Ұлттық", 5), ("Ресей", "Жеке", 3), ("Франция", "Ұлттық", 2)],
                                   "t", "x", "y", "kk", legend_title="Санат"),
    "stacked_vertical": lambda: stacked_bar([("A", "p", 1.5), ("B", "q", 2)], "t", "x", "y", "en", horizontal=False),
    "line_single": lambda: line_chart({"Projects": {2021: 150, 2022: 167}}, "t", "Year", "n", "en"),
    "line_many": lambda: line_chart({"A": {2021: 1, 2022: 2}, "B": {2021: 3, 2022: 4}}, "t", "", "n", "ru"),
    "donut": lambda: pie_or_donut([("Онлайн", 7), ("Офлайн", 18), ("Аралас", 0.0001)], "Формат", "kk"),
    "pie": lambda: pie_or_donut([("a", 1)], "t", "en", donut=False, legend_title="l"),
    "map_classes": lambda: world_map({"RU": 1710, "TR": 578, "FR": 80, "KZ": 3}, "Agreements", "en",
                                     legend_title="agreements"),
    "map_shares": lambda: world_map({"FR": 0.25, "DE": 0.5}, "Shares", "ru"),
    "map_empty": lambda: world_map({}, "Nothing", "kk"),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_each_builder_writes_a_spec_the_vega_lite_schema_accepts(name):
    core.Root.validate(BUILDERS[name]().spec)


def test_the_schema_check_rejects_a_spec_with_an_unknown_mark():
    spec = BUILDERS["bar"]().spec
    broken = {**spec, "layer": [{**spec["layer"][0], "mark": {"type": "barr"}}]}
    with pytest.raises(Exception, match="barr"):
        core.Root.validate(broken)


def test_the_map_spec_carries_the_whole_geometry_in_its_first_layer():
    data = world_map({"FR": 3}, "t", "en").spec["layer"][0]["data"]
    assert data["format"] == {"type": "topojson", "feature": "countries"}
    codes = [g["properties"]["code"] for g in data["values"]["objects"]["countries"]["geometries"]]
    assert codes == feature_codes() and "FR" in codes and len(data["values"]["arcs"]) > 500


def test_two_maps_do_not_share_one_geometry_object():
    one, two = world_map({"FR": 3}, "t", "en"), world_map({"DE": 3}, "t", "en")
    one.spec["layer"][0]["data"]["values"]["arcs"].clear()
    assert two.spec["layer"][0]["data"]["values"]["arcs"]
