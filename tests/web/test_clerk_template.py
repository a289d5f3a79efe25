"""The template page: the workbook for the current period in the chosen language, prefilled with last
year's approved rows that carry over (collection.carryover), for the clerk's own HEI."""

from __future__ import annotations

import io

from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from intlmon.collection.workflow import SYSTEM, transition
from intlmon.records.models import ReportingPeriod
from tests.web import clerk_helpers
from tests.web.clerk_helpers import ddp, page, stored_version

clerk_world = clerk_helpers.clerk_world


def download(client, lang):
    response = client.get(reverse("web:clerk-template"), {"download": "1", "lang": lang})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_without_last_years_data_the_template_is_empty(as_persona, clerk_world):
    client = as_persona("clerk_b")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "so the template is empty" in page(client.get(reverse("web:clerk-template")))
    book = download(client, "kk")
    assert "hei-b" in [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]


def test_last_years_approved_programmes_carry_over_into_the_template(as_persona, clerk_world, tmp_path):
    ReportingPeriod.objects.get_or_create(year=2023)
    last = stored_version(tmp_path, ddp(), ddp(programme="7M01705 Иностранный язык", contract_date="01.09.2010",
                                                term="5 лет", enrolment=3), year=2023)
    transition(transition(last, "submit", SYSTEM), "approve", SYSTEM)
    client = as_persona("clerk_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = page(client.get(reverse("web:clerk-template")))
    assert f"approved data of 2023 (version {last.version})" in text and "1 row" in text
    cells = [c.value for ws in download(client, "ru").worksheets for row in ws.iter_rows() for c in row]
    assert "7M04107 Экономика" in cells and "7M01705 Иностранный язык" not in cells  # ended in 2015
