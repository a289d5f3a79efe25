"""Submitting goes through the workflow: the current draft becomes submitted with an audit entry under
the clerk's name; a version the workflow refuses stays as it is and the clerk reads why; another HEI's
version is 404."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from intlmon.collection.models import AuditEntry, Submission
from tests.web import clerk_helpers
from tests.web.clerk_helpers import ddp, page, stored_version

clerk_world = clerk_helpers.clerk_world


def submit(client, version):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(reverse("web:clerk-submit", kwargs={"pk": version.pk}), follow=True)


def test_the_clerk_submits_the_current_draft(as_persona, clerk_world, tmp_path):
    draft = stored_version(tmp_path, ddp())
    client = as_persona("clerk_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    home = page(client.get(reverse("web:clerk-home")))
    assert f"Submit version {draft.version} to the Centre" in home
    text = page(submit(as_persona("clerk_a"), draft))
    draft.refresh_from_db()
    assert draft.status == "submitted" and f"Version {draft.version} has been submitted to the Centre." in text
    entry = AuditEntry.objects.get(submission=draft, action="submit")
    assert entry.actor == "clerk_a" and entry.detail["role"] == "clerk"


def test_a_refused_submission_changes_nothing_and_says_why(as_persona, clerk_world, tmp_path):
    old = stored_version(tmp_path, ddp(), name="1.xlsx")
    stored_version(tmp_path, ddp(enrolment=14), name="2.xlsx")
    text = page(submit(as_persona("clerk_a"), old))
    old.refresh_from_db()
    assert old.status == "draft" and "has been replaced by version" in text


def test_another_hei_cannot_submit(as_persona, clerk_world, tmp_path):
    draft = stored_version(tmp_path, ddp())
    assert as_persona("clerk_b").post(reverse("web:clerk-submit", kwargs={"pk": draft.pk})).status_code == 404
    assert Submission.objects.get(pk=draft.pk).status == "draft"
