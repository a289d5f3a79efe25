"""The index report (kk, ru, en): every rank printed has its band, in the table and in the chart; the
framework table lists every indicator; the HEIs screened out are listed with the reason."""

from __future__ import annotations

import pytest

from intlmon.index import framework as fw
from intlmon.index.report import build_index_report
from intlmon.records.models import DoubleDegreeProgramme
from intlmon.reports.document import Figure, Table

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(small_world, compiled_catalogues):
    hei4 = small_world.heis[0].__class__.objects.create(id="hei4", name_en="University 4", name_ru="Университет 4")
    small_world.add(DoubleDegreeProgramme, hei4, country_id="CN")
    cache: dict = {}
    return {lang: build_index_report(small_world.year, lang, cache) for lang in ("kk", "ru", "en")}


def _table(doc, starts: str) -> Table:
    return next(b for b in doc.blocks if isinstance(b, Table) and b.caption.startswith(starts))


def test_every_rank_in_the_report_has_its_band(documents):
    for lang, doc in documents.items():
        ranking = next(b for b in doc.blocks if isinstance(b, Table) and len(b.columns) == 6 and b.rows
                       and isinstance(b.rows[0][0], int))
        assert [row[0] for row in ranking.rows] == [1, 2, 3], lang
        for row in ranking.rows:
            low, high = (int(x) for x in row[1].split("–"))
            assert 1 <= low <= high <= 3, (lang, row)
        [chart] = [b for b in doc.blocks if isinstance(b, Figure) and "Q5–Q95" in b.caption]
        values = _drawn(chart.chart.spec)
        assert [v["rank"] for v in values] == [1, 2, 3], lang
        assert all(1 <= v["q5"] <= v["median"] <= v["q95"] <= 3 for v in values), lang


def _drawn(spec) -> list[dict]:
    """The rows the Vega-Lite spec draws (wherever Altair put its inline data)."""
    if isinstance(spec, dict):
        values = spec.get("values")
        if isinstance(values, list) and values and isinstance(values[0], dict) and "rank" in values[0]:
            return values
        children = spec.values()
    elif isinstance(spec, list):
        children = spec
    else:
        return []
    return next((found for child in children if (found := _drawn(child))), [])


def test_the_report_lists_the_framework_and_the_screened_out_heis_with_the_reason(documents):
    en = documents["en"]
    framework = _table(en, "Indicators of the framework")
    assert [row[0] for row in framework.rows] == [i.code for i in fw.INDICATORS]
    screened = _table(en, "HEIs screened out and why")
    assert screened.rows == [["University 4", "1/3", "1 of 3 indicators have a value (33 %, below the threshold of 50 %)"]]
    assert _table(documents["ru"], "Отсеянные вузы").rows[0][2].startswith("значения есть у 1 из 3 показателей")
    not_computable = _table(en, "Indicators not computable and why")
    assert {row[0] for row in not_computable.rows} == {i.code for i in fw.INDICATORS} - {"ISR", "DDP", "EPJ"}
