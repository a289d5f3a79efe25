"""Submissions: authenticated only; a clerk sees its own HEI's versions (another HEI's: 404); the Centre
every version but drafts; the viewer approved ones. Workflow actions through collection.workflow."""

from __future__ import annotations

import pytest

from intlmon.collection.models import AuditEntry, Submission

LIST = "/api/v1/submissions/"


def listed(client) -> set[int]:
    response = client.get(LIST)
    assert response.status_code == 200, response.content
    return {s["id"] for s in response.json()["results"]}


def test_who_sees_which_version(api, api_world):
    a24, b24, a23 = api_world.submission_a.pk, api_world.submission_b.pk, api_world.approved_a.pk
    assert listed(api("clerk_a")) == {a24, a23}
    assert listed(api("clerk_b")) == {b24}
    assert listed(api("analyst")) == {a24, a23}  # a draft is its HEI's own until submitted
    assert listed(api("viewer")) == {a23}
    assert listed(api("admin")) == {a24, b24, a23}
    assert api("anonymous").get(LIST).status_code in (401, 403)


@pytest.mark.parametrize("persona,status", [("clerk_a", 200), ("clerk_b", 404), ("analyst", 200), ("viewer", 404),
                                            ("anonymous", 401)])
def test_hei_a_version_and_its_history_by_persona(api, api_world, persona, status):
    client = api(persona)
    url = f"{LIST}{api_world.submission_a.pk}/"
    assert client.get(url).status_code == status
    assert client.get(url + "history/").status_code == status
    if status == 200:
        body = client.get(url).json()
        assert (body["institution"], body["year"], body["status"], body["locked"]) == ("hei-a", 2024, "submitted", False)
        assert "file_content" not in body
        [step] = client.get(url + "history/").json()
        assert (step["actor"], step["action"], step["comment"]) == ("clerk_a", "submit", "Alpha's own remark")


def test_list_filters(api, api_world):
    client = api("admin")
    assert {s["id"] for s in client.get(f"{LIST}?year=2023").json()["results"]} == {api_world.approved_a.pk}
    assert {s["id"] for s in client.get(f"{LIST}?status=draft").json()["results"]} == {api_world.submission_b.pk}
    assert {s["id"] for s in client.get(f"{LIST}?institution=hei-b").json()["results"]} == {api_world.submission_b.pk}
    bad = client.get(f"{LIST}?status=lost", HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400 and bad.json()["problems"][0]["column"] == "status"


def test_an_analyst_returns_with_a_comment_and_the_clerk_resubmits(api, api_world):
    url = f"{LIST}{api_world.submission_a.pk}/"
    analyst = api("analyst")
    no_comment = analyst.post(url + "return/", {}, format="json")
    assert no_comment.status_code == 409 and no_comment.json()["problems"][0]["rule"] == "workflow_refused"
    returned = analyst.post(url + "return/", {"comment": "Row 3: the partner's country"}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    assert returned.json()["comment"] == "Row 3: the partner's country"
    assert api("clerk_a").post(url + "submit/", {}, format="json").json()["status"] == "submitted"
    assert list(AuditEntry.objects.filter(submission_id=api_world.submission_a.pk).values_list("actor", "action"))[-2:] == [
        ("analyst", "return"), ("clerk_a", "submit")]


def test_roles_the_workflow_refuses_and_other_heis_versions(api, api_world):
    url = f"{LIST}{api_world.submission_a.pk}/"
    refused = api("clerk_a").post(url + "approve/", {}, format="json")
    assert refused.status_code == 403 and refused.json()["problems"][0]["message"]
    assert api("clerk_b").post(url + "submit/", {}, format="json").status_code == 404
    assert api("viewer").post(url + "lock/", {}, format="json").status_code == 404  # not visible to a viewer
    assert api("anonymous").post(url + "approve/", {}, format="json").status_code == 401
    assert Submission.objects.get(pk=api_world.submission_a.pk).status == "submitted"


def test_lock_and_reopen(api, api_world):
    url = f"{LIST}{api_world.submission_a.pk}/"
    analyst = api("analyst")
    assert analyst.post(url + "lock/", {}, format="json").json()["locked"] is True
    assert analyst.post(url + "approve/", {}, format="json").status_code == 409  # locked: reopen first
    assert analyst.post(url + "reopen/", {}, format="json").json()["locked"] is False
    assert analyst.post(url + "approve/", {}, format="json").json()["status"] == "approved"


def test_the_browser_session_needs_the_csrf_token(api, api_world):
    client = api("analyst", enforce_csrf_checks=True)
    url = f"{LIST}{api_world.submission_a.pk}/lock/"
    assert client.post(url, {}, format="json").status_code == 403
    assert Submission.objects.get(pk=api_world.submission_a.pk).locked_at is None
