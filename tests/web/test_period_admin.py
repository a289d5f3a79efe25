"""The administrator sets a period's deadline in the admin pages, and the workflow's deadline follows it."""

from __future__ import annotations

import datetime

import pytest

from intlmon.records.models import ReportingPeriod


@pytest.mark.django_db
def test_the_admin_opens_a_period_and_sets_its_deadline(admin_client):
    assert admin_client.get("/admin/records/reportingperiod/").status_code == 200
    response = admin_client.post("/admin/records/reportingperiod/add/",
                                 {"year": 2025, "status": "open", "deadline": "2026-03-01"})
    assert response.status_code == 302, response.content.decode()[:500]
    period = ReportingPeriod.objects.get(year=2025)
    assert (period.status, period.deadline) == ("open", datetime.date(2026, 3, 1))


@pytest.mark.django_db
def test_a_clerk_does_not_reach_the_period_admin(client, django_user_model):
    clerk = django_user_model.objects.create_user("clerk-x", password="x")
    client.force_login(clerk)
    assert client.get("/admin/records/reportingperiod/").status_code == 302  # to the admin login
