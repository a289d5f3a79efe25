"""Chart builders: every builder renders to PNG and SVG, Kazakh letters come out as glyphs, numbers
follow the language, and the spec stays plain Vega-Lite JSON for the web."""

from __future__ import annotations

import html
import json
import re

import pytest
from fontTools.ttLib import TTFont

from intlmon.reports.charts import (
    FONT_DIR,
    FONT_FAMILY,
    LABEL_LINE_CHARS,
    ChartSpec,
    bar_chart,
    line_chart,
    pie_or_donut,
    render_png,
    render_svg,
    stacked_bar,
)

KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


BUILDERS = {
    "bar": lambda: bar_chart([("Әзірбайжан", 3), ("Ресей", 30), ("Түркия", 7)], "Келісімдер", "Ел", "Саны", "kk"),
    "bar_vertical": lambda: bar_chart([("Әзірбайжан", 3), ("Ресей", 30)], "Келісімдер", "Ел", "Саны", "kk",
                                      horizontal=False),
    "stacked": lambda: stacked_bar([("Ресей", "Ұлттық", 5), ("Ресей", "Жеке", 3), ("Франция", "Ұлттық", 2)],
                                   "Келісімдер", "Ел", "Саны", "kk", legend_title="Санат"),
    "line": lambda: line_chart({"Жобалар": {2021: 150, 2022: 167, 2023: 159}}, "Жобалар", "Жыл", "Ғылыми жобалар", "kk"),
    "donut": lambda: pie_or_donut([("Онлайн", 7), ("Офлайн", 18), ("Аралас", 2)], "Формат", "kk"),
}
#: a label each builder must show as text in its SVG
EXPECTED_LABEL = {"bar": "Әзірбайжан", "bar_vertical": "Әзірбайжан", "stacked": "Ұлттық",
                  "line": "Ғылыми жобалар", "donut": "Аралас"}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_it_renders_each_builder_to_png_and_svg_with_kazakh_labels_as_text(name):
    chart = BUILDERS[name]()
    assert isinstance(chart, ChartSpec)
    png = render_png(chart)
    assert png.startswith(PNG_MAGIC) and len(png) > 2000
    svg = render_svg(chart)
    assert any(t == EXPECTED_LABEL[name] or t.startswith(EXPECTED_LABEL[name] + " — ") for t in _texts(svg))
    families = set(re.findall(r'<text[^>]*font-family="([^"]+)"', svg))
    assert families == {FONT_FAMILY}


def test_it_ships_a_font_that_has_every_kazakh_letter():
    for path in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        cmap = TTFont(FONT_DIR / path).getBestCmap()
        missing = [ch for ch in KAZAKH_LETTERS if ord(ch) not in cmap]
        assert missing == [], path
    assert (FONT_DIR / "LICENSE").read_text(encoding="utf-8").count("Bitstream") > 0


def _text_only(text: str) -> dict:
    return {"data": {"values": [{"t": text}]}, "mark": {"type": "text", "fontSize": 30, "font": FONT_FAMILY},
            "encoding": {"text": {"field": "t"}}, "width": 300, "height": 50,
            "config": {"view": {"stroke": None}}}


def test_it_draws_kazakh_letters_as_glyphs_not_missing_glyph_boxes():
    # Characters no font has (private use area) render as identical "missing glyph" boxes; if the
    # Kazakh letters were missing too, the two pictures would be the same.
    kazakh = render_png(_text_only("әғқңөұүһі"))
    unknown = render_png(_text_only("\ue000\ue001\ue002\ue003\ue004\ue005\ue006\ue007\ue008"))
    also_unknown = render_png(_text_only("\ue010\ue011\ue012\ue013\ue014\ue015\ue016\ue017\ue018"))
    assert unknown == also_unknown  # the comparison can tell missing glyphs apart from drawn ones
    assert kazakh != unknown


def test_it_writes_numbers_the_russian_and_kazakh_way_and_english_way():
    series = {"Проекты": {2022: 1200, 2023: 1500}}
    ru = _texts(render_svg(line_chart(series, "Проекты", "Год", "Число", "ru")))
    en = _texts(render_svg(line_chart(series, "Projects", "Year", "Number", "en")))
    assert "1\u00a0500" in ru and "1,500" in en
    # years are categories, never "2 023"
    assert "2023" in ru and "2\u00a0023" not in ru


def test_it_keeps_bars_in_the_given_order_and_labels_values():
    items = [("B-country", 5), ("A-country", 40), ("C-country", 12)]
    texts = _texts(render_svg(bar_chart(items, "t", "", "n", "en")))
    labels = [t for t in texts if t.endswith("-country")]
    assert labels == ["B-country", "A-country", "C-country"]
    assert {"5", "40", "12"} <= set(texts)


def test_it_gives_alt_text_with_the_largest_values_and_plain_json_for_the_web():
    chart = bar_chart([("Франция", 84), ("Ресей", 1234), ("Түркия", 7)], "Келісімдер", "Ел", "Саны", "ru")
    assert chart.alt.startswith("Келісімдер.")
    assert chart.alt.index("Ресей: 1\u00a0234") < chart.alt.index("Франция: 84")
    spec = json.loads(chart.to_json())
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert "Ресей" in json.dumps(spec, ensure_ascii=False) and "http" not in json.dumps(spec.get("data", {}))


def test_it_accepts_decimal_values():
    from decimal import Decimal

    chart = bar_chart([("a", Decimal("2.5")), ("b", Decimal("4"))], "t", "", "%", "en")
    texts = _texts(render_svg(chart))
    assert "2.5" in texts and "4.0" in texts


def test_it_wraps_long_names_instead_of_cutting_them():
    """A 90-letter HEI name is drawn whole on two or three lines, never cut with '…'."""
    long = "Казахский национальный исследовательский технический университет имени К. И. Сатпаева"
    svg = render_svg(bar_chart([(long, 35), ("Университет «Мирас»", 7)], "t", "", "проекты", "ru"))
    texts = " ".join(re.findall(r">([^<>]+)<", svg))
    assert "…" not in svg
    for word in long.split():
        assert word in texts
    lines = [t for t in re.findall(r">([^<>]+)<", svg) if t.strip() and t.strip() in long]
    assert 2 <= len(lines) <= 3 and all(len(t) <= LABEL_LINE_CHARS for t in lines)


def test_it_writes_every_share_in_the_donut_legend_and_labels_only_wide_slices():
    """Thin neighbouring slices (0.1 %, 0.0 %) used to print their labels over each other."""
    items = [("Страны СНГ", 2886), ("Европа", 2280), ("Азия", 741), ("Америка", 131), ("Африка", 9), ("Океания", 3)]
    texts = [html.unescape(t) for t in _texts(render_svg(pie_or_donut(items, "Доли", "ru")))]
    assert "Европа — 37,7\u00a0%" in texts
    assert "Африка — 0,1\u00a0%" in texts and "Океания — <\u00a00,1\u00a0%" in texts
    ring = [t for t in texts if t.endswith("%") and " — " not in t]
    assert sorted(ring) == sorted(["48\u00a0%", "38\u00a0%", "12\u00a0%"])
