"""Records written by the direct INSERT are the records `bulk_create` would have written; unknown partners
named on several rows are queued once with every row counted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from intlmon.collection.models import AuditEntry, Submission
from intlmon.collection.store import store_version
from intlmon.records.models import Agreement, StrategicPartnership
from intlmon.registry.models import Country, Institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def hei(db):
    Country.objects.get_or_create(code="FR", defaults={"alpha3": "FRA", "name_ru": "Франция", "name_en": "France"})
    return Institution.objects.create(id="test-hei", name_ru="Тестовый университет")


AGREEMENTS = [
    {"partner_raw": "Université de Lorraine", "country_id": "FR", "country_raw": "Франция", "countries": ["FR"],
     "directions": ["mobility", "совместные проекты"], "signed_on": dt.date(2019, 3, 27), "signed_raw": "27.03.2019",
     "valid_until": dt.date(2024, 3, 27), "auto_renewal": True, "term_raw": "5 лет", "source_sheet": "Договоры",
     "source_row": 3},
    # nothing but the raw text: every other field takes its default (empty lists, False, NULL)
    {"partner_raw": "Нигде", "source_sheet": "Договоры", "source_row": 4},
]
PARTNERSHIPS = [
    {"model": "branch", "partner_raw": "Heriot-Watt", "start_year": 2019, "term_years": 5, "partner_ranking": 235,
     "foreign_staff_share": Decimal("49.5"), "languages": ["en", "ru"], "kazakh_language_disciplines": 9,
     "registered": False, "licensed": None, "funding": "partner", "source_row": 3},
]


def stored_rows(model, submission) -> list[tuple]:
    names = [f.attname for f in model._meta.concrete_fields if f.attname not in ("id", "submission_id")]
    return [tuple(row[n] for n in names) for row in
            model.objects.filter(submission=submission).order_by("source_row").values(*names)]


@pytest.mark.parametrize("model, rows", [(Agreement, AGREEMENTS), (StrategicPartnership, PARTNERSHIPS)])
def test_the_direct_insert_stores_what_bulk_create_stores(hei, model, rows):
    stored = store_version(institution_id=hei.id, year=2024, records={model.__name__: rows}, content=b"one")
    assert stored.counts == {model.__name__: len(rows)}
    reference = Submission.objects.create(institution=hei, period=stored.submission.period, version=99)
    model.objects.bulk_create([model(period=stored.submission.period, submission=reference, institution=hei, **row)
                               for row in rows])
    direct, bulk = stored_rows(model, stored.submission), stored_rows(model, reference)
    assert direct == bulk
    # and the values read back are the values given (dates as dates, lists as lists, decimals exact)
    first = model.objects.filter(submission=stored.submission).order_by("source_row").first()
    assert {key: getattr(first, key) for key in rows[0]} == rows[0]


def test_rows_naming_a_related_object_are_stored_through_bulk_create(hei):
    france = Country.objects.get(code="FR")
    stored = store_version(institution_id=hei.id, year=2024, content=b"objects",
                           records={"Agreement": [{"partner_raw": "Université de Lorraine", "country": france}]})
    assert stored.counts == {"Agreement": 1}
    assert Agreement.objects.get(submission=stored.submission).country_id == "FR"


def test_an_unknown_partner_on_several_rows_is_queued_once_with_every_row_counted(tmp_path, cli):
    from intlmon.collection.template import write_template
    from intlmon.registry.loading import load_registry
    from intlmon.registry.models import ReviewItem

    load_registry()
    name = "Университет Нигде Не Существующий"
    rows = [{"partner": name, "country": "Франция", "signed_on": "01.02.2020"},
            {"partner": name, "country": "Франция", "signed_on": "01.02.2021"},
            {"partner": name.upper(), "country": "Франция", "signed_on": "01.02.2022"},
            {"partner": name, "country": "Германия", "signed_on": "01.02.2023"}]
    path = write_template(tmp_path / "w.xlsx", 2024, lang="ru", institution="kaznpu", rows={"agreements": rows})
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu"]) == 0
    items = {(i.raw, i.context): i for i in ReviewItem.objects.filter(kind="organisation")}
    # the same text in another case is the same item (its first spelling kept); another country, another item
    assert sorted((k, i.records) for k, i in items.items()) == [((name, "Германия"), 1), ((name, "Франция"), 3)]
    entries = list(AuditEntry.objects.filter(action="queue_name").order_by("id"))
    assert [(e.detail["row"], e.detail["review_item"]) for e in entries] == [
        (3, items[name, "Франция"].pk), (4, items[name, "Франция"].pk), (5, items[name, "Франция"].pk),
        (6, items[name, "Германия"].pk)]
    assert entries[2].detail["name"] == name.upper()
