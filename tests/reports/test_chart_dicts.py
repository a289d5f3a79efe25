"""The chart builders write Vega-Lite dicts themselves (Altair's import, schema checks and copies cost
a fresh process about 0.3 s of CPU, issue #17); each must write exactly what its Altair version wrote —
the same JSON text, key order included — so the pictures, and their keys in the image store, are the
same as before."""

from __future__ import annotations

import json

import pytest

from intlmon.reports import charts, maps
from tests.reports import altair_reference as ref

LONG = "Казахский национальный исследовательский технический университет имени К. И. Сатпаева"
NINE = [(f"part {i}", i + 1) for i in range(9)]

CASES = {
    "bar": ("bar_chart", ([("Ресей", 30), (LONG, 7), ("None", None)], "Келісімдер", "Ел", "Саны", "kk"), {}),
    "bar_decimal": ("bar_chart", ([("A", 3), ("B", 2.5)], "t", "x", "", "en"), {}),
    "bar_highlight_quote": ("bar_chart", ([("L'Université", 3), ("B «x»", 2)], "t", "x", "y", "en"),
                            {"highlight": "L'Université"}),
    "bar_highlight_horizontal": ("bar_chart", ([("A", 3), ("B", 2)], "t", "x", "y", "ru"), {"highlight": "B"}),
    "bar_vertical": ("bar_chart", ([("A", 3), ("B", 2)], "t", "", "y", "ru"), {"horizontal": False}),
    "bar_vertical_plain": ("bar_chart", ([("A", 3), ("B", 2)], "t", "x", "y", "ru"),
                           {"horizontal": False, "show_values": False, "highlight": "A"}),
    "bar_horizontal_plain": ("bar_chart", ([("A", 3)], "t", "x", "y", "en"), {"show_values": False}),
    "bar_empty": ("bar_chart", ([], "t", "x", "y", "en"), {}),
    "stacked": ("stacked_bar", ([("Ресей", "Ұлттық", 5), ("Ресей", "Жеке", 3), ("Франция", "Ұлттық", 2)],
                                "t", "x", "y", "kk"), {"legend_title": "Санат"}),
    "stacked_vertical": ("stacked_bar", ([("A", "p", 1.5), ("B", "q", 2)], "t", "", "y", "en"),
                         {"horizontal": False}),
    "line_single": ("line_chart", ({"Projects": {2022: 167, 2021: 150}}, "t", "Year", "n", "en"), {}),
    "line_many": ("line_chart", ({"A": {2021: 1, 2022: 2.5}, "B": {2021: 3}}, "t", "", "n", "ru"), {}),
    "line_nine": ("line_chart", ({name: {2021: v} for name, v in NINE}, "t", "Year", "n", "en"), {}),
    "donut": ("pie_or_donut", ([("Онлайн", 7), ("Офлайн", 18), ("Аралас", 0.0001)], "Формат", "kk"), {}),
    "pie": ("pie_or_donut", ([("a", 1)], "t", "en"), {"donut": False, "legend_title": "l"}),
    "pie_nine": ("pie_or_donut", (NINE, "t", "ru"), {}),
}
MAPS = {
    "map_classes": (({"RU": 1710, "TR": 578, "FR": 80, "KZ": 3, "DE": None}, "Agreements", "en"),
                    {"legend_title": "agreements", "names": {"RU": "Russia"}}),
    "map_one": (({"FR": 3}, "t", "kk"), {"home_label": "Қазақстан", "no_data_label": "деректер жоқ"}),
    "map_shares": (({"FR": 0.25, "DE": 0.5}, "Shares", "ru"), {}),
    "map_empty": (({}, "Nothing", "kk"), {"legend_title": "x"}),
}


def text(chart) -> str:
    return json.dumps(chart.spec, ensure_ascii=False)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_builder_writes_the_json_its_altair_version_wrote(name):
    builder, args, kwargs = CASES[name]
    new, old = getattr(charts, builder)(*args, **kwargs), getattr(ref, builder)(*args, **kwargs)
    assert text(new) == text(old)
    assert (new.alt, new.title, new.lang, new.height_px, new.meta) == (old.alt, old.title, old.lang, old.height_px,
                                                                         old.meta)


@pytest.mark.parametrize("name", sorted(MAPS))
def test_the_map_is_the_json_its_altair_version_wrote(name):
    args, kwargs = MAPS[name]
    new, old = maps.world_map(*args, **kwargs), ref.world_map(*args, **kwargs)
    assert text(new) == text(old)
    assert (new.alt, new.meta) == (old.alt, old.meta)


def test_more_parts_than_colours_stack_with_vegas_own_colours():
    """Altair refused this spec (a scale range of None); the dict builder leaves the range to Vega."""
    spec = charts.stacked_bar([("A", name, v) for name, v in NINE], "t", "x", "y", "en").spec
    assert spec["encoding"]["color"]["scale"] == {"domain": [name for name, _v in NINE]}


def test_reports_import_no_altair():
    import subprocess
    import sys

    code = ("import sys, intlmon.reports.charts, intlmon.reports.maps, intlmon.reports.chart_images;"
            "print('altair' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
