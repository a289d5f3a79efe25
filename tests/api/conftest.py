"""The API's personas are the portal's (`tests/web/conftest.py`): anonymous, clerk_a (HEI A), clerk_b (HEI B),
analyst, viewer, admin. On top of that world (HEI A: a submitted 2024 version; HEI B: a 2024 draft) this adds
records: HEI A's *approved* 2023 version with two double-degree programmes (counted, public), one row in HEI
A's submitted 2024 version and one in HEI B's 2024 draft (neither counted).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import transaction

from tests.web.conftest import MODEL_BACKEND, world  # noqa: F401  (the personas' world, module-scoped)


@pytest.fixture(scope="module")
def api_world(django_db_setup, django_db_blocker, world):  # noqa: F811
    from intlmon.collection.models import Submission
    from intlmon.records.models import DoubleDegreeProgramme, ReportingPeriod
    from intlmon.registry.models import Country, InstitutionCategory

    with django_db_blocker.unblock(), transaction.atomic():
        fr, _ = Country.objects.get_or_create(code="FR", defaults={"alpha3": "FRA", "name_en": "France"})
        ru, _ = Country.objects.get_or_create(code="RU", defaults={"alpha3": "RUS", "name_en": "Russia"})
        InstitutionCategory.objects.create(institution=world.hei_a, year=2023, category="national")
        p2023 = ReportingPeriod.objects.create(year=2023)
        approved_a = Submission.objects.create(institution=world.hei_a, period=p2023, version=1, is_current=True,
                                               status=Submission.Status.APPROVED, file_name="alpha-2023.xlsx")

        def ddp(sub, country, enrolment):
            return DoubleDegreeProgramme.objects.create(period=sub.period, submission=sub, institution=sub.institution,
                                                        level="master", country=country, enrolment=enrolment)

        counted = [ddp(approved_a, fr, 10), ddp(approved_a, ru, 7)]
        submitted_row = ddp(world.submission_a, fr, 3)
        draft_row = ddp(world.submission_b, ru, 99)
        yield SimpleNamespace(world=world, approved_a=approved_a, counted=counted, submitted_row=submitted_row,
                              draft_row=draft_row, **vars(world))
        transaction.set_rollback(True)


@pytest.fixture
def api(api_world, db):
    """`api("clerk_b")` → a DRF test client logged in as that persona (session; anonymous: not logged in)."""
    from rest_framework.test import APIClient

    def client(persona: str, **kwargs):
        c = APIClient(**kwargs)
        if persona != "anonymous":
            c.force_login(api_world.users[persona], backend=MODEL_BACKEND)
        return c

    return client


@pytest.fixture(autouse=True)
def no_throttle(monkeypatch):
    """Rates high enough for a test run; test_auth sets its own to see a 429."""
    from django.core.cache import cache
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute", "user": "100000/minute"})
    cache.clear()
