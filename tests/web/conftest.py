"""The portal's fixed personas and the small world they act in (created once per module, rolled back).

    anonymous · clerk_a (clerk of HEI A) · clerk_b (clerk of HEI B) · analyst · viewer · admin

HEI A has a *submitted* version (the Centre sees it, the viewer does not: only approved data is public
to a viewer) and HEI B a *draft* (seen by its clerk and the admin only). Pages added later read their
object ids from `world` (e.g. `world.submission_a.pk`) in the matrix table of test_matrix.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.db import transaction

PERSONAS = ("anonymous", "clerk_a", "clerk_b", "analyst", "viewer", "admin")
PASSWORD = "correct-horse-battery-9"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass
class World:
    hei_a: object
    hei_b: object
    period: object
    submission_a: object
    submission_b: object
    users: dict


def make_user(username: str, role: str, institution=None, language: str = ""):
    from django.contrib.auth import get_user_model

    from intlmon.web.models import Profile

    user = get_user_model().objects.create_user(username, password=PASSWORD)
    Profile.objects.create(user=user, role=role, institution=institution, language=language)
    return user


def build_world() -> World:
    from intlmon.collection.models import AuditEntry, Submission
    from intlmon.records.models import ReportingPeriod
    from intlmon.registry.models import Institution

    hei_a = Institution.objects.create(id="hei-a", name_en="Alpha University", name_ru="Университет Альфа",
                                       name_kk="Альфа университеті")
    hei_b = Institution.objects.create(id="hei-b", name_en="Beta University", name_ru="Университет Бета",
                                       name_kk="Бета университеті")
    period = ReportingPeriod.objects.create(year=2024, deadline=date(2025, 2, 15))
    submission_a = Submission.objects.create(institution=hei_a, period=period, version=1, is_current=True,
                                             status=Submission.Status.SUBMITTED, file_name="alpha-2024.xlsx")
    AuditEntry.objects.create(actor="clerk_a", action="submit", submission=submission_a,
                              detail={"comment": "Alpha's own remark"})
    submission_b = Submission.objects.create(institution=hei_b, period=period, version=1, is_current=True,
                                             status=Submission.Status.DRAFT, file_name="beta-2024.xlsx")
    users = {
        "clerk_a": make_user("clerk_a", "clerk", hei_a),
        "clerk_b": make_user("clerk_b", "clerk", hei_b),
        "analyst": make_user("analyst", "analyst"),
        "viewer": make_user("viewer", "viewer"),
        "admin": make_user("admin", "admin"),
    }
    return World(hei_a, hei_b, period, submission_a, submission_b, users)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def as_persona(world, db, client):
    """`as_persona("clerk_b")` → the test client logged in as that persona (anonymous: not logged in)."""

    def login(persona: str):
        client.logout()
        if persona != "anonymous":
            client.force_login(world.users[persona], backend=MODEL_BACKEND)
        return client

    return login
