"""Correcting, deleting and adding a row in the browser: a new draft version through the workbook's
validation (collection.correct); an invalid cell is refused on the form with nothing stored; a row of
another HEI is 404."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from intlmon.collection.cells import records_of
from intlmon.collection.models import AuditEntry, Submission
from intlmon.collection.sections import section
from tests.web import clerk_helpers
from tests.web.clerk_helpers import DDP, ddp, page, stored_version

clerk_world = clerk_helpers.clerk_world


def edit_url(record) -> str:
    return f"{reverse('web:clerk-row-edit', kwargs={'record': record.pk})}?section={DDP}"


def second_row(version):
    return list(records_of(version, section(DDP)))[1]


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_section_lists_the_rows_of_the_current_version(as_persona, clerk_world, tmp_path):
    v = stored_version(tmp_path, ddp(), ddp(programme="7M01705 Иностранный язык", enrolment=3))
    text = page(english(as_persona("clerk_a")).get(f"{reverse('web:clerk-rows')}?section={DDP}"))
    assert f"Rows of version {v.version}." in text and "7M01705" in text and "Correct row 4" in text


def test_correcting_a_cell_makes_a_new_draft_and_shows_the_difference(as_persona, clerk_world, tmp_path):
    v = stored_version(tmp_path, ddp(), ddp(programme="7M01705 Иностранный язык", enrolment=3))
    client = english(as_persona("clerk_a"))
    form = page(client.get(edit_url(second_row(v))))
    assert 'value="3"' in form
    assert 'list="choices_level"' in form and '<option value="master&#x27;s"></option>' in form  # the dropdown
    response = client.post(edit_url(second_row(v)), {"section": DDP, "enrolment": "7", "save": ""}, follow=True)
    new = Submission.objects.get(institution_id="hei-a", is_current=True)
    assert (new.version, new.status) == (v.version + 1, "draft")
    assert second_row(new).enrolment == 7
    text = page(response)
    assert f"Version {new.version} was made from version {v.version}" in text
    assert '<td class="cell-changed"><del>3</del> → <ins>7</ins></td>' in text
    assert AuditEntry.objects.filter(submission=new, action="correct_edit", actor="clerk_a").exists()


def test_an_invalid_date_is_refused_on_the_form_and_nothing_is_stored(as_persona, clerk_world, tmp_path):
    v = stored_version(tmp_path, ddp(), ddp(programme="7M01705 Иностранный язык", enrolment=3))
    client = english(as_persona("clerk_a"))
    response = client.post(edit_url(second_row(v)), {"section": DDP, "contract_date": "31.02.2021"})
    assert response.status_code == 422
    text = page(response)
    assert "Nothing was stored" in text and "31.02.2021" in text and "<code>date</code>" in text
    assert 'value="31.02.2021"' in text  # what the clerk typed is kept
    assert Submission.objects.get(institution_id="hei-a", is_current=True).pk == v.pk


def test_deleting_and_adding_rows_make_new_versions(as_persona, clerk_world, tmp_path):
    v = stored_version(tmp_path, ddp(), ddp(programme="7M01705 Иностранный язык", enrolment=3))
    client = english(as_persona("clerk_a"))
    client.post(edit_url(second_row(v)), {"section": DDP, "delete": ""})
    after_delete = Submission.objects.get(institution_id="hei-a", is_current=True)
    assert after_delete.version == v.version + 1 and records_of(after_delete, section(DDP)).count() == 1
    added = {"section": DDP, "level": "master", "programme": "7M01705 Иностранный язык",
             "partner": "Университет Лотарингии", "country": "Франция", "contract_date": "01.09.2022",
             "term": "5 лет", "funding": "student", "enrolment": "4"}
    client.post(f"{reverse('web:clerk-row-add')}?section={DDP}", added)
    after_add = Submission.objects.get(institution_id="hei-a", is_current=True)
    assert after_add.version == v.version + 2 and records_of(after_add, section(DDP)).count() == 2


def test_a_row_of_another_hei_is_404(as_persona, clerk_world, tmp_path):
    v = stored_version(tmp_path, ddp(), ddp(programme="7M01705 Иностранный язык", enrolment=3))
    client = as_persona("clerk_b")
    assert client.get(edit_url(second_row(v))).status_code == 404
    assert client.post(edit_url(second_row(v)), {"section": DDP, "delete": ""}).status_code == 404
    assert Submission.objects.get(institution_id="hei-a", is_current=True).pk == v.pk
