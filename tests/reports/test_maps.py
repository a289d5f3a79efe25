"""World choropleth: the shipped world-atlas geometry, one shape per country, values coloured,
Kazakhstan highlighted, countries without data grey, a legend, no network."""

from __future__ import annotations

import json
import re

from intlmon.reports.charts import ASSETS, render_png, render_svg, world_map
from intlmon.reports.maps import HOME_COLOUR, NO_DATA_COLOUR, class_breaks, feature_codes


def _shape_fills(svg: str) -> list[str]:
    group = svg[svg.index('class="mark-shape role-mark'):]
    group = group[: group.index("</g>")]
    return [re.search(r'fill="([^"]+)"', p).group(1) for p in re.findall(r"<path[^>]*>", group)]


def _darkness(colour: str) -> int:
    if colour.startswith("#"):
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    else:
        r, g, b = (int(x) for x in re.findall(r"\d+", colour))
    return 765 - (r + g + b)


def test_it_ships_the_world_atlas_geometry_with_its_licence():
    topo = json.loads((ASSETS / "world-110m.json").read_text(encoding="utf-8"))
    assert topo["type"] == "Topology"
    assert "Permission to use, copy, modify" in (ASSETS / "world-110m.LICENSE").read_text()


def test_it_draws_one_shape_per_country_of_the_shipped_geometry_and_colours_those_with_values():
    topo = json.loads((ASSETS / "world-110m.json").read_text(encoding="utf-8"))
    geometries = topo["objects"]["countries"]["geometries"]
    antarctica = [g for g in geometries if g.get("id") == "010"]
    expected_shapes = len(geometries) - len(antarctica)  # Antarctica is left off the page

    chart = world_map({"FR": 84, "RU": 500, "DE": 10}, "Agreements", "en", legend_title="Agreements")
    fills = _shape_fills(render_svg(chart))
    assert len(fills) == expected_shapes

    codes = feature_codes()
    by_code = dict(zip(codes, fills, strict=True))
    assert by_code["KZ"] == HOME_COLOUR
    for code in ("FR", "RU", "DE"):
        assert by_code[code] not in (NO_DATA_COLOUR, HOME_COLOUR), code
    assert _darkness(by_code["RU"]) > _darkness(by_code["FR"]) > _darkness(by_code["DE"])
    assert fills.count(NO_DATA_COLOUR) == expected_shapes - 4


def test_it_maps_iso_numeric_ids_to_alpha2():
    codes = feature_codes()
    assert {"KZ", "FR", "RU", "US", "CN", "XK"} <= set(codes)
    assert "AQ" not in codes


def test_it_shows_a_legend_with_kazakh_labels_and_renders_png():
    chart = world_map({"TR": 12, "CN": 3}, "Келісімдер", "kk", legend_title="Келісімдер саны",
                      home_label="Қазақстан", no_data_label="деректер жоқ")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", render_svg(chart))
    assert {"Келісімдер саны", "Қазақстан", "деректер жоқ"} <= set(texts)
    assert render_png(chart).startswith(b"\x89PNG")


def test_it_draws_an_all_grey_map_when_there_are_no_values():
    fills = _shape_fills(render_svg(world_map({}, "Agreements", "en")))
    assert fills.count(HOME_COLOUR) == 1
    assert fills.count(NO_DATA_COLOUR) == len(fills) - 1


def test_it_embeds_the_geometry_instead_of_fetching_it():
    spec = world_map({"FR": 1}, "t", "en").spec
    assert "url" not in json.dumps(spec)


AGREEMENTS_2023 = {"RU": 1710, "TR": 578, "UZ": 479, "KG": 279, "PL": 271, "KR": 225, "CN": 221, "BY": 185,
                   "DE": 173, "UA": 173, "BG": 121, "US": 118, "LV": 90, "TJ": 90, "IT": 83, "FR": 80, "HU": 76,
                   "ES": 69, "GB": 68, "LT": 67, "IN": 65, "CZ": 66, "GE": 59, "RO": 50, "MY": 50, "JP": 48,
                   "FI": 27, "BE": 26, "AT": 25, "CH": 23, "SK": 21, "AM": 21, "NL": 18, "ID": 18, "MD": 16,
                   "HR": 16, "EE": 15, "PT": 14, "SI": 12, "RS": 11, "SE": 10, "GR": 9, "CA": 8, "CY": 8, "NO": 7,
                   "AF": 5, "EG": 4, "MK": 4, "AU": 3, "DK": 3, "BR": 1, "AR": 1, "PE": 1, "MX": 1, "AL": 1, "XK": 1}


def test_it_shades_by_classes_so_russia_does_not_flatten_the_rest():
    """With a linear scale every country but Russia (1 710 of 6 050) came out in the same pale blue."""
    chart = world_map(AGREEMENTS_2023, "Agreements", "en", legend_title="agreements")
    by_code = dict(zip(feature_codes(), _shape_fills(render_svg(chart)), strict=True))
    assert len({by_code[c] for c in AGREEMENTS_2023}) == len(chart.meta["classes"]) >= 4
    assert _darkness(by_code["RU"]) == _darkness(by_code["PL"]) > _darkness(by_code["LV"]) > _darkness(by_code["SE"])
    assert _darkness(by_code["SE"]) > _darkness(by_code["AF"]) > _darkness(by_code["BR"])


def test_it_names_each_class_in_the_legend_in_the_document_language():
    chart = world_map(AGREEMENTS_2023, "Договоры", "ru", legend_title="договоры")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", render_svg(chart))
    assert chart.meta["classes"][-1] == "100–1\u00a0710"
    assert set(chart.meta["classes"]) <= set(texts)


def test_class_breaks_are_rounded_and_increasing():
    # quantile values 2, 7, 40, 300 rounded down to 1-2-5 steps
    assert class_breaks([1, 1, 2, 3, 7, 12, 40, 90, 300, 1710]) == [1, 2, 5, 20, 200]
    assert class_breaks([5]) == [5]
    assert class_breaks([]) == []
