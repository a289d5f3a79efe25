"""The review page and the clerk's version difference are kept under the counted stamp and what the HEI's own
versions are (web/analyst_review.py `hei_versions`, web/clerk_pages.py): never stale, never leaked.

HEI A (p1's world): an approved 2023 version, and a 2024 version with two programmes that its clerk
submits. While HEIs report, uploads of other HEIs arrive every few seconds; they must not make the review
compute again, but every change of HEI A's own versions (a new version, a decision) must show at once, and
a page kept for one persona is still 404 for the clerk of HEI B.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from intlmon.collection.models import AuditEntry, Submission
from intlmon.collection.store import store_version
from intlmon.collection.workflow import transition
from tests.web import clerk_helpers
from tests.web.clerk_helpers import CLERK_A, ddp, page, stored_version
from tests.web.kept_cache import own_cache  # noqa: F401  (this test's own cache folder)

clerk_world = clerk_helpers.clerk_world


@pytest.fixture
def submitted(clerk_world, reg, tmp_path, own_cache):  # noqa: F811
    store_version(institution_id="hei-a", year=2023, status="approved",
                  records={"DoubleDegreeProgramme": [{"level": "master", "enrolment": 9}]})
    v2 = stored_version(tmp_path, ddp(enrolment=12), ddp(programme="7M01705 Иностранный язык", enrolment=5))
    return transition(v2, "submit", CLERK_A)


def get(client, url, lang="en", **params):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client.get(url, params)


@pytest.fixture
def computed(monkeypatch):
    """How often the review page's data was computed (not taken from the cache)."""
    from intlmon.web import analyst_review

    calls = []
    real = analyst_review.review_data

    def counting(*args, **kwargs):
        calls.append(args[0].pk)
        return real(*args, **kwargs)

    monkeypatch.setattr(analyst_review, "review_data", counting)
    return calls


def test_another_heis_upload_leaves_the_review_kept(as_persona, submitted, world, computed):
    analyst = as_persona("analyst")
    url = reverse("web:analyst-review", kwargs={"pk": submitted.pk})
    first = page(get(analyst, url))
    Submission.objects.create(institution=world.hei_b, period=world.period, version=7, status="draft")
    AuditEntry.objects.create(actor="clerk_b", action="upload", detail={})
    again = page(get(analyst, url))
    assert computed == [submitted.pk]  # computed once, kept across HEI B's new version
    assert 'value="approve"' in first and 'value="approve"' in again


def test_a_new_version_of_the_hei_shows_at_once_on_the_kept_review(as_persona, submitted, tmp_path, computed):
    analyst = as_persona("analyst")
    url = reverse("web:analyst-review", kwargs={"pk": submitted.pk})
    assert 'value="approve"' in page(get(analyst, url))
    stored_version(tmp_path, ddp(enrolment=13), name="v3.xlsx")  # HEI A's clerk uploads again: v2 is no longer current
    text = page(get(analyst, url))
    assert 'value="approve"' not in text and 'value="return"' not in text  # nothing to decide on a superseded version
    assert len(computed) == 2


def test_a_decision_shows_on_the_next_request_of_the_kept_review(as_persona, submitted):
    analyst = as_persona("analyst")
    url = reverse("web:analyst-review", kwargs={"pk": submitted.pk})
    assert 'value="approve"' in page(get(analyst, url))
    analyst.post(reverse("web:analyst-decide", kwargs={"pk": submitted.pk}), {"action": "approve"})
    text = page(get(analyst, url))
    assert 'value="approve"' not in text and 'value="return"' in text  # approved: it may be returned, not approved


def test_the_kept_review_and_difference_are_not_found_for_the_clerk_of_hei_b(as_persona, submitted):
    review = reverse("web:analyst-review", kwargs={"pk": submitted.pk})
    assert get(as_persona("analyst"), review).status_code == 200
    v1 = Submission.objects.get(institution_id="hei-a", period=submitted.period, version=1)
    diff = {"old": v1.pk, "new": submitted.pk}
    shown = get(as_persona("clerk_a"), reverse("web:clerk-diff"), **diff)
    assert shown.status_code == 200 and "2 rows added" in page(shown)
    clerk_b = as_persona("clerk_b")
    assert get(clerk_b, review).status_code == 403  # the Centre's page: no clerk reads it
    assert get(clerk_b, reverse("web:clerk-diff"), **diff).status_code == 404
    assert "2 rows added" not in page(get(clerk_b, reverse("web:clerk-diff")))


def test_the_kept_difference_follows_the_language(as_persona, submitted):
    clerk_a = as_persona("clerk_a")
    assert "2 rows added" in page(get(clerk_a, reverse("web:clerk-diff")))
    assert "2 rows added" not in page(get(clerk_a, reverse("web:clerk-diff"), lang="ru"))


def test_the_home_pages_row_counts_follow_the_current_version(as_persona, submitted, tmp_path, world):
    from intlmon.collection.sections import section

    title = section("double_degree_programmes").titles["en"]
    assert f"<td>{title}</td><td>2</td>" in page(get(as_persona("clerk_a"), reverse("web:clerk-home")))
    stored_version(tmp_path, ddp(enrolment=13), name="v3.xlsx")  # one programme now
    assert f"<td>{title}</td><td>1</td>" in page(get(as_persona("clerk_a"), reverse("web:clerk-home")))
    other = page(get(as_persona("clerk_b"), reverse("web:clerk-home")))  # HEI B's draft has no rows
    assert f"<td>{title}</td><td>1</td>" not in other and f"<td>{title}</td><td>0</td>" in other
