"""Pages kept between requests (analytics/stamp.py, web/page_cache.py) are never stale and never leak.

HEI A (p1's world) has an approved 2024 version with one double-degree programme; its clerk uploads a
version with two and submits it. A page read before a decision is kept; after the decision (approve,
return, lock, reopen, an explanation added or withdrawn) the next request shows the new state. A page
kept for one persona is drawn for another with that persona's own menu, name and CSRF token, and the
review page kept for the analyst is still 404 to the clerk of HEI B.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from intlmon.analytics import stamp
from intlmon.collection.store import store_version
from intlmon.collection.workflow import Actor, Role, transition
from tests.web import clerk_helpers
from tests.web.clerk_helpers import CLERK_A, ddp, page, stored_version
from tests.web.dashboard_helpers import number

clerk_world = clerk_helpers.clerk_world
ANALYST = Actor("analyst", Role.ANALYST)
DDP = "double_degree_programmes"


@pytest.fixture
def fresh_cache(settings, tmp_path):
    """This test's own cache folder (so nothing kept by another test or run can answer)."""
    from django.core.cache import caches

    settings.CACHES = {**settings.CACHES, stamp.CACHE_ALIAS: {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path / "cache")}}
    caches[stamp.CACHE_ALIAS].close()
    del caches[stamp.CACHE_ALIAS]  # re-created from the settings above on next use
    settings.VAR_DIR = tmp_path / "var"
    yield tmp_path / "cache"
    del caches[stamp.CACHE_ALIAS]


@pytest.fixture
def pending(clerk_world, reg, tmp_path, fresh_cache):
    """HEI A: 2023 and 2024 approved with one programme each (counted), and a submitted 2024 version with two."""
    store_version(institution_id="hei-a", year=2023, status="approved",
                  records={"DoubleDegreeProgramme": [{"level": "master", "enrolment": 7}]})
    store_version(institution_id="hei-a", year=2024, status="approved",
                  records={"DoubleDegreeProgramme": [{"level": "master", "enrolment": 9}]})
    v = stored_version(tmp_path, ddp(enrolment=12), ddp(programme="7M01705 Иностранный язык", enrolment=5))
    return transition(v, "submit", CLERK_A)


def get(client, url, lang="en", **params):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(url, params)
    assert response.status_code == 200, url
    return page(response)


def card_value(html: str, statistic: str) -> int:
    """The number on the page's card whose drill-down link names `statistic`."""
    for href in re.findall(r'<a class="value figure-link" href="([^"]+)">([^<]+)</a>', html):
        if f"statistic={statistic}&" in href[0].replace("&amp;", "&"):
            return number(href[1])
    raise AssertionError(f"no card of {statistic}")


def overview_programmes(client) -> int:
    return card_value(get(client, reverse("web:dashboard"), year="2024"), DDP)


def hei_programmes(client) -> int:
    return card_value(get(client, reverse("web:dashboard-hei", kwargs={"pk": "hei-a"}), year="2024"), DDP)


def api_programmes(client) -> int:
    response = client.get(reverse("api:statistic", kwargs={"stat_id": DDP}), {"year": 2024})
    assert response.status_code == 200
    return response.json()["figures"][0]["value"]


def test_approving_and_returning_show_on_the_next_request_of_every_kept_page(as_persona, pending):
    client = as_persona("anonymous")
    before = (overview_programmes(client), hei_programmes(client), api_programmes(client))
    assert before == (1, 1, 1)
    assert _files()  # the pages were kept
    assert (overview_programmes(client), hei_programmes(client), api_programmes(client)) == before  # kept copies

    transition(pending, "approve", ANALYST)
    assert (overview_programmes(client), hei_programmes(client), api_programmes(client)) == (2, 2, 2)

    transition(pending, "return", ANALYST, comment="Check the second programme's code.")
    assert (overview_programmes(client), hei_programmes(client), api_programmes(client)) == (1, 1, 1)


def _files():
    from django.core.cache import caches

    return caches[stamp.CACHE_ALIAS]._list_cache_files()


def test_locking_and_reopening_show_on_the_kept_review_page(as_persona, pending):
    client = as_persona("analyst")
    url = reverse("web:analyst-review", kwargs={"pk": pending.pk})
    first = get(client, url)
    assert 'value="lock"' in first and 'value="reopen"' not in first
    kept = len(_files())
    assert kept and 'value="lock"' in get(client, url) and len(_files()) == kept  # read from the kept copy

    client.post(reverse("web:analyst-decide", kwargs={"pk": pending.pk}), {"action": "lock"})
    locked = get(client, url)
    assert 'value="reopen"' in locked and 'value="lock"' not in locked

    client.post(reverse("web:analyst-decide", kwargs={"pk": pending.pk}), {"action": "reopen"})
    reopened = get(client, url)
    assert 'value="lock"' in reopened and 'value="reopen"' not in reopened


def test_an_explanation_added_or_withdrawn_shows_on_the_kept_figure_page(as_persona, pending):
    from intlmon.quality.models import Explanation

    client = as_persona("anonymous")
    url = reverse("web:dashboard-figure")
    assert "Explained anomaly" not in get(client, url, statistic=DDP, year="2024")
    explanation = Explanation.objects.create(check_id="yoy_jump", statistic=DDP, year_from=2024, author="analyst",
                                             text="Two programmes opened with Lorraine in 2024.")
    shown = get(client, url, statistic=DDP, year="2024")
    assert "Explained anomaly" in shown and "Two programmes opened with Lorraine in 2024." in shown

    from intlmon.quality.explanations import withdraw

    withdraw(explanation.pk, by="analyst")
    assert "Two programmes opened" not in get(client, url, statistic=DDP, year="2024")


def test_a_page_kept_for_the_analyst_is_drawn_for_each_persona_with_their_own_menu(as_persona, pending, world):
    analyst = as_persona("analyst")
    mine = get(analyst, reverse("web:dashboard"), year="2024")
    assert "analyst" in mine and 'action="/logout/"' in mine.replace(reverse("web:logout"), "/logout/")
    anonymous = as_persona("anonymous")
    theirs = get(anonymous, reverse("web:dashboard"), year="2024")
    assert reverse("web:logout") not in theirs and reverse("web:analyst-board") not in theirs
    assert overview_programmes(anonymous) == 1
    clerk_b = as_persona("clerk_b")
    assert "clerk_b" in get(clerk_b, reverse("web:dashboard"), year="2024")


def test_a_review_kept_for_the_analyst_is_still_not_found_for_another_hei_or_the_viewer(as_persona, pending):
    url = reverse("web:analyst-review", kwargs={"pk": pending.pk})
    get(as_persona("analyst"), url, findings="1")
    get(as_persona("analyst"), url)
    for persona in ("clerk_b", "clerk_a", "viewer"):  # the viewer reads approved versions only
        assert as_persona(persona).get(url).status_code in (403, 404), persona
    assert as_persona("anonymous").get(url).status_code == 302


def test_the_stamp_changes_with_every_kind_of_change(pending):
    from datetime import date

    from django.db import connection

    from intlmon.records.models import PublishedFigure, ReportingPeriod
    from intlmon.registry.models import Institution

    seen = [stamp.data_stamp()]

    def changed():
        now = stamp.data_stamp()
        assert now not in seen
        seen.append(now)

    assert stamp.data_stamp() == seen[0]  # nothing changed: the same stamp
    transition(pending, "approve", ANALYST)
    changed()
    transition(pending, "lock", ANALYST)
    changed()
    transition(pending, "reopen", ANALYST)
    changed()
    period = ReportingPeriod.objects.get(year=2024)
    period.deadline = date(2025, 3, 1)
    period.save()
    changed()
    PublishedFigure.objects.create(period=period, statistic=DDP, value=3, source="report 2024")
    changed()
    Institution.objects.filter(pk="hei-b").update(name_en="Beta State University")  # a registry reload
    changed()
    hei = Institution.objects.get(pk="hei-b")  # same length: seen by the generation the ORM's save bumps
    hei.name_en = "Beta State Universitz"
    hei.save()
    assert stamp.data_stamp() == seen[-1]  # not committed yet (a test's transaction never is) …
    waiting = {entry[1].scope: entry[1] for entry in connection.run_on_commit if isinstance(entry[1], stamp._Bump)}
    assert "global" in waiting  # … the bump waits for the commit (a registry row's: every year's)
    waiting["global"]()  # what the commit runs
    changed()


def test_a_superseded_download_is_deleted_when_the_new_one_is_built(as_persona, pending, fresh_cache):
    from intlmon.web import generated_files

    calls = []

    def build(folder):
        calls.append(folder)
        (folder / "x.txt").write_text(str(len(calls)))
        return folder / "x.txt"

    first = generated_files.stored("test", "x.txt", build)
    assert generated_files.stored("test", "x.txt", build) == first and len(calls) == 1
    transition(pending, "approve", ANALYST)
    second = generated_files.stored("test", "x.txt", build)
    assert second != first and second.read_text() == "2"
    assert not first.exists() and [p.name for p in (generated_files.root() / "test").iterdir()] == [second.parent.name]


def test_an_upload_or_a_submission_leaves_the_public_pages_kept_an_approval_does_not(as_persona, pending, tmp_path):
    client = as_persona("anonymous")
    assert overview_programmes(client) == 1
    counted, whole = stamp.data_stamp(counted=True), stamp.data_stamp()
    transition(pending, "return", ANALYST, comment="Please check the codes.")  # returning an unapproved version
    again = stored_version(tmp_path, ddp(enrolment=12), ddp(programme="7M01705 Иностранный язык", enrolment=6),
                           name="v4.xlsx")
    transition(again, "submit", CLERK_A)
    assert stamp.data_stamp() != whole  # the Centre's and clerk's pages compute again …
    assert stamp.data_stamp(counted=True) == counted  # … the public ones are still the kept copies
    assert overview_programmes(client) == 1
    transition(again, "approve", ANALYST)
    assert stamp.data_stamp(counted=True) != counted and overview_programmes(client) == 2


def test_a_second_hei_page_slices_the_statistics_the_first_one_computed(as_persona, pending, monkeypatch):
    from intlmon.analytics import registry

    computed = []
    real = registry.compute
    monkeypatch.setattr(registry, "compute", lambda *args, **kw: computed.append(args) or real(*args, **kw))
    client = as_persona("anonymous")
    assert hei_programmes(client) == 1
    first = len(computed)
    get(client, reverse("web:dashboard-hei", kwargs={"pk": "hei-b"}), year="2024")  # another HEI, not kept yet
    assert first and len(computed) == first  # every statistic it reads came from the shared store
