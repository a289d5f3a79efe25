"""Each year's kept figures answer to that year's counted stamp only (analytics/stamp.py `year_stamps`,
web/dashboards/shared_store.py): a change of 2024 computes 2024 again and keeps 2023, and no page shows
a stale figure or another persona's unapproved data.

HEI A (p1's world) has approved 2023 and 2024 versions with one double-degree programme each, and a
submitted 2024 version with two (the `pending` fixture of test_page_cache.py).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from intlmon.analytics import stamp
from intlmon.collection.store import store_version
from intlmon.collection.workflow import transition
from tests.web import clerk_helpers
from tests.web.clerk_helpers import CLERK_A, ddp, stored_version
from tests.web.test_page_cache import (
    ANALYST,
    DDP,
    fresh_cache,
    get,
    hei_programmes,
    overview_programmes,
    pending,
)

clerk_world = clerk_helpers.clerk_world
__all__ = ["fresh_cache", "pending"]  # fixtures used by name below


def api_programmes(client, year: int) -> int:
    response = client.get(reverse("api:statistic", kwargs={"stat_id": DDP}), {"year": year})
    assert response.status_code == 200
    return response.json()["figures"][0]["value"]


def committed() -> None:
    """Run the generation bumps the test's transaction holds back (what its commit would run), once."""
    for entry in list(connection.run_on_commit):
        if isinstance(entry[1], stamp._Bump):
            entry[1]()
            connection.run_on_commit.remove(entry)


class Years:
    """The counted stamps of 2023 and 2024 before and after each change."""

    def __init__(self):
        committed()
        self.last = stamp.year_stamps()

    def changed(self) -> set[int]:
        committed()
        now = stamp.year_stamps()
        moved = {y for y in now if now[y] != self.last.get(y)}
        self.last = now
        return moved


def test_each_change_moves_the_stamp_of_exactly_the_years_it_touches(pending, tmp_path):
    from datetime import date

    from intlmon.quality.explanations import withdraw
    from intlmon.quality.models import Explanation
    from intlmon.records.models import PublishedFigure, ReportingPeriod
    from intlmon.registry.models import Institution

    years = Years()
    assert {2023, 2024} <= set(years.last) and years.changed() == set()  # nothing changed: the same stamps

    transition(pending, "approve", ANALYST)
    assert years.changed() == {2024}
    whole = stamp.data_stamp()
    transition(pending, "lock", ANALYST)  # a lock or a reopening changes no counted figure …
    assert years.changed() == set()
    transition(pending, "reopen", ANALYST)
    assert years.changed() == set() and stamp.data_stamp() != whole  # … but the Centre's pages see it
    transition(pending, "return", ANALYST, comment="Check the second programme's code.")
    assert years.changed() == {2024}

    store_version(institution_id="hei-b", year=2023, origin="import", status="approved",
                  records={"DoubleDegreeProgramme": [{"level": "master", "enrolment": 3}]})
    assert years.changed() == {2023}  # an import of 2023
    draft = stored_version(tmp_path, ddp(enrolment=4), name="v9.xlsx")
    transition(draft, "submit", CLERK_A)
    assert years.changed() == set()  # an upload and a submission count nowhere yet

    figure = PublishedFigure.objects.create(period=ReportingPeriod.objects.get(year=2023), statistic=DDP, value=3,
                                            source="report 2023")
    assert years.changed() == {2023}
    figure.source = "report 2023, table 4"  # same count, id and value: the period's generation tells
    figure.save()
    assert years.changed() == {2023}

    later = Explanation.objects.create(check_id="yoy_jump", statistic=DDP, year_from=2024, author="analyst",
                                       text="Two programmes opened with Lorraine in 2024.")
    assert years.changed() == {2024}  # an explanation from 2024 on: not 2023
    earlier = Explanation.objects.create(check_id="yoy_jump", statistic=DDP, year_from=2023, author="analyst",
                                         text="A programme closed.")
    assert years.changed() == {2023, 2024}  # from 2023 on: both
    withdraw(later.pk, by="analyst")
    assert years.changed() == {2024}
    earlier.text = "A programme closed in 2023."  # an edit in the admin: same counts and times
    earlier.save()
    assert years.changed() == {2023, 2024}
    before_all = Explanation.objects.create(check_id="yoy_jump", statistic=DDP, year_from=2001, author="analyst",
                                            text="Counted differently since 2001.")  # before the first period
    assert years.changed() >= {2023, 2024}
    before_all.text = "Counted differently since 2001 (decree 12)."
    before_all.save()
    assert years.changed() >= {2023, 2024}

    period = ReportingPeriod.objects.get(year=2024)
    period.deadline = date(2025, 3, 1)
    period.save()
    assert years.changed() >= {2023, 2024}  # the periods are every year's
    Institution.objects.filter(pk="hei-b").update(name_en="Beta State University")  # a registry reload
    assert years.changed() >= {2023, 2024}
    hei = Institution.objects.get(pk="hei-b")
    hei.name_en = "Beta State Universitz"  # same length: the global generation
    hei.save()
    assert years.changed() >= {2023, 2024}


@pytest.fixture
def computed_years(monkeypatch):
    """The years whose statistics the read service computes (not found in a kept store)."""
    from intlmon.analytics import registry

    committed()  # what the fixtures saved: their bumps run now, before the first page is kept
    seen: list[int] = []
    real = registry.compute
    monkeypatch.setattr(registry, "compute", lambda stat_id, year, *a, **kw: seen.append(year) or real(stat_id, year,
                                                                                                        *a, **kw))
    return seen


def test_an_approval_computes_its_year_again_and_keeps_the_others(as_persona, pending, computed_years):
    client = as_persona("anonymous")
    assert overview_programmes(client) == 1 and hei_programmes(client) == 1 and api_programmes(client, 2023) == 1
    assert {2023, 2024} <= set(computed_years)
    computed_years.clear()

    transition(pending, "approve", ANALYST)
    committed()
    assert overview_programmes(client) == 2 and hei_programmes(client) == 2  # never the kept 1
    assert api_programmes(client, 2024) == 2 and api_programmes(client, 2023) == 1
    assert set(computed_years) == {2024}  # 2023 (the overview's trend and card "before") came from its kept store
    computed_years.clear()
    assert overview_programmes(client) == 2 and computed_years == []  # kept again

    transition(pending, "return", ANALYST, comment="Check the second programme's code.")
    committed()
    assert overview_programmes(client) == 1 and hei_programmes(client) == 1
    assert set(computed_years) <= {2024}  # 2024's counted versions are those before the approval again: so is its stamp


def test_an_explanation_from_a_year_computes_that_year_and_the_later_ones(as_persona, pending, computed_years):
    from intlmon.quality.models import Explanation

    client = as_persona("anonymous")
    overview_programmes(client)
    computed_years.clear()
    Explanation.objects.create(check_id="yoy_jump", statistic=DDP, year_from=2024, author="analyst",
                               text="Two programmes opened with Lorraine in 2024.")
    committed()
    shown = get(client, reverse("web:dashboard-figure"), statistic=DDP, year="2024")
    assert "Two programmes opened with Lorraine in 2024." in shown
    assert overview_programmes(client) == 1 and 2023 not in computed_years


def test_a_clerks_unapproved_version_is_not_on_any_public_page_whoever_asks_first(as_persona, pending,
                                                                                  computed_years):
    clerk_a = as_persona("clerk_a")  # the clerk whose submitted version holds two programmes
    assert overview_programmes(clerk_a) == 1 and hei_programmes(clerk_a) == 1
    for persona in ("anonymous", "clerk_b", "viewer", "analyst"):
        client = as_persona(persona)
        assert (overview_programmes(client), hei_programmes(client)) == (1, 1), persona
    response = as_persona("clerk_b").get(reverse("api:statistic", kwargs={"stat_id": DDP}),
                                         {"year": 2024, "institution": "hei-a"})
    assert response.status_code == 200 and response.json()["figures"][0]["value"] == 1


def test_the_warming_after_an_approval_leaves_nothing_for_the_next_visitor(as_persona, pending, computed_years):
    from intlmon.web.dashboards.warm import warm

    client = as_persona("anonymous")
    assert overview_programmes(client) == 1
    transition(pending, "approve", ANALYST)
    committed()
    assert warm(languages=["en"]) == [("en", 2024)]  # the latest year, as /dashboards/ and ?year=2024 ask
    assert set(computed_years) >= {2024}
    computed_years.clear()
    assert overview_programmes(client) == 2 and computed_years == []  # the visitor finds it kept


def test_an_approval_or_a_return_starts_the_warming_after_its_commit_and_a_submission_does_not(
        pending, tmp_path, monkeypatch, django_capture_on_commit_callbacks):
    from intlmon.web.dashboards import views, warm  # the views connect the warming (as the URLs load them)

    assert views.warm is warm and stamp.year_stamps()
    monkeypatch.setattr(warm, "enabled", lambda: True)  # off under the test environment by default
    with django_capture_on_commit_callbacks() as callbacks:
        transition(pending, "approve", ANALYST)
    assert warm.start in callbacks
    with django_capture_on_commit_callbacks() as callbacks:
        transition(pending, "return", ANALYST, comment="Check the second programme's code.")
    assert warm.start in callbacks
    with django_capture_on_commit_callbacks() as callbacks:
        transition(stored_version(tmp_path, ddp(enrolment=4), name="v9.xlsx"), "submit", CLERK_A)
    assert warm.start not in callbacks


def test_intlmon_warm_keeps_the_overview_for_its_first_visitor(as_persona, pending, computed_years):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("warm", lang="en", stdout=out)
    assert "warm: 1 overview page(s) kept" in out.getvalue() and 2024 in computed_years
    computed_years.clear()
    assert overview_programmes(as_persona("anonymous")) == 1 and computed_years == []
