"""The index of a hand-built world, worked out on paper (tests/index/conftest.py).

Computable: ISR (international students ÷ students, pillar MOB), DDP (pillar EDU), EPJ (pillar PRS);
every other indicator has no value. Min-max to [0, 100] (fewer than 4 values: not treated):
  DDP 4, 1, 2        → hei1 100, hei2 0,   hei3 33.33
  EPJ 1, 3, 2        → hei1 0,   hei2 100, hei3 50
  ISR .01, .04, —    → hei1 0,   hei2 100, hei3 missing (no students stated: no denominator)
Pillars = their one indicator; Index = mean of the pillars a HEI has (equal weights):
  hei1 (0 + 100 + 0) / 3 = 33.33, hei2 (100 + 0 + 100) / 3 = 66.67, hei3 (33.33 + 50) / 2 = 41.67
→ ranks hei2 1, hei3 2, hei1 3. With the EDU pillar weighing 3:
  hei1 (0 + 300 + 0) / 5 = 60, hei2 (100 + 0 + 100) / 5 = 40, hei3 (100 + 50) / 4 = 37.5 → hei1, hei2, hei3.
"""

from __future__ import annotations

import math

import pytest

from intlmon.index import framework as fw
from intlmon.index.compute import compute_index
from intlmon.index.present import as_json
from intlmon.records.models import Project

pytestmark = pytest.mark.django_db


def ranking(result):
    return [(r.code, r.rank) for r in result.rows]


def test_the_ranking_of_the_hand_built_world(small_world):
    result = compute_index(small_world.year, runs=0)
    assert [i.code for i in result.indicators] == ["ISR", "DDP", "EPJ"]
    assert ranking(result) == [("hei2", 1), ("hei3", 2), ("hei1", 3)]
    scores = {r.code: r.score for r in result.rows}
    assert scores["hei1"] == pytest.approx(100 / 3)
    assert scores["hei2"] == pytest.approx(200 / 3)
    assert scores["hei3"] == pytest.approx((100 / 3 + 50) / 2)


def test_changing_one_weight_of_the_framework_changes_the_ranking(small_world):
    result = compute_index(small_world.year, runs=0, weights={"EDU": 3})
    assert ranking(result) == [("hei1", 1), ("hei2", 2), ("hei3", 3)]
    assert {r.code: r.score for r in result.rows}["hei1"] == pytest.approx(60)


def test_a_missing_denominator_leaves_the_indicator_missing_never_zero(small_world):
    result = compute_index(small_world.year, runs=0)
    idata = result.idata.set_index("uCode")
    values = result.denominated.set_index("uCode")
    assert idata.loc["hei3", "ISR"] == 30                  # 30 foreign students …
    assert math.isnan(idata.loc["hei3", "students"])       # … and no students stated
    assert math.isnan(values.loc["hei3", "ISR"])           # → no share, not 0 and not infinite
    assert values.loc["hei2", "ISR"] == 40 / 1000
    assert result.missing_denominator == {"ISR": ["hei3"]}
    assert {r.code: r.available for r in result.rows} == {"hei1": 3, "hei2": 3, "hei3": 2}
    assert "MOB" not in {p: v for r in result.rows if r.code == "hei3" for p, v in r.pillars.items()
                         if not math.isnan(v)}


def test_an_indicator_whose_denominator_no_hei_states_is_not_computable_with_the_reason(small_world):
    hei1, hei2, _hei3 = small_world.heis
    small_world.add(Project, hei1, kind="research", country_id="FR", quantity=2)
    small_world.add(Project, hei2, kind="research", country_id="FR", quantity=1)
    result = compute_index(small_world.year, runs=0)
    # hei1 states 100 academic staff: RPJ is computable for it, missing for hei2 (no staff stated)
    assert "RPJ" in [i.code for i in result.indicators]
    assert result.missing_denominator["RPJ"] == ["hei2"]
    reasons = as_json(result, "en")["not_computable"]
    assert {"code": "IFR", "name": "Visiting foreign faculty per academic staff",
            "reason": "no HEI has a value of the statistic visiting_faculty for 2023"} in reasons


def test_hei_below_the_data_availability_threshold_is_screened_out_with_the_reason(small_world):
    from intlmon.records.models import DoubleDegreeProgramme

    hei4 = small_world.heis[0].__class__.objects.create(id="hei4", name_en="University 4", name_ru="Университет 4")
    small_world.add(DoubleDegreeProgramme, hei4, country_id="CN")   # 1 of 3 indicators: 33 % < 50 %
    result = compute_index(small_world.year, runs=0)
    assert [s.code for s in result.screened] == ["hei4"]
    assert "hei4" not in [r.code for r in result.rows]
    out = as_json(result, "en")["screened_out"]
    assert out == [{"institution": "hei4", "name": "University 4", "indicators_available": 1,
                    "reason": "1 of 3 indicators have a value (33 %, below the threshold of 50 %)"}]
    assert "ниже порога 50 %)" in as_json(result, "ru")["screened_out"][0]["reason"]


def test_every_ranked_hei_has_its_monte_carlo_band_and_the_same_seed_gives_the_same_bands(small_world):
    first = compute_index(small_world.year, runs=40)
    again = compute_index(small_world.year, runs=40)
    assert [(r.q5, r.median, r.q95) for r in first.rows] == [(r.q5, r.median, r.q95) for r in again.rows]
    for r in first.rows:
        assert 1 <= r.q5 <= r.median <= r.q95 <= len(first.rows)
    assert first.runs == 40 and first.seed == fw.MC_SEED


def test_the_international_research_network_is_qs_l_over_ln_p_and_missing_below_two_partners(small_world):
    from intlmon.records.models import Agreement
    from intlmon.registry.models import ForeignOrganisation

    hei1, hei2, hei3 = small_world.heis
    for pid, country in (("p1", "FR"), ("p2", "FR"), ("p3", "RU"), ("p4", "CN")):
        ForeignOrganisation.objects.create(id=pid, name_en=pid, country_id=country)
    for hei, partners in ((hei1, ("p1", "p2", "p3", "p3")), (hei2, ("p1", "p4")), (hei3, ("p1",))):
        for pid in partners:
            small_world.add(Agreement, hei, partner_id=pid, country_id=ForeignOrganisation.objects.get(pk=pid).country_id)
    result = compute_index(small_world.year, runs=0)
    irn = result.idata.set_index("uCode")["IRN"]
    assert irn["hei1"] == pytest.approx(2 / math.log(3))   # L = 2 countries (FR, RU), P = 3 partners
    assert irn["hei2"] == pytest.approx(2 / math.log(2))   # L = 2 (FR, CN), P = 2
    assert math.isnan(irn["hei3"])                         # P = 1: ln 1 = 0, no value (not infinite, not 0)
