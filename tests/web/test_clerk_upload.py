"""The upload page: a workbook with errors is shown problem by problem (grouped by sheet, with row,
column, value, message and hint in the clerk's language), nothing is stored, the annotated copy marks
the cells; a good workbook becomes a draft version in the audit log under the clerk's name; warnings are
accepted by rule id; another HEI's clerk gets 404 on the upload."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from intlmon.collection.models import AuditEntry, Submission
from tests.web import clerk_helpers
from tests.web.clerk_helpers import ddp, page, workbook

clerk_world, uploads_dir = clerk_helpers.clerk_world, clerk_helpers.uploads_dir  # the module's fixtures


def send(client, path, lang="en"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    with open(path, "rb") as f:
        upload = SimpleUploadedFile(path.name, f.read())
    return client.post(reverse("web:clerk-upload"), {"workbook": upload})


def versions_of_a():
    return Submission.objects.filter(institution_id="hei-a").count()


def test_a_workbook_with_errors_is_shown_by_sheet_row_and_column_and_nothing_is_stored(
        as_persona, clerk_world, uploads_dir, tmp_path):
    client = as_persona("clerk_a")
    before = versions_of_a()
    path = workbook(tmp_path / "alpha.xlsx", ddp(), ddp(programme="7M01705 Иностранный язык", contract_date="31.02.2021"))
    response = send(client, path)
    assert response.status_code == 302
    result = client.get(response["Location"])
    text = page(result)
    assert versions_of_a() == before
    assert "1 error: nothing was stored" in text
    assert "31.02.2021" in text and "<td>4</td>" in text  # the value and its workbook row
    assert "Sheet “" in text and "<code>date</code>" in text
    # the same result in Kazakh, without uploading again
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    kk = page(client.get(response["Location"]))
    assert "1 қате: ештеңе сақталмады" in kk and "31.02.2021" in kk

    annotated = client.get(response["Location"] + "annotated/")
    assert annotated.status_code == 200 and "attachment" in annotated["Content-Disposition"]
    marked = load_workbook(io.BytesIO(b"".join(annotated.streaming_content)))
    comments = [c.comment.text for ws in marked.worksheets for row in ws.iter_rows() for c in row if c.comment]
    assert any("date" in c for c in comments), comments


def test_the_clerk_of_another_hei_gets_404_on_the_upload(as_persona, clerk_world, uploads_dir, tmp_path):
    client = as_persona("clerk_a")
    response = send(client, workbook(tmp_path / "alpha.xlsx", ddp(contract_date="31.02.2021")))
    result_url = response["Location"]
    other = as_persona("clerk_b")
    assert other.get(result_url).status_code == 404
    assert other.get(result_url + "annotated/").status_code == 404
    assert other.post(result_url + "confirm/", {"confirm": "date"}).status_code == 404


def test_a_good_workbook_becomes_a_draft_version_recorded_with_the_clerk(as_persona, clerk_world, uploads_dir, tmp_path):
    client = as_persona("clerk_a")
    before = versions_of_a()
    response = send(client, workbook(tmp_path / "alpha.xlsx", ddp()))
    text = page(client.get(response["Location"]))
    new = Submission.objects.get(institution_id="hei-a", is_current=True)
    assert versions_of_a() == before + 1 and new.status == "draft"
    assert f"Stored as version {new.version}, a draft" in text
    assert AuditEntry.objects.filter(submission=new, action="store_version", actor="clerk_a").exists()


def test_warnings_are_accepted_by_rule_id_like_confirm(as_persona, clerk_world, uploads_dir, tmp_path):
    client = as_persona("clerk_a")
    before = versions_of_a()
    response = send(client, workbook(tmp_path / "alpha.xlsx", ddp(programme="Экономика")))  # no programme code
    result_url = response["Location"]
    text = page(client.get(result_url))
    assert "warnings need your confirmation" in text and 'value="programme_code"' in text
    assert versions_of_a() == before
    assert client.post(result_url + "confirm/", {}).status_code == 302  # nothing ticked: nothing stored
    assert versions_of_a() == before
    client.post(result_url + "confirm/", {"confirm": ["programme_code", "not-asked"]})
    assert versions_of_a() == before + 1
    assert Submission.objects.get(institution_id="hei-a", is_current=True).confirmed_warnings == ["programme_code"]


def test_an_upload_without_a_file_says_so(as_persona, clerk_world, uploads_dir):
    client = as_persona("clerk_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("web:clerk-upload"), {}, follow=True)
    assert "Choose the workbook to upload." in page(response)


def test_a_file_that_is_no_workbook_is_refused_by_the_safety_checks(as_persona, clerk_world, uploads_dir, tmp_path):
    client = as_persona("clerk_a")
    before = versions_of_a()
    fake = tmp_path / "alpha.xlsx"
    fake.write_bytes(b"name,country\nLorraine,France\n")
    result = client.get(send(client, fake)["Location"])
    text = page(result)
    assert versions_of_a() == before
    assert "nothing was stored" in text and "The file as a whole" in text and "<code>read." in text
    assert "Download your workbook with the problem cells marked" not in text  # no cell to mark


def test_stale_uploads_are_looked_for_at_most_every_sweep_interval(uploads_dir):
    import os

    from intlmon.web import uploads

    now = 1_900_000_000.0

    def stale(name):
        folder = uploads.upload_root() / name
        folder.mkdir(parents=True)
        os.utime(folder, (now - uploads.MAX_AGE - 60,) * 2)
        return folder

    first = stale("old-1")
    assert uploads.sweep(now) and not first.exists()
    second = stale("old-2")
    assert not uploads.sweep(now + 1) and second.exists()  # looked a second ago: not again on every upload
    assert uploads.sweep(now + uploads.SWEEP_EVERY) and not second.exists()
