"""The workbook's extended "Strategic partnerships" sheet, end to end: filled in, ingested, approved, collected
into the register, assessed."""

from __future__ import annotations

from datetime import date

import pytest

from intlmon.collection.template import write_template
from intlmon.partnerships.assess import assess
from intlmon.partnerships.collect import collect
from intlmon.partnerships.models import Partnership
from intlmon.records.models import StrategicPartnership
from intlmon.registry.loading import load_registry

pytestmark = pytest.mark.django_db


def test_a_filled_sheet_reaches_the_register_and_its_assessment(tmp_path, cli):
    load_registry()
    row = {"model": "branch", "partner": "Heriot-Watt University", "country": "Великобритания", "start_year": 2023,
           "term_years": 10, "languages": ["kk", "ru", "en"], "registered": True, "licensed": False,
           "status": "operating", "ministry_agreement": "№ 12-4/77", "ministry_agreement_date": "01.03.2023",
           "other_parties": "ТОО «Казфосфат»", "joint_committees": "Приём; Студенческий опыт",
           "quality_assurance": "Программы утверждают учёные советы обоих вузов"}
    path = write_template(tmp_path / "zhubanov.xlsx", 2024, lang="ru", institution="zhubanov",
                          rows={"strategic_partnerships": [row]})
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "zhubanov", "--accept-warnings"]) == 0
    record = StrategicPartnership.objects.get(institution_id="zhubanov")
    assert (record.status, record.ministry_agreement, record.ministry_agreement_date) == (
        "operating", "№ 12-4/77", date(2023, 3, 1))
    assert collect(2024).created == []  # a draft does not count
    for action in ("submit", "approve"):
        assert cli(["submission", action, "zhubanov", "--year", "2024", "--actor", "test"]) == 0
    out = collect(2024)
    p = Partnership.objects.get(key=out.created[0])
    assert p.joint_committees == ["Приём", "Студенческий опыт"] and p.other_parties == ["ТОО «Казфосфат»"]
    states = {c.id: o.state for c, o in assess(p, 2024).results}
    assert states["ministry_agreement"] == "met" and states["languages"] == "met"
    assert states["licence"] == "not_met" and states["registration"] == "met"
    assert states["long_term"] == "met" and states["quality_assurance"] == "met"
