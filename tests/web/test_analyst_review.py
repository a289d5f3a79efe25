"""A submission's review page (web:analyst-review) and the Centre's decisions (web:analyst-decide).

HEI A (p1's world) has version 1 submitted without a file; here the clerk of A uploads version 2 (two
double-degree programmes) through the one ingest path and submits it, and HEI A has an approved 2023.
The analyst reads what quality.review gathers — problems, findings, changes from 2023, the difference
from version 1 — and returns (a comment is required) or approves through the workflow, under their
own name in the audit log; the Ministry's viewer reads an approved version and may decide nothing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from intlmon.collection.models import AuditEntry, Submission
from intlmon.collection.store import store_version
from intlmon.collection.workflow import transition
from intlmon.quality.review import review_data
from tests.web import clerk_helpers
from tests.web.clerk_helpers import CLERK_A, ddp, page, stored_version

clerk_world = clerk_helpers.clerk_world  # p1's world with the registry loaded


@pytest.fixture
def version_2(clerk_world, reg, tmp_path):
    store_version(institution_id="hei-a", year=2023, status="approved",
                  records={"DoubleDegreeProgramme": [{"level": "master", "enrolment": 9}]})
    v2 = stored_version(tmp_path, ddp(enrolment=12), ddp(programme="7M01705 Иностранный язык", enrolment=5))
    return transition(v2, "submit", CLERK_A)


def open_review(client, submission, lang="en", **params):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(reverse("web:analyst-review", kwargs={"pk": submission.pk}), params)
    assert response.status_code == 200
    return page(response)


def decide(client, submission, action, comment=""):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(reverse("web:analyst-decide", kwargs={"pk": submission.pk}),
                       {"action": action, "comment": comment}, follow=True)


def test_the_analyst_reads_what_the_review_gathers(as_persona, version_2):
    client = as_persona("analyst")
    text = open_review(client, version_2, findings="1")
    data = review_data(version_2, "en")
    assert "Alpha University" in text and "version 2" in text
    assert "2 rows added" in text  # version 1 had no rows
    assert data.previous_year == 2023 and data.changes
    for change in data.changes:
        assert change.title in text and (not change.change or change.change in text)
    for finding in data.findings:
        assert finding.message("en") in text
    assert "The file has no problem." in text or any(p.message("en") in text for p in data.problems)
    assert 'value="approve"' in text and 'value="return"' in text and 'value="lock"' in text
    assert 'value="reopen"' not in text  # not locked: nothing to reopen


def test_the_audit_findings_come_after_the_page_through_htmx(as_persona, version_2):
    client = as_persona("analyst")
    url = reverse("web:analyst-review", kwargs={"pk": version_2.pk})
    first = open_review(client, version_2)
    assert f'hx-get="{url}?findings=1"' in first and 'class="findings"' not in first
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    fragment = page(client.get(url, {"findings": "1"}, HTTP_HX_REQUEST="true"))
    assert fragment.startswith('<section aria-labelledby="findings">') and "<html" not in fragment
    findings = review_data(version_2, "en").findings
    assert all(f.message("en") in fragment for f in findings)
    assert ("The audit finds nothing for this HEI." in fragment) == (not findings)


def test_returning_needs_a_comment_and_the_clerk_reads_it(as_persona, version_2):
    client = as_persona("analyst")
    refused = page(decide(client, version_2, "return"))
    assert "Returning data to the HEI needs a comment" in refused
    assert Submission.objects.get(pk=version_2.pk).status == "submitted"

    done = page(decide(client, version_2, "return", "Programme 7M01705: the partner is missing its contract"))
    assert Submission.objects.get(pk=version_2.pk).status == "returned"
    assert "Version 2 of Alpha University: returned." in done
    entry = AuditEntry.objects.filter(submission=version_2, action="return").get()
    assert entry.actor == "analyst" and entry.detail["comment"].startswith("Programme 7M01705")

    clerk = as_persona("clerk_a")
    clerk.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "the partner is missing its contract" in page(clerk.get(reverse("web:clerk-home")))


def test_the_analyst_approves_and_the_viewer_then_reads_it_without_buttons(as_persona, version_2):
    decide(as_persona("analyst"), version_2, "approve")
    assert Submission.objects.get(pk=version_2.pk).status == "approved"
    assert AuditEntry.objects.filter(submission=version_2, action="approve", actor="analyst").exists()

    viewer = as_persona("viewer")
    text = open_review(viewer, version_2)
    assert "Alpha University" in text and 'name="action"' not in text
    for action in ("return", "lock"):
        assert viewer.post(reverse("web:analyst-decide", kwargs={"pk": version_2.pk}),
                           {"action": action, "comment": "no"}).status_code == 403
    assert Submission.objects.get(pk=version_2.pk).status == "approved"
    assert Submission.objects.get(pk=version_2.pk).locked_at is None


def test_a_lock_offers_reopen_only_and_a_refusal_is_the_workflows_message(as_persona, version_2):
    client = as_persona("analyst")
    decide(client, version_2, "lock")
    text = open_review(client, version_2)
    assert 'value="reopen"' in text and 'value="approve"' not in text
    refused = page(decide(client, version_2, "approve"))  # a stale page's button
    assert "is locked; an analyst of the Centre must reopen it first" in refused
    assert Submission.objects.get(pk=version_2.pk).status == "submitted"


def test_the_page_and_its_decisions_read_in_russian(as_persona, version_2):
    text = open_review(as_persona("analyst"), version_2, lang="ru")
    assert "Вернуть вузу" in text and "Утвердить" in text and "Отличия от предыдущей версии" in text
    assert "Alpha University" not in text and "Университет Альфа" in text


def test_an_unknown_action_is_a_bad_request(as_persona, version_2):
    response = as_persona("analyst").post(reverse("web:analyst-decide", kwargs={"pk": version_2.pk}),
                                          {"action": "submit"})
    assert response.status_code == 400
    assert Submission.objects.get(pk=version_2.pk).status == "submitted"
