"""Upload through the API: the same ingest as the command line and the portal. Errors → 400 with the problems
in the one shape and nothing stored; `?check=1` stores nothing; a stored upload is a new draft version."""

from __future__ import annotations

import pytest

from intlmon.collection.models import Submission
from intlmon.collection.problems import FIELDS
from tests.web.clerk_helpers import ddp, workbook

URL = "/api/v1/uploads/"


@pytest.fixture(scope="module", autouse=True)
def _registry_first(registry):
    """The registry (partners, countries) is loaded before the personas' world, as for the clerk pages."""


def post(client, path, year=2024, query="", **extra):
    with open(path, "rb") as f:
        return client.post(URL + query, {"file": f, "year": year, **extra}, format="multipart",
                           HTTP_ACCEPT_LANGUAGE="en")


def test_a_workbook_with_errors_is_400_with_problems_and_nothing_stored(api, tmp_path):
    before = Submission.objects.count()
    bad = workbook(tmp_path / "bad.xlsx", ddp(enrolment="twelve"))
    response = post(api("clerk_a"), bad, confirm=["unresolved_name"])
    assert response.status_code == 400
    body = response.json()
    assert body["accepted"] is False and body["version"] is None and body["errors"] >= 1
    problem = next(p for p in body["problems"] if p["severity"] == "error")
    assert tuple(problem) == FIELDS
    assert problem["file"] == "bad.xlsx" and problem["row"] and problem["column"] and problem["sheet"]
    assert problem["message"] and problem["value"] == "twelve"
    assert Submission.objects.count() == before


def test_check_validates_without_storing_and_a_plain_upload_stores_a_draft(api, tmp_path):
    client, good = api("clerk_a"), workbook(tmp_path / "good.xlsx")
    before = Submission.objects.count()
    checked = post(client, good, query="?check=1", confirm=["unresolved_name"])
    assert checked.status_code == 200, checked.json()["problems"]
    assert checked.json()["check"] is True and Submission.objects.count() == before
    stored = post(client, good)
    assert stored.status_code == 201, stored.json()["problems"]
    version = Submission.objects.get(institution_id="hei-a", period__year=2024, is_current=True)
    assert (stored.json()["version"], stored.json()["status"], version.status) == (version.version, "draft", "draft")
    assert stored.json()["records"]["DoubleDegreeProgramme"] == 1


def test_who_may_upload(api, tmp_path):
    good = workbook(tmp_path / "good.xlsx")
    before = Submission.objects.count()
    other = post(api("clerk_b"), good)  # a workbook of HEI A sent by HEI B's clerk: the ingest's own rule
    assert other.status_code == 400 and "institution_mismatch" in {p["rule"] for p in other.json()["problems"]}
    for_a = post(api("clerk_b"), good, institution="hei-a")  # asking to upload for HEI A: the workflow refuses
    assert for_a.status_code == 403 and for_a.json()["problems"][0]["rule"] == "workflow_refused"
    assert post(api("analyst"), good, institution="hei-a").status_code == 403
    assert post(api("anonymous"), good).status_code == 401
    assert Submission.objects.count() == before


def test_a_request_without_a_file_is_400_in_the_problem_shape(api):
    response = api("clerk_a").post(URL, {"year": 2024}, format="multipart", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert [(p["rule"], p["column"]) for p in response.json()["problems"]] == [("file_missing", "file")]


def test_a_file_past_the_size_limit_is_refused_as_too_large_and_nothing_stored(api, tmp_path):
    from intlmon.collection.safety import MAX_FILE_BYTES

    big = tmp_path / "huge.xlsx"
    with open(big, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    before = Submission.objects.count()
    response = post(api("clerk_a"), big)
    assert response.status_code == 413
    [problem] = response.json()["problems"]
    assert problem["rule"] == "read.file_too_large" and tuple(problem) == FIELDS and "MB" in problem["message"]
    assert Submission.objects.count() == before
